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
const KEYED: [&str; 11] = [
    "sources",
    "categories",
    "subcategories",
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
const NARROWING: [(&str, &str, bool); 7] = [
    ("share_cap", "share", true),
    ("share_floor", "share", false),
    ("prepayment_cap", "share", true),
    ("unit_rate_cap", "rate", true),
    ("unit_rate_cap", "unit_cap", true),
    ("unit_rate_cap", "total_cap", true),
    ("unit_rate_cap", "max_units", true),
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
    let written = written_errors(&tree);
    if !written.is_empty() {
        return Err(PackErrors(written));
    }
    // A new version may extend its previous one: the chain is of `id@version`.
    let id = reference(&tree);
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
        None if extends.ends_with(".toml") || extends.ends_with(".json") => {
            // A base beside the pack (or below it), never an absolute path or one that climbs
            // out: a pack that arrives from elsewhere reads no other file.
            let escapes = extends.starts_with('/')
                || extends.starts_with('\\')
                || extends.contains(':')
                || extends.split(['/', '\\']).any(|part| part == "..");
            if escapes {
                return Err(error(
                    "pack.extends",
                    format!("`{extends}` is not a path inside the pack's directory (no `/…`, `..` or drive): put the base beside the pack"),
                ));
            }
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
                    "`{extends}` is neither a base pack fundcheck ships ({}) nor a path to a pack file (`….toml` or `….json`)",
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
        let merged = by_id(key, base.get(key), child.get(key), &base_ref, &mut errors);
        if !merged.is_empty() {
            out.insert(key.into(), Value::Array(merged));
        }
    }
    entries_narrowed(&base, &out, &base_ref, &mut errors);
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
    // Fields a base requires stay required: the county's list adds to the base's.
    let inputs = merge_inputs(base.get("inputs"), child.get("inputs"));
    if let Some(inputs) = inputs {
        out.insert("inputs".into(), inputs);
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
    for r in meta_removes(&out) {
        if let Err(e) = reason_given_as(
            r.get("because"),
            &format!("pack.removes.{}", text_at(&r, "/rule")),
            "because",
        ) {
            errors.push(e);
        }
    }
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
                } else if let Err(e) = reason_given(rule.get("overrides"), &format!("rules.{id}"), &base_ref) {
                    errors.push(e);
                }
                let kind = text_at(inherited, "/kind");
                if rule.get("kind").is_some_and(|k| k.as_str() != Some(kind)) {
                    errors.push(PackError::new(
                        format!("rules.{id}.kind"),
                        format!("an override keeps the base rule's kind `{kind}`"),
                    ));
                }
                let merged = deep_merge(inherited.clone(), rule);
                let sources: Vec<&str> = out
                    .get("sources")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|s| text_at(s, "/id"))
                    .collect();
                narrowing(inherited, &merged, &id, &base_ref, &sources, &mut errors);
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

/// A base's limit moved only the way the text allows; a severity no softer (for a final
/// document and for a draft). A rule rebound to other money (`params.source` changed) is no
/// narrowing of the base's and is not held to it — but only when the pack has none of the
/// money the base binds, which would otherwise go unchecked.
fn narrowing(base: &Value, merged: &Value, id: &str, base_ref: &str, sources: &[&str], errors: &mut Vec<PackError>) {
    let kind = text_at(base, "/kind");
    let bound = |v: &Value| v.pointer("/params/source").and_then(Value::as_str).map(str::to_owned);
    if let (Some(was), Some(now)) = (bound(base), bound(merged)) {
        if was != now {
            if sources.contains(&was.as_str()) {
                errors.push(PackError::new(
                    format!("rules.{id}.params.source"),
                    format!(
                        "the base `{base_ref}` binds `{was}`, which this pack has: rebinding the rule to `{now}` would leave `{was}` unchecked — keep the base's rule and add one of your own"
                    ),
                ));
            }
            return;
        }
    }
    if base.get("params").and_then(|p| p.get("select")) != merged.get("params").and_then(|p| p.get("select")) {
        errors.push(PackError::new(
            format!("rules.{id}.params.select"),
            format!("an override keeps the lines the base `{base_ref}` selects (add a rule of your own for others)"),
        ));
    }
    for (k, param, lowers) in NARROWING {
        if k != kind {
            continue;
        }
        let pointer = format!("/params/{param}");
        let number = |v: &Value| match v.pointer(&pointer) {
            Some(Value::String(t)) => t.parse::<Decimal>().ok(),
            Some(Value::Number(n)) => n.to_string().parse::<Decimal>().ok(),
            _ => None,
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
    // The limits inside a tree of groups or a list of stages, by id: a cap no higher, a floor
    // no lower, a stage's share no higher, and none of the base's dropped.
    let listed = |v: &Value, key: &str| -> Vec<(String, Value)> {
        let mut out = Vec::new();
        let mut stack: Vec<Value> = v
            .pointer(&format!("/params/{key}"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        while let Some(item) = stack.pop() {
            stack.extend(
                item.get("children")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            );
            out.push((text_at(&item, "/id").to_owned(), item));
        }
        out
    };
    let amount = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .and_then(|t| t.parse::<Decimal>().ok())
    };
    let trees: [(&str, &[(&str, bool)]); 2] = [
        ("groups", &[("cap", true), ("floor", false)]),
        ("stages", &[("share", true)]),
    ];
    for (key, limits) in trees {
        let (was, now) = (listed(base, key), listed(merged, key));
        for (gid, old) in &was {
            let Some((_, new)) = now.iter().find(|(n, _)| n == gid) else {
                errors.push(PackError::new(
                    format!("rules.{id}.params.{key}.{gid}"),
                    format!("the base `{base_ref}` has `{gid}`: an override keeps every one of its limits"),
                ));
                continue;
            };
            for &(limit, lowers) in limits {
                if let (Some(a), Some(b)) = (amount(old, limit), amount(new, limit)) {
                    if (lowers && b > a) || (!lowers && b < a) {
                        errors.push(PackError::new(
                            format!("rules.{id}.params.{key}.{gid}.{limit}"),
                            format!("{b} widens the base `{base_ref}` ({a}): a pack may narrow a base's limit, not widen it"),
                        ));
                    }
                }
                if amount(old, limit).is_some() && amount(new, limit).is_none() {
                    errors.push(PackError::new(
                        format!("rules.{id}.params.{key}.{gid}.{limit}"),
                        format!("the base `{base_ref}` sets `{limit}` here: an override keeps it"),
                    ));
                }
            }
        }
    }
    let rank = |v: &Value, key: &str| match v.get(key).and_then(Value::as_str) {
        Some("error") => Some(3),
        Some("warning") => Some(2),
        Some("info") => Some(1),
        _ => None,
    };
    let draft = |v: &Value| rank(v, "draft_severity").or_else(|| rank(v, "severity"));
    for (key, was, now) in [
        ("severity", rank(base, "severity"), rank(merged, "severity")),
        ("draft_severity", draft(base), draft(merged)),
    ] {
        if let (Some(was), Some(now)) = (was, now) {
            if now < was {
                errors.push(PackError::new(
                    format!("rules.{id}.{key}"),
                    format!("softer than the base `{base_ref}`: an override may make a rule stricter, not softer"),
                ));
            }
        }
    }
}

fn meta_removes(out: &Map<String, Value>) -> Vec<Value> {
    out.get("pack")
        .and_then(|p| p.get("removes"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// A reason under another key (`because`), in both languages.
fn reason_given_as(reason: Option<&Value>, place: &str, key: &str) -> Result<(), PackError> {
    if in_both_languages(reason) {
        Ok(())
    } else {
        Err(PackError::new(
            format!("{place}.{key}"),
            "say why, in both languages (zh and en, not blank)",
        ))
    }
}

/// A `{ zh, en }` text with neither blank.
fn in_both_languages(text: Option<&Value>) -> bool {
    let filled = |lang: &str| {
        text.and_then(|r| r.get(lang))
            .and_then(Value::as_str)
            .is_some_and(|t| !t.trim().is_empty())
    };
    filled("zh") && filled("en")
}

/// What a pack as written may not say: `bases` and a rule's `base` are set by resolution
/// only (written by hand they would claim a provenance the pack does not have).
pub fn written_errors(tree: &Value) -> Vec<PackError> {
    let mut errors = Vec::new();
    if tree.pointer("/pack/bases").is_some() {
        errors.push(PackError::new(
            "pack.bases",
            "set when the pack is resolved, never written: use `extends`",
        ));
    }
    for rule in tree.get("rules").and_then(Value::as_array).into_iter().flatten() {
        if rule.get("base").is_some() {
            errors.push(PackError::new(
                format!("rules.{}.base", text_at(rule, "/id")),
                "set when the pack is resolved, never written: a rule comes from a base through `extends`",
            ));
        }
    }
    errors
}

/// The base's entries with the county's of the same id in their place, then the county's new
/// ones. A county entry that changes a base's must say why (`overrides = { zh, en }`, taken
/// off here: the entries themselves have no such key).
fn by_id(
    list: &str,
    base: Option<&Value>,
    child: Option<&Value>,
    base_ref: &str,
    errors: &mut Vec<PackError>,
) -> Vec<Value> {
    let base: Vec<Value> = base.and_then(Value::as_array).cloned().unwrap_or_default();
    let child: Vec<Value> = child.and_then(Value::as_array).cloned().unwrap_or_default();
    let id = |v: &Value| text_at(v, "/id").to_owned();
    let strip = |v: &Value| {
        let mut v = v.clone();
        let reason = v.as_object_mut().and_then(|m| m.remove("overrides"));
        (v, reason)
    };
    let mut out = Vec::new();
    for b in &base {
        match child.iter().find(|c| id(c) == id(b)) {
            Some(c) => {
                let (entry, reason) = strip(c);
                if entry != *b {
                    if let Err(e) = reason_given(reason.as_ref(), &format!("{list}.{}", id(b)), base_ref) {
                        errors.push(e);
                    }
                }
                out.push(entry);
            }
            None => out.push(b.clone()),
        }
    }
    for c in child.iter().filter(|c| !base.iter().any(|b| id(b) == id(c))) {
        let (entry, reason) = strip(c);
        if reason.is_some() {
            errors.push(PackError::new(
                format!("{list}.{}.overrides", id(c)),
                format!("overrides nothing: the base `{base_ref}` has no such entry"),
            ));
        }
        out.push(entry);
    }
    out
}

/// A reason is given in both languages, not blank.
fn reason_given(reason: Option<&Value>, place: &str, base_ref: &str) -> Result<(), PackError> {
    if in_both_languages(reason) {
        Ok(())
    } else {
        Err(PackError::new(
            format!("{place}.overrides"),
            format!(
                "`{place}` changes the base `{base_ref}`: say why, in both languages (overrides = {{ zh = \"…\", en = \"…\" }}), citing the county's own clause"
            ),
        ))
    }
}

/// A base's forbidden use stays forbidden for every source it names, and gains no exception.
fn entries_narrowed(base: &Value, resolved: &Map<String, Value>, base_ref: &str, errors: &mut Vec<PackError>) {
    let uses: Vec<Value> = resolved
        .get("uses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let sources = |v: &Value| -> Vec<String> {
        v.get("forbidden_for")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    for b in base.get("uses").and_then(Value::as_array).into_iter().flatten() {
        let id = text_at(b, "/id");
        let banned = sources(b);
        if banned.is_empty() {
            continue;
        }
        if let Some(now) = uses.iter().find(|u| text_at(u, "/id") == id) {
            let kept = sources(now);
            if banned.iter().any(|s| !kept.contains(s)) {
                errors.push(PackError::new(
                    format!("uses.{id}.forbidden_for"),
                    format!(
                        "the base `{base_ref}` forbids `{id}` for {}: a pack may add sources, not lift the ban",
                        banned.join(", ")
                    ),
                ));
            }
        }
        for u in uses
            .iter()
            .filter(|u| u.get("exception_of").and_then(Value::as_str) == Some(id))
        {
            errors.push(PackError::new(
                format!("uses.{}.exception_of", text_at(u, "/id")),
                format!("`{id}` is forbidden by the base `{base_ref}`: a pack may not make exceptions to it"),
            ));
        }
    }
}

/// `[inputs]`: the fields the base requires and those the county adds.
fn merge_inputs(base: Option<&Value>, child: Option<&Value>) -> Option<Value> {
    if base.is_none() && child.is_none() {
        return None;
    }
    let mut fields: Vec<Value> = Vec::new();
    for tree in [base, child].into_iter().flatten() {
        for f in tree.get("allocation").and_then(Value::as_array).into_iter().flatten() {
            if !fields.contains(f) {
                fields.push(f.clone());
            }
        }
    }
    Some(serde_json::json!({ "allocation": fields }))
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
        // Merged in place: a key the base has keeps its place among the base's keys.
        match (key.as_str(), out.get_mut(&key)) {
            ("figure_order", Some(was)) => *was = value,
            (_, Some(was)) => *was = Value::Object(union(Some(was), Some(&value))),
            (_, None) => {
                out.insert(key, value);
            }
        }
    }
    out
}

/// `over` on `under`: tables merged key by key, anything else replaced.
fn deep_merge(under: Value, over: Value) -> Value {
    match (under, over) {
        (Value::Object(mut under), Value::Object(over)) => {
            for (key, value) in over {
                // In place: an overridden key keeps its place among the base's keys.
                match under.get_mut(&key) {
                    Some(was) => *was = deep_merge(std::mem::take(was), value),
                    None => {
                        under.insert(key, value);
                    }
                }
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

    /// A child's table is merged into the base's in place: an overridden key keeps its place
    /// among the base's keys, a new one comes after them (the order `Pack.file` and a bundle
    /// show).
    #[test]
    fn merging_keeps_the_bases_key_order() {
        let merged = deep_merge(
            json!({"cap": 1, "share": {"of": "a", "max": 2}, "basis": 3}),
            json!({"new": 6, "share": {"max": 5}}),
        );
        let keys: Vec<&String> = merged.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["cap", "share", "basis", "new"]);
        let share: Vec<&String> = merged["share"].as_object().unwrap().keys().collect();
        assert_eq!(share, ["of", "max"]);
        assert_eq!(merged["share"]["max"], 5);
    }

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

    /// `child` resolved where the one file there is `name`, holding `tree`.
    fn with_file(child: Value, name: &str, tree: Value) -> Result<Value, PackErrors> {
        let read = |path: &str| if path == name { Ok(tree.clone()) } else { no_files(path) };
        resolve(child, &read)
    }

    fn resolve_with_base(child: Value) -> Result<Value, PackErrors> {
        with_file(child, "base.toml", base())
    }

    #[test]
    fn a_county_inherits_changes_with_a_reason_and_removes() {
        let child = json!({
            "pack": {"id": "county", "version": "2", "extends": "base.toml", "removes": [{"rule": "c", "because": {"zh": "县办法未列", "en": "not in the county's measures"}}]},
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
                "pack.removes.zz.because",
                "pack.removes.zz",
                "rules.a.overrides",
                "rules.a.params.share",
                "rules.b.overrides",
                "rules.b.params.share",
                "rules.b.severity",
                "rules.b.draft_severity"
            ]
        );
    }

    #[test]
    fn a_cycle_an_unknown_base_and_an_unreadable_file_are_named() {
        let looped = |path: &str| Ok(json!({"pack": {"id": "county", "version": "0", "extends": path}, "rules": []}));
        let child = json!({"pack": {"id": "county", "version": "1", "extends": "x.toml"}, "rules": []});
        let e = resolve(child.clone(), &looped).unwrap_err().0;
        assert!(
            e[0].message.contains("cycle: county@1 → county@0 → county@0"),
            "{}",
            e[0].message
        );
        let unknown = json!({"pack": {"id": "c", "version": "1", "extends": "national-1999"}, "rules": []});
        assert!(resolve(unknown, &no_files).unwrap_err().0[0]
            .message
            .contains("neither a base pack"));
        let e = resolve(child, &no_files).unwrap_err().0;
        assert_eq!(e[0].code, PackCode::Read);
    }

    fn national() -> Value {
        json!({
            "pack": {"id": "nat", "version": "1", "abstract": true},
            "uses": [{"id": "land", "label": {"zh": "征地", "en": "land"}, "forbidden_for": ["central"]}],
            "rules": [{"id": "ban", "kind": "forbidden_use", "severity": "error", "params": {"source": "central"}}]
        })
    }

    fn on_national(child: Value) -> Result<Value, PackErrors> {
        with_file(child, "nat.toml", national())
    }

    #[test]
    fn a_base_entry_is_replaced_only_with_a_reason_and_never_lifts_a_ban() {
        let lifted = json!({
            "pack": {"id": "c", "version": "1", "extends": "nat.toml"},
            "uses": [
                {"id": "land", "label": {"zh": "征地", "en": "land"}, "forbidden_for": []},
                {"id": "farm_land", "label": {"zh": "农地", "en": "farm land"}, "exception_of": "land", "clause": "C 1"}
            ],
            "rules": []
        });
        let places: Vec<String> = on_national(lifted)
            .unwrap_err()
            .0
            .into_iter()
            .filter_map(|e| e.place)
            .collect();
        assert_eq!(
            places,
            [
                "uses.land.overrides",
                "uses.land.forbidden_for",
                "uses.farm_land.exception_of"
            ]
        );
        // The same label with a reason, and the ban kept (a source added): accepted.
        let kept = json!({
            "pack": {"id": "c", "version": "1", "extends": "nat.toml"},
            "uses": [{"id": "land", "label": {"zh": "征地拆迁", "en": "land"}, "forbidden_for": ["central", "county"],
                      "overrides": {"zh": "县办法第三条", "en": "the county's article 3"}}],
            "rules": []
        });
        let tree = on_national(kept).unwrap();
        assert!(tree["uses"][0].get("overrides").is_none());
        assert_eq!(tree["uses"][0]["forbidden_for"], json!(["central", "county"]));
    }

    #[test]
    fn a_rebinding_that_leaves_the_base_s_money_unchecked_is_refused() {
        let child = |sources: Value| {
            json!({
                "pack": {"id": "c", "version": "1", "extends": "nat.toml"},
                "sources": sources,
                "rules": [{"id": "ban", "overrides": {"zh": "改绑", "en": "rebound"}, "params": {"source": "county"}}]
            })
        };
        let with_central = child(json!([{"id": "central"}, {"id": "county"}]));
        let e = on_national(with_central).unwrap_err().0;
        assert_eq!(e[0].place.as_deref(), Some("rules.ban.params.source"));
        assert!(on_national(child(json!([{"id": "county"}]))).is_ok());
        let blank = json!({
            "pack": {"id": "c", "version": "1", "extends": "nat.toml"},
            "rules": [{"id": "ban", "overrides": {"zh": " ", "en": "x"}, "severity": "error"}]
        });
        assert_eq!(
            on_national(blank).unwrap_err().0[0].place.as_deref(),
            Some("rules.ban.overrides")
        );
    }

    #[test]
    fn a_new_version_extends_its_previous_one_and_provenance_is_never_written() {
        let v1 = json!({"pack": {"id": "county", "version": "1"}, "rules": [{"id": "r", "kind": "share_cap", "severity": "warning", "params": {"share": "0.2"}}]});
        let read = |path: &str| {
            if path == "v1.toml" {
                Ok(v1.clone())
            } else {
                no_files(path)
            }
        };
        let v2 = json!({"pack": {"id": "county", "version": "2", "extends": "v1.toml", "supersedes": ["county@1"]},
                        "rules": [{"id": "r", "overrides": {"zh": "第二版", "en": "second version"}, "params": {"share": "0.15"}}]});
        let tree = resolve(v2, &read).unwrap();
        assert_eq!(tree["pack"]["bases"], json!(["county@1"]));
        assert_eq!(tree["rules"][0]["params"]["share"], "0.15");
        let forged = json!({"pack": {"id": "c", "version": "1"}, "rules": [{"id": "r", "base": "national-2018@2018"}]});
        assert_eq!(
            resolve(forged, &read).unwrap_err().0[0].place.as_deref(),
            Some("rules.r.base")
        );
        for path in ["/etc/passwd.toml", "../other/base.toml", "C:/x.toml"] {
            let escape = json!({"pack": {"id": "c", "version": "1", "extends": path}, "rules": []});
            let e = resolve(escape, &read).unwrap_err().0;
            assert!(
                e[0].message.contains("inside the pack's directory"),
                "{path}: {}",
                e[0].message
            );
        }
    }

    #[test]
    fn a_tree_of_caps_or_stages_is_narrowed_by_id_never_widened_or_dropped() {
        let base = json!({"pack": {"id": "b", "version": "1", "abstract": true}, "rules": [
            {"id": "caps", "kind": "nested_caps", "severity": "error", "params": {"source": "central", "groups": [
                {"id": "all", "cap": "500.00", "children": [{"id": "centre", "cap": "300.00"}, {"id": "outlets", "cap": "200.00"}]}]}},
            {"id": "stages", "kind": "staged_disbursement", "severity": "error", "params": {"stages": [{"id": "s1", "share": "0.3"}]}}
        ]});
        let read = |path: &str| {
            if path == "b.toml" {
                Ok(base.clone())
            } else {
                no_files(path)
            }
        };
        let child = |groups: Value, stages: Value| {
            json!({"pack": {"id": "c", "version": "1", "extends": "b.toml"}, "rules": [
            {"id": "caps", "overrides": {"zh": "县", "en": "county"}, "params": {"groups": groups}},
            {"id": "stages", "overrides": {"zh": "县", "en": "county"}, "params": {"stages": stages}}]})
        };
        let narrowed = child(
            json!([{"id": "all", "cap": "400.00", "children": [{"id": "centre", "cap": "250.00"}, {"id": "outlets", "cap": "150.00"}]}]),
            json!([{"id": "s1", "share": "0.2"}]),
        );
        assert!(resolve(narrowed, &read).is_ok());
        let widened = child(
            json!([{"id": "all", "cap": "600.00", "children": [{"id": "centre", "cap": "300.00"}]}]),
            json!([{"id": "s1", "share": "0.4"}]),
        );
        let places: Vec<String> = resolve(widened, &read)
            .unwrap_err()
            .0
            .into_iter()
            .filter_map(|e| e.place)
            .collect();
        assert_eq!(
            places,
            [
                "rules.caps.params.groups.all.cap",
                "rules.caps.params.groups.outlets",
                "rules.stages.params.stages.s1.share"
            ]
        );
    }
}
