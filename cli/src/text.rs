//! The text report: grouped by severity, the clause beside each finding, figures as a table.

use std::fmt::Write as _;

use fundcheck::{InputErrors, Lang, Owner, Report, Severity};

/// Pads to a display width, counting CJK characters as two columns.
pub fn pad(text: &str, width: usize) -> String {
    let used: usize = text.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
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

pub fn report(file: &str, report: &Report, lang: Lang) -> String {
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
            let _ = writeln!(out, "      {}", f.message);
        }
    }
    if !report.figures.is_empty() {
        let _ = writeln!(out, "\n{}", if lang == Lang::Zh { "数据" } else { "Figures" });
        let width = report.figures.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, value) in &report.figures {
            let _ = writeln!(out, "  {name:<width$}  {:>16}", value.display());
        }
    }
    out.push('\n');
    out
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
