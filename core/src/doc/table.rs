//! Allocation lines from a table's cells (a DataFrame, an Arrow table): each cell is judged
//! as the equivalent JSON value would be, so a table and the same lines as JSON get the same
//! problems, with the same messages, at the same paths (`/lines/<row>/<column>`), in document
//! order.
//!
//! - a [`Cell::Text`] is a JSON string; a [`Cell::Integer`] a JSON integer; a [`Cell::Float`]
//!   the JSON number with the same shortest round-trip text (`-0` as `0`, NaN a missing cell,
//!   as pandas marks a gap); a [`Cell::Bool`] a JSON boolean; [`Cell::Null`] a missing field;
//! - a [`Cell::Decimal`] (an exact decimal column) is its text with the zeros past the fen
//!   dropped when it is exact to the fen ([`exact_to_fen`]: `1.250` is `1.25`), any other
//!   keeping all its digits, to be refused like any amount of more than two places;
//! - `upward` takes the one list of yes/no words (`true`/`false`, 是/否, yes/no, 1/0), as the
//!   line reader does for JSON and CSV too;
//! - a float amount that is not exact to the fen is refused with the advice to round it.
//!
//! An absent column is one error naming it (not one per row); other columns are ignored and
//! named in the allocation.

use super::allocation::{is_required, Allocation, AllocationLine, Line, LineReader, LINE_FIELDS, REQUIRED_FIELDS};
use crate::decode::Decoder;
use crate::input::{InputErrors, InputProblem, Limits};
use crate::json::{shortest_text, Json, Number};
use crate::money::{Money, MoneyProblem};
use crate::pack::Vocabularies;
use crate::path::At;

/// What one cell of a table holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    Null,
    Text(&'a str),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// The plain text of an exact decimal (`"1.250"`, never an exponent).
    Decimal(&'a str),
}

/// The positions of `amount` and `investment` in [`LINE_FIELDS`].
const AMOUNT: usize = 3;
const INVESTMENT: usize = 7;

/// The shortest text of a float amount that is not exact to the fen (`1.1 * 3` is
/// `3.3000000000000003`): a table's floats come from arithmetic, and the fix is to round them.
fn inexact_float(v: f64) -> Option<String> {
    if v.is_nan() {
        return None;
    }
    let text = shortest_text(v);
    match Money::from_json_number(&text) {
        Err(MoneyProblem::TooManyPlaces | MoneyProblem::TooManyDigits) => Some(text),
        _ => None,
    }
}

/// A decimal's text, with the zeros past the fen dropped when it is exact to the fen
/// (`1.250` → `1.25`, `3.1000` → `3.10`); any other text as it is.
pub fn exact_to_fen(text: &str) -> &str {
    let Some((whole, fraction)) = text.split_once('.') else {
        return text;
    };
    let (fen, rest) = (fraction.get(..2), fraction.get(2..));
    match (fen, rest) {
        (Some(fen), Some(rest))
            if !rest.is_empty() && fen.bytes().all(|b| b.is_ascii_digit()) && rest.bytes().all(|b| b == b'0') =>
        {
            text.get(..whole.len() + 3).unwrap_or(text)
        }
        _ => text,
    }
}

/// The text of a number cell, as the JSON reader keeps a number.
fn number_text(cell: Cell<'_>) -> Option<String> {
    match cell {
        Cell::Integer(n) => Some(n.to_string()),
        Cell::Float(v) if !v.is_nan() => Some(shortest_text(v)),
        _ => None,
    }
}

/// The JSON value a cell stands for; `None` for a missing cell. (The yes/no words of `upward`
/// are the line reader's business, for JSON, CSV and tables alike.)
fn json_of(cell: Cell<'_>) -> Option<Json<'_>> {
    Some(match cell {
        Cell::Null => return None,
        Cell::Float(v) if v.is_nan() => return None,
        Cell::Bool(b) => Json::Bool(b),
        Cell::Text(t) => Json::String(t.into()),
        Cell::Decimal(t) => Json::String(exact_to_fen(t).into()),
        Cell::Integer(n) => Json::Number(Number::Integer(i128::from(n))),
        Cell::Float(v) => Json::Number(Number::Decimal(shortest_text(v))),
    })
}

/// The fast path: a row whose six cells are well formed builds its line directly, through
/// the same `plain_cells` as the CSV and row readers. `None` sends the row the slow way. Only
/// a table without the optional columns takes it (a pack requiring one reads every row the
/// slow way, which names what is missing), so its other cells are not looked at.
fn plain_row<'a>(cell: impl Fn(usize) -> Cell<'a>, vocab: &Vocabularies) -> Option<Line<'a>> {
    let text = |column| match cell(column) {
        Cell::Text(t) => Some(t),
        _ => None,
    };
    let (project, category, source, use_of_funds) = (text(0)?, text(1)?, text(2)?, text(4)?);
    // The amount's fen read once where the cell is `digits.dd` or a float exact to the fen
    // (both positive and within the range), as the CSV reader reads it; any other form
    // through the general readers, then judged as they are.
    let amount_cell = cell(AMOUNT);
    let fen = match amount_cell {
        Cell::Text(t) => crate::money::plain_fen(t.as_bytes()).filter(|fen| *fen > 0),
        Cell::Float(v) => Money::float_fen(v),
        _ => None,
    };
    let amount = match fen {
        Some(fen) => Money::from_plain_fen(fen),
        None => {
            let amount = match amount_cell {
                Cell::Text(t) => Money::parse(t).ok()?,
                Cell::Decimal(t) => Money::parse(exact_to_fen(t)).ok()?,
                // `float_fen` declined it: not exact to the fen, or out of range.
                Cell::Float(_) => return None,
                other => Money::from_json_number(&number_text(other)?).ok()?,
            };
            super::allocation::is_plain_amount(amount).then_some(amount)?
        }
    };
    let upward = match cell(5) {
        Cell::Bool(b) => b,
        Cell::Text(t) => super::csv::flag(t.trim())?,
        other => super::csv::flag(&number_text(other)?)?,
    };
    let (category, source) = (category.as_bytes(), source.as_bytes());
    super::allocation::plain_cells(project, category, source, amount, use_of_funds, upward, vocab)
}

