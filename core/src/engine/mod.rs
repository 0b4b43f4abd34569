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
use chrono::NaiveDate;

use crate::context::{AllocationContext, ApplicationContext, Policy, ProgressContext, Totals};
use crate::doc::allocation::Line;
use crate::doc::{self, Document};
use crate::history::Lifecycle;
use crate::input::InputErrors;
use crate::lang::Lang;
use crate::options::{Format, Options};
use crate::pack::{PackFile, RuleConfig, Vocabularies};
use crate::path::Path;
use crate::report::{self, Finding, Owner, PackStamp, Report, Severity, Value};
use crate::rules::{AllocationValidator, ApplicationValidator, FindingSink, PlanCheck, ProgressValidator, RuleNames};

/// One built rule: its config (id, clause, severity, templates), its place in the pack, and
/// the validator of its kind.
pub(crate) struct BuiltRule<V: ?Sized> {
    pub config: RuleConfig,
    pub names: RuleNames,
    /// The rule's position in the pack file, which orders findings.
    pub order: usize,
    pub validator: Box<V>,
}

/// A built rule shows as its config and place; its validator is not `Debug` (`rules::Validator`).
impl<V: ?Sized> std::fmt::Debug for BuiltRule<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuiltRule")
            .field("config", &self.config)
            .field("order", &self.order)
            .finish_non_exhaustive()
    }
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
        Format::Csv => doc::csv::read(
            bytes,
            options.encoding,
            options.is_final,
            &pack.vocab,
            &options.limits,
            options.threads,
        )
        .map(Document::Allocation),
    }
}

/// Reads and checks a document: a report, or every input error. A CSV plan is checked as it is
/// read, line by line, never held as a document (see [`PlanRun`]).
pub fn check_bytes(bytes: &[u8], pack: &Pack, options: &Options) -> Result<Report, InputErrors> {
    if options.format == Format::Csv {
        return check_plan(pack, options, options.is_final, |each| {
            doc::csv::stream(
                bytes,
                options.encoding,
                &pack.vocab,
                &options.limits,
                options.threads,
                each,
            )
        });
    }
    let document = parse(bytes, pack, options)?;
    Ok(check(&document, pack, options))
}

/// Checks a document already read into a JSON tree (a host's dict or object through
/// [`crate::host::tree`]): the same report, or the same input errors, as for its JSON text.
pub fn check_tree(tree: &crate::json::Json, pack: &Pack, options: &Options) -> Result<Report, InputErrors> {
    let document = doc::from_tree(tree, &pack.vocab, &options.limits)?;
    Ok(check(&document, pack, options))
}

