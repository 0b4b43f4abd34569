//! A well-formed application's JSON text read straight into the document, in one pass and
//! without a tree: the decoders (`doc::application`) read the text's values through
//! [`Node`] as a small reader meets them.
//!
//! The reader takes a strict part of JSON only — strings without escapes, integers of at most
//! 18 digits, decimals without an exponent of at most 15 digits, `true`, `false`, `null` — and
//! gives up on anything else (an escape, an exponent, a syntax error, a container too deep, a
//! container the decoders do not read, any input error, a `kind` other than `application`).
//! A document of another kind stops it early: its containers (an allocation's `lines`) are
//! fields the application's decoders do not read. Giving up costs nothing but the time spent: [`super::from_json`]
//! then reads the text as before, through the tree, where every problem is reported. What
//! the reader takes, the tree reads the same (the same strings, the same numbers), so the
//! document is the one the tree gives.

use std::cell::{Cell, RefCell};

use crate::decode::{Decoder, Held, Node, View};
use crate::input::Limits;
use crate::json::{shortest_text, Number};
use crate::pack::Vocabularies;

use super::application::{self, Application};

/// The application of a JSON text, or `None`: read it through the tree.
pub fn application(bytes: &[u8], vocab: &Vocabularies, limits: &Limits) -> Option<Application> {
    if bytes.len() > limits.max_bytes {
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).ok()?;
    let cursor = RefCell::new(Cursor {
        text,
        at: 0,
        failed: false,
        max_depth: limits.max_depth.min(crate::json::PARSER_MAX_DEPTH - 1),
    });
    let root = Value::read(&cursor, 0)?;
    if !matches!(root.held, Held::Object(_)) {
        return None;
    }
    let mut d = Decoder::default();
    let mut kind = None;
    let app = application::decode(&mut d, &root, vocab, Some(&mut kind))?;
    let mut c = cursor.borrow_mut();
    c.skip_space();
    let whole = !c.failed && root.done.get() && c.at == c.text.len();
    (whole && d.errors.is_empty() && kind.as_deref() == Some("application")).then_some(app)
}

/// Where the reader is in the text, and whether it has given up.
struct Cursor<'t> {
    text: &'t str,
    at: usize,
    failed: bool,
    /// A container at this depth is left to the tree (which reports the limit).
    max_depth: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Takes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        if next {
            self.at += 1;
        }
        next
    }

    /// Takes `word` if it comes next.
    fn eat_word(&mut self, word: &str) -> bool {
        let next = self
            .text
            .as_bytes()
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()));
        if next {
            self.at += word.len();
        }
        next
    }

    fn fail<T>(&mut self) -> Option<T> {
        self.failed = true;
        None
    }

    /// A string without escapes or control characters, after its opening quote.
    fn string(&mut self) -> Option<&'t str> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.at) {
                Some(b'"') => break,
                Some(b'\\') | None => return self.fail(),
                Some(b) if *b < 0x20 => return self.fail(),
                Some(_) => self.at += 1,
            }
        }
        let text = self.text.get(start..self.at);
        self.at += 1;
        text.or_else(|| self.fail())
    }

    /// A number as the tree keeps it: an integer of at most 18 digits, or a decimal with a
    /// fraction and no exponent of at most 15 digits (whose double's shortest form the tree
    /// keeps); any other number is left to the tree.
    fn number(&mut self) -> Option<Number> {
        let start = self.at;
        self.eat(b'-');
        let digits = |c: &mut Cursor<'_>| {
            let from = c.at;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.at += 1;
            }
            c.at - from
        };
        let int_start = self.at;
        let whole = digits(self);
        // No leading zero (JSON has none), and no `-0`: the tree's reading of it is its own.
        let leading_zero = whole > 1 && self.text.as_bytes().get(int_start) == Some(&b'0');
        if whole == 0 || leading_zero || self.text.get(start..self.at) == Some("-0") {
            return self.fail();
        }
        let fraction = if self.eat(b'.') { Some(digits(self)) } else { None };
        if matches!(self.peek(), Some(b'e' | b'E')) || fraction == Some(0) {
            return self.fail();
        }
        let token = self.text.get(start..self.at)?;
        match fraction {
            None if whole <= 18 => token.parse::<i64>().ok().map(|n| Number::Integer(i128::from(n))),
            Some(places) if whole + places <= 15 => token
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(|f| Number::Decimal(shortest_text(f))),
            _ => self.fail(),
        }
        .or_else(|| self.fail())
    }
}

