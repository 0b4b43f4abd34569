//! Allocation lines from CSV: UTF-8 (a BOM is skipped) or, when the user says so, GB18030 as
//! Excel writes it in China. Header `project,category,source,amount,use,upward` (and the optional columns); a bad row is
//! an input error naming the file line and the column.

use super::allocation::{is_required, Allocation, AllocationLine, Line, LineReader, LINE_FIELDS, REQUIRED_HEADER};
use crate::decode::Decoder;
use crate::input::{InputError, InputErrors, InputProblem, Limits};
use crate::json::Json;
use crate::pack::Vocabularies;
use crate::path::{At, Path};

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
    threads: usize,
) -> Result<Allocation, InputErrors> {
    // As many lines as the bytes have line ends (bounded by the limit): the vector is allocated
    // once, not doubled (and copied) as a million lines are read.
    let ends = bytes.iter().filter(|b| **b == b'\n').count();
    let capacity = ends.min(limits.max_lines).saturating_add(1);
    super::allocation::keep_lines(is_final, capacity, |each| {
        stream(bytes, encoding, vocab, limits, threads, each)
    })
}

/// Reads the lines of CSV bytes one by one, handing each to `each` (with its index in the
/// plan) as it is read: nothing is kept, so a plan of a million lines costs the rules' sums,
/// not a million lines; a large plan is read in chunks on `threads` threads
/// ([`crate::Options::threads`]). Once a row has a problem no further line is handed over;
/// every problem of the file is still collected and returned instead of the columns the plan
/// ignores. The sum of the amounts is not checked here: `check_plan` checks it as the lines go
/// by (and `read` on the lines it keeps).
pub fn stream(
    bytes: &[u8],
    encoding: Encoding,
    vocab: &Vocabularies,
    limits: &Limits,
    threads: usize,
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
    let mut records = Rows {
        text: &text,
        at: 0,
        line: 0,
    };
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
        Some(header) => Header::read(header.text, vocab)?,
    };
    let mut reader = Reader {
        d: Decoder::default(),
        lines_path: super::LINES,
        index: 0,
        line: records.line,
        full: false,
        header: &header,
        vocab,
        limits,
    };
    let body = text.get(records.at..).unwrap_or_default();
    if header.exact {
        let chunks = super::chunks::cut_text(body, threads);
        let parallel = chunks.len() > 1;
        let read = chunk_reader(vocab);
        super::chunks::in_order(&chunks, parallel, threads, read, |chunk, read| {
            match read {
                Some(read) => reader.read(read, &mut each),
                None => reader.rows(chunk, &mut each),
            }
            // Past the most lines nothing more is read.
            !reader.full
        });
    } else {
        reader.rows(body, &mut each);
    }
    let Reader { d, .. } = reader;
    if d.errors.is_empty() {
        Ok(header.ignored)
    } else {
        Err(InputErrors(d.errors))
    }
}

/// The rows of a file after its header, read in order (a chunk at a time): where the plan
/// has got to, and every problem so far.
struct Reader<'h> {
    d: Decoder,
    lines_path: At<'static>,
    /// The index of the next line in the plan.
    index: usize,
    /// The file line of the last row read.
    line: usize,
    /// The plan has reached the most lines a document may have.
    full: bool,
    header: &'h Header,
    vocab: &'h Vocabularies,
    limits: &'h Limits,
}

