//! The `allocation` document: a set of budget lines (JSON, or CSV with the header
//! `project,category,source,amount,use,upward`, and the optional columns
//! `unit,investment,subcategory,year` that some packs' kinds read).

use crate::decode::{each_field, each_field_or, Decoder};
use crate::input::{InputProblem, Total};
use crate::json::Json;
use crate::money::Money;
use crate::normalize;
use crate::pack::Vocabularies;
use crate::path::At;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Allocation {
    /// A final plan: the upward floor is an error rather than a note.
    pub is_final: bool,
    pub lines: Vec<AllocationLine>,
    /// Columns (or keys of a line) that are not allocation fields, ignored, in the order they
    /// first appear: a note names them (an exported sheet often carries a `note` column).
    pub ignored_columns: Vec<String>,
}

/// One budget line. Category and source are indices into the pack's vocabularies.
#[derive(Clone, Debug, PartialEq)]
pub struct AllocationLine {
    pub project: String,
    pub category: usize,
    pub source: usize,
    pub amount: Money,
    pub use_of_funds: String,
    /// The use's index in the pack's list of uses, when the pack knows it.
    pub use_term: Option<usize>,
    pub upward: bool,
    /// The optional fields, when the line has any (boxed: most plans have none, and a plan of
    /// a million lines should not pay for them).
    pub extra: Option<Box<LineExtra>>,
}

/// The optional fields of a line, which some packs' kinds read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineExtra {
    /// The unit the line pays for (a town station, a village point), when the pack's kinds
    /// count per unit (`unit_rate_cap`): lines with the same unit are one unit's money.
    pub unit: Option<String>,
    /// The unit's own investment, when a subsidy is a rate of it.
    pub investment: Option<Money>,
    /// The line's sub-category (`[[subcategories]]` of its category), by index.
    pub subcategory: Option<usize>,
    /// The programme year whose funds pay the line (`[[sources.years]]`).
    pub year: Option<u16>,
}

impl AllocationLine {
    /// The line as the rules read it.
    pub fn view(&self) -> Line<'_> {
        Line {
            project: &self.project,
            category: self.category,
            source: self.source,
            amount: self.amount,
            use_of_funds: &self.use_of_funds,
            use_term: self.use_term,
            upward: self.upward,
            extra: self.extra.as_deref(),
        }
    }
}

/// One line as the rules read it, borrowed: from an owned [`AllocationLine`], or straight from
/// a CSV row as the file goes by (a plan of a million lines is never held line by line).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line<'a> {
    pub project: &'a str,
    pub category: usize,
    pub source: usize,
    pub amount: Money,
    pub use_of_funds: &'a str,
    pub use_term: Option<usize>,
    pub upward: bool,
    pub extra: Option<&'a LineExtra>,
}

impl Line<'_> {
    pub fn unit(&self) -> Option<&str> {
        self.extra.and_then(|e| e.unit.as_deref())
    }

    pub fn investment(&self) -> Option<Money> {
        self.extra.and_then(|e| e.investment)
    }

    pub fn subcategory(&self) -> Option<usize> {
        self.extra.and_then(|e| e.subcategory)
    }

    pub fn year(&self) -> Option<u16> {
        self.extra.and_then(|e| e.year)
    }

    /// The line owned, for a document that keeps its lines.
    pub fn to_owned_line(&self) -> AllocationLine {
        AllocationLine {
            project: self.project.to_owned(),
            category: self.category,
            source: self.source,
            amount: self.amount,
            use_of_funds: self.use_of_funds.to_owned(),
            use_term: self.use_term,
            upward: self.upward,
            extra: self.extra.map(|e| Box::new(e.clone())),
        }
    }
}

/// Every field of a line, the required first ([`REQUIRED_FIELDS`] of them), then the optional
/// ones, which a pack requires through `[inputs] allocation`.
pub const LINE_FIELDS: [&str; 10] = [
    "project",
    "category",
    "source",
    "amount",
    "use",
    "upward",
    "unit",
    "investment",
    "subcategory",
    "year",
];

#[cfg(test)]
#[test]
fn the_optional_fields_follow_the_six() {
    assert_eq!(LINE_FIELDS[..REQUIRED_FIELDS], REQUIRED_HEADER);
    assert_eq!(LINE_FIELDS[REQUIRED_FIELDS..], crate::pack::model::OPTIONAL_LINE_FIELDS);
}

/// How many of [`LINE_FIELDS`] every line has.
pub const REQUIRED_FIELDS: usize = 6;

/// The header of an allocation CSV that every pack reads (an error message shows it).
pub const REQUIRED_HEADER: [&str; REQUIRED_FIELDS] = ["project", "category", "source", "amount", "use", "upward"];

