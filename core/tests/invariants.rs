//! Property tests of the money rules' invariants, over random applications and allocations
//! run through the public API with the embedded Yanshi pack.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use fundcheck::{check_bytes, Money, Options, Pack, Report, Value};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn pack() -> &'static Pack {
    Pack::embedded().expect("embedded pack")
}

fn fen(n: u64) -> String {
    format!("{}.{:02}", n / 100, n % 100)
}

fn money(report: &Report, name: &str) -> Option<Decimal> {
    match report.figure(name) {
        Some(Value::Money(m)) => Some(m.decimal()),
        _ => None,
    }
}

/// An application with a proposed subsidy, payments on given days of 2020, and a process
/// whose result and misuse flag vary.
fn application(proposed: u64, payments: &[(u32, u64)], result: &str, misuse: bool, late: bool) -> String {
    let payments: Vec<String> = payments
        .iter()
        .map(|(day, amount)| {
            let date = chrono::NaiveDate::from_yo_opt(2020, day % 360 + 1).unwrap();
            format!(r#"{{"date":"{date}","amount":"{}"}}"#, fen(*amount))
        })
        .collect();
    let completed = if late { "2020-07-02" } else { "2020-05-20" };
    format!(
        r#"{{"kind":"application","id":"P","category":"training",
        "project":{{"status":"completed","scheduled_completion":"2020-06-30","completed_on":"{completed}"}},
        "subsidy":{{"proposed":"{}"}},"payments":[{}],
        "process":{{"received":"2020-05-25","review_completed":"2020-05-29","acceptance_completed":"2020-06-05",
        "evaluation_issued":"2020-06-09","result":"{result}","rectification_deadline":"2020-07-31",
        "city_approval":"2020-06-15","misuse_found":{misuse}}}}}"#,
        fen(proposed),
        payments.join(",")
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn clawback_never_exceeds_paid_and_never_with_a_balance(
        proposed in 1u64..10_000_000_000,
        payments in prop::collection::vec((0u32..366, 1u64..2_000_000_000), 0..6),
        result in prop::sample::select(vec!["qualified", "basically_qualified", "unqualified"]),
        misuse in any::<bool>(),
        late in any::<bool>(),
        as_of_day in 0u32..366,
    ) {
        let doc = application(proposed, &payments, result, misuse, late);
        let as_of = chrono::NaiveDate::from_yo_opt(2020, as_of_day % 360 + 1);
        let report = check_bytes(doc.as_bytes(), pack(), &Options { as_of, ..Options::default() }).unwrap();
        let paid = money(&report, "paid").unwrap();
        if let Some(clawback) = money(&report, "clawback_due") {
            prop_assert!(clawback <= paid);
            prop_assert!(clawback >= Decimal::ZERO);
            let balance = money(&report, "balance_due").unwrap();
            prop_assert!(balance >= Decimal::ZERO);
            prop_assert!(!(balance > Decimal::ZERO && clawback > Decimal::ZERO));
        }
        let (max, prepaid, headroom) = (
            money(&report, "max_prepayment").unwrap(),
            money(&report, "prepaid").unwrap(),
            money(&report, "prepayment_headroom").unwrap(),
        );
        prop_assert_eq!(headroom + prepaid, max);
        prop_assert_eq!(report.findings.iter().filter(|f| f.rule.starts_with("settlement.") && f.severity == fundcheck::Severity::Error).count() <= 1, true);
    }

    #[test]
    fn max_prepayment_is_half_rounded_half_away_from_zero(proposed in 1u64..100_000_000_000) {
        let doc = application(proposed, &[], "qualified", false, false);
        let report = check_bytes(doc.as_bytes(), pack(), &Options::default()).unwrap();
        // Half of n fen is n/2 fen, and an odd n rounds up to the next fen.
        let expected = Money::parse(&fen(proposed / 2 + proposed % 2)).unwrap().decimal();
        prop_assert_eq!(money(&report, "max_prepayment").unwrap(), expected);
    }

    #[test]
    fn the_public_centre_cap_is_monotone_in_the_amount(a in 1u64..1_000_000_000, b in 1u64..1_000_000_000) {
        let (low, high) = (a.min(b), a.max(b));
        let broken = |amount: u64| {
            let doc = format!(
                r#"{{"kind":"allocation","lines":[{{"project":"P","category":"public_service_center","source":"provincial","amount":"{}","use":"equipment","upward":false}}]}}"#,
                fen(amount)
            );
            let report = check_bytes(doc.as_bytes(), pack(), &Options::default()).unwrap();
            report.findings.iter().any(|f| f.rule == "budget.public_center_cap" && f.severity != fundcheck::Severity::Info)
        };
        // Once the larger amount is within the cap, so is the smaller one.
        prop_assert!(!broken(low) || broken(high));
    }
}
