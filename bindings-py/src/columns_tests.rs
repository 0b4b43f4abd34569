//! The column views over hand-made Arrow buffers, read through the core's table reader.

use super::*;

/// A text column in Arrow's `large_utf8` layout.
struct Texts {
    offsets: Vec<u8>,
    data: String,
    validity: Option<Vec<u8>>,
}

impl Texts {
    fn new(cells: &[Option<&str>]) -> Texts {
        let mut offsets = 0i64.to_le_bytes().to_vec();
        let mut data = String::new();
        let mut validity = vec![0u8; cells.len().div_ceil(8)];
        for (i, cell) in cells.iter().enumerate() {
            if let Some(text) = cell {
                data.push_str(text);
                validity[i / 8] |= 1 << (i % 8);
            }
            offsets.extend((data.len() as i64).to_le_bytes());
        }
        Texts {
            offsets,
            data,
            validity: Some(validity),
        }
    }

    fn column(&self) -> Column<'_> {
        Column {
            kind: ColumnKind::LargeUtf8,
            offset: 0,
            validity: self.validity.as_deref(),
            values: &self.offsets,
            text: &self.data,
            objects: &[],
        }
    }
}

fn floats(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn read(six: [Option<Column<'_>>; 6], length: usize) -> Result<Allocation, InputErrors> {
    let pack = fundcheck::Pack::embedded().unwrap();
    let mut columns: [Option<Column<'_>>; fundcheck::doc::allocation::LINE_FIELDS.len()] =
        std::array::from_fn(|_| None);
    for (slot, column) in columns.iter_mut().zip(six) {
        *slot = column;
    }
    let table = Table {
        length,
        columns,
        unknown: Vec::new(),
    };
    read_allocation(&table, false, pack.vocabularies(), &Limits::default())
}

fn places(errors: &InputErrors) -> Vec<(String, String)> {
    errors
        .0
        .iter()
        .map(|e| (e.code.as_str().to_owned(), e.path.to_string()))
        .collect()
}

#[test]
fn well_formed_rows_become_lines_and_floats_read_as_json_numbers() {
    let project = Texts::new(&[Some("P1"), Some("P2")]);
    let category = Texts::new(&[Some("training"), Some("logistics")]);
    let source = Texts::new(&[Some("provincial"), Some("city")]);
    let amounts = floats(&[1200.5, 30.0]);
    let use_of_funds = Texts::new(&[Some("equipment"), Some("catering")]);
    let upward = Texts::new(&[Some("true"), Some("否")]);
    let amount = Column {
        kind: ColumnKind::F64,
        offset: 0,
        validity: None,
        values: &amounts,
        text: "",
        objects: &[],
    };
    let allocation = read(
        [
            Some(project.column()),
            Some(category.column()),
            Some(source.column()),
            Some(amount),
            Some(use_of_funds.column()),
            Some(upward.column()),
        ],
        2,
    )
    .unwrap();
    let lines = &allocation.lines;
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].amount.to_string(), "1200.50");
    assert!(lines[0].upward && !lines[1].upward);
    assert_eq!(lines[1].use_term, None);
}

#[test]
fn problems_come_in_document_order_with_the_cores_messages() {
    let project = Texts::new(&[Some("P1"), None]);
    let category = Texts::new(&[Some("canteen"), Some("training")]);
    let source = Texts::new(&[Some("provincial"), Some("provincial")]);
    let amounts = floats(&[0.125, 0.1 + 0.2]);
    let use_of_funds = Texts::new(&[Some("equipment"), Some("equipment")]);
    let upward = Texts::new(&[Some("maybe"), Some("true")]);
    let amount = Column {
        kind: ColumnKind::F64,
        offset: 0,
        validity: None,
        values: &amounts,
        text: "",
        objects: &[],
    };
    let errors = read(
        [
            Some(project.column()),
            Some(category.column()),
            Some(source.column()),
            Some(amount),
            Some(use_of_funds.column()),
            Some(upward.column()),
        ],
        2,
    )
    .unwrap_err();
    assert_eq!(
        places(&errors),
        [
            ("input.vocabulary", "/lines/0/category"),
            ("input.money", "/lines/0/amount"),
            ("input.type", "/lines/0/upward"),
            ("input.money", "/lines/1/amount"),
            ("input.missing", "/lines/1/project"),
        ]
        .map(|(c, p)| (c.to_owned(), p.to_owned()))
    );
    assert_eq!(
        errors.0[1].message(fundcheck::Lang::En),
        "`0.125`: a float amount not exact to the fen: round it to 2 decimals first (e.g. df.amount.round(2))"
    );
}

#[test]
fn short_buffers_are_refused_before_any_cell_is_read() {
    let texts = Texts::new(&[Some("a"), Some("b")]);
    assert!(texts.column().check(2).is_ok());
    assert_eq!(texts.column().check(3), Err("values buffer too short".to_owned()));
    assert_eq!(texts.column().check(9), Err("validity bitmap too short".to_owned()));
    let bad = Column {
        kind: ColumnKind::F64,
        offset: 0,
        validity: None,
        values: &[0; 8],
        text: "",
        objects: &[],
    };
    assert_eq!(bad.check(2), Err("values buffer too short".to_owned()));
}

#[test]
fn a_decimal_column_is_exact_to_the_fen_and_objects_keep_their_types() {
    let decimals = Texts::new(&[Some("1200000.000"), Some("3.125"), None]);
    let column = Column {
        kind: ColumnKind::Decimal,
        ..decimals.column()
    };
    let errors = read([None, None, None, Some(column), None, None], 3).unwrap_err();
    let amount_errors: Vec<_> = places(&errors)
        .into_iter()
        .filter(|(_, path)| path.ends_with("/amount"))
        .collect();
    // 1200000.000 is exact to the fen; 3.125 is not; the third is missing.
    assert_eq!(
        amount_errors,
        vec![
            ("input.money".to_owned(), "/lines/1/amount".to_owned()),
            ("input.missing".to_owned(), "/lines/2/amount".to_owned()),
        ]
    );
    let objects = [
        Object::Bool(true),
        Object::Text("否".into()),
        Object::Integer(1),
        Object::Null,
    ];
    let upward = Column {
        kind: ColumnKind::Objects,
        offset: 0,
        validity: None,
        values: &[],
        text: "",
        objects: &objects,
    };
    let errors = read([None, None, None, None, None, Some(upward)], 4).unwrap_err();
    let upward_errors: Vec<_> = places(&errors)
        .into_iter()
        .filter(|(_, path)| path.ends_with("/upward"))
        .collect();
    assert_eq!(
        upward_errors,
        vec![("input.missing".to_owned(), "/lines/3/upward".to_owned())]
    );
}
