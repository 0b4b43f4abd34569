//! Acceptance, prepayments and the settlement outcome of an application (FM 四(一), PM 三(三),
//! FM 五(四)), worked out once per document and shared by the rules that report on them.
//!
//! Outcome, first match wins: misuse found → failed; completed after the scheduled date (or
//! not completed and the date has passed as of `as_of`) → failed; unqualified and the
//! rectification deadline passed without a passing rectified result → failed; unqualified
//! before that deadline, or no result yet → pending; otherwise passed, on `evaluation_issued`
//! or, for a rectified pass, on `rectified_on`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::doc::application::Application;
use crate::money::{self, Money};
use crate::pack::Pack;

/// Why a project failed settlement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// FM 五(四): funds obtained by fraud, diverted or withheld.
    Misuse,
    /// FM 四(一): not completed on schedule.
    Late,
    /// PM 三(三): unqualified and not rectified by the deadline.
    Unrectified,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Failed(Failure),
    /// No result yet, or unqualified before the rectification deadline.
    Pending,
    /// Acceptance passed on this day, with this result (its id) and payable share.
    Passed {
        on: Option<NaiveDate>,
        result: String,
        share: Decimal,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Settlement {
    pub outcome: Outcome,
    /// The day acceptance passed, when it did.
    pub accepted_on: Option<NaiveDate>,
    /// Payments dated before acceptance passed (all of them when it has not).
    pub prepaid: Money,
    /// Every payment.
    pub paid: Money,
    pub payable: Option<Money>,
    pub balance_due: Option<Money>,
    pub clawback_due: Option<Money>,
}

/// The result term of the pack: (passes, payable share).
fn result_term(pack: &Pack, id: Option<&String>) -> Option<(bool, Decimal)> {
    let id = id?;
    let term = pack.file.results.iter().find(|r| &r.id == id)?;
    let share = term
        .payable_share
        .as_deref()
        .and_then(|s| s.parse().ok())
        .unwrap_or(Decimal::ONE);
    Some((term.passes, share))
}

impl Settlement {
    pub fn of(app: &Application, pack: &Pack, as_of: Option<NaiveDate>) -> Settlement {
        let p = &app.process;
        let direct = result_term(pack, p.result.as_ref());
        let rectified = result_term(pack, p.rectified_result.as_ref());
        let rectified_in_time = match (p.rectified_on, p.rectification_deadline) {
            (Some(on), Some(deadline)) => on <= deadline,
            (Some(_), None) => true,
            _ => false,
        };
        let passed: Option<(Option<NaiveDate>, String, Decimal)> = match (direct, rectified) {
            (Some((true, share)), _) => Some((p.evaluation_issued, p.result.clone().unwrap_or_default(), share)),
            (Some((false, _)), Some((true, share))) if rectified_in_time => {
                Some((p.rectified_on, p.rectified_result.clone().unwrap_or_default(), share))
            }
            _ => None,
        };
        let project = &app.project;
        let late = match (project.completed_on, project.scheduled_completion, as_of) {
            (Some(done), Some(due), _) => done > due,
            (None, Some(due), Some(as_of)) => as_of > due,
            _ => false,
        };
        let deadline_passed = match (p.rectification_deadline, as_of) {
            (Some(deadline), Some(as_of)) => as_of > deadline,
            _ => false,
        };
        let outcome = if p.misuse_found == Some(true) {
            Outcome::Failed(Failure::Misuse)
        } else if late {
            Outcome::Failed(Failure::Late)
        } else if let Some((on, result, share)) = passed.clone() {
            Outcome::Passed { on, result, share }
        } else if matches!(direct, Some((false, _))) && deadline_passed {
            Outcome::Failed(Failure::Unrectified)
        } else {
            Outcome::Pending
        };
        let accepted_on = passed.and_then(|(on, _, _)| on);
        let paid = money::sum(app.payments.iter().map(|pay| pay.amount)).unwrap_or_default();
        let prepaid = money::sum(
            app.payments
                .iter()
                .filter(|pay| accepted_on.is_none_or(|on| pay.date < on))
                .map(|pay| pay.amount),
        )
        .unwrap_or_default();
        let (payable, balance_due, clawback_due) = match &outcome {
            Outcome::Failed(_) => (Some(Money::ZERO), Some(Money::ZERO), Some(paid)),
            Outcome::Pending => (None, None, None),
            Outcome::Passed { share, .. } => match app.proposed_subsidy.and_then(|s| s.times_share(*share)) {
                Some(payable) => {
                    let balance = payable.checked_sub(paid).unwrap_or_default().at_least_zero();
                    let clawback = paid.checked_sub(payable).unwrap_or_default().at_least_zero();
                    (Some(payable), Some(balance), Some(clawback))
                }
                None => (None, None, None),
            },
        };
        Settlement {
            outcome,
            accepted_on,
            prepaid,
            paid,
            payable,
            balance_due,
            clawback_due,
        }
    }
}
