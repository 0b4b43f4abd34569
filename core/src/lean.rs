//! Small helpers written so that the WebAssembly module stays small (issue 17): each does
//! what a generic standard-library routine would, through one instantiation instead of one per
//! call site or per type. Imports nothing of the crate.

use std::cmp::Ordering;

/// A double as plain decimal text: its shortest round-trip digits, never an exponent (`1e21` is
/// `1000000000000000000000`), `NaN`, `inf`, `-inf`. Where two texts of that length are equally
/// near the double, the even one, as Python's `repr` and JavaScript write it (Rust's `{}`
/// writes the other: `-1367764848474897.25` is …`897.2` here, …`897.3` there). Made from the
/// digits serde_json's writer gives (which may carry an exponent), so that the WebAssembly
/// module carries one float formatter, not also the standard library's (20 KB of code).
pub fn float_text(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v.is_sign_negative() { "-inf" } else { "inf" }.into();
    }
    let mut written = Vec::new();
    // Writing into a `Vec` cannot fail.
    let _ = serde_json::ser::Formatter::write_f64(&mut serde_json::ser::CompactFormatter, &mut written, v);
    let written = String::from_utf8(written).unwrap_or_default();
    let (negative, unsigned) = match written.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, written.as_str()),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i64>().unwrap_or(0)),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The digits, and where the point stands among them.
    let digits: String = whole.chars().chain(fraction.chars()).collect();
    let point = i64::try_from(whole.len()).unwrap_or(0) + exponent;
    let leading = i64::try_from(digits.len() - digits.trim_start_matches('0').len()).unwrap_or(0);
    let digits = digits.trim_start_matches('0').trim_end_matches('0');
    let point = point - leading;
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    let count = i64::try_from(digits.len()).unwrap_or(0);
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', usize::try_from(-point).unwrap_or(0)));
        out.push_str(digits);
    } else if point >= count {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', usize::try_from(point - count).unwrap_or(0)));
    } else {
        let (int, frac) = digits.split_at(usize::try_from(point).unwrap_or(0));
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Sorts `items` stably by `cmp`, as `sort_by` does. The sorting itself is one non-generic
/// function over positions ([`stable_order`]); what is generic here is only the comparison
/// and the moving of items into place, a few dozen bytes a call site instead of the standard
/// sort's several kilobytes. Allocates nothing for a slice already in order or of up to 32
/// items (as the standard sort allocates nothing for short slices).
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let (mut small, mut large) = ([0_usize; 32], Vec::new());
    let view: &[T] = items;
    let order = |a: usize, b: usize| match (view.get(a), view.get(b)) {
        (Some(a), Some(b)) => cmp(a, b),
        _ => Ordering::Equal,
    };
    if let Some(order) = order_of(items.len(), &order, &mut small, &mut large) {
        permute(items, order);
    }
}

/// Sorts `items` stably by a key, as `sort_by_key` does (through [`sort_by`]).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably by a key computed once for each, as `sort_by_cached_key` does.
pub fn sort_by_cached_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    let (mut small, mut large) = ([0_usize; 32], Vec::new());
    let order = |a: usize, b: usize| match (keys.get(a), keys.get(b)) {
        (Some(a), Some(b)) => a.cmp(b),
        _ => Ordering::Equal,
    };
    if let Some(order) = order_of(items.len(), &order, &mut small, &mut large) {
        permute(items, order);
    }
}

/// Sorts `items` by their own order (stably, as `sort` does).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..n` in the stable order `cmp` gives them, or `None` when they are in that
/// order already; in `small` for up to 32 positions, else in `large`.
fn order_of<'a>(
    n: usize,
    cmp: &dyn Fn(usize, usize) -> Ordering,
    small: &'a mut [usize; 32],
    large: &'a mut Vec<usize>,
) -> Option<&'a mut [usize]> {
    if (1..n).all(|i| cmp(i - 1, i) != Ordering::Greater) {
        return None;
    }
    let order = match small.get_mut(..n) {
        Some(order) => order,
        None => {
            large.resize(n, 0);
            large.as_mut_slice()
        }
    };
    stable_order(order, cmp);
    Some(order)
}

