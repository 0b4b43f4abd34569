//! `staged_disbursement` — a subsidy paid in stages, each stage's share payable once the
//! step that opens it has happened.
//!
//! ## What it checks
//! The stages are pack data: each a share of the proposed subsidy and the lifecycle step that
//! opens it (平远: on signing, when a category is built, when the whole project is complete).
//! By the date of every payment, everything paid up to that day is at most the proposed
//! subsidy × the shares of the stages opened by then (each limit rounded half away from zero
//! to the fen: `round = "cumulative"` rounds the opened shares' sum once, `"each_stage"` adds
//! each stage's own rounded amount — a reading the pack declares). A stage whose step has no
//! date (blank, or shown only by a later step) may or may not be open: a payment within what
//! the stages known to be open allow is fine, one beyond what even all such stages would allow
//! is an error, and one in between is undetermined (a warning naming the step whose date is
//! missing). Payments of one day are judged once, at the day's last. A blank proposed subsidy
//! leaves every limit undetermined (one warning).
//! Figures: `<prefix>_payable` (what the stages open as of the as-of date allow, when known)
//! and `<prefix>_paid`.
//!
//! ## Source
//! 平远县 (news of 2016-06-13): subsidies disbursed on signing, on a category built, on the
//! project's completion — shares not published (its test pack invents them and says so).
//!
//! ## Example
//! Proposed 1,000,000.00 in stages of 30% (signed), 40% (built), 30% (completed): a payment of
//! 300,000.00 after signing is within 300,000.00; a further 100,000.00 before the building is
//! done is 100,000.00 over.

use crate::tree::read_table;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{facts, ApplicationValidator, Builder, FindingSink};
use crate::context::ApplicationContext;
use crate::history::Known;
use crate::money::Money;
use crate::pack::{share, PackError, Text};
use crate::path::Path;
use crate::report::{Severity, Value};
struct StageParams {
    id: String,
    label: Text,
    share: String,
    /// The lifecycle step that opens the stage.
    after: String,
}
read_table!(StageParams {
    id,
    label,
    share,
    after
});
struct Params {
    stages: Vec<StageParams>,
    figure_prefix: String,
    /// `cumulative` (default) or `each_stage`.
    round: Option<String>,
}
read_table!(Params { stages, figure_prefix } or_default { round });

#[derive(Debug)]
struct Stage {
    id: String,
    label: Text,
    share: Decimal,
    step: usize,
}

/// What the stages open on a day allow (`StagedDisbursement::open_on`).
struct Opened<'s> {
    /// The money the stages known to be open allow.
    known: Money,
    /// … and those that may be open (a step with no date).
    possible: Money,
    /// The first stage whose opening is unknown.
    unknown: Option<&'s Stage>,
    possible_share: Decimal,
    /// The ids of the stages known to be open.
    known_ids: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct StagedDisbursement {
    stages: Vec<Stage>,
    prefix: String,
    /// Each stage's amount rounded on its own, rather than the opened shares' sum once.
    each_stage: bool,
}

impl StagedDisbursement {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.require_messages(&["met", "fail", "undetermined", "missing"])?;
        let mut stages = Vec::new();
        let mut total = Decimal::ZERO;
        for s in &p.stages {
            let key = format!("rules.{}.params.stages.{}.share", b.config.id, s.id);
            let stage_share = share(&s.share, &key).map_err(|e| vec![e])?;
            total += stage_share;
            stages.push(Stage {
                id: s.id.clone(),
                label: s.label.clone(),
                share: stage_share,
                step: b.step(&format!("params.stages.{}.after", s.id), &s.after)?,
            });
        }
        if stages.is_empty() {
            return Err(b.error("params.stages", "no stages"));
        }
        let mut ids: Vec<&str> = p.stages.iter().map(|s| s.id.as_str()).collect();
        crate::lean::sort(&mut ids);
        if ids.windows(2).any(|w| w.first() == w.get(1)) {
            return Err(b.error("params.stages", "a stage id appears twice"));
        }
        let each_stage = match p.round.as_deref() {
            None | Some("cumulative") => false,
            Some("each_stage") => true,
            Some(other) => {
                return Err(b.error(
                    "params.round",
                    format!("`{other}` is neither `cumulative` nor `each_stage`"),
                ))
            }
        };
        if total > Decimal::ONE {
            return Err(b.error(
                "params.stages",
                format!("the shares add up to {total}, more than the whole subsidy"),
            ));
        }
        Ok(StagedDisbursement {
            stages,
            prefix: p.figure_prefix,
            each_stage,
        })
    }

    /// What the stages open on `day` allow: known to be open, and open or maybe open (a step
    /// with no date), with the first stage whose opening is unknown.
    fn open_on<'s>(&'s self, cx: &ApplicationContext<'_>, day: NaiveDate, proposed: Money) -> Opened<'s> {
        let mut known: Vec<&Stage> = Vec::new();
        let mut possible: Vec<&Stage> = Vec::new();
        let mut unknown = None;
        if let (Some(history), Some(lc)) = (cx.history(), cx.lifecycle()) {
            for stage in &self.stages {
                let when = history.when(stage.step);
                // A blank date is a missing fact, not a step known not to have happened —
                // unless a step it must follow is dated after the day.
                let open = if when == crate::history::When::NotYet {
                    let mut follows_a_later_step = false;
                    history.each_dated_before(lc, stage.step, |_, d| follows_a_later_step |= d > day);
                    if follows_a_later_step {
                        Known::No
                    } else {
                        Known::Unknown(stage.step)
                    }
                } else {
                    when.is_on_or_after(day, stage.step)
                };
                match open {
                    Known::Yes => {
                        known.push(stage);
                        possible.push(stage);
                    }
                    Known::No => {}
                    Known::Unknown(_) => {
                        possible.push(stage);
                        unknown = unknown.or(Some(stage));
                    }
                }
            }
        }
        Opened {
            known: self.allowed(&known, proposed),
            possible: self.allowed(&possible, proposed),
            unknown,
            possible_share: possible.iter().map(|s| s.share).sum(),
            known_ids: known.iter().map(|s| s.id.clone()).collect(),
        }
    }

    /// The money some stages allow, rounded half away from zero to the fen as the pack reads it.
    fn allowed(&self, stages: &[&Stage], proposed: Money) -> Money {
        if self.each_stage {
            crate::money::sum(stages.iter().map(|s| proposed.times_share(s.share).unwrap_or_default()))
                .unwrap_or_default()
        } else {
            let share: Decimal = stages.iter().map(|s| s.share).sum();
            proposed.times_share(share).unwrap_or_default()
        }
    }
}