/// Whether a field must be on every line: the six, and the optional ones the pack requires.
pub fn is_required(position: usize, vocab: &Vocabularies) -> bool {
    position < REQUIRED_FIELDS || LINE_FIELDS.get(position).is_some_and(|f| vocab.requires_line_field(f))
}

pub fn decode(
    d: &mut Decoder,
    entries: &crate::json::Entries<'_>,
    vocab: &Vocabularies,
    max_lines: usize,
) -> Option<Allocation> {
    let root = At::ROOT;
    let mut allocation = Allocation::default();
    let mut lines = None;
    each_field(
        d,
        entries,
        &root,
        &["kind", "final", "lines"],
        |d, key, value, path| match key {
            "final" => allocation.is_final = d.boolean(value, &path).unwrap_or(false),
            "lines" => {
                lines = Some(decode_lines(
                    d,
                    value,
                    &path,
                    vocab,
                    max_lines,
                    &mut allocation.ignored_columns,
                ))
            }
            _ => {}
        },
    );
    let seen = entries.iter().any(|(k, v)| k == "lines" && !matches!(v, Json::Null));
    allocation.lines = d.required(lines, seen, &root.key("lines"))?;
    check_sums(d, &allocation.lines, &root.key("lines"));
    Some(allocation)
}

fn decode_lines(
    d: &mut Decoder,
    value: &Json,
    path: &At<'_>,
    vocab: &Vocabularies,
    max_lines: usize,
    ignored: &mut Vec<String>,
) -> Vec<AllocationLine> {
    let Some(items) = d.array(value, path) else {
        return Vec::new();
    };
    if items.len() > max_lines {
        let (count, limit) = (items.len(), max_lines);
        d.push(path, InputProblem::LineCount { count, limit });
        return Vec::new();
    }
    let mut lines = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let line_path = path.index(i);
        let Some(fields) = d.object(item, &line_path) else {
            continue;
        };
        let mut read = LineReader::default();
        each_field_or(
            d,
            fields,
            &line_path,
            &LINE_FIELDS,
            |d, key, value, path| read.field(d, key, value, &path, vocab),
            |_, key, _| {
                if !ignored.iter().any(|k| k == key) {
                    ignored.push(key.to_owned());
                }
            },
        );
        if let Some(line) = read.finish(d, &line_path, vocab) {
            lines.push(line);
        }
    }
    lines
}

/// Collects the fields of one line, from JSON or from a CSV row.
#[derive(Default)]
pub struct LineReader {
    project: Option<String>,
    category: Option<usize>,
    source: Option<usize>,
    amount: Option<Money>,
    use_of_funds: Option<String>,
    upward: Option<bool>,
    unit: Option<String>,
    investment: Option<Money>,
    subcategory: Option<usize>,
    year: Option<u16>,
    seen: [bool; LINE_FIELDS.len()],
    /// Optional fields given as `null`: no value, and missing when the pack requires them.
    nulls: [bool; LINE_FIELDS.len()],
}

impl LineReader {
    pub fn field(&mut self, d: &mut Decoder, key: &str, value: &Json, path: &At<'_>, vocab: &Vocabularies) {
        let position = LINE_FIELDS.iter().position(|f| *f == key);
        if let Some(seen) = position.and_then(|p| self.seen.get_mut(p)) {
            *seen = true;
        }
        match key {
            "project" => {
                self.project = d.string(value, path).and_then(|text| {
                    if crate::normalize::trim(&text).is_empty() {
                        d.missing(path); // a blank project names nothing
                        None
                    } else {
                        Some(text)
                    }
                })
            }
            "category" => {
                self.category = d
                    .vocabulary(value, path, &vocab.categories())
                    .and_then(|c| vocab.category_index(&c))
            }
            "source" => {
                self.source = d
                    .vocabulary(value, path, &vocab.sources())
                    .and_then(|s| vocab.source_index(&s))
            }
            "amount" => self.amount = d.money(value, path),
            // The optional fields: absent (or null, or a blank cell) is no value.
            _ if matches!(value, Json::Null) && position.is_some_and(|p| p >= REQUIRED_FIELDS) => {
                if let Some(null) = position.and_then(|p| self.nulls.get_mut(p)) {
                    *null = true;
                }
            }
            "unit" => {
                self.unit = d.string(value, path).map(|t| crate::normalize::trim(&t).to_owned());
                // A blank unit names nothing: no value, missing where the pack requires it.
                if self.unit.as_deref() == Some("") {
                    self.unit = None;
                    if let Some(null) = position.and_then(|p| self.nulls.get_mut(p)) {
                        *null = true;
                    }
                }
            }
            "investment" => self.investment = d.money(value, path),
            "subcategory" => {
                self.subcategory = d
                    .vocabulary(value, path, &vocab.subcategories())
                    .and_then(|c| vocab.subcategory_index(&c))
            }
            "year" => self.year = d.year(value, path),
            // A use the pack lists, by its id, label or alias; any other as typed (a warning).
            "use" => {
                self.use_of_funds = match d.code(value, path) {
                    Some(text) if text.is_empty() => {
                        d.missing(path);
                        None
                    }
                    Some(text) if vocab.use_index(&text).is_some() => Some(text),
                    Some(text) => Some(
                        vocab
                            .use_names()
                            .find(&text)
                            .and_then(|i| vocab.uses.get(i))
                            .cloned()
                            .unwrap_or(text),
                    ),
                    None => None,
                }
            }
            // The yes/no words a CSV cell or a table's text takes, so that the same lines are
            // read alike from JSON, CSV and a table.
            "upward" => {
                let word = match value {
                    Json::Bool(b) => Some(*b),
                    Json::String(s) => super::csv::flag(&normalize::code(s)),
                    Json::Number(n) => super::csv::flag(&n.to_string()),
                    _ => None,
                };
                if word.is_none() {
                    d.wrong_type(path, crate::input::Expected::YesNo, value);
                }
                self.upward = word;
            }
            _ => {}
        }
    }

