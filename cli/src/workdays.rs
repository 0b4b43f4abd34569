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

fn load_calendar(extra: &[PathBuf]) -> Result<Calendar, String> {
    let mut calendar = Calendar::embedded().map_err(|e| e.to_string())?;
    for path in extra {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        calendar = calendar
            .with_extra(&path.display().to_string(), &text)
            .map_err(|e| e.to_string())?;
    }
    Ok(calendar)
}

fn date(text: &str) -> Result<fundcheck::NaiveDate, String> {
    parse_date(text).ok_or_else(|| format!("`{text}` is not a real date YYYY-MM-DD"))
}

pub fn run(command: &WorkdaysCommand) -> u8 {
    let result = load_calendar(&[]).and_then(|cal| match command {
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
