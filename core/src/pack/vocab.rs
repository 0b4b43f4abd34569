//! The pack's closed lists (categories, sources, document codes, results, outlet levels, uses),
//! ready for the input reader: each with its names in both languages and the clause it comes
//! from, all taken from the pack.

use rust_decimal::Decimal;

use super::model::Text;
use super::{PackError, PackFile};
use crate::decode::{Names, Vocabulary};
use crate::money::Money;

/// The pack's closed lists, ready for input validation.
#[derive(Debug, Default)]
pub struct Vocabularies {
    pub kinds: Vec<String>,
    pub categories: Vec<String>,
    pub sources: Vec<String>,
    pub documents: Vec<String>,
    pub results: Vec<String>,
    pub outlet_levels: Vec<String>,
    /// Uses of funds the pack knows (allowed or forbidden), by index.
    pub uses: Vec<String>,
    /// Each source's fund, by source index (`None` when the pack does not give it).
    pub funds: Vec<Option<Money>>,
    /// Administrative divisions the pack names, by their six-digit codes.
    pub regions: Vec<String>,
    /// Sub-categories, by index, each with its category's index.
    pub subcategories: Vec<String>,
    subcategory_parents: Vec<Option<usize>>,
    category_labels: Vec<(String, String)>,
    subcategory_labels: Vec<(String, String)>,
    subcategory_names: Names,
    subcategory_clause: String,
    /// The pack's own process steps (`PackFile::custom_process_steps`), dated fields of an
    /// application's `process`.
    pub process_steps: Vec<String>,
    /// Which of the line's fields (`doc::allocation::LINE_FIELDS`) the pack requires.
    required_line_fields: Vec<String>,
    category_names: Names,
    source_names: Names,
    document_names: Names,
    result_names: Names,
    outlet_level_names: Names,
    use_names: Names,
    region_names: Names,
    /// The zh labels of `[labels]` (applicant kinds, project statuses), each naming its id.
    labelled: Vec<(String, String)>,
    /// The zh names of document fields (`[fields]`: `amount` → 金额), by field name: as the
    /// pack writes them, and as an input is matched (narrowed and trimmed).
    field_labels: Vec<(String, String, String)>,
    category_clause: String,
    /// The ids of categories, sources and uses by their first bytes (a plan's every line
    /// looks up three).
    category_ids: IdIndex,
    source_ids: IdIndex,
    use_ids: IdIndex,
    source_clause: String,
    document_clause: String,
    result_clause: String,
    outlet_level_clause: String,
}

fn names<'a>(entries: impl IntoIterator<Item = (&'a Text, &'a [String])>) -> Names {
    Names::new(
        entries
            .into_iter()
            .map(|(label, aliases)| (label.zh.as_str(), label.en.as_str(), aliases)),
    )
}

