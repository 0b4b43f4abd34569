//! Documents held by a host language (a Python dict, a JavaScript object), read straight into
//! the core's JSON tree instead of being written out as JSON text and parsed again.
//!
//! A binding only says what each of its values is ([`Host`]); the walk, the limits and the
//! decision to stop are here, once. The result is the very tree [`crate::json::parse`] gives
//! for the host's JSON text, so everything after it (decoding, normalisation, every input
//! error and its path) is the general path. Anything the text would be read differently
//! from, or that this reader does not take (a non-text key, a number past 64 bits, a NaN, a
//! type the host writes out in its own way, nesting at the depth limit, a document that might
//! pass the size limit), is [`Unusual`]: the binding then writes the JSON text and the core
//! reads that, so the answer never depends on which way a document came in.

use std::borrow::Cow;
use std::cell::Cell;

use crate::decode::{Decoder, Held, Node, View};
use crate::doc::application::Application;
use crate::input::Limits;
use crate::json::{shortest_text, Json, Number};
use crate::pack::Vocabularies;

/// What one value of a host document is.
pub enum Shape<'a> {
    Null,
    Bool(bool),
    Integer(i64),
    Unsigned(u64),
    /// A double, as the host holds it (its JSON text is its shortest round-trip form).
    Float(f64),
    Text(Cow<'a, str>),
    /// A list of this many items ([`Host::items`]).
    Array(usize),
    /// A mapping of this many entries with text keys ([`Host::entries`]).
    Object(usize),
}

/// "Read this document from its JSON text": the reader met something it does not take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unusual;

/// What a host hands each item of an array to ([`Host::items`]).
pub type EachItem<'e, V> = dyn FnMut(&V) -> Result<(), Unusual> + 'e;

/// What a host hands each entry of an object to ([`Host::entries`]): its key, which the tree
/// keeps as given (a host that has the key's text for good, as a `&'static str`, lends it; one
/// that made a `String` hands that over), and its value.
pub type EachEntry<'e, V> = dyn FnMut(Cow<'static, str>, &V) -> Result<(), Unusual> + 'e;

/// A host language's view of its own values.
pub trait Host {
    type Value;

    /// What `value` is, or [`Unusual`] for anything else.
    fn shape<'a>(&self, value: &'a Self::Value) -> Result<Shape<'a>, Unusual>;

    /// Hands each item of an array, in order, to `each`.
    fn items(&self, value: &Self::Value, each: &mut EachItem<'_, Self::Value>) -> Result<(), Unusual>;

    /// Hands each entry of an object, in order, to `each`; a key that is not text is
    /// [`Unusual`].
    fn entries(&self, value: &Self::Value, each: &mut EachEntry<'_, Self::Value>) -> Result<(), Unusual>;
}

/// The JSON tree of a host document whose top is an object, or [`Unusual`].
pub fn tree<H: Host + ?Sized>(host: &H, value: &H::Value, limits: &Limits) -> Result<Json<'static>, Unusual> {
    if !matches!(host.shape(value)?, Shape::Object(_)) {
        return Err(Unusual);
    }
    let mut budget = limits.max_bytes;
    read(host, value, 0, max_depth(limits), &mut budget)
}

/// The depth from which a container is left to the text reader: it reports a container at
/// the depth limit, and past the parser's own bound (a configured limit above it) a parser
/// limit.
fn max_depth(limits: &Limits) -> usize {
    limits.max_depth.min(crate::json::PARSER_MAX_DEPTH - 1)
}

/// A well-formed application held by a host, read straight into the document without a tree
/// (the decoders read the host's values through [`Node`]); `None` for anything else — another
/// kind, any input error, anything [`tree`] would find unusual — which the caller then reads
/// through [`tree`] (and, from there, the text), where every problem is reported. What this
/// gives is the very document the tree gives: the same decoders read the same views.
pub fn application<H>(host: &H, value: &H::Value, vocab: &Vocabularies, limits: &Limits) -> Option<Application>
where
    H: Host + ?Sized,
    H::Value: Clone,
{
    let walk = Walk {
        host,
        budget: Cell::new(limits.max_bytes),
        max_depth: max_depth(limits),
        unusual: Cell::new(false),
    };
    let root = HostNode::new(&walk, value, 0).ok()?;
    if !matches!(root.held, Held::Object(_)) {
        return None;
    }
    let mut d = Decoder::default();
    let mut kind = None;
    let app = crate::doc::application::decode(&mut d, &root, vocab, Some(&mut kind))?;
    let whole = kind.as_deref() == Some("application")
        && d.errors.is_empty()
        && !walk.unusual.get()
        && root.check_read().is_ok();
    whole.then_some(app)
}

/// One reading of a host document without a tree: what its text may still spend (as
/// [`tree`] counts it), and whether something unusual was met.
struct Walk<'h, H: Host + ?Sized> {
    host: &'h H,
    budget: Cell<usize>,
    max_depth: usize,
    unusual: Cell<bool>,
}