    /// Marks a field as seen without a value (an empty CSV cell, already reported as missing
    /// in its place), so `finish` does not report it a second time.
    pub fn seen_empty(&mut self, key: &str) {
        let position = LINE_FIELDS.iter().position(|f| *f == key);
        if let Some(seen) = position.and_then(|p| self.seen.get_mut(p)) {
            *seen = true;
        }
    }

    pub fn finish(self, d: &mut Decoder, path: &At<'_>, vocab: &Vocabularies) -> Option<AllocationLine> {
        for (position, field) in LINE_FIELDS.iter().enumerate() {
            let seen = self.seen.get(position).copied().unwrap_or(true);
            let null = self.nulls.get(position).copied().unwrap_or(false);
            // A required field not given (or, for an optional one the pack requires, given as
            // null) is missing; a blank cell was reported where it is.
            if (!seen || null) && is_required(position, vocab) {
                d.missing(&path.key(field));
            }
        }
        if let (Some(sub), Some(category)) = (self.subcategory, self.category) {
            if vocab.subcategory_parent(sub) != Some(category) {
                let problem = InputProblem::SubcategoryOf(Box::new(crate::input::SubcategoryMismatch {
                    sub: vocab.subcategory_value(sub),
                    category: vocab.category_value(category),
                    allowed: vocab.subcategories_of(category),
                }));
                d.push(&path.key("subcategory"), problem);
                return None;
            }
        }
        let use_of_funds = self.use_of_funds?;
        Some(AllocationLine {
            project: self.project?,
            category: self.category?,
            source: self.source?,
            amount: self.amount?,
            use_term: vocab.use_index(&use_of_funds),
            use_of_funds,
            upward: self.upward?,
            extra: if self.unit.is_some()
                || self.investment.is_some()
                || self.subcategory.is_some()
                || self.year.is_some()
            {
                Some(Box::new(LineExtra {
                    unit: self.unit,
                    investment: self.investment,
                    subcategory: self.subcategory,
                    year: self.year,
                }))
            } else {
                None
            },
        })
    }
}

/// The lines a streaming reader (`csv::stream`, `table::stream_table`) hands over, kept as a
/// document, with the total of their amounts checked as the reader leaves it to its caller.
pub fn keep_lines(
    is_final: bool,
    capacity: usize,
    read: impl FnOnce(&mut dyn FnMut(usize, Line<'_>)) -> Result<Vec<String>, crate::input::InputErrors>,
) -> Result<Allocation, crate::input::InputErrors> {
    let mut lines = Vec::with_capacity(capacity);
    let ignored_columns = read(&mut |_, line| lines.push(line.to_owned_line()))?;
    let mut d = Decoder::default();
    check_sums(&mut d, &lines, &At::ROOT.key("lines"));
    if !d.errors.is_empty() {
        return Err(crate::input::InputErrors(d.errors));
    }
    Ok(Allocation {
        is_final,
        lines,
        ignored_columns,
    })
}

/// Every sum a rule may take (by source, category, or both) must stay within the exact decimal
/// range at two places: it is enough that the sum of all amounts does.
pub fn check_sums(d: &mut Decoder, lines: &[AllocationLine], path: &At<'_>) {
    let mut tally = crate::decode::Tally::default();
    lines.iter().for_each(|l| tally.add(l.amount));
    tally.check(d, path, Total::Lines);
}

/// The fast path of every allocation reader: a line whose cells are already known to be well
/// formed (the amount parsed, positive and within the range at two places) is built directly.
/// `None` when the category or source is not in the pack, or the amount is out of range: the
/// caller then reads the row the slow way, naming each problem.
pub fn plain_line<'a>(
    project: &'a str,
    category: &str,
    source: &str,
    amount: Money,
    use_of_funds: &'a str,
    upward: bool,
    vocab: &Vocabularies,
) -> Option<Line<'a>> {
    if !is_plain_amount(amount) {
        return None;
    }
    let (category, source) = (category.as_bytes(), source.as_bytes());
    plain_cells(project, category, source, amount, use_of_funds, upward, vocab)
}

