//! One application (`benches/data/application.json`, zh) checked `N` times in a plain loop, for
//! counting what a check costs with valgrind (`benches/count-per-check`): `parse` (bytes to the
//! document), `parsed` (the check of a parsed document) or `json` (both).
//!
//!     cargo run --release -p fundcheck-benches --example application_loop -- json 20000
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fundcheck::{check, check_bytes, parse, Lang, Options, Pack};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map_or("json", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let pack = Pack::embedded().expect("the embedded pack");
    let bytes = std::fs::read(fundcheck_benches::data_dir().join("application.json")).unwrap();
    let options = Options {
        lang: Lang::Zh,
        ..Options::default()
    };
    let document = parse(&bytes, pack, &options).unwrap();
    let start = std::time::Instant::now();
    let mut findings = 0usize;
    for _ in 0..n {
        findings += match mode {
            "parsed" => check(std::hint::black_box(&document), pack, &options).findings.len(),
            "parse" => usize::from(parse(std::hint::black_box(&bytes), pack, &options).is_ok()),
            _ => check_bytes(std::hint::black_box(&bytes), pack, &options).map_or(0, |r| r.findings.len()),
        };
    }
    // Nanoseconds per check as an integer: timing is not money, but the workspace keeps floats out.
    let each = start.elapsed().as_nanos() / n.max(1) as u128;
    println!("{mode}: {each} ns per check ({findings} findings in all)");
}
