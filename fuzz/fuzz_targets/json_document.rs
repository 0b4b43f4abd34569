//! Any bytes as a JSON document, in both languages, with and without an evaluation date:
//! a report or input errors, never a panic; the same answer twice, and the same again when the
//! document's tree comes through the host reader (`fundcheck::host`) and when the one-pass
//! reader takes its text (`stream_invariants.rs`); a report serialises with money at two
//! decimals and ratios at four (`invariants.rs`).
#![no_main]

use fundcheck::{check_bytes, Lang, NaiveDate, Options, Pack};
use libfuzzer_sys::fuzz_target;

mod invariants;
mod stream_invariants;

fuzz_target!(|data: &[u8]| {
    let Ok(pack) = Pack::embedded() else { return };
    for (lang, as_of) in [(Lang::Zh, None), (Lang::En, NaiveDate::from_ymd_opt(2020, 6, 20))] {
        let options = Options {
            lang,
            as_of,
            ..Options::default()
        };
        let answer = check_bytes(data, pack, &options);
        invariants::check_answer(&answer, lang);
        let again = check_bytes(data, pack, &options);
        assert_eq!(
            answer.as_ref().map(|r| r.to_json()).map_err(|e| e.to_json(lang)),
            again.as_ref().map(|r| r.to_json()).map_err(|e| e.to_json(lang)),
            "the same bytes gave two answers"
        );
        invariants::host_reads_as_text(data, pack, &options);
        stream_invariants::stream_reads_as_tree(data, pack, &options);
    }
});
