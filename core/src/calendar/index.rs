//! Combines the year files into one table of days and the prefix counts the queries use.
//! Everything here runs once, when a calendar is built; the queries never walk the days.

use super::dates::is_weekend;
use super::error::data;
use super::source::YearFile;
use super::{CalendarError, DayKind};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Who decides one day: a holiday of a file (`file`, `holiday` index into them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Decision {
    pub kind: DayKind,
    pub file: usize,
    pub holiday: usize,
}

/// The covered range, day by day, with the prefix counts of working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Index {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// One slot a day from `first` to `last`: the notice's decision, or `None` for an
    /// ordinary weekday or weekend day.
    pub days: Vec<Option<Decision>>,
    /// `prefix[i]`: working days in `[first, first + i]`.
    pub prefix: Vec<u32>,
    /// The offsets from `first` of the working days, in order.
    pub working: Vec<u32>,
}

struct Claim {
    kind: DayKind,
    file: usize,
    holiday: usize,
    notice_date: NaiveDate,
    overrides: bool,
}

/// Sorts the files by year and builds the index; every inconsistency is a `Data` error
/// naming the file it was found in.
pub(super) fn build(files: &mut [YearFile]) -> Result<Index, CalendarError> {
    crate::lean::sort_by_key(files, |f| f.year);
    let (Some(head), Some(tail)) = (files.first(), files.last()) else {
        return Err(data("(none)", "no calendar file was given"));
    };
    for pair in files.windows(2) {
        if let [a, b] = pair {
            if a.year == b.year {
                return Err(data(&b.name, format!("year {} is also given by `{}`", b.year, a.name)));
            }
            if b.year != a.year + 1 {
                return Err(data(
                    &b.name,
                    format!(
                        "leaves a gap: no calendar for {} between `{}` ({}) and `{}` ({})",
                        a.year + 1,
                        a.name,
                        a.year,
                        b.name,
                        b.year
                    ),
                ));
            }
        }
    }
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(head.year, 1, 1),
        NaiveDate::from_ymd_opt(tail.year, 12, 31),
    ) else {
        return Err(data(&head.name, "the years lie beyond the dates this build can hold"));
    };
    check_notices(files)?;
    let decided = decide(files)?;
    let mut days = Vec::new();
    let mut prefix = Vec::new();
    let mut working = Vec::new();
    let mut count: u32 = 0;
    for (offset, day) in (0u32..).zip(first.iter_days().take_while(|d| *d <= last)) {
        let decision = decided.get(&day).copied();
        let works = match decision {
            Some(d) => d.kind == DayKind::AdjustedWorkday,
            None => !is_weekend(day),
        };
        if works {
            count += 1;
            working.push(offset);
        }
        days.push(decision);
        prefix.push(count);
    }
    Ok(Index {
        first,
        last,
        days,
        prefix,
        working,
    })
}

/// Notice numbers are unique across the files, and `amends` names an earlier notice.
fn check_notices(files: &[YearFile]) -> Result<(), CalendarError> {
    let all: Vec<(&str, &super::Notice)> = files
        .iter()
        .flat_map(|f| f.notices.iter().map(move |n| (f.name.as_str(), n)))
        .collect();
    for (i, (file, n)) in all.iter().enumerate() {
        if let Some((other, _)) = all.iter().take(i).find(|(_, o)| o.number == n.number) {
            return Err(data(
                file,
                format!("notice `{}` is also declared in `{other}`", n.number),
            ));
        }
        if let Some(amended) = &n.amends {
            match all.iter().find(|(_, o)| &o.number == amended) {
                None => {
                    return Err(data(
                        file,
                        format!("notice `{}` amends `{amended}`, which no file declares", n.number),
                    ))
                }
                Some((_, o)) if o.date >= n.date => {
                    return Err(data(
                        file,
                        format!(
                            "notice `{}` ({}) amends `{amended}`, which is not earlier ({})",
                            n.number, n.date, o.date
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// The deciding holiday of every listed day. A day listed twice must be listed again by a
/// later notice that names it in `overrides`; anything else is an overlap or a contradiction.
fn decide(files: &[YearFile]) -> Result<BTreeMap<NaiveDate, Decision>, CalendarError> {
    let mut claims: BTreeMap<NaiveDate, Vec<Claim>> = BTreeMap::new();
    for (fi, file) in files.iter().enumerate() {
        for (hi, h) in file.holidays.iter().enumerate() {
            let off = h.off.iter().map(|d| (*d, DayKind::Holiday));
            let work = h.work.iter().map(|d| (*d, DayKind::AdjustedWorkday));
            for (day, kind) in off.chain(work) {
                let overrides = h.overrides.contains(&day);
                let claim = Claim {
                    kind,
                    file: fi,
                    holiday: hi,
                    notice_date: h.notice_date,
                    overrides,
                };
                claims.entry(day).or_default().push(claim);
            }
        }
    }
    let mut decided = BTreeMap::new();
    for (day, mut list) in claims {
        crate::lean::sort_by_key(&mut list, |c| c.notice_date);
        let mut previous: Option<&Claim> = None;
        for claim in &list {
            match previous {
                None if claim.overrides => {
                    return Err(data(
                        name(files, claim),
                        format!(
                            "{} names `{day}` in `overrides`, but no earlier notice decides that day",
                            describe(files, claim)
                        ),
                    ))
                }
                Some(p) if !claim.overrides || claim.notice_date <= p.notice_date => {
                    let how = if p.kind == claim.kind {
                        "listed twice"
                    } else {
                        "both a day off and a working day"
                    };
                    return Err(data(name(files, claim), format!(
                        "`{day}` is {how}: by {} and by {}; a later notice that amends an earlier one names the day in `overrides`",
                        describe(files, p), describe(files, claim)
                    )));
                }
                _ => {}
            }
            previous = Some(claim);
        }
        if let Some(c) = previous {
            decided.insert(
                day,
                Decision {
                    kind: c.kind,
                    file: c.file,
                    holiday: c.holiday,
                },
            );
        }
    }
    Ok(decided)
}

fn name<'a>(files: &'a [YearFile], c: &Claim) -> &'a str {
    files.get(c.file).map_or("(unknown)", |f| f.name.as_str())
}

fn describe(files: &[YearFile], c: &Claim) -> String {
    let file = files.get(c.file);
    match file.and_then(|f| f.holidays.get(c.holiday)) {
        Some(h) => format!("{} ({}, `{}`)", h.name_zh, h.notice, name(files, c)),
        None => format!("`{}`", name(files, c)),
    }
}
