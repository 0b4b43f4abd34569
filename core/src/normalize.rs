//! Inputs as people type them, normalised once for every face (the JSON reader, CSV, table
//! cells and the evaluation date all come through here): codes, amounts and dates — never
//! free text (names, addresses, descriptions) nor project ids, which are kept as typed.
//!
//! - **Width**: only the full-width block U+FF01–U+FF5E maps to ASCII (the digits, letters and
//!   `，．－／` an IME types) and U+3000 to a space. Not NFKC: `①` or `²` never become digits.
//! - **Trim**: surrounding Unicode white space (U+3000 and NBSP included) goes.
//! - **Amounts**: thousands separators only in strict groups of three (`1,200,000.00`; not
//!   `1200,50`, `1,20` or `12,0000`), an optional leading `¥`/`￥` or trailing `元`.
//! - **Dates**: `YYYY-MM-DD`, `YYYY-M-D`, `YYYY/M/D`, `YYYY.M.D` and `YYYY年M月D日`.
//!
//! What stays ambiguous (`1.200.000,00`, `50万`, `。` as a decimal point, `10/12/2020`,
//! `2020-13-01`) is left for the reader to refuse, with a message that says how to write it.

use std::borrow::Cow;

use chrono::NaiveDate;

/// The full-width block an IME types: `！` (U+FF01) to `～` (U+FF5E), each 0xFEE0 above ASCII.
const FULL_WIDTH: std::ops::RangeInclusive<char> = '\u{FF01}'..='\u{FF5E}';
const IDEOGRAPHIC_SPACE: char = '\u{3000}';

fn narrow(c: char) -> char {
    if FULL_WIDTH.contains(&c) {
        char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
    } else if c == IDEOGRAPHIC_SPACE {
        ' '
    } else {
        c
    }
}

/// Two texts are the same: their lengths and first bytes are compared before their bytes (most
/// names that differ, differ there), for the lookups of a key or a name on every document.
#[inline]
pub fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// The text with the full-width block as ASCII and U+3000 as a space.
pub fn width(text: &str) -> Cow<'_, str> {
    // ASCII (most of what is typed) is never in the full-width block: checked a word at a time.
    if text.is_ascii() || text.chars().all(|c| narrow(c) == c) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(narrow).collect())
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// The text without its surrounding white space (any Unicode white space, U+3000 and NBSP too).
pub fn trim(text: &str) -> &str {
    text.trim_matches(is_space)
}

/// Whether `trim` would leave the text as it is (quickly when it starts and ends with a
/// printable ASCII character, as most cells do).
pub fn is_trimmed(text: &str) -> bool {
    has_graphic_ends(text.as_bytes()) || trim(text) == text
}

/// Whether the bytes start and end with a printable ASCII character (so nothing trims them).
pub fn has_graphic_ends(bytes: &[u8]) -> bool {
    matches!((bytes.first(), bytes.last()), (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic())
}

/// Whether a line holds nothing but white space (quickly when it starts with a printable
/// ASCII character).
pub fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(a) if a.is_ascii_graphic() => false,
        _ => text.trim().is_empty(),
    }
}

/// A code (a category, a region, a status) as it is matched: narrowed and trimmed.
pub fn code(text: &str) -> Cow<'_, str> {
    if text.is_ascii() && is_trimmed(text) {
        return Cow::Borrowed(text);
    }
    match width(text) {
        Cow::Borrowed(b) => Cow::Borrowed(trim(b)),
        Cow::Owned(o) => Cow::Owned(trim(&o).to_owned()),
    }
}

/// Why a typed amount cannot be read as one, beyond what `Money::parse` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountShape {
    /// Commas that are not thousands separators between groups of three digits.
    Grouping,
    /// A unit other than yuan (`万`, `亿`, `千`).
    Unit,
}

/// A typed amount as the plain decimal text `Money::parse` reads (`"1,200,000.00元"` →
/// `"1200000.00"`), or why its shape is wrong. A text that is not a plain decimal after
/// this (`1.200.000,00`, `12。5`) is returned as it is, for the parser to refuse.
pub fn amount(text: &str) -> Result<Cow<'_, str>, AmountShape> {
    let narrowed = code(text);
    let mut body: &str = &narrowed;
    for sign in ['¥', '￥'] {
        if let Some(rest) = body.strip_prefix(sign) {
            body = trim(rest);
        }
    }
    if let Some(rest) = body.strip_suffix('元') {
        body = trim(rest);
    }
    if body.contains(['万', '亿', '千']) {
        return Err(AmountShape::Unit);
    }
    // Only a plain number with commas is judged for its grouping; anything else (`+1,000`,
    // `-¥1,000`) is left for the parser, which says it is not an amount.
    let plain_number = body
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'-'));
    if !body.contains(',') || !plain_number {
        return Ok(if body.len() == narrowed.len() {
            narrowed
        } else {
            Cow::Owned(body.to_owned())
        });
    }
    let (whole, fraction) = match body.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (body, None),
    };
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    let mut groups = digits.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    let rest_ok = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if !first_ok || !rest_ok || fraction.is_some_and(|f| f.contains(',')) {
        return Err(AmountShape::Grouping);
    }
    Ok(Cow::Owned(body.replace(',', "")))
}

