//! The table reader (`fundcheck::doc::table`), over hand-written rows, through the public
//! API (the pack's vocabularies come from the engine); expected values worked out by hand.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use fundcheck::doc::allocation::Allocation;
use fundcheck::doc::table::{exact_to_fen, read_table, Cell, Columns};
use fundcheck::{InputErrors, Lang, Limits, Pack};

/// Reads rows given as six cells each.
fn read(rows: &[[Cell<'_>; 6]], unknown: &[&str]) -> Result<Allocation, InputErrors> {
    let pack = Pack::embedded().unwrap();
    let columns = Columns {
        other: unknown.iter().map(|s| (*s).to_owned()).collect(),
        ..Columns::all()
    };
    read_table(
        rows.len(),
        |row, column| rows[row][column],
        &columns,
        false,
        pack.vocabularies(),
        &Limits::default(),
    )
}

fn places(errors: &InputErrors) -> Vec<(&'static str, String)> {
    errors.0.iter().map(|e| (e.code.as_str(), e.path.to_string())).collect()
}

/// A well-formed row with the given amount and `upward` cells.
fn row<'a>(amount: Cell<'a>, upward: Cell<'a>) -> [Cell<'a>; 6] {
    [
        Cell::Text("P1"),
        Cell::Text("training"),
        Cell::Text("provincial"),
        amount,
        Cell::Text("equipment"),
        upward,
    ]
}

#[test]
fn a_float_amount_reads_as_the_json_number_with_its_shortest_text() {
    let lines = read(&[row(Cell::Float(1234.5), Cell::Bool(true))], &[]).unwrap().lines;
    assert_eq!(lines[0].amount.to_string(), "1234.50");
    let lines = read(&[row(Cell::Integer(30), Cell::Bool(false))], &[]).unwrap().lines;
    assert_eq!(lines[0].amount.to_string(), "30.00");
}

#[test]
fn a_float_that_is_not_exact_to_the_fen_is_a_money_error_at_the_same_place_as_in_json() {
    // The double nearest 0.1 + 0.2 prints as 0.30000000000000004: 17 places.
    let errors = read(&[row(Cell::Float(0.300_000_000_000_000_04), Cell::Bool(true))], &[]).unwrap_err();
    assert_eq!(places(&errors), [("input.money", "/lines/0/amount".to_owned())]);
    let json = fundcheck::doc::from_json(
        br#"{"kind":"allocation","lines":[{"project":"P1","category":"training","source":"provincial",
            "amount":0.30000000000000004,"use":"equipment","upward":true}]}"#,
        Pack::embedded().unwrap().vocabularies(),
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!((errors.0[0].code, &errors.0[0].path), (json.0[0].code, &json.0[0].path));
    // In JSON the number must be written as a string; a table's float is to be rounded.
    assert_eq!(
        json.0[0].message(Lang::En),
        "`0.30000000000000004`: a number with more than 15 significant digits must be written as a string"
    );
    assert_eq!(
        errors.0[0].message(Lang::En),
        "`0.30000000000000004`: a float amount not exact to the fen: round it to 2 decimals first (e.g. df.amount.round(2))"
    );
}

#[test]
fn upward_takes_the_csv_yes_no_words_and_one_or_zero() {
    let cells = [
        (Cell::Text("yes"), true),
        (Cell::Text(" NO "), false),
        (Cell::Text("是"), true),
        (Cell::Text("否"), false),
        (Cell::Text("True"), true),
        (Cell::Integer(1), true),
        (Cell::Float(0.0), false),
        (Cell::Float(-0.0), false),
        (Cell::Bool(true), true),
    ];
    for (cell, expected) in cells {
        let lines = read(&[row(Cell::Text("10"), cell)], &[]).unwrap().lines;
        assert_eq!(lines[0].upward, expected, "{cell:?}");
    }
    for cell in [Cell::Text("maybe"), Cell::Integer(2), Cell::Float(0.5)] {
        let errors = read(&[row(Cell::Text("10"), cell)], &[]).unwrap_err();
        assert_eq!(
            places(&errors),
            [("input.type", "/lines/0/upward".to_owned())],
            "{cell:?}"
        );
    }
}