/// The clause a closed list comes from, as the pack's `[pack.clauses]` names it.
fn vocabulary_clause(file: &PackFile, list: &str) -> String {
    file.pack.clauses.get(list).cloned().unwrap_or_default()
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<String> {
    items.iter().map(|t| id(t).clone()).collect()
}

impl Vocabularies {
    pub fn new(file: &PackFile) -> Self {
        let clauses = |list: Vec<&String>| {
            let mut seen: Vec<&str> = Vec::new();
            for c in list {
                if !seen.contains(&c.as_str()) {
                    seen.push(c);
                }
            }
            seen.join(", ")
        };
        Vocabularies {
            kinds: ["application", "allocation", "progress"].map(String::from).to_vec(),
            category_ids: IdIndex::new(&ids(&file.categories, |c| &c.id)),
            source_ids: IdIndex::new(&ids(&file.sources, |s| &s.id)),
            use_ids: IdIndex::new(&ids(&file.uses, |u| &u.id)),
            categories: ids(&file.categories, |c| &c.id),
            sources: ids(&file.sources, |s| &s.id),
            documents: ids(&file.documents, |d| &d.id),
            results: ids(&file.results, |r| &r.id),
            outlet_levels: ids(&file.outlet_levels, |l| &l.id),
            uses: ids(&file.uses, |u| &u.id),
            regions: ids(&file.regions, |r| &r.id),
            subcategories: ids(&file.subcategories, |s| &s.id),
            subcategory_parents: file
                .subcategories
                .iter()
                .map(|s| file.categories.iter().position(|c| c.id == s.category))
                .collect(),
            category_labels: file
                .categories
                .iter()
                .map(|s| (s.label.zh.clone(), s.label.en.clone()))
                .collect(),
            subcategory_labels: file
                .subcategories
                .iter()
                .map(|s| (s.label.zh.clone(), s.label.en.clone()))
                .collect(),
            subcategory_names: names(file.subcategories.iter().map(|c| (&c.label, c.aliases.as_slice()))),
            subcategory_clause: clauses(file.subcategories.iter().map(|c| &c.clause).collect()),
            required_line_fields: file.inputs.as_ref().map(|i| i.allocation.clone()).unwrap_or_default(),
            process_steps: file.custom_process_steps(),
            category_names: names(file.categories.iter().map(|c| (&c.label, c.aliases.as_slice()))),
            source_names: names(file.sources.iter().map(|c| (&c.label, c.aliases.as_slice()))),
            document_names: names(file.documents.iter().map(|c| (&c.label, c.aliases.as_slice()))),
            result_names: names(file.results.iter().map(|c| (&c.label, c.aliases.as_slice()))),
            outlet_level_names: names(file.outlet_levels.iter().map(|c| (&c.label, c.aliases.as_slice()))),
            use_names: names(file.uses.iter().map(|c| (&c.label, c.aliases.as_slice()))),
            region_names: names(file.regions.iter().map(|c| (&c.label, c.aliases.as_slice()))),
            field_labels: file
                .fields
                .iter()
                .map(|(field, label)| {
                    let matched = crate::normalize::code(&label.zh).into_owned();
                    (field.clone(), label.zh.clone(), matched)
                })
                .collect(),
            labelled: file
                .labels
                .iter()
                .map(|(id, label)| (crate::normalize::code(&label.zh).into_owned(), id.clone()))
                .collect(),
            funds: file
                .sources
                .iter()
                .map(|s| s.fund.as_deref().and_then(|f| Money::parse(f).ok()))
                .collect(),
            category_clause: clauses(file.categories.iter().map(|c| &c.clause).collect()),
            source_clause: clauses(file.sources.iter().map(|s| &s.clause).collect()),
            document_clause: vocabulary_clause(file, "documents"),
            result_clause: vocabulary_clause(file, "results"),
            outlet_level_clause: vocabulary_clause(file, "outlet_levels"),
        }
    }

    pub fn kinds(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "文档类型",
            name_en: "document kind",
            clause: "interfaces",
            ids: &self.kinds,
            names: None,
        }
    }

    pub fn categories(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "支持类别",
            name_en: "funding category",
            clause: &self.category_clause,
            ids: &self.categories,
            names: Some(&self.category_names),
        }
    }

    pub fn sources(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "资金来源",
            name_en: "fund source",
            clause: &self.source_clause,
            ids: &self.sources,
            names: Some(&self.source_names),
        }
    }

    pub fn documents(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "申报材料代码",
            name_en: "document code",
            clause: &self.document_clause,
            ids: &self.documents,
            names: Some(&self.document_names),
        }
    }

    pub fn results(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "验收评估结论",
            name_en: "acceptance result",
            clause: &self.result_clause,
            ids: &self.results,
            names: Some(&self.result_names),
        }
    }

    pub fn outlet_levels(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "网点级别",
            name_en: "outlet level",
            clause: &self.outlet_level_clause,
            ids: &self.outlet_levels,
            names: Some(&self.outlet_level_names),
        }
    }

    pub fn subcategories(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "子类别",
            name_en: "sub-category",
            clause: &self.subcategory_clause,
            ids: &self.subcategories,
            names: Some(&self.subcategory_names),
        }
    }

    pub fn subcategory_index(&self, id: &str) -> Option<usize> {
        self.subcategories.iter().position(|s| s == id)
    }

    /// The category a sub-category belongs to, by index.
    pub fn subcategory_parent(&self, sub: usize) -> Option<usize> {
        self.subcategory_parents.get(sub).copied().flatten()
    }

    /// A sub-category as an input error lists it, with its labels.
    pub fn subcategory_value(&self, sub: usize) -> crate::input::AllowedValue {
        crate::input::AllowedValue {
            id: self.subcategories.get(sub).cloned().unwrap_or_default(),
            label: self.subcategory_labels.get(sub).cloned(),
        }
    }

    /// Whether the pack requires an optional line field (`[inputs] allocation`).
    pub fn requires_line_field(&self, field: &str) -> bool {
        self.required_line_fields.iter().any(|r| r == field)
    }

    /// A category as an input error lists it, with its labels.
    pub fn category_value(&self, category: usize) -> crate::input::AllowedValue {
        crate::input::AllowedValue {
            id: self.categories.get(category).cloned().unwrap_or_default(),
            label: self.category_labels.get(category).cloned(),
        }
    }

    /// The sub-categories of a category, as an input error lists them.
    pub fn subcategories_of(&self, category: usize) -> Vec<crate::input::AllowedValue> {
        (0..self.subcategories.len())
            .filter(|s| self.subcategory_parent(*s) == Some(category))
            .map(|s| self.subcategory_value(s))
            .collect()
    }

    /// The regions the pack names (any six-digit code is a region too).
    pub fn regions(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "行政区划",
            name_en: "administrative division",
            clause: "",
            ids: &self.regions,
            names: Some(&self.region_names),
        }
    }

    /// The uses of funds as a closed list (a line's `use` outside it is a warning, not an
    /// input error, but it may still be typed by its label or an alias).
    pub fn use_names(&self) -> &Names {
        &self.use_names
    }

    /// The field of `fields` that a CSV header names, by its name or its zh label.
    pub fn field_named(&self, fields: &[&str], name: &str) -> Option<usize> {
        fields.iter().position(|f| *f == name).or_else(|| {
            let (field, _, _) = self
                .field_labels
                .iter()
                .find(|(_, _, matched)| !name.is_empty() && matched == name)?;
            fields.iter().position(|f| f == field)
        })
    }

    /// The zh name of a field in `[fields]`, or `""`.
    pub fn field_label(&self, field: &str) -> &str {
        self.field_labels
            .iter()
            .find(|(f, _, _)| f == field)
            .map_or("", |(_, zh, _)| zh.as_str())
    }

    /// The id that a `[labels]` zh label names (`电子商务企业` → `ecommerce_enterprise`).
    pub fn labelled(&self, name: &str) -> Option<&str> {
        if name.is_empty() {
            return None;
        }
        self.labelled
            .iter()
            .find(|(zh, _)| zh == name)
            .map(|(_, id)| id.as_str())
    }

    pub fn category_index(&self, id: impl AsRef<[u8]>) -> Option<usize> {
        self.category_ids.find(&self.categories, id.as_ref())
    }

    pub fn use_index(&self, id: impl AsRef<[u8]>) -> Option<usize> {
        self.use_ids.find(&self.uses, id.as_ref())
    }

    pub fn source_index(&self, id: impl AsRef<[u8]>) -> Option<usize> {
        self.source_ids.find(&self.sources, id.as_ref())
    }
}

