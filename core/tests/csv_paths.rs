//! The CSV reader's fast path (a row of six plain cells under the header in the format's
//! order) and its slow path (every other row, and every row under a header in another order)
//! give the same answer: the same rows, each with its columns swapped under a swapped header,
//! read both ways over cells as people type them.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use fundcheck::{check_bytes, Format, Options, Pack};
use proptest::prelude::*;

fn pack() -> &'static Pack {
    Pack::embedded().expect("embedded pack")
}

/// A cell as people type it: the pack's ids, labels and unknown words, padded, full-width,
/// quoted, blank, and amounts in every written form.
fn cell(column: usize) -> impl Strategy<Value = String> {
    let words: &[&str] = match column {
        0 => &["P1", "项目甲", "P0000123", " P2", "P3 ", "", "\"P,4\""],
        1 => &[
            "training",
            "public_service_center",
            "logistics",
            "培训",
            "ｔｒａｉｎｉｎｇ",
            " training",
            "nope",
            "",
            "trainin",
        ],
        2 => &["provincial", "city", "省级", " city", "citz", "", "provincial\""],
        3 => &[
            "1.00",
            "90765.51",
            "0.00",
            "12",
            "12.5",
            "1.234",
            "-3.00",
            "1,200.00",
            "１２.００",
            " 5.00",
            "5.00 ",
            "",
            "999999999999999.99",
            "9999999999999999.99",
            "50万",
            "1e3",
            ".50",
            "5.",
        ],
        4 => &[
            "equipment",
            "traffic_purchase",
            "catering",
            "设备",
            "brand_promotion ",
            "",
            "Equipment",
            "新用途",
        ],
        _ => &["true", "false", "1", "0", "yes", "NO", "是", "否", " true", "maybe", ""],
    };
    // Mostly the first two (well formed, so that whole plans take the fast path), else any.
    let plain = words[..2].to_vec();
    prop_oneof![
        3 => proptest::sample::select(plain).prop_map(str::to_owned),
        1 => proptest::sample::select(words).prop_map(str::to_owned),
    ]
}

fn row() -> impl Strategy<Value = Vec<String>> {
    (cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)).prop_map(|(a, b, c, d, e, f)| vec![a, b, c, d, e, f])
}

fn csv(header: &[&str], rows: &[Vec<String>], order: &[usize], ends: &str) -> String {
    let mut out = order.iter().map(|i| header[*i]).collect::<Vec<_>>().join(",");
    out.push_str(ends);
    for row in rows {
        out.push_str(&order.iter().map(|i| row[*i].as_str()).collect::<Vec<_>>().join(","));
        out.push_str(ends);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_and_the_slow_reading_of_rows_agree(
        rows in proptest::collection::vec(row(), 1..12),
        crlf in any::<bool>(),
        is_final in any::<bool>(),
        threads in 1usize..4,
    ) {
        let header = ["project", "category", "source", "amount", "use", "upward"];
        let ends = if crlf { "\r\n" } else { "\n" };
        let fast = csv(&header, &rows, &[0, 1, 2, 3, 4, 5], ends);
        // The same columns in another order: no row may take the fast path.
        let slow = csv(&header, &rows, &[1, 0, 2, 3, 5, 4], ends);
        let options = Options { format: Format::Csv, is_final, threads, ..Options::default() };
        let one = check_bytes(fast.as_bytes(), pack(), &options);
        let other = check_bytes(slow.as_bytes(), pack(), &options);
        prop_assert_eq!(one, other, "{}", fast);
    }
}
