//! The application's history (lifecycle.md): its dated steps, built once per document, with
//! what is known, what has not happened and what happened on an unknown date; and the class
//! of every payment. Every settlement, prepayment, deadline and process rule reads it; none
//! reads the process dates on its own.
//!
//! The steps, their order and the payment windows are pack data (`[lifecycle]`); this module
//! knows only which fields of an application can carry a step's date.

use chrono::NaiveDate;

use crate::decode::parse_date;
use crate::doc::application::Application;
use crate::pack::model::{BlankSchedule, LateReading, MisuseBlank, PackFile};
use crate::pack::{PackError, Text};
use crate::path::Path;
use crate::report::Owner;

/// The id of the derived event "the passing result" (an evaluation that passes, or a
/// rectified result that passes in time).
pub const PASSED: &str = "passed";

/// The fields of an application that can carry a step's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateField {
    CompletedOn,
    Received,
    ReviewCompleted,
    ReviewPublished,
    AcceptanceCompleted,
    EvaluationIssued,
    RectifiedOn,
    CityApproval,
    /// A step of the pack's own (`/process/<name>`), by its place in
    /// `PackFile::custom_process_steps`.
    Own(usize),
}

const DATE_FIELDS: [(&str, DateField); 8] = [
    ("/project/completed_on", DateField::CompletedOn),
    ("/process/received", DateField::Received),
    ("/process/review_completed", DateField::ReviewCompleted),
    ("/process/review_published", DateField::ReviewPublished),
    ("/process/acceptance_completed", DateField::AcceptanceCompleted),
    ("/process/evaluation_issued", DateField::EvaluationIssued),
    ("/process/rectified_on", DateField::RectifiedOn),
    ("/process/city_approval", DateField::CityApproval),
];

impl DateField {
    fn parse(pointer: &str) -> Option<DateField> {
        DATE_FIELDS.iter().find(|(p, _)| *p == pointer).map(|(_, f)| *f)
    }

    fn read(self, app: &Application) -> Option<NaiveDate> {
        let p = &app.process;
        match self {
            DateField::CompletedOn => app.project.completed_on,
            DateField::Received => p.received,
            DateField::ReviewCompleted => p.review_completed,
            DateField::ReviewPublished => p.review_published,
            DateField::AcceptanceCompleted => p.acceptance_completed,
            DateField::EvaluationIssued => p.evaluation_issued,
            DateField::RectifiedOn => p.rectified_on,
            DateField::CityApproval => p.city_approval,
            DateField::Own(i) => p.steps.get(i).copied().flatten(),
        }
    }
}

/// One step of the built lifecycle.
#[derive(Clone, Debug)]
pub struct Step {
    pub id: String,
    pub field: DateField,
    pub path: Path,
    pub label: Text,
    pub owner: Owner,
    /// Who takes the step, as the text names them (an approval chain's actors).
    pub actor: Option<Text>,
}

