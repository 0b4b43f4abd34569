//! Money: exact decimal yuan with at most two places (fen), over `rust_decimal`.
//!
//! Amounts come in as strings (`"1200000.00"`) or as JSON numbers judged by their shortest
//! round-trip decimal form. Nothing here ever goes through binary floating point arithmetic:
//! a JSON number is turned into its decimal text first and parsed from there.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// The fen of an amount written the commonest way, `digits.dd` with at most fifteen digits
/// before the point (`1234.50` → 123450): what `Money::parse` makes of it, without its loop.
pub(crate) fn plain_fen(text: &[u8]) -> Option<i64> {
    let [whole @ .., b'.', d1, d2] = text else {
        return None;
    };
    if whole.is_empty() || whole.len() > 15 {
        return None;
    }
    let (d1, d2) = (d1.wrapping_sub(b'0'), d2.wrapping_sub(b'0'));
    if d1 > 9 || d2 > 9 {
        return None;
    }
    // Five to eight digits (the commonest amounts): the text's first eight bytes hold them.
    let yuan = match (whole.len(), text.first_chunk::<8>()) {
        (5..=8, Some(first)) => eight_digits(*first, whole.len())?,
        _ => whole.iter().try_fold(0i64, |n, byte| {
            let digit = byte.wrapping_sub(b'0');
            (digit <= 9).then_some(n * 10 + i64::from(digit))
        })?,
    };
    Some(yuan * 100 + i64::from(d1) * 10 + i64::from(d2))
}

