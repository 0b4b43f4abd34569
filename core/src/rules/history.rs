//! `history` — the application's record of its steps (lifecycle.md, "The history").
//!
//! ## What it checks
//! One part of the history, chosen by `params.reports`:
//! - `order` — every pair of `[[lifecycle.order]]` holds (equal dates allowed), looking through
//!   steps without a date; a break is an error at the later step's path, owned by whoever
//!   records that step, naming the latest earlier step it precedes. A step recorded while the
//!   step it needs has not happened (a city approval with no passing result) is a break too.
//! - `halves` — an evaluation date without a result or the reverse, a rectification date
//!   without the rectified result or the reverse, and rectification fields when the result
//!   is not a failing one: an error at the missing or stray half.
//! - `undated` — a step that happened (a later step is dated, or the project's status says
//!   so) but has no date: a finding at its path asking for the date, owned by whoever
//!   records it. Whatever needs that date is undetermined.
//! - `after_expiry` — steps and payments dated after the measures expired (`valid_until`).
//!
//! ## Source
//! PM 三「项目申报、评审、验收和评估的基本流程」; FM 四(二)(三)「初审后，组织市相关部门进行验收……
//! 报市政府审批，市财政局根据审批意见……拨付资金」; FM 四(四)「做到资料详实、手续齐备、程序合规」.
//!
//! ## Example
//! Received 2020-05-25, review completed 2020-05-20 → an error at `/process/review_completed`.

use super::{facts, ApplicationValidator, Builder, FindingSink};
use crate::context::ApplicationContext;
use crate::history::{ShownBy, When};
use crate::pack::PackError;
use crate::path::Path;
use crate::report::Value;
use crate::tree::{read_choice, read_table};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reports {
    Order,
    Halves,
    Undated,
    AfterExpiry,
}
read_choice!(Reports { "order" => Reports::Order, "halves" => Reports::Halves, "undated" => Reports::Undated, "after_expiry" => Reports::AfterExpiry });
struct Params {
    reports: Reports,
}
read_table!(Params { reports });

#[derive(Debug)]
pub(crate) struct HistoryRule {
    reports: Reports,
}

impl HistoryRule {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.lifecycle()?;
        let messages: &[&str] = match p.reports {
            Reports::Order => &["order", "not_yet"],
            Reports::Halves => &["missing", "stray"],
            Reports::Undated => &["later", "status"],
            Reports::AfterExpiry => &["step", "payment"],
        };
        b.require_messages(messages)?;
        // A message naming who takes a step reads only when every step names them.
        let uses_actor = b.config.messages.values().any(|t| {
            crate::message::placeholders(&t.zh)
                .iter()
                .any(|p| *p == "step_actor" || *p == "previous_actor")
        });
        if uses_actor {
            let lifecycle = b.lifecycle()?;
            let missing: Vec<&str> = lifecycle
                .steps
                .iter()
                .filter(|s| s.actor.is_none())
                .map(|s| s.id.as_str())
                .collect();
            if !missing.is_empty() {
                return Err(b.error(
                    "messages",
                    format!(
                        "the messages name who takes a step ({{step_actor}}, {{previous_actor}}), but these steps name nobody: {} (give each an `actor`)",
                        missing.join(", ")
                    ),
                ));
            }
        }
        Ok(HistoryRule { reports: p.reports })
    }
}

