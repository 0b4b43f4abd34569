//! The shared error vectors (`tests/errors/`) through the core's FFI surface, as the CLI and
//! the bindings call it: options read with JavaScript's spelling, pack parameters applied, the
//! document checked, calendar arguments read; each failure flattened and compared with
//! `expect.error` exactly. The Python and Node runners compare the same objects.

use std::fs;
use std::path::Path;

use fundcheck::ffi::{self, arguments::date_argument, Failure, Spelling};
use fundcheck::{check_bytes, Lang, Pack};
use serde_json::Value;

fn run(case: &Value) -> Option<Failure> {
    let pack = Pack::embedded().ok()?;
    let text = |key: &str| case.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let lang = case
        .get("lang")
        .and_then(Value::as_str)
        .and_then(Lang::parse)
        .unwrap_or(Lang::En);
    match text("call").as_str() {
        "check" => {
            let options = case.get("options").cloned().unwrap_or(Value::Null);
            let request = match ffi::read_options(&options, Spelling::Camel) {
                Ok(r) => r,
                Err((problems, lang)) => return Some(Failure::arguments(&problems, lang)),
            };
            let lang = request.options.lang;
            let adjusted = match request.adjusted(pack) {
                Ok(adjusted) => adjusted,
                Err(e) => return Some(Failure::pack(&e, lang)),
            };
            let pack = adjusted.as_ref().unwrap_or(pack);
            let bytes = match case.get("input_text").and_then(Value::as_str) {
                Some(text) => text.as_bytes().to_vec(),
                None => serde_json::to_vec(case.get("input")?).ok()?,
            };
            check_bytes(&bytes, pack, &request.options)
                .err()
                .map(|e| Failure::input(&e, lang))
        }
        "add_working_days" => {
            let date = match date_argument(&text("date"), "date") {
                Ok(d) => d,
                Err(p) => return Some(Failure::arguments(&[p], Lang::En)),
            };
            let n = u32::try_from(case.get("n")?.as_u64()?).ok()?;
            let calendar = pack.calendar.as_ref()?;
            calendar
                .add_working_days(date, n)
                .err()
                .map(|e| Failure::calendar(&e, lang))
        }
        "working_days_between" => {
            let dates = (date_argument(&text("a"), "a"), date_argument(&text("b"), "b"));
            let (a, b) = match dates {
                (Ok(a), Ok(b)) => (a, b),
                (Err(p), _) | (_, Err(p)) => return Some(Failure::arguments(&[p], Lang::En)),
            };
            let calendar = pack.calendar.as_ref()?;
            calendar
                .working_days_between(a, b)
                .err()
                .map(|e| Failure::calendar(&e, lang))
        }
        _ => None,
    }
}

#[test]
fn every_error_vector_gives_its_error_object() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/errors");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no vectors in {}", dir.display());
    let mut failures = Vec::new();
    for path in names {
        let case: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap_or_default()).unwrap_or(Value::Null);
        assert!(
            case.get("why").and_then(Value::as_str).is_some_and(|w| !w.is_empty()),
            "{}: `why` is required",
            path.display()
        );
        let expected = case.pointer("/expect/error").cloned().unwrap_or(Value::Null);
        let got = run(&case).map(|f| serde_json::from_str::<Value>(&f.to_json()).unwrap_or(Value::Null));
        if got.as_ref() != Some(&expected) {
            failures.push(format!(
                "{}:\n  got      {}\n  expected {expected}",
                path.display(),
                got.unwrap_or(Value::Null)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
