//! Figures several rules set: a rule that names its figure after one of the settlement's
//! (`outcome`, `paid`) gets what the rule order says, as when every settlement rule sets them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use fundcheck::report::Value;
use fundcheck::{check_bytes, Options, Pack};

fn figures(pack: &Pack) -> Vec<(String, Value)> {
    let bytes =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../benches/data/application.json"))
            .unwrap();
    let report = check_bytes(&bytes, pack, &Options::default()).unwrap();
    report.figures.iter().map(|(n, v)| (n.to_string(), v.clone())).collect()
}

fn figure<'f>(figures: &'f [(String, Value)], name: &str) -> Option<&'f Value> {
    figures.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

#[test]
fn a_figure_set_before_the_settlement_rules_is_overwritten_by_them() {
    let pack = Pack::embedded().unwrap();
    let plain = figures(pack);
    // `eligibility.priority` (count_true) comes before the settlement rules in the pack: its
    // score, named `outcome`, is overwritten by the settlement's outcome, and every money
    // figure of the settlement is still there.
    let renamed = pack
        .with_params(&[(
            "/rules/eligibility.priority/params/figure".into(),
            serde_json::json!("outcome"),
        )])
        .unwrap();
    let got = figures(&renamed);
    assert_eq!(figure(&got, "outcome"), Some(&Value::Text("passed".into())));
    assert_eq!(figure(&got, "outcome"), figure(&plain, "outcome"));
    for name in ["paid", "payable_subsidy", "balance_due", "overpaid_due", "recovery_due"] {
        assert!(figure(&got, name).is_some(), "{name} is missing");
        assert_eq!(figure(&got, name), figure(&plain, name), "{name}");
    }
    assert_eq!(figure(&got, "priority_score"), None);
}

#[test]
fn a_figure_set_after_the_settlement_rules_wins() {
    let pack = Pack::embedded().unwrap();
    // `deadline.review` (working_day_deadline) comes after them: its date, named `paid`,
    // replaces the settlement's amount.
    let renamed = pack
        .with_params(&[("/rules/deadline.review/params/figure".into(), serde_json::json!("paid"))])
        .unwrap();
    let got = figures(&renamed);
    let plain = figures(pack);
    assert!(
        matches!(figure(&got, "paid"), Some(Value::Date(_))),
        "{:?}",
        figure(&got, "paid")
    );
    assert_eq!(figure(&got, "paid"), figure(&plain, "review_due"));
}
