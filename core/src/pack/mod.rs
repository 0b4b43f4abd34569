//! Rule packs: the policy as data, built once into validators.
//!
//! A pack is read from TOML, checked for consistency, stamped with the SHA-256 of its parsed
//! form (so formatting does not change it), and built into the list of rules that run, in
//! pack order. A bad pack gets every problem found, each naming the rule and key.

mod lint;
pub mod model;
pub mod params;

use std::sync::OnceLock;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::calendar::Calendar;
use crate::decode::Vocabulary;
use crate::history::Lifecycle;
use crate::money::Money;
use crate::rules::{self, Rule};
pub use model::{PackFile, RuleConfig, Text};

/// What is wrong with a pack: where (rule id, key) and what.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}", .place.as_ref().map(|p| format!("{p}: ")).unwrap_or_default(), .message)]
pub struct PackError {
    /// The rule id or table the problem is in, with the key: `rules.prepayment.cap.params.share`.
    pub place: Option<String>,
    pub message: String,
}

impl PackError {
    pub fn new(place: impl Into<String>, message: impl Into<String>) -> Self {
        PackError {
            place: Some(place.into()),
            message: message.into(),
        }
    }
}

/// Every problem of a pack.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct PackErrors(pub Vec<PackError>);

/// A built rule pack, ready to check documents.
#[derive(Debug)]
pub struct Pack {
    pub file: PackFile,
    pub digest: String,
    pub(crate) vocab: Vocabularies,
    pub(crate) rules: Vec<Rule>,
    pub calendar: Option<Calendar>,
    /// The application's history as the pack defines it (`[lifecycle]`).
    pub lifecycle: Option<Lifecycle>,
}

/// `rules/yanshi-2019.toml` as the JSON tree it parses to, written by `build.rs`.
const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/pack.json"));