impl<H: Host + ?Sized> Walk<'_, H> {
    fn spend(&self, bytes: usize) -> Result<(), Unusual> {
        let mut budget = self.budget.get();
        spend(&mut budget, bytes)?;
        self.budget.set(budget);
        Ok(())
    }
}

/// One value of a host document as the decoders see it: what it is (read, and counted
/// against the budget, once, when it is handed out), and the host's value for a container.
struct HostNode<'w, 'h, H: Host + ?Sized> {
    walk: &'w Walk<'h, H>,
    container: Option<H::Value>,
    held: Held<String>,
    depth: usize,
    /// A container whose values have all been handed out: one handed over and not read is
    /// unusual (its values were not counted), as the one-pass reader of text gives up on it.
    read: Cell<bool>,
}

impl<'w, 'h, H> HostNode<'w, 'h, H>
where
    H: Host + ?Sized,
    H::Value: Clone,
{
    /// Counts each value as [`read`] does, and refuses what it refuses ([`held`]).
    fn new(walk: &'w Walk<'h, H>, value: &H::Value, depth: usize) -> Result<Self, Unusual> {
        let mut budget = walk.budget.get();
        let held = held(walk.host.shape(value)?, depth, walk.max_depth, &mut budget)?;
        walk.budget.set(budget);
        let container = held.is_container().then(|| value.clone());
        Ok(HostNode {
            walk,
            container,
            held,
            depth,
            read: Cell::new(false),
        })
    }

    /// After its reader had `self`: a container it did not read through is unusual.
    fn check_read(&self) -> Result<(), Unusual> {
        match (&self.container, self.read.get()) {
            (Some(_), false) => Err(Unusual),
            _ => Ok(()),
        }
    }
}

impl<H> Node for HostNode<'_, '_, H>
where
    H: Host + ?Sized,
    H::Value: Clone,
{
    fn view(&self) -> View<'_> {
        self.held.view()
    }

    fn items(&self, mut each: impl FnMut(usize, &Self)) {
        let (Some(value), Held::Array(_)) = (&self.container, &self.held) else {
            return;
        };
        let mut index = 0;
        let read = self.walk.host.items(value, &mut |item| {
            let item = HostNode::new(self.walk, item, self.depth + 1)?;
            each(index, &item);
            index += 1;
            item.check_read()
        });
        match read {
            Ok(()) => self.read.set(true),
            Err(Unusual) => self.walk.unusual.set(true),
        }
    }

    fn entries(&self, mut each: impl FnMut(&str, &Self)) {
        let (Some(value), Held::Object(_)) = (&self.container, &self.held) else {
            return;
        };
        let read = self.walk.host.entries(value, &mut |key, item| {
            self.walk.spend(text_bytes(&key))?;
            let item = HostNode::new(self.walk, item, self.depth + 1)?;
            each(&key, &item);
            item.check_read()
        });
        match read {
            Ok(()) => self.read.set(true),
            Err(Unusual) => self.walk.unusual.set(true),
        }
    }
}

/// Takes `bytes` from what the document's JSON text may still spend. The sizes are upper
/// bounds of the text a host writes (a character escaped as `\u0000` is six bytes), so a
/// document that stays within the budget is within `max_bytes` as text, and one that might
/// not is read from its text, which decides.
fn spend(budget: &mut usize, bytes: usize) -> Result<(), Unusual> {
    *budget = budget.checked_sub(bytes).ok_or(Unusual)?;
    Ok(())
}

fn text_bytes(text: &str) -> usize {
    text.len().saturating_mul(6).saturating_add(3)
}

fn read<H: Host + ?Sized>(
    host: &H,
    value: &H::Value,
    depth: usize,
    max_depth: usize,
    budget: &mut usize,
) -> Result<Json<'static>, Unusual> {
    Ok(match held(host.shape(value)?, depth, max_depth, budget)? {
        Held::Null => Json::Null,
        Held::Bool(b) => Json::Bool(b),
        Held::Number(n) => Json::Number(n),
        Held::Text(text) => Json::String(Cow::Owned(text)),
        Held::Array(len) => {
            let mut items = Vec::with_capacity(len.min(*budget));
            host.items(value, &mut |item| {
                items.push(read(host, item, depth + 1, max_depth, budget)?);
                Ok(())
            })?;
            Json::Array(items)
        }
        Held::Object(len) => {
            let mut entries = Vec::with_capacity(len.min(*budget));
            host.entries(value, &mut |key, item| {
                spend(budget, text_bytes(&key))?;
                let item = read(host, item, depth + 1, max_depth, budget)?;
                entries.push((key, item));
                Ok(())
            })?;
            Json::Object(entries)
        }
    })
}

