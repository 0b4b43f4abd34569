//! (d) Building the pack: the Yanshi TOML and its calendars into validators.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use fundcheck::Pack;

fn pack(c: &mut Criterion) {
    let rules = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let text = std::fs::read_to_string(rules.join("yanshi-2019.toml")).unwrap();
    let calendars: Vec<(String, String)> = std::fs::read_dir(rules.join("calendars"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .map(|e| {
            (
                format!("calendars/{}", e.file_name().to_string_lossy()),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    let read = |name: &str| {
        calendars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| format!("no {name}"))
    };
    c.bench_function("pack/build_from_toml", |b| {
        b.iter(|| Pack::from_toml(std::hint::black_box(&text), &read).unwrap())
    });
}

criterion_group!(benches, pack);
criterion_main!(benches);
