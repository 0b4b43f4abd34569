//! (b) Allocations of 100,000 and 1,000,000 lines, from CSV bytes to a report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fundcheck::{check_bytes, Format, Options, Pack};

fn allocation(c: &mut Criterion) {
    let pack = Pack::embedded().unwrap();
    let options = Options {
        format: Format::Csv,
        ..Options::default()
    };
    let mut group = c.benchmark_group("allocation_csv");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let bytes = std::fs::read(fundcheck_benches::allocation_csv(n).unwrap()).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| check_bytes(std::hint::black_box(&bytes), pack, &options).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, allocation);
criterion_main!(benches);
