//! The calendar files shipped with the crate, built once per process.
//!
//! `build.rs` compiles every `rules/calendars/<year>.toml` into `calendars.json` (an array of
//! `[file name, file]` pairs), so the embedded calendar needs no TOML parser. Add the next
//! year's file to `rules/calendars/` when its notice is out (see `rules/calendars/README.md`).

use super::source::YearFile;
use super::{Calendar, CalendarError};
use std::sync::OnceLock;

const FILES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/calendars.json"));

static EMBEDDED: OnceLock<Result<Calendar, CalendarError>> = OnceLock::new();

pub(super) fn calendar() -> Result<Calendar, CalendarError> {
    EMBEDDED.get_or_init(build).clone()
}

fn build() -> Result<Calendar, CalendarError> {
    let files: Vec<(String, serde_json::Value)> =
        serde_json::from_str(FILES_JSON).map_err(|e| super::error::data("calendars.json", e.to_string()))?;
    let years = files
        .into_iter()
        .map(|(name, tree)| YearFile::from_json(&name, tree))
        .collect::<Result<Vec<_>, _>>()?;
    Calendar::from_files(years)
}
