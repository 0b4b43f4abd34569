//! The table reader's fast path (a row of six plain cells, the table having no other
//! allocation column) and its slow path (every row, once the table has one of the optional
//! columns, here left empty) give the same answer, over cells as a DataFrame holds them: the
//! pack's ids, labels and unknown words, padded, full-width and blank texts, amounts as text,
//! as floats (exact to the fen or not, at the edges of the range), as integers, and yes/no
//! cells as booleans or words.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use fundcheck::doc::allocation::LINE_FIELDS;
use fundcheck::doc::table::{read_table, Cell, Columns};
use fundcheck::{Limits, Pack};
use proptest::prelude::*;

/// A cell, owned, as the strategy makes it.
#[derive(Clone, Debug)]
enum Owned {
    Null,
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Decimal(String),
}

impl Owned {
    fn cell(&self) -> Cell<'_> {
        match self {
            Owned::Null => Cell::Null,
            Owned::Text(t) => Cell::Text(t),
            Owned::Integer(n) => Cell::Integer(*n),
            Owned::Float(v) => Cell::Float(*v),
            Owned::Bool(b) => Cell::Bool(*b),
            Owned::Decimal(t) => Cell::Decimal(t),
        }
    }
}

fn texts(words: &'static [&'static str]) -> impl Strategy<Value = Owned> {
    // Mostly the first two (well formed, so that most rows take the fast path), else any.
    prop_oneof![
        3 => proptest::sample::select(&words[..2]).prop_map(|w| Owned::Text(w.to_owned())),
        1 => proptest::sample::select(words).prop_map(|w| Owned::Text(w.to_owned())),
    ]
}

fn amount() -> impl Strategy<Value = Owned> {
    let written: &'static [&'static str] = &[
        "90765.51",
        "1.00",
        "0.00",
        "12",
        "12.5",
        "1.234",
        "-3.00",
        "1,200.00",
        "１２.００",
        " 5.00",
        "",
        "12345678.90",
        "123456789.01",
        "999999999999999.99",
        "9999999999999999.99",
        ".50",
        "5.",
        "00012.34",
        "0000000000012.34",
        "00000.01",
    ];
    // Floats as `read_csv` makes them of `digits.dd`: the double nearest the text.
    prop_oneof![
        3 => (1i64..10_000_000_000)
            .prop_map(|fen| Owned::Float(format!("{}.{:02}", fen / 100, fen % 100).parse().unwrap())),
        2 => proptest::sample::select(written).prop_map(|w| Owned::Text(w.to_owned())),
        // Edge floats: inexact, negative, zero and minus zero, huge, NaN and infinities,
        // subnormal, below a fen, and exact to the fen at and past 2^33 yuan.
        1 => proptest::sample::select(&[
            0.300_000_000_000_000_04, -1.5, 0.0, -0.0, 1e300, f64::NAN, f64::INFINITY, f64::NEG_INFINITY,
            5e-324, 0.004, 0.01, 8589934592.0, 8589934592.25, 17179869184.5, 999999999999999.9,
        ][..])
            .prop_map(Owned::Float),
        1 => (-5i64..100_000_000).prop_map(Owned::Integer),
        1 => proptest::sample::select(&["1.250", "7.00", "0.001", "3"][..]).prop_map(|w| Owned::Decimal(w.to_owned())),
        1 => Just(Owned::Null),
    ]
}

fn upward() -> impl Strategy<Value = Owned> {
    prop_oneof![
        3 => any::<bool>().prop_map(Owned::Bool),
        1 => proptest::sample::select(&["true", "0", "是", "NO", " yes", "maybe", ""][..]).prop_map(|w| Owned::Text(w.to_owned())),
        1 => (0i64..3).prop_map(Owned::Integer),
        1 => Just(Owned::Null),
    ]
}

fn row() -> impl Strategy<Value = [Owned; 6]> {
    (
        texts(&["P1", "项目甲", " P2", "P3 ", "", "P0000123"]),
        texts(&[
            "training",
            "public_service_center",
            "培训",
            "ｔｒａｉｎｉｎｇ",
            " training",
            "nope",
            "",
        ]),
        texts(&["provincial", "city", "省级", " city", "citz", ""]),
        amount(),
        texts(&[
            "equipment",
            "traffic_purchase",
            "catering",
            "设备",
            "brand_promotion ",
            "",
            "Equipment",
            "新用途",
        ]),
        upward(),
    )
        .prop_map(|(a, b, c, d, e, f)| [a, b, c, d, e, f])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_and_the_slow_reading_of_rows_agree(rows in proptest::collection::vec(row(), 1..12), is_final in any::<bool>()) {
        let pack = Pack::embedded().unwrap();
        let cell = |row: usize, column: usize| rows[row].get(column).map_or(Cell::Null, Owned::cell);
        let fast = Columns::all();
        // One optional column present (and empty): no row may take the fast path.
        let mut slow = Columns::all();
        slow.present[LINE_FIELDS.len() - 1] = true;
        let limits = Limits::default();
        let one = read_table(rows.len(), cell, &fast, is_final, pack.vocabularies(), &limits);
        let other = read_table(rows.len(), cell, &slow, is_final, pack.vocabularies(), &limits);
        prop_assert_eq!(one, other);
    }
}
