//! Dates against the policy's own calendar: completion on schedule, the programme's phases,
//! and the policy's period of validity.
//!
//! - `completion_on_schedule` — IP 五(二), FM 四(一)「待建设项目如期完成」: the project is
//!   completed by its schedule, as the settlement judges it from the history (error at
//!   `/project/completed_on`: completed after it, or not completed and the schedule passed as
//!   of `as_of`; a blank `completed_on` on a project accepted by then is on time), and the
//!   scheduled date itself lies no later than `params.latest`, the end of the implementation
//!   phase (error at `/project/scheduled_completion`). Example: scheduled 2020-06-30,
//!   completed 2020-07-02 → error.
//! - `phase_of_date` — IP 五: the phase the `as_of` date falls in (`before`/`after` outside
//!   them), an `info` finding and the figure `phase`. Example: 2020-06-18 → `implementation`.
//! - `date_within` — a step of the history lies in `params.from` … `params.to` (error at its
//!   path). Example: a county whose measures bind receipts from 2020-01-01 on.

use crate::tree::read_table;
use chrono::NaiveDate;

use super::{facts, ApplicationValidator, Builder, FindingSink};
use crate::context::ApplicationContext;
use crate::decode::parse_date;
use crate::history::When;
use crate::pack::PackError;
use crate::path::Path;
use crate::report::Value;
use crate::settlement::{late, Schedule};

fn date(b: &Builder<'_>, key: &str, text: &str) -> Result<NaiveDate, Vec<PackError>> {
    parse_date(text).ok_or_else(|| b.error(key, format!("`{text}` is not a date YYYY-MM-DD")))
}

#[derive(Debug)]
pub(crate) struct CompletionOnSchedule {
    latest: NaiveDate,
}

struct ScheduleParams {
    latest: String,
}
read_table!(ScheduleParams { latest });

impl CompletionOnSchedule {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: ScheduleParams = b.params()?;
        b.require_messages(&["fail", "not_completed", "schedule"])?;
        b.lifecycle()?;
        Ok(CompletionOnSchedule {
            latest: date(b, "params.latest", &p.latest)?,
        })
    }
}

impl ApplicationValidator for CompletionOnSchedule {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let project = &cx.app.project;
        let project_path = Path::root().field("project");
        if let Some(scheduled) = project.scheduled_completion {
            if scheduled > self.latest {
                let f = facts([
                    ("scheduled_completion", Value::Date(scheduled)),
                    ("latest", Value::Date(self.latest)),
                ]);
                out.fail(project_path.field("scheduled_completion"), "schedule", f, Vec::new());
            }
        }
        let (Some(settlement), Some(lc), Some(h)) = (cx.settlement(), cx.lifecycle(), cx.history()) else {
            return;
        };
        // This rule is about completion itself, whichever reading the settlement takes of
        // 未能如期通过验收 (under `late = "acceptance"` the pass may be late, the building not).
        let Some(scheduled) = settlement.schedule else { return };
        if late(h.when(lc.completion_step), scheduled, cx.as_of) != Schedule::Late {
            return;
        }
        let f = |extra: (&'static str, Value)| facts([("scheduled_completion", Value::Date(scheduled)), extra]);
        match (project.completed_on, cx.as_of) {
            (Some(done), _) => {
                out.fail(
                    project_path.field("completed_on"),
                    "fail",
                    f(("completed_on", Value::Date(done))),
                    Vec::new(),
                );
            }
            (None, Some(as_of)) => {
                out.fail(
                    project_path.field("completed_on"),
                    "not_completed",
                    f(("as_of", Value::Date(as_of))),
                    Vec::new(),
                );
            }
            (None, None) => {}
        }
    }
}

#[derive(Debug)]
pub(crate) struct PhaseOfDate {
    phases: Vec<(String, NaiveDate, NaiveDate, crate::pack::Text)>,
}

impl PhaseOfDate {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        b.no_params()?;
        b.require_messages(&["met", "before", "after"])?;
        let mut phases = Vec::new();
        for phase in &b.file.phases {
            let from = date(b, "phases.from", &phase.from)?;
            let to = date(b, "phases.to", &phase.to)?;
            phases.push((phase.id.clone(), from, to, phase.label.clone()));
        }
        if phases.is_empty() {
            return Err(b.error("kind", "phase_of_date needs the pack's [[phases]]"));
        }
        Ok(PhaseOfDate { phases })
    }
}

impl ApplicationValidator for PhaseOfDate {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let Some(as_of) = cx.as_of else {
            return;
        };
        let found = self
            .phases
            .iter()
            .find(|(_, from, to, _)| *from <= as_of && as_of <= *to);
        let (id, variant, label) = match found {
            Some((id, _, _, label)) => (id.clone(), "met", out.label(label).to_string()),
            None if self.phases.iter().all(|(_, from, _, _)| as_of < *from) => {
                ("before".to_string(), "before", String::new())
            }
            None => ("after".to_string(), "after", String::new()),
        };
        out.figure("phase", Value::Text(id.clone()));
        out.info(
            Path::root(),
            variant,
            facts([("as_of", Value::Date(as_of)), ("phase", Value::Text(id))]),
            vec![("phase_label", label)],
        );
    }
}

#[derive(Debug)]
pub(crate) struct DateWithin {
    step: usize,
    path: Path,
    from: NaiveDate,
    to: NaiveDate,
}

struct WithinParams {
    step: String,
    from: String,
    to: String,
}
read_table!(WithinParams { step, from, to });

impl DateWithin {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: WithinParams = b.params()?;
        b.require_messages(&["fail"])?;
        let step = b.step("params.step", &p.step)?;
        let Some(path) = b.lifecycle()?.step(step).map(|s| s.path.clone()) else {
            return Err(b.error("params.step", "the passing result is not a step with a date of its own"));
        };
        Ok(DateWithin {
            step,
            path,
            from: date(b, "params.from", &p.from)?,
            to: date(b, "params.to", &p.to)?,
        })
    }
}

impl ApplicationValidator for DateWithin {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let Some(When::On(day)) = cx.history().map(|h| h.when(self.step)) else {
            return;
        };
        if day < self.from || day > self.to {
            let f = facts([
                ("date", Value::Date(day)),
                ("from", Value::Date(self.from)),
                ("to", Value::Date(self.to)),
            ]);
            out.fail(self.path.clone(), "fail", f, Vec::new());
        }
    }
}
