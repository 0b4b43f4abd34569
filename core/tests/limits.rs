//! The limits of rules.md "Input validation" (`input.limit`: document size, nesting depth,
//! allocation lines; configurable through `Options::limits`) and the decimal range of money
//! (`input.money`): each hit with small configured limits, through the public API, with the
//! exact code and path.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use fundcheck::doc::allocation::{from_rows, Row};
use fundcheck::{check_bytes, Format, Lang, Limits, Options, Pack};

fn pack() -> &'static Pack {
    Pack::embedded().expect("embedded pack")
}

fn options(limits: Limits, format: Format) -> Options {
    Options {
        limits,
        format,
        lang: Lang::En,
        ..Options::default()
    }
}

/// The input errors of a document as `(code, path, line)`, or an empty list for a report.
fn errors(bytes: &[u8], options: &Options) -> Vec<(String, String, Option<usize>)> {
    match check_bytes(bytes, pack(), options) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .0
            .iter()
            .map(|e| (e.code.to_string(), e.path.to_string(), e.line))
            .collect(),
    }
}

fn one(code: &str, path: &str) -> Vec<(String, String, Option<usize>)> {
    vec![(code.to_string(), path.to_string(), None)]
}

fn messages(bytes: &[u8], options: &Options) -> Vec<String> {
    match check_bytes(bytes, pack(), options) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0.iter().map(|e| e.message(Lang::En)).collect(),
    }
}

const LINE: &str =
    r#"{"project":"P01","category":"training","source":"city","amount":"100.00","use":"equipment","upward":false}"#;