impl Pack {
    /// The Yanshi 2019 pack compiled into the library, with its calendar.
    pub fn embedded() -> Result<&'static Pack, PackErrors> {
        static PACK: OnceLock<Result<Pack, PackErrors>> = OnceLock::new();
        PACK.get_or_init(|| {
            let calendar =
                Calendar::embedded().map_err(|e| PackErrors(vec![PackError::new("calendar", e.to_string())]))?;
            Pack::build(EMBEDDED_JSON, Some(calendar))
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Builds a pack from TOML; `read_calendar` fetches each calendar file the pack names.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str, read_calendar: &dyn Fn(&str) -> Result<String, String>) -> Result<Pack, PackErrors> {
        let file: PackFile = toml::from_str(text).map_err(|e| PackErrors(vec![toml_error(&e)]))?;
        let calendar = if file.pack.calendars.is_empty() {
            None
        } else {
            let mut texts = Vec::new();
            for name in &file.pack.calendars {
                let text = read_calendar(name)
                    .map_err(|e| PackErrors(vec![PackError::new(format!("pack.calendars: {name}"), e)]))?;
                texts.push((name.clone(), text));
            }
            let sources: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
            let calendar = Calendar::from_sources(&sources)
                .map_err(|e| PackErrors(vec![PackError::new("pack.calendars", e.to_string())]))?;
            Some(calendar)
        };
        Pack::from_file(file, calendar)
    }

    /// Builds the embedded pack from the JSON `build.rs` compiled it to. Read as a tree first:
    /// the rules' params are deserialized from trees anyway, so the WebAssembly build carries
    /// one deserializer rather than two.
    fn build(json: &str, calendar: Option<Calendar>) -> Result<Pack, PackErrors> {
        let file: PackFile =
            serde_json::from_str(json)
                .and_then(serde_json::from_value)
                .map_err(|e: serde_json::Error| {
                    PackErrors(vec![PackError {
                        place: None,
                        message: e.to_string(),
                    }])
                })?;
        Pack::from_file(file, calendar)
    }

    /// Builds a pack from its parsed form: lints it, then builds every rule.
    pub fn from_file(file: PackFile, calendar: Option<Calendar>) -> Result<Pack, PackErrors> {
        let mut errors = lint::lint(&file);
        let vocab = Vocabularies::new(&file);
        let lifecycle = Lifecycle::build(&file).unwrap_or_else(|mut e| {
            errors.append(&mut e);
            None
        });
        let mut built = Vec::with_capacity(file.rules.len());
        for (order, config) in file.rules.iter().enumerate() {
            match rules::build(config, order, &file, &vocab, lifecycle.as_ref()) {
                Ok(rule) => built.push(rule),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(PackErrors(errors));
        }
        let digest = digest(&file, calendar.as_ref());
        Ok(Pack {
            file,
            digest,
            vocab,
            rules: built,
            calendar,
            lifecycle,
        })
    }

    /// The pack's closed lists (categories, sources, document codes, …).
    pub fn vocabularies(&self) -> &Vocabularies {
        &self.vocab
    }

    pub fn id(&self) -> &str {
        &self.file.pack.id
    }

    pub fn version(&self) -> &str {
        &self.file.pack.version
    }

    pub fn rule(&self, id: &str) -> Option<&RuleConfig> {
        self.file.rules.iter().find(|r| r.id == id)
    }

    pub fn rules(&self) -> &[RuleConfig] {
        &self.file.rules
    }
}

#[cfg(feature = "toml")]
fn toml_error(error: &toml::de::Error) -> PackError {
    PackError {
        place: None,
        message: error.to_string().trim_end().to_string(),
    }
}

/// SHA-256 of the parsed pack as canonical JSON (and of the calendar it uses).
fn digest(file: &PackFile, calendar: Option<&Calendar>) -> String {
    let mut hasher = Sha256::new();
    let tree = serde_json::to_value(file).unwrap_or_default();
    let mut text = String::new();
    canonical_json(&tree, &mut text);
    hasher.update(text.as_bytes());
    if let Some(calendar) = calendar {
        hasher.update(calendar_fingerprint(calendar).as_bytes());
    }
    let bytes = hasher.finalize();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Compact JSON with every object's keys sorted, so the digest does not depend on how the
/// pack was written or on serde_json's map order.
fn canonical_json(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::report::write_json_string(out, key);
                out.push(':');
                if let Some(v) = map.get(key) {
                    canonical_json(v, out);
                }
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The calendar's days off and adjusted working days, with the notices that decide them.
fn calendar_fingerprint(calendar: &Calendar) -> String {
    let mut text = format!("{}..{}", calendar.first(), calendar.last());
    let mut day = calendar.first();
    while day <= calendar.last() {
        if let Ok(info) = calendar.day(day) {
            if let Some(notice) = &info.notice {
                text.push_str(&format!(";{day}={}@{notice}", info.kind.as_str()));
            }
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    text
}

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
    /// Each source's fund, by source index.
    pub funds: Vec<Money>,
    category_clause: String,
    source_clause: String,
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
            categories: ids(&file.categories, |c| &c.id),
            sources: ids(&file.sources, |s| &s.id),
            documents: ids(&file.documents, |d| &d.id),
            results: ids(&file.results, |r| &r.id),
            outlet_levels: ids(&file.outlet_levels, |l| &l.id),
            uses: ids(&file.uses, |u| &u.id),
            funds: file
                .sources
                .iter()
                .map(|s| Money::parse(&s.fund).unwrap_or_default())
                .collect(),
            category_clause: clauses(file.categories.iter().map(|c| &c.clause).collect()),
            source_clause: clauses(file.sources.iter().map(|s| &s.clause).collect()),
        }
    }

    pub fn kinds(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "文档类型",
            name_en: "document kind",
            clause: "interfaces",
            ids: &self.kinds,
        }
    }

    pub fn categories(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "支持类别",
            name_en: "funding category",
            clause: &self.category_clause,
            ids: &self.categories,
        }
    }

    pub fn sources(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "资金来源",
            name_en: "fund source",
            clause: &self.source_clause,
            ids: &self.sources,
        }
    }

    pub fn documents(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "申报材料代码",
            name_en: "document code",
            clause: "PM 二",
            ids: &self.documents,
        }
    }

    pub fn results(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "验收评估结论",
            name_en: "acceptance result",
            clause: "PM 三(三)",
            ids: &self.results,
        }
    }

    pub fn outlet_levels(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "网点级别",
            name_en: "outlet level",
            clause: "PM 二(六)",
            ids: &self.outlet_levels,
        }
    }

    pub fn category_index(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c == id)
    }

    pub fn use_index(&self, id: &str) -> Option<usize> {
        self.uses.iter().position(|u| u == id)
    }

    pub fn source_index(&self, id: &str) -> Option<usize> {
        self.sources.iter().position(|s| s == id)
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

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    /// The embedded pack, compiled to JSON by `build.rs`, is the same pack as its TOML source:
    /// same parsed tree, same digest.
    #[test]
    fn embedded_json_and_toml_source_give_the_same_pack() {
        let toml_text = include_str!("../../../rules/yanshi-2019.toml");
        let from_toml: PackFile = toml::from_str(toml_text).unwrap();
        let embedded = Pack::embedded().unwrap();
        assert_eq!(embedded.file, from_toml);
        let calendar = Calendar::embedded().unwrap();
        assert_eq!(embedded.digest, digest(&from_toml, Some(&calendar)));
    }
}
