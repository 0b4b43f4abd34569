//! Findings and the canonical JSON report (interfaces.md, "The report").
//!
//! The canonical bytes are written by hand rather than through a serializer, because they are
//! a contract: key order, compact form, money with two decimals, ratios with four, non-ASCII
//! characters as themselves. Python and JavaScript give the same bytes by calling this.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::lang::Lang;
use crate::money::{format_ratio, Money};
use crate::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Whose obligation a finding is (lifecycle.md, "Whose obligation").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    #[default]
    Applicant,
    Administration,
}

impl Owner {
    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Applicant => "applicant",
            Owner::Administration => "administration",
        }
    }
}

/// A typed value of a fact or a figure.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Money(Money),
    /// A share or ratio, written with four decimals.
    Ratio(Decimal),
    Date(NaiveDate),
    Count(i64),
    Text(String),
    Texts(Vec<String>),
}

impl Value {
    /// The value as it reads in a message (`600000.00`, `0.1500`, `2020-06-01`).
    pub fn display(&self) -> String {
        match self {
            Value::Money(m) => m.text(),
            Value::Ratio(r) => format_ratio(*r),
            Value::Date(d) => d.to_string(),
            Value::Count(n) => n.to_string(),
            Value::Text(t) => t.clone(),
            Value::Texts(items) => items.join(", "),
        }
    }

    /// The value as a message shows it: money with thousands separators (`7,499,999.99`),
    /// everything else as [`Value::display`].
    pub fn in_message(&self) -> String {
        match self {
            Value::Money(m) => m.grouped(),
            other => other.display(),
        }
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Value::Count(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Texts(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(out, item);
                }
                out.push(']');
            }
            other => write_json_string(out, &other.display()),
        }
    }
}

/// Puts figures in the pack's order (`figure_order`, as interfaces.md lists Yanshi's); a
/// figure the pack does not name follows them, in the order its rule produced it.
pub(crate) fn order_figures(figures: &mut [(std::borrow::Cow<'static, str>, Value)], order: &[String]) {
    // Each figure's place is looked up once, not at every comparison.
    let place = |name: &str| {
        order
            .iter()
            .position(|n| crate::normalize::same_text(n, name))
            .unwrap_or(order.len())
    };
    crate::lean::sort_by_cached_key(figures, |(name, _)| place(name));
}

/// The note that ends a truncated list of findings.
pub(crate) fn left_out_message(left_out: usize, max: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("另有 {left_out} 条结果未列出（--max-findings {max}）"),
        Lang::En => format!("{left_out} more findings left out (--max-findings {max})"),
    }
}

/// One finding: a rule's verdict on one place of the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule's id, shared with the rule (and every other finding of it).
    pub rule: std::sync::Arc<str>,
    pub severity: Severity,
    pub owner: Owner,
    pub path: Path,
    pub clause: std::sync::Arc<str>,
    /// Named values: a name the rule's code gives (borrowed) or one made at run time.
    pub facts: Vec<(std::borrow::Cow<'static, str>, Value)>,
    /// The rule's position in the pack, which orders the findings.
    pub(crate) order: usize,
    /// How the message is made when it is read ([`Finding::message`]).
    pub(crate) message: Message,
}

/// One message template of a rule: the variant's name and its text in both languages, shared
/// by every finding that uses it.
#[derive(Debug, PartialEq)]
pub struct Template {
    pub variant: String,
    pub zh: String,
    pub en: String,
}

/// What a placeholder `{name}` (or `{name%}`) of a finding's message shows: a fact as a message
/// shows it (money grouped, a share as a percentage when asked), else an extra; a user's text
/// is quoted as `message::shown` quotes it (a long value cut short).
fn fill<K: AsRef<str>>(facts: &[(K, Value)], extras: &[(&str, String)], name: &str, percent: bool) -> Option<String> {
    let fact = facts.iter().find(|(n, _)| n.as_ref() == name).map(|(_, v)| v);
    match (fact, percent) {
        (Some(Value::Ratio(r)), true) => Some(crate::money::format_percent(*r)),
        (Some(v), _) => Some(crate::message::shown(&v.in_message()).into_owned()),
        (None, _) => extras
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| crate::message::shown(v).into_owned()),
    }
}

/// A finding's message: its rule's template, filled from the finding's facts and extras when it
/// is read (most readers of a report in a program never read it), or a text written as it is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Message {
    Template {
        template: std::sync::Arc<Template>,
        lang: Lang,
        /// Values a message shows that are not facts of the report (a step's label, …).
        extras: Vec<(&'static str, String)>,
    },
    Written {
        variant: String,
        text: String,
    },
}