#[derive(Clone, Debug)]
pub(crate) struct Order {
    pub before: usize,
    pub after: usize,
    pub when_status: Vec<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct Window {
    pub id: String,
    pub label: Text,
    pub from: Vec<usize>,
    pub before: Option<usize>,
}

/// The pack's `[lifecycle]`, checked and resolved to step indices once, when the pack is built.
/// Step index `steps.len()` is the derived event [`PASSED`].
#[derive(Clone, Debug)]
pub struct Lifecycle {
    pub measures_issued: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub validity_step: usize,
    pub acceptance_step: usize,
    pub completion_step: usize,
    pub late: LateReading,
    pub blank_schedule: BlankSchedule,
    pub schedule_bound: NaiveDate,
    pub misuse_blank: MisuseBlank,
    pub completed_statuses: Vec<String>,
    pub stage_statuses: Vec<String>,
    pub steps: Vec<Step>,
    pub passed_label: Text,
    pub(crate) order: Vec<Order>,
    /// For each step, the indices into `order` of the pairs it ends (as `after`) and of those
    /// it starts (as `before`), in pack order: a walk along the pairs looks at a step's own.
    ends: Vec<Vec<usize>>,
    starts: Vec<Vec<usize>>,
    pub(crate) windows: Vec<Window>,
    evaluation: Option<usize>,
    rectified: Option<usize>,
}

impl Lifecycle {
    pub fn build(file: &PackFile) -> Result<Option<Lifecycle>, Vec<PackError>> {
        let Some(lc) = &file.lifecycle else {
            return Ok(None);
        };
        let mut errors = Vec::new();
        let mut date = |key: &str, text: &str| {
            parse_date(text).unwrap_or_else(|| {
                errors.push(PackError::new(
                    format!("lifecycle.{key}"),
                    format!("`{text}` is not a date YYYY-MM-DD"),
                ));
                NaiveDate::MIN
            })
        };
        let measures_issued = date("measures_issued", &lc.measures_issued);
        let valid_from = date("valid_from", &lc.valid_from);
        let valid_until = date("valid_until", &lc.valid_until);
        let schedule_bound = date("schedule_bound", &lc.schedule_bound);
        let mut steps = Vec::new();
        let own = file.custom_process_steps();
        for (i, s) in lc.steps.iter().enumerate() {
            let field = DateField::parse(&s.field).or_else(|| {
                let name = s.field.strip_prefix("/process/")?;
                own.iter().position(|n| n == name).map(DateField::Own)
            });
            match field {
                Some(field) if s.id != PASSED => steps.push(Step {
                    id: s.id.clone(),
                    field,
                    path: Path::parse(&s.field).unwrap_or_default(),
                    label: s.label.clone(),
                    owner: s.owner,
                    actor: s.actor.clone(),
                }),
                Some(_) => errors.push(PackError::new(
                    format!("lifecycle.steps.{i}.id"),
                    format!("`{PASSED}` is the derived passing result and cannot be a step of its own"),
                )),
                None => errors.push(PackError::new(
                    format!("lifecycle.steps.{}.field", s.id),
                    format!(
                        "`{}` is not a date field of an application ({}), nor `/process/<name>` (a step of the pack's own, lower-case letters, digits and `_`)",
                        s.field,
                        DATE_FIELDS.map(|(p, _)| p).join(", ")
                    ),
                )),
            }
        }
        let index = |key: &str, id: &str, errors: &mut Vec<PackError>| -> usize {
            if id == PASSED {
                return steps.len();
            }
            steps.iter().position(|s| s.id == id).unwrap_or_else(|| {
                errors.push(PackError::new(
                    format!("lifecycle.{key}"),
                    format!("`{id}` is not a step of [[lifecycle.steps]]"),
                ));
                0
            })
        };
        let validity_step = index("validity_step", &lc.validity_step, &mut errors);
        let acceptance_step = index("acceptance_step", &lc.acceptance_step, &mut errors);
        let completion_step = index("completion_step", &lc.completion_step, &mut errors);
        let mut order = Vec::new();
        for (i, o) in lc.order.iter().enumerate() {
            let before = index(&format!("order.{i}.before"), &o.before, &mut errors);
            let after = index(&format!("order.{i}.after"), &o.after, &mut errors);
            if after == steps.len() {
                errors.push(PackError::new(
                    format!("lifecycle.order.{i}.after"),
                    format!("`{PASSED}` is derived from the results; it can only come before a step"),
                ));
            }
            order.push(Order {
                before,
                after,
                when_status: o.when_status.clone(),
            });
        }
        let mut windows = Vec::new();
        for (i, w) in lc.payment_classes.iter().enumerate() {
            let from = w
                .from
                .iter()
                .map(|s| index(&format!("payment_classes.{i}.from"), s, &mut errors))
                .collect();
            let before = w
                .before
                .as_ref()
                .map(|s| index(&format!("payment_classes.{i}.before"), s, &mut errors));
            windows.push(Window {
                id: w.id.clone(),
                label: w.label.clone(),
                from,
                before,
            });
        }
        // The settlement kinds read the prepayments and the balance by these two classes.
        let settles = file
            .rules
            .iter()
            .any(|r| matches!(r.kind.as_str(), "settlement" | "prepayment_cap"));
        for role in ["prepayment", "balance"] {
            if settles && !windows.iter().any(|w| w.id == role) {
                errors.push(PackError::new(
                    "lifecycle.payment_classes",
                    format!("a payment class `{role}` is needed: the kinds `settlement` and `prepayment_cap` read the prepayments and the balance by it"),
                ));
            }
        }
        let field_step = |f: DateField| steps.iter().position(|s| s.field == f);
        let (evaluation, rectified) = (
            field_step(DateField::EvaluationIssued),
            field_step(DateField::RectifiedOn),
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        let (mut ends, mut starts) = (Vec::new(), Vec::new());
        for (i, o) in order.iter().enumerate() {
            for (list, step) in [(&mut ends, o.after), (&mut starts, o.before)] {
                if list.len() <= step {
                    list.resize_with(step + 1, Vec::new);
                }
                if let Some(pairs) = list.get_mut(step) {
                    pairs.push(i);
                }
            }
        }
        Ok(Some(Lifecycle {
            ends,
            starts,
            measures_issued,
            valid_from,
            valid_until,
            validity_step,
            acceptance_step,
            completion_step,
            late: lc.late,
            blank_schedule: lc.blank_schedule,
            schedule_bound,
            misuse_blank: lc.misuse_blank,
            completed_statuses: lc.completed_statuses.clone(),
            stage_statuses: lc.stage_statuses.clone(),
            evaluation,
            rectified,
            steps,
            passed_label: lc.passed_label.clone(),
            order,
            windows,
        }))
    }

    /// A step's id (`passed` for the derived event).
    pub fn id(&self, step: usize) -> &str {
        self.steps.get(step).map_or(PASSED, |s| s.id.as_str())
    }

    pub fn label(&self, step: usize) -> &Text {
        self.steps.get(step).map_or(&self.passed_label, |s| &s.label)
    }

    /// The index of a step by id (`passed` included).
    pub fn step_index(&self, id: &str) -> Option<usize> {
        if id == PASSED {
            return Some(self.steps.len());
        }
        self.steps.iter().position(|s| s.id == id)
    }

    pub fn step(&self, i: usize) -> Option<&Step> {
        self.steps.get(i)
    }

    pub(crate) fn evaluation_step(&self) -> Option<usize> {
        self.evaluation
    }

    pub(crate) fn rectified_step(&self) -> Option<usize> {
        self.rectified
    }
}

/// What the history knows of one step as of the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Not happened as of the as-of date.
    NotYet,
    On(NaiveDate),
    /// Happened, date unknown: between the latest known date before it and the earliest
    /// known date after it (the as-of date included), when there are such dates.
    Undated {
        after: Option<NaiveDate>,
        before: Option<NaiveDate>,
        /// Why it is known to have happened.
        shown_by: ShownBy,
    },
    /// Whether it happened at all is unknown: what would show it is not filled in (the passing
    /// result of an evaluation whose result is blank).
    Unknown,
}

/// What shows that an undated step happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShownBy {
    /// A later step is dated (its index).
    Later(usize),
    /// The project's status says so.
    Status,
    /// Its other half is filled in (a result without its date).
    Half,
}

