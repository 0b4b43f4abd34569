//! `field_in` — a field of the application must take one of the listed values.
//!
//! ## What it checks
//! The field named by `params.field` (a JSON pointer such as `/applicant/region`) is present
//! and is one of `params.values`. Absent or null: the `missing` message; another value: `fail`.
//!
//! ## Source
//! Used by the eligibility rules, e.g. FM 三「支持对象为在我市注册、自愿参加试点项目建设……的
//! 电子商务企业、行业协会、培训机构等」: `eligibility.registered_locally` lists the region codes,
//! `eligibility.voluntary` the value `true`.
//!
//! ## Example
//! `/applicant/region` = `"410305"` with values `["410381", "410307"]` → an error at
//! `/applicant/region`: 申请单位注册地 `410305` 不在本市.

use serde::Deserialize;

use super::{facts, ApplicationRule, Builder, Out};
use crate::context::{ApplicationContext, Scalar, ScalarField};
use crate::pack::PackError;
use crate::path::Path;
use crate::report::Value;

#[derive(Debug)]
pub(crate) struct FieldIn {
    field: Path,
    scalar: ScalarField,
    values: Vec<Scalar>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    field: String,
    values: Vec<serde_json::Value>,
}

impl FieldIn {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.require_messages(&["missing", "fail"])?;
        let scalar = ScalarField::parse(&p.field).ok_or_else(|| {
            b.error(
                "params.field",
                format!("`{}` is not a field this rule can read", p.field),
            )
        })?;
        let field = Path::parse(&p.field).unwrap_or_default();
        let values = p
            .values
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => Ok(Scalar::Text(s.clone())),
                serde_json::Value::Bool(b) => Ok(Scalar::Bool(*b)),
                other => Err(b.error("params.values", format!("`{other}` is neither a string nor a boolean"))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FieldIn { field, scalar, values })
    }
}

impl ApplicationRule for FieldIn {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut Out<'_>) {
        let value = cx.scalar(self.scalar);
        if value.as_ref().is_some_and(|v| self.values.contains(v)) {
            return;
        }
        let allowed = Value::Texts(self.values.iter().map(Scalar::to_string).collect());
        match value {
            None => out.fail(self.field.clone(), "missing", facts([("allowed", allowed)]), &[]),
            Some(value) => out.fail(
                self.field.clone(),
                "fail",
                facts([("value", Value::Text(value.to_string())), ("allowed", allowed)]),
                &[],
            ),
        }
    }
}
