//! The calendar files shipped with the crate, built once per process.
//!
//! `build.rs` compiles every `rules/calendars/<year>.toml` into `calendars.json` (an array of
//! `[file name, file]` pairs), so the embedded calendar needs no TOML parser. Add the next
//! year's file to `rules/calendars/` when its notice is out (see `rules/calendars/README.md`).

use super::error::data;
use super::source::YearFile;
use super::{Calendar, CalendarError};
use serde_json::Value;
use std::sync::OnceLock;

const FILES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/calendars.json"));

static EMBEDDED: OnceLock<Result<Calendar, CalendarError>> = OnceLock::new();

pub(super) fn calendar() -> Result<Calendar, CalendarError> {
    EMBEDDED.get_or_init(build).clone()
}

fn build() -> Result<Calendar, CalendarError> {
    Calendar::from_json_pairs(&pairs()?)
}

/// The embedded calendar files as `[[file name, file], …]`, the form a pack bundle carries.
pub(super) fn pairs() -> Result<Value, CalendarError> {
    serde_json::from_str(FILES_JSON).map_err(|e| data("calendars.json", e.to_string()))
}

/// A calendar from `[[file name, file], …]` (the embedded files, a pack bundle's calendars).
pub(super) fn from_pairs(tree: &Value) -> Result<Calendar, CalendarError> {
    let mut years = Vec::new();
    for pair in tree.as_array().into_iter().flatten() {
        match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(name), file]) => years.push(YearFile::from_json(name, file.clone())?),
            _ => return Err(data("calendars", "expected [file name, file] pairs")),
        }
    }
    Calendar::from_files(years)
}
