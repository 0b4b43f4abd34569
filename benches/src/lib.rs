//! Fixtures shared by the criterion benches and the Python benchmark (`benches/python/`).
//!
//! The large allocations are generated, never committed: `allocation_csv(n)` writes
//! `benches/data/generated/allocation-<n>.csv` once, deterministically, and reuses it.

use std::fmt::Write as _;
use std::path::PathBuf;

/// The folder of the fixtures.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

const CATEGORIES: [&str; 7] = [
    "public_service_center",
    "training",
    "logistics",
    "supply_chain",
    "marketing",
    "service_stations",
    "atmosphere",
];
const USES: [&str; 8] = [
    "equipment",
    "software",
    "facility_renovation",
    "logistics_vehicles",
    "cold_storage",
    "traceability",
    "brand_promotion",
    "catering",
];

/// An allocation of `n` lines as CSV text: a fixed pseudo-random mix of categories, sources,
/// uses (one unknown to the pack: 62,688 warnings in a million lines) and amounts with fen, so
/// every rule has work to do.
pub fn allocation_csv_text(n: usize) -> String {
    generate(n, false)
}

/// The same mix with every use known to the pack and one line in a thousand (from the
/// provincial fund) buying a use the pack forbids: a plan with few findings, as most are.
pub fn quiet_allocation_csv_text(n: usize) -> String {
    generate(n, true)
}

fn generate(n: usize, quiet: bool) -> String {
    let mut out = String::with_capacity(n * 60 + 64);
    out.push_str("project,category,source,amount,use,upward\n");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    // The quiet plan leaves out the last use (`catering`, which the pack does not list).
    let uses = if quiet { USES.len() - 1 } else { USES.len() };
    for i in 0..n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let pick = |k: u64, len: usize| usize::try_from(k % len as u64).unwrap_or(0);
        let category = CATEGORIES
            .get(pick(state, CATEGORIES.len()))
            .copied()
            .unwrap_or("training");
        let forbidden = quiet && i % 1000 == 999;
        let source = if state >> 9 & 1 == 0 || forbidden {
            "provincial"
        } else {
            "city"
        };
        let use_of_funds = if forbidden {
            "traffic_purchase"
        } else {
            USES.get(pick(state >> 13, uses)).copied().unwrap_or("equipment")
        };
        let yuan = (state >> 20) % 99_999 + 1;
        let fen = (state >> 40) % 100;
        let upward = if state >> 50 & 1 == 0 { "true" } else { "false" };
        let _ = writeln!(
            out,
            "P{i:07},{category},{source},{yuan}.{fen:02},{use_of_funds},{upward}"
        );
    }
    out
}

/// The path of the generated `n`-line allocation CSV, written on first use.
pub fn allocation_csv(n: usize) -> std::io::Result<PathBuf> {
    generated(&format!("allocation-{n}.csv"), || allocation_csv_text(n))
}

/// The path of the generated `n`-line quiet allocation CSV (few findings), written on first use.
pub fn quiet_allocation_csv(n: usize) -> std::io::Result<PathBuf> {
    generated(&format!("allocation-quiet-{n}.csv"), || quiet_allocation_csv_text(n))
}

fn generated(name: &str, text: impl FnOnce() -> String) -> std::io::Result<PathBuf> {
    let dir = data_dir().join("generated");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    if !path.exists() {
        std::fs::write(&path, text())?;
    }
    Ok(path)
}
