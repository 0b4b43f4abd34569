//! (c) `add_working_days` for n = 5 and n = 1000, and `working_days_between` over 8 years.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use fundcheck::{Calendar, NaiveDate};

fn workdays(c: &mut Criterion) {
    let calendar = Calendar::embedded().unwrap();
    let start = NaiveDate::from_ymd_opt(2019, 9, 27).unwrap();
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let first = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    c.bench_function("add_working_days/5", |b| {
        b.iter(|| calendar.add_working_days(std::hint::black_box(start), 5))
    });
    c.bench_function("add_working_days/1000", |b| {
        b.iter(|| calendar.add_working_days(std::hint::black_box(start), 1000))
    });
    c.bench_function("working_days_between/8y", |b| {
        b.iter(|| calendar.working_days_between(std::hint::black_box(first), std::hint::black_box(end)))
    });
}

criterion_group!(benches, workdays);
criterion_main!(benches);
