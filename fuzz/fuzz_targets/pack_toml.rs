//! Any text as a rule pack (with the real calendars): a pack or pack errors, never a panic;
//! a pack that builds checks the example application.
#![no_main]

use fundcheck::{check_bytes, Options, Pack};
use libfuzzer_sys::fuzz_target;

const EXAMPLE: &[u8] = include_bytes!("../../examples/application-service-stations.json");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let read = |name: &str| {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../rules")
                .join(name),
        )
        .map_err(|e| e.to_string())
    };
    if let Ok(pack) = Pack::from_toml(text, &read) {
        let _ = check_bytes(EXAMPLE, &pack, &Options::default()).map(|r| r.to_json());
    }
});
