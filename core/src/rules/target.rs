//! Programme targets over a progress report (IP 三, IP 四(二), IP 四(六)).
//!
//! ## What it checks
//! - `target_growth` — (current − previous) ≥ share × previous, e.g. retail sales growing 30%;
//! - `target_share` — numerator ≥ share × denominator, compared as exact fractions (126/210
//!   meets 60%; a zero denominator the input allows, like zero poor villages, is met);
//! - `target_count` — a count ≥ a minimum (5000 attendances, 9 town stations);
//! - `target_set` — a list holds every required id (the six systems, the four sectors);
//!   actual = how many of them it holds.
//!
//! Each reports facts `actual`, `target`, `gap` (never below 0) and figures
//! `<figure>_actual`, `<figure>_gap`: the rule's severity when the report is final and the
//! target is missed, `info` otherwise.
//!
//! ## Source
//! IP 三「……农村产品网络零售额同比增长30%以上；实现全市电子商务服务站点行政村覆盖率60%以上，建档
//! 立卡贫困村全覆盖；电商培训人数达到5000人次以上，其中建档立卡贫困户500人次以上」.
//!
//! ## Example
//! villages 125 of 210 covered, final → error: actual 0.5952, gap 0.0048.

use crate::tree::read_table;
use rust_decimal::Decimal;

use super::{facts, Builder, FindingSink, ProgressValidator};
use crate::context::ProgressContext;
use crate::pack::{share, PackError};
use crate::path::Path;
use crate::report::Value;

#[derive(Debug)]
enum Measure {
    Growth { share: Decimal },
    Share { denominator: Path, share: Decimal },
    Count { min: u64 },
    Set { required: Vec<String> },
}

#[derive(Debug)]
pub(crate) struct Target {
    measure: Measure,
    /// The field the finding points at (the numerator, the count, the list).
    field: Path,
    figure: String,
}

struct Params {
    field: String,
    figure: String,
    share: Option<String>,
    denominator: Option<String>,
    min: Option<u64>,
    required: Vec<String>,
}
read_table!(Params { field, figure } or_default { share, denominator, min, required });

impl Target {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.require_messages(&["met", "fail"])?;
        let pointer = |key: &str, text: &str| {
            Path::parse(text)
                .filter(ProgressContext::knows)
                .ok_or_else(|| b.error(key, format!("`{text}` is not a field of the progress report")))
        };
        let field = pointer("params.field", &p.field)?;
        let share_of = |p: &Params| {
            let text = p.share.as_deref().ok_or_else(|| b.error("params.share", "missing"))?;
            share(text, &format!("rules.{}.params.share", b.config.id)).map_err(|e| vec![e])
        };
        let measure = match b.config.kind.as_str() {
            "target_growth" => Measure::Growth { share: share_of(&p)? },
            "target_share" => Measure::Share {
                denominator: pointer("params.denominator", p.denominator.as_deref().unwrap_or(""))?,
                share: share_of(&p)?,
            },
            "target_count" => Measure::Count {
                min: p.min.ok_or_else(|| b.error("params.min", "missing"))?,
            },
            _ => Measure::Set {
                required: p.required.clone(),
            },
        };
        Ok(Target {
            measure,
            field,
            figure: p.figure,
        })
    }
}

fn ratio(numerator: Decimal, denominator: Decimal) -> Decimal {
    numerator.checked_div(denominator).unwrap_or(Decimal::ONE)
}

fn count(n: u64) -> Value {
    Value::Count(i64::try_from(n).unwrap_or(i64::MAX))
}

impl ProgressValidator for Target {
    fn check(&self, cx: &ProgressContext<'_>, out: &mut FindingSink<'_>) {
        let (met, actual, target, gap) = match &self.measure {
            Measure::Growth { share } => {
                let previous = cx.progress.retail_previous.decimal();
                let growth = cx.progress.retail_current.decimal() - previous;
                let met = growth >= *share * previous;
                let actual = ratio(growth, previous);
                (
                    met,
                    Value::Ratio(actual),
                    Value::Ratio(*share),
                    Value::Ratio((*share - actual).max(Decimal::ZERO)),
                )
            }
            Measure::Share { denominator, share } => {
                let numerator = Decimal::from(cx.count(&self.field));
                let denominator = Decimal::from(cx.count(denominator));
                let met = numerator >= *share * denominator;
                let actual = if denominator.is_zero() {
                    Decimal::ONE
                } else {
                    ratio(numerator, denominator)
                };
                let gap = if met {
                    Decimal::ZERO
                } else {
                    (*share - actual).max(Decimal::ZERO)
                };
                (met, Value::Ratio(actual), Value::Ratio(*share), Value::Ratio(gap))
            }
            Measure::Count { min } => {
                let actual = cx.count(&self.field);
                (
                    actual >= *min,
                    count(actual),
                    count(*min),
                    count(min.saturating_sub(actual)),
                )
            }
            Measure::Set { required } => {
                let listed = cx.list(&self.field);
                let held = required.iter().filter(|r| listed.contains(r)).count() as u64;
                let wanted = required.len() as u64;
                (
                    held >= wanted,
                    count(held),
                    count(wanted),
                    count(wanted - held.min(wanted)),
                )
            }
        };
        out.figure(format!("{}_actual", self.figure), actual.clone());
        out.figure(format!("{}_gap", self.figure), gap.clone());
        let f = facts([("actual", actual), ("target", target), ("gap", gap)]);
        if met {
            out.info(self.field.clone(), "met", f, Vec::new());
        } else {
            out.fail(self.field.clone(), "fail", f, Vec::new());
        }
    }
}
