//! `payment_class` — each payment judged by its class (lifecycle.md, "Payments").
//!
//! ## What it checks
//! Every payment is classified once, by its date against the history and the pack's payment
//! windows (`[[lifecycle.payment_classes]]`, tried in order): a payment in a window belongs to
//! that class (prepayment, balance payment); in none, it is without basis; when its class
//! depends on a date that is unknown, it is unclassified. A rule of this kind reports the
//! payments of one class, `params.class`: a window's id, `without_basis`, `unclassified`
//! (owned by whoever records the missing date), or `before_measures` (dated before the
//! measures were issued: a class of its own, in no window). One finding per payment, at
//! `/payments/i`.
//!
//! ## Source
//! FM 四(一)「项目验收前，可视项目进展情况预拨部分资金……待建设项目如期完成并验收通过后再拨付
//! 剩余部分资金」; FM 四(三)「报市政府审批，市财政局根据审批意见……拨付资金」.
//!
//! ## Example
//! Acceptance completed 2020-06-05, the evaluation unqualified, a payment on 2020-06-20 → in no
//! window: an error at `/payments/1`, without basis.

use super::{facts, ApplicationValidator, Builder, FindingSink};
use crate::context::ApplicationContext;
use crate::history::PaymentClass;
use crate::pack::PackError;
use crate::path::Path;
use crate::report::Value;
use crate::tree::read_table;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reports {
    Window(usize),
    WithoutBasis,
    Unclassified,
    BeforeMeasures,
}

struct Params {
    class: String,
}
read_table!(Params { class });

#[derive(Debug)]
pub(crate) struct PaymentClassRule {
    reports: Reports,
}

impl PaymentClassRule {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        let lc = b.lifecycle()?;
        b.require_messages(&["fail"])?;
        let reports = match p.class.as_str() {
            "without_basis" => Reports::WithoutBasis,
            "unclassified" => Reports::Unclassified,
            "before_measures" => Reports::BeforeMeasures,
            id => match lc.windows.iter().position(|w| w.id == id) {
                Some(i) => Reports::Window(i),
                None => {
                    let ids: Vec<&str> = lc.windows.iter().map(|w| w.id.as_str()).collect();
                    return Err(b.error(
                        "params.class",
                        format!(
                            "`{id}` is not a payment class ({}, without_basis, unclassified, before_measures)",
                            ids.join(", ")
                        ),
                    ));
                }
            },
        };
        Ok(PaymentClassRule { reports })
    }
}

impl ApplicationValidator for PaymentClassRule {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let (Some(lc), Some(h)) = (cx.lifecycle(), cx.history()) else {
            return;
        };
        for (i, (pay, class)) in cx.app.payments.iter().zip(&h.payments).enumerate() {
            // Made only for a finding: most payments are not this rule's class.
            let path = || Path::root().field("payments").index(i);
            let f = || facts([("date", Value::Date(pay.date)), ("amount", Value::Money(pay.amount))]);
            match (self.reports, *class) {
                (Reports::Window(w), PaymentClass::Window(c)) if w == c => {
                    let class = lc
                        .windows
                        .get(w)
                        .map(|x| out.label(&x.label).to_string())
                        .unwrap_or_default();
                    out.fail(path(), "fail", f(), vec![("class", class)]);
                }
                (Reports::WithoutBasis, PaymentClass::WithoutBasis) => out.fail(path(), "fail", f(), Vec::new()),
                (Reports::Unclassified, PaymentClass::Unclassified(step)) => {
                    let owner = lc.step(step).map_or(out.rule.owner, |s| s.owner);
                    let severity = out.severity();
                    let extras = [("step", out.label(lc.label(step)).to_string())];
                    out.push_owned(severity, owner, path(), "fail", f(), extras.into());
                }
                (Reports::BeforeMeasures, PaymentClass::BeforeMeasures) => {
                    let mut f = f();
                    f.push(("measures_issued".into(), Value::Date(lc.measures_issued)));
                    out.fail(path(), "fail", f, Vec::new());
                }
                _ => {}
            }
        }
    }
}