/// An amount the fast path takes: positive and within the range at two places.
pub fn is_plain_amount(amount: Money) -> bool {
    amount.is_positive() && crate::decode::fen(amount).is_some()
}

/// [`plain_line`] for an amount already known to be positive and within the range at two
/// places (a CSV cell read as `digits.dd`), the category and source as their bytes.
pub fn plain_cells<'a>(
    project: &'a str,
    category: &[u8],
    source: &[u8],
    amount: Money,
    use_of_funds: &'a str,
    upward: bool,
    vocab: &Vocabularies,
) -> Option<Line<'a>> {
    // Anything the slow reader would change or judge otherwise — padding, a blank text, a use
    // typed by its label or alias, or in full-width forms — goes the slow way, so both agree.
    // A category or source is an id, found only as it is: one that does not start and end
    // with a printable ASCII character goes the slow way too.
    let plain = |text: &str| !text.is_empty() && crate::normalize::is_trimmed(text);
    let plain_id = crate::normalize::has_graphic_ends;
    if !plain(project) || !plain(use_of_funds) || !plain_id(category) || !plain_id(source) {
        return None;
    }
    let use_term = match vocab.use_index(use_of_funds) {
        Some(term) => Some(term),
        // A use the pack does not list, typed plainly and naming none of the pack's uses by a
        // label or alias: kept as typed, as the slow reader keeps it (a rule may warn of it).
        None if use_of_funds.is_ascii() && vocab.use_names().find(use_of_funds).is_none() => None,
        None => return None,
    };
    Some(Line {
        project,
        category: vocab.category_index(category)?,
        source: vocab.source_index(source)?,
        amount,
        use_term,
        use_of_funds,
        upward,
        extra: None,
    })
}

/// One row of an allocation as a table gives it (a DataFrame, a spreadsheet): each column as
/// text, `upward` as a boolean when the cell holds one.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    pub project: Option<&'a str>,
    pub category: Option<&'a str>,
    pub source: Option<&'a str>,
    /// The amount as decimal text (`"2000000.00"`); the caller turns numbers into text exactly.
    pub amount: Option<&'a str>,
    pub use_of_funds: Option<&'a str>,
    pub upward: Option<bool>,
}

/// Reads allocation lines from table rows, collecting every problem at `/lines/i/<column>`.
pub fn from_rows<'a>(
    rows: impl IntoIterator<Item = Row<'a>>,
    is_final: bool,
    vocab: &Vocabularies,
    limits: &crate::input::Limits,
) -> Result<Allocation, crate::input::InputErrors> {
    let mut d = Decoder::default();
    let lines_path = super::LINES;
    let mut lines = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        if i >= limits.max_lines {
            d.push(
                &lines_path,
                InputProblem::TooManyLines {
                    limit: limits.max_lines,
                },
            );
            break;
        }
        if let (Some(project), Some(category), Some(source), Some(amount), Some(use_of_funds), Some(upward)) = (
            row.project,
            row.category,
            row.source,
            row.amount,
            row.use_of_funds,
            row.upward,
        ) {
            let fast = Money::parse(amount)
                .ok()
                .and_then(|amount| plain_line(project, category, source, amount, use_of_funds, upward, vocab));
            if let Some(line) = fast {
                lines.push(line.to_owned_line());
                continue;
            }
        }
        let path = lines_path.index(i);
        let mut read = LineReader::default();
        let texts = [
            ("project", row.project),
            ("category", row.category),
            ("source", row.source),
            ("amount", row.amount),
            ("use", row.use_of_funds),
        ];
        for (name, value) in texts {
            if let Some(text) = value {
                read.field(&mut d, name, &Json::String(text.into()), &path.key(name), vocab);
            }
        }
        if let Some(upward) = row.upward {
            read.field(&mut d, "upward", &Json::Bool(upward), &path.key("upward"), vocab);
        }
        if let Some(line) = read.finish(&mut d, &path, vocab) {
            lines.push(line);
        }
    }
    if d.errors.is_empty() {
        check_sums(&mut d, &lines, &lines_path);
    }
    if d.errors.is_empty() {
        Ok(Allocation {
            is_final,
            lines,
            ignored_columns: Vec::new(),
        })
    } else {
        Err(crate::input::InputErrors(d.errors))
    }
}
