//! Strict JSON: the document tree every input kind is decoded from.
//!
//! Stricter than JSON parsers usually are, because a subsidy form must not be read two ways:
//! a duplicate key is kept for the decoder to report (never "the last one wins"), a leading BOM is skipped, nesting has a
//! depth limit, and numbers keep their shortest round-trip decimal text so money is judged
//! without floating point arithmetic.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::input::{InputError, InputErrors, InputProblem, JsonReason, Limits};
use crate::path::{At, Path};

/// A parsed JSON value. Objects keep their keys in document order. A string or key without
/// escapes is borrowed from the text it was read from (most of them: nothing is copied for
/// it); one with escapes, or one a host language gave, is owned.
#[derive(Clone, Debug, PartialEq)]
pub enum Json<'t> {
    Null,
    Bool(bool),
    /// A number, as its shortest round-trip decimal text (`"1200000"`, `"0.5"`, `"-3"`).
    Number(Number),
    String(Cow<'t, str>),
    Array(Vec<Json<'t>>),
    Object(Vec<(Cow<'t, str>, Json<'t>)>),
}

/// An object's entries, in document order.
pub type Entries<'t> = [(Cow<'t, str>, Json<'t>)];

/// A JSON number: an exact integer, or a double kept as its shortest decimal text.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    Integer(i128),
    Decimal(String),
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Integer(i) => write!(f, "{i}"),
            Number::Decimal(text) => f.write_str(text),
        }
    }
}

impl Json<'_> {
    /// The same tree, owning every string (to keep it past the text it was read from).
    pub fn into_owned(self) -> Json<'static> {
        let owned = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        match self {
            Json::Null => Json::Null,
            Json::Bool(b) => Json::Bool(b),
            Json::Number(n) => Json::Number(n),
            Json::String(s) => Json::String(owned(s)),
            Json::Array(items) => Json::Array(items.into_iter().map(Json::into_owned).collect()),
            Json::Object(entries) => {
                Json::Object(entries.into_iter().map(|(k, v)| (owned(k), v.into_owned())).collect())
            }
        }
    }

    /// The name of the JSON type, for "expected …, found …" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }
}

/// Parses JSON bytes into a tree, or lists every problem found (syntax, depth).
pub fn parse<'t>(bytes: &'t [u8], limits: &Limits) -> Result<Json<'t>, InputErrors> {
    if bytes.len() > limits.max_bytes {
        return Err(InputError::new(
            Path::root(),
            InputProblem::TooLarge {
                limit: limits.max_bytes,
            },
        )
        .into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = utf8_text(bytes)?;
    if text.trim_matches(is_json_whitespace).is_empty() {
        let problem = if text.is_empty() {
            InputProblem::Empty
        } else {
            InputProblem::OnlyWhitespace
        };
        return Err(InputError::new(Path::root(), problem).into());
    }
    let problems = RefCell::new(Vec::new());
    let scratch = Scratch::new();
    // serde_json stops at 128 levels on its own, which bounds the stack; our limit is lower
    // (`Limits::max_depth`; above 127 the parser's bound decides) and reported as a limit,
    // not as bad syntax.
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let seed = Node {
        at: At::ROOT,
        depth: 0,
        limits,
        problems: &problems,
        scratch: &scratch,
    };
    let value = seed.deserialize(&mut deserializer).and_then(|v| {
        deserializer.end()?;
        Ok(v)
    });
    let mut problems = problems.into_inner();
    match value {
        Ok(value) if problems.is_empty() => Ok(value),
        Ok(_) => Err(InputErrors(problems)),
        Err(error) if error.to_string().starts_with("recursion limit exceeded") => {
            // Past our own limit, the parser's (127 levels) stops reading what is being skipped;
            // a configured limit above 127 meets the parser's first, which is still a limit.
            if problems.is_empty() {
                let limit = PARSER_MAX_DEPTH;
                problems.push(InputError::new(Path::root(), InputProblem::TooDeepForParser { limit }));
            }
            Err(InputErrors(problems))
        }
        Err(error) => {
            let problem = InputProblem::NotJson {
                line: error.line(),
                column: error.column(),
                reason: syntax_reason(&error),
                detail: syntax_detail(&error),
            };
            problems.push(InputError::new(Path::root(), problem));
            Err(InputErrors(problems))
        }
    }
}

/// How many levels serde_json reads: it stops with "recursion limit exceeded" at the 128th.
pub(crate) const PARSER_MAX_DEPTH: usize = 127;

/// A double as this reader keeps a JSON number: its shortest round-trip decimal, never in
/// exponent form ([`crate::lean::float_text`]), `-0` as `0`. A table's float cell is read through it too.
pub fn shortest_text(v: f64) -> String {
    let text = crate::lean::float_text(v);
    if text == "-0" {
        "0".into()
    } else {
        text
    }
}

fn is_json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The bytes as UTF-8 text, or an error naming the line and byte where they stop being UTF-8
/// (and saying so plainly for UTF-16 and UTF-32, which Windows tools write with a BOM).
fn utf8_text(bytes: &[u8]) -> Result<&str, InputError> {
    if let Some(name) = utf16_or_32(bytes) {
        return Err(InputError::new(Path::root(), InputProblem::Bom { name }));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes.get(..at).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) + 1;
        InputError::new(Path::root(), InputProblem::NotUtf8 { line, byte: at })
    })
}

