//! The official working-day calendar of the People's Republic of China, as data.
//!
//! A working day is Monday to Friday unless a State Council notice
//! (国务院办公厅关于…部分节假日安排的通知) makes it a day off, plus the Saturdays and Sundays a
//! notice makes working days (调休上班). The notices are transcribed, one file a year, in
//! `rules/calendars/<year>.toml` (format: `rules/calendars/README.md`); a year can have several
//! notices, and a notice can decide days of the December before its year. The calendar
//! covers 1 January of its first year to 31 December of its last; a date outside that range
//! is an [`CalendarError::OutOfRange`] error, never a guess from weekends alone.
//!
//! # Counting
//! Deadlines in working days follow 民法典 第二百零一条 (按照年、月、日计算期间的，开始的当日不计入，
//! 自下一日开始计算) with 行政许可法 第八十二条 (期限以工作日计算，不含法定节假日): the start day is not
//! counted. [`Calendar::add_working_days`]`(d, n)` is the nth working day strictly after `d`,
//! whatever `d` is (a start on a Saturday counts Monday as 1); `n = 0` gives `d`.
//! [`Calendar::working_days_between`]`(a, b)` counts the working days in `(a, b]`, so the two
//! are inverse. Both answer from prefix counts built once: no query walks the days.
//!
//! ```
//! use chrono::NaiveDate;
//! use fundcheck::calendar::Calendar;
//!
//! let cal = Calendar::embedded()?;
//! let date = |m, d| NaiveDate::from_ymd_opt(2019, m, d).ok_or("bad date");
//! // Received Friday 2019-09-27: Sun 09-29 (调休) 1, Mon 09-30 2, National Day 10-01…07,
//! // Tue 10-08 3, Wed 10-09 4, Thu 10-10 5.
//! assert_eq!(cal.add_working_days(date(9, 27)?, 5)?, date(10, 10)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod dates;
mod embedded;
mod error;
mod grid;
mod index;
mod source;

#[cfg(test)]
mod proptests;
#[cfg(all(test, feature = "toml"))]
mod tests;
#[cfg(all(test, feature = "toml"))]
mod tests_data;

pub use error::CalendarError;

use chrono::NaiveDate;
use index::Index;
use source::YearFile;

/// What a day is in the official calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// Monday to Friday, no notice says otherwise.
    Workday,
    /// Saturday or Sunday, no notice says otherwise.
    Weekend,
    /// A day off by a notice (法定节假日 and the days joined to it, weekend days included).
    Holiday,
    /// A Saturday or Sunday a notice makes a working day (调休上班).
    AdjustedWorkday,
}

impl DayKind {
    /// Whether the day counts as a working day.
    pub fn is_working(self) -> bool {
        matches!(self, Self::Workday | Self::AdjustedWorkday)
    }

    /// The stable lowercase name (`"adjusted_workday"`, …), as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Workday => "workday",
            Self::Weekend => "weekend",
            Self::Holiday => "holiday",
            Self::AdjustedWorkday => "adjusted_workday",
        }
    }
}

/// One day and, for a holiday or an adjusted working day, the holiday and notice behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayInfo {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    /// The number of the notice that decides the day, e.g. `国办发明电〔2018〕15号`.
    pub notice: Option<String>,
}

/// A State Council notice the calendar cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// 发文字号, e.g. `国办发明电〔2019〕16号`.
    pub number: String,
    pub title: String,
    /// 成文日期, the date the notice bears.
    pub date: NaiveDate,
    /// The number of the earlier notice this one changes, if any.
    pub amends: Option<String>,
    /// The calendar year whose file holds the notice.
    pub year: i32,
}

pub use crate::lang::Lang;

/// The working-day calendar: built once from the year files, then asked in O(1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    files: Vec<YearFile>,
    index: Index,
}