/// The columns a table has: which allocation fields (by position in [`LINE_FIELDS`]) and
/// the names of the others.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub present: [bool; LINE_FIELDS.len()],
    pub other: Vec<String>,
}

impl Columns {
    /// A table with the six fields every line has and no other column.
    pub fn all() -> Columns {
        Columns {
            present: std::array::from_fn(|p| p < REQUIRED_FIELDS),
            other: Vec::new(),
        }
    }
}

/// Reads `length` rows of a table into allocation lines, or lists every problem in document
/// order: first one error for each allocation field the table has no column for (not one per
/// row), then each row's problems in column order, its missing fields last. Columns that are
/// not allocation fields are ignored, named in the allocation's `ignored_columns`.
/// `cell(row, column)` gives a cell, `column` a position in [`LINE_FIELDS`].
pub fn read_table<'a>(
    length: usize,
    cell: impl Fn(usize, usize) -> Cell<'a> + Sync,
    columns: &Columns,
    is_final: bool,
    vocab: &Vocabularies,
    limits: &Limits,
) -> Result<Allocation, InputErrors> {
    super::allocation::keep_lines(is_final, length.min(limits.max_lines), |each| {
        stream_table(length, cell, columns, vocab, limits, 0, each)
    })
}

/// Reads a table's rows as [`read_table`] does, handing each line to `each` (with its index)
/// as it is read, nothing kept; a large table is read on `threads` threads
/// ([`crate::Options::threads`]), the lines handed over in order (`doc::chunks`). The sum of
/// the amounts is checked by `check_plan` (and by `read_table` on the lines it keeps). Returns the columns the plan ignores, or every problem.
pub fn stream_table<'a>(
    length: usize,
    cell: impl Fn(usize, usize) -> Cell<'a> + Sync,
    columns: &Columns,
    vocab: &Vocabularies,
    limits: &Limits,
    threads: usize,
    mut each: impl FnMut(usize, Line<'_>),
) -> Result<Vec<String>, InputErrors> {
    let lines_path = super::LINES;
    let mut d = Decoder::default();
    for (position, (field, present)) in LINE_FIELDS.iter().zip(columns.present).enumerate() {
        if !present && is_required(position, vocab) {
            let problem = InputProblem::MissingColumn {
                field: (*field).to_owned(),
                label: vocab.field_label(field).to_owned(),
            };
            d.push(&lines_path, problem);
        }
    }
    let cells_of = |i: usize| -> [Cell<'a>; LINE_FIELDS.len()] {
        std::array::from_fn(|column| {
            if columns.present.get(column).copied().unwrap_or(false) {
                cell(i, column)
            } else {
                Cell::Null
            }
        })
    };
    let rows = length.min(limits.max_lines);
    let mut take = |d: &mut Decoder, i: usize, line: Option<Line<'_>>| {
        let owned;
        let line = match line {
            Some(line) => line,
            None => match slow_row(d, i, cells_of(i), columns, vocab, &lines_path) {
                Some(line) => {
                    owned = line;
                    owned.view()
                }
                None => return,
            },
        };
        if d.errors.is_empty() {
            each(i, line);
        }
    };
    // The fast path reads the six fields of every pack, and only when the table has none of
    // the others and the pack requires none.
    let plain = (REQUIRED_FIELDS..LINE_FIELDS.len())
        .all(|p| !columns.present.get(p).copied().unwrap_or(false) && !is_required(p, vocab))
        && columns.present.iter().take(REQUIRED_FIELDS).all(|p| *p);
    let fast = |i: usize| plain.then(|| plain_row(|column| cell(i, column), vocab)).flatten();
    let ranges = super::chunks::cut_rows(rows, threads);
    let read = |range: &std::ops::Range<usize>| -> Vec<Option<Line<'a>>> { range.clone().map(fast).collect() };
    super::chunks::in_order(&ranges, plain && ranges.len() > 1, threads, read, |range, read| {
        match read {
            Some(lines) => range.clone().zip(lines).for_each(|(i, line)| take(&mut d, i, line)),
            None => range.clone().for_each(|i| take(&mut d, i, fast(i))),
        }
        true
    });
    if length > limits.max_lines {
        let problem = InputProblem::TooManyLines {
            limit: limits.max_lines,
        };
        d.push(&lines_path, problem);
    }
    if d.errors.is_empty() {
        return Ok(columns.other.clone());
    }
    Err(InputErrors(d.errors))
}

/// One row the slow way, naming every problem at `/lines/<row>/<column>`.
fn slow_row(
    d: &mut Decoder,
    i: usize,
    cells: [Cell<'_>; LINE_FIELDS.len()],
    columns: &Columns,
    vocab: &Vocabularies,
    lines_path: &At<'_>,
) -> Option<AllocationLine> {
    let path = lines_path.index(i);
    let mut read = LineReader::default();
    for (column, (name, cell)) in LINE_FIELDS.iter().zip(cells).enumerate() {
        if !columns.present.get(column).copied().unwrap_or(true) {
            read.seen_empty(name); // reported once for the whole column
            continue;
        }
        if let (AMOUNT | INVESTMENT, Cell::Float(v)) = (column, cell) {
            if let Some(text) = inexact_float(v) {
                d.push(
                    &path.key(name),
                    InputProblem::Money {
                        text,
                        problem: MoneyProblem::FloatNotFen,
                    },
                );
                read.seen_empty(name);
                continue;
            }
        }
        if let Some(value) = json_of(cell) {
            read.field(d, name, &value, &path.key(name), vocab);
        }
    }
    read.finish(d, &path, vocab)
}

// Tested in `core/tests/table.rs`, which takes the vocabularies from the embedded pack.