/// Parses a share written in the pack ("0.15"); lint has already checked it.
pub(crate) fn share(text: &str, place: &str) -> Result<Decimal, PackError> {
    match text.parse::<Decimal>() {
        Ok(d) if d >= Decimal::ZERO && d <= Decimal::ONE => Ok(d),
        _ => Err(PackError::new(
            place,
            format!("`{text}` is not a share between 0 and 1"),
        )),
    }
}

/// A list of ids as they are looked up: a small open-addressed table keyed by each id's
/// length and its first and last eight bytes (which decide an id of at most sixteen bytes
/// alone).
#[derive(Debug, Default)]
struct IdIndex {
    /// Slots of `(key, position + 1)`; 0 marks an empty slot.
    slots: Vec<(Key, usize)>,
    ids: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Key {
    head: u64,
    tail: u64,
    len: usize,
}

/// The first eight bytes of a text as a number (zero-padded when fewer).
fn word(bytes: &[u8]) -> u64 {
    if let Some(eight) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*eight);
    }
    // Four to seven bytes: the first four and the last four, overlapping on equal bytes.
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        let shift = (bytes.len() - 4) * 8;
        return u64::from(u32::from_le_bytes(*first)) | (u64::from(u32::from_le_bytes(*last)) << shift);
    }
    bytes.iter().rev().fold(0, |w, b| (w << 8) | u64::from(*b))
}

