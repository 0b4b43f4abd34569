//! The rule pack as written in TOML (`rules/*.toml`), before it is built into validators.
//!
//! Everything the policy says in numbers, lists and clause citations is here; the Rust code
//! only knows kinds of validators. `rules/README.md` documents every key.

use std::collections::BTreeMap;

use crate::report::{Owner, Severity};

/// A text in both languages of the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: crate::lang::Lang) -> &str {
        match lang {
            crate::lang::Lang::Zh => &self.zh,
            crate::lang::Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PackFile {
    pub pack: PackMeta,
    pub sources: Vec<Source>,
    pub categories: Vec<Category>,
    pub groups: Vec<Group>,
    pub documents: Vec<Term>,
    pub uses: Vec<UseTerm>,
    pub results: Vec<ResultTerm>,
    pub outlet_levels: Vec<Term>,
    /// Sub-categories of a category (通河's centre and village outlets within the service
    /// system), which an allocation line may name in its `subcategory`.
    pub subcategories: Vec<Subcategory>,
    /// The optional document fields this pack requires (`[inputs] allocation = ["unit",
    /// "investment"]`): a missing one is then an input error, as for the six every line has.
    pub inputs: Option<Inputs>,
    /// Administrative divisions the pack names (`410381` 偃师市), so that a region may be
    /// typed by its name; any other region is a six-digit code.
    pub regions: Vec<Term>,
    pub phases: Vec<Phase>,
    pub readings: Vec<Reading>,
    /// Labels of ids that messages name and that no other table labels (applicant kinds,
    /// project statuses): a Chinese message never shows an internal id.
    pub labels: BTreeMap<String, Text>,
    /// The application's history: its steps, their order, the payment windows and the
    /// settlement's parameters (lifecycle.md). Packs without application money rules omit it.
    pub lifecycle: Option<LifecycleFile>,
    /// The labels of the form's section fields (`phone` → 联系电话), for messages and the form.
    pub fields: BTreeMap<String, Text>,
    /// How reports present this pack's figures.
    pub report: ReportFile,
    pub rules: Vec<RuleConfig>,
}

/// The application's history as the pack writes it (`[lifecycle]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LifecycleFile {
    /// The day the measures were issued: a payment before it has no basis in them.
    pub measures_issued: String,
    /// The period of validity: the step `validity_step` must fall in `valid_from ..= valid_until`.
    pub valid_from: String,
    pub valid_until: String,
    pub validity_step: String,
    /// The step whose completion makes a blank completion date "on time" (acceptance).
    pub acceptance_step: String,
    /// The completion step (its field is the project's `completed_on`).
    pub completion_step: String,
    /// Reading of 未能如期通过验收: `completion` (completed after the schedule) or `acceptance`
    /// (acceptance not passed by the schedule).
    pub late: LateReading,
    /// The schedule when `scheduled_completion` is blank: `outer_bound` (the date below) or
    /// `undetermined`.
    pub blank_schedule: BlankSchedule,
    pub schedule_bound: String,
    /// What a blank `misuse_found` means: `undetermined` or `not_found`.
    pub misuse_blank: MisuseBlank,
    /// Project statuses that say the project (or its stage) is completed.
    pub completed_statuses: Vec<String>,
    /// Project statuses of a stage application (PM 一 分阶段申报).
    pub stage_statuses: Vec<String>,
    /// The dated steps, each with the field it is read from.
    pub steps: Vec<StepFile>,
    /// Label of the derived event `passed` (the passing result).
    pub passed_label: Text,
    /// The required order: each pair `before` ≤ `after` (equal dates allowed).
    pub order: Vec<OrderFile>,
    /// Payment windows, in the order they are tried; a payment in none is without basis.
    pub payment_classes: Vec<PaymentClassFile>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LateReading {
    Completion,
    Acceptance,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlankSchedule {
    OuterBound,
    Undetermined,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MisuseBlank {
    Undetermined,
    NotFound,
}

/// One dated step of the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepFile {
    pub id: String,
    /// The JSON pointer of its date in the application (`/process/received`); a pointer
    /// `/process/<name>` the engine does not know is a step of the pack's own, which an
    /// application then records under that name (呼玛's `/process/leading_group_approval`).
    pub field: String,
    pub label: Text,
    /// Who records the step, and so who must fill in its date.
    pub owner: Owner,
    /// Who takes the step, as the text names them (县电子商务工作领导小组, 审计局), for the
    /// approval chain a county's measures set out.
    pub actor: Option<Text>,
}

/// The process fields an application has whatever the pack (`/process/<name>`, dated).
pub const BUILT_IN_PROCESS_DATES: [&str; 8] = [
    "received",
    "review_completed",
    "review_published",
    "acceptance_completed",
    "evaluation_issued",
    "rectification_deadline",
    "rectified_on",
    "city_approval",
];

impl PackFile {
    /// The pack's own process steps: the names of `/process/<name>` step fields the engine
    /// does not know, in the lifecycle's order. An application records each as a date.
    pub fn custom_process_steps(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for step in self.lifecycle.iter().flat_map(|l| &l.steps) {
            let Some(name) = step.field.strip_prefix("/process/") else {
                continue;
            };
            let plain = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            let known = BUILT_IN_PROCESS_DATES.contains(&name)
                || ["result", "rectified_result", "misuse_found"].contains(&name);
            if plain && !known && !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        names
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderFile {
    pub before: String,
    pub after: String,
    /// The pair binds only when the project's status is one of these (empty: always).
    pub when_status: Vec<String>,
}

/// A payment window: payments dated on or after every `from` step and before `before`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentClassFile {
    pub id: String,
    pub label: Text,
    pub from: Vec<String>,
    pub before: Option<String>,
}

/// `[report]`: the order of the report's figures (as interfaces.md lists Yanshi's); figures
/// not named follow, in the order their rules produced them. The labels below are for the
/// text report only: the canonical JSON names figures, values and fields by their ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportFile {
    pub figure_order: Vec<String>,
    /// `[report.labels]`: how a figure is named (`max_prepayment` → 预拨上限); every figure
    /// of `figure_order` needs one (lint), any other falls back to its id.
    pub labels: BTreeMap<String, Text>,
    /// `[report.values.<figure>]`: how the values of a text figure read (`outcome`:
    /// `passed` → 通过). The `phase` figure's phase ids read as their `[[phases]]` labels.
    pub values: BTreeMap<String, BTreeMap<String, Text>>,
    /// `[report.criteria]`: the yes/no fields a `count_true` rule counts, by JSON pointer
    /// (`"/applicant/has_benefit"` → 有效益), for the list of criteria met and not met.
    pub criteria: BTreeMap<String, Text>,
}

impl ReportFile {
    pub(crate) fn is_default(&self) -> bool {
        self == &ReportFile::default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackMeta {
    pub id: String,
    pub version: String,
    pub title: Text,
    /// The policy document, e.g. 偃政办〔2019〕13号.
    pub source: Text,
    /// How the policy's parts are cited (IP, FM, PM), for people reading the pack.
    pub citation: BTreeMap<String, Text>,
    /// How this pack's clauses are written: `parts` (a part's abbreviation from `citation`
    /// and its numbering, `FM 四(一)`) or `articles` (the text's own numbering, `第三条`,
    /// `第二章第五条`). Lint checks every clause of the pack against it.
    pub citation_scheme: CitationScheme,
    /// The base pack this one extends: the id of a base pack fundcheck ships
    /// (`national-2018`) or a path relative to this file. Resolved when the pack is loaded.
    pub extends: Option<String>,
    /// Set when the pack is resolved, never written: the packs it was built on, nearest
    /// first, as `id@version`.
    pub bases: Vec<String>,
    /// Rules of the base this pack drops, each with its reason.
    pub removes: Vec<Removal>,
    /// A base pack: its rules bind only through the packs that extend it (they name the
    /// sources and categories), so it is never used to check a document by itself.
    pub is_abstract: bool,
    /// The days the measures are in force, as the text gives them (`until` absent: open).
    pub effective: Option<Effective>,
    /// Earlier versions this pack replaces, as `id@version` (楚雄's 试行第二版 the first).
    pub supersedes: Vec<String>,
    /// Where the pack's figures come from when not the policy's own published text (a
    /// news report, a mirrored copy), and what of the text was not available.
    pub provenance: Option<Text>,
    /// Calendar files, relative to the pack file (`calendars/2019.toml`).
    pub calendars: Vec<String>,
    /// The clause each closed list without per-entry clauses comes from (`documents`,
    /// `results`, `outlet_levels`), cited when an input names a value not on the list.
    pub clauses: BTreeMap<String, String>,
}

/// How a pack's clauses are cited (`[pack] citation_scheme`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CitationScheme {
    /// A part's abbreviation and its numbering: `FM 四(一)`, `IP 七(三)`.
    #[default]
    Parts,
    /// The text's own articles: `第三条`, `第二章第五条`, `第四条(一)`.
    Articles,
}

impl CitationScheme {
    pub(crate) fn is_parts(&self) -> bool {
        *self == CitationScheme::Parts
    }
}

/// A base rule a pack drops (`[[pack.removes]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    pub rule: String,
    /// Why: the clause of the county's text that makes the base rule not apply.
    pub because: Text,
}

/// The days a pack's measures are in force (`[pack.effective]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effective {
    pub from: String,
    pub until: Option<String>,
}

/// A sub-category of one category (`[[subcategories]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subcategory {
    pub id: String,
    pub label: Text,
    pub aliases: Vec<String>,
    /// The category it belongs to.
    pub category: String,
    pub clause: String,
}

/// The optional fields of an allocation line (after the six every line has), which a pack may
/// require in `[inputs] allocation`.
pub const OPTIONAL_LINE_FIELDS: [&str; 4] = ["unit", "investment", "subcategory", "year"];

/// `[inputs]`: optional fields the pack requires, by document kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Of `unit`, `investment`, `subcategory`, `year`.
    pub allocation: Vec<String>,
}

