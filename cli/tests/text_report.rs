//! The text report a clerk reads (`fundcheck check`, text format): figures by the pack's
//! labels, money with thousands separators, the priority criteria met and not met, a legend of
//! the clause prefixes, and file errors in the reader's language. The JSON stays as it was.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{fundcheck, root};

const EXAMPLE: &str = "examples/application-service-stations.json";

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The rows of the figure table (after the `数据` / `Figures` heading, up to the blank line),
/// each as its label and its value (the last column, right-aligned).
fn figures(report: &str, heading: &str) -> Vec<(String, String)> {
    let mut lines = report.lines().skip_while(|l| *l != heading);
    assert_eq!(lines.next(), Some(heading), "no figure table in:\n{report}");
    lines
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let (label, value) = l.trim().rsplit_once("  ").unwrap();
            (label.trim().to_string(), value.trim().to_string())
        })
        .collect()
}

fn figure<'a>(rows: &'a [(String, String)], label: &str) -> &'a str {
    rows.iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no figure `{label}` in {rows:?}"))
}

#[test]
fn the_chinese_report_names_figures_by_their_labels_with_grouped_amounts() {
    let out = fundcheck(&["check", "--lang", "zh", EXAMPLE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    let rows = figures(&report, "数据");
    // FM 四(一): prepayments at most 50% of the proposed subsidy 1,200,000.00 → 600,000.00.
    // Prepaid: the payment of 2019-11-20 (500,000.00), before acceptance was completed on
    // 2020-06-05; the one of 2020-06-18 is the balance. Headroom 600,000 − 500,000.
    assert_eq!(figure(&rows, "预拨上限"), "600,000.00");
    assert_eq!(figure(&rows, "已预拨资金"), "500,000.00");
    assert_eq!(figure(&rows, "预拨尚余额度"), "100,000.00");
    // Qualified (PM 三(三)): 100% of the proposed subsidy is payable; all of it was paid.
    assert_eq!(figure(&rows, "核定补贴"), "1,200,000.00");
    assert_eq!(figure(&rows, "已拨付"), "1,200,000.00");
    assert_eq!(figure(&rows, "应拨余款"), "0.00");
    // Text values by their labels: the outcome, and the phase of 2020-06-18 (IP 五(二)).
    assert_eq!(figure(&rows, "结算结论"), "通过");
    assert_eq!(figure(&rows, "所处阶段"), "实施阶段");
    assert_eq!(figure(&rows, "评审期限"), "2020-06-01");
    assert_eq!(figure(&rows, "优先扶持得分"), "2");
    // No id and no ungrouped amount is left in the Chinese report.
    for id in [
        "max_prepayment",
        "prepaid",
        "payable_subsidy",
        "implementation",
        "passed",
        "priority_score",
    ] {
        assert!(!report.contains(id), "`{id}` in:\n{report}");
    }
    assert!(
        !report.contains("600000.00") && !report.contains("1200000.00"),
        "{report}"
    );
}

#[test]
fn the_english_report_reads_as_english() {
    let out = fundcheck(&["check", "--lang", "en", EXAMPLE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    let rows = figures(&report, "Figures");
    assert_eq!(figure(&rows, "maximum prepayment"), "600,000.00");
    assert_eq!(figure(&rows, "prepaid"), "500,000.00");
    assert_eq!(figure(&rows, "payable subsidy"), "1,200,000.00");
    assert_eq!(figure(&rows, "settlement outcome"), "passed");
    assert_eq!(figure(&rows, "phase"), "implementation");
    assert_eq!(figure(&rows, "priority score"), "2");
    assert!(
        !report.contains("max_prepayment") && !report.contains("600000.00"),
        "{report}"
    );
    for zh in ["数据", "预拨上限", "所处阶段", "实施阶段", "具备", "条款出处"] {
        assert!(!report.contains(zh), "`{zh}` in:\n{report}");
    }
}

#[test]
fn the_priority_finding_says_which_criteria_are_met() {
    // has_benefit and has_output are true, has_tax_source false: 2 of 3 (FM 二(三)).
    let zh = stdout(&fundcheck(&["check", "--lang", "zh", EXAMPLE]));
    let at = zh.find("eligibility.priority").unwrap();
    let lines: Vec<&str> = zh[at..].lines().take(3).collect();
    assert_eq!(lines[1].trim(), "优先扶持得分 2/3（有效益、有产出、有税源）");
    assert_eq!(lines[2].trim(), "具备：有效益、有产出；不具备：有税源");
    let en = stdout(&fundcheck(&["check", "--lang", "en", EXAMPLE]));
    assert!(
        en.contains("\n      met: benefit, output; not met: tax source\n"),
        "{en}"
    );

    // A criterion left blank is neither met nor not met.
    let doc = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let blank = doc.replace("\"has_output\": true,", "");
    assert_ne!(blank, doc);
    let dir = scratch("priority");
    let file = dir.join("blank.json");
    std::fs::write(&file, blank).unwrap();
    let out = stdout(&fundcheck(&["check", "--lang", "zh", file.to_str().unwrap()]));
    assert!(
        out.contains("\n      具备：有效益；不具备：有税源；未填写：有产出\n"),
        "{out}"
    );
}

#[test]
fn a_legend_at_the_end_names_the_documents_of_the_clause_prefixes() {
    let zh = stdout(&fundcheck(&["check", "--lang", "zh", EXAMPLE]));
    let legend = zh.find("\n条款出处：偃政办〔2019〕13号").unwrap();
    assert!(
        legend > zh.find("\n数据\n").unwrap(),
        "the legend ends the report:\n{zh}"
    );
    assert!(
        zh[legend..].ends_with(
            "\n  FM  附件1 专项资金使用管理办法\n  IP  实施方案（正文 一至七）\n  PM  附件2 省级示范县项目管理办法\n\n"
        ),
        "{zh}"
    );
    let en = stdout(&fundcheck(&["check", "--lang", "en", EXAMPLE]));
    assert!(en.contains("\nClauses cited, from Yanshi City People's Government General Office, document 偃政办〔2019〕13号 (30 April 2019):\n  FM  Annex 1, Special Fund Management Measures\n  IP  Implementation Plan (main body, sections 一–七)\n  PM  Annex 2, Project Management Measures\n"), "{en}");
    // Only the prefixes the report cites: an allocation plan cites FM and IP, not PM.
    let plan = stdout(&fundcheck(&["check", "--lang", "zh", "examples/programme-2019.csv"]));
    let legend = &plan[plan.find("\n条款出处").unwrap()..];
    assert!(
        legend.contains("  FM  ") && legend.contains("  IP  ") && !legend.contains("  PM  "),
        "{plan}"
    );
    assert_eq!(figure(&figures(&plan, "数据"), "省级专项资金已分配"), "15,000,000.00");
}

#[test]
fn the_json_report_keeps_ids_and_plain_decimals() {
    let out = stdout(&fundcheck(&["check", "--format", "json", "--lang", "zh", EXAMPLE]));
    assert!(out.contains(r#""max_prepayment":"600000.00""#), "{out}");
    assert!(out.contains(r#""phase":"implementation""#), "{out}");
    assert!(out.contains(r#""facts":{"score":2,"max":3}"#), "{out}");
    assert!(!out.contains("预拨上限") && !out.contains("条款出处"), "{out}");
}

#[test]
fn a_file_that_cannot_be_read_is_said_in_the_reader_s_language() {
    let zh = fundcheck(&["check", "--lang", "zh", "missing.json"]);
    assert_eq!(zh.status.code(), Some(2));
    assert!(zh.stdout.is_empty());
    assert_eq!(stderr(&zh), "fundcheck: 无法读取文件 missing.json：文件不存在\n");
    let en = fundcheck(&["check", "--lang", "en", "missing.json"]);
    assert_eq!(stderr(&en), "fundcheck: cannot read missing.json: no such file\n");
    // The other files are still checked, and the exit status says one could not be read.
    let both = fundcheck(&["check", "--lang", "zh", "missing.json", EXAMPLE]);
    assert_eq!(both.status.code(), Some(2));
    assert!(stdout(&both).contains("预拨上限"));
    assert!(!stderr(&both).contains("os error"), "{}", stderr(&both));
}

#[cfg(target_os = "linux")]
#[test]
fn a_directory_is_not_a_file() {
    let zh = fundcheck(&["check", "--lang", "zh", "examples"]);
    assert_eq!(zh.status.code(), Some(2));
    assert_eq!(
        stderr(&zh),
        "fundcheck: 无法读取文件 examples：这是一个目录，不是文件\n"
    );
    let en = fundcheck(&["check", "--lang", "en", "examples"]);
    assert_eq!(
        stderr(&en),
        "fundcheck: cannot read examples: it is a directory, not a file\n"
    );
}

/// A directory of this test's own under cargo's scratch space for tests, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("text-report-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The second pack's application (tests/vectors), checked with a copy of the pack changed by
/// `edit`.
fn other_county(edit: impl Fn(&str) -> String, name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let pack = std::fs::read_to_string(root().join("tests/packs/other-county.toml")).unwrap();
    let edited = edit(&pack);
    assert_ne!(edited, pack, "the edit changed nothing");
    let pack_path = dir.join("pack.toml");
    std::fs::write(&pack_path, edited).unwrap();
    let vector: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/vectors/otherpack-complete-village-stations-golden.json")).unwrap(),
    )
    .unwrap();
    let doc_path = dir.join("application.json");
    std::fs::write(&doc_path, vector["input"].to_string()).unwrap();
    (pack_path, doc_path)
}

#[test]
fn another_pack_brings_its_own_labels_and_legend() {
    let (pack, doc) = other_county(|p| p.replace("优先支持得分\"", "优先支持得分（QM）\""), "labels");
    let out = stdout(&fundcheck(&[
        "check",
        "--lang",
        "zh",
        "--pack",
        pack.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]));
    assert_eq!(figure(&figures(&out, "数据"), "优先支持得分（QM）"), "2");
    assert!(out.contains("\n      具备：有效益、有税源\n"), "{out}");
    assert!(out.ends_with("\n  QM  专项资金管理办法（虚构）\n\n"), "{out}");
}

#[test]
fn a_figure_without_a_label_shows_its_id_and_an_ordered_one_fails_lint() {
    // Without [report] at all, the figure falls back to its id.
    let (pack, doc) = other_county(
        |p| {
            let start = p.find("[report]").unwrap();
            let end = p.find("# ═══ Rules").unwrap();
            format!("{}{}", &p[..start], &p[end..])
        },
        "fallback",
    );
    let out = stdout(&fundcheck(&[
        "check",
        "--lang",
        "zh",
        "--pack",
        pack.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]));
    assert_eq!(figure(&figures(&out, "数据"), "priority_score"), "2");
    // Without criteria labels, a criterion is named by its field.
    assert!(out.contains("\n      具备：has_benefit、has_tax_source\n"), "{out}");

    // A figure the pack orders must have a label: `pack lint` refuses the pack, naming it.
    let (pack, _) = other_county(
        |p| {
            p.replace(
                r#"figure_order = ["priority_score"]"#,
                r#"figure_order = ["priority_score", "novel"]"#,
            )
        },
        "lint",
    );
    let lint = fundcheck(&["pack", "lint", pack.to_str().unwrap()]);
    assert_eq!(lint.status.code(), Some(2));
    assert!(
        stderr(&lint).contains("report.labels.novel: figure `novel` is in figure_order but has no label"),
        "{}",
        stderr(&lint)
    );
}

/// A pack citing its text's own articles (霍邱: 第二条) names the document they are articles of,
/// where a pack citing parts lists the parts; a base notice cited beside them keeps its name.
#[test]
fn a_pack_citing_articles_names_its_document_in_the_legend() {
    let dir = common::scratch("text-articles");
    let plan = dir.join("plan.csv");
    std::fs::write(
        &plan,
        "project,category,source,amount,use,upward,year\nA,demonstration,central,8000000.01,征地拆迁,true,2016\n",
    )
    .unwrap();
    let out = fundcheck(&["check", plan.to_str().unwrap(), "--pack", "rules/huoqiu-2020.toml"]);
    let text = stdout(&out);
    assert!(
        text.contains("条款出处：霍邱县2019年电子商务进农村综合示范专项资金使用管理办法（试行）"),
        "{text}"
    );
    let row = |start: &str, end: &str| text.lines().any(|l| l.starts_with(start) && l.ends_with(end));
    assert!(row("  第…条 ", " 本办法的条款"), "{text}");
    assert!(row("  财办建〔2020〕48号 ", " 财办建〔2020〕48号（转载）"), "{text}");
    assert!(figures(&text, "数据").contains(&("2016年度资金已安排".to_owned(), "8,000,000.01".to_owned())));
    std::fs::remove_dir_all(&dir).ok();
}
