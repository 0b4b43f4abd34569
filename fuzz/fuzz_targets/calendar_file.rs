//! Any text as one more calendar year: a calendar or a typed error, never a panic; a calendar
//! that builds answers working-day questions over its whole range.
#![no_main]

use fundcheck::{Calendar, NaiveDate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(base) = Calendar::embedded() else { return };
    if let Ok(calendar) = base.with_file("2027.toml", text) {
        let (first, last) = (calendar.first(), calendar.last());
        let _ = calendar.add_working_days(first, 10_000);
        let _ = calendar.working_days_between(first, last);
        let _ = calendar.is_working_day(NaiveDate::from_ymd_opt(2027, 10, 1).unwrap_or(last));
    }
});
