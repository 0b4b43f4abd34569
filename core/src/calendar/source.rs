//! One calendar file (`rules/calendars/<year>.toml`): its TOML shape, and the checks that
//! need only that file. Checks across files live in `index.rs`.

#[cfg(feature = "toml")]
use super::dates::line_of;
use super::dates::{dates, is_weekend, parse_date};
use super::error::data;
use super::{CalendarError, Notice};
use crate::tree::{read_table, Reader};
use chrono::{Datelike, NaiveDate};

/// The file format this build reads (`format = 1`).
pub(super) const FORMAT: u32 = 1;

struct RawFile {
    format: u32,
    year: i32,
    notice: Vec<RawNotice>,
    holiday: Vec<RawHoliday>,
}

read_table!(RawFile { format, year } or_default { notice, holiday });

struct RawNotice {
    number: String,
    title: String,
    date: String,
    amends: Option<String>,
}

read_table!(RawNotice { number, title, date } or_default { amends });

struct RawHoliday {
    name_zh: String,
    name_en: String,
    notice: String,
    text: String,
    off: Vec<String>,
    with_weekend: Vec<String>,
    work: Vec<String>,
    overrides: Vec<String>,
}

read_table!(RawHoliday { name_zh, name_en, notice, text } or_default { off, with_weekend, work, overrides });

/// The file's tree as its raw tables, or every problem of it in one message (each at its
/// place, with its line when the TOML text is given).
fn raw_file(name: &str, tree: &serde_json::Value, toml_text: Option<&str>) -> Result<RawFile, CalendarError> {
    Reader::whole::<RawFile>(tree).map_err(|problems| {
        let lines = crate::tree::Lines::of(toml_text);
        let each: Vec<String> = problems
            .iter()
            .map(|problem| match problem.place() {
                place if place.is_empty() => problem.message_at(&lines),
                place => format!("{place}: {}", problem.message_at(&lines)),
            })
            .collect();
        data(name, each.join("; "))
    })
}

/// One arrangement of one notice: the days off and the weekend days worked for a holiday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Holiday {
    pub name_zh: String,
    pub name_en: String,
    pub notice: String,
    pub notice_date: NaiveDate,
    pub text: String,
    /// Days off: `off` and `with_weekend` together, in order.
    pub off: Vec<NaiveDate>,
    /// Weekend days made working days (调休上班).
    pub work: Vec<NaiveDate>,
    /// Days this arrangement decides again, amending an earlier notice.
    pub overrides: Vec<NaiveDate>,
}

/// A calendar file, parsed and checked on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct YearFile {
    pub name: String,
    pub year: i32,
    pub notices: Vec<Notice>,
    pub holidays: Vec<Holiday>,
}

