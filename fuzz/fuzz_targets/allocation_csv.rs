//! Any bytes as an allocation CSV, as UTF-8 and as GB18030, draft and final: a report or input
//! errors, never a panic; a report serialises with money at two decimals and ratios at four
//! (`invariants.rs`).
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
        invariants::check_answer(&check_bytes(data, pack, &options), Lang::Zh);
    }
});
