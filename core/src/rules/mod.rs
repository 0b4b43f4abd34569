//! The validator kinds the engine knows, and the one place they are registered.
//!
//! A pack rule names a kind (`kind = "share_cap"`) and gives its parameters; `build` turns it
//! into a validator once, when the pack is loaded. A validator pushes findings rather than
//! stopping at the first, and renders its messages through the pack's templates.

mod allocation;
mod count_true;
mod deadline;
mod field_in;
mod history;
mod materials;
mod payments;
mod prepayment;
pub(crate) mod requirements;
mod schedule;
mod settlement;
mod stages;
mod target;
mod units;

use std::fmt::Debug;

use crate::context::{AllocationContext, ApplicationContext, Policy, ProgressContext};
use crate::doc::allocation::Line;
use crate::history::Lifecycle;
use crate::lang::Lang;
use crate::pack::{PackCode, PackError, PackFile, RuleConfig, Vocabularies};
use crate::path::Path;
use crate::report::{Finding, Message, Owner, Severity, Template, Value};

pub(crate) trait ApplicationValidator: Send + Sync {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>);

    /// What an application must file, for the kinds that know (`required_materials`).
    fn requirements(&self) -> Option<requirements::Requirements> {
        None
    }
}

/// A rule over an allocation plan. The lines go by once, in order, and are not kept: each rule
/// that reads lines sees every one as it passes ([`PlanCheck::line`]), keeping only its own
/// sums and the findings of lines that break it; then every rule finishes on the plan's sums.
pub(crate) trait AllocationValidator: Send + Sync {
    /// This rule's check of one plan.
    fn start<'a>(&'a self, policy: Policy<'a>) -> Box<dyn PlanCheck + 'a>;
}

/// One rule's check of one plan, as its lines go by.
pub(crate) trait PlanCheck {
    /// Whether the check reads lines one by one (a `SumsRule` reads only the plan's sums).
    fn reads_lines(&self) -> bool {
        true
    }

    /// One line: a finding when it breaks the rule, sums kept for `finish`.
    fn line(&mut self, _index: usize, _line: &Line<'_>, _out: &mut FindingSink<'_>) {}

    /// After the last line: the findings and figures on the whole plan (none for a rule that
    /// judges each line alone).
    fn finish(self: Box<Self>, _cx: &AllocationContext<'_>, _out: &mut FindingSink<'_>) {}
}

/// A rule that reads only the plan's sums and the columns it ignored, never a line.
pub(crate) trait SumsRule: Send + Sync {
    fn finish(&self, cx: &AllocationContext<'_>, out: &mut FindingSink<'_>);
}

struct OnSums<'a, R>(&'a R);

impl<R: SumsRule> PlanCheck for OnSums<'_, R> {
    fn reads_lines(&self) -> bool {
        false
    }

    fn finish(self: Box<Self>, cx: &AllocationContext<'_>, out: &mut FindingSink<'_>) {
        self.0.finish(cx, out);
    }
}

impl<R: SumsRule> AllocationValidator for R {
    fn start<'a>(&'a self, _: Policy<'a>) -> Box<dyn PlanCheck + 'a> {
        Box::new(OnSums(self))
    }
}

pub(crate) trait ProgressValidator: Send + Sync {
    fn check(&self, cx: &ProgressContext<'_>, out: &mut FindingSink<'_>);
}

/// A built validator, by the document kind it reads. The validator traits do not require
/// `Debug`: each vtable would carry a `Debug` of every validator and of all it holds, which the
/// WebAssembly module never calls (about 13 KB of code); a validator shows as its kind of
/// document.
pub(crate) enum Validator {
    Application(Box<dyn ApplicationValidator>),
    Allocation(Box<dyn AllocationValidator>),
    Progress(Box<dyn ProgressValidator>),
}

impl Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Validator::Application(_) => "Validator::Application",
            Validator::Allocation(_) => "Validator::Allocation",
            Validator::Progress(_) => "Validator::Progress",
        })
    }
}