/// A programme year's part of a source (霍邱: 800万元 of the 2016 programme, 1500万元 of 2019).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceYear {
    pub year: u16,
    /// Yuan, as a decimal string.
    pub fund: String,
    pub clause: String,
}

/// A fund source (FM 一): its id, label and the money granted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub label: Text,
    /// Other names clerks type for it (`省级`), matched exactly like the id and the zh label.
    pub aliases: Vec<String>,
    /// Yuan, as a decimal string; absent when the county's text does not give it (the rules
    /// that need it then refuse to build, and `source_total` skips the source).
    pub fund: Option<String>,
    pub clause: String,
    /// The fund by programme year, when it comes from more than one (they sum to `fund`);
    /// a line of such a source names its `year`.
    pub years: Vec<SourceYear>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub label: Text,
    /// Other names clerks type for it (`省级`), matched exactly like the id and the zh label.
    pub aliases: Vec<String>,
    pub clause: String,
}

/// A row of an allocation table: the categories it covers and the plan for one source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub label: Text,
    pub source: String,
    pub plan: String,
    pub categories: Vec<String>,
    pub clause: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub id: String,
    pub label: Text,
    /// Other names clerks type for it (`省级`), matched exactly like the id and the zh label.
    pub aliases: Vec<String>,
}

