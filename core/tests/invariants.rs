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
    history(&History {
        proposed,
        payments: payments.to_vec(),
        result: Some(result.to_string()),
        misuse: Some(misuse),
        completed: Some(if late { 20200702 } else { 20200520 }),
        steps: [
            Some(20200525),
            Some(20200529),
            Some(20200605),
            Some(20200609),
            Some(20200615),
        ],
        rectified: None,
    })
}

/// A generated history: the dates (yyyymmdd, or blank) of receipt, review, acceptance,
/// evaluation and city approval; a result, a rectification, misuse, payments.
#[derive(Clone, Debug)]
struct History {
    proposed: u64,
    payments: Vec<(u32, u64)>,
    result: Option<String>,
    misuse: Option<bool>,
    completed: Option<u32>,
    steps: [Option<u32>; 5],
    rectified: Option<(u32, String)>,
}

fn day(n: u32) -> String {
    format!("\"{:04}-{:02}-{:02}\"", n / 10000, n / 100 % 100, n % 100)
}

fn opt(n: Option<u32>) -> String {
    n.map_or_else(|| "null".to_string(), day)
}

fn history(h: &History) -> String {
    let payments: Vec<String> = h
        .payments
        .iter()
        .map(|(d, amount)| {
            let date = chrono::NaiveDate::from_yo_opt(2020, d % 360 + 1).unwrap();
            format!(r#"{{"date":"{date}","amount":"{}"}}"#, fen(*amount))
        })
        .collect();
    let text = |s: &Option<String>| s.as_ref().map_or_else(|| "null".to_string(), |r| format!("\"{r}\""));
    let (rectified_on, rectified_result) = match &h.rectified {
        Some((d, r)) => (day(*d), format!("\"{r}\"")),
        None => ("null".to_string(), "null".to_string()),
    };
    let deadline = if h.result.as_deref() == Some("unqualified") {
        day(20200731)
    } else {
        "null".to_string()
    };
    let [received, review, acceptance, evaluation, approval] = h.steps;
    format!(
        r#"{{"kind":"application","id":"P","category":"training",
        "project":{{"status":"completed","scheduled_completion":"2020-06-30","completed_on":{}}},
        "subsidy":{{"proposed":"{}"}},"payments":[{}],
        "process":{{"received":{},"review_completed":{},"acceptance_completed":{},
        "evaluation_issued":{},"result":{},"rectification_deadline":{deadline},
        "rectified_on":{rectified_on},"rectified_result":{rectified_result},
        "city_approval":{},"misuse_found":{}}}}}"#,
        opt(h.completed),
        fen(h.proposed),
        payments.join(","),
        opt(received),
        opt(review),
        opt(acceptance),
        opt(evaluation),
        text(&h.result),
        opt(approval),
        h.misuse.map_or_else(|| "null".to_string(), |b| b.to_string()),
    )
}

fn ymd(offset: u32) -> u32 {
    use chrono::Datelike;
    let d = chrono::NaiveDate::from_yo_opt(2020, 120 + offset).unwrap();
    d.year() as u32 * 10000 + d.month() * 100 + d.day()
}

/// Histories in the required order: each step a few days after the one before.
fn histories() -> impl Strategy<Value = History> {
    (
        1u64..10_000_000_000,
        prop::collection::vec((100u32..260, 1u64..2_000_000_000), 0..5),
        prop::option::of(prop::sample::select(vec![
            "qualified",
            "basically_qualified",
            "unqualified",
        ])),
        prop::option::of(any::<bool>()),
        prop::collection::vec(0u32..12, 6),
        prop::option::of(prop::sample::select(vec!["qualified", "unqualified"])),
    )
        .prop_map(|(proposed, payments, result, misuse, gaps, rectified)| {
            let mut at = 0;
            let mut next = |i: usize| {
                at += gaps.get(i).copied().unwrap_or(1);
                ymd(at)
            };
            let completed = Some(next(0));
            let mut steps = [
                Some(next(1)),
                Some(next(2)),
                Some(next(3)),
                Some(next(4)),
                Some(next(5)),
            ];
            let result = result.map(String::from);
            let rectified = match (result.as_deref(), rectified) {
                (Some("unqualified"), Some(r)) => Some((ymd(at + 3), r.to_string())),
                _ => None,
            };
            if result.is_none() {
                steps[3] = None;
                steps[4] = None;
            }
            History {
                proposed,
                payments,
                result,
                misuse,
                completed,
                steps,
                rectified,
            }
        })
}

const MONEY_FIGURES: [&str; 9] = [
    "max_prepayment",
    "payable_subsidy",
    "paid",
    "balance_due",
    "overpaid_due",
    "clawback_due",
    "other_recovery_due",
    "recovery_due",
    "prepaid",
];