#[test]
fn a_decimal_exact_to_the_fen_is_accepted_and_any_other_refused() {
    assert_eq!(exact_to_fen("1.250"), "1.25");
    assert_eq!(exact_to_fen("-3.1000"), "-3.10");
    assert_eq!(exact_to_fen("1.255"), "1.255");
    assert_eq!(exact_to_fen("7.5"), "7.5");
    assert_eq!(exact_to_fen("12"), "12");
    let lines = read(&[row(Cell::Decimal("1.250"), Cell::Bool(true))], &[])
        .unwrap()
        .lines;
    assert_eq!(lines[0].amount.to_string(), "1.25");
    let errors = read(&[row(Cell::Decimal("1.255"), Cell::Bool(true))], &[]).unwrap_err();
    assert_eq!(
        errors.0[0].message(Lang::En),
        "`1.255`: an amount has at most 2 decimals (fen)"
    );
}

#[test]
fn problems_come_in_document_order_missing_fields_last_in_their_row() {
    let rows = [
        [
            Cell::Text("P1"),
            Cell::Text("canteen"),
            Cell::Text("provincial"),
            Cell::Float(0.125),
            Cell::Text("equipment"),
            Cell::Text("maybe"),
        ],
        [
            Cell::Null,
            Cell::Text("training"),
            Cell::Text("provincial"),
            Cell::Float(f64::NAN),
            Cell::Text("equipment"),
            Cell::Null,
        ],
    ];
    let errors = read(&rows, &["note"]).unwrap_err();
    assert_eq!(
        places(&errors),
        [
            ("input.vocabulary", "/lines/0/category"),
            ("input.money", "/lines/0/amount"),
            ("input.type", "/lines/0/upward"),
            ("input.missing", "/lines/1/project"),
            ("input.missing", "/lines/1/amount"),
            ("input.missing", "/lines/1/upward"),
        ]
        .map(|(c, p)| (c, p.to_owned()))
    );
}

#[test]
fn a_column_that_is_not_a_line_field_is_ignored_and_named() {
    let rows = [row(Cell::Text("1200.00"), Cell::Bool(true))];
    let allocation = read(&rows, &["note", "备注"]).unwrap();
    assert_eq!(allocation.lines.len(), 1);
    assert_eq!(allocation.ignored_columns, ["note", "备注"]);
}

#[test]
fn too_many_rows_is_one_error_of_the_whole_table() {
    let pack = Pack::embedded().unwrap();
    let limits = Limits {
        max_lines: 1,
        ..Limits::default()
    };
    let rows = [row(Cell::Text("10"), Cell::Bool(true)); 3];
    let errors = read_table(
        3,
        |r, c| rows[r][c],
        &Columns::all(),
        false,
        pack.vocabularies(),
        &limits,
    )
    .unwrap_err();
    assert_eq!(places(&errors), [("input.limit", "/lines".to_owned())]);
}

#[test]
fn an_absent_column_is_one_error_naming_it_not_one_per_row() {
    let pack = Pack::embedded().unwrap();
    let rows = [row(Cell::Text("10.00"), Cell::Bool(true)); 120];
    let columns = Columns {
        present: [true, true, true, true, true, false, false, false, false, false],
        other: Vec::new(),
    };
    let errors = read_table(
        120,
        |r, c| rows[r][c],
        &columns,
        false,
        pack.vocabularies(),
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(places(&errors), [("input.syntax", "/lines".to_owned())]);
    assert_eq!(errors.0[0].message(Lang::Zh), "表头缺少“是否上行”（upward）列");
    assert_eq!(
        errors.0[0].message(Lang::En),
        "the header has no `upward` (是否上行) column"
    );
}

#[test]
fn a_float_amount_from_arithmetic_says_to_round_it() {
    // 1,122.33 × 1.1 is 1,234.563: three places, as `df.amount * 1.1` gives.
    let errors = read(&[row(Cell::Float(1234.563), Cell::Bool(true))], &[]).unwrap_err();
    assert_eq!(places(&errors), [("input.money", "/lines/0/amount".to_owned())]);
    assert_eq!(
        errors.0[0].message(Lang::En),
        "`1234.563`: a float amount not exact to the fen: round it to 2 decimals first (e.g. df.amount.round(2))"
    );
    // Exact to the fen as a float's shortest text: accepted.
    assert!(read(&[row(Cell::Float(1_100_000.0), Cell::Bool(true))], &[]).is_ok());
}
