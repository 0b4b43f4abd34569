//! `staged_disbursement` — a subsidy paid in stages, each stage's share payable once the
//! step that opens it has happened.
//!
//! ## What it checks
//! The stages are pack data: each a share of the proposed subsidy and the lifecycle step that
//! opens it (平远: on signing, when a category is built, when the whole project is complete).
//! By the date of every payment, everything paid up to that day is at most the proposed
//! subsidy × the shares of the stages opened by then (each limit rounded half away from zero
//! to the fen). A stage whose step has no date may or may not be open: a payment within what
//! the stages known to be open allow is fine, one beyond what even all such stages would allow
//! is an error, and one in between is undetermined (a warning naming the step whose date is
//! missing). A blank proposed subsidy leaves every limit undetermined (one warning).
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

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{facts, ApplicationValidator, Builder, FindingSink};
use crate::context::ApplicationContext;
use crate::history::Known;
use crate::money::Money;
use crate::pack::{share, PackError, Text};
use crate::path::Path;
use crate::report::{Severity, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StageParams {
    id: String,
    label: Text,
    share: String,
    /// The lifecycle step that opens the stage.
    after: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    stages: Vec<StageParams>,
    figure_prefix: String,
}

#[derive(Debug)]
struct Stage {
    id: String,
    label: Text,
    share: Decimal,
    step: usize,
}

#[derive(Debug)]
pub(crate) struct StagedDisbursement {
    stages: Vec<Stage>,
    prefix: String,
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
        if total > Decimal::ONE {
            return Err(b.error(
                "params.stages",
                format!("the shares add up to {total}, more than the whole subsidy"),
            ));
        }
        Ok(StagedDisbursement {
            stages,
            prefix: p.figure_prefix,
        })
    }

    /// The shares of the stages open on `day`: known open, and open or maybe open, with the
    /// first stage whose opening is unknown.
    fn open_on(&self, cx: &ApplicationContext<'_>, day: NaiveDate) -> (Decimal, Decimal, Option<&Stage>) {
        let (mut known, mut possible, mut unknown) = (Decimal::ZERO, Decimal::ZERO, None);
        let Some(history) = cx.history() else {
            return (known, possible, unknown);
        };
        for stage in &self.stages {
            match history.when(stage.step).is_on_or_after(day, stage.step) {
                Known::Yes => {
                    known += stage.share;
                    possible += stage.share;
                }
                Known::No => {}
                Known::Unknown(_) => {
                    possible += stage.share;
                    unknown = unknown.or(Some(stage));
                }
            }
        }
        (known, possible, unknown)
    }
}

impl ApplicationValidator for StagedDisbursement {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let payments = &cx.app.payments;
        let paid = crate::money::sum(payments.iter().map(|p| p.amount)).unwrap_or_default();
        out.figure(&format!("{}_paid", self.prefix), Value::Money(paid));
        let Some(proposed) = cx.app.proposed_subsidy else {
            if !payments.is_empty() {
                out.push(
                    Severity::Warning,
                    Path::root().key("subsidy").key("proposed"),
                    "missing",
                    facts([("paid", Value::Money(paid))]),
                    &[],
                );
            }
            return;
        };
        let limit = |s: Decimal| proposed.times_share(s).unwrap_or_default();
        if let Some(as_of) = cx.as_of {
            let (known, possible, _) = self.open_on(cx, as_of);
            if known == possible {
                out.figure(&format!("{}_payable", self.prefix), Value::Money(limit(known)));
            }
        }
        // Payments by date; each is judged with everything paid up to its day.
        let mut order: Vec<usize> = (0..payments.len()).collect();
        order.sort_by_key(|i| payments.get(*i).map(|p| p.date));
        let mut broken = false;
        for &i in &order {
            let Some(payment) = payments.get(i) else { continue };
            let so_far: Money = crate::money::sum(payments.iter().filter(|p| p.date <= payment.date).map(|p| p.amount))
                .unwrap_or_default();
            let (known, possible, unknown) = self.open_on(cx, payment.date);
            let path = Path::root().key("payments").index(i);
            let opened: Vec<String> = self
                .stages
                .iter()
                .filter(|s| {
                    cx.history()
                        .is_some_and(|h| h.when(s.step).is_on_or_after(payment.date, s.step) == Known::Yes)
                })
                .map(|s| s.id.clone())
                .collect();
            let most = limit(possible);
            if so_far > most {
                broken = true;
                let f = facts([
                    ("date", Value::Date(payment.date)),
                    ("paid", Value::Money(so_far)),
                    ("allowed", Value::Money(most)),
                    ("excess", Value::Money(so_far.checked_sub(most).unwrap_or_default())),
                    ("stages", Value::Texts(opened)),
                ]);
                out.fail(path, "fail", f, &[("share", crate::money::format_percent(possible))]);
            } else if so_far > limit(known) {
                broken = true;
                let stage = unknown.map(|s| out.label(&s.label).to_owned()).unwrap_or_default();
                let step = unknown.and_then(|s| cx.lifecycle().map(|lc| out.label(lc.label(s.step)).to_owned()));
                let f = facts([
                    ("date", Value::Date(payment.date)),
                    ("paid", Value::Money(so_far)),
                    ("allowed", Value::Money(limit(known))),
                    ("stage", Value::Text(unknown.map(|s| s.id.clone()).unwrap_or_default())),
                ]);
                let extras = [("stage_label", stage), ("step_label", step.unwrap_or_default())];
                out.push(Severity::Warning, path, "undetermined", f, &extras);
            }
        }
        if !broken && !payments.is_empty() {
            let f = facts([("paid", Value::Money(paid)), ("proposed", Value::Money(proposed))]);
            out.info(Path::root().key("payments"), "met", f, &[]);
        }
    }
}