impl Key {
    fn of(bytes: &[u8]) -> Key {
        let len = bytes.len();
        let head = word(bytes);
        // The last eight bytes: the first eight again when there are no more.
        let tail = match bytes.last_chunk::<8>() {
            Some(last) if len > 8 => u64::from_le_bytes(*last),
            _ => head,
        };
        Key { head, tail, len }
    }

    fn slot(self, slots: usize) -> usize {
        let mixed = (self.head ^ self.tail.rotate_left(29) ^ (self.len as u64).rotate_left(56))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> 32) as usize & (slots - 1)
    }
}

impl IdIndex {
    fn new(ids: &[String]) -> IdIndex {
        let size = (ids.len() * 2).next_power_of_two().max(2);
        let mut slots = vec![(Key::default(), 0); size];
        for (position, id) in ids.iter().enumerate() {
            let key = Key::of(id.as_bytes());
            let mut at = key.slot(size);
            // The first of equal ids keeps its slot, as a search from the front finds it.
            loop {
                match slots.get_mut(at) {
                    Some(slot) if slot.1 == 0 => {
                        *slot = (key, position + 1);
                        break;
                    }
                    Some(slot) if slot.0 == key && ids.get(slot.1 - 1) == Some(id) => break,
                    Some(_) => at = (at + 1) & (size - 1),
                    None => break,
                }
            }
        }
        IdIndex { slots, ids: ids.len() }
    }

    /// The position of `id` in `ids` (the list the index was made of).
    fn find(&self, ids: &[String], id: &[u8]) -> Option<usize> {
        if self.ids != ids.len() || self.slots.is_empty() {
            return ids.iter().position(|i| i.as_bytes() == id);
        }
        let key = Key::of(id);
        let size = self.slots.len();
        let mut at = key.slot(size);
        loop {
            let &(slot, position) = self.slots.get(at)?;
            if position == 0 {
                return None;
            }
            if slot == key {
                let found = position - 1;
                // Head, tail and length are the whole id up to sixteen bytes.
                if key.len <= 16 || ids.get(found).is_some_and(|i| i.as_bytes() == id) {
                    return Some(found);
                }
            }
            at = (at + 1) & (size - 1);
        }
    }
}

#[cfg(test)]
#[test]
fn an_id_is_found_where_a_search_from_the_front_finds_it() {
    let ids: Vec<String> = [
        "a",
        "b",
        "abcdefgh",
        "abcdefghi",
        "abcdefghj",
        "",
        "b",
        "资金",
        "public_service_center",
        "public_xervice_center",
        "city",
        "abcde",
        "abcdefg",
    ]
    .map(String::from)
    .to_vec();
    let index = IdIndex::new(&ids);
    // Every id, and texts that share an id's length, first or last eight bytes.
    let others = [
        "c",
        "abcdefghk",
        "abcdef",
        "abcdefh",
        "bbcdefg",
        "citz",
        "dity",
        "abcdf",
        "ab",
        "public_yervice_center",
    ];
    for probe in ids.iter().map(String::as_str).chain(others) {
        assert_eq!(
            index.find(&ids, probe.as_bytes()),
            ids.iter().position(|i| i == probe),
            "{probe}"
        );
    }
}