/// One value of the text: a scalar as read, or a container whose opening bracket has been
/// taken (its values are read when the decoders ask for them, and must all be).
struct Value<'c, 't> {
    cursor: &'c RefCell<Cursor<'t>>,
    /// A container's length is not known before it is read: 0, a capacity only.
    held: Held<&'t str>,
    depth: usize,
    /// A container read to its closing bracket.
    done: Cell<bool>,
}

impl<'c, 't> Value<'c, 't> {
    /// Reads the value at the cursor (after any white space).
    fn read(cursor: &'c RefCell<Cursor<'t>>, depth: usize) -> Option<Self> {
        let mut c = cursor.borrow_mut();
        if c.failed {
            return None;
        }
        c.skip_space();
        let held = match c.peek() {
            Some(b'{' | b'[') if depth >= c.max_depth => return c.fail(),
            Some(b'{') => {
                c.at += 1;
                Held::Object(0)
            }
            Some(b'[') => {
                c.at += 1;
                Held::Array(0)
            }
            Some(b'"') => {
                c.at += 1;
                Held::Text(c.string()?)
            }
            Some(b't') if c.eat_word("true") => Held::Bool(true),
            Some(b'f') if c.eat_word("false") => Held::Bool(false),
            Some(b'n') if c.eat_word("null") => Held::Null,
            Some(b'-' | b'0'..=b'9') => Held::Number(c.number()?),
            _ => return c.fail(),
        };
        Some(Value {
            cursor,
            held,
            depth,
            done: Cell::new(false),
        })
    }

    /// Reads the container's values in order, handing each to `each`; `key` reads an entry's
    /// key and colon (nothing for an array's item). Gives up when a container handed over was
    /// not read to its end (a value the decoders did not read).
    fn each_value(
        &self,
        close: u8,
        mut key: impl FnMut(&mut Cursor<'t>) -> Option<&'t str>,
        mut each: impl FnMut(&'t str, &Self),
    ) {
        if self.done.get() {
            return;
        }
        let mut first = true;
        loop {
            let name = {
                let mut c = self.cursor.borrow_mut();
                if c.failed {
                    return;
                }
                c.skip_space();
                if c.eat(close) {
                    self.done.set(true);
                    return;
                }
                if !first {
                    if !c.eat(b',') {
                        c.failed = true;
                        return;
                    }
                    c.skip_space();
                }
                first = false;
                match key(&mut c) {
                    Some(name) => name,
                    None => {
                        c.failed = true;
                        return;
                    }
                }
            };
            let Some(value) = Value::read(self.cursor, self.depth + 1) else {
                return;
            };
            each(name, &value);
            if value.held.is_container() && !value.done.get() {
                self.cursor.borrow_mut().failed = true;
                return;
            }
        }
    }
}

impl<'t> Node for Value<'_, 't> {
    fn view(&self) -> View<'_> {
        self.held.view()
    }

    fn items(&self, mut each: impl FnMut(usize, &Self)) {
        if !matches!(self.held, Held::Array(_)) {
            return;
        }
        let mut index = 0;
        self.each_value(
            b']',
            |_| Some(""),
            |_, item| {
                each(index, item);
                index += 1;
            },
        );
    }

    fn entries(&self, mut each: impl FnMut(&str, &Self)) {
        if !matches!(self.held, Held::Object(_)) {
            return;
        }
        let key = |c: &mut Cursor<'t>| {
            if !c.eat(b'"') {
                return None;
            }
            let name = c.string()?;
            c.skip_space();
            c.eat(b':').then_some(name)
        };
        self.each_value(b'}', key, |name, value| each(name, value));
    }
}