/// What a validator kind's builder sees: its rule's config and the rest of the pack.
pub(crate) struct Builder<'a> {
    pub config: &'a RuleConfig,
    pub file: &'a PackFile,
    pub vocab: &'a Vocabularies,
    pub lifecycle: Option<&'a Lifecycle>,
}

impl<'a> Builder<'a> {
    /// The pack's `[lifecycle]`, which rules reading the history need.
    pub fn lifecycle(&self) -> Result<&'a Lifecycle, Vec<PackError>> {
        self.lifecycle.ok_or_else(|| {
            self.error(
                "kind",
                format!(
                    "kind `{}` reads the application's history: the pack needs [lifecycle]",
                    self.config.kind
                ),
            )
        })
    }

    /// A step of the lifecycle by id (`passed` included).
    pub fn step(&self, key: &str, id: &str) -> Result<usize, Vec<PackError>> {
        let lc = self.lifecycle()?;
        lc.step_index(id).ok_or_else(|| {
            let ids: Vec<&str> = lc.steps.iter().map(|s| s.id.as_str()).collect();
            self.error(
                key,
                format!("`{id}` is not a step of the lifecycle ({})", ids.join(", ")),
            )
        })
    }

    /// The rule's `params` table as the kind's parameter type (unknown keys rejected).
    pub fn params<T: crate::tree::Read>(&self) -> Result<T, Vec<PackError>> {
        use crate::tree::{Lines, Reader, Step};
        let reader = Reader::below(vec![
            Step::Key("rules".into()),
            // Placed by its id (params are read without the text, so no position is needed).
            Step::Item {
                index: 0,
                id: Some(self.config.id.clone()),
            },
            Step::Key("params".into()),
        ]);
        let params = serde_json::Value::Object(self.config.params.clone());
        reader
            .all(&params)
            .map_err(|problems| crate::pack::read::errors(PackCode::Invalid, &problems, &Lines::of(None)).0)
    }

    pub fn error(&self, key: &str, message: impl Into<String>) -> Vec<PackError> {
        vec![PackError::new(format!("rules.{}.{key}", self.config.id), message)]
    }

    /// For kinds that take no parameters: a `params` table is a mistake, not a no-op.
    pub fn no_params(&self) -> Result<(), Vec<PackError>> {
        let errors: Vec<PackError> = crate::tree::sorted_keys(&self.config.params)
            .into_iter()
            .flat_map(|key| {
                self.error(
                    &format!("params.{key}"),
                    format!("kind `{}` takes no parameters", self.config.kind),
                )
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The message variants this kind renders must all be in the pack.
    pub fn require_messages(&self, variants: &[&str]) -> Result<(), Vec<PackError>> {
        let missing: Vec<PackError> = variants
            .iter()
            .filter(|v| !self.config.messages.contains_key(**v))
            .map(|v| {
                PackError::new(
                    format!("rules.{}.messages.{v}", self.config.id),
                    "missing: this kind needs it (zh and en)",
                )
            })
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing)
        }
    }
}

/// Every kind `build` knows, for base packs (whose rules are built only in the packs that
/// extend them).
pub(crate) const KINDS: [&str; 26] = [
    "field_in",
    "count_true",
    "required_materials",
    "prepayment_cap",
    "settlement",
    "working_day_deadline",
    "completion_on_schedule",
    "phase_of_date",
    "date_within",
    "history",
    "payment_class",
    "source_total",
    "group_plan",
    "share_cap",
    "share_floor",
    "forbidden_use",
    "unclassified_use",
    "ignored_columns",
    "target_growth",
    "target_share",
    "target_count",
    "target_set",
    "unit_rate_cap",
    "nested_caps",
    "source_year_total",
    "staged_disbursement",
];

