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

use super::{Pack, PackError, PackErrors, PackFile};

impl Pack {
    /// This pack with the given parameters set; every bad key or value is reported.
    pub fn with_params(&self, params: &[(String, Value)]) -> Result<Pack, PackErrors> {
        let mut tree =
            serde_json::to_value(&self.file).map_err(|e| PackErrors(vec![PackError::new("params", e.to_string())]))?;
        let mut errors = Vec::new();
        for (key, value) in params {
            if let Err(message) = set(&mut tree, key, value.clone()) {
                errors.push(PackError::new(format!("params.{key}"), message));
            }
        }
        if !errors.is_empty() {
            return Err(PackErrors(errors));
        }
        let file: PackFile =
            serde_json::from_value(tree).map_err(|e| PackErrors(vec![PackError::new("params", e.to_string())]))?;
        Pack::from_file(file, self.calendar.clone())
    }
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
                        map.remove(segment);
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
pub fn parse_assignment(text: &str) -> Option<(String, Value)> {
    let (key, value) = text.split_once('=')?;
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()));
    Some((key.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_switches_a_reading_and_changes_the_digest() {
        let pack = Pack::embedded().unwrap_or_else(|e| unreachable!("{e}"));
        let changed = pack
            .with_params(&[("/lifecycle/late".into(), Value::String("acceptance".into()))])
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_ne!(changed.digest, pack.digest);
        assert_eq!(
            changed.file.lifecycle.as_ref().map(|l| l.late),
            Some(crate::pack::model::LateReading::Acceptance)
        );
    }

    #[test]
    fn a_bad_key_or_value_is_a_pack_error_naming_it() {
        let pack = Pack::embedded().unwrap_or_else(|e| unreachable!("{e}"));
        let Err(errors) = pack.with_params(&[("/rules/no.such/params/x".into(), Value::Null)]) else {
            unreachable!("a bad key must fail")
        };
        assert_eq!(errors.0[0].place.as_deref(), Some("params./rules/no.such/params/x"));
        assert!(pack
            .with_params(&[("/lifecycle/late".into(), Value::String("sometime".into()))])
            .is_err());
        assert_eq!(
            parse_assignment("/lifecycle/valid_until=2022-05-05"),
            Some(("/lifecycle/valid_until".into(), Value::String("2022-05-05".into())))
        );
    }
}
