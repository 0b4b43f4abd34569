//! The core's top-level modules import each other without a cycle (ARCHITECTURE.md, "Which
//! way imports go"), and none imports from the crate root's re-exports.
//!
//! Reads every `crate::<module>` of `core/src` (comments stripped), groups the files by their
//! top-level module, and looks for a cycle in the graph of modules. A cycle is reported as the
//! modules it passes through and the file of each import that closes it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `crate::name` references of a source text, comments left out.
fn references(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let tail = &rest[at + "crate::".len()..];
            let name: String = tail.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if let Some(grouped) = tail.strip_prefix('{') {
                // `crate::{a, b::c}`: every name before a `::` or `,`.
                let group = grouped.split('}').next().unwrap_or("");
                for part in group.split(',') {
                    let first = part.trim().split("::").next().unwrap_or("").trim();
                    if !first.is_empty() {
                        names.insert(first.to_string());
                    }
                }
            } else if !name.is_empty() {
                names.insert(name);
            }
            rest = tail;
        }
    }
    names
}

/// Module → (module it imports → a file that imports it).
fn graph() -> (BTreeMap<String, BTreeMap<String, String>>, Vec<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let module_of = |path: &Path| -> Option<String> {
        let relative = path.strip_prefix(&src).ok()?;
        let first = relative.components().next()?.as_os_str().to_str()?.to_string();
        Some(first.trim_end_matches(".rs").to_string())
    };
    let modules: BTreeSet<String> = all.iter().filter_map(|p| module_of(p)).filter(|m| m != "lib").collect();
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut via_root = Vec::new();
    for path in &all {
        let Some(module) = module_of(path) else { continue };
        if module == "lib" {
            continue;
        }
        let text = fs::read_to_string(path).unwrap_or_default();
        let shown = path.strip_prefix(&src).unwrap_or(path).display().to_string();
        for name in references(&text) {
            if name == module {
                continue;
            }
            if modules.contains(&name) {
                edges
                    .entry(module.clone())
                    .or_default()
                    .entry(name)
                    .or_insert_with(|| shown.clone());
            } else {
                via_root.push(format!("{shown}: crate::{name} (import it from its module)"));
            }
        }
    }
    (edges, via_root)
}

fn cycle_from(
    node: &str,
    edges: &BTreeMap<String, BTreeMap<String, String>>,
    stack: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = stack.iter().position(|n| n == node) {
        let mut cycle: Vec<String> = stack.get(at..).unwrap_or_default().to_vec();
        cycle.push(node.to_string());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    stack.push(node.to_string());
    for next in edges.get(node).into_iter().flat_map(|m| m.keys()) {
        if let Some(cycle) = cycle_from(next, edges, stack, done) {
            return Some(cycle);
        }
    }
    stack.pop();
    done.insert(node.to_string());
    None
}

#[test]
fn the_core_modules_import_each_other_without_a_cycle() {
    let (edges, _) = graph();
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        if let Some(cycle) = cycle_from(node, &edges, &mut Vec::new(), &mut done) {
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|w| {
                    let file = edges.get(&w[0]).and_then(|m| m.get(&w[1])).cloned().unwrap_or_default();
                    format!("{} → {} ({file})", w[0], w[1])
                })
                .collect();
            panic!("import cycle among the core's modules:\n  {}", steps.join("\n  "));
        }
    }
}

#[test]
fn no_module_imports_the_crate_roots_re_exports() {
    let (_, via_root) = graph();
    assert!(
        via_root.is_empty(),
        "imports through lib.rs:\n  {}",
        via_root.join("\n  ")
    );
}

#[test]
fn the_reader_finds_grouped_and_nested_imports() {
    let text = "use crate::{pack::Text, report};\nlet x = crate::money::sum(y); // crate::engine\n";
    let names: Vec<String> = references(text).into_iter().collect();
    assert_eq!(names, ["money", "pack", "report"]);
}
