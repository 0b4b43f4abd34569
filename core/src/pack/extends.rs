//! `extends`: a county's pack built on a base pack (a national notice's rules), resolved into
//! one pack before anything reads it.
//!
//! Resolution works on the pack's tree (the JSON a TOML file parses to), so that a county pack
//! writes only what it changes:
//! - `[pack]` is the county's own; `calendars` are inherited when it names none, `citation`
//!   and `clauses` merged; `bases` lists the chain (`national-2018@2018`), nearest first.
//! - The keyed lists (`sources`, `categories`, `uses`, `readings`, …) are the base's, an entry
//!   of the same `id` replaced by the county's, new ones added after.
//! - `labels`, `fields` and `[report]`'s tables are merged; `lifecycle` is the county's when it
//!   has one.
//! - Rules: a base rule the county does not name is inherited as is; a county rule with a
//!   base rule's id changes it — only the keys written (`params` and `messages` merged key by
//!   key), the kind kept — and must say why (`overrides = { zh, en }`); `[[pack.removes]]`
//!   drops a base rule with its reason. A change may narrow a base's limit, never widen it
//!   (a share cap lower, a floor higher, a severity as strict). Inherited rules come first,
//!   then the county's in its own order.
//!
//! A base is named by the id of a base pack fundcheck ships (`rules/base/*.toml`, compiled in)
//! or by a path relative to the extending file, read through the face's file reader.

use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::{PackCode, PackError, PackErrors};

/// The base packs fundcheck ships, as the JSON trees their TOML parses to (`build.rs`).
const SHIPPED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/bases.json"));

/// How deep a chain of bases may go.
const MAX_DEPTH: usize = 8;

/// The lists whose entries are matched by `id`.
const KEYED: [&str; 10] = [
    "sources",
    "categories",
    "groups",
    "documents",
    "uses",
    "results",
    "outlet_levels",
    "regions",
    "phases",
    "readings",
];

/// Parameters a county may move in one direction only, by kind: `true` when it may lower
/// the value (a cap), `false` when it may raise it (a floor).
const NARROWING: [(&str, &str, bool); 6] = [
    ("share_cap", "share", true),
    ("share_floor", "share", false),
    ("prepayment_cap", "share", true),
    ("unit_rate_cap", "rate", true),
    ("unit_rate_cap", "unit_cap", true),
    ("unit_rate_cap", "total_cap", true),
];

/// The shipped base packs, by id, as `(id, tree)`.
pub fn shipped() -> &'static [(String, Value)] {
    static BASES: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    BASES.get_or_init(|| {
        let trees: Vec<Value> = serde_json::from_str(SHIPPED_JSON).unwrap_or_default();
        trees
            .into_iter()
            .map(|tree| (text_at(&tree, "/pack/id").to_owned(), tree))
            .collect()
    })
}

fn text_at<'t>(tree: &'t Value, pointer: &str) -> &'t str {
    tree.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// `id@version` of a pack tree.
fn reference(tree: &Value) -> String {
    format!("{}@{}", text_at(tree, "/pack/id"), text_at(tree, "/pack/version"))
}

/// Resolves a pack tree's `extends` chain into one pack tree. `read` reads a base pack named
/// by path (relative to the top pack's file) into its tree; a shipped base needs no reader.
pub fn resolve(tree: Value, read: &dyn Fn(&str) -> Result<Value, PackError>) -> Result<Value, PackErrors> {
    resolve_at(tree, "", read, &mut Vec::new())
}

fn resolve_at(
    tree: Value,
    dir: &str,
    read: &dyn Fn(&str) -> Result<Value, PackError>,
    chain: &mut Vec<String>,
) -> Result<Value, PackErrors> {
    let id = text_at(&tree, "/pack/id").to_owned();
    if chain.contains(&id) {
        chain.push(id);
        return Err(error(
            "pack.extends",
            format!("the bases form a cycle: {}", chain.join(" → ")),
        ));
    }
    chain.push(id);
    let Some(extends) = tree.pointer("/pack/extends").and_then(Value::as_str).map(str::to_owned) else {
        return Ok(tree);
    };
    if chain.len() > MAX_DEPTH {
        return Err(error(
            "pack.extends",
            format!("more than {MAX_DEPTH} packs deep: {}", chain.join(" → ")),
        ));
    }
    let (base, base_dir) = match shipped().iter().find(|(id, _)| *id == extends) {
        Some((_, tree)) => (tree.clone(), None),
        None if extends.ends_with(".toml") || extends.ends_with(".json") || extends.contains('/') => {
            let path = join(dir, &extends);
            let tree = read(&path).map_err(|mut e| {
                e.place = Some(format!("pack.extends: {extends}"));
                PackErrors::from(e)
            })?;
            let base_dir = parent(&path).to_owned();
            (tree, Some(base_dir))
        }
        None => {
            let known: Vec<&str> = shipped().iter().map(|(id, _)| id.as_str()).collect();
            return Err(error(
                "pack.extends",
                format!(
                    "`{extends}` is neither a base pack fundcheck ships ({}) nor a path to a pack file",
                    known.join(", ")
                ),
            ));
        }
    };
    let base = resolve_at(base, base_dir.as_deref().unwrap_or(""), read, chain)?;
    merge(base, tree, base_dir.as_deref())
}

