//! Allocation lines from a table's columns (a pandas or polars DataFrame, an Arrow table),
//! read straight from Arrow buffers, column by column, without the GIL.
//!
//! The Python side hands over each column's buffers in Arrow's layout: a validity bitmap,
//! then either offsets and UTF-8 data (text), little-endian `f64`/`i64` values, or a bitmap
//! of booleans. Each cell is judged as the same value would be in a JSON document: a text
//! amount as a JSON string, a float or integer amount as a JSON number (its shortest
//! round-trip decimal, at most 2 places and 15 significant digits), `upward` as a boolean
//! (text cells as the CSV reader reads them). A table whose every row is well-formed becomes
//! its lines directly; any other goes through the core's [`from_rows`], so a table and the
//! same lines as JSON get the same problems at the same paths (`/lines/i/<column>`, `i` the
//! row's position), in document order.

use std::borrow::Cow;

use fundcheck::decode::Decoder;
use fundcheck::doc::allocation::{check_sums, from_rows, Allocation, AllocationLine, Row, LINE_FIELDS};
use fundcheck::input::{InputCode, InputError, InputErrors, Limits};
use fundcheck::json::{Json, Number};
use fundcheck::money::Money;
use fundcheck::pack::Vocabularies;
use fundcheck::path::{Path, Segment};

/// How a column's cells are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text with `i32` offsets (Arrow `utf8`).
    Utf8,
    /// Text with `i64` offsets (Arrow `large_utf8`).
    LargeUtf8,
    F64,
    I64,
    /// A bitmap of booleans.
    Bool,
}

/// A borrowed view of one column's buffers.
#[derive(Clone, Copy, Debug)]
pub struct Column<'a> {
    pub kind: ColumnKind,
    /// The array's offset into its buffers, in elements.
    pub offset: usize,
    pub validity: Option<&'a [u8]>,
    pub values: &'a [u8],
    /// The UTF-8 data of a text column.
    pub text: &'a str,
}

fn bit(bitmap: &[u8], index: usize) -> Option<bool> {
    bitmap.get(index / 8).map(|byte| byte & (1 << (index % 8)) != 0)
}

fn word(bytes: &[u8], index: usize) -> Option<[u8; 8]> {
    let start = index.checked_mul(8)?;
    bytes.get(start..start.checked_add(8)?)?.try_into().ok()
}

fn half_word(bytes: &[u8], index: usize) -> Option<[u8; 4]> {
    let start = index.checked_mul(4)?;
    bytes.get(start..start.checked_add(4)?)?.try_into().ok()
}

/// What a cell holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cell<'a> {
    Null,
    Text(&'a str),
    Float(f64),
    Integer(i64),
    Bool(bool),
}

impl<'a> Column<'a> {
    /// Checks that the buffers hold `length` cells, so that reading them cannot fail later.
    pub fn check(&self, length: usize) -> Result<(), String> {
        let Some(end) = self.offset.checked_add(length) else {
            return Err("length overflows".into());
        };
        if end == 0 {
            return Ok(());
        }
        if let Some(validity) = self.validity {
            if validity.len() * 8 < end {
                return Err("validity bitmap too short".into());
            }
        }
        let enough = match self.kind {
            ColumnKind::Utf8 => self.values.len() >= (end + 1) * 4,
            ColumnKind::LargeUtf8 => self.values.len() >= (end + 1) * 8,
            ColumnKind::F64 | ColumnKind::I64 => self.values.len() >= end * 8,
            ColumnKind::Bool => self.values.len() * 8 >= end,
        };
        if !enough {
            return Err("values buffer too short".into());
        }
        if matches!(self.kind, ColumnKind::Utf8 | ColumnKind::LargeUtf8) {
            for i in 0..length {
                if self.is_valid(i) && self.text_at(i).is_none() {
                    return Err(format!("text offsets of row {i} are out of range"));
                }
            }
        }
        Ok(())
    }

    fn is_valid(&self, i: usize) -> bool {
        self.validity
            .is_none_or(|bitmap| bit(bitmap, self.offset + i).unwrap_or(false))
    }

    fn text_at(&self, i: usize) -> Option<&'a str> {
        let at = self.offset + i;
        let (start, end) = match self.kind {
            ColumnKind::Utf8 => (
                i32::from_le_bytes(half_word(self.values, at)?),
                i32::from_le_bytes(half_word(self.values, at + 1)?),
            )
                .into_i64(),
            _ => (
                i64::from_le_bytes(word(self.values, at)?),
                i64::from_le_bytes(word(self.values, at + 1)?),
            ),
        };
        self.text.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
    }

    fn cell(&self, i: usize) -> Cell<'a> {
        if !self.is_valid(i) {
            return Cell::Null;
        }
        let at = self.offset + i;
        let cell = match self.kind {
            ColumnKind::Utf8 | ColumnKind::LargeUtf8 => self.text_at(i).map(Cell::Text),
            ColumnKind::F64 => {
                word(self.values, at)
                    .map(f64::from_le_bytes)
                    .map(|v| if v.is_nan() { Cell::Null } else { Cell::Float(v) })
            }
            ColumnKind::I64 => word(self.values, at).map(|w| Cell::Integer(i64::from_le_bytes(w))),
            ColumnKind::Bool => bit(self.values, at).map(Cell::Bool),
        };
        cell.unwrap_or(Cell::Null)
    }
}

