//! The process record: the steps a payment rests on.
//!
//! - `step_recorded` — PM 三(二)「……并向社会公布评审结论」: once `params.after` is done,
//!   `params.step` has a date too (warning at the step's path when it has none).
//!   Example: review completed 2020-05-29, no `review_published` → warning.
//! - `disbursement_chain` — FM 四(二)(三), PM 三: a final payment (one dated on or after the day
//!   acceptance passed) needs, in date order (equal dates allowed), every step of
//!   `params.steps` and then the payment. A step missing or out of order is an error at that
//!   step's path (each once); a payment before the last step, at the payment's date. A
//!   prepayment needs none of them. Example: approval 2020-06-15, final payment 2020-06-12 →
//!   error at `/payments/1/date`.

use serde::Deserialize;

use super::deadline::{step_name, step_path};
use super::{facts, ApplicationRule, Builder, Out};
use crate::context::ApplicationContext;
use crate::pack::PackError;
use crate::path::Path;
use crate::report::Value;

#[derive(Debug)]
pub(crate) struct StepRecorded {
    after: String,
    step: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepParams {
    after: String,
    step: String,
}

impl StepRecorded {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: StepParams = b.params()?;
        b.require_messages(&["fail"])?;
        Ok(StepRecorded {
            after: step_name(b, "params.after", &p.after)?,
            step: step_name(b, "params.step", &p.step)?,
        })
    }
}

impl ApplicationRule for StepRecorded {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut Out<'_>) {
        let process = &cx.app.process;
        if let (Some(Some(after)), Some(None)) = (process.step(&self.after), process.step(&self.step)) {
            out.fail(
                step_path(&self.step),
                "fail",
                facts([(self.after.as_str(), Value::Date(after))]),
                &[],
            );
        }
    }
}

#[derive(Debug)]
pub(crate) struct DisbursementChain {
    steps: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChainParams {
    steps: Vec<String>,
}

impl DisbursementChain {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: ChainParams = b.params()?;
        b.require_messages(&["missing", "order", "payment"])?;
        let steps = p
            .steps
            .iter()
            .map(|s| step_name(b, "params.steps", s))
            .collect::<Result<_, _>>()?;
        Ok(DisbursementChain { steps })
    }
}

impl ApplicationRule for DisbursementChain {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut Out<'_>) {
        let Some(accepted_on) = cx.settlement().accepted_on else {
            return;
        };
        let finals: Vec<(usize, chrono::NaiveDate)> = cx
            .app
            .payments
            .iter()
            .enumerate()
            .filter(|(_, p)| p.date >= accepted_on)
            .map(|(i, p)| (i, p.date))
            .collect();
        if finals.is_empty() {
            return;
        }
        let process = &cx.app.process;
        let mut previous: Option<(&str, chrono::NaiveDate)> = None;
        for step in &self.steps {
            match process.step(step).flatten() {
                None => out.fail(step_path(step), "missing", Vec::new(), &[("step", step.clone())]),
                Some(day) => {
                    if let Some((before, before_day)) = previous {
                        if day < before_day {
                            let f = facts([(before, Value::Date(before_day)), (step.as_str(), Value::Date(day))]);
                            out.fail(
                                step_path(step),
                                "order",
                                f,
                                &[("step", step.clone()), ("previous", before.to_string())],
                            );
                        }
                    }
                    previous = Some((step, day));
                }
            }
        }
        let Some((last, last_day)) = previous else {
            return;
        };
        for (i, day) in finals {
            if day < last_day {
                let f = facts([(last, Value::Date(last_day)), ("payment", Value::Date(day))]);
                out.fail(
                    Path::root().key("payments").index(i).key("date"),
                    "payment",
                    f,
                    &[("previous", last.to_string())],
                );
            }
        }
    }
}
