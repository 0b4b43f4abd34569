//! Allocation lines from CSV: UTF-8 (a BOM is skipped) or, when the user says so, GB18030 as
//! Excel writes it in China. Header `project,category,source,amount,use,upward` (and the optional columns); a bad row is
//! an input error naming the file line and the column.

use super::allocation::{is_required, Allocation, AllocationLine, Line, LineReader, LINE_FIELDS, REQUIRED_HEADER};
use crate::decode::{Decoder, Tally};
use crate::input::{InputError, InputErrors, InputProblem, Limits, Total};
use crate::json::Json;
use crate::pack::Vocabularies;
use crate::path::Path;

/// The text encoding of a CSV file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Utf8,
    Gb18030,
}

impl Encoding {
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gb18030" | "gbk" | "gb2312" => Some(Encoding::Gb18030),
            _ => None,
        }
    }
}

fn decode_text(bytes: &[u8], encoding: Encoding) -> Result<std::borrow::Cow<'_, str>, InputError> {
    match encoding {
        Encoding::Utf8 => {
            if let Some(name) = crate::json::utf16_or_32(bytes) {
                return Err(InputError::new(Path::root(), InputProblem::CsvBom { name }).on_line(1));
            }
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(bytes).map(std::borrow::Cow::Borrowed).map_err(|e| {
                let line = bytes
                    .get(..e.valid_up_to())
                    .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count())
                    + 1;
                InputError::new(Path::root(), InputProblem::CsvNotUtf8 { line }).on_line(line)
            })
        }
        #[cfg(feature = "gb18030")]
        Encoding::Gb18030 => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(not_gb18030());
            }
            Ok(text)
        }
        #[cfg(not(feature = "gb18030"))]
        Encoding::Gb18030 => Err(InputError::new(Path::root(), InputProblem::NoGb18030Decoder)),
    }
}

/// The input error of bytes that are not GB18030 text (also for a face that decodes them itself).
pub fn not_gb18030() -> InputError {
    InputError::new(Path::root(), InputProblem::NotGb18030)
}

/// Splits one CSV record into fields (RFC 4180 quotes: `"a,b"`, `""` inside quotes).
fn split_record(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field);
    Some(fields)
}

/// Reads an allocation from CSV bytes; `is_final` comes from the command line or the API.
pub fn read(
    bytes: &[u8],
    encoding: Encoding,
    is_final: bool,
    vocab: &Vocabularies,
    limits: &Limits,
) -> Result<Allocation, InputErrors> {
    // As many lines as the bytes have line ends (bounded by the limit): the vector is allocated
    // once, not doubled (and copied) as a million lines are read.
    let ends = bytes.iter().filter(|b| **b == b'\n').count();
    let mut lines = Vec::with_capacity(ends.min(limits.max_lines).saturating_add(1));
    let ignored_columns = stream(bytes, encoding, vocab, limits, |_, line| {
        lines.push(line.to_owned_line())
    })?;
    Ok(Allocation {
        is_final,
        lines,
        ignored_columns,
    })
}