impl Finding {
    /// The message in the report's language, from the rule's template and this finding's facts.
    pub fn message(&self) -> String {
        match &self.message {
            Message::Template { template, lang, extras } => {
                let text = lang.pick(&template.zh, &template.en);
                crate::message::render(text, |name, percent| fill(&self.facts, extras, name, percent))
            }
            Message::Written { text, .. } => text.clone(),
        }
    }

    /// The message variant the rule chose for this finding (`fail`, `met`, `missing`, …): not
    /// part of the report, but what a pack's tests count as covered.
    pub fn variant(&self) -> &str {
        match &self.message {
            Message::Template { template, .. } => &template.variant,
            Message::Written { variant, .. } => variant,
        }
    }

    pub fn fact(&self, name: &str) -> Option<&Value> {
        self.facts.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackStamp {
    pub id: String,
    pub version: String,
    pub digest: String,
    /// The parameters this run set (`--set`, `--param`, `params=`), in the order given: a
    /// what-if, not the published pack (its digest differs too).
    pub overrides: Vec<(String, serde_json::Value)>,
}

/// The outcome of checking one well-formed document.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub pack: PackStamp,
    pub kind: &'static str,
    pub as_of: Option<NaiveDate>,
    pub findings: Vec<Finding>,
    /// Named figures in the pack's order; a name the code gives is borrowed, as facts' are.
    pub figures: Vec<(std::borrow::Cow<'static, str>, Value)>,
}

impl Report {
    /// True when no finding is an error.
    pub fn ok(&self) -> bool {
        self.count(Severity::Error) == 0
    }

    /// True when no error finding is the applicant's (the administration's record aside).
    pub fn applicant_ok(&self) -> bool {
        !self
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.owner == Owner::Applicant)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    pub fn figure(&self, name: &str) -> Option<&Value> {
        self.figures.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The canonical JSON bytes (without the final newline the CLI adds).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256 + self.findings.len() * 200);
        out.push_str("{\"pack\":{\"id\":");
        write_json_string(&mut out, &self.pack.id);
        out.push_str(",\"version\":");
        write_json_string(&mut out, &self.pack.version);
        out.push_str(",\"digest\":");
        write_json_string(&mut out, &self.pack.digest);
        if !self.pack.overrides.is_empty() {
            out.push_str(",\"overrides\":[");
            for (i, (key, value)) in self.pack.overrides.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"param\":");
                write_json_string(&mut out, key);
                out.push_str(",\"value\":");
                canonical_json(value, &mut out);
                out.push('}');
            }
            out.push(']');
        }
        out.push_str("},\"kind\":");
        write_json_string(&mut out, self.kind);
        out.push_str(",\"as_of\":");
        match self.as_of {
            Some(date) => write_json_string(&mut out, &date.to_string()),
            None => out.push_str("null"),
        }
        let _ = write!(
            out,
            ",\"ok\":{},\"applicant_ok\":{},\"counts\":{{\"error\":{},\"warning\":{},\"info\":{}}},\"findings\":[",
            self.ok(),
            self.applicant_ok(),
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Info)
        );
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"rule\":");
            write_json_string(&mut out, &finding.rule);
            out.push_str(",\"severity\":");
            write_json_string(&mut out, finding.severity.as_str());
            out.push_str(",\"owner\":");
            write_json_string(&mut out, finding.owner.as_str());
            out.push_str(",\"path\":");
            write_json_string(&mut out, &finding.path.to_string());
            out.push_str(",\"clause\":");
            write_json_string(&mut out, &finding.clause);
            out.push_str(",\"message\":");
            write_json_string(&mut out, &finding.message());
            out.push_str(",\"facts\":");
            write_object(&mut out, &finding.facts);
            out.push('}');
        }
        out.push_str("],\"figures\":");
        write_object(&mut out, &self.figures);
        out.push('}');
        out
    }
}

fn write_object<K: AsRef<str>>(out: &mut String, entries: &[(K, Value)]) {
    out.push('{');
    for (i, (name, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_string(out, name.as_ref());
        out.push(':');
        value.write_json(out);
    }
    out.push('}');
}

/// Compact JSON with every object's keys sorted, so the digest does not depend on how the
/// pack was written or on serde_json's map order.
pub fn canonical_json(value: &serde_json::Value, out: &mut String) {
    write_json(value, out, true);
}

/// `value` as compact JSON text, each table's keys in the tree's order: what serde_json's
/// `to_string` writes, without its serializer (which the WebAssembly module then does not
/// carry).
pub fn json_text(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_json(value, &mut out, false);
    out
}

fn write_json(value: &serde_json::Value, out: &mut String, sorted: bool) {
    match value {
        serde_json::Value::Object(map) => {
            let keys = if sorted {
                crate::tree::sorted_keys(map)
            } else {
                map.keys().collect()
            };
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, key);
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_json(v, out, sorted);
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
                write_json(item, out, sorted);
            }
            out.push(']');
        }
        serde_json::Value::String(text) => write_json_string(out, text),
        serde_json::Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        serde_json::Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        serde_json::Value::Null => out.push_str("null"),
    }
}

