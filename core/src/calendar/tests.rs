//! Hand-worked values from the notices (the arithmetic is in each comment).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> Calendar {
    Calendar::embedded().unwrap()
}

fn out_of_range(date: NaiveDate) -> CalendarError {
    CalendarError::OutOfRange {
        date,
        first: d(2019, 1, 1),
        last: d(2026, 12, 31),
    }
}

#[test]
fn covers_2019_to_2026() {
    let c = cal();
    assert_eq!((c.first(), c.last()), (d(2019, 1, 1), d(2026, 12, 31)));
    assert_eq!(c.notices().len(), 10);
}

#[test]
fn national_day_2019_worked_example() {
    // Fri 09-27 received; Sun 09-29 调休 1, Mon 09-30 2, 10-01…10-07 off, Tue 10-08 3,
    // Wed 10-09 4, Thu 10-10 5.
    let c = cal();
    assert_eq!(c.add_working_days(d(2019, 9, 27), 5), Ok(d(2019, 10, 10)));
    assert_eq!(c.working_days_between(d(2019, 9, 27), d(2019, 10, 10)), Ok(5));
    assert_eq!(c.working_days_between(d(2019, 10, 10), d(2019, 9, 27)), Ok(-5));
    assert_eq!(c.add_working_days(d(2019, 9, 27), 0), Ok(d(2019, 9, 27)));
}

#[test]
fn labour_day_2019_as_amended() {
    // 国办发明电〔2019〕3号: 05-01…05-04 off, Sun 04-28 and Sun 05-05 worked.
    // From Fri 04-26: Sun 04-28 1, Mon 04-29 2, Tue 04-30 3, Sun 05-05 4, Mon 05-06 5.
    let c = cal();
    assert_eq!(c.add_working_days(d(2019, 4, 26), 4), Ok(d(2019, 5, 5)));
    assert_eq!(c.add_working_days(d(2019, 4, 26), 5), Ok(d(2019, 5, 6)));
    let may1 = c.day(d(2019, 5, 1)).unwrap();
    assert_eq!(may1.kind, DayKind::Holiday);
    assert_eq!(may1.notice.as_deref(), Some("国办发明电〔2019〕3号"));
    assert_eq!(may1.name_en.as_deref(), Some("Labour Day"));
    assert_eq!(c.day(d(2019, 5, 4)).unwrap().kind, DayKind::Holiday); // a Saturday
    assert_eq!(c.day(d(2019, 5, 5)).unwrap().kind, DayKind::AdjustedWorkday);
    assert_eq!(c.day(d(2019, 4, 28)).unwrap().kind, DayKind::AdjustedWorkday);
}

#[test]
fn spring_festival_2020_extended() {
    // 国办发明电〔2019〕16号: 01-24…01-30 off, Sun 01-19 and Sat 02-01 worked;
    // 国办发明电〔2020〕1号: off to Sun 02-02, so Fri 01-31 and Sat 02-01 are off too.
    // From Thu 01-23: Mon 02-03 1, … Fri 02-07 5.
    let c = cal();
    assert_eq!(c.add_working_days(d(2020, 1, 23), 1), Ok(d(2020, 2, 3)));
    assert_eq!(c.add_working_days(d(2020, 1, 23), 5), Ok(d(2020, 2, 7)));
    let feb1 = c.day(d(2020, 2, 1)).unwrap();
    assert_eq!(
        (feb1.kind, feb1.notice.as_deref()),
        (DayKind::Holiday, Some("国办发明电〔2020〕1号"))
    );
    assert_eq!(c.is_working_day(d(2020, 1, 31)), Ok(false));
    assert_eq!(c.add_working_days(d(2020, 1, 17), 1), Ok(d(2020, 1, 19))); // Sun 01-19 worked
    assert_eq!(c.working_days_between(d(2020, 1, 23), d(2020, 2, 3)), Ok(1));
}