/// Three-valued answers: a missing fact leaves a question open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    Yes,
    No,
    /// Unknown because the date of this step is unknown.
    Unknown(usize),
}

impl When {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            When::On(d) => Some(d),
            _ => None,
        }
    }

    /// Whether `day` is strictly before this step.
    fn is_before(self, day: NaiveDate, step: usize) -> Known {
        match self {
            When::NotYet => Known::Yes,
            When::On(d) => yes_no(day < d),
            When::Undated { after, before, .. } => {
                if after.is_some_and(|a| day < a) {
                    Known::Yes
                } else if before.is_some_and(|b| day >= b) {
                    Known::No
                } else {
                    Known::Unknown(step)
                }
            }
            When::Unknown => Known::Unknown(step),
        }
    }

    /// Whether `day` is on or after this step (never, when the step has not happened).
    pub(crate) fn is_on_or_after(self, day: NaiveDate, step: usize) -> Known {
        match self.is_before(day, step) {
            Known::Yes => Known::No,
            Known::No => Known::Yes,
            unknown => unknown,
        }
    }
}

/// Marks a step that has no date as happened; true when it changed.
fn mark(steps: &mut [When], step: Option<usize>, by: ShownBy) -> bool {
    match step.and_then(|i| steps.get_mut(i)) {
        Some(slot) if *slot == When::NotYet => {
            *slot = When::Undated {
                after: None,
                before: None,
                shown_by: by,
            };
            true
        }
        _ => false,
    }
}

fn yes_no(b: bool) -> Known {
    if b {
        Known::Yes
    } else {
        Known::No
    }
}