/// The number the first `len` (1 to 8) of eight bytes write as ASCII digits, read a word at a
/// time: each byte less `0`, the bytes past `len` shifted out (the first digit is the lowest
/// byte, so `0`s come in before it), every byte checked to be a digit at once, then pairs, fours
/// and eights of digits combined by three multiplications. `None` when a byte is not a digit.
fn eight_digits(bytes: [u8; 8], len: usize) -> Option<i64> {
    let shift = u32::try_from(8usize.checked_sub(len)? * 8).ok().filter(|s| *s < 64)?;
    // A byte below `0` borrows from the bytes after it, but is itself left at 0x80 or more.
    let word = u64::from_le_bytes(bytes).wrapping_sub(0x3030_3030_3030_3030) << shift;
    // A byte above 9 reaches 0x80 when 0x76 is added.
    if (word | word.wrapping_add(0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    let pairs = (word.wrapping_mul(10) + (word >> 8)) & 0x00FF_00FF_00FF_00FF;
    let fours = (pairs.wrapping_mul(100) + (pairs >> 16)) & 0x0000_FFFF_0000_FFFF;
    let eights = (fours.wrapping_mul(10_000) + (fours >> 32)) & 0xFFFF_FFFF;
    i64::try_from(eights).ok()
}

/// An exact amount of money in yuan, with at most two decimal places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

/// Why a text is not an amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyProblem {
    /// Not a plain decimal number (`12.5`, `-3`, `1200000.00`).
    NotDecimal,
    /// More than two decimal places.
    TooManyPlaces,
    /// Larger than the exact decimal range.
    OutOfRange,
    /// A JSON number with more than 15 significant digits: it must be written as a string.
    TooManyDigits,
    /// Commas that are not thousands separators between groups of three (`1200,50`,
    /// `1.200.000,00`).
    Grouping,
    /// A unit other than yuan (`50万`).
    Unit,
    /// A float of a table that is not exact to the fen (the result of arithmetic).
    FloatNotFen,
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// The amount as an exact decimal.
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// An amount of whole fen (0 past the decimal range, which the readers never let a sum reach).
    pub fn from_fen(fen: i128) -> Money {
        Decimal::try_from_i128_with_scale(fen, 2).map(Money).unwrap_or_default()
    }

    /// The amount of `fen` as [`plain_fen`] reads it (at most fifteen digits before the point:
    /// always within the range).
    pub(crate) fn from_plain_fen(fen: i64) -> Money {
        Money(Decimal::new(fen, 2))
    }

    /// Wraps a decimal, rounding it half away from zero to the fen.
    pub fn from_decimal_rounded(value: Decimal) -> Money {
        Money(value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Parses a plain decimal text: an optional `-`, digits, and at most two decimals.
    /// One pass over the bytes, no intermediate allocation (a million CSV lines go through it).
    pub fn parse(text: &str) -> Result<Money, MoneyProblem> {
        if let Some(fen) = plain_fen(text.as_bytes()) {
            return Ok(Money(Decimal::new(fen, 2)));
        }
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut mantissa: i128 = 0;
        let (mut whole, mut places, mut in_fraction, mut significant) = (0usize, 0u32, false, 0usize);
        for byte in digits.bytes() {
            match byte {
                b'0'..=b'9' => {
                    if in_fraction {
                        places += 1;
                    } else {
                        whole += 1;
                    }
                    if mantissa > 0 || byte != b'0' {
                        significant += 1;
                    }
                    if significant > 28 {
                        return Err(MoneyProblem::OutOfRange);
                    }
                    mantissa = mantissa * 10 + i128::from(byte - b'0');
                }
                b'.' if !in_fraction => in_fraction = true,
                _ => return Err(MoneyProblem::NotDecimal),
            }
        }
        if whole == 0 || (in_fraction && places == 0) {
            return Err(MoneyProblem::NotDecimal);
        }
        // Judged as written: `1.500` has three places, even if the last is a zero.
        if places > 2 {
            return Err(MoneyProblem::TooManyPlaces);
        }
        let signed = if negative { -mantissa } else { mantissa };
        Decimal::try_from_i128_with_scale(signed, places)
            .map(Money)
            .map_err(|_| MoneyProblem::OutOfRange)
    }

    /// The amount a float holds when it is plainly a positive whole number of fen below 2^33
    /// yuan (the double nearest `fen / 100`, strictly): what reading its
    /// shortest decimal text gives, since no other number of at most two decimals lies within
    /// its rounding interval, so that text is `fen / 100`. `None` for any other float, which the
    /// caller reads the general way. Only integer arithmetic, on the float's bits.
    pub fn from_float_fen(value: f64) -> Option<Money> {
        Money::float_fen(value).map(Money::from_plain_fen)
    }

    /// The fen of a positive double that is the nearest double to a whole number of fen
    /// below 2^33 yuan ([`Money::from_float_fen`] without the decimal).
    pub(crate) fn float_fen(value: f64) -> Option<i64> {
        let bits = value.to_bits();
        let biased = i32::try_from((bits >> 52) & 0x7FF).ok()?;
        // Negative, zero or subnormal, infinite or NaN: the general way.
        if bits >> 63 != 0 || biased == 0 || biased == 0x7FF {
            return None;
        }
        // value = mantissa / 2^shift; 2^33 > value > 2^-8 (below a fen).
        let mantissa = u128::from((bits & ((1 << 52) - 1)) | (1 << 52));
        let shift = u32::try_from(1075 - biased).ok().filter(|s| (20..=60).contains(s))?;
        let hundredfold = mantissa * 100;
        let fen = (hundredfold + (1 << (shift - 1))) >> shift;
        let distance = hundredfold.abs_diff(fen << shift);
        // |value − fen/100| below half the spacing 2^-shift of doubles here (times 100 × 2^shift);
        // below a power of two the spacing halves.
        let below_power_of_two = mantissa == 1 << 52 && fen << shift < hundredfold;
        let half = if below_power_of_two { 25 } else { 50 };
        if fen == 0 || distance >= half {
            return None;
        }
        i64::try_from(fen).ok()
    }

    /// Judges a JSON number by its shortest round-trip decimal form.
    pub fn from_json_number(text: &str) -> Result<Money, MoneyProblem> {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
        if significant > 15 {
            return Err(MoneyProblem::TooManyDigits);
        }
        let (_, frac) = text.split_once('.').unwrap_or((text, ""));
        if frac.len() > 2 {
            return Err(MoneyProblem::TooManyPlaces);
        }
        Money::parse(text)
    }

    pub fn is_positive(self) -> bool {
        // Without a comparison of decimals: a plan's every line asks.
        !self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// `share × self`, rounded half away from zero to the fen (a derived figure).
    pub fn times_share(self, share: Decimal) -> Option<Money> {
        self.0.checked_mul(share).map(Money::from_decimal_rounded)
    }

    /// The larger of the amount and zero.
    pub fn at_least_zero(self) -> Money {
        if self.0 < Decimal::ZERO {
            Money::ZERO
        } else {
            self
        }
    }
}

/// Sums amounts exactly; `None` when the sum leaves the decimal range.
pub fn sum<I: IntoIterator<Item = Money>>(amounts: I) -> Option<Money> {
    amounts
        .into_iter()
        .try_fold(Money::ZERO, |total, amount| total.checked_add(amount))
}

impl fmt::Display for Money {
    /// Always two decimals: `600000.00`, `-0.01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.written_fen() {
            Some(fen) => f.write_str(Written::new(fen, false).as_str()),
            None => {
                let mut value = self.0;
                value.rescale(2);
                write!(f, "{value}")
            }
        }
    }
}

/// The largest amount of money in fen: the decimal range at two places, (2^96 − 1) fen, so
/// every amount and every figure derived from it prints with exactly two decimals.
pub const MAX_FEN: i128 = (1 << 96) - 1;

impl Money {
    /// The amount in whole fen, when it has at most two places and lies within the decimal
    /// range at two places ([`MAX_FEN`]).
    pub fn fen(self) -> Option<i128> {
        let d = self.0;
        let fen = match d.scale() {
            0 => d.mantissa().checked_mul(100),
            1 => d.mantissa().checked_mul(10),
            2 => Some(d.mantissa()),
            _ => None,
        }?;
        (fen.checked_abs()? <= MAX_FEN).then_some(fen)
    }

    /// Its text as [`fmt::Display`] writes it (`600000.00`), written from its fen without the
    /// formatting machinery where it can be.
    pub fn text(self) -> String {
        match self.written_fen() {
            Some(fen) => Written::new(fen, false).as_str().to_owned(),
            None => self.to_string(),
        }
    }

    /// The fen this amount is written from (every amount read, and every derived figure once
    /// rounded), without the decimal's own writer; not negative zero, which that writer
    /// signs.
    fn written_fen(self) -> Option<i128> {
        self.fen().filter(|fen| *fen != 0 || !self.0.is_sign_negative())
    }

    /// Two decimals with thousands separators, as messages write amounts: `7,499,999.99`.
    pub fn grouped(self) -> String {
        match self.written_fen() {
            Some(fen) => Written::new(fen, true).as_str().to_owned(),
            None => group_thousands(&self.to_string()),
        }
    }
}

/// `-1234567.89` as `-1,234,567.89`: the text of an amount with thousands separators.
fn group_thousands(plain: &str) -> String {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut out = String::with_capacity(plain.len() + whole.len() / 3);
    out.push_str(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push('.');
    out.push_str(fraction);
    out
}

/// An amount of whole fen written out on the stack, `-1,234.50` or `-1234.50`: at most 29
/// digits ([`MAX_FEN`]), 9 commas, the sign and the point.
struct Written {
    bytes: [u8; 48],
    start: usize,
}

impl Written {
    fn new(fen: i128, grouped: bool) -> Written {
        let mut w = Written {
            bytes: [b'0'; 48],
            start: 48,
        };
        // Digits from the last: the two of the fen, the point, then the yuan.
        let size = fen.unsigned_abs();
        let cents = u8::try_from(size % 100).unwrap_or(0);
        w.push(b'0' + cents % 10);
        w.push(b'0' + cents / 10);
        w.push(b'.');
        let mut yuan = size / 100;
        let mut count = 0;
        loop {
            // In 64 bits when it fits (the commonest case): there a division by ten is a
            // multiplication.
            let digit = match u64::try_from(yuan) {
                Ok(small) => {
                    yuan = u128::from(small / 10);
                    small % 10
                }
                Err(_) => {
                    let digit = u64::try_from(yuan % 10).unwrap_or(0);
                    yuan /= 10;
                    digit
                }
            };
            if grouped && count > 0 && count % 3 == 0 {
                w.push(b',');
            }
            w.push(b'0' + u8::try_from(digit).unwrap_or(0));
            count += 1;
            if yuan == 0 {
                break;
            }
        }
        if fen < 0 {
            w.push(b'-');
        }
        w
    }

    fn push(&mut self, byte: u8) {
        if let Some(start) = self.start.checked_sub(1) {
            if let Some(slot) = self.bytes.get_mut(start) {
                *slot = byte;
                self.start = start;
            }
        }
    }

    fn as_str(&self) -> &str {
        self.bytes
            .get(self.start..)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

/// Formats a ratio with four decimals, rounded half away from zero (`0.1533`).
pub fn format_ratio(ratio: Decimal) -> String {
    let mut value = ratio.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    value.rescale(4);
    value.to_string()
}

/// Formats a share as a percentage for messages: `0.15` → `15%`, `0.125` → `12.5%`.
pub fn format_percent(share: Decimal) -> String {
    let percent = (share * Decimal::ONE_HUNDRED).normalize();
    format!("{percent}%")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// What `Display` wrote before its whole-fen path: the reference it is held to.
    fn reference_text(money: Money) -> String {
        let mut value = money.0;
        value.rescale(2);
        value.to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn display_writes_what_the_decimal_writes(
            mantissa in -(1i128 << 96) + 1..(1i128 << 96),
            small in -100_000i128..100_000,
            scale in 0u32..6,
            negative_zero in any::<bool>(),
        ) {
            for m in [mantissa, small] {
                let d = Decimal::try_from_i128_with_scale(m, scale).unwrap_or_default();
                prop_assert_eq!(Money(d).to_string(), reference_text(Money(d)));
                prop_assert_eq!(Money(d).text(), reference_text(Money(d)));
            }
            let zero = Decimal::from_parts(0, 0, 0, negative_zero, scale);
            prop_assert_eq!(Money(zero).to_string(), reference_text(Money(zero)));
            prop_assert_eq!(Money(zero).text(), reference_text(Money(zero)));
            for m in [mantissa, small] {
                let money = Money(Decimal::try_from_i128_with_scale(m, scale).unwrap_or_default());
                prop_assert_eq!(money.grouped(), group_thousands(&reference_text(money)));
            }
        }
    }

    /// `plain_fen` as its one loop wrote it before the word-at-a-time reading: the reference.
    fn plain_fen_by_bytes(text: &[u8]) -> Option<i64> {
        let [whole @ .., b'.', d1, d2] = text else {
            return None;
        };
        if whole.is_empty() || whole.len() > 15 {
            return None;
        }
        let mut fen: i64 = 0;
        for byte in whole.iter().chain([d1, d2]) {
            let digit = byte.wrapping_sub(b'0');
            if digit > 9 {
                return None;
            }
            fen = fen * 10 + i64::from(digit);
        }
        Some(fen)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn plain_fen_reads_what_the_byte_loop_reads(
            digits in proptest::collection::vec(b'0'..=b'9', 0..17),
            fraction in proptest::collection::vec(b'0'..=b'9', 0..4),
            spoil in proptest::option::of((any::<usize>(), any::<u8>())),
        ) {
            let mut text = digits.clone();
            text.push(b'.');
            text.extend(&fraction);
            if let Some((at, byte)) = spoil {
                let at = at % text.len();
                text[at] = byte;
            }
            prop_assert_eq!(plain_fen(&text), plain_fen_by_bytes(&text), "{:?}", String::from_utf8_lossy(&text));
        }
    }

    #[test]
    fn plain_fen_refuses_each_byte_that_is_not_a_digit_in_every_place() {
        for len in 1..=15 {
            for at in 0..len {
                for byte in (0..=255u8).filter(|b| !b.is_ascii_digit()) {
                    let mut text = vec![b'7'; len];
                    text[at] = byte;
                    text.extend(b".25");
                    assert_eq!(plain_fen(&text), None, "{text:?}");
                }
            }
            let text = [vec![b'9'; len], b".99".to_vec()].concat();
            assert_eq!(plain_fen(&text), Some(10i64.pow(len as u32 + 2) - 1));
        }
    }

    use super::*;

    fn m(text: &str) -> Money {
        Money::parse(text).unwrap_or_else(|p| unreachable!("{text}: {p:?}"))
    }

    #[test]
    fn parses_plain_decimals() {
        assert_eq!(m("1200000.00").to_string(), "1200000.00");
        assert_eq!(m("12.5").to_string(), "12.50");
        assert_eq!(m("-3").to_string(), "-3.00");
    }

    #[test]
    fn rejects_what_is_not_money() {
        for bad in ["", "1,000", "1e6", " 5", "+5", "1.", ".5", "NaN", "0x10", "１２"] {
            assert_eq!(Money::parse(bad), Err(MoneyProblem::NotDecimal), "{bad}");
        }
        assert_eq!(Money::parse("1.005"), Err(MoneyProblem::TooManyPlaces));
        assert_eq!(Money::parse("1.500"), Err(MoneyProblem::TooManyPlaces));
        assert_eq!(
            Money::parse("100000000000000000000000000000"),
            Err(MoneyProblem::OutOfRange)
        );
    }

    #[test]
    fn json_numbers_are_judged_by_their_digits() {
        assert_eq!(Money::from_json_number("617283.95"), Ok(m("617283.95")));
        assert_eq!(
            Money::from_json_number("1234567890123456"),
            Err(MoneyProblem::TooManyDigits)
        );
        assert_eq!(
            Money::from_json_number("0.30000000000000004"),
            Err(MoneyProblem::TooManyDigits)
        );
    }

    #[test]
    fn half_of_an_odd_fen_rounds_away_from_zero() {
        // Worked example 1: 50% × 1,234,567.89 = 617,283.945 → 617,283.95.
        let half = Decimal::new(5, 1);
        assert_eq!(m("1234567.89").times_share(half), Some(m("617283.95")));
        assert_eq!(m("-1234567.89").times_share(half), Some(m("-617283.95")));
    }

    #[test]
    fn amounts_in_messages_have_thousands_separators() {
        assert_eq!(m("7499999.99").grouped(), "7,499,999.99");
        assert_eq!(m("999.5").grouped(), "999.50");
        assert_eq!(m("1000").grouped(), "1,000.00");
        assert_eq!(m("-100000").grouped(), "-100,000.00");
        assert_eq!(m("0.01").grouped(), "0.01");
    }

    #[test]
    fn ratios_and_percentages() {
        assert_eq!(
            format_ratio(Decimal::from(2_300_000) / Decimal::from(15_000_000)),
            "0.1533"
        );
        assert_eq!(format_ratio(Decimal::new(15, 2)), "0.1500");
        assert_eq!(format_percent(Decimal::new(15, 2)), "15%");
        assert_eq!(format_percent(Decimal::new(125, 3)), "12.5%");
    }
}
