//! What can be wrong with a pack, found when it is read, linted and built.
//!
//! Pack problems are for the pack's author, so their details are in English (as a compiler's
//! are); each carries a stable code and the place (`rules.<id>.params.<key>`), and the faces
//! render the summary line in the reader's language (`crate::problem`).

use std::fmt;

/// The kind of a pack problem; its code is stable across faces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PackCode {
    /// The file is not TOML (or the compiled JSON does not parse).
    Syntax,
    /// The pack parses but is not consistent: a bad key, a missing message, an unknown kind.
    #[default]
    Invalid,
    /// A calendar the pack names cannot be read or is malformed.
    Calendar,
    /// A `--param` / `params` key or value that does not apply to the pack.
    Param,
    /// The pack file itself cannot be read (missing, not UTF-8).
    Read,
    /// A well-formed base pack (`abstract = true`), which checks documents only through the
    /// packs that extend it.
    Base,
}

impl PackCode {
    pub fn as_str(self) -> &'static str {
        match self {
            PackCode::Syntax => "pack.syntax",
            PackCode::Invalid => "pack.invalid",
            PackCode::Calendar => "pack.calendar",
            PackCode::Param => "pack.param",
            PackCode::Read => "pack.read",
            PackCode::Base => "pack.base",
        }
    }
}

impl fmt::Display for PackCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a pack: where (rule id, key) and what.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}", .place.as_ref().map(|p| format!("{p}: ")).unwrap_or_default(), .message)]
pub struct PackError {
    pub code: PackCode,
    /// The rule id or table the problem is in, with the key: `rules.prepayment.cap.params.share`.
    pub place: Option<String>,
    pub message: String,
}

impl PackError {
    /// An inconsistency at a place of the pack.
    pub fn new(place: impl Into<String>, message: impl Into<String>) -> Self {
        PackError {
            code: PackCode::Invalid,
            place: Some(place.into()),
            message: message.into(),
        }
    }

    /// A problem of the given kind, with or without a place.
    pub fn of(code: PackCode, place: Option<String>, message: impl Into<String>) -> Self {
        PackError {
            code,
            place,
            message: message.into(),
        }
    }

    /// The pack file is not UTF-8 text: a bad pack, not a failure to read it.
    pub fn not_utf8(byte: usize) -> Self {
        PackError::of(
            PackCode::Syntax,
            None,
            format!("not UTF-8 text (at byte {byte}): a pack file is UTF-8"),
        )
    }

    /// The pack file cannot be read at all.
    pub fn unreadable(at: &str, reason: impl fmt::Display) -> Self {
        PackError::of(
            PackCode::Read,
            Some(at.to_string()),
            format!("cannot read the pack file: {reason}"),
        )
    }
}

/// Every problem of a pack.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct PackErrors(pub Vec<PackError>);

impl From<PackError> for PackErrors {
    fn from(error: PackError) -> Self {
        PackErrors(vec![error])
    }
}
