//! `--calendar FILE` on every command that counts working days: `check`, `workdays`,
//! `calendar` (issue 14: a new year's notice without a rebuild).
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::process::Output;

mod common;
use common::{fundcheck, root};

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim_end().to_owned()
}

const TOML: &str = "tests/calendars/2027-fixture.toml";
const JSON: &str = "tests/calendars/2027-fixture.json";

#[test]
fn workdays_past_the_embedded_years_need_the_next_year_file() {
    let out = fundcheck(&["workdays", "add", "2026-12-31", "1"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 working day after `2026-12-31` runs past the working-day calendar, which covers `2019-01-01` to `2026-12-31`"),
        "{err}"
    );
    assert!(
        err.contains("add it as a calendar year file (see rules/calendars/README.md)"),
        "{err}"
    );
    // Thursday 2026-12-31 + 1: Friday 2027-01-01 is the fixture's holiday, so Monday 01-04.
    for file in [TOML, JSON] {
        let out = fundcheck(&["workdays", "add", "2026-12-31", "1", "--calendar", file]);
        assert_eq!(
            (out.status.code(), stdout(&out)),
            (Some(0), "2027-01-04".to_owned()),
            "{file}"
        );
        let out = fundcheck(&["workdays", "--calendar", file, "between", "2026-12-28", "2027-01-05"]);
        assert_eq!(stdout(&out), "5", "{file}");
    }
}

#[test]
fn the_calendar_command_takes_the_file_under_both_names() {
    for flag in ["--calendar", "--extra"] {
        let out = fundcheck(&["calendar", "2027", flag, TOML]);
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).starts_with("2027年 工作日历"), "{}", stdout(&out));
    }
}

#[test]
fn check_with_a_calendar_year_dates_the_deadline_and_changes_the_digest() {
    let app = root().join("tests/vectors/deadline-review-past-the-calendar-pending.json");
    let vector: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(app).unwrap()).unwrap();
    let dir = common::scratch("calendar");
    let doc = dir.join("late.json");
    std::fs::write(&doc, vector["input"].to_string()).unwrap();
    let doc = doc.to_str().unwrap();
    let report = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["check", "--format", "json", "--as-of", "2027-01-05", doc];
        args.extend_from_slice(extra);
        serde_json::from_slice(&fundcheck(&args).stdout).unwrap()
    };
    let without = report(&[]);
    let with = report(&["--calendar", TOML]);
    assert_eq!(without["figures"].get("review_due"), None);
    assert_eq!(with["figures"]["review_due"], "2027-01-05");
    assert_ne!(without["pack"]["digest"], with["pack"]["digest"]);
    // The same year as JSON is the same calendar: the same digest.
    assert_eq!(report(&["--calendar", JSON])["pack"]["digest"], with["pack"]["digest"]);
    let missing = fundcheck(&["check", "--lang", "zh", "--calendar", "no-such-2027.toml", doc]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("文件不存在"));
    std::fs::remove_dir_all(dir).unwrap();
}
