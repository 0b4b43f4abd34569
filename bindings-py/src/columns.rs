//! Allocation lines from a table's columns (a pandas or polars DataFrame, an Arrow table),
//! read straight from Arrow buffers, column by column (without the GIL when every column is
//! the binding's own copy; with it when one is Arrow's, which Python code could change).
//!
//! The Python side hands over each column's buffers in Arrow's layout: a validity bitmap,
//! then either offsets and UTF-8 data (text, or the plain text of an exact decimal column),
//! little-endian `f64`/`i64` values, or a bitmap of booleans; a column of mixed Python
//! objects that Arrow cannot type arrives as [`Object`]s, each the Python value's own type.
//! This module only views those buffers and yields each cell as a core [`Cell`]; the core's [`stream_table`] judges the cells as the same values in a JSON document,
//! so a table and the same lines as JSON get the same problems at the same paths.

#[cfg(test)]
use fundcheck::doc::allocation::Allocation;
use fundcheck::doc::table::{stream_table, Cell, Columns};
use fundcheck::input::{InputErrors, Limits};
use fundcheck::pack::Vocabularies;

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
    /// The plain text of an exact decimal column (`1.250`), with `i64` offsets.
    Decimal,
    /// Python objects, one per cell ([`Column::objects`]).
    Objects,
}

/// One Python value of a column of mixed objects, as its own type.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Null,
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// A `decimal.Decimal`, as its plain text.
    Decimal(String),
}

impl Object {
    fn cell(&self) -> Cell<'_> {
        match self {
            Object::Null => Cell::Null,
            Object::Text(t) => Cell::Text(t),
            Object::Integer(n) => Cell::Integer(*n),
            Object::Float(v) => Cell::Float(*v),
            Object::Bool(b) => Cell::Bool(*b),
            Object::Decimal(t) => Cell::Decimal(t),
        }
    }
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
    /// The cells of an [`ColumnKind::Objects`] column.
    pub objects: &'a [Object],
}

fn bit(bitmap: &[u8], index: usize) -> Option<bool> {
    bitmap.get(index / 8).map(|byte| byte & (1 << (index % 8)) != 0)
}

fn word(bytes: &[u8], index: usize) -> Option<[u8; 8]> {
    let start = index.checked_mul(8)?;
    bytes.get(start..start.checked_add(8)?)?.try_into().ok()
}

/// The text offsets of row `at` and the one after it, one slice read for both.
#[inline(always)]
fn bounds<const WIDTH: usize>(values: &[u8], at: usize) -> Option<(usize, usize)> {
    let start = at.checked_mul(WIDTH)?;
    let both = values.get(start..start.checked_add(2 * WIDTH)?)?;
    let (first, second) = both.split_at(WIDTH);
    Some((offset_of(first)?, offset_of(second)?))
}

/// An offset of `i32` or `i64` little-endian bytes, `None` when negative.
fn offset_of(bytes: &[u8]) -> Option<usize> {
    let value = match *bytes {
        [a, b, c, d] => i64::from(i32::from_le_bytes([a, b, c, d])),
        [a, b, c, d, e, f, g, h] => i64::from_le_bytes([a, b, c, d, e, f, g, h]),
        _ => return None,
    };
    usize::try_from(value).ok()
}

