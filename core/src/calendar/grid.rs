//! The printable year grid (`fundcheck calendar YEAR`).

use super::source::Holiday;
use super::{Calendar, CalendarError, DayKind, Lang};
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS_ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
const WEEKDAYS_EN: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
/// Display columns of one day cell and of one month.
const CELL: usize = 5;
const MONTH: usize = CELL * 7;

pub(super) fn render(cal: &Calendar, year: i32, lang: Lang) -> Result<String, CalendarError> {
    let (Some(jan1), Some(dec31)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        let date = if year < cal.first().year() {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        };
        return Err(CalendarError::OutOfRange {
            date,
            first: cal.first(),
            last: cal.last(),
        });
    };
    cal.day(jan1)?;
    cal.day(dec31)?;
    let zh = lang == Lang::Zh;
    let working = cal.working_days_between(jan1, dec31)? + i64::from(cal.is_working_day(jan1)?);
    let mut out = String::new();
    let _ = if zh {
        writeln!(out, "{year}年 工作日历（全年工作日 {working} 天）")
    } else {
        writeln!(
            out,
            "Working-day calendar {year}, People's Republic of China ({working} working days)"
        )
    };
    for pair in [1u32, 3, 5, 7, 9, 11] {
        out.push('\n');
        let left = month(cal, year, pair, zh)?;
        let right = month(cal, year, pair + 1, zh)?;
        for (l, r) in left.iter().zip(&right) {
            let line = format!("{}   {}", pad(l, MONTH), r);
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(if zh {
        "休 = 放假（法定节假日及与之相连的休息日）  班 = 调休上班（周六、周日上班）\n其余周六、周日休息，周一至周五上班。\n"
    } else {
        "* = day off (a public holiday and the days joined to it)   + = adjusted working day (a Saturday or Sunday worked)\nOther Saturdays and Sundays are off; Monday to Friday are working days.\n"
    });
    let _ = if zh {
        writeln!(out, "数据覆盖 {} 至 {}。", cal.first(), cal.last())
    } else {
        writeln!(out, "The data cover {} to {}.", cal.first(), cal.last())
    };
    holidays(cal, year, zh, &mut out);
    Ok(out)
}

/// The lines of one month: title, weekday header, six week rows.
fn month(cal: &Calendar, year: i32, m: u32, zh: bool) -> Result<Vec<String>, CalendarError> {
    let mut lines = Vec::new();
    let title = if zh {
        format!("{year}年{m}月")
    } else {
        format!("{} {year}", MONTHS_EN.get(m as usize - 1).copied().unwrap_or(""))
    };
    let indent = (MONTH.saturating_sub(width(&title))) / 2;
    lines.push(format!("{}{title}", " ".repeat(indent)));
    let names = if zh { WEEKDAYS_ZH } else { WEEKDAYS_EN };
    lines.push(names.iter().map(|n| pad(&format!(" {n}"), CELL)).collect());
    let Some(start) = NaiveDate::from_ymd_opt(year, m, 1) else {
        return Ok(lines);
    };
    let mut row = " ".repeat(CELL * start.weekday().num_days_from_monday() as usize);
    for d in start.iter_days().take_while(|d| d.month() == m) {
        let mark = match cal.day(d)?.kind {
            DayKind::Holiday => {
                if zh {
                    "休"
                } else {
                    "* "
                }
            }
            DayKind::AdjustedWorkday => {
                if zh {
                    "班"
                } else {
                    "+ "
                }
            }
            DayKind::Workday | DayKind::Weekend => "  ",
        };
        row.push_str(&format!(" {:>2}{mark}", d.day()));
        if d.weekday() == chrono::Weekday::Sun {
            lines.push(std::mem::take(&mut row));
        }
    }
    if !row.is_empty() {
        lines.push(row);
    }
    while lines.len() < 8 {
        lines.push(String::new());
    }
    Ok(lines)
}

/// The holidays with a day in `year`, in date order, and the notices they cite.
fn holidays(cal: &Calendar, year: i32, zh: bool, out: &mut String) {
    let all: Vec<&Holiday> = cal.files().iter().flat_map(|f| f.holidays.iter()).collect();
    let mut touching: Vec<&Holiday> = all
        .iter()
        .copied()
        .filter(|h| h.off.iter().chain(&h.work).any(|d| d.year() == year))
        .collect();
    crate::lean::sort_by_key(&mut touching, |h| {
        (h.off.iter().chain(&h.work).min().copied(), h.notice_date)
    });
    out.push_str(if zh { "\n节假日安排\n" } else { "\nHolidays\n" });
    let mut cited: Vec<&str> = Vec::new();
    for h in &touching {
        let changed_by = |d: &NaiveDate| {
            all.iter()
                .find(|o| o.notice_date > h.notice_date && o.overrides.contains(d))
                .map(|o| o.notice.as_str())
        };
        let off: Vec<NaiveDate> = h.off.iter().copied().filter(|d| changed_by(d).is_none()).collect();
        let work: Vec<NaiveDate> = h.work.iter().copied().filter(|d| changed_by(d).is_none()).collect();
        let name = if zh { &h.name_zh } else { &h.name_en };
        let mut line = format!("  {name}  ");
        if !off.is_empty() {
            line.push_str(&format!("{} {}", spans(&off), if zh { "放假" } else { "off" }));
        }
        if !work.is_empty() {
            let sep = if off.is_empty() {
                ""
            } else if zh {
                "；"
            } else {
                "; "
            };
            line.push_str(&format!("{sep}{} {}", spans(&work), if zh { "上班" } else { "worked" }));
        }
        let changed: Vec<(NaiveDate, &str)> = h
            .off
            .iter()
            .chain(&h.work)
            .filter_map(|d| changed_by(d).map(|n| (*d, n)))
            .collect();
        if let Some((_, by)) = changed.first() {
            let days: Vec<NaiveDate> = changed.iter().map(|(d, _)| *d).collect();
            line.push_str(&if zh {
                format!("（{} 已由{by}调整）", spans(&days))
            } else {
                format!(" ({} changed by {by})", spans(&days))
            });
        }
        line.push_str(&format!("  {}", h.notice));
        out.push_str(line.trim_end());
        out.push('\n');
        if !cited.contains(&h.notice.as_str()) {
            cited.push(&h.notice);
        }
    }
    out.push_str(if zh { "\n所据通知\n" } else { "\nNotices cited\n" });
    for n in cal.notices().iter().filter(|n| cited.contains(&n.number.as_str())) {
        let amends = match (&n.amends, zh) {
            (Some(a), true) => format!("（调整{a}）"),
            (Some(a), false) => format!(" (amends {a})"),
            (None, _) => String::new(),
        };
        out.push_str(&format!("  {} {} {}{amends}\n", n.number, n.date, n.title));
    }
}

/// Dates as runs: `2019-10-01…2019-10-07, 2019-10-12`.
fn spans(days: &[NaiveDate]) -> String {
    let mut sorted = days.to_vec();
    crate::lean::sort(&mut sorted);
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for d in sorted {
        match runs.last_mut() {
            Some((_, end)) if end.succ_opt() == Some(d) => *end = d,
            _ => runs.push((d, d)),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|(a, b)| if a == b { a.to_string() } else { format!("{a}…{b}") })
        .collect();
    parts.join(", ")
}

/// Display width: CJK and other wide characters take two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn pad(s: &str, to: usize) -> String {
    format!("{s}{}", " ".repeat(to.saturating_sub(width(s))))
}
