//! Any bytes as an allocation CSV, as UTF-8 and as GB18030, draft and final: a report or input
//! errors, never a panic; a report serialises with money at two decimals and ratios at four
//! (`invariants.rs`); read in chunks on three threads (the path of a large plan), the same
//! answer as on one.
#![no_main]

use fundcheck::{check_bytes, Encoding, Format, Lang, Options, Pack};
use libfuzzer_sys::fuzz_target;

mod invariants;

fuzz_target!(|data: &[u8]| {
    let Ok(pack) = Pack::embedded() else { return };
    for (encoding, is_final) in [(Encoding::Utf8, false), (Encoding::Gb18030, true)] {
        let options = Options {
            format: Format::Csv,
            encoding,
            is_final,
            ..Options::default()
        };
        let answer = check_bytes(data, pack, &options);
        invariants::check_answer(&answer, Lang::Zh);
        let threaded = check_bytes(data, pack, &Options { threads: 3, ..options });
        invariants::same_answer(&answer, &threaded, Lang::Zh);
    }
});
