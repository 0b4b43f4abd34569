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
