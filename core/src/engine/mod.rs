//! The pipeline, in one place: bytes → document → context → validators → findings → report.
//!
//! ```text
//! parse(bytes)           doc::from_json | doc::csv::read          the document, or every input error
//! check(document):       one match on its kind → that kind's validators, in pack order
//!   context              ApplicationContext (history, settlement, once) | Allocation… | Progress…
//!   validators           each pushes findings and figures through a FindingSink
//!   report               findings by rule order then path; figures in the pack's order; truncation
//! ```
//!
//! A built [`Pack`] keeps its validators already split by document kind, each with its own
//! rule config, so the loop cannot meet a rule of another kind or a rule without its config:
//! both are settled when the pack is built (`load.rs`).

mod digest;
mod load;

use crate::calendar::Calendar;
use crate::context::{AllocationContext, ApplicationContext, Policy, ProgressContext};
use crate::doc::{self, Document};
use crate::history::Lifecycle;
use crate::input::InputErrors;
use crate::lang::Lang;
use crate::options::{Format, Options};
use crate::pack::{PackFile, RuleConfig, Vocabularies};
use crate::path::Path;
use crate::report::{self, Finding, Owner, PackStamp, Report, Severity, Value};
use crate::rules::{AllocationValidator, ApplicationValidator, FindingSink, ProgressValidator};

/// One built rule: its config (id, clause, severity, templates), its place in the pack, and
/// the validator of its kind.
#[derive(Debug)]
pub(crate) struct BuiltRule<V: ?Sized> {
    pub config: RuleConfig,
    /// The rule's position in the pack file, which orders findings.
    pub order: usize,
    pub validator: Box<V>,
}

/// The pack's validators, split by the document kind they read.
#[derive(Debug, Default)]
pub(crate) struct Validators {
    pub application: Vec<BuiltRule<dyn ApplicationValidator>>,
    pub allocation: Vec<BuiltRule<dyn AllocationValidator>>,
    pub progress: Vec<BuiltRule<dyn ProgressValidator>>,
}

/// A built rule pack, ready to check documents.
#[derive(Debug)]
pub struct Pack {
    pub file: PackFile,
    pub digest: String,
    pub(crate) vocab: Vocabularies,
    pub(crate) validators: Validators,
    pub calendar: Option<Calendar>,
    /// The application's history as the pack defines it (`[lifecycle]`).
    pub lifecycle: Option<Lifecycle>,
    /// The parameters set on the published pack to make this one (`with_params`), which every
    /// report of it lists.
    pub overrides: Vec<(String, serde_json::Value)>,
}

impl Pack {
    /// The pack's closed lists (categories, sources, document codes, …).
    pub fn vocabularies(&self) -> &Vocabularies {
        &self.vocab
    }

    pub fn id(&self) -> &str {
        &self.file.pack.id
    }

    pub fn version(&self) -> &str {
        &self.file.pack.version
    }

    /// The ids of the rules that check a document of `kind` (`application`, `allocation`,
    /// `progress`), in pack order.
    pub fn rule_ids_for(&self, kind: &str) -> Vec<&str> {
        match kind {
            "application" => self
                .validators
                .application
                .iter()
                .map(|r| r.config.id.as_str())
                .collect(),
            "allocation" => self
                .validators
                .allocation
                .iter()
                .map(|r| r.config.id.as_str())
                .collect(),
            "progress" => self.validators.progress.iter().map(|r| r.config.id.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    pub fn rule(&self, id: &str) -> Option<&RuleConfig> {
        self.file.rules.iter().find(|r| r.id == id)
    }

    pub fn rules(&self) -> &[RuleConfig] {
        &self.file.rules
    }

    /// What a validator may read of the pack: its data, never the other validators.
    pub(crate) fn policy(&self) -> Policy<'_> {
        Policy {
            file: &self.file,
            vocab: &self.vocab,
            calendar: self.calendar.as_ref(),
            lifecycle: self.lifecycle.as_ref(),
        }
    }
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

/// Where the findings and figures of one check collect.
#[derive(Default)]
struct Collected {
    findings: Vec<Finding>,
    figures: Vec<(String, Value)>,
}

impl Collected {
    /// Runs rules of one kind over their context.
    fn run<V: ?Sized, C>(
        &mut self,
        rules: &[BuiltRule<V>],
        cx: &C,
        lang: Lang,
        is_final: bool,
        each: impl Fn(&V, &C, &mut FindingSink<'_>),
    ) {
        for rule in rules {
            let mut sink = FindingSink {
                lang,
                is_final,
                rule: &rule.config,
                order: rule.order,
                findings: &mut self.findings,
                figures: &mut self.figures,
            };
            each(&rule.validator, cx, &mut sink);
        }
    }
}

/// Checks a well-formed document against every rule of the pack for its kind, in pack order.
pub fn check(document: &Document, pack: &Pack, options: &Options) -> Report {
    let policy = pack.policy();
    let lang = options.lang;
    let rules = &pack.validators;
    let mut out = Collected::default();
    let as_of = match document {
        Document::Application(app) => {
            let as_of = options.as_of.or_else(|| app.latest_event());
            let cx = ApplicationContext::new(app, policy, as_of);
            out.run(&rules.application, &cx, lang, true, |v, cx, sink| v.check(cx, sink));
            as_of
        }
        Document::Allocation(allocation) => {
            let cx = AllocationContext::new(allocation, policy);
            let is_final = options.is_final || allocation.is_final;
            out.run(&rules.allocation, &cx, lang, is_final, |v, cx, sink| v.check(cx, sink));
            options.as_of
        }
        Document::Progress(progress) => {
            let cx = ProgressContext { progress };
            let is_final = options.is_final || progress.is_final;
            out.run(&rules.progress, &cx, lang, is_final, |v, cx, sink| v.check(cx, sink));
            options.as_of
        }
    };
    let Collected {
        mut findings,
        mut figures,
    } = out;
    findings.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.path.cmp(&b.path)));
    report::order_figures(&mut figures, &pack.file.report.figure_order);
    if let Some(max) = options.max_findings {
        truncate(&mut findings, max, lang);
    }
    Report {
        pack: PackStamp {
            id: pack.file.pack.id.clone(),
            version: pack.file.pack.version.clone(),
            digest: pack.digest.clone(),
            overrides: pack.overrides.clone(),
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
    findings.push(Finding {
        rule: "report.max_findings".into(),
        severity: Severity::Info,
        owner: Owner::default(),
        path: Path::root(),
        clause: String::new(),
        message: report::left_out_message(left_out, max, lang),
        facts: vec![(
            "left_out".into(),
            Value::Count(i64::try_from(left_out).unwrap_or(i64::MAX)),
        )],
        order: usize::MAX,
        variant: "left_out".into(),
    });
}
