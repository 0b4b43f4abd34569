//! The calendar's one error type.

use chrono::NaiveDate;
use std::fmt;

/// What can go wrong when building or asking the working-day calendar.
///
/// `std::error::Error` and `Display` are written by hand rather than derived with
/// `thiserror`: `thiserror` takes any field named `source` for the error's cause, and the
/// `source` of [`CalendarError::Data`] is a file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// A date lies outside the days the notices cover.
    OutOfRange {
        date: NaiveDate,
        first: NaiveDate,
        last: NaiveDate,
    },
    /// A count of `n` working days from `from` (a covered day) runs past the last covered
    /// day: named by what was asked, not by a date the caller never wrote.
    CountBeyond {
        from: NaiveDate,
        n: u32,
        first: NaiveDate,
        last: NaiveDate,
    },
    /// A calendar file is malformed or contradicts another: `source` names the file
    /// (as given to [`super::Calendar::from_sources`]), `message` says what is wrong.
    Data { source: String, message: String },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange { date, first, last } => write!(
                f,
                "`{date}` is outside the working-day calendar, which covers `{first}` to `{last}`; once that year's holiday notice is out, add it as a calendar year file (see rules/calendars/README.md)"
            ),
            Self::CountBeyond { from, n, first, last } => {
                let (days, run) = if *n == 1 { ("working day", "runs") } else { ("working days", "run") };
                write!(
                    f,
                    "{n} {days} after `{from}` {run} past the working-day calendar, which covers `{first}` to `{last}`; once that year's holiday notice is out, add it as a calendar year file (see rules/calendars/README.md)"
                )
            }
            Self::Data { source, message } => write!(f, "calendar file `{source}`: {message}"),
        }
    }
}

impl std::error::Error for CalendarError {}

/// Shorthand for a [`CalendarError::Data`] about `source`.
pub(super) fn data(source: &str, message: impl Into<String>) -> CalendarError {
    CalendarError::Data {
        source: source.to_owned(),
        message: message.into(),
    }
}
