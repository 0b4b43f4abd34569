//! The input documents: `application`, `allocation` (JSON, CSV or a table's cells) and `progress`.

pub mod allocation;
pub mod application;
mod chunks;
pub mod csv;
pub mod progress;
pub mod record;
#[cfg(feature = "one-pass")]
pub mod stream;
pub mod table;

use crate::decode::Decoder;
use crate::input::{InputErrors, Limits};
use crate::json::{self, Json};
use crate::pack::Vocabularies;
use crate::path::At;

/// Where an allocation's lines are: `/lines`.
pub(crate) const LINES: At<'static> = At::Key(&At::ROOT, "lines");

/// A well-formed document of one of the three kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    Application(application::Application),
    Allocation(allocation::Allocation),
    Progress(progress::Progress),
}

impl Document {
    pub fn kind(&self) -> &'static str {
        match self {
            Document::Application(_) => "application",
            Document::Allocation(_) => "allocation",
            Document::Progress(_) => "progress",
        }
    }
}

/// Parses JSON bytes into a document of the kind its `kind` field names.
pub fn from_json(bytes: &[u8], vocab: &Vocabularies, limits: &Limits) -> Result<Document, InputErrors> {
    // A well-formed application in one pass; anything else (and every problem) through the tree.
    #[cfg(feature = "one-pass")]
    if let Some(app) = stream::application(bytes, vocab, limits) {
        return Ok(Document::Application(app));
    }
    let tree = json::parse(bytes, limits)?;
    from_tree(&tree, vocab, limits)
}

/// Decodes a parsed JSON tree, collecting every problem.
pub fn from_tree(tree: &Json, vocab: &Vocabularies, limits: &Limits) -> Result<Document, InputErrors> {
    let mut d = Decoder::default();
    let root = At::ROOT;
    let Some(entries) = d.object(tree, &root) else {
        return Err(InputErrors(d.errors));
    };
    let kind_value = entries.iter().find(|(k, _)| k == "kind").map(|(_, v)| v);
    let kind = match kind_value {
        None | Some(Json::Null) => {
            d.missing(&root.key("kind"));
            None
        }
        Some(value) => d.vocabulary(value, &root.key("kind"), &vocab.kinds()),
    };
    let Some(kind) = kind else {
        return Err(InputErrors(d.errors));
    };
    let document = match kind.as_str() {
        "application" => application::decode(&mut d, tree, vocab, None).map(Document::Application),
        "allocation" => allocation::decode(&mut d, entries, vocab, limits.max_lines).map(Document::Allocation),
        _ => progress::decode(&mut d, tree).map(Document::Progress),
    };
    match document {
        Some(document) if d.errors.is_empty() => Ok(document),
        _ => Err(InputErrors(d.errors)),
    }
}
