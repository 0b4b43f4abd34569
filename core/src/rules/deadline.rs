//! `working_day_deadline` — a step of the history is done within N working days of another.
//!
//! ## What it checks
//! The due date is the `params.days`th working day strictly after the `params.from` step
//! (the start day is not counted: 民法典 第二百零一条), on the pack's official calendar. A step
//! done after its due date is missed (the rule's severity); a step not done yet is pending
//! (`info`) while `as_of` is on or before the due date and overdue after it; a step done in
//! time is silent. The due date is the figure `params.figure`. A start or end that happened on
//! an unknown date leaves the deadline undetermined (the history asks for the date).
//!
//! At the calendar's edge (lifecycle.md): a done step is met if it is within the limit even
//! when every day the calendar does not cover counts as a working day, missed if it is past
//! the limit even when none does, and otherwise undetermined (a warning naming the covered
//! range, no due figure). A step not yet done whose due date lies past the calendar is pending
//! with a warning naming the range, never an error — unless the covered days alone already
//! exceed the limit by the as-of date.
//!
//! ## Source
//! PM 三(二)「在收到承办单位的项目申报后，5个工作日内完成项目评审」; PM 三(三)「5个工作日内完成
//! 项目审核验收，完成验收后3个工作日内对每个项目应给出评估结论」.
//!
//! ## Example
//! Worked example 2: received Fri 2019-09-27 → `review_due` 2019-10-10 (National Day);
//! a review completed 2019-10-11 is overdue.

use crate::tree::read_table;
use chrono::NaiveDate;

use super::{facts, ApplicationValidator, Builder, Facts, FindingSink};
use crate::calendar::Calendar;
use crate::context::ApplicationContext;
use crate::history::When;
use crate::pack::PackError;
use crate::path::Path;
use crate::report::{Severity, Value};

#[derive(Debug)]
pub(crate) struct WorkingDayDeadline {
    from: usize,
    to: usize,
    path: Path,
    days: u32,
    figure: String,
}

struct Params {
    from: String,
    to: String,
    days: u32,
    figure: String,
}
read_table!(Params { from, to, days, figure });

impl WorkingDayDeadline {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.require_messages(&["pending", "fail", "overdue", "undetermined", "beyond", "missed_beyond"])?;
        let from = b.step("params.from", &p.from)?;
        let to = b.step("params.to", &p.to)?;
        let path = match b.lifecycle()?.step(to) {
            Some(step) => step.path.clone(),
            None => return Err(b.error("params.to", "the passing result is not a step with a date of its own")),
        };
        Ok(WorkingDayDeadline {
            from,
            to,
            path,
            days: p.days,
            figure: p.figure,
        })
    }

    fn base(&self, start: NaiveDate) -> Facts {
        facts([
            ("start", Value::Date(start)),
            ("days", Value::Count(i64::from(self.days))),
        ])
    }
}

fn range(calendar: Option<&Calendar>) -> [(&'static str, String); 2] {
    let (first, last) = calendar.map_or((String::new(), String::new()), |c| {
        (c.first().to_string(), c.last().to_string())
    });
    [("first", first), ("last", last)]
}

impl ApplicationValidator for WorkingDayDeadline {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let Some(h) = cx.history() else { return };
        let When::On(start) = h.when(self.from) else {
            return;
        };
        let calendar = cx.policy.calendar;
        let due = calendar.and_then(|c| c.add_working_days(start, self.days).ok());
        if let Some(due) = due {
            out.figure(self.figure.clone(), Value::Date(due));
        }
        let limit = i64::from(self.days);
        let path = self.path.clone();
        match (h.when(self.to), due) {
            (When::On(done), Some(due)) => {
                if done > due {
                    let mut f = self.base(start);
                    f.push(("due".into(), Value::Date(due)));
                    f.push(("done".into(), Value::Date(done)));
                    out.fail(path, "fail", f, Vec::new());
                }
            }
            (When::On(done), None) => {
                let (known, unknown) = calendar.map_or((0, i64::MAX), |c| c.working_days_partly(start, done));
                let mut f = self.base(start);
                f.push(("done".into(), Value::Date(done)));
                if known > limit {
                    out.fail(path, "missed_beyond", f, range(calendar).into());
                } else if known.saturating_add(unknown) > limit {
                    out.push(Severity::Warning, path, "undetermined", f, range(calendar).into());
                }
            }
            (When::Undated { .. } | When::Unknown, _) => {}
            (When::NotYet, Some(due)) => {
                let mut f = self.base(start);
                f.push(("due".into(), Value::Date(due)));
                match cx.as_of {
                    Some(as_of) if as_of > due => {
                        f.push(("as_of".into(), Value::Date(as_of)));
                        out.fail(path, "overdue", f, Vec::new());
                    }
                    _ => out.info(path, "pending", f, Vec::new()),
                }
            }
            (When::NotYet, None) => {
                let known = match (calendar, cx.as_of) {
                    (Some(c), Some(as_of)) => c.working_days_partly(start, as_of).0,
                    _ => 0,
                };
                let mut f = self.base(start);
                if let (true, Some(as_of)) = (known > limit, cx.as_of) {
                    f.push(("done".into(), Value::Date(as_of)));
                    out.fail(path, "missed_beyond", f, range(calendar).into());
                } else {
                    out.push(Severity::Warning, path, "beyond", f, range(calendar).into());
                }
            }
        }
    }
}