/// The class of one payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentClass {
    /// In the window of this payment class (its index in the lifecycle).
    Window(usize),
    /// In no window: paid out of order.
    WithoutBasis,
    /// Its class depends on the unknown date of this step.
    Unclassified(usize),
    /// Dated before the measures were issued: no basis in them, and in no window.
    BeforeMeasures,
}

/// The history of one application.
#[derive(Clone, Debug)]
pub struct History {
    /// By step index; the last entry is the derived event [`PASSED`].
    pub steps: Vec<When>,
    pub payments: Vec<PaymentClass>,
    /// The order pairs that bind this application (by index into the lifecycle's order).
    pub(crate) active: Vec<bool>,
}

impl History {
    pub fn of(app: &Application, lc: &Lifecycle, passes: &dyn Fn(&str) -> bool, as_of: Option<NaiveDate>) -> History {
        let n = lc.steps.len();
        let status = app.project.status.as_deref();
        let active: Vec<bool> = lc
            .order
            .iter()
            .map(|o| o.when_status.is_empty() || status.is_some_and(|s| o.when_status.iter().any(|w| w == s)))
            .collect();
        let mut steps: Vec<When> = lc
            .steps
            .iter()
            .map(|s| s.field.read(app).map_or(When::NotYet, When::On))
            .collect();
        let p = &app.process;
        if p.result.is_some() {
            mark(&mut steps, lc.evaluation, ShownBy::Half);
        }
        if p.rectified_result.is_some() {
            mark(&mut steps, lc.rectified, ShownBy::Half);
        }
        if status.is_some_and(|s| lc.completed_statuses.iter().any(|c| c == s)) {
            mark(&mut steps, Some(lc.completion_step), ShownBy::Status);
        }
        // A dated or happened later step shows that the steps before it happened.
        loop {
            let mut changed = false;
            for (o, on) in lc.order.iter().zip(&active) {
                if !on || o.after >= n || o.before >= n {
                    continue;
                }
                let by = match steps.get(o.after).copied().unwrap_or(When::NotYet) {
                    When::NotYet => continue,
                    When::Undated {
                        shown_by: ShownBy::Later(dated),
                        ..
                    } => ShownBy::Later(dated),
                    _ => ShownBy::Later(o.after),
                };
                changed |= mark(&mut steps, Some(o.before), by);
            }
            if !changed {
                break;
            }
        }
        // The passing result: a passing evaluation, or a passing rectified result not known to
        // be late.
        let at = |i: Option<usize>| i.and_then(|i| steps.get(i).copied()).unwrap_or(When::NotYet);
        let passed = match (p.result.as_deref(), p.rectified_result.as_deref()) {
            (Some(r), _) if passes(r) => at(lc.evaluation),
            // An evaluation (or a rectification) on record whose result is blank: whether it
            // passed is a missing fact.
            (None, _) if at(lc.evaluation) != When::NotYet => When::Unknown,
            (Some(_), None) if at(lc.rectified) != When::NotYet => When::Unknown,
            (Some(_), Some(r)) if passes(r) => match (at(lc.rectified), p.rectification_deadline) {
                (When::On(on), Some(deadline)) if on > deadline => When::NotYet,
                (when, _) => when,
            },
            _ => When::NotYet,
        };
        steps.push(passed);
        let mut history = History {
            steps,
            payments: Vec::new(),
            active,
        };
        history.bound(lc, as_of);
        history.payments = app.payments.iter().map(|pay| history.classify(lc, pay.date)).collect();
        history
    }

    /// The derived passing result (the last entry of `steps`).
    pub fn passed(&self) -> When {
        self.steps.last().copied().unwrap_or(When::NotYet)
    }

    pub fn when(&self, step: usize) -> When {
        self.steps.get(step).copied().unwrap_or(When::NotYet)
    }

    /// The order pairs that bind this application: `(before, after)` step indices.
    pub fn pairs<'a>(&'a self, lc: &'a Lifecycle) -> impl Iterator<Item = (usize, usize)> + 'a {
        lc.order
            .iter()
            .zip(&self.active)
            .filter(|(_, on)| **on)
            .map(|(o, _)| (o.before, o.after))
    }

    /// Each dated step that must come before `step` (its index and date), looking through
    /// steps without a date.
    pub fn each_dated_before(&self, lc: &Lifecycle, step: usize, visit: impl FnMut(usize, NaiveDate)) {
        self.dated_around(lc, step, true, visit);
    }