/// A typed date in one of the accepted forms, when it is a real date.
pub fn date(text: &str) -> Option<NaiveDate> {
    parse_date(text).or_else(|| date_in_any_form(text))
}

/// [`date`] in every accepted form.
fn date_in_any_form(text: &str) -> Option<NaiveDate> {
    let narrowed = code(text);
    let text: &str = &narrowed;
    let (year, month, day) = if let Some(rest) = text.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        (year, month, day)
    } else {
        let separator = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = text.split(separator);
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (year, month, day)
    };
    let number = |part: &str, widths: std::ops::RangeInclusive<usize>| {
        (widths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.bytes().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let year = i32::try_from(number(year, 4..=4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(month, 1..=2)?, number(day, 1..=2)?)
}

/// A real `YYYY-MM-DD` date, exactly in that form: what the pack and the options are written
/// in, and the form most typed dates come in (so [`date`] tries it first).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    // Digits by hand rather than chrono's format parser: exact, and it keeps the parser's
    // machinery out of the WebAssembly module.
    let number = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .map(|digits| digits.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iso_fast_path_gives_what_the_general_forms_give() {
        for text in [
            "2020-06-30",
            "2020-02-30",
            "2020-13-01",
            "0000-01-01",
            "2024-02-29",
            "2023-02-29",
            "2020-00-10",
            "2020-01-00",
            "9999-12-31",
            "2020-6-30",
            "2020/06/30",
            "２０２０-06-30",
            " 2020-06-30",
            "2020-06-3x",
            "2020-06-30 ",
        ] {
            assert_eq!(date(text), date_in_any_form(text), "{text}");
            if let Some(fast) = parse_date(text) {
                assert_eq!(Some(fast), date_in_any_form(text), "{text}");
            }
        }
        assert_eq!(parse_date("2020-06-30"), NaiveDate::from_ymd_opt(2020, 6, 30));
        assert_eq!(parse_date("2020-6-30"), None);
    }

    proptest::proptest! {
        #[test]
        fn every_ten_character_date_reads_the_same_both_ways(y in 0u32..10000, m in 0u32..100, d in 0u32..100) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            proptest::prop_assert_eq!(parse_date(&text), date_in_any_form(&text));
        }
    }

    #[test]
    fn only_the_full_width_block_and_the_ideographic_space_are_narrowed() {
        assert_eq!(width("４１０３８１"), "410381");
        assert_eq!(width("１，２００．５０"), "1,200.50");
        assert_eq!(width("２０２０－０６／３０"), "2020-06/30");
        assert_eq!(width("a\u{3000}b"), "a b");
        // Not NFKC: circled and superscript digits stay what they are.
        assert_eq!(width("①²"), "①²");
        assert!(matches!(width("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn codes_are_narrowed_and_trimmed_of_any_white_space() {
        assert_eq!(code("410381 "), "410381");
        assert_eq!(code("\u{3000}４１０３８１\u{A0}"), "410381");
        assert_eq!(code("\u{FEFF}\ttraining\r\n"), "training");
        assert_eq!(code("Training"), "Training");
    }

    #[test]
    fn amounts_take_separators_in_groups_of_three_and_the_yuan_signs() {
        let ok = |t: &str| amount(t).map(Cow::into_owned);
        assert_eq!(ok("1,200,000.00"), Ok("1200000.00".into()));
        assert_eq!(ok("１２０００００"), Ok("1200000".into()));
        assert_eq!(ok("¥1,280,000.00"), Ok("1280000.00".into()));
        assert_eq!(ok("￥ 500 元"), Ok("500".into()));
        assert_eq!(ok("999"), Ok("999".into()));
        assert_eq!(ok("-1,000"), Ok("-1000".into()));
        for bad in ["1200,50", "1,20", "12,0000", ",100", "1,,000", "1,000.0,0", "1,000,"] {
            assert_eq!(amount(bad), Err(AmountShape::Grouping), "{bad}");
        }
        assert_eq!(amount("50万"), Err(AmountShape::Unit));
        assert_eq!(amount("1.5亿元"), Err(AmountShape::Unit));
        // A decimal comma is not a thousands separator.
        assert_eq!(amount("1.200.000,00"), Err(AmountShape::Grouping));
        // Left for the parser to refuse as not a plain decimal.
        assert_eq!(ok("12。5"), Ok("12。5".into()));
        assert_eq!(ok("1.200.000"), Ok("1.200.000".into()));
        assert_eq!(ok("+1,000"), Ok("+1,000".into()));
        assert_eq!(ok("-¥1,000"), Ok("-¥1,000".into()));
    }

    #[test]
    fn dates_in_the_five_forms() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        for text in [
            "2020-06-30",
            "2020-6-30",
            "2020/6/30",
            "2020.6.30",
            "2020年6月30日",
            "２０２０年６月３０日",
            " 2020/06/30 ",
        ] {
            assert_eq!(date(text), d(2020, 6, 30), "{text}");
        }
        for bad in [
            "10/12/2020",
            "2020-13-01",
            "2020-02-30",
            "2020-6/30",
            "20-6-30",
            "2020-006-30",
            "2020年6月30",
            "2020-06-30T00:00",
            "2020-06-30-01",
            "",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }
}
