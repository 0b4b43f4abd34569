//! Bad calendar files: each is a `Data` error naming the file and what is wrong.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use super::*;

/// A minimal well-formed file for `year`, with one holiday on `off`.
fn file(year: i32, off: &str) -> String {
    format!(
        "format = 1\nyear = {year}\n\n[[notice]]\nnumber = \"N{year}\"\ntitle = \"T{year}\"\ndate = \"{}-11-01\"\n\n\
         [[holiday]]\nname_zh = \"元旦\"\nname_en = \"New Year's Day\"\nnotice = \"N{year}\"\ntext = \"…\"\noff = [\"{off}\"]\n",
        year - 1
    )
}

fn error(sources: &[(&str, &str)]) -> String {
    match Calendar::from_sources(sources) {
        Ok(_) => "built".to_owned(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn good_minimal_files_build() {
    let (a, b) = (file(2030, "2030-01-01"), file(2031, "2031-01-01"));
    // Any order; the range is 1 January of the first year to 31 December of the last.
    let c = Calendar::from_sources(&[("2031.toml", &b), ("2030.toml", &a)]).unwrap();
    assert_eq!(
        (c.first().to_string(), c.last().to_string()),
        ("2030-01-01".into(), "2031-12-31".into())
    );
    assert_eq!(
        c.is_working_day(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()),
        Ok(false)
    );
}

#[test]
fn unknown_key_and_syntax() {
    let text = file(2030, "2030-01-01").replace("text = ", "txet = \"x\"\ntext = ");
    assert_eq!(
        error(&[("2030.toml", &text)]),
        "calendar file `2030.toml`: holiday[0].txet: line 13: unknown key; expected one of `name_zh`, `name_en`, `notice`, `text`, `off`, `with_weekend`, `work`, `overrides`"
    );
    assert!(error(&[("2030.toml", "year = ")]).starts_with("calendar file `2030.toml`: line 1: "));
}

#[test]
fn bad_dates() {
    assert_eq!(
        error(&[("2030.toml", &file(2030, "2030-02-30"))]),
        "calendar file `2030.toml`: holiday `元旦` (N2030), `off`: `2030-02-30` is not a real date written YYYY-MM-DD"
    );
    assert_eq!(
        error(&[("2030.toml", &file(2030, "2030-1-1"))]),
        "calendar file `2030.toml`: holiday `元旦` (N2030), `off`: `2030-1-1` is not a real date written YYYY-MM-DD"
    );
    assert_eq!(
        error(&[("2030.toml", &file(2030, "2030-01-07..2030-01-01"))]),
        "calendar file `2030.toml`: holiday `元旦` (N2030), `off`: the range `2030-01-07..2030-01-01` must run forwards and span at most 31 days"
    );
    assert_eq!(
        error(&[("2030.toml", &file(2030, "2031-01-01"))]),
        "calendar file `2030.toml`: holiday `元旦` (N2030): `2031-01-01` lies outside the days a notice for this year may decide (`2029-12-01` to `2030-12-31`)"
    );
    assert_eq!(
        error(&[(
            "2030.toml",
            &file(2030, "2029-12-02").replace("2029-11-01", "2029-12-15")
        )]),
        "calendar file `2030.toml`: holiday `元旦` (N2030): `2029-12-02` comes before the notice itself (`2029-12-15`)"
    );
}

#[test]
fn overlapping_and_contradicting_days() {
    // 2030-12-31 listed by 2030.toml and again by 2031.toml's notice, without `overrides`.
    let (a, b) = (file(2030, "2030-12-31"), file(2031, "2030-12-31..2031-01-01"));
    assert_eq!(
        error(&[("2030.toml", &a), ("2031.toml", &b)]),
        "calendar file `2031.toml`: `2030-12-31` is listed twice: by 元旦 (N2030, `2030.toml`) and by 元旦 (N2031, `2031.toml`); a later notice that amends an earlier one names the day in `overrides`"
    );
    // Saturday 2030-01-05 both off and worked.
    let both = file(2030, "2030-01-05").replace("off = ", "work = [\"2030-01-05\"]\noff = ");
    assert_eq!(
        error(&[("2030.toml", &both)]),
        "calendar file `2030.toml`: `2030-01-05` is both a day off and a working day: by 元旦 (N2030, `2030.toml`) and by 元旦 (N2030, `2030.toml`); a later notice that amends an earlier one names the day in `overrides`"
    );
    let stale = file(2030, "2030-01-01").replace("off = ", "overrides = [\"2030-01-01\"]\noff = ");
    assert_eq!(
        error(&[("2030.toml", &stale)]),
        "calendar file `2030.toml`: 元旦 (N2030, `2030.toml`) names `2030-01-01` in `overrides`, but no earlier notice decides that day"
    );
}

#[test]
fn years_must_be_contiguous_and_once() {
    let (a, c) = (file(2030, "2030-01-01"), file(2032, "2032-01-01"));
    assert_eq!(
        error(&[("2030.toml", &a), ("2032.toml", &c)]),
        "calendar file `2032.toml`: leaves a gap: no calendar for 2031 between `2030.toml` (2030) and `2032.toml` (2032)"
    );
    assert_eq!(
        error(&[("2030.toml", &a), ("again/2030.toml", &a)]),
        "calendar file `again/2030.toml`: year 2030 is also given by `2030.toml`"
    );
    assert_eq!(error(&[]), "calendar file `(none)`: no calendar file was given");
    assert_eq!(
        error(&[("2031.toml", &a)]),
        "calendar file `2031.toml`: the file is named for 2031 but says `year = 2030`"
    );
}

#[test]
fn weekdays_notices_and_format() {
    // Monday 2030-01-07 cannot be a 调休上班 day.
    let weekday = file(2030, "2030-01-01").replace("off = ", "work = [\"2030-01-07\"]\noff = ");
    assert_eq!(
        error(&[("2030.toml", &weekday)]),
        "calendar file `2030.toml`: holiday `元旦` (N2030): `2030-01-07` in `work` is a Mon, not a Saturday or Sunday"
    );
    let uncited = file(2030, "2030-01-01").replace("notice = \"N2030\"", "notice = \"N1999\"");
    assert_eq!(
        error(&[("2030.toml", &uncited)]),
        "calendar file `2030.toml`: holiday `元旦` (N1999) cites notice `N1999`, which this file does not declare"
    );
    let amends = file(2030, "2030-01-01").replace("date = \"2029-11-01\"", "date = \"2029-11-01\"\namends = \"N1\"");
    assert_eq!(
        error(&[("2030.toml", &amends)]),
        "calendar file `2030.toml`: notice `N2030` amends `N1`, which no file declares"
    );
    assert_eq!(
        error(&[(
            "2030.toml",
            &file(2030, "2030-01-01").replace("format = 1", "format = 2")
        )]),
        "calendar file `2030.toml`: unsupported `format = 2`; this build reads format 1"
    );
}

#[test]
fn with_extra_checks_the_new_file() {
    let base = Calendar::embedded().unwrap();
    assert_eq!(
        base.with_file("2027.toml", &file(2027, "2027-01-01")).map(|c| c.last()),
        Ok(NaiveDate::from_ymd_opt(2027, 12, 31).unwrap())
    );
    assert_eq!(
        base.with_file("2026.toml", &file(2026, "2026-01-01"))
            .unwrap_err()
            .to_string(),
        "calendar file `2026.toml`: year 2026 is also given by `2026.toml`"
    );
}
