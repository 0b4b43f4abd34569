//! A well-formed application held by a host is read straight into the document
//! (`fundcheck::host::application`, no tree): for every shared vector, that reading is taken
//! exactly when the document is a well-formed application, and gives the report its JSON text
//! gets. The host here is the core's own tree (`host::Parsed`); the Python dict reader is the
//! same code over Python values (`bindings-py/tests/test_dict_reader.py`).
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use fundcheck::host::{application, Parsed};
use fundcheck::{check, check_bytes, Document, Lang, NaiveDate, Options, Pack};
use serde_json::Value;

#[test]
fn every_vector_reads_straight_from_the_host_when_it_is_a_well_formed_application() {
    let pack = Pack::embedded().expect("embedded pack");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let (mut direct, mut general) = (0, 0);
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        // The embedded pack's cases, as a dict would come: the object itself.
        let Some(input) = case.get("input").filter(|i| i.is_object()) else {
            continue;
        };
        if ["pack", "params", "calendar"].iter().any(|k| case.get(*k).is_some()) {
            continue;
        }
        let mut options = Options::default();
        if let Some(lang) = case.get("lang").and_then(Value::as_str) {
            options.lang = Lang::parse(lang).unwrap();
        }
        options.as_of = case
            .get("as_of")
            .and_then(Value::as_str)
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        let bytes = serde_json::to_vec(input).unwrap();
        let from_text = check_bytes(&bytes, pack, &options);
        let tree = fundcheck::json::parse(&bytes, &options.limits).unwrap().into_owned();
        let read = application(&Parsed, &tree, pack.vocabularies(), &options.limits);
        let is_application = input.get("kind") == Some(&Value::from("application"));
        match (&from_text, read) {
            (Ok(report), Some(app)) if is_application => {
                let again = check(&Document::Application(app), pack, &options);
                assert_eq!(again.to_json(), report.to_json(), "{}", path.display());
                direct += 1;
            }
            (Ok(_), None) if is_application => {
                panic!("{}: a well-formed application was not read directly", path.display())
            }
            (_, None) => general += 1,
            (_, Some(_)) => panic!(
                "{}: read directly, but it is not a well-formed application",
                path.display()
            ),
        }
    }
    assert!(direct > 50 && general > 50, "{direct} read directly, {general} not");
}

/// The JSON text of every vector (and of each with its numbers, strings and layout changed
/// in ways the one-pass reader takes or leaves): when the one-pass reader
/// (`doc::stream::application`) takes a text, the tree reads it as the same document.
#[test]
#[cfg(feature = "one-pass")]
fn the_one_pass_reader_reads_what_it_takes_as_the_tree_does() {
    let pack = Pack::embedded().expect("embedded pack");
    let vocab = pack.vocabularies();
    let limits = fundcheck::Limits::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut texts: Vec<Vec<u8>> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let Ok(case) = serde_json::from_str::<Value>(&std::fs::read_to_string(entry.path()).unwrap_or_default()) else {
            continue;
        };
        if let Some(input) = case.get("input") {
            texts.push(serde_json::to_vec(input).unwrap());
            // The same with `kind` first, as people write it.
            if let Some(mut rest) = input.as_object().cloned() {
                if let Some(kind) = rest.remove("kind") {
                    let rest = serde_json::to_string_pretty(&Value::Object(rest)).unwrap();
                    let tail = rest.strip_prefix('{').unwrap_or("}").trim_start();
                    let comma = if tail.starts_with('}') { "" } else { "," };
                    texts.push(format!("{{\"kind\": {kind}{comma} {tail}").into_bytes());
                }
            }
        }
        if let Some(text) = case.get("input_text").and_then(Value::as_str) {
            texts.push(text.as_bytes().to_vec());
        }
    }
    let base = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../benches/data/application.json"))
        .unwrap();
    let amounts = [
        "1",
        "12",
        "0.5",
        "0.10",
        "1234567.89",
        "-5",
        "-0",
        "-0.5",
        "1e3",
        "1E+2",
        "01",
        "1.",
        ".5",
        "123456789012345678",
        "1234567890123456789",
        "0.123456789012345",
        "0.1234567890123456",
        "\"1,200.00\"",
        "\"\\u0031\"",
        "true",
        "null",
        "[]",
    ];
    for amount in amounts {
        for written in [format!("\"proposed\": {amount}"), format!("\"proposed\" :{amount} ")] {
            texts.push(base.replacen("\"proposed\": \"1200000.00\"", &written, 1).into_bytes());
        }
    }
    texts.push(base.replace("\"kind\"", "\"kind\" ").into_bytes());
    texts.push(format!("\u{feff}{base}").into_bytes());
    texts.push(format!("{base} x").into_bytes());
    texts.push(base.replacen('{', "{\"kind\": \"application\", ", 1).into_bytes());
    texts.push(base.replace(": ", ":\t\r\n").into_bytes());
    let mut taken = 0;
    for bytes in &texts {
        let Some(app) = fundcheck::doc::stream::application(bytes, vocab, &limits) else {
            continue;
        };
        let tree = fundcheck::json::parse(bytes, &limits).expect("taken, so the tree reads it");
        let document = fundcheck::doc::from_tree(&tree, vocab, &limits).expect("taken, so well-formed");
        assert_eq!(
            document,
            Document::Application(app),
            "{}",
            String::from_utf8_lossy(bytes)
        );
        taken += 1;
    }
    assert!(taken > 100, "only {taken} of {} texts read in one pass", texts.len());
}
