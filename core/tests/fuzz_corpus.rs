//! The fuzz corpus as regression tests: every input kept in `fuzz/corpus/<target>/` (minimized
//! with `cargo fuzz cmin`) and every crash input saved in `fuzz/regressions/<target>/` runs
//! through what its fuzz target runs (`fuzz/fuzz_targets/<target>.rs`), without nightly or
//! sanitizers, on every `cargo test`, with the targets' own invariants
//! (`fuzz/fuzz_targets/invariants.rs`). A panic here is a regression. Built without the
//! core's default features (as the WebAssembly package builds it), the JSON and CSV inputs
//! still run, through the readers that build has; the one-pass reader's check and the TOML
//! targets need their features.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use fundcheck::{check_bytes, Encoding, Format, Lang, NaiveDate, Options, Pack};

#[path = "../../fuzz/fuzz_targets/invariants.rs"]
mod invariants;
#[cfg(feature = "one-pass")]
#[path = "../../fuzz/fuzz_targets/stream_invariants.rs"]
mod stream_invariants;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The inputs kept for one target: its corpus and its regressions.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for kind in ["corpus", "regressions"] {
        let dir = fuzz_dir().join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out
}

fn pack() -> &'static Pack {
    Pack::embedded().expect("embedded pack")
}

#[test]
fn json_document_inputs() {
    let inputs = inputs("json_document");
    assert!(!inputs.is_empty(), "fuzz/corpus/json_document is empty");
    for (path, data) in inputs {
        for (lang, as_of) in [(Lang::Zh, None), (Lang::En, NaiveDate::from_ymd_opt(2020, 6, 20))] {
            let options = Options {
                lang,
                as_of,
                ..Options::default()
            };
            let answer = check_bytes(&data, pack(), &options);
            invariants::check_answer(&answer, lang);
            let text = match &answer {
                Ok(report) => report.to_json(),
                Err(errors) => errors.to_json(lang),
            };
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
            invariants::host_reads_as_text(&data, pack(), &options);
            #[cfg(feature = "one-pass")]
            stream_invariants::stream_reads_as_tree(&data, pack(), &options);
        }
    }
}

#[test]
fn allocation_csv_inputs() {
    let inputs = inputs("allocation_csv");
    assert!(!inputs.is_empty(), "fuzz/corpus/allocation_csv is empty");
    for (_, data) in inputs {
        for (encoding, is_final) in [(Encoding::Utf8, false), (Encoding::Gb18030, true)] {
            let options = Options {
                format: Format::Csv,
                encoding,
                is_final,
                ..Options::default()
            };
            let answer = check_bytes(&data, pack(), &options);
            invariants::check_answer(&answer, Lang::Zh);
            let threaded = check_bytes(&data, pack(), &Options { threads: 3, ..options });
            invariants::same_answer(&answer, &threaded, Lang::Zh);
        }
    }
}

#[cfg(feature = "toml")]
#[test]
fn pack_toml_inputs() {
    const EXAMPLE: &[u8] = include_bytes!("../../examples/application-service-stations.json");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let read = |name: &str| std::fs::read_to_string(rules.join(name)).map_err(|e| e.to_string());
    let inputs = inputs("pack_toml");
    assert!(!inputs.is_empty(), "fuzz/corpus/pack_toml is empty");
    let mut built = 0;
    for (path, data) in inputs {
        let Ok(text) = std::str::from_utf8(&data) else { continue };
        match Pack::from_toml(text, &read) {
            Ok(pack) => {
                built += 1;
                let _ = check_bytes(EXAMPLE, &pack, &Options::default()).map(|r| r.to_json());
            }
            Err(errors) => assert!(!errors.0.is_empty(), "{}: no pack errors", path.display()),
        }
    }
    assert!(built > 0, "no input of fuzz/corpus/pack_toml builds a pack");
}

#[cfg(feature = "toml")]
#[test]
fn calendar_file_inputs() {
    let base = fundcheck::Calendar::embedded().unwrap();
    let inputs = inputs("calendar_file");
    assert!(!inputs.is_empty(), "fuzz/corpus/calendar_file is empty");
    for (_, data) in inputs {
        let Ok(text) = std::str::from_utf8(&data) else { continue };
        if let Ok(calendar) = base.with_file("2027.toml", text) {
            let (first, last) = (calendar.first(), calendar.last());
            let _ = calendar.add_working_days(first, 10_000);
            let _ = calendar.working_days_between(first, last);
            let _ = calendar.is_working_day(NaiveDate::from_ymd_opt(2027, 10, 1).unwrap_or(last));
        }
    }
}