fn run(doc: &str, as_of: Option<chrono::NaiveDate>) -> Report {
    check_bytes(
        doc.as_bytes(),
        pack(),
        &Options {
            as_of,
            ..Options::default()
        },
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    /// A float amount read on the fast path is what its shortest decimal text gives (the JSON
    /// reading), for whole fen typed as a spreadsheet would hold them and for any float.
    #[test]
    fn a_float_exact_to_the_fen_is_read_as_its_shortest_text(fen in 1i64..1_000_000_000_000, bits in any::<u64>()) {
        #[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
        let typed = fen as f64 / 100.0;
        for value in [typed, f64::from_bits(bits)] {
            if let Some(fast) = Money::from_float_fen(value) {
                let text = fundcheck::json::shortest_text(value);
                prop_assert_eq!(Some(fast), Money::from_json_number(&text).ok(), "{}", text);
            }
        }
        if fen < 800_000_000_000 {
            prop_assert!(Money::from_float_fen(typed).is_some(), "{} fen", fen);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// lifecycle.md: `recovery_due` ≤ `paid`; never a balance and a recovery together; a
    /// failure's recovery splits into the prepayments and the rest; `prepaid` + headroom = max;
    /// a failure is reported once.
    #[test]
    fn recovery_never_exceeds_paid_and_never_with_a_balance(h in histories(), as_of_day in 150u32..300) {
        let report = run(&history(&h), chrono::NaiveDate::from_yo_opt(2020, as_of_day));
        let paid = money(&report, "paid").unwrap();
        if let Some(recovery) = money(&report, "recovery_due") {
            prop_assert!(recovery <= paid && recovery >= Decimal::ZERO);
            let balance = money(&report, "balance_due").unwrap_or_default();
            prop_assert!(balance >= Decimal::ZERO);
            prop_assert!(!(balance > Decimal::ZERO && recovery > Decimal::ZERO));
            if let (Some(claw), Some(other)) = (money(&report, "clawback_due"), money(&report, "other_recovery_due")) {
                prop_assert_eq!(claw + other, recovery);
            }
        }
        if let (Some(max), Some(prepaid), Some(headroom)) = (
            money(&report, "max_prepayment"),
            money(&report, "prepaid"),
            money(&report, "prepayment_headroom"),
        ) {
            prop_assert_eq!(headroom + prepaid, max);
        }
        let failures = report.findings.iter().filter(|f| {
            ["settlement.misuse", "validity.in_force", "settlement.clawback_acceptance"].contains(&&*f.rule)
                || (&*f.rule == "settlement.unqualified"
                    && f.path.to_string() == "/process/result"
                    && f.severity == fundcheck::Severity::Error)
        });
        prop_assert!(failures.count() <= 1);
    }

    /// lifecycle.md: for H′ = H with one date left blank — a date that something else shows
    /// happened (a later dated step, the result, the status) — every money figure of H′ is that
    /// of H or absent. (Blanking the last recorded step makes another history: by lifecycle.md's
    /// definition of a blank, that step has not happened.)
    #[test]
    fn a_blank_date_never_moves_money(h in histories(), which in 0usize..6, as_of_day in 150u32..300) {
        let as_of = chrono::NaiveDate::from_yo_opt(2020, as_of_day);
        let mut blank = h.clone();
        let shown = match which {
            0 => {
                blank.completed = None;
                true
            }
            i => {
                let later = blank.steps.iter().skip(i).any(Option::is_some) || blank.rectified.is_some();
                let by_result = i == 4 && blank.result.is_some();
                let was_dated = blank.steps[i - 1].is_some();
                blank.steps[i - 1] = None;
                was_dated && (later || by_result)
            }
        };
        prop_assume!(shown);
        let full = run(&history(&h), as_of);
        let blanked = run(&history(&blank), as_of);
        for name in MONEY_FIGURES {
            if let Some(b) = money(&blanked, name) {
                prop_assert_eq!(Some(b), money(&full, name), "figure {} moved", name);
            }
        }
    }

    /// lifecycle.md: shuffling the payments changes nothing but the indices in paths.
    #[test]
    fn shuffling_payments_changes_only_their_indices(h in histories(), seed in any::<u64>()) {
        let mut shuffled = h.clone();
        let n = shuffled.payments.len();
        let mut order: Vec<usize> = (0..n).collect();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (s >> 33) as usize % (i + 1));
        }
        shuffled.payments = order.iter().map(|&i| h.payments[i]).collect();
        let as_of = chrono::NaiveDate::from_ymd_opt(2020, 9, 1);
        let (a, b) = (run(&history(&h), as_of), run(&history(&shuffled), as_of));
        prop_assert_eq!(&a.figures, &b.figures);
        let key = |r: &Report, unmap: &dyn Fn(usize) -> usize| {
            let mut items: Vec<String> = r
                .findings
                .iter()
                .map(|f| {
                    let path = f.path.to_string();
                    let index = path
                        .strip_prefix("/payments/")
                        .and_then(|rest| rest.split('/').next()?.parse::<usize>().ok());
                    let path = index.map_or(path, |i| format!("/payments/{}", unmap(i)));
                    format!("{} {} {} {:?}", f.rule, f.severity.as_str(), path, f.facts)
                })
                .collect();
            items.sort();
            items
        };
        prop_assert_eq!(key(&a, &|i| i), key(&b, &|i| order[i]));
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
            report.findings.iter().any(|f| &*f.rule == "budget.public_center_cap" && f.severity != fundcheck::Severity::Info)
        };
        // Once the larger amount is within the cap, so is the smaller one.
        prop_assert!(!broken(low) || broken(high));
    }
}