impl YearFile {
    /// Reads a calendar file written in TOML.
    #[cfg(feature = "toml")]
    pub(super) fn parse(name: &str, text: &str) -> Result<YearFile, CalendarError> {
        let tree: serde_json::Value = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let message = e.message().trim().to_owned();
            data(
                name,
                match line {
                    Some(l) => format!("line {l}: {message}"),
                    None => message,
                },
            )
        })?;
        Self::check(name, raw_file(name, &tree, Some(text))?)
    }

    /// Reads a calendar file from the JSON tree its TOML parses to (the embedded calendars,
    /// compiled by `build.rs`).
    pub(super) fn from_json(name: &str, tree: serde_json::Value) -> Result<YearFile, CalendarError> {
        Self::check(name, raw_file(name, &tree, None)?)
    }

    /// The checks that need only this file.
    fn check(name: &str, raw: RawFile) -> Result<YearFile, CalendarError> {
        if raw.format != FORMAT {
            return Err(data(
                name,
                format!(
                    "unsupported `format = {}`; this build reads format {FORMAT}",
                    raw.format
                ),
            ));
        }
        let year = raw.year;
        if let Some(stem) = name.rsplit(['/', '\\']).next().and_then(|f| f.strip_suffix(".toml")) {
            if let Ok(named) = stem.parse::<i32>() {
                if named != year {
                    return Err(data(
                        name,
                        format!("the file is named for {named} but says `year = {year}`"),
                    ));
                }
            }
        }
        let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(year - 1, 12, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return Err(data(
                name,
                format!("`year = {year}` is not a calendar year this build can hold"),
            ));
        };
        let mut notices: Vec<Notice> = Vec::new();
        for n in raw.notice {
            if n.number.trim().is_empty() || n.title.trim().is_empty() {
                return Err(data(name, "a notice needs a `number` and a `title`"));
            }
            if notices.iter().any(|o| o.number == n.number) {
                return Err(data(name, format!("notice `{}` is declared twice", n.number)));
            }
            let date = parse_date(name, &n.date, "the date of a notice")?;
            notices.push(Notice {
                number: n.number,
                title: n.title,
                date,
                amends: n.amends,
                year,
            });
        }
        if notices.is_empty() {
            return Err(data(
                name,
                "no `[[notice]]`: every day must cite the notice that decides it",
            ));
        }
        let mut holidays = Vec::new();
        for h in raw.holiday {
            holidays.push(holiday(name, h, &notices, from, to)?);
        }
        for n in &notices {
            if !holidays.iter().any(|h| h.notice == n.number) {
                return Err(data(
                    name,
                    format!("notice `{}` decides no day: no `[[holiday]]` cites it", n.number),
                ));
            }
        }
        Ok(YearFile {
            name: name.to_owned(),
            year,
            notices,
            holidays,
        })
    }
}

fn holiday(
    name: &str,
    h: RawHoliday,
    notices: &[Notice],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Holiday, CalendarError> {
    let what = format!("holiday `{}` ({})", h.name_zh, h.notice);
    if h.name_zh.trim().is_empty() || h.name_en.trim().is_empty() || h.text.trim().is_empty() {
        return Err(data(name, format!("{what} needs `name_zh`, `name_en` and `text`")));
    }
    let Some(notice_date) = notices.iter().find(|n| n.number == h.notice).map(|n| n.date) else {
        return Err(data(
            name,
            format!("{what} cites notice `{}`, which this file does not declare", h.notice),
        ));
    };
    let mut off = dates(name, &h.off, &what, "off")?;
    let joined = dates(name, &h.with_weekend, &what, "with_weekend")?;
    let work = dates(name, &h.work, &what, "work")?;
    let overrides = dates(name, &h.overrides, &what, "overrides")?;
    if off.is_empty() && work.is_empty() {
        return Err(data(name, format!("{what} lists no day in `off` or `work`")));
    }
    for (d, key) in joined
        .iter()
        .map(|d| (d, "with_weekend"))
        .chain(work.iter().map(|d| (d, "work")))
    {
        if !is_weekend(*d) {
            return Err(data(
                name,
                format!(
                    "{what}: `{d}` in `{key}` is a {}, not a Saturday or Sunday",
                    d.weekday()
                ),
            ));
        }
    }
    off.extend(joined);
    for d in off.iter().chain(&work) {
        if *d < from || *d > to {
            return Err(data(
                name,
                format!("{what}: `{d}` lies outside the days a notice for this year may decide (`{from}` to `{to}`)"),
            ));
        }
        if *d < notice_date {
            return Err(data(
                name,
                format!("{what}: `{d}` comes before the notice itself (`{notice_date}`)"),
            ));
        }
    }
    for d in &overrides {
        if !off.contains(d) && !work.contains(d) {
            return Err(data(
                name,
                format!("{what}: `overrides` names `{d}`, which this holiday does not list"),
            ));
        }
    }
    Ok(Holiday {
        name_zh: h.name_zh,
        name_en: h.name_en,
        notice: h.notice,
        notice_date,
        text: h.text,
        off,
        work,
        overrides,
    })
}
