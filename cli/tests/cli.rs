//! The command line as a person uses it: exit codes, where output goes, both languages.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

mod common;
use common::{fundcheck, root};

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fundcheck"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_passing_example_exits_0_and_reads_in_both_languages() {
    let zh = fundcheck(&["check", "examples/application-service-stations.json"]);
    assert_eq!(zh.status.code(), Some(0));
    let out = text(&zh.stdout);
    assert!(out.contains("申请单位：符合\n主管部门记录：无误"), "{out}");
    assert!(out.contains("[FM 四(一)]"), "{out}");
    assert!(out.contains("预拨上限"), "{out}");
    let en = fundcheck(&["check", "--lang", "en", "examples/application-service-stations.json"]);
    assert!(text(&en.stdout).contains("applicant: ok\nadministration's record: ok"));
}

#[test]
fn error_findings_exit_1_grouped_by_severity() {
    let doc = r#"{"kind":"allocation","final":true,"lines":[
        {"project":"P1","category":"public_service_center","source":"provincial","amount":"2300000.00","use":"staff_pay","upward":false}]}"#;
    let out = with_stdin(&["check", "--lang", "en", "-"], doc);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let errors = stdout.find("Errors").unwrap();
    let warnings = stdout.find("Warnings").unwrap();
    let notes = stdout.find("Notes").unwrap();
    assert!(errors < warnings && warnings < notes, "{stdout}");
    assert!(
        stdout.contains("budget.prohibited_use  [IP 七(三)]  /lines/0"),
        "{stdout}"
    );
}

#[test]
fn input_errors_go_to_stderr_with_exit_2_and_nothing_on_stdout() {
    let doc =
        r#"{"kind":"application","id":"X","category":"bakery","payments":[{"date":"2019-02-29","amount":"1.005"}]}"#;
    let out = with_stdin(&["check", "--lang", "en", "-"], doc);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("-:/category  input.vocabulary"), "{stderr}");
    assert!(stderr.contains("-:/payments/0/date  input.date"), "{stderr}");
    assert!(stderr.contains("-:/payments/0/amount  input.money"), "{stderr}");
    let json = with_stdin(&["check", "--format", "json", "-"], doc);
    let parsed: serde_json::Value = serde_json::from_str(text(&json.stderr).trim()).unwrap();
    assert_eq!(parsed["error"]["errors"].as_array().unwrap().len(), 3);
}