impl ApplicationValidator for StagedDisbursement {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let payments = &cx.app.payments;
        let paid = crate::money::sum(payments.iter().map(|p| p.amount)).unwrap_or_default();
        out.figure(format!("{}_paid", self.prefix), Value::Money(paid));
        let Some(proposed) = cx.app.proposed_subsidy else {
            if !payments.is_empty() {
                out.push(
                    Severity::Warning,
                    Path::root().field("subsidy").field("proposed"),
                    "missing",
                    facts([("paid", Value::Money(paid))]),
                    Vec::new(),
                );
            }
            return;
        };
        if let Some(as_of) = cx.as_of {
            let Opened { known, possible, .. } = self.open_on(cx, as_of, proposed);
            if known == possible {
                out.figure(format!("{}_payable", self.prefix), Value::Money(known));
            }
        }
        // Each day with a payment, judged once with everything paid up to it (the path is the
        // day's last payment).
        let mut days: Vec<(NaiveDate, usize)> = Vec::new();
        for (i, payment) in payments.iter().enumerate() {
            match days.iter_mut().find(|(d, _)| *d == payment.date) {
                Some(day) => day.1 = i,
                None => days.push((payment.date, i)),
            }
        }
        crate::lean::sort_by_key(&mut days, |(d, _)| *d);
        let mut broken = false;
        for (day, last) in days {
            let so_far: Money =
                crate::money::sum(payments.iter().filter(|p| p.date <= day).map(|p| p.amount)).unwrap_or_default();
            let Opened {
                known,
                possible,
                unknown,
                possible_share,
                known_ids: opened,
            } = self.open_on(cx, day, proposed);
            let path = Path::root().field("payments").index(last);
            if so_far > possible {
                broken = true;
                let f = facts([
                    ("date", Value::Date(day)),
                    ("paid", Value::Money(so_far)),
                    ("allowed", Value::Money(possible)),
                    ("excess", Value::Money(so_far.checked_sub(possible).unwrap_or_default())),
                    ("stages", Value::Texts(opened)),
                ]);
                let share = crate::money::format_percent(possible_share);
                out.fail(path, "fail", f, vec![("share", share)]);
            } else if so_far > known {
                broken = true;
                let stage = unknown.map(|s| out.label(&s.label).to_owned()).unwrap_or_default();
                let step = unknown.and_then(|s| cx.lifecycle().map(|lc| out.label(lc.label(s.step)).to_owned()));
                let f = facts([
                    ("date", Value::Date(day)),
                    ("paid", Value::Money(so_far)),
                    ("allowed", Value::Money(known)),
                    ("stage", Value::Text(unknown.map(|s| s.id.clone()).unwrap_or_default())),
                ]);
                let extras = [("stage_label", stage), ("step_label", step.unwrap_or_default())];
                out.push(Severity::Warning, path, "undetermined", f, extras.into());
            }
        }
        if !broken && !payments.is_empty() {
            let f = facts([("paid", Value::Money(paid)), ("proposed", Value::Money(proposed))]);
            out.info(Path::root().field("payments"), "met", f, Vec::new());
        }
    }
}