#[test]
fn labour_day_2021() {
    // 05-01…05-05 off, Sun 04-25 and Sat 05-08 worked. From Fri 04-30:
    // Thu 05-06 1, Fri 05-07 2, Sat 05-08 3, Mon 05-10 4.
    let c = cal();
    assert_eq!(c.add_working_days(d(2021, 4, 30), 3), Ok(d(2021, 5, 8)));
    assert_eq!(c.add_working_days(d(2021, 4, 30), 4), Ok(d(2021, 5, 10)));
    assert_eq!(c.add_working_days(d(2021, 4, 23), 1), Ok(d(2021, 4, 25)));
}

#[test]
fn start_on_a_holiday() {
    // Thu 2019-10-03 (National Day): Tue 10-08 1, 10-09 2, 10-10 3, Fri 10-11 4, Sat 10-12 5 (调休).
    let c = cal();
    assert_eq!(c.add_working_days(d(2019, 10, 3), 1), Ok(d(2019, 10, 8)));
    assert_eq!(c.add_working_days(d(2019, 10, 3), 5), Ok(d(2019, 10, 12)));
    // A plain Saturday start: Sat 2019-11-02, Mon 11-04 is 1.
    assert_eq!(c.add_working_days(d(2019, 11, 2), 1), Ok(d(2019, 11, 4)));
}

#[test]
fn start_on_an_adjusted_working_sunday() {
    // Sun 2019-09-29 is worked but not counted: Mon 09-30 1, Tue 10-08 2.
    let c = cal();
    assert_eq!(c.add_working_days(d(2019, 9, 29), 1), Ok(d(2019, 9, 30)));
    assert_eq!(c.add_working_days(d(2019, 9, 29), 2), Ok(d(2019, 10, 8)));
    assert_eq!(c.working_days_between(d(2019, 9, 29), d(2019, 10, 8)), Ok(2));
}

#[test]
fn weekend_joined_and_eve_not_given() {
    let c = cal();
    // 与周末连休: Sat 2019-04-06 is part of the Qingming break.
    assert_eq!(c.day(d(2019, 4, 6)).unwrap().name_zh.as_deref(), Some("清明节"));
    // 2023-12-31 is decided by the 2024 notice; 2022-12-31 by the 2023 notice.
    assert_eq!(
        c.day(d(2023, 12, 31)).unwrap().notice.as_deref(),
        Some("国办发明电〔2023〕7号")
    );
    assert_eq!(
        c.day(d(2022, 12, 31)).unwrap().notice.as_deref(),
        Some("国办发明电〔2022〕16号")
    );
    // The 2024 eve (Fri 02-09) is only encouraged as rest: a working day.
    assert_eq!(c.day(d(2024, 2, 9)).unwrap().kind, DayKind::Workday);
    assert_eq!(
        c.day(d(2019, 6, 1)).unwrap(),
        DayInfo {
            date: d(2019, 6, 1),
            kind: DayKind::Weekend,
            name_zh: None,
            name_en: None,
            notice: None,
        }
    );
}

#[test]
fn out_of_range_is_an_error() {
    let c = cal();
    // 2018-12-29 is in 2019.toml (decided by the 2019 notice) but 2018 is not covered.
    assert_eq!(c.is_working_day(d(2018, 12, 29)), Err(out_of_range(d(2018, 12, 29))));
    assert_eq!(c.day(d(2027, 1, 4)), Err(out_of_range(d(2027, 1, 4))));
    // Thu 2026-12-31 is 1; a second working day would need 2027.
    assert_eq!(c.add_working_days(d(2026, 12, 30), 1), Ok(d(2026, 12, 31)));
    // The error names what was asked, not 2027-01-01, a date the caller never wrote.
    let beyond = |from, n| CalendarError::CountBeyond {
        from,
        n,
        first: d(2019, 1, 1),
        last: d(2026, 12, 31),
    };
    assert_eq!(c.add_working_days(d(2026, 12, 30), 2), Err(beyond(d(2026, 12, 30), 2)));
    assert_eq!(
        beyond(d(2026, 12, 30), 2).to_string(),
        "2 working days after `2026-12-30` run past the working-day calendar, which covers `2019-01-01` to `2026-12-31`; once that year's holiday notice is out, add it as a calendar year file (see rules/calendars/README.md)"
    );
    assert_eq!(
        c.add_working_days(d(2026, 12, 20), u32::MAX),
        Err(beyond(d(2026, 12, 20), u32::MAX))
    );
    assert_eq!(
        c.working_days_between(d(2019, 1, 1), d(2027, 1, 1)),
        Err(out_of_range(d(2027, 1, 1)))
    );
    assert_eq!(
        out_of_range(d(2027, 1, 1)).to_string(),
        "`2027-01-01` is outside the working-day calendar, which covers `2019-01-01` to `2026-12-31`; once that year's holiday notice is out, add it as a calendar year file (see rules/calendars/README.md)"
    );
    assert_eq!(c.year_grid(2027, Lang::En), Err(out_of_range(d(2027, 1, 1))));
}