impl Calendar {
    /// Builds a calendar from `(file name, TOML text)` pairs, in any order. A malformed
    /// file, an unknown key, a bad date, a day decided twice without `overrides`, a day
    /// both off and worked, or a gap between years is a [`CalendarError::Data`] naming
    /// the file and what is wrong.
    #[cfg(feature = "toml")]
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Calendar, CalendarError> {
        let files = sources
            .iter()
            .map(|(name, text)| YearFile::parse(name, text))
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_files(files)
    }

    /// A calendar from year files in their JSON form, as `[[file name, file], …]` (a pack
    /// bundle's `calendars`).
    pub fn from_json_pairs(tree: &serde_json::Value) -> Result<Calendar, CalendarError> {
        embedded::from_pairs(tree)
    }

    /// The embedded calendar's files as `[[file name, file], …]`.
    pub fn embedded_json_pairs() -> Result<serde_json::Value, CalendarError> {
        embedded::pairs()
    }

    /// A year file written in TOML, as the JSON tree it parses to (for a pack bundle).
    #[cfg(feature = "toml")]
    pub fn toml_file_to_json(name: &str, text: &str) -> Result<serde_json::Value, CalendarError> {
        let value: toml::Value = toml::from_str(text).map_err(|e| CalendarError::Data {
            source: name.to_owned(),
            message: e.message().trim().to_owned(),
        })?;
        serde_json::to_value(value).map_err(|e| CalendarError::Data {
            source: name.to_owned(),
            message: e.to_string(),
        })
    }

    /// The calendar of the files shipped in `rules/calendars/` (2019 to 2026), built once.
    pub fn embedded() -> Result<Calendar, CalendarError> {
        embedded::calendar()
    }

    /// This calendar with one more year file, written in TOML (the `rules/calendars/` format) or
    /// as the JSON tree that TOML parses to (text starting with `{`). A build without the
    /// `toml` feature (the WebAssembly package) reads the JSON form only.
    pub fn with_file(&self, name: &str, text: &str) -> Result<Calendar, CalendarError> {
        let year = if text.trim_start().starts_with('{') {
            let tree = serde_json::from_str(text).map_err(|e| CalendarError::Data {
                source: name.to_owned(),
                message: e.to_string(),
            })?;
            YearFile::from_json(name, tree)?
        } else {
            Self::parse_toml(name, text)?
        };
        let mut files = self.files.clone();
        files.push(year);
        Self::from_files(files)
    }

    #[cfg(feature = "toml")]
    fn parse_toml(name: &str, text: &str) -> Result<YearFile, CalendarError> {
        YearFile::parse(name, text)
    }

    #[cfg(not(feature = "toml"))]
    fn parse_toml(name: &str, _text: &str) -> Result<YearFile, CalendarError> {
        Err(CalendarError::Data {
            source: name.to_owned(),
            message: "this build reads a calendar file as JSON (the same keys as the TOML file)".to_owned(),
        })
    }

    fn from_files(mut files: Vec<YearFile>) -> Result<Calendar, CalendarError> {
        let index = index::build(&mut files)?;
        Ok(Calendar { files, index })
    }

    /// The first covered day (1 January of the first year).
    pub fn first(&self) -> NaiveDate {
        self.index.first
    }

