//! What two packs (or two versions of one) decide differently (`fundcheck pack diff A B`):
//! every parameter, rule, reading, vocabulary entry and message that differs, as a JSON
//! pointer into the pack as written — tables of entries (`[[rules]]`, `[[sources]]`, …)
//! keyed by their `id`, as `--param` names them.

use serde_json::{Map, Value};

use super::PackFile;

/// One difference: where, and the value in each pack (`None` where that pack has none).
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub at: String,
    pub a: Option<Value>,
    pub b: Option<Value>,
}

/// Every difference between `a` and `b`, in pointer order.
pub fn diff(a: &PackFile, b: &PackFile) -> Vec<Difference> {
    let (a, b) = (keyed(crate::tree::Write::write(a)), keyed(crate::tree::Write::write(b)));
    let mut out = Vec::new();
    walk(Some(&a), Some(&b), String::new(), &mut out);
    out
}

/// A list whose every entry is a table with a string `id` becomes a table keyed by the ids,
/// so entries are compared by id, not by position.
fn keyed(value: Value) -> Value {
    match value {
        Value::Array(items) if !items.is_empty() && items.iter().all(|i| i.get("id").is_some_and(Value::is_string)) => {
            let mut map = Map::new();
            for item in items {
                let id = item.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
                map.insert(id, keyed(item));
            }
            Value::Object(map)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(keyed).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, keyed(v))).collect()),
        other => other,
    }
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn walk(a: Option<&Value>, b: Option<&Value>, at: String, out: &mut Vec<Difference>) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            crate::lean::sort(&mut keys);
            keys.dedup();
            for key in keys {
                walk(x.get(key), y.get(key), format!("{at}/{}", escape(key)), out);
            }
        }
        (x, y) if x == y => {}
        (x, y) => out.push(Difference {
            at,
            a: x.cloned(),
            b: y.cloned(),
        }),
    }
}

// Tested in `core/tests/pack_diff.rs` (it needs a built pack, which sits above `pack`).
