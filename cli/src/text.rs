//! The text report: grouped by severity, the clause beside each finding, figures as a table.
//!
//! It is for a person, in the reader's language: figures by the pack's labels
//! (`[report.labels]`), text values by their labels (`[report.values]`, phases by
//! `[[phases]]`), money with thousands separators, the criteria a `count_true` rule counts
//! as met or not met, and a legend of the documents the clause prefixes cite
//! (`[pack.citation]`). The canonical JSON (`--format json`) keeps ids and plain decimals.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use fundcheck::doc::application::Application;
use fundcheck::{Document, Finding, InputErrors, Lang, Owner, Pack, Report, Severity, Value};

/// The display width of a text, counting CJK characters as two columns.
fn width(text: &str) -> usize {
    text.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum()
}

/// Pads to a display width, counting CJK characters as two columns.
pub fn pad(text: &str, width: usize) -> String {
    let used = self::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// Right-aligns to a display width, counting CJK characters as two columns.
fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(self::width(text))))
}

fn heading(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Info, Lang::Zh) => "提示",
        (Severity::Error, Lang::En) => "Errors",
        (Severity::Warning, Lang::En) => "Warnings",
        (Severity::Info, Lang::En) => "Notes",
    }
}

fn mark(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✗",
        Severity::Warning => "!",
        Severity::Info => "·",
    }
}