impl ApplicationValidator for HistoryRule {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let (Some(lc), Some(h)) = (cx.lifecycle(), cx.history()) else {
            return;
        };
        let label = |i: usize, out: &FindingSink<'_>| out.label(lc.label(i)).to_string();
        // Who takes a step, when the pack names them (`actor`): `{step_actor}`, `{previous_actor}`.
        let actor = |i: usize, out: &FindingSink<'_>| {
            lc.step(i)
                .and_then(|s| s.actor.as_ref())
                .map(|a| out.label(a).to_string())
                .unwrap_or_default()
        };
        match self.reports {
            Reports::Order => {
                for (i, step) in lc.steps.iter().enumerate() {
                    let When::On(day) = h.when(i) else { continue };
                    // The latest dated step that must come before this one but is later (the
                    // last found on a tie).
                    let mut latest: Option<(usize, chrono::NaiveDate)> = None;
                    h.each_dated_before(lc, i, |before, d| {
                        if d > day && latest.is_none_or(|(_, l)| d >= l) {
                            latest = Some((before, d));
                        }
                    });
                    if let Some((before, before_day)) = latest {
                        let f = facts([
                            (lc.id(before).to_owned(), Value::Date(before_day)),
                            (step.id.clone(), Value::Date(day)),
                        ]);
                        let extras = [
                            ("step", label(i, out)),
                            ("previous", label(before, out)),
                            ("date", day.to_string()),
                            ("previous_date", before_day.to_string()),
                            ("step_actor", actor(i, out)),
                            ("previous_actor", actor(before, out)),
                        ];
                        let severity = out.severity();
                        out.push_owned(severity, step.owner, step.path.clone(), "order", f, extras.into());
                        continue;
                    }
                    // A step that needs one that has not happened (and is not shown by it).
                    let missing = h
                        .pairs(lc)
                        .find(|&(before, after)| after == i && h.when(before) == When::NotYet);
                    if let Some((before, _)) = missing {
                        let f = facts([(step.id.clone(), Value::Date(day))]);
                        let extras = [
                            ("step", label(i, out)),
                            ("previous", label(before, out)),
                            ("step_actor", actor(i, out)),
                            ("previous_actor", actor(before, out)),
                        ];
                        let severity = out.severity();
                        out.push_owned(severity, step.owner, step.path.clone(), "not_yet", f, extras.into());
                    }
                }
            }
            Reports::Halves => halves(cx, out),
            Reports::Undated => {
                for (i, step) in lc.steps.iter().enumerate() {
                    let When::Undated { shown_by, .. } = h.when(i) else {
                        continue;
                    };
                    let (variant, extras) = match shown_by {
                        ShownBy::Half => continue,
                        ShownBy::Later(later) => ("later", vec![("step", label(i, out)), ("later", label(later, out))]),
                        ShownBy::Status => {
                            let status = cx.app.project.status.clone().unwrap_or_default();
                            let shown = cx
                                .policy
                                .file
                                .labels
                                .get(&status)
                                .map_or(status, |t| out.label(t).to_string());
                            ("status", vec![("step", label(i, out)), ("status", shown)])
                        }
                    };
                    let severity = out.severity();
                    out.push_owned(severity, step.owner, step.path.clone(), variant, Vec::new(), extras);
                }
            }
            Reports::AfterExpiry => {
                let until = lc.valid_until;
                for (i, step) in lc.steps.iter().enumerate() {
                    if let When::On(day) = h.when(i) {
                        if day > until {
                            let f = facts([("date", Value::Date(day)), ("valid_until", Value::Date(until))]);
                            out.fail(step.path.clone(), "step", f, vec![("step", label(i, out))]);
                        }
                    }
                }
                for (i, pay) in cx.app.payments.iter().enumerate() {
                    if pay.date > until {
                        let f = facts([
                            ("date", Value::Date(pay.date)),
                            ("amount", Value::Money(pay.amount)),
                            ("valid_until", Value::Date(until)),
                        ]);
                        out.fail(Path::root().field("payments").index(i), "payment", f, Vec::new());
                    }
                }
            }
        }
    }
}

/// The halves of a record that go together: a date and its result, and the rectification
/// fields, which belong only to a failing result.
fn halves(cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
    let (Some(lc), Some(h)) = (cx.lifecycle(), cx.history()) else {
        return;
    };
    let p = &cx.app.process;
    let process = Path::root().field("process");
    let labels = &cx.policy.file.labels;
    let field_label = |name: &str, out: &FindingSink<'_>| {
        labels
            .get(name)
            .map_or_else(|| name.to_string(), |t| out.label(t).to_string())
    };
    let pairs = [
        (lc.evaluation_step(), p.result.is_some(), "result"),
        (lc.rectified_step(), p.rectified_result.is_some(), "rectified_result"),
    ];
    for (step, has_value, value_name) in pairs {
        let Some(step) = step.and_then(|i| lc.step(i).map(|s| (i, s))) else {
            continue;
        };
        let (i, s) = step;
        let dated = h.when(i).date().is_some();
        let step_label = out.label(&s.label).to_string();
        let value_label = field_label(value_name, out);
        if dated && !has_value {
            let extras = [("missing", value_label), ("present", step_label)];
            out.fail(process.key(value_name), "missing", Vec::new(), extras.into());
        } else if has_value && !dated {
            let extras = [("missing", step_label), ("present", value_label)];
            out.fail(s.path.clone(), "missing", Vec::new(), extras.into());
        }
    }
    let failing = p
        .result
        .as_deref()
        .is_some_and(|r| cx.policy.file.results.iter().any(|t| t.id == r && !t.passes));
    if failing {
        return;
    }
    let strays = [
        ("rectification_deadline", p.rectification_deadline.is_some()),
        ("rectified_on", p.rectified_on.is_some()),
        ("rectified_result", p.rectified_result.is_some()),
    ];
    let result = p.result.clone();
    for (name, present) in strays {
        if present {
            let shown_result = result
                .as_deref()
                .and_then(|r| cx.policy.file.results.iter().find(|t| t.id == r))
                .map_or_else(|| field_label("no_result", out), |t| out.label(&t.label).to_string());
            let extras = [("field", field_label(name, out)), ("result", shown_result)];
            out.fail(process.key(name), "stray", Vec::new(), extras.into());
        }
    }
}
