//! `required_materials` — the application materials a category must file (PM 二).
//!
//! ## What it checks
//! For an application of `params.category`: every document code of `params.documents` is in
//! `/documents` (each missing one an error at `/documents`, in the pack's order), and every
//! structured section of `params.sections` is filled in: an absent or empty section is an error
//! at its path (`/outlets`), an absent or empty field at the field's path (`/outlets/3/phone`).
//! A section may make a field required only for some items (`village` for village-level points)
//! and require two dates in order (`built_on` ≤ `online_since`).
//! The document code and the structured fields are checked independently: the code says the
//! paper was filed, the fields say what it contains.
//!
//! ## Source
//! PM 二(六)「3．镇（街道）、村服务网点建设的地址、联系电话、负责人、建设及网上运营时间、网店内外
//! 图片等」, and likewise PM 二(一)–(五).
//!
//! ## Example
//! A service-stations application whose second outlet has no phone → an error at
//! `/outlets/1/phone`.

use crate::tree::read_table;
use std::collections::BTreeMap;

use super::{facts, ApplicationValidator, Builder, FindingSink};
use crate::context::ApplicationContext;
use crate::doc::application::Section;
use crate::doc::record::{schema, Record};
use crate::pack::{PackError, Text};
use crate::path::Path;
use crate::report::Value;

#[derive(Debug)]
pub(crate) struct RequiredMaterials {
    pub(super) category: String,
    pub(super) documents: Vec<(String, Text)>,
    pub(super) sections: Vec<SectionRule>,
    /// The label of every field a section names, from the pack's `[fields]`.
    pub(super) labels: BTreeMap<String, Text>,
}

#[derive(Debug)]
pub(super) struct SectionRule {
    pub(super) name: String,
    pub(super) label: Text,
    pub(super) fields: Vec<String>,
    /// Fields required only when another field has a value: `{ field, when, equals }`.
    pub(super) conditional: Vec<Conditional>,
    /// Pairs of date fields that must be in order (the first on or before the second).
    pub(super) dates_in_order: Vec<(String, String)>,
}
read_table!(SectionRule { name, label, fields } or_default { conditional, dates_in_order });

#[derive(Debug)]
pub(super) struct Conditional {
    pub(super) field: String,
    pub(super) when: String,
    pub(super) equals: String,
}
read_table!(Conditional { field, when, equals });
struct Params {
    category: String,
    documents: Vec<String>,
    sections: Vec<SectionRule>,
}
read_table!(Params { category, documents } or_default { sections });

impl RequiredMaterials {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: Params = b.params()?;
        b.require_messages(&["document", "section", "field"])?;
        let mut errors = Vec::new();
        if b.vocab.category_index(&p.category).is_none() {
            errors.extend(b.error("params.category", format!("unknown category `{}`", p.category)));
        }
        let mut documents = Vec::new();
        for code in &p.documents {
            match b.file.documents.iter().find(|d| &d.id == code) {
                Some(d) => documents.push((code.clone(), d.label.clone())),
                None => errors.extend(b.error("params.documents", format!("unknown document code `{code}`"))),
            }
        }
        let mut labels = BTreeMap::new();
        for section in &p.sections {
            let Some(schema) = schema(&section.name) else {
                errors.extend(b.error("params.sections", format!("unknown section `{}`", section.name)));
                continue;
            };
            let known = |f: &String| schema.fields.iter().any(|(n, _)| n == f);
            let named = section
                .fields
                .iter()
                .chain(section.conditional.iter().flat_map(|c| [&c.field, &c.when]))
                .chain(section.dates_in_order.iter().flat_map(|(a, z)| [a, z]));
            for field in named {
                if !known(field) {
                    errors.extend(b.error(
                        "params.sections",
                        format!("section `{}` has no field `{field}`", section.name),
                    ));
                }
                match b.file.fields.get(field) {
                    Some(label) => {
                        labels.insert(field.clone(), label.clone());
                    }
                    None => errors.extend(b.error(
                        "params.sections",
                        format!("field `{field}` has no label: add it to [fields] (zh and en)"),
                    )),
                }
            }
            if !section.dates_in_order.is_empty() {
                b.require_messages(&["order"])?;
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RequiredMaterials {
            category: p.category,
            documents,
            sections: p.sections,
            labels,
        })
    }
}

impl ApplicationValidator for RequiredMaterials {
    fn requirements(&self) -> Option<super::requirements::Requirements> {
        Some(self.describe())
    }

    fn check(&self, cx: &ApplicationContext<'_>, out: &mut FindingSink<'_>) {
        let app = cx.app;
        if app.category != self.category {
            return;
        }
        let filed = app.documents.as_deref().unwrap_or_default();
        for (code, label) in &self.documents {
            if !filed.contains(code) {
                let label = out.label(label).to_string();
                out.fail(
                    Path::root().field("documents"),
                    "document",
                    facts([("document", Value::Text(code.clone()))]),
                    vec![("document_label", label)],
                );
            }
        }
        for section in &self.sections {
            let path = || Path::root().key(&section.name);
            match app.section(&section.name) {
                Some(Section::One(record)) if record.fields.iter().any(|(_, v)| v.is_filled()) => {
                    check_record(section, &self.labels, record, path, out);
                }
                Some(Section::Many(records)) if !records.is_empty() => {
                    for (i, record) in records.iter().enumerate() {
                        check_record(section, &self.labels, record, || path().index(i), out);
                    }
                }
                _ => {
                    let label = out.label(&section.label).to_string();
                    out.fail(
                        path(),
                        "section",
                        facts([("section", Value::Text(section.name.clone()))]),
                        vec![("section_label", label)],
                    );
                }
            }
        }
    }
}

fn check_record(
    section: &SectionRule,
    labels: &BTreeMap<String, Text>,
    record: &Record,
    path: impl Fn() -> Path,
    out: &mut FindingSink<'_>,
) {
    let conditional = section
        .conditional
        .iter()
        .filter(|c| record.text(&c.when) == Some(c.equals.as_str()));
    let required = section.fields.iter().chain(conditional.map(|c| &c.field));
    for field in required {
        if record.filled(field).is_none() {
            let label = labels.get(field).map_or(field.as_str(), |l| out.label(l)).to_string();
            out.fail(
                path().key(field),
                "field",
                facts([("field", Value::Text(field.clone()))]),
                vec![("field_label", label)],
            );
        }
    }
    for (first, second) in &section.dates_in_order {
        if let (Some(a), Some(z)) = (record.date(first), record.date(second)) {
            if a > z {
                out.fail(
                    path().key(second),
                    "order",
                    facts([(first.clone(), Value::Date(a)), (second.clone(), Value::Date(z))]),
                    Vec::new(),
                );
            }
        }
    }
}