/// The name of a UTF-16 or UTF-32 encoding whose byte order mark starts the bytes.
pub(crate) fn utf16_or_32(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE\0\0") {
        Some("UTF-32LE")
    } else if bytes.starts_with(b"\0\0\xFE\xFF") {
        Some("UTF-32BE")
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some("UTF-16LE")
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// The parser's own account of the problem, without the position it appends.
fn syntax_detail(error: &serde_json::Error) -> String {
    let text = error.to_string();
    // serde_json appends " at line L column C"; the position is already given.
    match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_string(),
        None => text,
    }
}

fn syntax_reason(error: &serde_json::Error) -> JsonReason {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => JsonReason::Eof,
        Category::Syntax => JsonReason::Syntax,
        Category::Data | Category::Io => JsonReason::Unreadable,
    }
}

/// Where the values of the arrays and objects being read wait until their container ends:
/// each container is then allocated once, at its size, rather than grown as it is read. A
/// container's values sit above those of the containers around it (each is taken off when its
/// container ends), so one stack serves every level.
struct Scratch<'t> {
    items: RefCell<Vec<Json<'t>>>,
    entries: RefCell<Vec<(Cow<'t, str>, Json<'t>)>>,
}

impl Scratch<'_> {
    /// Room for a form's values at once: the stacks rarely grow while a document is read.
    fn new() -> Self {
        Scratch {
            items: RefCell::new(Vec::with_capacity(16)),
            entries: RefCell::new(Vec::with_capacity(64)),
        }
    }
}

/// The values above `start`, as a vector of their own size.
fn take_from<T>(stack: &RefCell<Vec<T>>, start: usize) -> Vec<T> {
    stack.borrow_mut().drain(start..).collect()
}

/// Where the parser is: a borrowed chain ([`At`]), so a path is built only for a problem,
/// not for every value (most documents have none).
struct Node<'a, 't> {
    at: At<'a>,
    depth: usize,
    limits: &'a Limits,
    problems: &'a RefCell<Vec<InputError>>,
    scratch: &'a Scratch<'t>,
}