    /// Visits the dated steps nearest to `step` along the order pairs, before it (`backwards`)
    /// or after it, walking through the steps that have no date.
    fn dated_around(&self, lc: &Lifecycle, step: usize, backwards: bool, mut visit: impl FnMut(usize, NaiveDate)) {
        let mut seen = Seen::new(self.steps.len());
        // A stack whose top is kept aside: walking a chain of undated steps one at a time
        // (the common case) allocates nothing.
        let (mut top, mut below) = (Some(step), Vec::new());
        while let Some(s) = top.take().or_else(|| below.pop()) {
            let pairs = if backwards { lc.ends.get(s) } else { lc.starts.get(s) };
            for &pair in pairs.map_or(&[][..], Vec::as_slice) {
                let (Some(o), Some(true)) = (lc.order.get(pair), self.active.get(pair).copied()) else {
                    continue;
                };
                let next = if backwards { o.before } else { o.after };
                if !seen.insert(next) {
                    continue;
                }
                match self.when(next) {
                    When::On(d) => visit(next, d),
                    _ => {
                        if let Some(previous) = top.replace(next) {
                            below.push(previous);
                        }
                    }
                }
            }
        }
    }

    /// Fills in the bounds of every undated step from the dated steps around it.
    fn bound(&mut self, lc: &Lifecycle, as_of: Option<NaiveDate>) {
        for i in 0..self.steps.len() {
            if let When::Undated { shown_by, .. } = self.when(i) {
                let mut after: Option<NaiveDate> = None;
                self.each_dated_before(lc, i, |_, d| after = after.max(Some(d)));
                let mut later: Option<NaiveDate> = None;
                self.dated_around(lc, i, false, |_, d| later = Some(later.map_or(d, |l| l.min(d))));
                // The as-of date bounds a step only when no later step is dated: a document
                // may record events after the date it is checked at.
                let before = later.or(as_of);
                if let Some(slot) = self.steps.get_mut(i) {
                    *slot = When::Undated {
                        after,
                        before,
                        shown_by,
                    };
                }
            }
        }
    }

    fn classify(&self, lc: &Lifecycle, day: NaiveDate) -> PaymentClass {
        if day < lc.measures_issued {
            return PaymentClass::BeforeMeasures;
        }
        let mut open: Option<usize> = None;
        for (w, window) in lc.windows.iter().enumerate() {
            let mut inside = Known::Yes;
            let tests = window
                .from
                .iter()
                .map(|&s| self.when(s).is_on_or_after(day, s))
                .chain(window.before.map(|s| self.when(s).is_before(day, s)));
            for test in tests {
                match test {
                    Known::No => {
                        inside = Known::No;
                        break;
                    }
                    Known::Unknown(s) => inside = Known::Unknown(s),
                    Known::Yes => {}
                }
            }
            match inside {
                Known::Yes => return open.map_or(PaymentClass::Window(w), PaymentClass::Unclassified),
                Known::Unknown(s) => {
                    open.get_or_insert(s);
                }
                Known::No => {}
            }
        }
        open.map_or(PaymentClass::WithoutBasis, PaymentClass::Unclassified)
    }

    /// The payments of a class (by the class's id), with their indices.
    pub fn class_index(lc: &Lifecycle, id: &str) -> Option<usize> {
        lc.windows.iter().position(|w| w.id == id)
    }
}

/// The steps a walk has reached: a bit each for a lifecycle of up to 128 steps (every pack's),
/// a list beyond. A step past the end counts as reached (it is never walked to).
enum Seen {
    Bits { bits: u128, len: usize },
    List(Vec<bool>),
}

impl Seen {
    fn new(len: usize) -> Seen {
        if len <= 128 {
            Seen::Bits { bits: 0, len }
        } else {
            Seen::List(vec![false; len])
        }
    }

    /// Marks `step` reached; false when it was already, or is past the end.
    fn insert(&mut self, step: usize) -> bool {
        match self {
            Seen::Bits { bits, len } => {
                if step >= *len {
                    return false;
                }
                let bit = 1u128 << step;
                let new = *bits & bit == 0;
                *bits |= bit;
                new
            }
            Seen::List(flags) => match flags.get_mut(step) {
                Some(flag) if !*flag => {
                    *flag = true;
                    true
                }
                _ => false,
            },
        }
    }
}
