//! The settlement of an application (lifecycle.md, "Outcome" and "Figures"), worked out once
//! per document from its history and shared by the rules that report on it.
//!
//! The conditions are evaluated in order. The outcome is failed if any holds on known facts
//! (reported under the first that holds); else undetermined if any cannot be decided because a
//! fact is missing; else pending or passed:
//! misuse found (FM 五(四)); received outside the period of validity (FM 六, PM 五); not
//! completed on schedule (FM 四(一), a reading); unqualified and not rectified by the deadline
//! (PM 三(三)); no result yet → pending; otherwise passed, at the result's ratio.
//!
//! A missing fact never moves money: an undetermined or pending outcome has no payable or
//! recovery figure.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::doc::application::Application;
use crate::history::{History, Lifecycle, PaymentClass, When};
use crate::money::{self, Money};
use crate::pack::model::{BlankSchedule, LateReading, MisuseBlank};
use crate::pack::PackFile;

/// The conditions of the outcome, in the order they are evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// FM 五(四): funds obtained by fraud, diverted or withheld.
    Misuse,
    /// FM 六, PM 五: received outside the period of validity.
    Validity,
    /// FM 四(一): not completed on schedule.
    Late,
    /// PM 三(三): unqualified and not rectified by the deadline (or no deadline set).
    Unqualified,
    /// PM 三(三): an evaluation or a rectification on record with its result blank.
    Result,
}

/// Why the outcome is still pending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// Unqualified, before the rectification deadline.
    Rectification(NaiveDate),
    /// No evaluation result yet.
    Result,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Failed(Condition),
    /// Conditions that cannot be decided because a fact is missing (the first is reported).
    Undetermined(Vec<Condition>),
    Pending(Waiting),
    /// Passed on this date (when known), with this result id and payable share.
    Passed {
        on: Option<NaiveDate>,
        result: String,
        share: Decimal,
    },
}

impl Outcome {
    pub fn id(&self) -> &'static str {
        match self {
            Outcome::Failed(_) => "failed",
            Outcome::Undetermined(_) => "undetermined",
            Outcome::Pending(_) => "pending",
            Outcome::Passed { .. } => "passed",
        }
    }
}

/// Whether the project was completed on schedule (condition 3), as far as the facts tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    OnTime,
    Late,
    /// Not happened yet, and the schedule has not passed: nothing to judge yet.
    NotDue,
    Unknown,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Settlement {
    pub outcome: Outcome,
    /// The schedule completion is judged against (the pack's outer bound when blank).
    pub schedule: Option<NaiveDate>,
    pub completion: Schedule,
    /// Every payment.
    pub paid: Money,
    /// The prepayment class, when every payment's class is known.
    pub prepaid: Option<Money>,
    /// The prepayments known to be prepayments (a floor of `prepaid`).
    pub prepaid_known: Money,
    pub payable: Option<Money>,
    pub balance_due: Option<Money>,
    pub overpaid_due: Option<Money>,
    pub clawback_due: Option<Money>,
    pub other_recovery_due: Option<Money>,
    pub recovery_due: Option<Money>,
}

/// The result term of the pack: (passes, payable share).
fn result_term(pack: &PackFile, id: Option<&String>) -> Option<(bool, Decimal)> {
    let id = id?;
    let term = pack.results.iter().find(|r| &r.id == id)?;
    let share = term
        .payable_share
        .as_deref()
        .and_then(|s| s.parse().ok())
        .unwrap_or(Decimal::ONE);
    Some((term.passes, share))
}

