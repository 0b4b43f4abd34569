//! The decision log (`--decision-log FILE`): one JSON line per check — the time, the pack's
//! digest, the SHA-256 of the document, its kind, `ok`, `applicant_ok` and the counts, or the
//! number of input errors. Never the document's content (its digest still identifies it to
//! whoever holds the document).

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

pub(crate) struct DecisionLog {
    file: Mutex<std::fs::File>,
}

impl DecisionLog {
    pub fn open(path: &Path) -> std::io::Result<DecisionLog> {
        let file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        Ok(DecisionLog { file: Mutex::new(file) })
    }

    /// Appends one line; a write that fails is dropped (the answer has been given).
    pub fn record(&self, document: &[u8], digest: &str, outcome: &Outcome<'_>) {
        let sha: String = Sha256::digest(document).iter().map(|b| format!("{b:02x}")).collect();
        let mut line = serde_json::json!({
            "time": now_rfc3339(),
            "pack": digest,
            "document_sha256": format!("sha256:{sha}"),
        });
        if let Some(map) = line.as_object_mut() {
            match outcome {
                Outcome::Report(report) => {
                    for key in ["kind", "ok", "applicant_ok", "counts"] {
                        map.insert(key.into(), report.get(key).cloned().unwrap_or_default());
                    }
                }
                Outcome::InputErrors(count) => {
                    map.insert("kind".into(), serde_json::Value::Null);
                    map.insert("input_errors".into(), serde_json::Value::from(*count));
                }
            }
        }
        if let Ok(mut file) = self.file.lock() {
            let _ = writeln!(file, "{line}");
        }
    }
}

/// What a check gave, for the log.
pub(crate) enum Outcome<'a> {
    /// The report, as its canonical JSON tree.
    Report(&'a serde_json::Value),
    InputErrors(usize),
}

/// The current time in UTC, `2026-12-01T14:27:05Z`.
fn now_rfc3339() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Days since 1970-01-01 as a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
fn civil(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_since_the_epoch_are_dates() {
        assert_eq!(super::civil(0), (1970, 1, 1));
        assert_eq!(super::civil(11_016), (2000, 2, 29));
        assert_eq!(super::civil(20_788), (2026, 12, 1));
    }
}
