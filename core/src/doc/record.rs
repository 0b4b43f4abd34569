//! The structured sections of an application that a form collects (PM 二): the enterprise
//! profile, the facility profile, traced products, outlets and investment items.
//!
//! Their shape is the input format (interfaces.md); which of their fields a category needs is
//! the pack's business (the `materials.*` rules), so a section is kept as a record of typed
//! fields that rules look up by name.

use chrono::NaiveDate;

use crate::decode::{each_field_of, Decoder, Node};
use crate::money::Money;
use crate::pack::Vocabularies;
use crate::path::At;

/// The type of one field of a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Date,
    Money,
    Count,
    Quantity,
    /// A list of texts (photos).
    TextList,
    /// An outlet level from the pack's vocabulary.
    OutletLevel,
}

pub struct SectionSchema {
    pub name: &'static str,
    /// A list of records (outlets) rather than one record (enterprise_profile).
    pub many: bool,
    pub fields: &'static [(&'static str, FieldType)],
}

use FieldType::*;

/// Every structured section of the application document, with its fields.
pub const SECTIONS: [SectionSchema; 5] = [
    SectionSchema {
        name: "enterprise_profile",
        many: false,
        fields: &[
            ("address", Text),
            ("responsible_person", Text),
            ("phone", Text),
            ("online_since", Date),
        ],
    },
    SectionSchema {
        name: "facility_profile",
        many: false,
        fields: &[
            ("address", Text),
            ("floor_area_m2", Quantity),
            ("jobs", Count),
            ("functions", Text),
            ("delivery_radius_km", Quantity),
        ],
    },
    SectionSchema {
        name: "traced_products",
        many: true,
        fields: &[
            ("name", Text),
            ("production_address", Text),
            ("production_manager", Text),
            ("process", Text),
        ],
    },
    SectionSchema {
        name: "outlets",
        many: true,
        fields: &[
            ("level", OutletLevel),
            ("town", Text),
            ("village", Text),
            ("address", Text),
            ("phone", Text),
            ("responsible_person", Text),
            ("built_on", Date),
            ("online_since", Date),
            ("photos", TextList),
        ],
    },
    SectionSchema {
        name: "investment_items",
        many: true,
        fields: &[
            ("description", Text),
            ("amount", Money),
            ("invoice", Text),
            ("payment_voucher", Text),
        ],
    },
];

pub fn schema(name: &str) -> Option<&'static SectionSchema> {
    SECTIONS.iter().find(|s| s.name == name)
}

/// One value of a section field.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Date(NaiveDate),
    Money(Money),
    Count(u64),
    Quantity(String),
    TextList(Vec<String>),
}

impl Value {
    /// Empty text and an empty list count as not filled in.
    pub fn is_filled(&self) -> bool {
        match self {
            Value::Text(s) => filled(s),
            Value::TextList(items) => items.iter().any(|s| filled(s)),
            _ => true,
        }
    }
}

/// A record: the filled-in fields of one section item, in schema order.
/// A text that is more than white space. A text whose first byte starts no white-space
/// character (a visible ASCII character, or the lead byte of a character outside the blocks
/// where `char::is_whitespace` finds any: U+0080–U+00FF, U+1000–U+1FFF, U+2000–U+2FFF,
/// U+3000–U+3FFF) is; any other is trimmed to see.
fn filled(text: &str) -> bool {
    let plainly = |b: &u8| matches!(b, 0x21..=0x7E | 0xC3..=0xE0 | 0xE4..=0xF4);
    text.as_bytes().first().is_some_and(plainly) || !text.trim().is_empty()
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    pub fields: Vec<(&'static str, Value)>,
}

impl Record {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The field's value when it is filled in.
    pub fn filled(&self, name: &str) -> Option<&Value> {
        self.get(name).filter(|v| v.is_filled())
    }

    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        match self.get(name) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }
}

pub fn read_record<N: Node>(
    d: &mut Decoder,
    value: &N,
    path: &At<'_>,
    schema: &SectionSchema,
    vocab: &Vocabularies,
) -> Option<Record> {
    d.object_of(value, path)?;
    let names: Vec<&str> = schema.fields.iter().map(|(n, _)| *n).collect();
    let mut record = Record {
        fields: Vec::with_capacity(names.len()),
    };
    each_field_of(d, value, path, &names, |d, key, value, path| {
        let Some((name, ty)) = schema.fields.iter().find(|(n, _)| *n == key) else {
            return;
        };
        let read = match ty {
            Text => d.string(value, &path).map(Value::Text),
            Date => d.date(value, &path).map(Value::Date),
            Money => d.money(value, &path).map(Value::Money),
            Count => d.count(value, &path).map(Value::Count),
            Quantity => d.quantity(value, &path).map(Value::Quantity),
            OutletLevel => d.vocabulary(value, &path, &vocab.outlet_levels()).map(Value::Text),
            TextList => d.array_of(value, &path).map(|len| {
                let mut texts = Vec::with_capacity(len);
                value.items(|i, item| texts.extend(d.string(item, &path.index(i))));
                Value::TextList(texts)
            }),
        };
        if let Some(read) = read {
            record.fields.push((name, read));
        }
    });
    Some(record)
}

pub fn read_records<N: Node>(
    d: &mut Decoder,
    value: &N,
    path: &At<'_>,
    schema: &SectionSchema,
    vocab: &Vocabularies,
) -> Option<Vec<Record>> {
    let len = d.array_of(value, path)?;
    let mut records = Vec::with_capacity(len);
    value.items(|i, item| records.push(read_record(d, item, &path.index(i), schema, vocab).unwrap_or_default()));
    Some(records)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_text_is_filled_exactly_when_its_trim_is_not_empty() {
        // Every character first, alone and before others (blank or not).
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            for rest in ["", "x", " ", "\u{3000}"] {
                let text = format!("{c}{rest}");
                assert_eq!(super::filled(&text), !text.trim().is_empty(), "{:?}", text);
            }
        }
        assert!(!super::filled(""));
    }
}
