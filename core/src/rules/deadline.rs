//! `working_day_deadline` — a process step is done within N working days of another.
//!
//! ## What it checks
//! The due date is the `params.days`th working day strictly after the `params.from` step
//! (the start day is not counted: 民法典 第二百零一条), on the pack's official calendar. A step
//! done after its due date is overdue (the rule's severity); a step not done yet is pending
//! (`info`) while `as_of` is on or before the due date and overdue after it; a step done in
//! time is silent. The due date is the figure `params.figure`. A due date the calendar does not
//! cover is an error naming the covered range, with no figure — never a guess from weekends.
//!
//! ## Source
//! PM 三(二)「在收到承办单位的项目申报后，5个工作日内完成项目评审」; PM 三(三)「5个工作日内完成
//! 项目审核验收，完成验收后3个工作日内对每个项目应给出评估结论」.
//!
//! ## Example
//! Worked example 2: received Fri 2019-09-27 → `review_due` 2019-10-10 (National Day);
//! a review completed 2019-10-11 is overdue.

use serde::Deserialize;

use super::{facts, ApplicationRule, Builder, Out};
use crate::calendar::CalendarError;
use crate::context::ApplicationContext;
use crate::doc::application::PROCESS_STEPS;
use crate::pack::PackError;
use crate::path::Path;
use crate::report::Value;

#[derive(Debug)]
pub(crate) struct WorkingDayDeadline {
    from: String,
    to: String,
    days: u32,
    figure: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    from: String,
    to: String,
    days: u32,
    figure: String,
}

pub(crate) fn step_name(b: &Builder<'_>, key: &str, name: &str) -> Result<String, Vec<PackError>> {
    if PROCESS_STEPS.contains(&name) {
        Ok(name.to_string())
    } else {
        Err(b.error(
            key,
            format!("`{name}` is not a process step ({})", PROCESS_STEPS.join(", ")),
        ))
    }
}

pub(crate) fn step_path(name: &str) -> Path {
    Path::root().key("process").key(name)
}

impl WorkingDayDeadline {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.require_messages(&["pending", "fail", "overdue", "out_of_range"])?;
        Ok(WorkingDayDeadline {
            from: step_name(b, "params.from", &p.from)?,
            to: step_name(b, "params.to", &p.to)?,
            days: p.days,
            figure: p.figure,
        })
    }
}

impl ApplicationRule for WorkingDayDeadline {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut Out<'_>) {
        let process = &cx.app.process;
        let Some(Some(start)) = process.step(&self.from) else {
            return;
        };
        let done = process.step(&self.to).flatten();
        let due = match &cx.pack.calendar {
            Some(calendar) => calendar.add_working_days(start, self.days),
            None => Err(CalendarError::Data {
                source: "pack".into(),
                message: "the pack has no calendar".into(),
            }),
        };
        let due = match due {
            Ok(due) => due,
            Err(error) => {
                let (first, last) = cx.pack.calendar.as_ref().map_or((String::new(), String::new()), |c| {
                    (c.first().to_string(), c.last().to_string())
                });
                let f = facts([
                    ("start", Value::Date(start)),
                    ("days", Value::Count(i64::from(self.days))),
                ]);
                let extras = [("first", first), ("last", last), ("error", error.to_string())];
                out.fail(step_path(&self.to), "out_of_range", f, &extras);
                return;
            }
        };
        out.figure(&self.figure, Value::Date(due));
        let (variant, last) = match (done, cx.as_of) {
            (Some(done), _) if done > due => ("fail", ("done", done)),
            (Some(_), _) => return,
            (None, Some(as_of)) if as_of > due => ("overdue", ("as_of", as_of)),
            (None, _) => ("pending", ("due", due)),
        };
        let mut f = facts([
            ("start", Value::Date(start)),
            ("days", Value::Count(i64::from(self.days))),
            ("due", Value::Date(due)),
        ]);
        if variant != "pending" {
            f.push((last.0.to_string(), Value::Date(last.1)));
        }
        if variant == "pending" {
            out.info(step_path(&self.to), variant, f, &[]);
        } else {
            out.fail(step_path(&self.to), variant, f, &[]);
        }
    }
}