/// Builds one pack rule into its validator.
pub(crate) fn build(
    config: &RuleConfig,
    file: &PackFile,
    vocab: &Vocabularies,
    lifecycle: Option<&Lifecycle>,
) -> Result<Validator, Vec<PackError>> {
    let b = Builder {
        config,
        file,
        vocab,
        lifecycle,
    };
    let validator = match config.kind.as_str() {
        "field_in" => Validator::Application(Box::new(field_in::FieldIn::build(&b)?)),
        "count_true" => Validator::Application(Box::new(count_true::CountTrue::build(&b)?)),
        "required_materials" => Validator::Application(Box::new(materials::RequiredMaterials::build(&b)?)),
        "prepayment_cap" => Validator::Application(Box::new(prepayment::PrepaymentCap::build(&b)?)),
        "settlement" => Validator::Application(Box::new(settlement::SettlementRule::build(&b)?)),
        "working_day_deadline" => Validator::Application(Box::new(deadline::WorkingDayDeadline::build(&b)?)),
        "completion_on_schedule" => Validator::Application(Box::new(schedule::CompletionOnSchedule::build(&b)?)),
        "phase_of_date" => Validator::Application(Box::new(schedule::PhaseOfDate::build(&b)?)),
        "date_within" => Validator::Application(Box::new(schedule::DateWithin::build(&b)?)),
        "history" => Validator::Application(Box::new(history::HistoryRule::build(&b)?)),
        "payment_class" => Validator::Application(Box::new(payments::PaymentClassRule::build(&b)?)),
        "staged_disbursement" => Validator::Application(Box::new(stages::StagedDisbursement::build(&b)?)),
        "source_total" => Validator::Allocation(Box::new(allocation::SourceTotal::build(&b)?)),
        "group_plan" => Validator::Allocation(Box::new(allocation::GroupPlan::build(&b)?)),
        "share_cap" | "share_floor" => Validator::Allocation(Box::new(allocation::ShareLimit::build(&b)?)),
        "forbidden_use" => Validator::Allocation(Box::new(allocation::ForbiddenUse::build(&b)?)),
        "unclassified_use" => Validator::Allocation(Box::new(allocation::UnclassifiedUse::build(&b)?)),
        "ignored_columns" => Validator::Allocation(Box::new(allocation::IgnoredColumns::build(&b)?)),
        "unit_rate_cap" => Validator::Allocation(Box::new(units::UnitRateCap::build(&b)?)),
        "nested_caps" => Validator::Allocation(Box::new(units::NestedCaps::build(&b)?)),
        "source_year_total" => Validator::Allocation(Box::new(units::SourceYearTotal::build(&b)?)),
        "target_growth" | "target_share" | "target_count" | "target_set" => {
            Validator::Progress(Box::new(target::Target::build(&b)?))
        }
        other => {
            return Err(b.error(
                "kind",
                format!("unknown validator kind `{other}` (see rules/README.md)"),
            ))
        }
    };
    Ok(validator)
}

/// A rule's id, clause and message templates as every finding of it holds them: shared, not
/// copied per finding.
#[derive(Debug, Clone)]
pub(crate) struct RuleNames {
    pub id: std::sync::Arc<str>,
    pub clause: std::sync::Arc<str>,
    pub templates: Vec<std::sync::Arc<Template>>,
}

impl RuleNames {
    pub fn of(config: &RuleConfig) -> RuleNames {
        RuleNames {
            id: config.id.as_str().into(),
            clause: config.clause.as_str().into(),
            templates: config
                .messages
                .iter()
                .map(|(variant, text)| {
                    std::sync::Arc::new(Template {
                        variant: variant.clone(),
                        zh: text.zh.clone(),
                        en: text.en.clone(),
                    })
                })
                .collect(),
        }
    }
}

/// Where a validator puts its findings and figures, with the rule's templates at hand.
pub(crate) struct FindingSink<'a> {
    pub lang: Lang,
    pub is_final: bool,
    pub rule: &'a RuleConfig,
    /// The rule's id and clause, shared by its findings.
    pub names: &'a RuleNames,
    pub order: usize,
    pub findings: &'a mut Vec<Finding>,
    pub figures: &'a mut Vec<(std::borrow::Cow<'static, str>, Value)>,
    /// How many times a figure has been set in this check.
    pub figure_writes: &'a mut usize,
    /// When each group of figures was last set in full ([`FindingSink::figures_once`]).
    pub figure_marks: &'a mut Vec<(&'static str, usize)>,
}