/// Checks a column's `rows + 1` text offsets: each a character boundary of `text`, none
/// before the one above. Every row is then a slice of the data.
fn check_offsets<const WIDTH: usize>(offsets: &[u8], text: &str) -> Result<(), String> {
    let bytes = text.as_bytes();
    let mut previous = 0usize;
    for (i, each) in offsets.chunks_exact(WIDTH).enumerate() {
        // A boundary: the end, or a byte that does not continue a character.
        let offset = offset_of(each)
            .filter(|o| *o >= previous && bytes.get(*o).map_or(*o == bytes.len(), |b| (*b as i8) >= -0x40));
        match offset {
            Some(o) => previous = o,
            None => return Err(format!("text offsets of row {} are out of range", i.saturating_sub(1))),
        }
    }
    Ok(())
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
            if validity.len().saturating_mul(8) < end {
                return Err("validity bitmap too short".into());
            }
        }
        let width = match self.kind {
            ColumnKind::Utf8 => 4,
            ColumnKind::LargeUtf8 | ColumnKind::Decimal => 8,
            _ => 0,
        };
        let enough = match self.kind {
            ColumnKind::Utf8 | ColumnKind::LargeUtf8 | ColumnKind::Decimal => end
                .checked_add(1)
                .and_then(|n| n.checked_mul(width))
                .is_some_and(|n| self.values.len() >= n),
            ColumnKind::F64 | ColumnKind::I64 => end.checked_mul(8).is_some_and(|n| self.values.len() >= n),
            ColumnKind::Bool => self.values.len().saturating_mul(8) >= end,
            ColumnKind::Objects => self.objects.len() >= end,
        };
        if !enough {
            return Err("values buffer too short".into());
        }
        if width == 0 {
            return Ok(());
        }
        let offsets = self
            .values
            .get(self.offset * width..(end + 1) * width)
            .ok_or("values buffer too short")?;
        match width {
            4 => check_offsets::<4>(offsets, self.text),
            _ => check_offsets::<8>(offsets, self.text),
        }
    }

    fn is_valid(&self, at: usize) -> bool {
        self.validity.is_none_or(|bitmap| bit(bitmap, at).unwrap_or(false))
    }

    #[inline(always)]
    fn text_at(&self, at: usize) -> Option<&'a str> {
        let (start, end) = match self.kind {
            ColumnKind::Utf8 => bounds::<4>(self.values, at)?,
            _ => bounds::<8>(self.values, at)?,
        };
        self.text.get(start..end)
    }

    #[inline(always)]
    fn cell(&self, i: usize) -> Cell<'a> {
        let at = self.offset + i;
        if !self.is_valid(at) {
            return Cell::Null;
        }
        let cell = match self.kind {
            ColumnKind::Utf8 | ColumnKind::LargeUtf8 => self.text_at(at).map(Cell::Text),
            ColumnKind::Decimal => self.text_at(at).map(Cell::Decimal),
            ColumnKind::Objects => self.objects.get(at).map(Object::cell),
            ColumnKind::F64 => word(self.values, at).map(|w| Cell::Float(f64::from_le_bytes(w))),
            ColumnKind::I64 => word(self.values, at).map(|w| Cell::Integer(i64::from_le_bytes(w))),
            ColumnKind::Bool => bit(self.values, at).map(Cell::Bool),
        };
        cell.unwrap_or(Cell::Null)
    }
}

/// A table of allocation lines: `length` rows, the six columns (any may be absent), and the
/// names of columns that are not allocation fields.
pub struct Table<'a> {
    pub length: usize,
    /// In the order of [`fundcheck::doc::allocation::LINE_FIELDS`].
    pub columns: [Option<Column<'a>>; fundcheck::doc::allocation::LINE_FIELDS.len()],
    pub unknown: Vec<String>,
}

/// Reads the table into allocation lines, or lists every problem in document order (what the
/// tests compare with the same lines as JSON).
#[cfg(test)]
pub fn read_allocation(
    table: &Table<'_>,
    is_final: bool,
    vocab: &Vocabularies,
    limits: &Limits,
) -> Result<Allocation, InputErrors> {
    fundcheck::doc::allocation::keep_lines(is_final, table.length, |each| {
        stream_allocation(table, vocab, limits, 0, each)
    })
}

/// Hands the table's lines over one at a time, as the core's table reader reads them.
pub fn stream_allocation(
    table: &Table<'_>,
    vocab: &Vocabularies,
    limits: &Limits,
    threads: usize,
    each: &mut dyn FnMut(usize, fundcheck::doc::allocation::Line<'_>),
) -> Result<Vec<String>, InputErrors> {
    let cell = |row: usize, column: usize| {
        table
            .columns
            .get(column)
            .and_then(Option::as_ref)
            .map_or(Cell::Null, |c| c.cell(row))
    };
    let columns = Columns {
        present: std::array::from_fn(|i| table.columns.get(i).is_some_and(Option::is_some)),
        other: table.unknown.clone(),
    };
    stream_table(table.length, cell, &columns, vocab, limits, threads, each)
}

#[cfg(test)]
#[path = "columns_tests.rs"]
mod tests;