#[test]
fn working_days_per_year() {
    // Weekdays − weekdays off + weekend days worked, worked by hand from the notices:
    // 2019 261−17+6, 2020 262−19+6 (02-01 no longer worked), 2021 261−18+7, 2022 260−18+7,
    // 2023 260−18+7, 2024 262−19+8, 2025 261−18+5, 2026 261−19+6.
    let c = cal();
    let counts: Vec<i64> = (2019..=2026)
        .map(|y| {
            c.working_days_between(d(y, 1, 1), d(y, 12, 31)).unwrap() + i64::from(c.is_working_day(d(y, 1, 1)).unwrap())
        })
        .collect();
    assert_eq!(counts, vec![250, 249, 250, 249, 249, 251, 248, 248]);
}

#[test]
fn with_extra_loads_the_next_year() {
    let c = cal();
    let next = "format = 1\nyear = 2027\n[[notice]]\nnumber = \"测试〔2026〕1号\"\ntitle = \"测试\"\ndate = \"2026-11-01\"\n\
                [[holiday]]\nname_zh = \"元旦\"\nname_en = \"New Year's Day\"\nnotice = \"测试〔2026〕1号\"\ntext = \"…\"\n\
                off = [\"2026-12-31..2027-01-01\"]\n";
    let more = c.with_file("2027.toml", next).unwrap();
    assert_eq!(more.last(), d(2027, 12, 31));
    assert_eq!(more.is_working_day(d(2026, 12, 31)), Ok(false));
    assert_eq!(more.add_working_days(d(2026, 12, 30), 2), Ok(d(2027, 1, 5)));
    assert_eq!(c.last(), d(2026, 12, 31));
    let gap = c
        .with_file(
            "2028.toml",
            &next
                .replace("year = 2027", "year = 2028")
                .replace("2026-12-31..2027", "2028"),
        )
        .unwrap_err();
    assert_eq!(gap.to_string(), "calendar file `2028.toml`: leaves a gap: no calendar for 2027 between `2026.toml` (2026) and `2028.toml` (2028)");
}

#[test]
fn year_grid_marks_days_and_cites_notices() {
    let c = cal();
    let zh = c.year_grid(2019, Lang::Zh).unwrap();
    assert!(zh.starts_with("2019年 工作日历（全年工作日 250 天）\n"), "{zh}");
    assert!(zh.contains("                2019年10月"), "{zh}");
    assert!(zh.contains("  1休  2休  3休  4休  5休  6休"), "{zh}");
    assert!(
        zh.contains("  劳动节  2019-05-01…2019-05-04 放假；2019-04-28, 2019-05-05 上班  国办发明电〔2019〕3号\n"),
        "{zh}"
    );
    assert!(zh.contains("  国办发明电〔2019〕3号 2019-03-22 国务院办公厅关于调整2019年劳动节假期安排的通知（调整国办发明电〔2018〕15号）\n"));
    let en = c.year_grid(2020, Lang::En).unwrap();
    assert!(en.contains("  Spring Festival  2020-01-24…2020-01-30 off; 2020-01-19 worked (2020-02-01 changed by 国办发明电〔2020〕1号)  国办发明电〔2019〕16号\n"), "{en}");
    assert!(en.contains(" Mo   Tu   We   Th   Fr   Sa   Su"), "{en}");
}
