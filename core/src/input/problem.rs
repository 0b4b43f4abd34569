//! What is wrong with an input document, as data: one variant per kind of problem, carrying
//! what its message needs. The stable code falls out of the variant (`InputProblem::code`);
//! the zh/en text is rendered from it in `messages.rs`, and nowhere else.

use super::InputCode;
use crate::money::MoneyProblem;

/// One kind of problem of a malformed document.
///
/// A user's value is kept as given; the message quotes it (cut short when long, see
/// `input::shown`) when it is rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputProblem {
    // ── input.syntax: the bytes are not a document ─────────────────────────────────────
    /// A JSON document with no bytes (or only a BOM).
    Empty,
    /// A JSON document of spaces, tabs and line breaks only.
    OnlyWhitespace,
    /// A JSON document that starts with a UTF-16 or UTF-32 byte order mark.
    Bom { name: &'static str },
    /// A JSON document whose bytes stop being UTF-8 on `line`, at byte offset `byte`.
    NotUtf8 { line: usize, byte: usize },
    /// Text that is not JSON; `detail` is the parser's own (English) account of it.
    NotJson {
        line: usize,
        column: usize,
        reason: JsonReason,
        detail: String,
    },
    /// An object key that appears a second time.
    DuplicateKey { key: String },
    /// A CSV file that starts with a UTF-16 or UTF-32 byte order mark.
    CsvBom { name: &'static str },
    /// A CSV file whose `line` is not UTF-8.
    CsvNotUtf8 { line: usize },
    /// GB18030 was asked for, but this build does not decode it.
    NoGb18030Decoder,
    /// Bytes that are not GB18030 text.
    NotGb18030,
    /// A CSV file with no lines at all.
    CsvEmpty { header: &'static [&'static str] },
    /// A CSV file whose first line is not the header.
    CsvHeader { header: &'static [&'static str] },
    /// A CSV header (or a table) without a column for a field (`label` its zh name in the pack, or empty).
    MissingColumn { field: String, label: String },
    /// A CSV header naming a field twice.
    CsvDuplicateColumn { field: String },
    /// A CSV row with the wrong number of cells.
    ColumnCount { expected: usize, found: usize },
    /// A CSV row with a quote that is never closed.
    UnclosedQuote,

    // ── input.type, input.missing, input.unknown_field ─────────────────────────────────
    /// A value of the wrong JSON type; `found` is the JSON type's name (`Json::type_name`).
    WrongType { expected: Expected, found: &'static str },
    /// A required field that is absent (or null).
    Missing { field: String },
    /// A field the document kind does not have.
    UnknownField { field: String },

    // ── input.vocabulary ───────────────────────────────────────────────────────────────
    /// A value outside a closed list of the pack (`category`, `source`, document codes, …).
    NotInVocabulary { value: String, allowed: Box<Allowed> },
    /// A region that is neither a six-digit division code nor a name the pack gives a region.
    Region { value: String, known: Vec<AllowedValue> },
    /// A line's sub-category that is not one of its category's (`allowed` its category's).
    SubcategoryOf(Box<SubcategoryMismatch>),

    // ── input.money ────────────────────────────────────────────────────────────────────
    /// A text that is not an amount of money.
    Money { text: String, problem: MoneyProblem },
    /// An amount of 0 or less.
    NotPositive { text: String },
    /// Amounts whose sum leaves the exact decimal range at two places.
    TotalOutOfRange { of: Total },

    // ── input.date ─────────────────────────────────────────────────────────────────────
    /// A text that is not a real date written `YYYY-MM-DD`.
    Date { text: String },
    /// A programme year that is not a year (`2019`, `2019年`).
    Year { text: String },

    // ── input.range ────────────────────────────────────────────────────────────────────
    /// A whole number that is not a count (negative, or too large).
    NotCount { text: String },
    /// A quantity (floor area, radius) below 0.
    NegativeQuantity { text: String },
    /// Previous retail sales of 0: growth has no base.
    ZeroPreviousSales,
    /// No trainees: the conversion rate has no base.
    ZeroTrainees,
    /// Poor-household attendances above all attendances.
    PoorAttendancesExceed { poor: u64, attendances: u64 },
    /// More trainees who started a business than trainees.
    StartedExceedsTrainees { started: u64, trainees: u64 },
    /// A coverage total of 0: coverage has no base.
    ZeroTotal,
    /// More covered than there are in total.
    CoveredExceedsTotal { covered: u64, total: u64 },

    // ── input.limit ────────────────────────────────────────────────────────────────────
    /// A JSON document larger than `Limits::max_bytes`.
    TooLarge { limit: usize },
    /// A CSV file larger than `Limits::max_bytes`.
    FileTooLarge { limit: usize },
    /// Nesting deeper than `Limits::max_depth`.
    TooDeep { limit: usize },
    /// Nesting deeper than the JSON parser reads.
    TooDeepForParser { limit: usize },
    /// More allocation lines than `Limits::max_lines` (counted while reading rows).
    TooManyLines { limit: usize },
    /// An array of `count` allocation lines, more than `Limits::max_lines`.
    LineCount { count: usize, limit: usize },
}

