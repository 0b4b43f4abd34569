//! (b) Allocations of 100,000 and 1,000,000 lines, from CSV bytes to a report: the plan with
//! every rule at work (62,688 warnings in a million lines) and the quiet plan (every use known,
//! one line in a thousand forbidden), with the default reading threads (two a core, at most four)
//! and on the calling thread alone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fundcheck::{check_bytes, Format, Options, Pack};

fn allocation(c: &mut Criterion) {
    let pack = Pack::embedded().unwrap();
    let mut group = c.benchmark_group("allocation_csv");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let plans = [
            ("", fundcheck_benches::allocation_csv(n).unwrap()),
            ("quiet/", fundcheck_benches::quiet_allocation_csv(n).unwrap()),
        ];
        for (name, path) in plans {
            let bytes = std::fs::read(path).unwrap();
            group.throughput(Throughput::Elements(n as u64));
            for (suffix, threads) in [("", 0), ("/1-thread", 1)] {
                let options = Options {
                    format: Format::Csv,
                    threads,
                    ..Options::default()
                };
                group.bench_function(format!("{name}{n}{suffix}"), |b| {
                    b.iter(|| check_bytes(std::hint::black_box(&bytes), pack, &options).unwrap())
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, allocation);
criterion_main!(benches);
