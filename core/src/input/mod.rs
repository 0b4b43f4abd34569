//! Input errors: what is wrong with a document that is not a well-formed instance of its kind.
//!
//! A malformed document gets no report, but the list of all its problems, each with a stable
//! code, the JSON path (and for CSV the file line), and a message in Chinese and English that
//! says what was expected. This module owns the error and its code; the kinds of problem are
//! in `problem.rs`, their messages in `messages.rs`.

mod messages;
mod problem;

use std::fmt;

use crate::lang::Lang;
use crate::path::Path;

pub use crate::message::shown;
pub use problem::{Allowed, AllowedValue, Expected, InputProblem, JsonReason, SubcategoryMismatch, Total};

/// The stable input error codes of rules.md, "Input validation".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputCode {
    Syntax,
    Type,
    Missing,
    UnknownField,
    Vocabulary,
    Money,
    Date,
    Range,
    Limit,
}

impl InputCode {
    pub fn as_str(self) -> &'static str {
        match self {
            InputCode::Syntax => "input.syntax",
            InputCode::Type => "input.type",
            InputCode::Missing => "input.missing",
            InputCode::UnknownField => "input.unknown_field",
            InputCode::Vocabulary => "input.vocabulary",
            InputCode::Money => "input.money",
            InputCode::Date => "input.date",
            InputCode::Range => "input.range",
            InputCode::Limit => "input.limit",
        }
    }
}

impl fmt::Display for InputCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem of a malformed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The problem's code, as `InputProblem::code` gives it.
    pub code: InputCode,
    pub path: Path,
    /// The 1-based line of a CSV file the problem is on.
    pub line: Option<usize>,
    problem: InputProblem,
}

impl InputError {
    /// The error of `problem` at `path`; its code is the problem's.
    pub fn new(path: Path, problem: InputProblem) -> Self {
        InputError {
            code: problem.code(),
            path,
            line: None,
            problem,
        }
    }

    pub fn on_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn problem(&self) -> &InputProblem {
        &self.problem
    }

    /// The message in `lang`, rendered from the problem.
    pub fn message(&self, lang: Lang) -> String {
        self.problem.message(lang)
    }
}

/// Every problem of one document, in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl From<InputError> for InputErrors {
    fn from(error: InputError) -> Self {
        InputErrors(vec![error])
    }
}

impl InputErrors {
    /// The errors as the canonical JSON array: `[{"code","path","message"[,"line"]}]`.
    pub fn to_json(&self, lang: Lang) -> String {
        let mut out = String::from("[");
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"code\":");
            crate::report::write_json_string(&mut out, error.code.as_str());
            out.push_str(",\"path\":");
            crate::report::write_json_string(&mut out, &error.path.to_string());
            if let Some(line) = error.line {
                out.push_str(&format!(",\"line\":{line}"));
            }
            out.push_str(",\"message\":");
            crate::report::write_json_string(&mut out, &error.message(lang));
            out.push('}');
        }
        out.push(']');
        out
    }
}

/// Limits on what one document may cost to read. Generous by default; configurable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
    pub max_lines: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 * 1024 * 1024,
            max_depth: 64,
            max_lines: 10_000_000,
        }
    }
}
