//! The calendar files shipped with the crate, built once per process.

use super::{Calendar, CalendarError};
use std::sync::OnceLock;

/// `rules/calendars/<year>.toml`, one pair a year. Add the next year's file here when its
/// notice is out (see `rules/calendars/README.md`).
pub(super) const FILES: &[(&str, &str)] = &[
    (
        "2019.toml",
        include_str!("../../../rules/calendars/2019.toml"),
    ),
    (
        "2020.toml",
        include_str!("../../../rules/calendars/2020.toml"),
    ),
    (
        "2021.toml",
        include_str!("../../../rules/calendars/2021.toml"),
    ),
    (
        "2022.toml",
        include_str!("../../../rules/calendars/2022.toml"),
    ),
    (
        "2023.toml",
        include_str!("../../../rules/calendars/2023.toml"),
    ),
    (
        "2024.toml",
        include_str!("../../../rules/calendars/2024.toml"),
    ),
    (
        "2025.toml",
        include_str!("../../../rules/calendars/2025.toml"),
    ),
    (
        "2026.toml",
        include_str!("../../../rules/calendars/2026.toml"),
    ),
];

static EMBEDDED: OnceLock<Result<Calendar, CalendarError>> = OnceLock::new();

pub(super) fn calendar() -> Result<Calendar, CalendarError> {
    EMBEDDED
        .get_or_init(|| Calendar::from_sources(FILES))
        .clone()
}