trait IntoI64 {
    fn into_i64(self) -> (i64, i64);
}

impl IntoI64 for (i32, i32) {
    fn into_i64(self) -> (i64, i64) {
        (i64::from(self.0), i64::from(self.1))
    }
}

/// A table of allocation lines: `length` rows, the six columns (any may be absent), and the
/// names of columns that are not allocation fields.
pub struct Table<'a> {
    pub length: usize,
    /// In the order of [`LINE_FIELDS`].
    pub columns: [Option<Column<'a>>; 6],
    pub unknown: Vec<String>,
}

/// The column positions of `amount` and `upward` in [`LINE_FIELDS`].
const AMOUNT: usize = 3;
const UPWARD: usize = 5;

/// Reads the table into allocation lines, or lists every problem in document order.
pub fn read_allocation(
    table: &Table<'_>,
    is_final: bool,
    vocab: &Vocabularies,
    limits: &Limits,
) -> Result<Allocation, InputErrors> {
    let [_, _, _, amount, _, upward] = &table.columns;
    // Problems the core's row reader cannot see (it takes amounts as text and `upward` as a
    // boolean), found with the core's own decoder so that the messages are the same.
    let mut extra: Vec<(usize, usize, InputError)> = Vec::new();
    let mut decoder = Decoder::default();
    let count = table.length.min(limits.max_lines.saturating_add(1));
    let mut amounts: Vec<Amount<'_>> = Vec::with_capacity(count);
    let mut upwards: Vec<Option<bool>> = Vec::with_capacity(count);
    // The decoder is handed a path only to put in its errors: the cell's own path is set on
    // the (rare) error rather than built for every cell.
    let nowhere = Path::root();
    for i in 0..count {
        let number = match amount.as_ref().map_or(Cell::Null, |c| c.cell(i)) {
            Cell::Null => Err(Amount::Missing),
            Cell::Text(t) => Err(Amount::Text(t)),
            Cell::Float(v) => Ok(Json::Number(Number::Decimal(float_text(v)))),
            Cell::Integer(n) => Ok(Json::Number(Number::Integer(i128::from(n)))),
            Cell::Bool(b) => Ok(Json::Bool(b)),
        };
        let read = match number {
            Err(read) => read,
            Ok(number) => match decoder.money(&number, &nowhere) {
                Some(money) => Amount::Number(money),
                None => {
                    let path = Path::root().key("lines").index(i).key("amount");
                    extra.extend(decoder.errors.drain(..).map(|mut e| {
                        e.path = path.clone();
                        (i, AMOUNT, e)
                    }));
                    Amount::Refused
                }
            },
        };
        amounts.push(read);
        let flag = match upward.as_ref().map_or(Cell::Null, |c| c.cell(i)) {
            Cell::Null => None,
            Cell::Bool(b) => Some(b),
            Cell::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "是" => Some(true),
                "false" | "0" | "no" | "否" => Some(false),
                _ => bad_flag(&mut decoder, &mut extra, i, &Json::String(t.to_owned())),
            },
            // As the CSV reader takes `1` and `0`, and pandas stores a column of them with
            // gaps as floats.
            Cell::Integer(1) => Some(true),
            Cell::Integer(0) => Some(false),
            Cell::Integer(n) => bad_flag(
                &mut decoder,
                &mut extra,
                i,
                &Json::Number(Number::Integer(i128::from(n))),
            ),
            Cell::Float(1.0) => Some(true),
            Cell::Float(0.0) => Some(false),
            Cell::Float(v) => bad_flag(
                &mut decoder,
                &mut extra,
                i,
                &Json::Number(Number::Decimal(float_text(v))),
            ),
        };
        upwards.push(flag);
    }
    let front = unknown_columns(table);
    if extra.is_empty() && front.is_empty() && count <= limits.max_lines {
        let lines: Option<Vec<AllocationLine>> = (0..count)
            .map(|i| {
                plain_line(
                    &table.columns,
                    amounts.get(i),
                    upwards.get(i).copied().flatten(),
                    i,
                    vocab,
                )
            })
            .collect();
        if let Some(lines) = lines {
            let mut d = Decoder::default();
            check_sums(&mut d, &lines, &Path::root().key("lines"));
            return if d.errors.is_empty() {
                Ok(Allocation { is_final, lines })
            } else {
                Err(InputErrors(d.errors))
            };
        }
    }
    let texts: Vec<Option<Cow<'_, str>>> = amounts.iter().map(Amount::text).collect();
    let rows = (0..count).map(|i| row_of(&table.columns, &texts, &upwards, i));
    let read = from_rows(rows, is_final, vocab, limits);
    match read {
        Ok(allocation) if extra.is_empty() && front.is_empty() => Ok(allocation),
        Ok(_) => Err(InputErrors(merge(front, Vec::new(), extra))),
        Err(errors) => Err(InputErrors(merge(front, errors.0, extra))),
    }
}

