//! The rule pack as written in TOML (`rules/*.toml`), before it is built into validators.
//!
//! Everything the policy says in numbers, lists and clause citations is here; the Rust code
//! only knows kinds of validators. `rules/README.md` documents every key.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::Severity;

/// A text in both languages of the report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Zh => &self.zh,
            crate::Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: PackMeta,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub categories: Vec<Category>,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub documents: Vec<Term>,
    #[serde(default)]
    pub uses: Vec<UseTerm>,
    #[serde(default)]
    pub results: Vec<ResultTerm>,
    #[serde(default)]
    pub outlet_levels: Vec<Term>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub readings: Vec<Reading>,
    pub rules: Vec<RuleConfig>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: String,
    pub version: String,
    pub title: Text,
    /// The policy document, e.g. 偃政办〔2019〕13号.
    pub source: Text,
    /// How the policy's parts are cited (IP, FM, PM), for people reading the pack.
    #[serde(default)]
    pub citation: BTreeMap<String, Text>,
    /// Calendar files, relative to the pack file (`calendars/2019.toml`).
    #[serde(default)]
    pub calendars: Vec<String>,
}

/// A fund source (FM 一): its id, label and the money granted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub label: Text,
    /// Yuan, as a decimal string.
    pub fund: String,
    pub clause: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub label: Text,
    pub clause: String,
}

/// A row of an allocation table: the categories it covers and the plan for one source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub label: Text,
    pub source: String,
    pub plan: String,
    pub categories: Vec<String>,
    pub clause: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub label: Text,
}

/// A use of funds; `forbidden_for` names the sources that may not pay for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UseTerm {
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub forbidden_for: Vec<String>,
}

/// An acceptance result (PM 三(三)): whether it passes and the share of the subsidy it pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultTerm {
    pub id: String,
    pub label: Text,
    pub passes: bool,
    /// The share of the proposed subsidy payable on this result, e.g. "1".
    #[serde(default)]
    pub payable_share: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub label: Text,
    pub from: String,
    pub to: String,
    pub clause: String,
}

/// A reading the pack takes where the text is ambiguous, with the alternative named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    pub id: String,
    pub clause: String,
    pub text: Text,
    pub alternative: Text,
}

/// One rule: a validator kind, parameterised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// Stable id, e.g. `prepayment.cap`.
    pub id: String,
    /// The validator kind, e.g. `share_cap`.
    pub kind: String,
    /// Citation, e.g. `FM 四(一)`.
    pub clause: String,
    /// The clause's own words (zh), quoted.
    pub clause_text: String,
    /// One line for `fundcheck rules` and the docs.
    pub summary: Text,
    /// How the rule reads the clause, for `fundcheck explain`.
    #[serde(default)]
    pub reading: Option<Text>,
    pub severity: Severity,
    /// Severity while a plan or report is not final (rules that judge final documents only).
    #[serde(default)]
    pub draft_severity: Option<Severity>,
    /// Message templates by variant (`fail`, `met`, `missing`, …), with `{fact}` placeholders.
    pub messages: BTreeMap<String, Text>,
    /// Kind-specific parameters.
    #[serde(default)]
    pub params: serde_json::Map<String, serde_json::Value>,
}
