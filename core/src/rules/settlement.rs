//! `settlement` — one rule per way a settlement ends (lifecycle.md, "Outcome" and "Figures").
//!
//! ## What it checks
//! The outcome is worked out once from the history (see `crate::settlement`); each pack rule
//! of this kind reports one part of it, chosen by `params.reports`:
//! - `misuse` — misuse found → failed (error at `/process/misuse_found`);
//! - `validity` — received outside the period of validity → failed (error at the step's path);
//! - `late` — not completed on schedule → failed (error at `/project/completed_on`);
//! - `unqualified` — unqualified: a rectification deadline is required (error at
//!   `/process/rectification_deadline`, owned by the administration, without it); pending
//!   before the deadline (warning, figure `rectification_due`); failed after it without a
//!   passing rectified result (error at `/process/result`); silent once a rectified result
//!   passes in time;
//! - `basically_qualified` — passed on the named result: payable at the pack's share (info);
//! - `balance` — passed: `balance_due` = payable − paid, never below 0 (info at `/payments`);
//! - `overpaid` — passed and paid more than payable: `overpaid_due`, to be recovered (error at
//!   `/payments`);
//! - `outcome` — the outcome itself when it is not a failure: passed or pending (info), or
//!   undetermined (warning naming the first condition a missing fact leaves open).
//!
//! A failure is reported once, under the first condition that holds; its facts are the
//! recovery: `paid`, `clawback_due` (the prepayments, FM 四(一) 追回前期预拨资金),
//! `other_recovery_due` (everything else paid) and `recovery_due` (their total), the first two
//! only when every payment's class is known. Every rule of this kind sets the money figures
//! that apply: `payable_subsidy`, `paid`, `balance_due`, `overpaid_due`, `clawback_due`,
//! `other_recovery_due`, `recovery_due` and `outcome`.
//!
//! ## Source
//! FM 四(一)「待建设项目如期完成并验收通过后再拨付剩余部分资金，如建设项目未能如期通过验收，将追回
//! 前期预拨资金」; PM 三(三)「评估不合格的，限期整改，否则不予资金补贴」; FM 五(四)「任何单位和个人
//! 不得以任何形式骗取、挪用和截留专项资金」; FM 六「有效期3年」.
//!
//! ## Example
//! Qualified, proposed 1,200,000.00, paid 500,000.00 → `balance_due` 700,000.00.

use super::{facts, ApplicationValidator, Builder, Facts, FindingSink};
use crate::context::ApplicationContext;
use crate::history::When;
use crate::pack::PackError;
use crate::path::Path;
use crate::report::{Owner, Severity, Value};
use crate::settlement::{Condition, Outcome, Settlement, Waiting};
use crate::tree::{read_choice, read_table};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reports {
    Misuse,
    Validity,
    Late,
    Unqualified,
    BasicallyQualified,
    Balance,
    Overpaid,
    Outcome,
}
read_choice!(Reports { "misuse" => Reports::Misuse, "validity" => Reports::Validity, "late" => Reports::Late, "unqualified" => Reports::Unqualified, "basically_qualified" => Reports::BasicallyQualified, "balance" => Reports::Balance, "overpaid" => Reports::Overpaid, "outcome" => Reports::Outcome });
struct Params {
    reports: Reports,
    /// For `basically_qualified`: the result id the reading is about.
    result: Option<String>,
}
read_table!(Params { reports } or_default { result });

#[derive(Debug)]
pub(crate) struct SettlementRule {
    reports: Reports,
    result: Option<String>,
}

impl SettlementRule {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.lifecycle()?;
        let messages: &[&str] = match p.reports {
            Reports::Unqualified => &["pending", "fail", "no_deadline"],
            Reports::BasicallyQualified | Reports::Balance => &["met"],
            Reports::Misuse | Reports::Validity | Reports::Late | Reports::Overpaid => &["fail"],
            Reports::Outcome => &[
                "passed",
                "pending_result",
                "pending_rectification",
                "undetermined_misuse",
                "undetermined_validity",
                "undetermined_late",
                "undetermined_unqualified",
                "undetermined_result",
            ],
        };
        b.require_messages(messages)?;
        if p.reports == Reports::BasicallyQualified {
            let known = p
                .result
                .as_ref()
                .is_some_and(|r| b.file.results.iter().any(|x| &x.id == r));
            if !known {
                return Err(b.error(
                    "params.result",
                    "basically_qualified needs `result`, a result id of the pack",
                ));
            }
        }
        Ok(SettlementRule {
            reports: p.reports,
            result: p.result,
        })
    }
}