    /// The last covered day (31 December of the last year).
    pub fn last(&self) -> NaiveDate {
        self.index.last
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.kind_at(self.offset(d)?, d))
    }

    /// What `d` is, with the holiday and notice that decide it.
    pub fn day(&self, d: NaiveDate) -> Result<DayInfo, CalendarError> {
        let offset = self.offset(d)?;
        let decision = self.index.days.get(offset).copied().flatten();
        let holiday = decision.and_then(|c| self.files.get(c.file)?.holidays.get(c.holiday));
        Ok(DayInfo {
            date: d,
            kind: self.kind_of(decision, d),
            name_zh: holiday.map(|h| h.name_zh.clone()),
            name_en: holiday.map(|h| h.name_en.clone()),
            notice: holiday.map(|h| h.notice.clone()),
        })
    }

    /// The `n`th working day strictly after `d` (`d` itself is never counted; from a day
    /// off the count starts at the next working day); `n = 0` gives `d`. `d`, and the
    /// result, must lie in the covered range.
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let offset = self.offset(d)?;
        if n == 0 {
            return Ok(d);
        }
        let before = u64::from(self.count_through(offset));
        let wanted = before + u64::from(n) - 1;
        let found = usize::try_from(wanted).ok().and_then(|i| self.index.working.get(i));
        match found {
            Some(&o) => self
                .index
                .first
                .checked_add_days(chrono::Days::new(u64::from(o)))
                .ok_or_else(|| self.beyond(d, n)),
            None => Err(self.beyond(d, n)),
        }
    }

    /// The working days in `(a, b]`; when `b < a`, minus those in `(b, a]`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, CalendarError> {
        let (oa, ob) = (self.offset(a)?, self.offset(b)?);
        Ok(i64::from(self.count_through(ob)) - i64::from(self.count_through(oa)))
    }

    /// The working days in `(a, b]` as far as the calendar tells, for a span that may run past
    /// its edge: `(working days among the covered days, days the calendar does not cover)`.
    /// Empty when `b <= a`.
    pub fn working_days_partly(&self, a: NaiveDate, b: NaiveDate) -> (i64, i64) {
        if b <= a {
            return (0, 0);
        }
        let total = (b - a).num_days();
        let first = self.first();
        let before_first = first.pred_opt().unwrap_or(first);
        let lo = a.max(before_first);
        let hi = b.min(self.last());
        if hi <= lo {
            return (0, total);
        }
        let known = if lo < first {
            let first_counts = i64::from(self.is_working_day(first).unwrap_or(false));
            self.working_days_between(first, hi).unwrap_or(0) + first_counts
        } else {
            self.working_days_between(lo, hi).unwrap_or(0)
        };
        (known, total - (hi - lo).num_days())
    }

    /// The notices cited, oldest first.
    pub fn notices(&self) -> Vec<Notice> {
        let mut all: Vec<Notice> = self.files.iter().flat_map(|f| f.notices.iter().cloned()).collect();
        crate::lean::sort_by(&mut all, |a, b| {
            a.date.cmp(&b.date).then_with(|| a.number.cmp(&b.number))
        });
        all
    }

    /// A printable month grid of `year` (Monday to Sunday columns) marking the days off
    /// and the adjusted working days, with a legend, the year's holidays and the notices.
    pub fn year_grid(&self, year: i32, lang: Lang) -> Result<String, CalendarError> {
        grid::render(self, year, lang)
    }

    /// The offset of `d` from `first`, or `OutOfRange`.
    fn offset(&self, d: NaiveDate) -> Result<usize, CalendarError> {
        let out = CalendarError::OutOfRange {
            date: d,
            first: self.index.first,
            last: self.index.last,
        };
        if d < self.index.first || d > self.index.last {
            return Err(out);
        }
        usize::try_from((d - self.index.first).num_days()).map_err(|_| out)
    }

    /// Working days in `[first, first + offset]`.
    fn count_through(&self, offset: usize) -> u32 {
        self.index.prefix.get(offset).copied().unwrap_or(0)
    }

    fn kind_at(&self, offset: usize, d: NaiveDate) -> bool {
        self.kind_of(self.index.days.get(offset).copied().flatten(), d)
            .is_working()
    }

    fn kind_of(&self, decision: Option<index::Decision>, d: NaiveDate) -> DayKind {
        match decision {
            Some(c) => c.kind,
            None if dates::is_weekend(d) => DayKind::Weekend,
            None => DayKind::Workday,
        }
    }

    /// The error for a count of `n` working days from `from` that runs past `last`.
    fn beyond(&self, from: NaiveDate, n: u32) -> CalendarError {
        CalendarError::CountBeyond {
            from,
            n,
            first: self.index.first,
            last: self.index.last,
        }
    }

    /// The year files, sorted by year (for the grid).
    fn files(&self) -> &[YearFile] {
        &self.files
    }
}