/// Checks a plan whose lines a reader hands over one at a time, in order, as it reads them
/// ([`doc::csv::stream`], [`doc::table::stream_table`]): the report, or the reader's problems.
/// The reader returns the columns the plan ignores.
pub fn check_plan(
    pack: &Pack,
    options: &Options,
    is_final: bool,
    read: impl FnOnce(&mut dyn FnMut(usize, Line<'_>)) -> Result<Vec<String>, InputErrors>,
) -> Result<Report, InputErrors> {
    let mut run = PlanRun::new(pack, options.lang, is_final);
    let ignored = read(&mut |i, line| run.line(i, &line))?;
    // Every sum a rule takes stays in range when the sum of all the amounts does.
    let mut d = crate::decode::Decoder::default();
    run.tally.check(&mut d, &crate::doc::LINES, crate::input::Total::Lines);
    if !d.errors.is_empty() {
        return Err(InputErrors(d.errors));
    }
    let out = run.finish(&ignored);
    Ok(report_of(out, pack, options, "allocation", options.as_of))
}

/// One allocation rule and its check of the plan being read.
type RuleOnPlan<'p> = (&'p BuiltRule<dyn AllocationValidator>, Box<dyn PlanCheck + 'p>);

/// The allocation rules of a pack on one plan: each line goes by the rules that read lines as
/// it is read (and is added to the plan's sums), then every rule finishes on the sums. Nothing
/// of a line is kept but what a rule keeps: a plan of a million lines costs its sums and the
/// findings of the lines that break a rule.
struct PlanRun<'p> {
    checks: Vec<RuleOnPlan<'p>>,
    /// Which of `checks` read lines one by one.
    readers: Vec<usize>,
    totals: Totals,
    /// The sizes of the amounts so far, in fen.
    tally: crate::decode::Tally,
    policy: Policy<'p>,
    lang: Lang,
    is_final: bool,
    out: Collected,
}

impl<'p> PlanRun<'p> {
    fn new(pack: &'p Pack, lang: Lang, is_final: bool) -> Self {
        let policy = pack.policy();
        let checks: Vec<_> = pack
            .validators
            .allocation
            .iter()
            .map(|rule| (rule, rule.validator.start(policy)))
            .collect();
        let readers = (0..checks.len())
            .filter(|i| checks.get(*i).is_some_and(|(_, c)| c.reads_lines()))
            .collect();
        PlanRun {
            checks,
            readers,
            totals: Totals::new(&pack.vocab),
            tally: crate::decode::Tally::default(),
            policy,
            lang,
            is_final,
            out: Collected::default(),
        }
    }

    fn line(&mut self, index: usize, line: &Line<'_>) {
        let fen = crate::decode::fen(line.amount);
        self.tally.add_fen(fen);
        self.totals.add(line, fen.unwrap_or(0));
        for at in &self.readers {
            if let Some((rule, check)) = self.checks.get_mut(*at) {
                let mut sink = self.out.sink(rule, self.lang, self.is_final);
                check.line(index, line, &mut sink);
            }
        }
    }

    fn finish(mut self, ignored: &[String]) -> Collected {
        let cx = AllocationContext::new(self.policy, &self.totals, ignored);
        for (rule, check) in self.checks {
            let mut sink = self.out.sink(rule, self.lang, self.is_final);
            check.finish(&cx, &mut sink);
        }
        self.out
    }
}

/// Where the findings and figures of one check collect.
#[derive(Default)]
struct Collected {
    findings: Vec<Finding>,
    figures: Vec<(std::borrow::Cow<'static, str>, Value)>,
    /// How many times a figure has been set in this check, and when each group of figures was
    /// last set in full (`FindingSink::figures_once`).
    figure_writes: usize,
    figure_marks: Vec<(&'static str, usize)>,
}

impl Collected {
    /// Room for the figures the pack orders and a few findings, so neither list grows by steps.
    fn for_pack(pack: &Pack) -> Collected {
        Collected {
            findings: Vec::with_capacity(8),
            figures: Vec::with_capacity(pack.file.report.figure_order.len()),
            figure_writes: 0,
            figure_marks: Vec::new(),
        }
    }

    /// Where one rule's findings and figures go.
    fn sink<'s, V: ?Sized>(&'s mut self, rule: &'s BuiltRule<V>, lang: Lang, is_final: bool) -> FindingSink<'s> {
        FindingSink {
            lang,
            is_final,
            rule: &rule.config,
            names: &rule.names,
            order: rule.order,
            findings: &mut self.findings,
            figures: &mut self.figures,
            figure_writes: &mut self.figure_writes,
            figure_marks: &mut self.figure_marks,
        }
    }

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
            let mut sink = self.sink(rule, lang, is_final);
            each(&rule.validator, cx, &mut sink);
        }
    }
}

/// Checks a well-formed document against every rule of the pack for its kind, in pack order.
pub fn check(document: &Document, pack: &Pack, options: &Options) -> Report {
    let policy = pack.policy();
    let lang = options.lang;
    let rules = &pack.validators;
    let mut out = Collected::for_pack(pack);
    let as_of = match document {
        Document::Application(app) => {
            let as_of = options.as_of.or_else(|| app.latest_event());
            let cx = ApplicationContext::new(app, policy, as_of);
            out.run(&rules.application, &cx, lang, true, |v, cx, sink| v.check(cx, sink));
            as_of
        }
        Document::Allocation(allocation) => {
            let mut run = PlanRun::new(pack, lang, options.is_final || allocation.is_final);
            for (i, line) in allocation.lines.iter().enumerate() {
                run.line(i, &line.view());
            }
            out = run.finish(&allocation.ignored_columns);
            options.as_of
        }
        Document::Progress(progress) => {
            let cx = ProgressContext { progress };
            let is_final = options.is_final || progress.is_final;
            out.run(&rules.progress, &cx, lang, is_final, |v, cx, sink| v.check(cx, sink));
            options.as_of
        }
    };
    report_of(out, pack, options, document.kind(), as_of)
}

/// The report of one check: findings in rule order, then by path; figures in the pack's order.
fn report_of(out: Collected, pack: &Pack, options: &Options, kind: &'static str, as_of: Option<NaiveDate>) -> Report {
    let lang = options.lang;
    let Collected {
        mut findings,
        mut figures,
        ..
    } = out;
    crate::lean::sort_by(&mut findings, |a, b| {
        a.order.cmp(&b.order).then_with(|| a.path.cmp(&b.path))
    });
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
        kind,
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
        clause: "".into(),
        facts: vec![(
            "left_out".into(),
            Value::Count(i64::try_from(left_out).unwrap_or(i64::MAX)),
        )],
        order: usize::MAX,
        message: report::Message::Written {
            variant: "left_out".into(),
            text: report::left_out_message(left_out, max, lang),
        },
    });
}
