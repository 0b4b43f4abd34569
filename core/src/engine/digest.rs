//! The pack's stamp: SHA-256 of the parsed pack as canonical JSON and of the calendar it uses,
//! so a report names exactly the policy it was checked against and formatting does not matter.

use sha2::{Digest, Sha256};

use crate::calendar::Calendar;
use crate::pack::PackFile;

/// SHA-256 of the parsed pack as canonical JSON (and of the calendar it uses).
pub(crate) fn digest(file: &PackFile, calendar: Option<&Calendar>) -> String {
    let mut hasher = Sha256::new();
    let tree = serde_json::to_value(file).unwrap_or_default();
    let mut text = String::new();
    canonical_json(&tree, &mut text);
    hasher.update(text.as_bytes());
    if let Some(calendar) = calendar {
        hasher.update(calendar_fingerprint(calendar).as_bytes());
    }
    let bytes = hasher.finalize();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Compact JSON with every object's keys sorted, so the digest does not depend on how the
/// pack was written or on serde_json's map order.
fn canonical_json(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::report::write_json_string(out, key);
                out.push(':');
                if let Some(v) = map.get(key) {
                    canonical_json(v, out);
                }
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The calendar's days off and adjusted working days, with the notices that decide them.
fn calendar_fingerprint(calendar: &Calendar) -> String {
    let mut text = format!("{}..{}", calendar.first(), calendar.last());
    let mut day = calendar.first();
    while day <= calendar.last() {
        if let Ok(info) = calendar.day(day) {
            if let Some(notice) = &info.notice {
                text.push_str(&format!(";{day}={}@{notice}", info.kind.as_str()));
            }
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    text
}