#[test]
fn several_files_give_one_canonical_report_per_line() {
    let out = fundcheck(&[
        "check",
        "--format",
        "json",
        "examples/application-service-stations.json",
        "examples/programme-2019.csv",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with(r#"{"pack":{"id":"yanshi-2019""#));
    assert!(lines[1].contains(r#""kind":"allocation""#));
}

#[test]
fn max_findings_truncates_with_a_note() {
    let out = fundcheck(&[
        "check",
        "--format",
        "json",
        "--max-findings",
        "2",
        "examples/programme-2019.csv",
    ]);
    let report: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3);
    assert_eq!(findings[2]["rule"], "report.max_findings");
    assert_eq!(findings[2]["facts"]["left_out"], 5);
}

#[test]
fn pack_lint_passes_the_yanshi_pack_and_names_the_broken_row() {
    let ok = fundcheck(&["pack", "lint", "rules/yanshi-2019.toml"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let broken = fundcheck(&["pack", "lint", "tests/packs/broken-table.toml"]);
    assert_eq!(broken.status.code(), Some(2));
    let stderr = text(&broken.stderr);
    assert!(
        stderr.contains("groups (source provincial)") && stderr.contains("logistics_and_stations 6500000.00"),
        "{stderr}"
    );
}

#[test]
fn rules_explain_and_workdays() {
    let rules = fundcheck(&["rules", "--lang", "en"]);
    assert!(text(&rules.stdout).lines().any(|l| l.starts_with("prepayment.cap")));
    let explain = fundcheck(&["explain", "prepayment.cap"]);
    assert!(text(&explain.stdout).contains("最多不超过拟补贴额度的50%"));
    let unknown = fundcheck(&["explain", "no.such"]);
    assert_eq!(unknown.status.code(), Some(2));
    // Worked example 2: Friday 2019-09-27 + 5 working days = 2019-10-10.
    let add = fundcheck(&["workdays", "add", "2019-09-27", "5"]);
    assert_eq!(text(&add.stdout).trim(), "2019-10-10");
    let between = fundcheck(&["workdays", "between", "2019-09-27", "2019-10-10"]);
    assert_eq!(text(&between.stdout).trim(), "5");
    let outside = fundcheck(&["workdays", "add", "2026-12-28", "5"]);
    assert_eq!(outside.status.code(), Some(2));
    assert!(text(&outside.stderr).contains("2026-12-31"));
    let grid = fundcheck(&["calendar", "2020"]);
    assert!(text(&grid.stdout).contains("国办发明电〔2020〕1号"));
}

#[test]
fn bad_command_lines_exit_2() {
    assert_eq!(fundcheck(&["check"]).status.code(), Some(2));
    assert_eq!(
        fundcheck(&["check", "--as-of", "2019-02-29", "examples/programme-2019.csv"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(fundcheck(&["check", "no-such-file.json"]).status.code(), Some(2));
}

/// A CSV as Excel saves it in China: GB18030 (`缑氏-01`, upward `是`).
const GB18030_CSV: &str = "70726f6a6563742c63617465676f72792c736f757263652c616d6f756e742c7573652c7570776172640ae7c3cacf2d30312c7075626c69635f736572766963655f63656e7465722c70726f76696e6369616c2c313030303030302e30302c65717569706d656e742ccac70a";

#[test]
fn gb18030_csv_needs_the_flag_and_then_reads() {
    let bytes: Vec<u8> = (0..GB18030_CSV.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&GB18030_CSV[i..i + 2], 16).unwrap())
        .collect();
    let path = std::env::temp_dir().join(format!("fundcheck-gb18030-{}.csv", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let file = path.to_str().unwrap();
    let without = fundcheck(&["check", "--lang", "en", file]);
    assert_eq!(without.status.code(), Some(2));
    assert!(
        text(&without.stderr).contains("--encoding gb18030"),
        "{}",
        text(&without.stderr)
    );
    let with = fundcheck(&["check", "--format", "json", "--encoding", "gb18030", file]);
    assert_eq!(with.status.code(), Some(0), "{}", text(&with.stderr));
    let report: serde_json::Value = serde_json::from_str(text(&with.stdout).trim()).unwrap();
    assert_eq!(report["figures"]["upward_amount"], "1000000.00");
    let _ = std::fs::remove_file(path);
}

#[test]
fn with_format_json_every_refusal_is_the_core_s_error_object() {
    let example = root().join("examples/application-service-stations.json");
    let example = example.to_string_lossy().to_string();
    let out = fundcheck(&[
        "check",
        "--format",
        "json",
        "--lang",
        "en",
        "--as-of",
        "2020-13-01",
        &example,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let parsed: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).unwrap();
    assert_eq!(
        parsed["error"],
        serde_json::json!({
            "error": "ArgumentError", "code": "argument.invalid", "path": "/as-of",
            "message": "/as-of: option `as-of` must be a date written year first (such as 2020-06-30, 2020/6/30 or 2020年6月30日), not `2020-13-01`",
            "errors": [{"code": "argument.invalid", "path": "/as-of",
                        "message": "option `as-of` must be a date written year first (such as 2020-06-30, 2020/6/30 or 2020年6月30日), not `2020-13-01`"}]
        })
    );
    let out = fundcheck(&[
        "check",
        "--format",
        "json",
        "--lang",
        "en",
        "--param",
        "/rules/no.such/params/x=1",
        &example,
    ]);
    let parsed: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).unwrap();
    assert_eq!(parsed["error"]["error"], "PackError");
    assert_eq!(parsed["error"]["code"], "pack.param");
    assert_eq!(parsed["error"]["path"], "params./rules/no.such/params/x");
    let bad = with_stdin(
        &["check", "--format", "json", "--lang", "en", "-"],
        r#"{"kind":"allocation","lines":[],"foo":1}"#,
    );
    let parsed: serde_json::Value = serde_json::from_str(text(&bad.stderr).trim()).unwrap();
    assert_eq!(parsed["file"], "-");
    assert_eq!(parsed["error"]["error"], "InputError");
    assert_eq!(parsed["error"]["message"], "/foo: unknown field `foo`");
}
