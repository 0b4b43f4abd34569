//! `field_in` — a field of the application must take one of the listed values.
//!
//! ## What it checks
//! The field named by `params.field` (a JSON pointer such as `/applicant/region`) is present
//! and is one of `params.values`. Absent or null: the `missing` message; another value: `fail`.
//! With `params.when = { field, values }` the rule binds only applications whose other field
//! takes one of those values (a reading: `eligibility.selected_by_tender` may bind only the
//! 承办企业). Messages show values by their pack `[labels]` where the pack has one, so a
//! Chinese sentence never shows an internal id.
//!
//! ## Source
//! Used by the eligibility rules, e.g. FM 三「支持对象为在我市注册、自愿参加试点项目建设……的
//! 电子商务企业、行业协会、培训机构等」: `eligibility.registered_locally` lists the region codes,
//! `eligibility.voluntary` the value `true`.
//!
//! ## Example
//! `/applicant/region` = `"410305"` with values `["410381", "410307"]` → an error at
//! `/applicant/region`: 申请单位注册地 `410305` 不在本市.

use super::{facts, ApplicationValidator, Builder, FindingSink};
use crate::context::{ApplicationContext, Scalar, ScalarField};
use crate::pack::PackError;
use crate::path::Path;
use crate::report::Value;
use crate::tree::read_table;

#[derive(Debug)]
pub(crate) struct FieldIn {
    field: Path,
    scalar: ScalarField,
    values: Vec<Scalar>,
    when: Option<(ScalarField, Vec<Scalar>)>,
}

struct Params {
    field: String,
    values: Vec<serde_json::Value>,
    when: Option<When>,
}
read_table!(Params { field, values } or_default { when });
struct When {
    field: String,
    values: Vec<serde_json::Value>,
}
read_table!(When { field, values });

impl FieldIn {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.require_messages(&["missing", "fail"])?;
        let scalar = scalar_field(b, "params.field", &p.field)?;
        let field = Path::parse(&p.field).unwrap_or_default();
        let values = scalars(b, "params.values", &p.values)?;
        let when = match &p.when {
            Some(w) => Some((
                scalar_field(b, "params.when.field", &w.field)?,
                scalars(b, "params.when.values", &w.values)?,
            )),
            None => None,
        };
        Ok(FieldIn {
            field,
            scalar,
            values,
            when,
        })
    }
}

fn scalar_field(b: &Builder<'_>, key: &str, pointer: &str) -> Result<ScalarField, Vec<PackError>> {
    ScalarField::parse(pointer).ok_or_else(|| b.error(key, format!("`{pointer}` is not a field this rule can read")))
}

fn scalars(b: &Builder<'_>, key: &str, values: &[serde_json::Value]) -> Result<Vec<Scalar>, Vec<PackError>> {
    values
        .iter()
        .map(|v| match v {
            serde_json::Value::String(s) => Ok(Scalar::Text(s.clone())),
            serde_json::Value::Bool(b) => Ok(Scalar::Bool(*b)),
            other => Err(b.error(key, format!("`{other}` is neither a string nor a boolean"))),
        })
        .collect()
}

impl ApplicationValidator for FieldIn {
    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        if let Some((field, values)) = &self.when {
            if !cx.scalar(*field).is_some_and(|v| values.contains(&v)) {
                return;
            }
        }
        let value = cx.scalar(self.scalar);
        if value.as_ref().is_some_and(|v| self.values.contains(v)) {
            return;
        }
        let allowed = Value::Texts(self.values.iter().map(Scalar::to_string).collect());
        let labels = &cx.policy.file.labels;
        let shown = |id: String| labels.get(&id).map_or(id, |t| out.label(t).to_string());
        let allowed_text = self
            .values
            .iter()
            .map(|v| shown(v.to_string()))
            .collect::<Vec<_>>()
            .join(if out.lang == crate::lang::Lang::Zh { "、" } else { ", " });
        match value {
            None => out.fail(
                self.field.clone(),
                "missing",
                facts([("allowed", allowed)]),
                vec![("allowed_labels", allowed_text)],
            ),
            Some(value) => {
                let value_label = shown(value.to_string());
                out.fail(
                    self.field.clone(),
                    "fail",
                    facts([("value", Value::Text(value.to_string())), ("allowed", allowed)]),
                    vec![("allowed_labels", allowed_text), ("value_label", value_label)],
                )
            }
        }
    }
}