/// Reads the lines of CSV bytes one by one, handing each to `each` (with its index in the
/// plan) as it is read: nothing is kept, so a plan of a million lines costs the rules' sums,
/// not a million lines. Once a row has
/// a problem no further line is handed over; every problem of the file is still collected and
/// returned instead of the columns the plan ignores.
pub fn stream(
    bytes: &[u8],
    encoding: Encoding,
    vocab: &Vocabularies,
    limits: &Limits,
    mut each: impl FnMut(usize, Line<'_>),
) -> Result<Vec<String>, InputErrors> {
    if bytes.len() > limits.max_bytes {
        return Err(InputError::new(
            Path::root(),
            InputProblem::FileTooLarge {
                limit: limits.max_bytes,
            },
        )
        .into());
    }
    let text = decode_text(bytes, encoding)?;
    let mut records = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let header = match records.next() {
        None => {
            return Err(InputError::new(
                Path::root(),
                InputProblem::CsvEmpty {
                    header: &REQUIRED_HEADER,
                },
            )
            .on_line(1)
            .into())
        }
        Some((_, header)) => Header::read(header.trim_end_matches('\r'), vocab)?,
    };
    let mut d = Decoder::default();
    let mut tally = Tally::default();
    let lines_path = Path::root().key("lines");
    for (index, (line_no, row)) in records.enumerate() {
        let file_line = line_no + 1;
        if index >= limits.max_lines {
            let problem = InputProblem::TooManyLines {
                limit: limits.max_lines,
            };
            d.errors
                .push(InputError::new(lines_path.clone(), problem).on_line(file_line));
            break;
        }
        let row = row.trim_end_matches('\r');
        if header.exact {
            if let Some(line) = read_plain_row(row, vocab) {
                tally.add(line.amount);
                if d.errors.is_empty() {
                    each(index, line);
                }
                continue;
            }
        }
        let errors_before = d.errors.len();
        if let Some(line) = read_row(&mut d, row, &header, &lines_path.index(index), vocab) {
            tally.add(line.amount);
            if d.errors.is_empty() {
                each(index, line.view());
            }
        }
        for error in d.errors.iter_mut().skip(errors_before) {
            error.line = Some(file_line);
        }
    }
    if d.errors.is_empty() {
        tally.check(&mut d, &lines_path, Total::Lines);
    }
    if d.errors.is_empty() {
        Ok(header.ignored)
    } else {
        Err(InputErrors(d.errors))
    }
}

/// Which allocation field each column of a file holds: a header names a field by its id or
/// by its zh label in the pack (`金额`), in any order; a column that names no field is
/// ignored (a note names it), and a field without a column is an error naming it.
struct Header {
    /// For each column, the position of its field in [`LINE_FIELDS`].
    columns: Vec<Option<usize>>,
    /// The columns in `LINE_FIELDS` order, exactly: rows may take the fast path.
    exact: bool,
    ignored: Vec<String>,
}

impl Header {
    fn read(line: &str, vocab: &Vocabularies) -> Result<Header, InputErrors> {
        let at_header = |problem| InputErrors::from(InputError::new(Path::root(), problem).on_line(1));
        let cells = split_record(line).ok_or_else(|| at_header(InputProblem::UnclosedQuote))?;
        let mut columns = Vec::with_capacity(cells.len());
        let mut ignored = Vec::new();
        let mut errors = Vec::new();
        for cell in &cells {
            let name = crate::normalize::code(cell);
            let field = vocab.field_named(&LINE_FIELDS, &name);
            if let Some(position) = field {
                if columns.contains(&Some(position)) {
                    let field = LINE_FIELDS.get(position).copied().unwrap_or_default().to_owned();
                    errors.push(InputError::new(Path::root(), InputProblem::CsvDuplicateColumn { field }).on_line(1));
                }
            } else if !name.is_empty() {
                ignored.push(name.into_owned());
            }
            columns.push(field);
        }
        if columns.iter().all(Option::is_none) {
            return Err(at_header(InputProblem::CsvHeader {
                header: &REQUIRED_HEADER,
            }));
        }
        for (position, field) in LINE_FIELDS.iter().enumerate() {
            if !columns.contains(&Some(position)) && is_required(position, vocab) {
                let label = vocab.field_label(field).to_owned();
                let problem = InputProblem::MissingColumn {
                    field: (*field).to_owned(),
                    label,
                };
                errors.push(InputError::new(Path::root(), problem).on_line(1));
            }
        }
        if !errors.is_empty() {
            return Err(InputErrors(errors));
        }
        // The fast path reads the six fields of every pack, and only when no other is required.
        let exact = columns.len() == REQUIRED_HEADER.len()
            && columns.iter().enumerate().all(|(i, c)| *c == Some(i))
            && !(REQUIRED_HEADER.len()..LINE_FIELDS.len()).any(|p| is_required(p, vocab));
        Ok(Header {
            columns,
            exact,
            ignored,
        })
    }
}

/// The fast path: a row without quotes whose every cell is right builds its line directly.
/// Any other row goes through `read_row`, which names each problem.
fn read_plain_row<'r>(row: &'r str, vocab: &Vocabularies) -> Option<Line<'r>> {
    // One pass over the bytes: six cells, no quotes, no spaces around them.
    let mut cells: [&str; 6] = [""; 6];
    let mut count = 0;
    let mut start = 0;
    for (i, byte) in row.bytes().enumerate() {
        match byte {
            b',' => {
                *cells.get_mut(count)? = row.get(start..i)?;
                count += 1;
                start = i + 1;
            }
            b'"' => return None,
            _ => {}
        }
    }
    *cells.get_mut(count)? = row.get(start..)?;
    let [project, category, source, amount, use_of_funds, upward] = cells;
    let padded = |cell: &str| cell.starts_with(' ') || cell.ends_with(' ');
    if count != 5 || project.is_empty() || use_of_funds.is_empty() || cells.iter().any(|c| padded(c)) {
        return None;
    }
    let amount = crate::money::Money::parse(amount).ok()?;
    let upward = flag(upward)?;
    super::allocation::plain_line(project, category, source, amount, use_of_funds, upward, vocab)
}

/// A yes/no cell as spreadsheets write it: `true`/`false`, `1`/`0`, `yes`/`no` (any case), 是/否.
/// The one list of these words: a table's `upward` cells are read through it too.
pub(crate) fn flag(raw: &str) -> Option<bool> {
    match raw {
        "true" | "1" | "是" => Some(true),
        "false" | "0" | "否" => Some(false),
        other => match other.to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
    }
}

fn read_row(d: &mut Decoder, row: &str, header: &Header, path: &Path, vocab: &Vocabularies) -> Option<AllocationLine> {
    let fields = match split_record(row) {
        Some(fields) if fields.len() == header.columns.len() => fields,
        Some(fields) => {
            let (expected, found) = (header.columns.len(), fields.len());
            d.push(path, InputProblem::ColumnCount { expected, found });
            return None;
        }
        None => {
            d.push(path, InputProblem::UnclosedQuote);
            return None;
        }
    };
    let mut cells: [Option<String>; LINE_FIELDS.len()] = Default::default();
    for (position, field) in header.columns.iter().zip(fields) {
        if let Some(cell) = position.and_then(|p| cells.get_mut(p)) {
            *cell = Some(field);
        }
    }
    let mut read = LineReader::default();
    for (position, (name, raw)) in LINE_FIELDS.iter().zip(cells).enumerate() {
        let column = header.columns.contains(&Some(position));
        let raw = raw.unwrap_or_default();
        let raw = crate::normalize::trim(&raw);
        if raw.is_empty() {
            // An optional field without a column, or blank where the pack does not require it,
            // has no value.
            if is_required(position, vocab) && column {
                d.missing(&path.key(name));
            }
            read.seen_empty(name);
            continue;
        }
        read.field(d, name, &Json::String(raw.to_owned()), &path.key(name), vocab);
    }
    read.finish(d, path, vocab)
}