/// The text report of one file; `document` is the document when the check kept it (a CSV plan
/// is checked as it is read and is not kept).
pub fn report(file: &str, report: &Report, pack: &Pack, document: Option<&Document>, lang: Lang) -> String {
    let mut out = String::new();
    let as_of = report.as_of.map_or_else(|| "—".to_string(), |d| d.to_string());
    let (e, w, i) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    let errors_of = |owner: Owner| {
        report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.owner == owner)
            .count()
    };
    let (applicant, administration) = (errors_of(Owner::Applicant), errors_of(Owner::Administration));
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "{file}：{}，核查日 {as_of}，规则包 {} {}\n申请单位：{}\n主管部门记录：{}\n（错误 {e}，警告 {w}，提示 {i}）",
            kind_zh(report.kind),
            report.pack.id,
            report.pack.version,
            if applicant == 0 { "符合".to_string() } else { format!("不符合（{applicant} 项错误）") },
            if administration == 0 { "无误".to_string() } else { format!("有误（{administration} 项错误）") },
        ),
        Lang::En => writeln!(
            out,
            "{file}: {}, as of {as_of}, pack {} {}\napplicant: {}\nadministration's record: {}\n({}, {}, {})",
            report.kind,
            report.pack.id,
            report.pack.version,
            if applicant == 0 { "ok".to_string() } else { format!("not ok ({})", plural(applicant, "error")) },
            if administration == 0 { "ok".to_string() } else { format!("not ok ({})", plural(administration, "error")) },
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "note")
        ),
    };
    if !report.pack.overrides.is_empty() {
        let set: Vec<String> = report
            .pack
            .overrides
            .iter()
            .map(|(key, value)| format!("{key} = {value}"))
            .collect();
        let _ = match lang {
            Lang::Zh => writeln!(out, "假设：改动了规则包参数（非正式发布的规则包）：{}", set.join("；")),
            Lang::En => writeln!(
                out,
                "what-if: pack parameters changed (not the published pack): {}",
                set.join("; ")
            ),
        };
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<_> = report.findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", heading(severity, lang));
        for f in group {
            let path = if f.path.to_string().is_empty() {
                "/".to_string()
            } else {
                f.path.to_string()
            };
            let _ = writeln!(out, "  {} {}  [{}]  {}", mark(severity), f.rule, f.clause, path);
            let _ = writeln!(out, "      {}", f.message());
            if let Some(line) = criteria(f, pack, document, lang) {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    if !report.figures.is_empty() {
        let _ = writeln!(out, "\n{}", if lang == Lang::Zh { "数据" } else { "Figures" });
        let rows: Vec<(&str, String)> = report
            .figures
            .iter()
            .map(|(name, value)| (figure_label(pack, name, lang), figure_value(pack, name, value, lang)))
            .collect();
        let names = rows.iter().map(|(n, _)| width(n)).max().unwrap_or(0);
        let values = rows.iter().map(|(_, v)| width(v)).max().unwrap_or(0).max(16);
        for (name, value) in &rows {
            let _ = writeln!(out, "  {}  {}", pad(name, names), pad_left(value, values));
        }
    }
    legend(&mut out, report, pack, lang);
    out.push('\n');
    out
}

/// A figure's name: its label in `[report.labels]`, else its id.
fn figure_label<'a>(pack: &'a Pack, name: &'a str, lang: Lang) -> &'a str {
    pack.file.report.labels.get(name).map_or(name, |t| t.get(lang))
}

/// A figure's value as a person reads it: money grouped (`600,000.00`), a text value by its
/// label in `[report.values.<figure>]` (a phase id by its `[[phases]]` label), else as in the
/// JSON.
fn figure_value(pack: &Pack, name: &str, value: &Value, lang: Lang) -> String {
    let text = |id: &str| -> String {
        let listed = pack.file.report.values.get(name).and_then(|values| values.get(id));
        let phase = || {
            (name == "phase")
                .then(|| pack.file.phases.iter().find(|p| p.id == id))
                .flatten()
                .map(|p| &p.label)
        };
        listed
            .or_else(phase)
            .map_or_else(|| id.to_string(), |t| t.get(lang).to_string())
    };
    match value {
        Value::Money(m) => m.grouped(),
        Value::Text(id) => text(id),
        Value::Texts(ids) => {
            let labels: Vec<String> = ids.iter().map(|id| text(id)).collect();
            labels.join(if lang == Lang::Zh { "、" } else { ", " })
        }
        other => other.display(),
    }
}

/// For a finding of a `count_true` rule (the priority score): which of the fields it counts
/// are met, which are not and which are not filled in, by their `[report.criteria]` labels.
fn criteria(f: &Finding, pack: &Pack, document: Option<&Document>, lang: Lang) -> Option<String> {
    let rule = pack.rule(&f.rule).filter(|r| r.kind == "count_true")?;
    let Some(Document::Application(app)) = document else {
        return None;
    };
    let (mut met, mut not_met, mut blank) = (Vec::new(), Vec::new(), Vec::new());
    for field in rule.params.get("fields")?.as_array()?.iter().filter_map(|v| v.as_str()) {
        let label = pack
            .file
            .report
            .criteria
            .get(field)
            .map_or_else(|| field.rsplit('/').next().unwrap_or(field), |t| t.get(lang));
        match flag(app, field)? {
            Some(true) => met.push(label),
            Some(false) => not_met.push(label),
            None => blank.push(label),
        }
    }
    let (words, list_sep, part_sep) = match lang {
        Lang::Zh => (["具备", "不具备", "未填写"], "、", "；"),
        Lang::En => (["met", "not met", "not filled in"], ", ", "; "),
    };
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let parts: Vec<String> = words
        .iter()
        .zip([met, not_met, blank])
        .filter(|(_, labels)| !labels.is_empty())
        .map(|(word, labels)| format!("{word}{colon}{}", labels.join(list_sep)))
        .collect();
    (!parts.is_empty()).then(|| parts.join(part_sep))
}

/// A yes/no field of an application by the JSON pointer a rule names: `Some(None)` when it is
/// not filled in, `None` for a pointer that is not such a field.
fn flag(app: &Application, pointer: &str) -> Option<Option<bool>> {
    let a = &app.applicant;
    Some(match pointer {
        "/applicant/voluntary" => a.voluntary,
        "/applicant/selected_by_tender" => a.selected_by_tender,
        "/applicant/has_benefit" => a.has_benefit,
        "/applicant/has_output" => a.has_output,
        "/applicant/has_tax_source" => a.has_tax_source,
        _ => return None,
    })
}

/// The legend: each clause prefix the findings cite (`FM`, `PM`, `IP`) with the name of its
/// document in `[pack.citation]`, in the table's order, after the policy it belongs to.
fn legend(out: &mut String, report: &Report, pack: &Pack, lang: Lang) {
    let used: BTreeSet<&str> = report
        .findings
        .iter()
        .flat_map(|f| f.clause.split(','))
        .filter_map(|clause| clause.split_whitespace().next())
        .collect();
    let rows: Vec<_> = pack
        .file
        .pack
        .citation
        .iter()
        .filter(|(prefix, _)| used.contains(prefix.as_str()))
        .collect();
    // A pack citing the text's own articles (`第三条`) cites the policy document itself.
    let articles = pack.file.pack.citation_scheme == fundcheck::pack::model::CitationScheme::Articles
        && used.iter().any(|c| c.starts_with('第'));
    if rows.is_empty() && !articles {
        return;
    }
    let source = pack.file.pack.source.get(lang);
    let _ = match lang {
        Lang::Zh => writeln!(out, "\n条款出处：{source}"),
        Lang::En => writeln!(out, "\nClauses cited, from {source}:"),
    };
    let w = rows
        .iter()
        .map(|(prefix, _)| width(prefix))
        .max()
        .unwrap_or(0)
        .max(if articles { width("第…条") } else { 0 });
    if articles {
        let own = match lang {
            Lang::Zh => "本办法的条款",
            Lang::En => "articles of these measures",
        };
        let _ = writeln!(out, "  {}  {own}", pad("第…条", w));
    }
    for (prefix, name) in rows {
        let _ = writeln!(out, "  {}  {}", pad(prefix, w), name.get(lang));
    }
}

/// Why a file could not be read, in the reader's language (never the OS's English sentence,
/// except as the detail of an unexpected error).
pub fn read_error(file: &str, error: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind;
    match lang {
        Lang::Zh => {
            let why = match error.kind() {
                ErrorKind::NotFound => "文件不存在".to_string(),
                ErrorKind::PermissionDenied => "没有读取权限".to_string(),
                ErrorKind::IsADirectory => "这是一个目录，不是文件".to_string(),
                _ => format!("读取出错（系统信息：{error}）"),
            };
            if file == "-" {
                format!("无法读取标准输入：{why}")
            } else {
                format!("无法读取文件 {file}：{why}")
            }
        }
        Lang::En => {
            let why = match error.kind() {
                ErrorKind::NotFound => "no such file".to_string(),
                ErrorKind::PermissionDenied => "permission denied".to_string(),
                ErrorKind::IsADirectory => "it is a directory, not a file".to_string(),
                _ => format!("a read error ({error})"),
            };
            if file == "-" {
                format!("cannot read standard input: {why}")
            } else {
                format!("cannot read {file}: {why}")
            }
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn kind_zh(kind: &str) -> &str {
    match kind {
        "application" => "项目申请",
        "allocation" => "资金分配方案",
        "progress" => "目标进展",
        other => other,
    }
}

pub fn input_errors(file: &str, errors: &InputErrors, lang: Lang) -> String {
    let mut out = String::new();
    let _ = match lang {
        Lang::Zh => writeln!(out, "{file}：输入有误，共 {} 处，未进行规则检查", errors.0.len()),
        Lang::En => writeln!(out, "{file}: {} input errors; no rules were run", errors.0.len()),
    };
    for e in &errors.0 {
        let place = match (e.path.to_string(), e.line) {
            (p, Some(line)) if p.is_empty() => format!("line {line}"),
            (p, Some(line)) => format!("line {line} {p}"),
            (p, None) if p.is_empty() => "/".to_string(),
            (p, None) => p,
        };
        let _ = writeln!(out, "  {file}:{place}  {}  {}", e.code, e.message(lang));
    }
    out
}