/// An amount cell, as read.
#[derive(Clone, Copy, Debug)]
enum Amount<'a> {
    Missing,
    /// Text, for the core's row reader to judge.
    Text(&'a str),
    /// A number the core's decoder took as money (as it takes a JSON number).
    Number(Money),
    /// A number the decoder refused (its error is already listed).
    Refused,
}

impl<'a> Amount<'a> {
    /// The cell as the core's row reader takes it.
    fn text(&self) -> Option<Cow<'a, str>> {
        match self {
            Amount::Missing => None,
            Amount::Text(t) => Some(Cow::Borrowed(t)),
            Amount::Number(money) => Some(Cow::Owned(money.to_string())),
            // Stands in for the refused cell, so that the row reader reports nothing more.
            Amount::Refused => Some(Cow::Borrowed("1")),
        }
    }
}

/// Row `i` as the core's row reader takes it.
fn row_of<'a>(
    columns: &[Option<Column<'a>>; 6],
    amounts: &'a [Option<Cow<'a, str>>],
    upwards: &[Option<bool>],
    i: usize,
) -> Row<'a> {
    let [project, category, source, _, use_of_funds, _] = columns;
    Row {
        project: text_cell(project, i),
        category: text_cell(category, i),
        source: text_cell(source, i),
        amount: amounts.get(i).and_then(|a| a.as_deref()),
        use_of_funds: text_cell(use_of_funds, i),
        upward: upwards.get(i).copied().flatten(),
    }
}

/// A row whose every cell is well-formed becomes its line through the core's `plain_line`, the
/// same fast path the CSV reader and `from_rows` take, so the binding has no rule of its own for
/// what a valid line is; any other row gives `None`, and then the whole table goes through the
/// core's `from_rows`, which names every problem.
fn plain_line(
    columns: &[Option<Column<'_>>; 6],
    amount: Option<&Amount<'_>>,
    upward: Option<bool>,
    i: usize,
    vocab: &Vocabularies,
) -> Option<AllocationLine> {
    let [project, category, source, _, use_of_funds, _] = columns;
    let amount = match amount? {
        Amount::Text(t) => Money::parse(t).ok()?,
        Amount::Number(money) => *money,
        Amount::Missing | Amount::Refused => return None,
    };
    fundcheck::doc::allocation::plain_line(
        text_cell(project, i)?,
        text_cell(category, i)?,
        text_cell(source, i)?,
        amount,
        text_cell(use_of_funds, i)?,
        upward?,
        vocab,
    )
}

/// The text of a cell of a text column (the Python side turns other columns into text).
fn text_cell<'a>(column: &Option<Column<'a>>, i: usize) -> Option<&'a str> {
    match column.as_ref()?.cell(i) {
        Cell::Text(t) => Some(t),
        _ => None,
    }
}

fn bad_flag(
    decoder: &mut Decoder,
    extra: &mut Vec<(usize, usize, InputError)>,
    i: usize,
    value: &Json,
) -> Option<bool> {
    decoder.boolean(value, &Path::root().key("lines").index(i).key("upward"));
    extra.extend(decoder.errors.drain(..).map(|e| (i, UPWARD, e)));
    Some(false)
}

/// A double as the core's JSON reader writes a number: its shortest round-trip decimal.
fn float_text(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let text = format!("{v}");
    if text == "-0" {
        "0".into()
    } else {
        text
    }
}

/// Columns that are not allocation fields, reported once each at the first line.
fn unknown_columns(table: &Table<'_>) -> Vec<InputError> {
    let mut d = Decoder::default();
    if table.length > 0 {
        for name in &table.unknown {
            d.unknown(&Path::root().key("lines").index(0).key(name));
        }
    }
    d.errors
}

/// The row and column of an error at `/lines/i/<column>`; an error of the whole table
/// (`/lines`) sorts last.
fn place(error: &InputError) -> (usize, usize) {
    match error.path.segments().as_slice() {
        [Segment::Key(_), Segment::Index(i), Segment::Key(k), ..] => {
            (*i, LINE_FIELDS.iter().position(|f| f == k).unwrap_or(LINE_FIELDS.len()))
        }
        [Segment::Key(_), Segment::Index(i)] => (*i, 0),
        _ => (usize::MAX, 0),
    }
}

/// Puts the binding's own problems where the core would have listed them: within a row, the
/// core reports its fields in column order, then the missing ones.
fn merge(mut out: Vec<InputError>, core: Vec<InputError>, extra: Vec<(usize, usize, InputError)>) -> Vec<InputError> {
    let mut extra = extra.into_iter().peekable();
    for error in core {
        let (row, column) = place(&error);
        while let Some((x_row, x_column, _)) = extra.peek() {
            let before = *x_row < row || (*x_row == row && (error.code == InputCode::Missing || column > *x_column));
            if !before {
                break;
            }
            if let Some((_, _, e)) = extra.next() {
                out.push(e);
            }
        }
        out.push(error);
    }
    out.extend(extra.map(|(_, _, e)| e));
    out
}

#[cfg(test)]
#[path = "columns_tests.rs"]
mod tests;