/// `dir/name`, for names relative to a pack file (`""` is the top pack's directory).
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() || name.starts_with('/') {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn error(place: &str, message: impl Into<String>) -> PackErrors {
    PackErrors::from(PackError::new(place, message))
}

fn object(value: Option<&Value>) -> Map<String, Value> {
    value.and_then(Value::as_object).cloned().unwrap_or_default()
}

/// The county's tree on its base's (both already free of `extends` below them).
fn merge(base: Value, child: Value, base_dir: Option<&str>) -> Result<Value, PackErrors> {
    let base_ref = reference(&base);
    let mut out = object(Some(&child));
    let mut errors = Vec::new();

    // [pack]
    let base_meta = object(base.get("pack"));
    let mut meta = object(child.get("pack"));
    if !meta.contains_key("calendars") {
        let names: Vec<Value> = base_meta
            .get("calendars")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|name| Value::String(join(base_dir.unwrap_or(""), name)))
            .collect();
        meta.insert("calendars".into(), Value::Array(names));
    }
    for key in ["citation", "clauses"] {
        let merged = union(base_meta.get(key), meta.get(key));
        if !merged.is_empty() {
            meta.insert(key.into(), Value::Object(merged));
        }
    }
    let mut bases = vec![Value::String(base_ref.clone())];
    bases.extend(
        base_meta
            .get("bases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
    );
    meta.insert("bases".into(), Value::Array(bases));
    let removes: Vec<String> = meta
        .get("removes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|r| text_at(r, "/rule").to_owned())
        .collect();
    out.insert("pack".into(), Value::Object(meta));

    for key in KEYED {
        let merged = by_id(base.get(key), child.get(key));
        if !merged.is_empty() {
            out.insert(key.into(), Value::Array(merged));
        }
    }
    for key in ["labels", "fields"] {
        let merged = union(base.get(key), child.get(key));
        if !merged.is_empty() {
            out.insert(key.into(), Value::Object(merged));
        }
    }
    let report = merge_report(base.get("report"), child.get("report"));
    if !report.is_empty() {
        out.insert("report".into(), Value::Object(report));
    }
    if !out.contains_key("lifecycle") {
        if let Some(lifecycle) = base.get("lifecycle") {
            out.insert("lifecycle".into(), lifecycle.clone());
        }
    }

    // Rules.
    let base_rules: Vec<Value> = base.get("rules").and_then(Value::as_array).cloned().unwrap_or_default();
    let child_rules: Vec<Value> = child
        .get("rules")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let id_of = |rule: &Value| text_at(rule, "/id").to_owned();
    for removed in &removes {
        if !base_rules.iter().any(|r| id_of(r) == *removed) {
            errors.push(PackError::new(
                format!("pack.removes.{removed}"),
                format!("`{removed}` is not a rule of the base `{base_ref}`"),
            ));
        }
        if child_rules.iter().any(|r| id_of(r) == *removed) {
            errors.push(PackError::new(
                format!("pack.removes.{removed}"),
                "the pack both removes the rule and writes it",
            ));
        }
    }
    let mut rules = Vec::new();
    for rule in &base_rules {
        let id = id_of(rule);
        if removes.contains(&id) || child_rules.iter().any(|r| id_of(r) == id) {
            continue;
        }
        rules.push(with_base(rule.clone(), &base_ref));
    }
    for rule in child_rules {
        let id = id_of(&rule);
        let overrides = rule.get("overrides").is_some();
        match base_rules.iter().find(|r| id_of(r) == id) {
            Some(inherited) => {
                if !overrides {
                    errors.push(PackError::new(
                        format!("rules.{id}.overrides"),
                        format!(
                            "`{id}` is a rule of the base `{base_ref}`: a pack that changes it says why \
                             (overrides = {{ zh = \"…\", en = \"…\" }}), citing its own clause"
                        ),
                    ));
                }
                let kind = text_at(inherited, "/kind");
                if rule.get("kind").is_some_and(|k| k.as_str() != Some(kind)) {
                    errors.push(PackError::new(
                        format!("rules.{id}.kind"),
                        format!("an override keeps the base rule's kind `{kind}`"),
                    ));
                }
                let merged = deep_merge(inherited.clone(), rule);
                narrowing(inherited, &merged, &id, &base_ref, &mut errors);
                rules.push(with_base(merged, &base_ref));
            }
            None => rules.push(rule),
        }
    }
    out.insert("rules".into(), Value::Array(rules));
    if errors.is_empty() {
        Ok(Value::Object(out))
    } else {
        Err(PackErrors(errors))
    }
}

/// A rule as inherited: marked with the base it comes from (the deepest, when it came from
/// further down).
fn with_base(mut rule: Value, base_ref: &str) -> Value {
    if let Some(map) = rule.as_object_mut() {
        map.entry("base").or_insert_with(|| Value::String(base_ref.to_owned()));
    }
    rule
}

/// A base's limit moved only the way the text allows; a severity no softer.
fn narrowing(base: &Value, merged: &Value, id: &str, base_ref: &str, errors: &mut Vec<PackError>) {
    let kind = text_at(base, "/kind");
    for (k, param, lowers) in NARROWING {
        if k != kind {
            continue;
        }
        let pointer = format!("/params/{param}");
        let number = |v: &Value| {
            v.pointer(&pointer)
                .and_then(Value::as_str)
                .and_then(|t| t.parse::<Decimal>().ok())
        };
        if let (Some(was), Some(now)) = (number(base), number(merged)) {
            let widened = if lowers { now > was } else { now < was };
            if widened {
                errors.push(PackError::new(
                    format!("rules.{id}.params.{param}"),
                    format!(
                        "{now} widens the base `{base_ref}` ({was}): a pack may narrow a base's limit, not widen it"
                    ),
                ));
            }
        }
    }
    let rank = |v: &Value, key: &str| match v.get(key).and_then(Value::as_str) {
        Some("error") => Some(3),
        Some("warning") => Some(2),
        Some("info") => Some(1),
        _ => None,
    };
    if let (Some(was), Some(now)) = (rank(base, "severity"), rank(merged, "severity")) {
        if now < was {
            errors.push(PackError::new(
                format!("rules.{id}.severity"),
                format!("softer than the base `{base_ref}`: an override may make a rule stricter, not softer"),
            ));
        }
    }
}

/// The base's entries with the county's of the same id in their place, then the county's new
/// ones.
fn by_id(base: Option<&Value>, child: Option<&Value>) -> Vec<Value> {
    let base: Vec<Value> = base.and_then(Value::as_array).cloned().unwrap_or_default();
    let child: Vec<Value> = child.and_then(Value::as_array).cloned().unwrap_or_default();
    let id = |v: &Value| text_at(v, "/id").to_owned();
    let mut out: Vec<Value> = base
        .iter()
        .map(|b| child.iter().find(|c| id(c) == id(b)).unwrap_or(b).clone())
        .collect();
    out.extend(child.iter().filter(|c| !base.iter().any(|b| id(b) == id(c))).cloned());
    out
}

/// Two tables, the county's keys over the base's.
fn union(base: Option<&Value>, child: Option<&Value>) -> Map<String, Value> {
    let mut out = object(base);
    for (k, v) in object(child) {
        out.insert(k, v);
    }
    out
}

fn merge_report(base: Option<&Value>, child: Option<&Value>) -> Map<String, Value> {
    let (base, child) = (object(base), object(child));
    let mut out = base.clone();
    for (key, value) in child {
        let merged = match (key.as_str(), out.remove(&key)) {
            ("figure_order", _) | (_, None) => value,
            (_, Some(was)) => Value::Object(union(Some(&was), Some(&value))),
        };
        out.insert(key, merged);
    }
    out
}

/// `over` on `under`: tables merged key by key, anything else replaced.
fn deep_merge(under: Value, over: Value) -> Value {
    match (under, over) {
        (Value::Object(mut under), Value::Object(over)) => {
            for (key, value) in over {
                let merged = match under.remove(&key) {
                    Some(was) => deep_merge(was, value),
                    None => value,
                };
                under.insert(key, merged);
            }
            Value::Object(under)
        }
        (_, over) => over,
    }
}

/// The kind of problem a base pack that cannot be read is (for the faces' readers).
pub fn unreadable(path: &str, reason: impl std::fmt::Display) -> PackError {
    PackError::of(
        PackCode::Read,
        Some(format!("pack.extends: {path}")),
        format!("cannot read the base pack: {reason}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn no_files(path: &str) -> Result<Value, PackError> {
        Err(unreadable(path, "no files in this test"))
    }

    fn base() -> Value {
        json!({
            "pack": {"id": "base", "version": "1", "abstract": true, "citation": {"N": {"zh": "通知", "en": "notice"}}},
            "rules": [
                {"id": "a", "kind": "share_cap", "severity": "warning", "params": {"share": "0.15", "source": "central"}, "messages": {"met": 1, "fail": 2}},
                {"id": "b", "kind": "share_floor", "severity": "warning", "params": {"share": "0.5"}},
                {"id": "c", "kind": "forbidden_use", "severity": "error"}
            ]
        })
    }

    fn resolve_with_base(child: Value) -> Result<Value, PackErrors> {
        let read = |path: &str| {
            if path == "base.toml" {
                Ok(base())
            } else {
                no_files(path)
            }
        };
        resolve(child, &read)
    }

    #[test]
    fn a_county_inherits_changes_with_a_reason_and_removes() {
        let child = json!({
            "pack": {"id": "county", "version": "2", "extends": "base.toml", "removes": [{"rule": "c", "because": {"zh": "", "en": ""}}]},
            "rules": [
                {"id": "own", "kind": "field_in"},
                {"id": "a", "overrides": {"zh": "县级资金", "en": "county funds"}, "params": {"source": "county", "share": "0.10"}, "messages": {"fail": 3}}
            ]
        });
        let tree = resolve_with_base(child).unwrap();
        let ids: Vec<&str> = tree["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["b", "own", "a"]);
        let a = &tree["rules"][2];
        assert_eq!(a["kind"], "share_cap");
        assert_eq!(a["params"], json!({"share": "0.10", "source": "county"}));
        assert_eq!(a["messages"], json!({"met": 1, "fail": 3}));
        assert_eq!(a["base"], "base@1");
        assert_eq!(tree["rules"][0]["base"], "base@1");
        assert!(tree["rules"][1].get("base").is_none());
        assert_eq!(tree["pack"]["bases"], json!(["base@1"]));
        assert_eq!(tree["pack"]["citation"]["N"]["en"], "notice");
        assert!(tree["pack"].get("abstract").is_none());
    }

    #[test]
    fn a_change_without_a_reason_a_widened_share_and_a_softer_severity_are_refused() {
        let child = json!({
            "pack": {"id": "county", "version": "2", "extends": "base.toml", "removes": [{"rule": "zz", "because": {"zh": "", "en": ""}}]},
            "rules": [
                {"id": "a", "params": {"share": "0.20"}},
                {"id": "b", "overrides": {"zh": "", "en": ""}, "severity": "info", "params": {"share": "0.4"}}
            ]
        });
        let errors = resolve_with_base(child).unwrap_err().0;
        let places: Vec<&str> = errors.iter().filter_map(|e| e.place.as_deref()).collect();
        assert_eq!(
            places,
            [
                "pack.removes.zz",
                "rules.a.overrides",
                "rules.a.params.share",
                "rules.b.params.share",
                "rules.b.severity"
            ]
        );
    }

    #[test]
    fn a_cycle_an_unknown_base_and_an_unreadable_file_are_named() {
        let looped = |path: &str| Ok(json!({"pack": {"id": "county", "version": "0", "extends": path}, "rules": []}));
        let child = json!({"pack": {"id": "county", "version": "1", "extends": "x.toml"}, "rules": []});
        let e = resolve(child.clone(), &looped).unwrap_err().0;
        assert!(e[0].message.contains("cycle: county → county"), "{}", e[0].message);
        let unknown = json!({"pack": {"id": "c", "version": "1", "extends": "national-1999"}, "rules": []});
        assert!(resolve(unknown, &no_files).unwrap_err().0[0]
            .message
            .contains("neither a base pack"));
        let e = resolve(child, &no_files).unwrap_err().0;
        assert_eq!(e[0].code, PackCode::Read);
    }
}
