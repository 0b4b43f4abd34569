//! fundcheck: the rules of 偃政办〔2019〕13号 (Yanshi City's e-commerce-into-rural-areas special
//! funds) as composable validators over a rule pack, in a pure Rust core.
//!
//! ```
//! use fundcheck::{check_bytes, Options, Pack};
//! let pack = Pack::embedded().unwrap();
//! let doc = br#"{"kind": "allocation", "lines": []}"#;
//! let report = check_bytes(doc, pack, &Options::default()).unwrap();
//! assert!(report.ok());
//! ```

pub mod calendar;
mod context;
pub mod decode;
pub mod doc;
pub mod history;
pub mod input;
pub mod json;
pub mod lang;
mod message;
pub mod money;
pub mod pack;
pub mod path;
pub mod report;
mod rules;
pub mod settlement;

pub use calendar::{Calendar, CalendarError};
pub use chrono::NaiveDate;
pub use doc::csv::Encoding;
pub use doc::Document;
pub use lang::Lang;
pub use input::{InputCode, InputError, InputErrors, Limits};
pub use money::Money;
pub use pack::{Pack, PackError, PackErrors};
pub use path::Path;
pub use report::{Finding, Owner, Report, Severity, Value};

use context::{AllocationContext, ApplicationContext, ProgressContext};
use report::PackStamp;
use rules::{Check, Out};

/// How the input bytes are to be read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Json,
    Csv,
}

/// Everything a check can be asked to do differently.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The evaluation date; by default the latest event of an application, else none.
    pub as_of: Option<NaiveDate>,
    pub lang: Lang,
    /// Marks an allocation or progress report final (as `"final": true` in the document).
    pub is_final: bool,
    pub max_findings: Option<usize>,
    pub limits: Limits,
    pub format: Format,
    pub encoding: Encoding,
}

/// Reads a document from bytes (JSON, or CSV for an allocation).
pub fn parse(bytes: &[u8], pack: &Pack, options: &Options) -> Result<Document, InputErrors> {
    match options.format {
        Format::Json => doc::from_json(bytes, &pack.vocab, &options.limits),
        Format::Csv => doc::csv::read(bytes, options.encoding, options.is_final, &pack.vocab, &options.limits)
            .map(Document::Allocation),
    }
}

/// Reads and checks a document: a report, or every input error.
pub fn check_bytes(bytes: &[u8], pack: &Pack, options: &Options) -> Result<Report, InputErrors> {
    let document = parse(bytes, pack, options)?;
    Ok(check(&document, pack, options))
}

/// Checks a well-formed document against every rule of the pack for its kind, in pack order.
pub fn check(document: &Document, pack: &Pack, options: &Options) -> Report {
    let mut findings = Vec::new();
    let mut figures = Vec::new();
    let as_of = match document {
        Document::Application(app) => options.as_of.or_else(|| app.latest_event()),
        _ => options.as_of,
    };
    let is_final = options.is_final
        || match document {
            Document::Allocation(a) => a.is_final,
            Document::Progress(p) => p.is_final,
            Document::Application(_) => true,
        };
    let app_cx = match document {
        Document::Application(app) => Some(ApplicationContext::new(app, pack, as_of)),
        _ => None,
    };
    let allocation_cx = match document {
        Document::Allocation(allocation) => Some(AllocationContext::new(allocation, pack)),
        _ => None,
    };
    for rule in &pack.rules {
        let Some(config) = pack.file.rules.get(rule.order) else {
            continue;
        };
        let mut out = Out {
            lang: options.lang,
            is_final,
            rule: config,
            order: rule.order,
            findings: &mut findings,
            figures: &mut figures,
        };
        match (&rule.check, document) {
            (Check::Application(r), Document::Application(_)) => {
                if let Some(cx) = &app_cx {
                    r.check(cx, &mut out);
                }
            }
            (Check::Allocation(r), Document::Allocation(_)) => {
                if let Some(cx) = &allocation_cx {
                    r.check(cx, &mut out);
                }
            }
            (Check::Progress(r), Document::Progress(progress)) => r.check(&ProgressContext { progress }, &mut out),
            _ => {}
        }
    }
    findings.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.path.cmp(&b.path)));
    report::order_figures(&mut figures);
    if let Some(max) = options.max_findings {
        truncate(&mut findings, max, options.lang);
    }
    Report {
        pack: PackStamp {
            id: pack.file.pack.id.clone(),
            version: pack.file.pack.version.clone(),
            digest: pack.digest.clone(),
        },
        kind: document.kind(),
        as_of,
        findings,
        figures,
    }
}

/// Keeps the first `max` findings and says how many were left out.
fn truncate(findings: &mut Vec<Finding>, max: usize, lang: Lang) {
    if findings.len() <= max {
        return;
    }
    let left_out = findings.len() - max;
    findings.truncate(max);
    let message = match lang {
        Lang::Zh => format!("另有 {left_out} 条结果未列出（--max-findings {max}）"),
        Lang::En => format!("{left_out} more findings left out (--max-findings {max})"),
    };
    findings.push(Finding {
        rule: "report.max_findings".into(),
        severity: Severity::Info,
        owner: report::Owner::default(),
        path: Path::root(),
        clause: String::new(),
        message,
        facts: vec![(
            "left_out".into(),
            Value::Count(i64::try_from(left_out).unwrap_or(i64::MAX)),
        )],
        order: usize::MAX,
    });
}