impl Reader<'_> {
    /// One more line for the plan: `false` (and a problem) when the plan is already full.
    fn room(&mut self) -> bool {
        if self.full {
            return false;
        }
        if self.index >= self.limits.max_lines {
            let problem = InputProblem::TooManyLines {
                limit: self.limits.max_lines,
            };
            let error = InputError::new(self.lines_path.to_path(), problem).on_line(self.line);
            self.d.errors.push(error);
            self.full = true;
            return false;
        }
        true
    }

    /// The rows of a chunk read on another core: lines already read on the fast path, and rows
    /// to read here.
    fn read(&mut self, chunk: Read<'_>, each: &mut impl FnMut(usize, Line<'_>)) {
        let base = self.line;
        for item in chunk.items {
            match item {
                Item::Line(line, at) => self.plain(line, base + at, each),
                Item::Row(row, at) => self.row(row, base + at, each),
            }
        }
        self.line = base + chunk.physical;
    }

    /// The rows of some text, each through the fast path when it can and else the slow one.
    fn rows(&mut self, text: &str, each: &mut impl FnMut(usize, Line<'_>)) {
        let base = self.line;
        let mut records = Rows { text, at: 0, line: 0 };
        for record in records.by_ref() {
            let line = record.commas.and_then(|commas| {
                self.header
                    .exact
                    .then(|| read_plain_row(record.text, commas, self.vocab))
                    .flatten()
            });
            match line {
                Some(line) => self.plain(line, base + record.line, each),
                None => self.row(record.text, base + record.line, each),
            }
        }
        self.line = base + records.line;
    }

    /// A line read on the fast path, at its file line.
    fn plain(&mut self, line: Line<'_>, file_line: usize, each: &mut impl FnMut(usize, Line<'_>)) {
        self.line = file_line;
        if self.room() {
            if self.d.errors.is_empty() {
                each(self.index, line);
            }
            self.index += 1;
        }
    }

    /// One row the slow way, which names every problem with its file line.
    fn row(&mut self, row: &str, file_line: usize, each: &mut impl FnMut(usize, Line<'_>)) {
        self.line = file_line;
        if !self.room() {
            return;
        }
        let index = self.index;
        self.index += 1;
        let d = &mut self.d;
        let errors_before = d.errors.len();
        if let Some(line) = read_row(d, row, self.header, &self.lines_path.index(index), self.vocab) {
            if d.errors.is_empty() {
                each(index, line.view());
            }
        }
        for error in d.errors.iter_mut().skip(errors_before) {
            error.line = Some(file_line);
        }
    }
}

/// One row of a chunk read on a worker: a line read on the fast path, or a row to read here
/// the slow way, with its file line counted from the chunk's start.
enum Item<'t> {
    Line(Line<'t>, usize),
    Row(&'t str, usize),
}

/// A chunk read on a worker, and how many file lines it has (blank ones too).
struct Read<'t> {
    items: Vec<Item<'t>>,
    physical: usize,
}

fn chunk_reader<'t, 'v: 't>(vocab: &'v Vocabularies) -> impl Fn(&&'t str) -> Read<'t> + Sync + 'v {
    move |chunk| read_chunk(chunk, vocab)
}

fn read_chunk<'t>(chunk: &'t str, vocab: &Vocabularies) -> Read<'t> {
    let mut rows = Rows {
        text: chunk,
        at: 0,
        line: 0,
    };
    let mut items = Vec::with_capacity(chunk.len() / 40);
    for record in rows.by_ref() {
        let line = record
            .commas
            .and_then(|commas| read_plain_row(record.text, commas, vocab));
        items.push(match line {
            Some(line) => Item::Line(line, record.line),
            None => Item::Row(record.text, record.line),
        });
    }
    Read {
        items,
        physical: rows.line,
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

/// The rows of a CSV text, blank ones skipped, each with its file line and, for a row of six
/// cells without quotes, where its commas are: one pass over the bytes finds the line's end
/// and its cells (a trailing `\r` is dropped, as `str::lines` does).
struct Rows<'t> {
    text: &'t str,
    /// Where the next row starts.
    at: usize,
    /// The file line of the last row read.
    line: usize,
}

struct Record<'t> {
    line: usize,
    text: &'t str,
    commas: Option<[usize; 5]>,
}

impl<'t> Iterator for Rows<'t> {
    type Item = Record<'t>;

