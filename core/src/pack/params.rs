//! Pack parameters changed for one run: the what-if of a reading's alternative, without
//! copying the pack (`fundcheck check --param /lifecycle/late=acceptance`, a vector's
//! `params` map, `params=` in Python, `{params}` in JavaScript).
//!
//! A key is a JSON pointer into the pack as written, where a segment under a list of tables
//! names an entry by its `id` (`/rules/eligibility.selected_by_tender/params/when`,
//! `/lifecycle/payment_classes/prepayment/before`, `/results/basically_qualified/payable_share`)
//! or by its position. The changed pack is built and linted like any other, and its digest
//! says that it is not the published pack.

use serde_json::Value;

use super::{PackCode, PackError, PackErrors, PackFile};

fn param_error(place: String, message: impl Into<String>) -> PackError {
    PackError::of(PackCode::Param, Some(place), message)
}

/// The pack as written, with the given parameters set; every bad key or value is reported.
/// The engine builds and lints the result like any other pack (`Pack::with_params`).
pub fn apply(file: &PackFile, params: &[(String, Value)]) -> Result<PackFile, PackErrors> {
    let mut tree = crate::tree::Write::write(file);
    let mut errors = Vec::new();
    for (key, value) in params {
        if let Err(message) = set(&mut tree, key, value.clone()) {
            errors.push(param_error(format!("params.{key}"), message));
        }
    }
    if !errors.is_empty() {
        return Err(PackErrors(errors));
    }
    crate::pack::read::pack_file(&tree, &crate::tree::Lines::of(None)).map_err(|errors| {
        PackErrors(
            errors
                .0
                .into_iter()
                .map(|e| PackError {
                    code: PackCode::Param,
                    ..e
                })
                .collect(),
        )
    })
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn set(tree: &mut Value, key: &str, value: Value) -> Result<(), String> {
    let Some(rest) = key.strip_prefix('/') else {
        return Err("a parameter is a JSON pointer into the pack, starting with `/`".into());
    };
    let segments: Vec<String> = rest.split('/').map(unescape).collect();
    let mut here = tree;
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        here = match here {
            Value::Object(map) => {
                if last {
                    if value.is_null() {
                        // The other keys keep their order (`remove` would move the last
                        // key into its place).
                        map.shift_remove(segment);
                    } else {
                        map.insert(segment.clone(), value);
                    }
                    return Ok(());
                }
                match map.get_mut(segment) {
                    Some(next) => next,
                    None => return Err(format!("the pack has no `{segment}` here")),
                }
            }
            Value::Array(items) => {
                let position = items
                    .iter()
                    .position(|item| item.get("id").and_then(Value::as_str) == Some(segment.as_str()))
                    .or_else(|| segment.parse::<usize>().ok().filter(|n| *n < items.len()));
                let Some(position) = position else {
                    return Err(format!("no entry `{segment}` in this list"));
                };
                let Some(item) = items.get_mut(position) else {
                    return Err(format!("no entry `{segment}` in this list"));
                };
                if last {
                    *item = value;
                    return Ok(());
                }
                item
            }
            _ => return Err(format!("`{segment}` is below a single value")),
        };
    }
    Err("an empty key names the whole pack".into())
}

/// Reads a parameter written `KEY=VALUE`; the value is JSON when it parses as JSON, else text.
/// `RULE.PARAM=VALUE` (`fundcheck check --set`) as the parameter it sets: rule ids contain
/// dots, so the last dot before `=` separates the parameter
/// (`budget.public_center_cap.share=0.10` → `/rules/budget.public_center_cap/params/share`).
pub fn parse_rule_assignment(text: &str) -> Option<(String, Value)> {
    let (target, value) = text.split_once('=')?;
    let (rule, param) = target.rsplit_once('.')?;
    if rule.is_empty() || param.is_empty() {
        return None;
    }
    let escape = |s: &str| s.replace('~', "~0").replace('/', "~1");
    let (key, parsed) = parse_assignment(&format!("/rules/{}/params/{}={value}", escape(rule), escape(param)))?;
    // Shares and amounts are decimal strings in a pack: `0.10` stays the text it was written as.
    let parsed = match parsed {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => Value::String(value.trim().to_owned()),
        other => other,
    };
    Some((key, parsed))
}

pub fn parse_assignment(text: &str) -> Option<(String, Value)> {
    let (key, value) = text.split_once('=')?;
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()));
    Some((key.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parameter set to null drops the key; the table's other keys keep their order.
    #[test]
    fn dropping_a_key_keeps_the_others_in_order() {
        let mut tree = serde_json::json!({"params": {"a": 1, "b": 2, "c": 3, "d": 4}});
        set(&mut tree, "/params/b", Value::Null).unwrap();
        let keys: Vec<&String> = tree["params"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["a", "c", "d"]);
    }

    #[test]
    fn a_rule_assignment_splits_at_the_last_dot_and_keeps_decimals_as_written() {
        assert_eq!(
            parse_rule_assignment("budget.public_center_cap.share=0.10"),
            Some((
                "/rules/budget.public_center_cap/params/share".into(),
                Value::String("0.10".into())
            ))
        );
        assert_eq!(
            parse_rule_assignment("deadline.review.days=7"),
            Some(("/rules/deadline.review/params/days".into(), Value::from(7)))
        );
        assert_eq!(parse_rule_assignment("nodot=1"), None);
        assert_eq!(parse_rule_assignment("rule.=1"), None);
    }
}