/// The closed list a value was not in, as the pack names it (boxed in `NotInVocabulary`,
/// which keeps every problem small).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allowed {
    /// What the list is, in each language (`资金来源`, `fund source`).
    pub name_zh: String,
    pub name_en: String,
    /// The clause that defines the list.
    pub clause: String,
    /// Every value the list allows, in the pack's order.
    pub values: Vec<AllowedValue>,
}

/// A sub-category named with a category it does not belong to (boxed: every problem stays
/// small).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubcategoryMismatch {
    pub sub: AllowedValue,
    pub category: AllowedValue,
    /// The category's sub-categories.
    pub allowed: Vec<AllowedValue>,
}

/// One value a closed list allows: its code and, when the pack gives them, its `(zh, en)`
/// labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedValue {
    pub id: String,
    pub label: Option<(String, String)>,
}

/// What a value of the wrong type should have been.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Object,
    Array,
    String,
    Boolean,
    /// A yes/no cell of an allocation line (`upward`): a boolean or one of the yes/no words.
    YesNo,
    WholeNumber,
    Number,
    Date,
    Amount,
    /// A programme year (`2019`).
    Year,
}

/// Why a text is not JSON, as the parser classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonReason {
    /// The text ends in the middle of a value.
    Eof,
    /// A character that JSON does not allow there.
    Syntax,
    /// Anything else the parser could not read.
    Unreadable,
}

/// Whose amounts add up beyond the exact decimal range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Total {
    /// An allocation's lines.
    Lines,
    /// An application's payments.
    Payments,
}

impl InputProblem {
    /// The stable code of this kind of problem (rules.md, "Input validation").
    pub fn code(&self) -> InputCode {
        use InputProblem::*;
        match self {
            Empty | OnlyWhitespace | Bom { .. } | NotUtf8 { .. } | NotJson { .. } | DuplicateKey { .. } => {
                InputCode::Syntax
            }
            CsvBom { .. } | CsvNotUtf8 { .. } | NoGb18030Decoder | NotGb18030 => InputCode::Syntax,
            CsvEmpty { .. } | CsvHeader { .. } | ColumnCount { .. } | UnclosedQuote => InputCode::Syntax,
            MissingColumn { .. } | CsvDuplicateColumn { .. } => InputCode::Syntax,
            WrongType { .. } => InputCode::Type,
            Missing { .. } => InputCode::Missing,
            UnknownField { .. } => InputCode::UnknownField,
            NotInVocabulary { .. } | Region { .. } | SubcategoryOf(_) => InputCode::Vocabulary,
            Money { .. } | NotPositive { .. } | TotalOutOfRange { .. } => InputCode::Money,
            Date { .. } | Year { .. } => InputCode::Date,
            NotCount { .. } | NegativeQuantity { .. } | ZeroPreviousSales | ZeroTrainees => InputCode::Range,
            PoorAttendancesExceed { .. } | StartedExceedsTrainees { .. } => InputCode::Range,
            ZeroTotal | CoveredExceedsTotal { .. } => InputCode::Range,
            TooLarge { .. } | FileTooLarge { .. } | TooDeep { .. } | TooDeepForParser { .. } => InputCode::Limit,
            TooManyLines { .. } | LineCount { .. } => InputCode::Limit,
        }
    }
}
