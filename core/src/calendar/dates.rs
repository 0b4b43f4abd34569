//! Dates as the calendar files write them: `YYYY-MM-DD`, and inclusive ranges
//! `YYYY-MM-DD..YYYY-MM-DD`.

use super::error::data;
use super::CalendarError;
use chrono::{Datelike, NaiveDate, Weekday};

/// The longest run of days one range string may name: a longer one is a typo.
const MAX_RANGE_DAYS: i64 = 31;

/// The dates of a list of `"YYYY-MM-DD"` and inclusive `"YYYY-MM-DD..YYYY-MM-DD"` strings.
pub(super) fn dates(name: &str, items: &[String], what: &str, key: &str) -> Result<Vec<NaiveDate>, CalendarError> {
    let mut out = Vec::new();
    for item in items {
        let context = format!("{what}, `{key}`");
        match item.split_once("..") {
            None => out.push(parse_date(name, item, &context)?),
            Some((a, b)) => {
                let (a, b) = (parse_date(name, a, &context)?, parse_date(name, b, &context)?);
                let span = (b - a).num_days();
                if !(0..MAX_RANGE_DAYS).contains(&span) {
                    return Err(data(
                        name,
                        format!(
                            "{context}: the range `{item}` must run forwards and span at most {MAX_RANGE_DAYS} days"
                        ),
                    ));
                }
                out.extend(a.iter_days().take_while(|d| *d <= b));
            }
        }
    }
    Ok(out)
}

/// A strict `YYYY-MM-DD` date: ten characters, a real day.
pub(super) fn parse_date(name: &str, s: &str, context: &str) -> Result<NaiveDate, CalendarError> {
    match crate::decode::parse_date(s) {
        Some(d) => Ok(d),
        None => Err(data(
            name,
            format!("{context}: `{s}` is not a real date written YYYY-MM-DD"),
        )),
    }
}

pub(super) fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The 1-based line of a byte offset (of a TOML file read at run time).
#[cfg(feature = "toml")]
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes().iter().take(offset).filter(|b| **b == b'\n').count() + 1
}
