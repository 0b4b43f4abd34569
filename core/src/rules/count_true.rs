//! `count_true` — a score: how many of the listed yes/no fields are true.
//!
//! ## What it checks
//! Nothing fails: it reports an `info` finding and the figure `params.figure` with the count
//! of `params.fields` that are `true` (absent counts as not true).
//!
//! ## Source
//! `eligibility.priority`, FM 二(三)「专项资金优先扶持有效益、有产出、有税源的重点项目」:
//! the priority score is 0–3.
//!
//! ## Example
//! has_benefit true, has_output true, has_tax_source false → `priority_score` 2.

use super::{facts, ApplicationValidator, Builder, FindingSink};
use crate::context::{ApplicationContext, Scalar, ScalarField};
use crate::pack::PackError;
use crate::path::Path;
use crate::report::Value;
use crate::tree::read_table;

#[derive(Debug)]
pub(crate) struct CountTrue {
    fields: Vec<ScalarField>,
    at: Path,
    figure: String,
}

struct Params {
    fields: Vec<String>,
    /// Where the finding points (e.g. `/applicant`).
    at: String,
    figure: String,
}
read_table!(Params { fields, at, figure });

impl CountTrue {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.require_messages(&["met"])?;
        let fields = p
            .fields
            .iter()
            .map(|f| {
                ScalarField::parse(f)
                    .ok_or_else(|| b.error("params.fields", format!("`{f}` is not a field this rule can read")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let at = Path::parse(&p.at).ok_or_else(|| b.error("params.at", "not a JSON pointer"))?;
        Ok(CountTrue {
            fields,
            at,
            figure: p.figure,
        })
    }
}

impl ApplicationValidator for CountTrue {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let score = self
            .fields
            .iter()
            .filter(|f| cx.scalar(**f) == Some(Scalar::Bool(true)))
            .count();
        let score = i64::try_from(score).unwrap_or(i64::MAX);
        let max = i64::try_from(self.fields.len()).unwrap_or(i64::MAX);
        out.info(
            self.at.clone(),
            "met",
            facts([("score", Value::Count(score)), ("max", Value::Count(max))]),
            Vec::new(),
        );
        out.figure(self.figure.clone(), Value::Count(score));
    }
}
