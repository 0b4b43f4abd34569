//! The pack's stamp: SHA-256 of the parsed pack as canonical JSON and of the calendar it uses,
//! so a report names exactly the policy it was checked against and formatting does not matter.

use sha2::{Digest, Sha256};

use crate::calendar::Calendar;
use crate::pack::PackFile;

/// SHA-256 of the parsed pack as canonical JSON (and of the calendar it uses).
pub(crate) fn digest(file: &PackFile, calendar: Option<&Calendar>) -> String {
    let mut hasher = Sha256::new();
    let tree = crate::tree::Write::write(file);
    let mut text = String::new();
    crate::report::canonical_json(&tree, &mut text);
    hasher.update(text.as_bytes());
    if let Some(calendar) = calendar {
        hasher.update(calendar_fingerprint(calendar).as_bytes());
    }
    let bytes = hasher.finalize();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
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
