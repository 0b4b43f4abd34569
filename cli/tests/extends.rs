//! Base packs and `extends` from the command line (issue 15): a base lints as a base, a county
//! pack shows as written and resolved, its bundle answers as its TOML does, and a change to a
//! base rule without its reason, or one that widens it, is refused with the place named.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::fundcheck;

#[test]
fn a_base_pack_lints_as_a_base_and_checks_nothing_by_itself() {
    let out = fundcheck(&["pack", "lint", "rules/base/national-2018.toml"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("`national-2018` is a base pack (2 rules)"), "{text}");
    let check = fundcheck(&[
        "check",
        "examples/programme-2019.csv",
        "--pack",
        "rules/base/national-2018.toml",
    ]);
    assert_eq!(check.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&check.stderr).contains("pack.abstract"));
}

#[test]
fn a_county_pack_shows_as_written_and_resolved_and_its_bundle_answers_alike() {
    let written: serde_json::Value =
        serde_json::from_slice(&fundcheck(&["pack", "show", "rules/tonghe-2018.toml"]).stdout).unwrap();
    assert_eq!(written["pack"]["extends"], "national-2018");
    assert!(written["pack"].get("bases").is_none());
    assert_eq!(written["rules"].as_array().unwrap().len(), 6);
    let shown = fundcheck(&["pack", "show", "--resolved", "rules/tonghe-2018.toml"]);
    let bundle: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(
        bundle["pack"]["pack"]["bases"],
        serde_json::json!(["national-2018@2018"])
    );
    let cap = bundle["pack"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "budget.public_center_cap")
        .unwrap();
    // Inherited: the base's kind and share, the county's base of the ratio.
    assert_eq!(cap["kind"], "share_cap");
    assert_eq!(cap["params"]["share"], "0.15");
    assert_eq!(cap["params"]["ratio_base"], "allocated");
    assert_eq!(cap["base"], "national-2018@2018");

    let dir = common::scratch("extends-bundle");
    let path = dir.join("tonghe.json");
    std::fs::write(&path, &shown.stdout).unwrap();
    let plan = "project,category,source,amount,use,upward\nA,宣传推广,中央,1000000.01,x,否\n";
    std::fs::write(dir.join("plan.csv"), plan).unwrap();
    let csv = dir.join("plan.csv");
    let csv = csv.to_str().unwrap();
    let from_toml = fundcheck(&["check", csv, "--format", "json", "--pack", "rules/tonghe-2018.toml"]);
    let from_bundle = fundcheck(&["check", csv, "--format", "json", "--pack", path.to_str().unwrap()]);
    assert_eq!(from_toml.status.code(), Some(1));
    assert_eq!(from_toml.stdout, from_bundle.stdout);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_base_rule_changed_without_a_reason_or_widened_is_refused() {
    let dir = common::scratch("extends-refused");
    let county = |rules: &str| {
        format!(
            r#"[pack]
id = "county"
version = "1"
extends = "national-2018"
title = {{ zh = "县", en = "county" }}
source = {{ zh = "县", en = "county" }}
[pack.citation]
CM = {{ zh = "县办法", en = "county measures" }}
[[sources]]
id = "central"
label = {{ zh = "中央财政资金", en = "central funds" }}
fund = "10000000.00"
clause = "CM 一"
[[categories]]
id = "public_service_center"
label = {{ zh = "公共服务中心", en = "public service centre" }}
clause = "CM 二"
{rules}"#
        )
    };
    let path = dir.join("county.toml");
    std::fs::write(&path, county("")).unwrap();
    let ok = fundcheck(&["pack", "lint", path.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));

    std::fs::write(
        &path,
        county("[[rules]]\nid = \"budget.public_center_cap\"\nparams = { share = \"0.20\" }\n"),
    )
    .unwrap();
    let refused = fundcheck(&["pack", "lint", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text.contains("rules.budget.public_center_cap.overrides:"), "{text}");
    assert!(
        text.contains("rules.budget.public_center_cap.params.share: 0.20 widens the base `national-2018@2018` (0.15)"),
        "{text}"
    );

    std::fs::write(
        &path,
        county("[[rules]]\nid = \"budget.public_center_cap\"\noverrides = { zh = \"县规定更严\", en = \"the county is stricter\" }\nparams = { share = \"0.10\" }\n"),
    )
    .unwrap();
    let narrowed = fundcheck(&["pack", "lint", path.to_str().unwrap()]);
    assert_eq!(
        narrowed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&narrowed.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}
