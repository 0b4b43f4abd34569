//! `fundcheck workdays add|between` and `fundcheck calendar YEAR`.

use std::path::PathBuf;

use clap::Subcommand;
use fundcheck::normalize::date as parse_date;
use fundcheck::{Calendar, Lang};

use crate::usage_error;

#[derive(Subcommand)]
pub enum WorkdaysCommand {
    /// The Nth working day after DATE (DATE itself never counted)
    Add { date: String, n: u32 },
    /// The number of working days in (A, B]
    Between { a: String, b: String },
}

/// The calendar files of `--calendar`, as `(name, text)`; a file that cannot be read is an
/// error in the user's language.
pub fn read_calendar_files(paths: &[PathBuf], lang: Lang) -> Result<Vec<(String, String)>, String> {
    paths
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            std::fs::read_to_string(path)
                .map(|text| (name.clone(), text))
                .map_err(|e| crate::text::read_error(&name, &e, lang))
        })
        .collect()
}

fn load_calendar(extra: &[PathBuf]) -> Result<Calendar, String> {
    let mut calendar = Calendar::embedded().map_err(|e| e.to_string())?;
    for (name, text) in read_calendar_files(extra, Lang::En)? {
        calendar = calendar.with_file(&name, &text).map_err(|e| e.to_string())?;
    }
    Ok(calendar)
}

fn date(text: &str) -> Result<fundcheck::NaiveDate, String> {
    parse_date(text)
        .ok_or_else(|| format!("`{text}` is not a real date; write it year first, as 2020-06-30 or 2020/6/30"))
}

pub fn run(command: &WorkdaysCommand, extra: &[PathBuf]) -> u8 {
    let result = load_calendar(extra).and_then(|cal| match command {
        WorkdaysCommand::Add { date: d, n } => cal
            .add_working_days(date(d)?, *n)
            .map(|d| d.to_string())
            .map_err(|e| e.to_string()),
        WorkdaysCommand::Between { a, b } => cal
            .working_days_between(date(a)?, date(b)?)
            .map(|n| n.to_string())
            .map_err(|e| e.to_string()),
    });
    match result {
        Ok(answer) => {
            outln!("{answer}");
            0
        }
        Err(e) => usage_error(&e),
    }
}

pub fn calendar(year: i32, lang: Lang, extra: &[PathBuf]) -> u8 {
    match load_calendar(extra).and_then(|cal| cal.year_grid(year, lang).map_err(|e| e.to_string())) {
        Ok(grid) => {
            out!("{grid}");
            0
        }
        Err(e) => usage_error(&e),
    }
}
