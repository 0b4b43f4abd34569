//! Invariants of the counting, over the whole covered range.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use super::*;
use proptest::prelude::*;

fn date_in_range() -> impl Strategy<Value = NaiveDate> {
    // 2019-01-01 … 2026-12-31 is 2922 days.
    (0u64..2922).prop_map(|o| NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + chrono::Days::new(o))
}

proptest! {
    #[test]
    fn add_and_between_are_inverse(a in date_in_range(), n in 0u32..400) {
        let c = Calendar::embedded().unwrap();
        match c.add_working_days(a, n) {
            Ok(due) => {
                prop_assert_eq!(c.working_days_between(a, due), Ok(i64::from(n)));
                prop_assert_eq!(c.working_days_between(due, a), Ok(-i64::from(n)));
                if n >= 1 {
                    prop_assert!(due > a);
                    prop_assert_eq!(c.is_working_day(due), Ok(true));
                    // The day before the due date has one fewer working day after `a`.
                    let before = due.pred_opt().unwrap();
                    prop_assert_eq!(c.working_days_between(a, before), Ok(i64::from(n) - 1));
                }
            }
            Err(e) => prop_assert_eq!(e, CalendarError::CountBeyond {
                from: a,
                n,
                first: c.first(),
                last: c.last(),
            }),
        }
    }

    #[test]
    fn between_matches_a_day_by_day_count(a in date_in_range(), span in 0u64..120) {
        let c = Calendar::embedded().unwrap();
        let b = (a + chrono::Days::new(span)).min(c.last());
        let walked = a.iter_days().skip(1).take_while(|d| *d <= b)
            .filter(|d| c.is_working_day(*d).unwrap()).count();
        prop_assert_eq!(c.working_days_between(a, b), Ok(walked as i64));
    }

    #[test]
    fn kinds_agree_with_weekdays(a in date_in_range()) {
        let c = Calendar::embedded().unwrap();
        let info = c.day(a).unwrap();
        let weekend = dates::is_weekend(a);
        match info.kind {
            DayKind::Workday => prop_assert!(!weekend && info.notice.is_none()),
            DayKind::Weekend => prop_assert!(weekend && info.notice.is_none()),
            DayKind::AdjustedWorkday => prop_assert!(weekend && info.notice.is_some()),
            DayKind::Holiday => prop_assert!(info.notice.is_some() && info.name_zh.is_some()),
        }
        prop_assert_eq!(c.is_working_day(a), Ok(info.kind.is_working()));
    }
}
