//! Message templates: the pack holds every rule's messages in Chinese and English with
//! `{name}` placeholders, filled here from the finding's facts and a few extras. A placeholder
//! written `{name%}` shows a share as a percentage (`0.15` → `15%`).

use crate::money::format_percent;
use crate::report::Value;

/// Fills `{name}` and `{name%}` placeholders; an unknown name is left as written.
pub fn render<K: AsRef<str>>(template: &str, facts: &[(K, Value)], extras: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        let name = after.get(1..close).unwrap_or("");
        let (name, percent) = match name.strip_suffix('%') {
            Some(n) => (n, true),
            None => (name, false),
        };
        let fact = facts.iter().find(|(n, _)| n.as_ref() == name).map(|(_, v)| v);
        // A user's text is quoted as `decode::shown` quotes it: a long value is cut short.
        match (fact, percent) {
            (Some(Value::Ratio(r)), true) => out.push_str(&format_percent(*r)),
            (Some(v), _) => out.push_str(&crate::decode::shown(&v.in_message())),
            (None, _) => match extras.iter().find(|(n, _)| *n == name) {
                Some((_, v)) => out.push_str(&crate::decode::shown(v)),
                None => out.push_str(after.get(..=close).unwrap_or("")),
            },
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The placeholder names a template uses.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else { break };
        let name = after.get(..close).unwrap_or("");
        names.push(name.strip_suffix('%').unwrap_or(name));
        rest = after.get(close + 1..).unwrap_or("");
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use rust_decimal::Decimal;

    #[test]
    fn fills_facts_extras_and_percentages() {
        let facts = vec![
            (
                "prepaid".to_string(),
                Value::Money(Money::parse("700000").unwrap_or_default()),
            ),
            ("share".into(), Value::Ratio(Decimal::new(5, 1))),
        ];
        let extras = [("who", "申请单位".to_string())];
        assert_eq!(
            render(
                "{who}预拨资金 {prepaid} 元超过 {share%}（{share}）{unknown}",
                &facts,
                &extras
            ),
            "申请单位预拨资金 700,000.00 元超过 50%（0.5000）{unknown}"
        );
        assert_eq!(placeholders("a {x} b {y%}"), vec!["x", "y"]);
    }
}
