//! What an application of a category must file, as the built `required_materials` validator
//! describes itself: the documents, and each structured section's fields in the order the
//! form lists them, with their labels, types and conditions. The browser form, `requirements()`
//! in JavaScript and `Pack.requirements()` in Python all show this, so none re-reads params.

use super::materials::RequiredMaterials;
use crate::doc::record::{schema, FieldType};
use crate::pack::Text;
use crate::tree::write_table;

/// One document a category must file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredDocument {
    pub id: String,
    pub label: Text,
}

/// When a field is required only because another field has a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredWhen {
    pub field: String,
    pub equals: String,
}

/// One field of a structured section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredField {
    pub name: String,
    pub label: Text,
    /// `text`, `date`, `money`, `count`, `quantity`, `texts` or `outlet_level`.
    pub kind: &'static str,
    pub required_when: Option<RequiredWhen>,
}

/// One structured section (an enterprise profile, the outlets, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredSection {
    pub name: String,
    pub label: Text,
    /// A list of records (outlets) rather than one record.
    pub many: bool,
    pub fields: Vec<RequiredField>,
    pub dates_in_order: Vec<(String, String)>,
}

/// What an application of one category must file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirements {
    /// The rule that asks for it, and its clause.
    pub rule: String,
    pub clause: String,
    pub category: String,
    pub documents: Vec<RequiredDocument>,
    pub sections: Vec<RequiredSection>,
}

write_table!(RequiredDocument { id, label });
write_table!(RequiredWhen { field, equals });
write_table!(RequiredField { name, label, kind = "type", required_when });
write_table!(RequiredSection {
    name,
    label,
    many,
    fields,
    dates_in_order
});
write_table!(Requirements {
    rule,
    clause,
    category,
    documents,
    sections
});

fn type_name(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Text => "text",
        FieldType::Date => "date",
        FieldType::Money => "money",
        FieldType::Count => "count",
        FieldType::Quantity => "quantity",
        FieldType::TextList => "texts",
        FieldType::OutletLevel => "outlet_level",
    }
}

impl RequiredMaterials {
    /// This validator's requirements; the engine adds the rule's id and clause.
    pub(super) fn describe(&self) -> Requirements {
        let documents = self
            .documents
            .iter()
            .map(|(id, label)| RequiredDocument {
                id: id.clone(),
                label: label.clone(),
            })
            .collect();
        let sections = self
            .sections
            .iter()
            .map(|section| {
                let table = schema(&section.name);
                let fields = table
                    .map(|t| t.fields)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|(name, kind)| {
                        let when = section.conditional.iter().find(|c| c.field == *name);
                        if !section.fields.iter().any(|f| f == name) && when.is_none() {
                            return None;
                        }
                        Some(RequiredField {
                            name: (*name).to_string(),
                            label: self.labels.get(*name).cloned().unwrap_or_else(|| Text {
                                zh: (*name).to_string(),
                                en: (*name).to_string(),
                            }),
                            kind: type_name(*kind),
                            required_when: when.map(|c| RequiredWhen {
                                field: c.when.clone(),
                                equals: c.equals.clone(),
                            }),
                        })
                    })
                    .collect();
                RequiredSection {
                    name: section.name.clone(),
                    label: section.label.clone(),
                    many: table.is_some_and(|t| t.many),
                    fields,
                    dates_in_order: section.dates_in_order.clone(),
                }
            })
            .collect();
        Requirements {
            rule: String::new(),
            clause: String::new(),
            category: self.category.clone(),
            documents,
            sections,
        }
    }
}