    fn next(&mut self) -> Option<Record<'t>> {
        loop {
            let rest = self.text.as_bytes().get(self.at..).filter(|r| !r.is_empty())?;
            let (mut commas, mut count, mut quoted) = ([0usize; 5], 0usize, false);
            // A byte that may be a delimiter, at `at` of the row: whether it ends the row.
            let mut see = |at: usize, byte: u8| {
                match byte {
                    b'\n' => return true,
                    b',' => {
                        if let Some(slot) = commas.get_mut(count) {
                            *slot = at;
                        }
                        count += 1;
                    }
                    b'"' => quoted = true,
                    _ => {}
                }
                false
            };
            // Eight bytes at a time, looking only at the bytes that may be a delimiter among
            // them; the last few bytes of the text one by one.
            let mut end = None;
            let mut i = 0;
            'scan: while let Some(eight) = rest.get(i..).and_then(|r| r.first_chunk::<8>()) {
                let mut found = below_dash(u64::from_le_bytes(*eight));
                while found != 0 {
                    let at = i + (found.trailing_zeros() / 8) as usize;
                    found &= found - 1;
                    if see(at, eight.get(at - i).copied().unwrap_or_default()) {
                        end = Some(at);
                        break 'scan;
                    }
                }
                i += 8;
            }
            if end.is_none() {
                end = rest
                    .iter()
                    .enumerate()
                    .skip(i)
                    .find(|(at, byte)| see(*at, **byte))
                    .map(|(at, _)| at);
            }
            let end = end.unwrap_or(rest.len());
            let start = self.at;
            self.at = start + end + 1;
            self.line += 1;
            let text = self.text.get(start..start + end).unwrap_or_default();
            let text = text.strip_suffix('\r').unwrap_or(text);
            if crate::normalize::is_blank(text) {
                continue;
            }
            return Some(Record {
                line: self.line,
                text,
                commas: (count == 5 && !quoted).then_some(commas),
            });
        }
    }
}

/// The high bit of each of eight bytes that may be a delimiter: every byte below `-` (a comma,
/// a quote and a line end among them, and the other controls, space and punctuation), and
/// sometimes a `-` just above one (where the subtraction borrows). The caller looks at each
/// byte marked; plain cells (letters, digits, `.`, `_`, and every byte of a non-ASCII
/// character) are never marked, so a plain row costs one test a word.
fn below_dash(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    word.wrapping_sub(ONES * u64::from(b'-')) & !word & HIGH
}

/// The fast path: a row of six cells without quotes (its commas found by [`Rows`]) whose every
/// cell is right builds its line directly. Any other row goes through `read_row`, which names
/// each problem.
fn read_plain_row<'r>(row: &'r str, commas: [usize; 5], vocab: &Vocabularies) -> Option<Line<'r>> {
    let [a, b, c, d, e] = commas;
    // The cells that are not kept are read as bytes (every comma is ASCII: no cell boundary
    // splits a character).
    let bytes = row.as_bytes();
    let project = row.get(..a)?;
    let category = bytes.get(a + 1..b)?;
    let source = bytes.get(b + 1..c)?;
    let amount = bytes.get(c + 1..d)?;
    let use_of_funds = row.get(d + 1..e)?;
    let upward = match bytes.get(e + 1..)? {
        b"true" => true,
        b"false" => false,
        other => flag(std::str::from_utf8(other).ok()?)?,
    };
    // A padded cell fails here and is read the slow way, which trims it: an id, an amount or
    // a yes/no word with spaces matches nothing, and `plain_cells` sends back a padded project
    // or use.
    let amount = match crate::money::plain_fen(amount) {
        // `digits.dd` of at most fifteen digits before the point: within the range.
        Some(fen) if fen > 0 => crate::money::Money::from_plain_fen(fen),
        _ => {
            let amount = crate::money::Money::parse(std::str::from_utf8(amount).ok()?).ok()?;
            super::allocation::is_plain_amount(amount).then_some(amount)?
        }
    };
    super::allocation::plain_cells(project, category, source, amount, use_of_funds, upward, vocab)
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

fn read_row(
    d: &mut Decoder,
    row: &str,
    header: &Header,
    path: &At<'_>,
    vocab: &Vocabularies,
) -> Option<AllocationLine> {
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
        read.field(d, name, &Json::String(raw.into()), &path.key(name), vocab);
    }
    read.finish(d, path, vocab)
}