/// What one value is, counted against what the document's text may still spend (a key is
/// counted by whoever hands it over), or [`Unusual`] for what the text reader decides: a NaN,
/// a container at the depth limit.
fn held(shape: Shape<'_>, depth: usize, max_depth: usize, budget: &mut usize) -> Result<Held<String>, Unusual> {
    let (bytes, held) = match shape {
        Shape::Null => (5, Held::Null),
        Shape::Bool(b) => (6, Held::Bool(b)),
        Shape::Integer(i) => (21, Held::Number(Number::Integer(i128::from(i)))),
        Shape::Unsigned(u) => (21, Held::Number(Number::Integer(i128::from(u)))),
        Shape::Float(f) if f.is_finite() => (32, Held::Number(Number::Decimal(shortest_text(f)))),
        Shape::Float(_) => return Err(Unusual),
        Shape::Text(text) => (text_bytes(&text), Held::Text(text.into_owned())),
        Shape::Array(_) | Shape::Object(_) if depth >= max_depth => return Err(Unusual),
        // Brackets and the comma after them, as every value's count has its comma.
        Shape::Array(len) => (3, Held::Array(len)),
        Shape::Object(len) => (3, Held::Object(len)),
    };
    spend(budget, bytes)?;
    Ok(held)
}

/// The core's own tree as a host: the reader gives back the tree it walks (what the fuzz
/// target `json_document` and the tests read a host document through), owned
/// ([`Json::into_owned`]) as a host's values are.
pub struct Parsed;

impl Host for Parsed {
    type Value = Json<'static>;

    fn shape<'a>(&self, value: &'a Json<'static>) -> Result<Shape<'a>, Unusual> {
        Ok(match value {
            Json::Null => Shape::Null,
            Json::Bool(b) => Shape::Bool(*b),
            Json::Number(Number::Integer(i)) => match i64::try_from(*i) {
                Ok(i) => Shape::Integer(i),
                Err(_) => Shape::Unsigned(u64::try_from(*i).map_err(|_| Unusual)?),
            },
            Json::Number(Number::Decimal(text)) => Shape::Float(text.parse().map_err(|_| Unusual)?),
            Json::String(s) => Shape::Text(Cow::Borrowed(s)),
            Json::Array(items) => Shape::Array(items.len()),
            Json::Object(entries) => Shape::Object(entries.len()),
        })
    }

    fn items(&self, value: &Json<'static>, each: &mut EachItem<'_, Json<'static>>) -> Result<(), Unusual> {
        let Json::Array(items) = value else { return Err(Unusual) };
        items.iter().try_for_each(each)
    }

    fn entries(&self, value: &Json<'static>, each: &mut EachEntry<'_, Json<'static>>) -> Result<(), Unusual> {
        let Json::Object(entries) = value else {
            return Err(Unusual);
        };
        entries.iter().try_for_each(|(k, v)| each(k.clone(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Json<'static> {
        crate::json::parse(text.as_bytes(), &Limits::default()).map_or(Json::Null, Json::into_owned)
    }

    #[test]
    fn a_host_tree_is_the_tree_of_its_text() {
        let text = r#"{"a": [1, -2, 18446744073709551615, 0.5, 1e21, -0.0, true, null, "x\u0001\"y"],
                       "b": {"c": {}, "d": []}, "金额": "1,200,000.00"}"#;
        let tree = parsed(text);
        assert!(matches!(tree, Json::Object(_)));
        assert_eq!(super::tree(&Parsed, &tree, &Limits::default()), Ok(tree));
    }

    #[test]
    fn what_the_text_decides_is_left_to_the_text() {
        let limits = Limits::default();
        // The top of a document is an object.
        assert_eq!(super::tree(&Parsed, &parsed("[1]"), &limits), Err(Unusual));
        // A container at the depth limit: the text reader reports it with its path.
        let shallow = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        assert!(super::tree(&Parsed, &parsed(r#"{"a": {"b": 1}}"#), &shallow).is_ok());
        assert_eq!(
            super::tree(&Parsed, &parsed(r#"{"a": {"b": []}}"#), &shallow),
            Err(Unusual)
        );
        // A document that might pass the size limit as text.
        let small = Limits {
            max_bytes: 40,
            ..Limits::default()
        };
        assert!(super::tree(&Parsed, &parsed(r#"{"a": "b"}"#), &small).is_ok());
        // Past the parser's own bound a configured limit is the parser's: left to the text.
        let deep_limit = Limits {
            max_depth: 500,
            ..Limits::default()
        };
        let mut deep = Json::Object(Vec::new());
        for _ in 0..130 {
            deep = Json::Object(vec![("a".into(), deep)]);
        }
        assert_eq!(super::tree(&Parsed, &deep, &deep_limit), Err(Unusual));
        // Each empty container costs its comma too: `[],` is three bytes.
        let empties = Json::Object(vec![("x".into(), Json::Array(vec![Json::Array(Vec::new()); 10]))]);
        let tight = Limits {
            max_bytes: 40,
            ..Limits::default()
        };
        assert_eq!(super::tree(&Parsed, &empties, &tight), Err(Unusual));
        assert_eq!(
            super::tree(&Parsed, &parsed(r#"{"a": "bbbbbbbbbbbbbbbbbbbbbbbbbb"}"#), &small),
            Err(Unusual)
        );
    }
}