fn figures(s: &Settlement, out: &mut FindingSink<'_>) {
    out.figure("paid", Value::Money(s.paid));
    for (name, value) in [
        ("payable_subsidy", s.payable),
        ("balance_due", s.balance_due),
        ("overpaid_due", s.overpaid_due),
        ("clawback_due", s.clawback_due),
        ("other_recovery_due", s.other_recovery_due),
        ("recovery_due", s.recovery_due),
    ] {
        if let Some(v) = value {
            out.figure(name, Value::Money(v));
        }
    }
    out.figure("outcome", Value::Text(s.outcome.id().to_string()));
}

/// The facts of a failure: what was paid and what is to be recovered.
fn recovery(s: &Settlement) -> Facts {
    let mut f = facts([("paid", Value::Money(s.paid))]);
    for (name, value) in [
        ("clawback_due", s.clawback_due),
        ("other_recovery_due", s.other_recovery_due),
        ("recovery_due", s.recovery_due),
    ] {
        if let Some(v) = value {
            f.push((name.into(), Value::Money(v)));
        }
    }
    f
}

/// The text the messages show for the split of a recovery (`—` while it is unknown).
fn recovery_extras(s: &Settlement) -> Vec<(&'static str, String)> {
    let shown = |m: Option<crate::money::Money>| m.map_or_else(|| "—".to_string(), |m| m.grouped());
    vec![
        ("clawback_due", shown(s.clawback_due)),
        ("other_recovery_due", shown(s.other_recovery_due)),
    ]
}

impl ApplicationValidator for SettlementRule {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let (Some(s), Some(lc), Some(h)) = (cx.settlement(), cx.lifecycle(), cx.history()) else {
            return;
        };
        // Every settlement rule shows the same settlement: its figures are set again only if
        // another rule has set a figure since (which may have been one of them).
        out.figures_once("settlement", |out| figures(s, out));
        let app = cx.app;
        // Made only for a finding.
        let process = || Path::root().field("process");
        let fail = |condition: Condition| s.outcome == Outcome::Failed(condition);
        match self.reports {
            Reports::Misuse if fail(Condition::Misuse) => {
                out.fail(process().field("misuse_found"), "fail", recovery(s), recovery_extras(s));
            }
            Reports::Validity if fail(Condition::Validity) => {
                let step = lc.step(lc.validity_step);
                let path = step.map_or_else(Path::root, |st| st.path.clone());
                let mut f = recovery(s);
                if let When::On(d) = h.when(lc.validity_step) {
                    f.insert(0, ("date".into(), Value::Date(d)));
                }
                f.insert(0, ("valid_until".into(), Value::Date(lc.valid_until)));
                f.insert(0, ("valid_from".into(), Value::Date(lc.valid_from)));
                let mut extras = recovery_extras(s);
                extras.push((
                    "date",
                    h.when(lc.validity_step).date().map_or("—".into(), |d| d.to_string()),
                ));
                out.fail(path, "fail", f, extras);
            }
            Reports::Late if fail(Condition::Late) => {
                let mut f = recovery(s);
                if let Some(due) = s.schedule {
                    f.insert(0, ("scheduled_completion".into(), Value::Date(due)));
                }
                let completed = app.project.completed_on;
                if let Some(done) = completed {
                    f.insert(1, ("completed_on".into(), Value::Date(done)));
                }
                let mut extras = recovery_extras(s);
                extras.push((
                    "completed_on",
                    completed.map_or_else(|| "—".to_string(), |d| d.to_string()),
                ));
                extras.push(("as_of", cx.as_of.map_or_else(|| "—".to_string(), |d| d.to_string())));
                let path = lc
                    .step(lc.completion_step)
                    .map_or_else(Path::root, |st| st.path.clone());
                out.fail(path, "fail", f, extras);
            }
            Reports::Unqualified => {
                let failing = app.process.result.as_deref().is_some_and(|r| !passes(cx, r));
                if !failing {
                    return;
                }
                let Some(deadline) = app.process.rectification_deadline else {
                    let severity = out.rule.severity;
                    out.push_owned(
                        severity,
                        Owner::Administration,
                        process().field("rectification_deadline"),
                        "no_deadline",
                        Vec::new(),
                        Vec::new(),
                    );
                    return;
                };
                out.figure("rectification_due", Value::Date(deadline));
                let extras = [("rectification_due", deadline.to_string())];
                match &s.outcome {
                    Outcome::Failed(Condition::Unqualified) => {
                        let mut f = recovery(s);
                        f.insert(0, ("rectification_due".into(), Value::Date(deadline)));
                        let mut all = recovery_extras(s);
                        all.extend(extras);
                        out.fail(process().field("result"), "fail", f, all);
                    }
                    Outcome::Pending(Waiting::Rectification(_)) => out.push(
                        Severity::Warning,
                        process().field("result"),
                        "pending",
                        Vec::new(),
                        extras.into(),
                    ),
                    _ => {}
                }
            }
            Reports::BasicallyQualified => {
                if let Outcome::Passed { result, share, .. } = &s.outcome {
                    if Some(result) == self.result.as_ref() {
                        let payable = Value::Money(s.payable.unwrap_or_default());
                        let f = facts([("share", Value::Ratio(*share)), ("payable_subsidy", payable)]);
                        let extras = [("rule_share", crate::money::format_percent(*share))];
                        out.info(process().field("result"), "met", f, extras.into());
                    }
                }
            }
            Reports::Balance => {
                if let (Outcome::Passed { .. }, Some(payable), Some(balance)) = (&s.outcome, s.payable, s.balance_due) {
                    let f = facts([
                        ("payable_subsidy", Value::Money(payable)),
                        ("paid", Value::Money(s.paid)),
                        ("balance_due", Value::Money(balance)),
                    ]);
                    out.info(Path::root().field("payments"), "met", f, Vec::new());
                }
            }
            Reports::Overpaid => {
                if let (Some(payable), Some(over)) = (s.payable, s.overpaid_due) {
                    if over.is_positive() {
                        let f = facts([
                            ("payable_subsidy", Value::Money(payable)),
                            ("paid", Value::Money(s.paid)),
                            ("overpaid_due", Value::Money(over)),
                        ]);
                        out.fail(Path::root().field("payments"), "fail", f, Vec::new());
                    }
                }
            }
            Reports::Outcome => outcome(s, cx, out),
            _ => {}
        }
    }
}