/// Writes a JSON string: `"` and `\` escaped, control characters as `\n`, `\t` or `\u00XX`,
/// everything else (Chinese included) as itself.
pub fn write_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `json_text` writes what serde_json's `to_string` writes: escapes, numbers (integers,
    /// a float, its exponent), nesting, the keys in the tree's order, non-ASCII as it is.
    #[test]
    fn json_text_is_serde_jsons_text() {
        let tree = serde_json::json!({
            "z": [null, true, false, 0, -7, 18_446_744_073_709_551_615_u64, 1.5, 1e21, -2.5e-8],
            "a": "引号\"、反斜杠\\、\n\r\t\u{08}\u{0c}\u{01}\u{1f}\u{7f} é 😀",
            "m": {"b": {}, "a": [], "c": [[{}]]},
        });
        assert_eq!(json_text(&tree), serde_json::to_string(&tree).unwrap());
        // The keys as given, not sorted (the tree keeps them in order: `preserve_order`).
        assert!(json_text(&tree).starts_with("{\"z\":"));
        let mut canonical = String::new();
        canonical_json(&tree, &mut canonical);
        assert!(canonical.starts_with("{\"a\":"));
    }

    proptest::proptest! {
        #[test]
        fn json_text_of_any_string_reads_back(text in "\\PC*|[\\x00-\\x20\"\\\\]*") {
            let tree = serde_json::Value::String(text);
            let written = json_text(&tree);
            proptest::prop_assert_eq!(&written, &serde_json::to_string(&tree).unwrap());
            proptest::prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&written).unwrap(), tree);
        }
    }

    proptest::proptest! {
        /// Figures are put in the pack's order, those it does not list after them, each set in
        /// the order it came in: the standard stable sort's order.
        #[test]
        fn figures_take_the_packs_order_stably(
            names in proptest::collection::vec(0usize..8, 0..80),
            listed in proptest::collection::vec(0usize..8, 0..6),
        ) {
            let order: Vec<String> = listed.iter().map(|n| format!("f{n}")).collect();
            let mut figures: Vec<(std::borrow::Cow<'static, str>, Value)> = names
                .iter()
                .enumerate()
                .map(|(i, n)| (format!("f{n}").into(), Value::Count(i64::try_from(i).unwrap_or(0))))
                .collect();
            let mut expected = figures.clone();
            let place = |name: &str| order.iter().position(|o| o == name).unwrap_or(order.len());
            expected.sort_by_key(|(name, _)| place(name));
            order_figures(&mut figures, &order);
            proptest::prop_assert_eq!(figures, expected);
        }
    }

    fn finding(
        lang: Lang,
        facts: Vec<(std::borrow::Cow<'static, str>, Value)>,
        extras: Vec<(&'static str, String)>,
    ) -> Finding {
        Finding {
            rule: "prepayment.cap".into(),
            severity: Severity::Error,
            owner: Owner::Applicant,
            path: Path::root(),
            clause: "FM 五".into(),
            facts,
            order: 0,
            message: Message::Template {
                template: std::sync::Arc::new(Template {
                    variant: "fail".into(),
                    zh: "{who}预拨资金 {prepaid} 元超过 {share%}（{share}）{unknown}".into(),
                    en: "{who} prepaid {prepaid}".into(),
                }),
                lang,
                extras,
            },
        }
    }

    #[test]
    fn a_message_is_filled_from_the_facts_and_extras_when_read() {
        let facts = vec![
            (
                "prepaid".into(),
                Value::Money(Money::parse("700000").unwrap_or_default()),
            ),
            ("share".into(), Value::Ratio(Decimal::new(5, 1))),
        ];
        let f = finding(Lang::Zh, facts.clone(), vec![("who", "申请单位".into())]);
        assert_eq!(f.message(), "申请单位预拨资金 700,000.00 元超过 50%（0.5000）{unknown}");
        assert_eq!(f.variant(), "fail");
        // A user's long text is cut to sixty characters and an ellipsis.
        let long = finding(Lang::En, facts, vec![("who", "x".repeat(100))]);
        assert_eq!(long.message(), format!("{}… prepaid 700,000.00", "x".repeat(60)));
    }
}