impl<'t> Node<'_, 't> {
    fn child<'b>(&'b self, at: At<'b>) -> Node<'b, 't> {
        Node {
            at,
            depth: self.depth + 1,
            limits: self.limits,
            problems: self.problems,
            scratch: self.scratch,
        }
    }

    fn too_deep(&self) -> bool {
        if self.depth < self.limits.max_depth {
            return false;
        }
        let limit = self.limits.max_depth;
        self.problems
            .borrow_mut()
            .push(InputError::new(self.at.to_path(), InputProblem::TooDeep { limit }));
        true
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_, 'de> {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Reads an object's key, borrowed from the text when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

impl<'de> Visitor<'de> for Node<'_, 'de> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(Number::Integer(i128::from(v))))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(Number::Integer(i128::from(v))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json<'de>, E> {
        if !v.is_finite() {
            return Err(E::custom("number out of range"));
        }
        Ok(Json::Number(Number::Decimal(shortest_text(v))))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        if self.too_deep() {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(Json::Null);
        }
        let start = self.scratch.items.borrow().len();
        let mut read = || -> Result<(), A::Error> {
            let mut index = 0;
            while let Some(item) = seq.next_element_seed(self.child(self.at.index(index)))? {
                self.scratch.items.borrow_mut().push(item);
                index += 1;
            }
            Ok(())
        };
        let outcome = read();
        let items = take_from(&self.scratch.items, start);
        outcome.map(|()| Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        if self.too_deep() {
            while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
            return Ok(Json::Null);
        }
        let start = self.scratch.entries.borrow().len();
        let mut read = || -> Result<(), A::Error> {
            while let Some(key) = map.next_key_seed(KeySeed)? {
                let value = map.next_value_seed(self.child(self.at.key(&key)))?;
                // A duplicate key is kept, in its place: the document's decoder reports it in
                // document order, beside the document's other problems.
                self.scratch.entries.borrow_mut().push((key, value));
            }
            Ok(())
        };
        let outcome = read();
        let entries = take_from(&self.scratch.entries, start);
        outcome.map(|()| Json::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Json<'_> {
        parse(text.as_bytes(), &Limits::default()).unwrap_or_else(|e| unreachable!("{e:?}"))
    }

    fn codes(text: &[u8]) -> Vec<(String, String)> {
        match parse(text, &Limits::default()) {
            Ok(_) => vec![],
            Err(errors) => errors
                .0
                .iter()
                .map(|e| (e.code.to_string(), e.path.to_string()))
                .collect(),
        }
    }

    #[test]
    fn numbers_keep_their_shortest_decimal_form() {
        assert_eq!(
            parse_ok("[1200000.10, 5, -0.0, 1e6]"),
            Json::Array(vec![
                Json::Number(Number::Decimal("1200000.1".into())),
                Json::Number(Number::Integer(5)),
                Json::Number(Number::Decimal("0".into())),
                Json::Number(Number::Decimal("1000000".into())),
            ])
        );
    }

    #[test]
    fn nested_containers_keep_their_own_values_off_the_shared_scratch_stack() {
        // Every container takes exactly its own values off the one stack, at every level.
        let nested = r#"{"a": {"b": [1, {"c": [2, 3]}, 4], "d": {}}, "e": [[], [5]], "f": 6}"#;
        let expected = parse_ok(nested);
        // A document that fails inside nested containers is a syntax error, not a tree.
        assert!(!codes(br#"{"a": {"b": [1, {"c": [2, "#).is_empty());
        assert!(!codes(br#"[[1, 2], {"x": [3, {"y": }]}]"#).is_empty());
        let Json::Object(entries) = &expected else {
            unreachable!()
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["a", "e", "f"]);
        assert_eq!(
            entries.get(1).map(|(_, v)| v.clone()),
            Some(Json::Array(vec![
                Json::Array(vec![]),
                Json::Array(vec![Json::Number(Number::Integer(5))])
            ]))
        );
        // A long array is taken off the stack whole, at its own size.
        let long = format!("[{}]", vec!["1"; 5000].join(","));
        let Json::Array(items) = parse_ok(&long) else {
            unreachable!()
        };
        assert_eq!((items.len(), items.capacity()), (5000, 5000));
    }

    #[test]
    fn strings_without_escapes_are_borrowed_from_the_text() {
        let tree = parse_ok(r#"{"plain": "410381", "esc\u0061ped": "a\nb", "中文": "偃师"}"#);
        let Json::Object(entries) = &tree else { unreachable!() };
        let shapes: Vec<(bool, bool)> = entries
            .iter()
            .map(|(k, v)| {
                let Json::String(v) = v else { unreachable!() };
                (matches!(k, Cow::Borrowed(_)), matches!(v, Cow::Borrowed(_)))
            })
            .collect();
        assert_eq!(shapes, [(true, true), (false, false), (true, true)]);
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["plain", "escaped", "中文"]);
        assert_eq!(tree.clone().into_owned(), tree);
    }

    #[test]
    fn duplicate_keys_are_kept_in_place_for_the_decoder() {
        let tree = parse_ok(r#"{"a": 1, "a": 2}"#);
        let Json::Object(entries) = tree else { unreachable!() };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn bom_is_skipped_but_bad_utf8_and_nan_are_errors() {
        assert_eq!(parse_ok("\u{feff}{}"), Json::Object(vec![]));
        assert_eq!(codes(b"{\"a\": \"\xff\"}"), vec![("input.syntax".into(), "".into())]);
        assert_eq!(codes(b"[NaN]"), vec![("input.syntax".into(), "".into())]);
    }

    #[test]
    fn empty_documents_and_utf16_say_what_they_are() {
        let message = |bytes: &[u8]| match parse(bytes, &Limits::default()) {
            Ok(_) => String::new(),
            Err(errors) => errors
                .0
                .first()
                .map(|e| e.message(crate::lang::Lang::En))
                .unwrap_or_default(),
        };
        assert_eq!(message(b""), "the document is empty: expected a JSON object");
        assert_eq!(
            message(b"\xEF\xBB\xBF"),
            "the document is empty: expected a JSON object"
        );
        assert_eq!(
            message(b" \t\r\n"),
            "the document holds only whitespace: expected a JSON object"
        );
        assert!(message(b"\xFF\xFE{\0}\0").starts_with("the document is UTF-16LE text"));
        assert!(message(b"\xFE\xFF\0{\0}").starts_with("the document is UTF-16BE text"));
        assert_eq!(message(b"{}\n\xC0\xAF"), "not UTF-8 text: line 2 (byte 3)");
    }

    #[test]
    fn nesting_past_the_limit_is_a_limit_error() {
        let deep = "[".repeat(70) + &"]".repeat(70);
        let errors = codes(deep.as_bytes());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors.first().map(|e| e.0.as_str()), Some("input.limit"));
    }
}