/// The outcome when it is not a failure (a failure is reported by its condition's rule).
fn outcome(s: &Settlement, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
    let process = Path::root().field("process");
    match &s.outcome {
        Outcome::Failed(_) => {}
        Outcome::Passed { on, result, .. } => {
            let label = cx
                .policy
                .file
                .results
                .iter()
                .find(|r| &r.id == result)
                .map_or_else(|| result.clone(), |r| out.label(&r.label).to_string());
            let mut f = Vec::new();
            if let Some(on) = on {
                f.push(("passed_on".into(), Value::Date(*on)));
            }
            if let Some(payable) = s.payable {
                f.push(("payable_subsidy".into(), Value::Money(payable)));
            }
            let extras = [
                ("result", label),
                ("passed_on", on.map_or_else(|| "—".to_string(), |d| d.to_string())),
                (
                    "payable_subsidy",
                    s.payable.map_or_else(|| "—".to_string(), |m| m.grouped()),
                ),
            ];
            out.info(process.field("result"), "passed", f, extras.into());
        }
        Outcome::Pending(Waiting::Result) => {
            out.info(process.field("result"), "pending_result", Vec::new(), Vec::new())
        }
        Outcome::Pending(Waiting::Rectification(deadline)) => out.info(
            process.field("rectification_deadline"),
            "pending_rectification",
            Vec::new(),
            vec![("rectification_due", deadline.to_string())],
        ),
        Outcome::Undetermined(open) => {
            let Some(first) = open.first() else { return };
            let Some(lc) = cx.lifecycle() else { return };
            let step_path = |i: usize| lc.step(i).map_or_else(Path::root, |st| st.path.clone());
            let (path, variant) = match first {
                Condition::Misuse => (process.field("misuse_found"), "undetermined_misuse"),
                Condition::Validity => (step_path(lc.validity_step), "undetermined_validity"),
                Condition::Late => (step_path(lc.completion_step), "undetermined_late"),
                Condition::Unqualified => (process.field("rectification_deadline"), "undetermined_unqualified"),
                Condition::Result => {
                    let field = if cx.app.process.result.is_none() {
                        "result"
                    } else {
                        "rectified_result"
                    };
                    (process.key(field), "undetermined_result")
                }
            };
            let schedule = s.schedule.map_or_else(|| "—".to_string(), |d| d.to_string());
            out.push(
                Severity::Warning,
                path,
                variant,
                Vec::new(),
                vec![("scheduled_completion", schedule)],
            );
        }
    }
}

fn passes(cx: &ApplicationContext<'_>, result: &str) -> bool {
    cx.policy.file.results.iter().any(|r| r.id == result && r.passes)
}