/// A use of funds; `forbidden_for` names the sources that may not pay for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseTerm {
    pub id: String,
    pub label: Text,
    /// Other names clerks type for it (`省级`), matched exactly like the id and the zh label.
    pub aliases: Vec<String>,
    pub forbidden_for: Vec<String>,
    /// This use is the exception the text makes to a forbidden use (大竹 第三条: 车辆购置
    /// （物流车除外）— `logistics_vehicles` is `exception_of = "vehicles"`): allowed, and
    /// named in the forbidden use's finding.
    pub exception_of: Option<String>,
    /// The clause that makes the exception.
    pub clause: Option<String>,
}

/// An acceptance result (PM 三(三)): whether it passes and the share of the subsidy it pays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultTerm {
    pub id: String,
    pub label: Text,
    /// Other names clerks type for it (`省级`), matched exactly like the id and the zh label.
    pub aliases: Vec<String>,
    pub passes: bool,
    /// The share of the proposed subsidy payable on this result, e.g. "1".
    pub payable_share: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    pub id: String,
    pub label: Text,
    pub from: String,
    pub to: String,
    pub clause: String,
}

/// A reading the pack takes where the text is ambiguous, with the alternative named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub id: String,
    pub clause: String,
    pub text: Text,
    pub alternative: Text,
    /// The pack parameter that switches the reading (`/lifecycle/late`), when one does.
    pub param: Option<String>,
    /// The alternative's value of that parameter, as JSON text (`"acceptance"`).
    pub alternative_value: Option<String>,
}

/// One rule: a validator kind, parameterised.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleConfig {
    /// Stable id, e.g. `prepayment.cap`.
    pub id: String,
    /// The validator kind, e.g. `share_cap`.
    pub kind: String,
    /// Citation, e.g. `FM 四(一)`.
    pub clause: String,
    /// The clause's own words (zh), quoted.
    pub clause_text: String,
    /// One line for `fundcheck rules` and the docs.
    pub summary: Text,
    /// How the rule reads the clause, for `fundcheck explain`.
    pub reading: Option<Text>,
    pub severity: Severity,
    /// Whose obligation the rule is (lifecycle.md, "Whose obligation"); `applicant` when absent.
    pub owner: Owner,
    /// Severity while a plan or report is not final (rules that judge final documents only).
    pub draft_severity: Option<Severity>,
    /// Message templates by variant (`fail`, `met`, `missing`, …), with `{fact}` placeholders.
    pub messages: BTreeMap<String, Text>,
    /// Kind-specific parameters.
    pub params: serde_json::Map<String, serde_json::Value>,
    /// A rule of the base pack this one changes must say why (zh and en): the county's
    /// clause that narrows or rebinds it. Only its changed keys need be written.
    pub overrides: Option<Text>,
    /// Set when the pack is resolved: the base pack (`id@version`) the rule comes from.
    pub base: Option<String>,
}