pub(crate) type Facts = Vec<(std::borrow::Cow<'static, str>, Value)>;

/// Values a message shows that are not facts of the report: `vec![("step", label)]`, kept with
/// the finding until its message is read.
pub(crate) type Extras = Vec<(&'static str, String)>;

/// Builds a facts list: `facts![("amount", Value::Money(a)), …]`.
/// A name the code gives (`"amount"`) is kept borrowed; one made at run time (a step's id) is
/// owned.
pub(crate) fn facts<K: Into<std::borrow::Cow<'static, str>>, const N: usize>(items: [(K, Value); N]) -> Facts {
    items.into_iter().map(|(n, v)| (n.into(), v)).collect()
}

impl FindingSink<'_> {
    /// The rule's severity for a broken rule, the draft one when the document is not final.
    pub fn severity(&self) -> Severity {
        match (self.is_final, self.rule.draft_severity) {
            (false, Some(draft)) => draft,
            _ => self.rule.severity,
        }
    }

    /// Pushes a finding whose message is the template `variant`, owned as the rule says.
    pub fn push(&mut self, severity: Severity, path: Path, variant: &str, facts: Facts, extras: Extras) {
        let owner = self.rule.owner;
        self.push_owned(severity, owner, path, variant, facts, extras);
    }

    /// Pushes a finding whose owner is not the rule's (a step recorded by someone else).
    pub fn push_owned(
        &mut self,
        severity: Severity,
        owner: Owner,
        path: Path,
        variant: &str,
        facts: Facts,
        extras: Extras,
    ) {
        // The message is rendered when it is read (`Finding::message`).
        let message = match self.names.templates.iter().find(|t| t.variant == variant) {
            Some(template) => Message::Template {
                template: template.clone(),
                lang: self.lang,
                extras,
            },
            None => Message::Written {
                variant: variant.to_owned(),
                text: String::new(),
            },
        };
        self.findings.push(Finding {
            rule: self.names.id.clone(),
            severity,
            owner,
            path,
            clause: self.names.clause.clone(),
            facts,
            order: self.order,
            message,
        });
    }

    /// The rule is broken here.
    pub fn fail(&mut self, path: Path, variant: &str, facts: Facts, extras: Extras) {
        let severity = self.severity();
        self.push(severity, path, variant, facts, extras);
    }

    pub fn info(&mut self, path: Path, variant: &str, facts: Facts, extras: Extras) {
        self.push(Severity::Info, path, variant, facts, extras);
    }

    /// Sets a group of figures that several rules set alike (the same values from the same
    /// context, as each settlement rule sets the settlement's): `set` runs unless the group was
    /// set in full under `group` and no figure has been set since — setting the same values
    /// again then changes nothing, so the report is the same as when every rule sets them.
    pub fn figures_once(&mut self, group: &'static str, set: impl FnOnce(&mut Self)) {
        let writes = *self.figure_writes;
        if self.figure_marks.iter().any(|&(g, at)| g == group && at == writes) {
            return;
        }
        set(self);
        let writes = *self.figure_writes;
        match self.figure_marks.iter_mut().find(|(g, _)| *g == group) {
            Some(mark) => mark.1 = writes,
            None => self.figure_marks.push((group, writes)),
        }
    }

    /// Sets a figure of the report (a later value of the same name replaces the earlier). A
    /// name the code gives (`"paid"`) is kept borrowed.
    pub fn figure(&mut self, name: impl Into<std::borrow::Cow<'static, str>>, value: Value) {
        *self.figure_writes += 1;
        let name = name.into();
        if let Some(slot) = self
            .figures
            .iter_mut()
            .find(|(n, _)| crate::normalize::same_text(n, &name))
        {
            slot.1 = value;
        } else {
            self.figures.push((name, value));
        }
    }

    pub fn label<'t>(&self, text: &'t crate::pack::Text) -> &'t str {
        text.get(self.lang)
    }
}
