#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

//! Runs every shared vector in `tests/vectors/` through the library and through the
//! `fundcheck` binary, and checks both against the vector's expectations (worked out by hand)
//! and against each other (the same canonical bytes).

use std::path::{Path, PathBuf};
use std::process::Command;

use fundcheck::{Encoding, Format, Lang, Options, Pack};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Case {
    file: String,
    name: String,
    bytes: Vec<u8>,
    csv: bool,
    as_of: Option<String>,
    lang: Option<String>,
    is_final: bool,
    pack: Option<String>,
    params: Vec<(String, Value)>,
    /// Calendar year files to add (paths from the repository root), as `--calendar`.
    calendar: Vec<String>,
    expect: Value,
}

fn b64(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let Some(v) = alphabet.iter().position(|a| *a == c) else {
            continue;
        };
        buffer = (buffer << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

fn load_cases() -> Vec<Case> {
    let dir = root().join("tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let items = match parsed {
            Value::Array(items) => items,
            one => vec![one],
        };
        for v in items {
            let name = v["name"].as_str().unwrap_or("?").to_string();
            assert!(
                v["why"].as_str().is_some_and(|w| !w.is_empty()),
                "{file}: `why` is required"
            );
            let bytes = if let Some(t) = v.get("input_text").and_then(Value::as_str) {
                t.as_bytes().to_vec()
            } else if let Some(t) = v.get("input_b64").and_then(Value::as_str) {
                b64(t)
            } else {
                serde_json::to_string(&v["input"]).unwrap_or_default().into_bytes()
            };
            cases.push(Case {
                file: file.clone(),
                name,
                bytes,
                csv: v.get("format").and_then(Value::as_str) == Some("csv"),
                as_of: v.get("as_of").and_then(Value::as_str).map(String::from),
                lang: v.get("lang").and_then(Value::as_str).map(String::from),
                is_final: v.get("final").and_then(Value::as_bool).unwrap_or(false),
                pack: v.get("pack").and_then(Value::as_str).map(String::from),
                params: v
                    .get("params")
                    .and_then(Value::as_object)
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default(),
                calendar: v
                    .get("calendar")
                    .and_then(Value::as_array)
                    .map(|items| items.iter().filter_map(Value::as_str).map(String::from).collect())
                    .unwrap_or_default(),
                expect: v["expect"].clone(),
            });
        }
    }
    cases
}

fn load_pack(path: &str) -> Pack {
    let full = root().join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_default();
    let dir = full.parent().map(Path::to_path_buf).unwrap_or_default();
    let read = move |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string());
    Pack::from_toml(&text, &read).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The outcome of one face: the canonical report or the input errors, and the exit code.
#[derive(Debug, PartialEq)]
struct Outcome {
    exit: i64,
    report: Option<String>,
    input_errors: Option<Value>,
}

fn via_library(case: &Case) -> Outcome {
    via_library_on(case, 0)
}

/// The library's answer with `threads` as `Options::threads` (3 reads even a small CSV plan in
/// chunks on three threads, the path of a large plan).
fn via_library_on(case: &Case, threads: usize) -> Outcome {
    let loaded;
    let pack = match &case.pack {
        Some(p) => {
            loaded = load_pack(p);
            &loaded
        }
        None => Pack::embedded().unwrap_or_else(|e| panic!("{e}")),
    };
    let changed;
    let pack = if case.params.is_empty() {
        pack
    } else {
        changed = pack
            .with_params(&case.params)
            .unwrap_or_else(|e| panic!("{}: params: {e}", case.name));
        &changed
    };
    let calendared;
    let pack = if case.calendar.is_empty() {
        pack
    } else {
        let files: Vec<(String, String)> = case
            .calendar
            .iter()
            .map(|p| (p.clone(), std::fs::read_to_string(root().join(p)).unwrap_or_default()))
            .collect();
        calendared = pack
            .with_calendar_files(&files)
            .unwrap_or_else(|e| panic!("{}: calendar: {e}", case.name));
        &calendared
    };
    let options = Options {
        as_of: case.as_of.as_deref().and_then(fundcheck::decode::parse_date),
        lang: case.lang.as_deref().and_then(Lang::parse).unwrap_or_default(),
        is_final: case.is_final,
        format: if case.csv { Format::Csv } else { Format::Json },
        encoding: Encoding::Utf8,
        threads,
        ..Options::default()
    };
    match fundcheck::check_bytes(&case.bytes, pack, &options) {
        Ok(report) => Outcome {
            exit: if report.ok() { 0 } else { 1 },
            report: Some(report.to_json()),
            input_errors: None,
        },
        Err(errors) => Outcome {
            exit: 2,
            report: None,
            input_errors: serde_json::from_str(&errors.to_json(options.lang)).ok(),
        },
    }
}

fn via_cli(case: &Case) -> Outcome {
    let dir = std::env::temp_dir().join(format!("fundcheck-vectors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let stem: String = format!("{}-{}", case.file, case.name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let input = dir.join(format!("{stem}.{}", if case.csv { "csv" } else { "json" }));
    std::fs::write(&input, &case.bytes).unwrap_or_default();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fundcheck"));
    cmd.arg("check").arg(&input).args(["--format", "json"]);
    if let Some(d) = &case.as_of {
        cmd.args(["--as-of", d]);
    }
    if let Some(l) = &case.lang {
        cmd.args(["--lang", l]);
    }
    if case.is_final {
        cmd.arg("--final");
    }
    if let Some(p) = &case.pack {
        cmd.arg("--pack").arg(root().join(p));
    }
    for (key, value) in &case.params {
        cmd.arg("--param").arg(format!("{key}={value}"));
    }
    for path in &case.calendar {
        cmd.arg("--calendar").arg(root().join(path));
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run fundcheck: {e}"));
    let _ = std::fs::remove_file(&input);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let exit = i64::from(out.status.code().unwrap_or(-1));
    if exit == 2 {
        assert!(
            stdout.is_empty(),
            "{}: input errors must print nothing on stdout",
            case.name
        );
        let parsed: Value = serde_json::from_str(stderr.trim()).unwrap_or(Value::Null);
        return Outcome {
            exit,
            report: None,
            input_errors: Some(parsed["error"]["errors"].clone()),
        };
    }
    Outcome {
        exit,
        report: Some(stdout.trim_end_matches('\n').to_string()),
        input_errors: None,
    }
}

fn subset(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().all(|(k, v)| a.get(k).is_some_and(|av| subset(v, av))),
        _ => expected == actual,
    }
}

/// Every way the outcome differs from the vector's expectations.
fn problems(case: &Case, outcome: &Outcome) -> Vec<String> {
    let mut problems = Vec::new();
    let e = &case.expect;
    if let Some(exit) = e.get("exit").and_then(Value::as_i64) {
        if exit != outcome.exit {
            problems.push(format!("exit {} (expected {exit})", outcome.exit));
        }
    }
    if let Some(expected) = e.get("input_errors") {
        let actual: Vec<Value> = outcome
            .input_errors
            .as_ref()
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let wanted = expected.as_array().cloned().unwrap_or_default();
        let same = wanted.len() == actual.len() && wanted.iter().zip(&actual).all(|(w, a)| subset(w, a));
        if !same {
            problems.push(format!("input_errors {} (expected {expected})", Value::Array(actual)));
        }
    }
    let report: Value = outcome
        .report
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or(Value::Null);
    if let Some(expected) = e.get("report") {
        let expected_text = serde_json::to_string(expected).unwrap_or_default();
        if outcome.report.as_deref() != Some(expected_text.as_str()) {
            problems.push(format!(
                "report\n  got      {}\n  expected {expected_text}",
                outcome.report.as_deref().unwrap_or("(none)")
            ));
        }
    }
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    for wanted in e
        .get("findings_include")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if !findings.iter().any(|f| subset(wanted, f)) {
            problems.push(format!("no finding like {wanted}"));
        }
    }
    for rule in e.get("rules_absent").and_then(Value::as_array).into_iter().flatten() {
        if findings.iter().any(|f| &f["rule"] == rule) {
            problems.push(format!("rule {rule} should be silent"));
        }
    }
    if let Some(Value::Object(figures)) = e.get("figures") {
        for (name, value) in figures {
            let actual = &report["figures"][name];
            let same = actual == value || (value.is_null() && report["figures"].get(name).is_none());
            if !same {
                problems.push(format!("figure {name} = {actual} (expected {value})"));
            }
        }
    }
    if !problems.is_empty() && outcome.report.is_some() {
        let report = outcome.report.as_deref().unwrap_or("");
        let shown = if std::env::var_os("VECTORS_VERBOSE").is_some() {
            report
        } else {
            report.get(..report.len().min(160)).unwrap_or("")
        };
        problems.push(format!("report was {shown}…"));
    }
    problems
}

#[test]
fn every_vector_passes_through_the_library_and_the_cli_alike() {
    let cases = load_cases();
    assert!(!cases.is_empty(), "no vectors found");
    let mut failures = Vec::new();
    for case in &cases {
        let library = via_library(case);
        let cli = via_cli(case);
        if library != cli {
            failures.push(format!(
                "{} / {}: library and CLI differ:\n  lib {library:?}\n  cli {cli:?}",
                case.file, case.name
            ));
            continue;
        }
        if case.csv && via_library_on(case, 3) != library {
            failures.push(format!(
                "{} / {}: read in chunks on three threads, the answer differs",
                case.file, case.name
            ));
            continue;
        }
        let found = problems(case, &library);
        if !found.is_empty() {
            failures.push(format!("{} / {}:\n  {}", case.file, case.name, found.join("\n  ")));
        }
    }
    println!("{} vectors, {} failing", cases.len(), failures.len());
    assert!(
        failures.is_empty(),
        "{} of {} vectors fail:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