/// Fills `order` with the positions `0..order.len()` in the stable order `cmp` gives them: the
/// one instantiation of the standard sort that every [`sort_by`] shares.
pub fn stable_order(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    for (k, place) in order.iter_mut().enumerate() {
        *place = k;
    }
    order.sort_by(|a, b| cmp(*a, *b));
}

/// Moves the items so that position `k` holds the item that was at `order[k]`, one cycle of
/// the permutation at a time, by swaps (each swap puts one item in its place); `order[k]` is
/// set to `k` as each place is filled, which marks the cycles done.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut k = start;
        while let Some(slot) = order.get_mut(k) {
            let from = std::mem::replace(slot, k);
            if from == start || from == k || from >= items.len() {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_rust_writes_them() {
        let cases: [(f64, &str); 14] = [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (100.0, "100"),
            (0.1, "0.1"),
            (1.5e-7, "0.00000015"),
            (1e21, "1000000000000000000000"),
            (123_456.789, "123456.789"),
            (-2.5, "-2.5"),
            (3.300_000_000_000_000_3, "3.3000000000000003"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            // -1367764848474897.25 exactly, between two shortest texts: the even one, as
            // Python's `repr` and JavaScript write it (Rust's `{}` writes …897.3).
            (f64::from_bits(14_056_701_896_789_847_109), "-1367764848474897.2"),
        ];
        for (v, text) in cases {
            assert_eq!(float_text(v), text, "{v:e}");
        }
        // The smallest double, 4.9406564584124654e-324, shortest as 5e-324.
        assert_eq!(float_text(5e-324), format!("0.{}5", "0".repeat(323)));
        // f64::MAX is 17976931348623157 followed by 292 zeros.
        assert_eq!(float_text(f64::MAX), format!("17976931348623157{}", "0".repeat(292)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(50_000))]
        #[test]
        fn float_text_is_the_shortest_plain_decimal(bits in proptest::prelude::any::<u64>()) {
            let v = f64::from_bits(bits);
            let (ours, rusts) = (float_text(v), format!("{v}"));
            if v.is_finite() {
                // It reads back as the same double, with no exponent, in as many digits as
                // Rust's own shortest text (which differs only where two are equally near).
                proptest::prop_assert_eq!(ours.parse::<f64>().map(f64::to_bits), Ok(bits));
                proptest::prop_assert!(!ours.contains(['e', 'E']));
                let significant = |t: &str| t.trim_start_matches('-').replace('.', "").trim_matches('0').len();
                proptest::prop_assert_eq!(significant(&ours), significant(&rusts));
                proptest::prop_assert_eq!(ours.len(), rusts.len());
            } else {
                proptest::prop_assert_eq!(ours, rusts);
            }
        }

        #[test]
        fn float_text_of_short_decimals_is_rusts(n in -10_000_000_000_i64..10_000_000_000, places in 0_u32..12) {
            #[allow(clippy::cast_precision_loss, clippy::float_arithmetic)]
            let v = n as f64 / 10_f64.powi(i32::try_from(places).unwrap_or(0));
            proptest::prop_assert_eq!(float_text(v), format!("{v}"));
        }
    }

    proptest::proptest! {
        #[test]
        fn sort_by_is_the_standard_stable_sort(items in proptest::collection::vec((0_u8..6, proptest::prelude::any::<u16>()), 0..200)) {
            // Sorted by the first of each pair only: equal keys keep their order.
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut cached = items.clone();
            sort_by_cached_key(&mut cached, |a| a.0);
            let mut std = items;
            std.sort_by_key(|a| a.0);
            proptest::prop_assert_eq!(&ours, &std);
            proptest::prop_assert_eq!(cached, std);
        }
    }

    #[test]
    fn sorting_keeps_equal_items_in_their_order() {
        let mut items = vec![(2, "a"), (1, "b"), (2, "c"), (0, "d"), (1, "e")];
        sort_by_key(&mut items, |(k, _)| *k);
        assert_eq!(items, [(0, "d"), (1, "b"), (1, "e"), (2, "a"), (2, "c")]);
        let mut words = vec!["pear", "apple", "fig"];
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "pear"]);
        let mut none: Vec<u8> = Vec::new();
        sort(&mut none);
        assert!(none.is_empty());
    }
}