fn allocation_json(lines: usize) -> String {
    format!(r#"{{"kind":"allocation","lines":[{}]}}"#, vec![LINE; lines].join(","))
}

fn allocation_csv(lines: usize) -> String {
    let mut text = String::from("project,category,source,amount,use,upward\n");
    for i in 0..lines {
        text.push_str(&format!("P{i},training,city,100.00,equipment,false\n"));
    }
    text
}

fn limits(max_bytes: usize, max_depth: usize, max_lines: usize) -> Limits {
    Limits {
        max_bytes,
        max_depth,
        max_lines,
    }
}

#[test]
fn the_defaults_are_those_of_the_spec() {
    assert_eq!(Limits::default(), limits(256 * 1024 * 1024, 64, 10_000_000));
}

// ── Document size ──────────────────────────────────────────────────────────────────────────

#[test]
fn a_json_document_over_the_size_limit_is_a_limit_error_at_the_root() {
    let doc = allocation_json(2);
    let at_limit = options(limits(doc.len(), 64, 10), Format::Json);
    assert_eq!(errors(doc.as_bytes(), &at_limit), vec![]);
    let under = options(limits(doc.len() - 1, 64, 10), Format::Json);
    assert_eq!(errors(doc.as_bytes(), &under), one("input.limit", ""));
    assert_eq!(
        messages(doc.as_bytes(), &under),
        [format!("document is larger than the limit of {} bytes", doc.len() - 1)]
    );
}

#[test]
fn a_csv_file_over_the_size_limit_is_a_limit_error_at_the_root() {
    let csv = allocation_csv(3);
    let at_limit = options(limits(csv.len(), 64, 10), Format::Csv);
    assert_eq!(errors(csv.as_bytes(), &at_limit), vec![]);
    let under = options(limits(csv.len() - 1, 64, 10), Format::Csv);
    assert_eq!(errors(csv.as_bytes(), &under), one("input.limit", ""));
}

#[test]
fn the_size_limit_is_checked_before_anything_is_read() {
    // Bytes that are not even UTF-8: the size is the only problem reported.
    let bytes = vec![0xFF; 1000];
    let small = options(limits(999, 64, 10), Format::Json);
    assert_eq!(errors(&bytes, &small), one("input.limit", ""));
}

// ── Nesting depth ──────────────────────────────────────────────────────────────────────────

#[test]
fn nesting_past_a_configured_depth_is_a_limit_error_at_the_deepest_allowed_path() {
    // Levels: the root object 1, `lines` 2, `lines/0` 3, `lines/0/project` 4.
    let doc = r#"{"kind":"allocation","lines":[{"project":["deep"]}]}"#;
    let three = options(limits(1 << 20, 3, 10), Format::Json);
    assert_eq!(errors(doc.as_bytes(), &three), one("input.limit", "/lines/0/project"));
    assert_eq!(
        messages(doc.as_bytes(), &three),
        ["nesting is deeper than the limit of 3"]
    );
    // With one more level allowed, the document is read and the array is a type error.
    let four = options(limits(1 << 20, 4, 10), Format::Json);
    assert_eq!(errors(doc.as_bytes(), &four)[0].0, "input.type");
}

#[test]
fn every_container_past_the_depth_is_reported_in_document_order() {
    let doc = r#"{"kind":"allocation","lines":[[[1]],[[2]]]}"#;
    let two = options(limits(1 << 20, 3, 10), Format::Json);
    let found = errors(doc.as_bytes(), &two);
    assert_eq!(
        found,
        vec![
            ("input.limit".to_string(), "/lines/0/0".to_string(), None),
            ("input.limit".to_string(), "/lines/1/0".to_string(), None),
        ]
    );
}

#[test]
fn the_default_depth_is_64_levels() {
    let nest = |levels: usize| {
        format!(
            r#"{{"kind":"allocation","lines":{}{}}}"#,
            "[".repeat(levels),
            "]".repeat(levels)
        )
    };
    let default = options(Limits::default(), Format::Json);
    // The root is level 1: 63 arrays reach level 64 (read, then a type error of line 0).
    assert_eq!(errors(nest(63).as_bytes(), &default)[0].0, "input.type");
    // 64 arrays reach level 65: a limit error at the 64th array, /lines + 63 × /0.
    let path = format!("/lines{}", "/0".repeat(63));
    assert_eq!(errors(nest(64).as_bytes(), &default), one("input.limit", &path));
    // However deep it goes, the parser is bounded and the answer is the same.
    assert_eq!(errors(nest(100_000).as_bytes(), &default), one("input.limit", &path));
}

#[test]
fn a_configured_depth_beyond_the_parser_bound_is_still_a_limit_error() {
    // serde_json reads at most 127 levels whatever we allow; past that is a limit error too.
    let doc = format!(
        r#"{{"kind":"allocation","lines":{}{}}}"#,
        "[".repeat(500),
        "]".repeat(500)
    );
    let deep = options(limits(1 << 20, 1000, 10), Format::Json);
    assert_eq!(errors(doc.as_bytes(), &deep), one("input.limit", ""));
    assert_eq!(
        messages(doc.as_bytes(), &deep),
        ["nesting is deeper than the parser's limit of 127"]
    );
}

// ── Allocation lines ───────────────────────────────────────────────────────────────────────

#[test]
fn json_lines_over_the_limit_are_a_limit_error_at_lines() {
    let at_limit = options(limits(1 << 20, 64, 3), Format::Json);
    assert_eq!(errors(allocation_json(3).as_bytes(), &at_limit), vec![]);
    assert_eq!(
        errors(allocation_json(4).as_bytes(), &at_limit),
        one("input.limit", "/lines")
    );
    assert_eq!(
        messages(allocation_json(4).as_bytes(), &at_limit),
        ["4 lines is more than the limit of 3"]
    );
}

#[test]
fn csv_rows_over_the_limit_are_a_limit_error_at_lines_naming_the_file_line() {
    let at_limit = options(limits(1 << 20, 64, 3), Format::Csv);
    assert_eq!(errors(allocation_csv(3).as_bytes(), &at_limit), vec![]);
    // Header line 1, rows on lines 2–5: the fourth row (line 5) is one too many.
    assert_eq!(
        errors(allocation_csv(4).as_bytes(), &at_limit),
        vec![("input.limit".to_string(), "/lines".to_string(), Some(5))]
    );
    // Reading stops there: a bad row after the limit is not reported.
    let mut csv = allocation_csv(10);
    csv.push_str("P,roads,city,-1,equipment,maybe\n");
    assert_eq!(errors(csv.as_bytes(), &at_limit).len(), 1);
}

#[test]
fn table_rows_over_the_limit_are_a_limit_error_at_lines() {
    let row = Row {
        project: Some("P01"),
        category: Some("training"),
        source: Some("city"),
        amount: Some("100.00"),
        use_of_funds: Some("equipment"),
        upward: Some(false),
    };
    let vocab = pack().vocabularies();
    let small = limits(1 << 20, 64, 2);
    assert!(from_rows(vec![row; 2], false, vocab, &small).is_ok());
    let errors = from_rows(vec![row; 3], false, vocab, &small).unwrap_err();
    let found: Vec<String> = errors.0.iter().map(|e| format!("{} {}", e.code, e.path)).collect();
    assert_eq!(found, ["input.limit /lines"]);
}

/// 10,000,000 allocation lines pass the default limits (rules.md: "10,000,000 allocation lines
/// must still pass"). The rows are the shortest well-formed ones (22 bytes: 220 MB of CSV, under
/// the default 256 MiB document size), generated in memory. About 2 GB of memory; in a debug
/// build it takes about a minute, so it is ignored by default and run in release:
/// `cargo test --release -p fundcheck --test limits -- --ignored` (see README, "Limits").
#[test]
#[ignore = "10 million lines: run with --release -- --ignored"]
fn ten_million_csv_lines_pass_the_default_limits() {
    const LINES: usize = 10_000_000;
    let row = b"P,training,city,1,x,0\n";
    let header = b"project,category,source,amount,use,upward\n";
    let mut csv = Vec::with_capacity(header.len() + row.len() * LINES);
    csv.extend_from_slice(header);
    for _ in 0..LINES {
        csv.extend_from_slice(row);
    }
    assert!(csv.len() <= Limits::default().max_bytes);
    let options = options(Limits::default(), Format::Csv);
    let document = fundcheck::parse(&csv, pack(), &options).unwrap_or_else(|e| panic!("{:?}", e.0.first()));
    drop(csv);
    match &document {
        fundcheck::Document::Allocation(allocation) => assert_eq!(allocation.lines.len(), LINES),
        other => panic!("not an allocation: {}", other.kind()),
    }
    // The rules run over all of them: 10,000,000.00 yuan of city money is over its fund.
    let report = fundcheck::check(&document, pack(), &options);
    let city = report.figure("city_allocated").map(fundcheck::Value::display);
    assert_eq!(city.as_deref(), Some("10000000.00"));
    assert!(!report.ok());
}

// ── The decimal range of money ─────────────────────────────────────────────────────────────

fn allocation_with_amounts(amounts: &[&str]) -> String {
    let lines: Vec<String> = amounts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!(r#"{{"project":"P{i}","category":"training","source":"city","amount":{a},"use":"equipment","upward":false}}"#)
        })
        .collect();
    format!(r#"{{"kind":"allocation","lines":[{}]}}"#, lines.join(","))
}

#[test]
fn amounts_beyond_the_decimal_range_are_money_errors_at_their_path() {
    let json = options(Limits::default(), Format::Json);
    for amount in [
        // 2^96 yuan: more than 28 digits.
        r#""79228162514264337593543950336""#,
        // In the decimal range, but not at two places: (2^96 − 1) fen is the largest amount.
        r#""792281625142643375935439504""#,
        r#""999999999999999999999999999.99""#,
        // A JSON number with more than 15 significant digits must be a string.
        "1234567890123456",
        // A JSON number whose shortest form is 1 followed by 30 zeros.
        "1e30",
    ] {
        let doc = allocation_with_amounts(&[amount]);
        assert_eq!(
            errors(doc.as_bytes(), &json),
            one("input.money", "/lines/0/amount"),
            "{amount}"
        );
    }
    let doc = allocation_with_amounts(&[r#""79228162514264337593543950336""#]);
    assert_eq!(
        messages(doc.as_bytes(), &json),
        ["`79228162514264337593543950336`: an amount beyond the exact decimal range"]
    );
}

#[test]
fn the_largest_amount_at_two_places_is_accepted_and_prints_with_two_decimals() {
    let json = options(Limits::default(), Format::Json);
    let doc = allocation_with_amounts(&[r#""792281625142643375935439503""#]);
    let report = check_bytes(doc.as_bytes(), pack(), &json).unwrap();
    let city = report.figure("city_allocated").map(fundcheck::Value::display);
    assert_eq!(city.as_deref(), Some("792281625142643375935439503.00"));
}

#[test]
fn amounts_that_add_up_beyond_the_decimal_range_are_a_money_error_at_the_list() {
    let json = options(Limits::default(), Format::Json);
    let half = r#""500000000000000000000000000""#;
    let doc = allocation_with_amounts(&[half, half]);
    assert_eq!(errors(doc.as_bytes(), &json), one("input.money", "/lines"));
    assert_eq!(
        messages(doc.as_bytes(), &json),
        ["the lines' amounts add up beyond the exact decimal range"]
    );
    // The same through CSV, where well-formed rows take the fast path.
    let csv = format!(
        "project,category,source,amount,use,upward\nA,training,city,{0},equipment,false\nB,training,city,{0},equipment,false\n",
        "500000000000000000000000000"
    );
    let csv_options = options(Limits::default(), Format::Csv);
    assert_eq!(errors(csv.as_bytes(), &csv_options), one("input.money", "/lines"));
}

#[test]
fn payments_that_add_up_beyond_the_decimal_range_are_a_money_error_at_payments() {
    let json = options(Limits::default(), Format::Json);
    let doc = r#"{"kind":"application","id":"A","category":"training","subsidy":{"proposed":"100.00"},
        "payments":[{"date":"2020-01-02","amount":"500000000000000000000000000"},
                    {"date":"2020-01-03","amount":"500000000000000000000000000"}]}"#;
    assert_eq!(errors(doc.as_bytes(), &json), one("input.money", "/payments"));
}

#[test]
fn progress_sales_beyond_the_decimal_range_are_money_errors() {
    let json = options(Limits::default(), Format::Json);
    let doc = r#"{"kind":"progress","retail_sales":{"previous":"1.00","current":1e40},
        "villages":{"total":1,"covered":1},"poor_villages":{"total":0,"covered":0},
        "training":{"attendances":1,"poor_household_attendances":0,"trainees":1,"started_business":0},
        "stations":{"town":1,"village":1},"brands":1,"systems_built":[],"sectors_online":[]}"#;
    assert_eq!(
        errors(doc.as_bytes(), &json),
        one("input.money", "/retail_sales/current")
    );
}
