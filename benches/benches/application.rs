//! (a) One full application through every rule: from a parsed document, and from JSON bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use fundcheck::{check, check_bytes, parse, Lang, Options, Pack};

fn application(c: &mut Criterion) {
    let pack = Pack::embedded().unwrap();
    let bytes = std::fs::read(fundcheck_benches::data_dir().join("application.json")).unwrap();
    let options = Options {
        lang: Lang::Zh,
        ..Options::default()
    };
    let document = parse(&bytes, pack, &options).unwrap();
    c.bench_function("application/parsed", |b| {
        b.iter(|| check(std::hint::black_box(&document), pack, &options))
    });
    c.bench_function("application/json", |b| {
        b.iter(|| check_bytes(std::hint::black_box(&bytes), pack, &options))
    });
    c.bench_function("application/json+canonical", |b| {
        b.iter(|| check_bytes(std::hint::black_box(&bytes), pack, &options).map(|r| r.to_json()))
    });
}

criterion_group!(benches, application);
criterion_main!(benches);
