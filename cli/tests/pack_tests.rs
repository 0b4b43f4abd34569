//! `fundcheck test`: a pack's tests, their results and their coverage (issue 15).
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::fundcheck;

#[test]
fn the_shipped_tests_pass_and_with_the_vectors_cover_every_rule() {
    let out = fundcheck(&["test", "rules/tests", "tests/vectors", "--min-coverage", "100"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("  ok    a complete service stations application passes"),
        "{text}"
    );
    assert!(text.contains("rules    55/55 (100.0%)"), "{text}");
    assert!(text.contains("readings 10/10 (100.0%)"), "{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");
    // The five worked examples alone cover 19 of the 55 rules: below a 50% floor.
    let alone = fundcheck(&["test", "rules/tests", "--min-coverage", "50"]);
    assert_eq!(alone.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&alone.stdout).contains("rule coverage 34.5% is below --min-coverage 50.0%"));
}

#[test]
fn a_failing_case_says_what_differs_and_exits_1() {
    let dir = common::scratch("pack-tests");
    let suite = dir.join("county.toml");
    std::fs::write(
        &suite,
        r#"
[[case]]
name = "an empty plan allocates nothing"
input = { kind = "allocation", lines = [] }
[case.expect]
exit = 0
figures = { provincial_allocated = "0.00" }

[[case]]
name = "wrong on purpose"
input = { kind = "allocation", lines = [] }
[case.expect]
exit = 1
figures = { provincial_allocated = "1.00", review_due = "2020-01-01" }
findings = [{ rule = "budget.source_total", severity = "error" }]
"#,
    )
    .unwrap();
    let suite = suite.to_str().unwrap();
    let out = fundcheck(&["test", suite]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("  ok    an empty plan allocates nothing"), "{text}");
    assert!(text.contains("  FAIL  wrong on purpose"), "{text}");
    assert!(text.contains("exit 0, expected 1"), "{text}");
    assert!(
        text.contains("figure provincial_allocated is \"0.00\", expected \"1.00\""),
        "{text}"
    );
    assert!(
        text.contains("figure review_due is absent, expected \"2020-01-01\""),
        "{text}"
    );
    assert!(text.contains("that rule reported info at `/lines`"), "{text}");
    let json: serde_json::Value =
        serde_json::from_slice(&fundcheck(&["test", "--format", "json", suite]).stdout).unwrap();
    assert_eq!((json["passed"].as_u64(), json["failed"].as_u64()), (Some(1), Some(1)));
    assert_eq!(json["cases"][1]["name"], "wrong on purpose");
    assert_eq!(json["cases"][1]["failures"].as_array().unwrap().len(), 4);
    assert_eq!(json["coverage"][0]["pack"], "yanshi-2019 2019-04-30");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, r#"{"case": [{"name": "no document", "expect": {}}]}"#).unwrap();
    let out = fundcheck(&["test", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("no document: give `input`, `input_text`, `input_b64` or `document`"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn set_changes_a_rule_parameter_and_the_report_says_so() {
    let args = ["check", "--format", "json", "examples/programme-2019.csv"];
    let published: serde_json::Value = serde_json::from_slice(&fundcheck(&args).stdout).unwrap();
    let mut what_if = args.to_vec();
    what_if.extend(["--set", "budget.public_center_cap.share=0.10"]);
    let out = fundcheck(&what_if);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // 10% of the provincial 15,000,000.00 is 1,500,000.00; the centre has 2,220,000.00.
    assert_eq!(report["figures"]["public_center_limit"], "1500000.00");
    assert_eq!(report["figures"]["public_center_headroom"], "-720000.00");
    assert_eq!(
        report["pack"]["overrides"],
        serde_json::json!([{"param": "/rules/budget.public_center_cap/params/share", "value": "0.10"}])
    );
    assert_ne!(report["pack"]["digest"], published["pack"]["digest"]);
    assert!(published["pack"].get("overrides").is_none());
    let text = fundcheck(&[
        "check",
        "--lang",
        "en",
        "examples/programme-2019.csv",
        "--set",
        "budget.public_center_cap.share=0.10",
    ]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("what-if: pack parameters changed (not the published pack): /rules/budget.public_center_cap/params/share = \"0.10\""));
    let bad = fundcheck(&["check", "examples/programme-2019.csv", "--set", "nodot=1"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn pack_show_prints_a_bundle_that_checks_as_the_toml_pack_does() {
    let dir = common::scratch("bundle");
    for (pack, name) in [
        ("tests/packs/other-county.toml", "qingshan.json"),
        ("rules/yanshi-2019.toml", "yanshi.json"),
    ] {
        let shown = fundcheck(&["pack", "show", "--resolved", pack]);
        assert_eq!(shown.status.code(), Some(0));
        let bundle: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        assert_eq!(bundle["bundle"], 1);
        let path = dir.join(name);
        std::fs::write(&path, &shown.stdout).unwrap();
        let doc = "examples/application-service-stations.json";
        let from_toml = fundcheck(&["check", "--format", "json", "--pack", pack, doc]);
        let from_bundle = fundcheck(&["check", "--format", "json", "--pack", path.to_str().unwrap(), doc]);
        assert_eq!(
            String::from_utf8_lossy(&from_bundle.stdout),
            String::from_utf8_lossy(&from_toml.stdout),
            "{pack}"
        );
    }
    // The embedded pack's bundle carries its eight calendar years.
    let embedded: serde_json::Value =
        serde_json::from_slice(&fundcheck(&["pack", "show", "--resolved"]).stdout).unwrap();
    assert_eq!(embedded["calendars"].as_array().unwrap().len(), 8);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn pack_diff_names_each_difference_by_its_pointer() {
    let same = fundcheck(&["pack", "diff", "yanshi-2019", "rules/yanshi-2019.toml"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("the same pack"));
    // A second version of the pack: the centre's cap at 10% instead of 15%.
    let mut bundle: serde_json::Value =
        serde_json::from_slice(&fundcheck(&["pack", "show", "--resolved"]).stdout).unwrap();
    for rule in bundle["pack"]["rules"].as_array_mut().unwrap() {
        if rule["id"] == "budget.public_center_cap" {
            rule["params"]["share"] = "0.10".into();
        }
    }
    bundle["pack"]["pack"]["version"] = "2019-04-30-b".into();
    let dir = common::scratch("diff");
    let b = dir.join("b.json");
    std::fs::write(&b, bundle.to_string()).unwrap();
    let out = fundcheck(&["pack", "diff", "yanshi-2019", b.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("~ /pack/version: \"2019-04-30\" → \"2019-04-30-b\""),
        "{text}"
    );
    assert!(
        text.contains("~ /rules/budget.public_center_cap/params/share: \"0.15\" → \"0.10\""),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &fundcheck(&["pack", "diff", "--format", "json", "yanshi-2019", b.to_str().unwrap()]).stdout,
    )
    .unwrap();
    assert_eq!(json["differences"].as_array().unwrap().len(), 2);
    std::fs::remove_dir_all(dir).unwrap();
}