impl Settlement {
    pub fn of(app: &Application, pack: &PackFile, lc: &Lifecycle, h: &History, as_of: Option<NaiveDate>) -> Settlement {
        let p = &app.process;
        let mut failed = None;
        let mut undetermined = Vec::new();
        let mut judge = |condition: Condition, holds: Option<bool>| match holds {
            Some(true) => {
                failed.get_or_insert(condition);
            }
            Some(false) => {}
            None => undetermined.push(condition),
        };
        // 1. misuse found
        judge(
            Condition::Misuse,
            match (p.misuse_found, lc.misuse_blank) {
                (Some(found), _) => Some(found),
                (None, MisuseBlank::NotFound) => Some(false),
                (None, MisuseBlank::Undetermined) => None,
            },
        );
        // 2. received outside the period of validity
        let outside = |d: NaiveDate| d < lc.valid_from || d > lc.valid_until;
        judge(
            Condition::Validity,
            match h.when(lc.validity_step) {
                When::On(d) => Some(outside(d)),
                // lifecycle.md: a blank `received` leaves the condition undetermined.
                When::Undated { .. } | When::Unknown | When::NotYet => None,
            },
        );
        // 3. not completed on schedule
        let stage = app
            .project
            .status
            .as_deref()
            .is_some_and(|s| lc.stage_statuses.iter().any(|x| x == s));
        let schedule = match (app.project.scheduled_completion, lc.blank_schedule) {
            (Some(d), _) => Some(d),
            (None, _) if stage => None,
            (None, BlankSchedule::OuterBound) => Some(lc.schedule_bound),
            (None, BlankSchedule::Undetermined) => None,
        };
        let completion = match schedule {
            None => Schedule::Unknown,
            Some(due) => {
                let step = match lc.late {
                    LateReading::Completion => lc.completion_step,
                    LateReading::Acceptance => lc.steps.len(),
                };
                late(h.when(step), due, as_of)
            }
        };
        judge(
            Condition::Late,
            match completion {
                Schedule::OnTime | Schedule::NotDue => Some(false),
                Schedule::Late => Some(true),
                Schedule::Unknown => None,
            },
        );
        // 4. unqualified: rectify by the deadline, or no subsidy
        let direct = result_term(pack, p.result.as_ref());
        let rectified = result_term(pack, p.rectified_result.as_ref());
        let mut waiting = None;
        let mut passed = None;
        match direct {
            Some((false, _)) => match p.rectification_deadline {
                None => judge(Condition::Unqualified, None),
                Some(deadline) => {
                    let rectified_on = lc.rectified_step().map(|i| h.when(i)).unwrap_or(When::NotYet);
                    match (rectified, rectified_on) {
                        (Some((true, share)), When::On(on)) if on <= deadline => {
                            judge(Condition::Unqualified, Some(false));
                            passed = Some((Some(on), p.rectified_result.clone().unwrap_or_default(), share));
                        }
                        (Some((true, _)), When::Undated { .. }) => judge(Condition::Unqualified, None),
                        (None, When::On(on)) if on <= deadline => judge(Condition::Result, None),
                        (None, When::Undated { .. }) => judge(Condition::Result, None),
                        _ if as_of.is_some_and(|d| d > deadline) => judge(Condition::Unqualified, Some(true)),
                        _ => waiting = Some(Waiting::Rectification(deadline)),
                    }
                }
            },
            // 5. no result yet; an evaluation on record without its result is a missing fact
            None if h.passed() == When::Unknown => judge(Condition::Result, None),
            None => waiting = Some(Waiting::Result),
            // 6. passed
            Some((true, share)) => {
                let on = lc.evaluation_step().and_then(|i| h.when(i).date());
                passed = Some((on, p.result.clone().unwrap_or_default(), share));
            }
        }
        let outcome = match (failed, undetermined.is_empty(), waiting, passed) {
            (Some(condition), _, _, _) => Outcome::Failed(condition),
            (None, false, _, _) => Outcome::Undetermined(undetermined),
            (None, true, Some(w), _) => Outcome::Pending(w),
            (None, true, None, Some((on, result, share))) => Outcome::Passed { on, result, share },
            (None, true, None, None) => Outcome::Pending(Waiting::Result),
        };
        Settlement::money(app, lc, h, outcome, schedule, completion)
    }

    fn money(
        app: &Application,
        lc: &Lifecycle,
        h: &History,
        outcome: Outcome,
        schedule: Option<NaiveDate>,
        completion: Schedule,
    ) -> Settlement {
        let prepayment = History::class_index(lc, "prepayment");
        let amounts = |keep: &dyn Fn(PaymentClass) -> bool| {
            money::sum(
                app.payments
                    .iter()
                    .zip(&h.payments)
                    .filter(|(_, class)| keep(**class))
                    .map(|(pay, _)| pay.amount),
            )
            .unwrap_or_default()
        };
        let paid = amounts(&|_| true);
        let prepaid_known = amounts(&|c| Some(c) == prepayment.map(PaymentClass::Window));
        let all_known = !h.payments.iter().any(|c| matches!(c, PaymentClass::Unclassified(_)));
        let prepaid = all_known.then_some(prepaid_known);
        let mut s = Settlement {
            outcome,
            schedule,
            completion,
            paid,
            prepaid,
            prepaid_known,
            payable: None,
            balance_due: None,
            overpaid_due: None,
            clawback_due: None,
            other_recovery_due: None,
            recovery_due: None,
        };
        match &s.outcome {
            Outcome::Failed(_) => {
                s.payable = Some(Money::ZERO);
                s.clawback_due = prepaid;
                s.other_recovery_due = prepaid.and_then(|pre| paid.checked_sub(pre));
                s.recovery_due = Some(paid);
            }
            Outcome::Passed { share, .. } => {
                if let Some(payable) = app.proposed_subsidy.and_then(|x| x.times_share(*share)) {
                    let over = paid.checked_sub(payable).unwrap_or_default().at_least_zero();
                    s.payable = Some(payable);
                    s.balance_due = Some(payable.checked_sub(paid).unwrap_or_default().at_least_zero());
                    s.overpaid_due = Some(over);
                    s.recovery_due = Some(over);
                }
            }
            Outcome::Pending(_) | Outcome::Undetermined(_) => {}
        }
        s
    }
}

/// Condition 3 on one step (completion, or the passing result under the other reading):
/// late when it happened after the schedule, or has not happened and the as-of date is past
/// it; on time when it happened by then; not due while it has not happened and the schedule
/// has not passed; unknown when it happened on a date that cannot be placed.
pub(crate) fn late(when: When, due: NaiveDate, as_of: Option<NaiveDate>) -> Schedule {
    match when {
        When::On(d) => {
            if d > due {
                Schedule::Late
            } else {
                Schedule::OnTime
            }
        }
        When::Undated { after, before, .. } => {
            if before.is_some_and(|b| b <= due) {
                Schedule::OnTime
            } else if after.is_some_and(|a| a > due) {
                Schedule::Late
            } else {
                Schedule::Unknown
            }
        }
        When::NotYet => match as_of {
            Some(d) if d > due => Schedule::Late,
            Some(_) => Schedule::NotDue,
            None => Schedule::Unknown,
        },
        When::Unknown => Schedule::Unknown,
    }
}
