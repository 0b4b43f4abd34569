//! `settlement` — one rule per way a settlement ends (FM 四(一), PM 三(三), FM 五(四)).
//!
//! ## What it checks
//! The outcome is worked out once (see `crate::settlement`); each pack rule of this kind
//! reports one part of it, chosen by `params.reports`:
//! - `misuse` — misuse found → failed, payable 0, `clawback_due` = everything paid (error at
//!   `/process/misuse_found`);
//! - `late` — completed after the scheduled date → failed, everything paid clawed back (error
//!   at `/project/completed_on`);
//! - `unqualified` — unqualified: pending before the rectification deadline (warning, figure
//!   `rectification_due`), failed after it without a passing rectified result (error), both at
//!   `/process/result`; silent once a rectified result passes;
//! - `basically_qualified` — passed as 基本合格: payable at the pack's share, with a note naming
//!   the reading (info at `/process/result`);
//! - `balance` — passed: `balance_due` = payable − paid, never below 0 (info at `/payments`).
//!
//! Each failure is reported once, under the first rule that matched. Every rule of this kind
//! sets the figures `payable_subsidy`, `paid`, `balance_due`, `clawback_due` that apply.
//!
//! ## Source
//! FM 四(一)「待建设项目如期完成并验收通过后再拨付剩余部分资金，如建设项目未能如期通过验收，将追回
//! 前期预拨资金」; PM 三(三)「评估不合格的，限期整改，否则不予资金补贴」; FM 五(四)「任何单位和个人
//! 不得以任何形式骗取、挪用和截留专项资金」.
//!
//! ## Example
//! Qualified, proposed 1,200,000.00, paid 500,000.00 → `balance_due` 700,000.00.

use serde::Deserialize;

use super::{facts, ApplicationRule, Builder, Out};
use crate::context::ApplicationContext;
use crate::pack::PackError;
use crate::path::Path;
use crate::report::Value;
use crate::settlement::{Failure, Outcome, Settlement};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Reports {
    Misuse,
    Late,
    Unqualified,
    BasicallyQualified,
    Balance,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    reports: Reports,
    /// For `basically_qualified`: the result id the reading is about.
    #[serde(default)]
    result: Option<String>,
}

#[derive(Debug)]
pub(crate) struct SettlementRule {
    reports: Reports,
    result: Option<String>,
}

impl SettlementRule {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        let messages: &[&str] = match p.reports {
            Reports::Unqualified => &["pending", "fail"],
            Reports::BasicallyQualified | Reports::Balance => &["met"],
            Reports::Misuse | Reports::Late => &["fail"],
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

fn money(value: Option<crate::money::Money>) -> Value {
    Value::Money(value.unwrap_or_default())
}

fn figures(s: &Settlement, out: &mut Out<'_>) {
    out.figure("paid", Value::Money(s.paid));
    for (name, value) in [
        ("payable_subsidy", s.payable),
        ("balance_due", s.balance_due),
        ("clawback_due", s.clawback_due),
    ] {
        if let Some(v) = value {
            out.figure(name, Value::Money(v));
        }
    }
}

impl ApplicationRule for SettlementRule {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut Out<'_>) {
        let s = cx.settlement();
        figures(s, out);
        let app = cx.app;
        let paid = || facts([("paid", Value::Money(s.paid)), ("clawback_due", money(s.clawback_due))]);
        match (self.reports, &s.outcome) {
            (Reports::Misuse, Outcome::Failed(Failure::Misuse)) => {
                out.fail(Path::root().key("process").key("misuse_found"), "fail", paid(), &[]);
            }
            (Reports::Late, Outcome::Failed(Failure::Late)) => {
                let mut f = paid();
                if let Some(due) = app.project.scheduled_completion {
                    f.insert(0, ("scheduled_completion".into(), Value::Date(due)));
                }
                let completed = app
                    .project
                    .completed_on
                    .map_or_else(|| "—".to_string(), |d| d.to_string());
                out.fail(
                    Path::root().key("project").key("completed_on"),
                    "fail",
                    f,
                    &[("completed_on", completed)],
                );
            }
            (Reports::Unqualified, outcome) if app.process.result.as_deref().is_some_and(|r| !passes(cx, r)) => {
                let path = Path::root().key("process").key("result");
                if let Some(deadline) = app.process.rectification_deadline {
                    out.figure("rectification_due", Value::Date(deadline));
                }
                let deadline = || {
                    app.process
                        .rectification_deadline
                        .map_or_else(|| "—".to_string(), |d| d.to_string())
                };
                match outcome {
                    Outcome::Failed(Failure::Unrectified) => {
                        out.fail(path, "fail", paid(), &[("rectification_due", deadline())])
                    }
                    Outcome::Pending => out.push(
                        crate::report::Severity::Warning,
                        path,
                        "pending",
                        Vec::new(),
                        &[("rectification_due", deadline())],
                    ),
                    _ => {}
                }
            }
            (Reports::BasicallyQualified, Outcome::Passed { result, share, .. })
                if Some(result) == self.result.as_ref() =>
            {
                let f = facts([("share", Value::Ratio(*share)), ("payable_subsidy", money(s.payable))]);
                out.info(
                    Path::root().key("process").key("result"),
                    "met",
                    f,
                    &[("rule_share", crate::money::format_percent(*share))],
                );
            }
            (Reports::Balance, Outcome::Passed { .. }) if s.payable.is_some() => {
                let f = facts([
                    ("payable_subsidy", money(s.payable)),
                    ("paid", Value::Money(s.paid)),
                    ("balance_due", money(s.balance_due)),
                    ("clawback_due", money(s.clawback_due)),
                ]);
                out.info(Path::root().key("payments"), "met", f, &[]);
            }
            _ => {}
        }
    }
}

fn passes(cx: &ApplicationContext<'_>, result: &str) -> bool {
    cx.pack.file.results.iter().any(|r| r.id == result && r.passes)
}
