//! `prepayment_cap` — prepayments stay within a share of the proposed subsidy.
//!
//! ## What it checks
//! The payments of the prepayment class (lifecycle.md: dated before acceptance was completed,
//! in the default reading) add up to at most `params.share` × the proposed subsidy, rounded
//! half away from zero to the fen. Always reports: `info` with the headroom when met, the
//! rule's severity when not. Figures: `max_prepayment`, `prepaid`, `prepayment_headroom`
//! (negative when over). While a payment is unclassified (its class hangs on an unknown date)
//! `prepaid` and the headroom are undetermined and absent; the prepayments known already can
//! still break the cap.
//!
//! ## Source
//! FM 四(一)「项目验收前，可视项目进展情况预拨部分资金（最多不超过拟补贴额度的50%）」.
//!
//! ## Example
//! Worked example 1: proposed 1,234,567.89 → max 617,283.95; prepaid 617,283.96 → error at
//! `/payments`, headroom −0.01.

use crate::tree::read_table;
use rust_decimal::Decimal;

use super::{facts, ApplicationValidator, Builder, FindingSink};
use crate::context::ApplicationContext;
use crate::pack::{share, PackError};
use crate::path::Path;
use crate::report::Value;

#[derive(Debug)]
pub(crate) struct PrepaymentCap {
    share: Decimal,
}

struct Params {
    share: String,
}
read_table!(Params { share });

impl PrepaymentCap {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.require_messages(&["met", "fail", "missing"])?;
        b.lifecycle()?;
        Ok(PrepaymentCap {
            share: share(&p.share, &format!("rules.{}.params.share", b.config.id)).map_err(|e| vec![e])?,
        })
    }
}

impl ApplicationValidator for PrepaymentCap {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let Some(settlement) = cx.settlement() else {
            return;
        };
        let known = settlement.prepaid_known;
        if let Some(prepaid) = settlement.prepaid {
            out.figure("prepaid", Value::Money(prepaid));
        }
        let Some(max) = cx.app.proposed_subsidy.and_then(|s| s.times_share(self.share)) else {
            out.fail(
                Path::root().field("subsidy").field("proposed"),
                "missing",
                facts([("prepaid", Value::Money(known))]),
                Vec::new(),
            );
            return;
        };
        out.figure("max_prepayment", Value::Money(max));
        let prepaid = match settlement.prepaid {
            Some(prepaid) => prepaid,
            // Undetermined, unless what is known to be prepaid already breaks the cap.
            None if known > max => known,
            None => return,
        };
        let headroom = max.checked_sub(prepaid).unwrap_or_default();
        if settlement.prepaid.is_some() {
            out.figure("prepayment_headroom", Value::Money(headroom));
        }
        let f = facts([
            ("prepaid", Value::Money(prepaid)),
            ("max_prepayment", Value::Money(max)),
            ("headroom", Value::Money(headroom)),
        ]);
        let over = prepaid.checked_sub(max).unwrap_or_default().at_least_zero();
        let extras = [
            ("rule_share", crate::money::format_percent(self.share)),
            ("over", over.grouped()),
        ];
        let path = Path::root().field("payments");
        if prepaid > max {
            out.fail(path, "fail", f, extras.into());
        } else {
            out.info(path, "met", f, extras.into());
        }
    }
}
