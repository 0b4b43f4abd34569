//! Reading typed documents out of a JSON tree while collecting every problem.
//!
//! Each document kind walks its object's entries in document order and hands each value to
//! one of these readers; a reader that finds a problem records it and returns `None`, so
//! decoding goes on and the user sees all problems at once.

use chrono::NaiveDate;

pub use crate::input::shown;
use crate::input::{Allowed, AllowedValue, Expected, InputError, InputProblem, Total};
use crate::json::{Json, Number};
use crate::money::{Money, MoneyProblem};
use crate::normalize::{self, AmountShape};
use crate::path::At;

/// What one value of a document is, as the readers below see it.
pub enum View<'a> {
    Null,
    Bool(bool),
    Number(&'a Number),
    String(&'a str),
    /// A list of this many items ([`Node::items`]).
    Array(usize),
    /// An object of this many entries ([`Node::entries`]).
    Object(usize),
}

impl View<'_> {
    /// The name an input error gives what it found (as [`Json::type_name`]).
    pub fn type_name(&self) -> &'static str {
        match self {
            View::Null => "null",
            View::Bool(_) => "boolean",
            View::Number(_) => "number",
            View::String(_) => "string",
            View::Array(_) => "array",
            View::Object(_) => "object",
        }
    }
}

/// A value as a reader without a tree holds it once read (a host's, the one-pass reader's):
/// its text owned or borrowed (`T`), a container by how many values it has (0 when the
/// reader does not know yet: a capacity only).
pub enum Held<T> {
    Null,
    Bool(bool),
    Number(Number),
    Text(T),
    Array(usize),
    Object(usize),
}

impl<T: AsRef<str>> Held<T> {
    #[inline]
    pub fn view(&self) -> View<'_> {
        match self {
            Held::Null => View::Null,
            Held::Bool(b) => View::Bool(*b),
            Held::Number(n) => View::Number(n),
            Held::Text(t) => View::String(t.as_ref()),
            Held::Array(len) => View::Array(*len),
            Held::Object(len) => View::Object(*len),
        }
    }

    pub fn is_container(&self) -> bool {
        matches!(self, Held::Array(_) | Held::Object(_))
    }
}

/// One value of a document: a node of the JSON tree, or a value a host holds
/// (`crate::host`), read by the same decoders so that both give the same document and the same
/// problems.
pub trait Node {
    fn view(&self) -> View<'_>;
    /// Hands each item of an array, with its index, in order (nothing for another value).
    fn items(&self, each: impl FnMut(usize, &Self));
    /// Hands each entry of an object, with its key, in document order (nothing for another value).
    fn entries(&self, each: impl FnMut(&str, &Self));
}

impl Node for Json<'_> {
    fn view(&self) -> View<'_> {
        match self {
            Json::Null => View::Null,
            Json::Bool(b) => View::Bool(*b),
            Json::Number(n) => View::Number(n),
            Json::String(s) => View::String(s),
            Json::Array(items) => View::Array(items.len()),
            Json::Object(entries) => View::Object(entries.len()),
        }
    }

    fn items(&self, mut each: impl FnMut(usize, &Self)) {
        if let Json::Array(items) = self {
            items.iter().enumerate().for_each(|(i, item)| each(i, item));
        }
    }

    fn entries(&self, mut each: impl FnMut(&str, &Self)) {
        if let Json::Object(entries) = self {
            entries.iter().for_each(|(k, v)| each(k, v));
        }
    }
}

#[derive(Default)]
pub struct Decoder {
    pub errors: Vec<InputError>,
}

impl Decoder {
    /// Records `problem` at `path`.
    pub fn push(&mut self, path: &At<'_>, problem: InputProblem) {
        self.errors.push(InputError::new(path.to_path(), problem));
    }

    pub fn wrong_type(&mut self, path: &At<'_>, expected: Expected, found: &impl Node) {
        let found = found.view().type_name();
        self.push(path, InputProblem::WrongType { expected, found });
    }

    pub fn missing(&mut self, path: &At<'_>) {
        let field = path.last_key().unwrap_or("").to_owned();
        self.push(path, InputProblem::Missing { field });
    }

    pub fn unknown(&mut self, path: &At<'_>) {
        let field = path.last_key().unwrap_or("").to_owned();
        self.push(path, InputProblem::UnknownField { field });
    }

    /// Requires a field that a document kind cannot do without.
    pub fn required<T>(&mut self, value: Option<T>, seen: bool, path: &At<'_>) -> Option<T> {
        if !seen {
            self.missing(path);
        }
        value
    }

    pub fn object<'a, 't>(&mut self, value: &'a Json<'t>, path: &At<'_>) -> Option<&'a crate::json::Entries<'t>> {
        match value {
            Json::Object(entries) => Some(entries),
            other => {
                self.wrong_type(path, Expected::Object, other);
                None
            }
        }
    }

    /// The entries of an object, or a problem: how many, for a value read by [`Node::entries`].
    pub fn object_of(&mut self, value: &impl Node, path: &At<'_>) -> Option<usize> {
        match value.view() {
            View::Object(len) => Some(len),
            _ => {
                self.wrong_type(path, Expected::Object, value);
                None
            }
        }
    }

    /// The items of an array, or a problem: how many, for a value read by [`Node::items`].
    pub fn array_of(&mut self, value: &impl Node, path: &At<'_>) -> Option<usize> {
        match value.view() {
            View::Array(len) => Some(len),
            _ => {
                self.wrong_type(path, Expected::Array, value);
                None
            }
        }
    }

    pub fn array<'a, 't>(&mut self, value: &'a Json<'t>, path: &At<'_>) -> Option<&'a [Json<'t>]> {
        match value {
            Json::Array(items) => Some(items),
            other => {
                self.wrong_type(path, Expected::Array, other);
                None
            }
        }
    }

    pub fn string(&mut self, value: &impl Node, path: &At<'_>) -> Option<String> {
        match value.view() {
            View::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(path, Expected::String, value);
                None
            }
        }
    }

    pub fn boolean(&mut self, value: &impl Node, path: &At<'_>) -> Option<bool> {
        match value.view() {
            View::Bool(b) => Some(b),
            _ => {
                self.wrong_type(path, Expected::Boolean, value);
                None
            }
        }
    }

    /// A count: a whole number ≥ 0.
    /// Like money, a JSON number is judged by its shortest round-trip form: `9.0`, `1e3` and
    /// `-0` are the whole numbers 9, 1000 and 0 (as JavaScript reads them too).
    pub fn count(&mut self, value: &impl Node, path: &At<'_>) -> Option<u64> {
        let whole = match value.view() {
            View::Number(Number::Integer(i)) => Some(i.to_string()),
            View::Number(Number::Decimal(text)) if !text.contains('.') => Some(text.clone()),
            _ => None,
        };
        match whole {
            Some(text) => match text.parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.push(path, InputProblem::NotCount { text });
                    None
                }
            },
            None => {
                self.wrong_type(path, Expected::WholeNumber, value);
                None
            }
        }
    }

    /// A programme year: four digits from 1990 to 2100, as a number or a text (`2019`,
    /// `2019年`, full-width digits too).
    pub fn year(&mut self, value: &Json, path: &At<'_>) -> Option<u16> {
        let text = match value {
            Json::Number(n) => n.to_string(),
            Json::String(s) => crate::normalize::code(s).into_owned(),
            other => {
                self.wrong_type(path, Expected::Year, other);
                return None;
            }
        };
        let digits = text.strip_suffix('年').unwrap_or(&text);
        match digits.parse::<u16>() {
            Ok(year) if digits.len() == 4 && (1990..=2100).contains(&year) => Some(year),
            _ => {
                self.push(path, InputProblem::Year { text });
                None
            }
        }
    }

    /// A non-negative decimal quantity that is not money (floor area, radius).
    pub fn quantity(&mut self, value: &impl Node, path: &At<'_>) -> Option<String> {
        match value.view() {
            View::Number(n) if !n.to_string().starts_with('-') => Some(n.to_string()),
            View::Number(n) => {
                self.push(path, InputProblem::NegativeQuantity { text: n.to_string() });
                None
            }
            _ => {
                self.wrong_type(path, Expected::Number, value);
                None
            }
        }
    }

    pub fn date(&mut self, value: &impl Node, path: &At<'_>) -> Option<NaiveDate> {
        let text = match value.view() {
            View::String(s) => s,
            _ => {
                self.wrong_type(path, Expected::Date, value);
                return None;
            }
        };
        match normalize::date(text) {
            Some(date) => Some(date),
            None => {
                let text = normalize::code(text).into_owned();
                self.push(path, InputProblem::Date { text });
                None
            }
        }
    }

    /// An amount of money: > 0, at most two decimals, within range. The text a message quotes
    /// (the amount as typed, narrowed and trimmed: `¥` alone, not ``) is made only for a problem.
    pub fn money(&mut self, value: &impl Node, path: &At<'_>) -> Option<Money> {
        let parsed = match value.view() {
            View::String(s) => normalize::amount(s)
                .map_err(|shape| match shape {
                    AmountShape::Grouping => MoneyProblem::Grouping,
                    AmountShape::Unit => MoneyProblem::Unit,
                })
                .and_then(|plain| Money::parse(&plain)),
            View::Number(n) => Money::from_json_number(&n.to_string()),
            _ => {
                self.wrong_type(path, Expected::Amount, value);
                return None;
            }
        };
        let text = || match value.view() {
            View::String(s) => normalize::code(s).into_owned(),
            View::Number(n) => n.to_string(),
            _ => String::new(),
        };
        let problem = match parsed {
            Ok(money) if money.is_positive() && fen(money).is_some() => return Some(money),
            Ok(money) if money.is_positive() => InputProblem::Money {
                text: text(),
                problem: MoneyProblem::OutOfRange,
            },
            Ok(_) => InputProblem::NotPositive { text: text() },
            Err(problem) => InputProblem::Money { text: text(), problem },
        };
        self.push(path, problem);
        None
    }

    /// A code that is not from a closed list (a region, an applicant kind, a status), as it is
    /// matched: narrowed and trimmed (`normalize::code`).
    pub fn code(&mut self, value: &impl Node, path: &At<'_>) -> Option<String> {
        match value.view() {
            View::String(s) => Some(normalize::code(s).into_owned()),
            _ => {
                self.wrong_type(path, Expected::String, value);
                None
            }
        }
    }

    /// An administrative division: a six-digit code, or a name the pack gives a region
    /// (`偃师市` → `410381`); anything else is an input error that says how to write it.
    pub fn region(&mut self, value: &impl Node, path: &At<'_>, known: &Vocabulary<'_>) -> Option<String> {
        let text = self.code(value, path)?;
        if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
            return Some(text);
        }
        if let Some(id) = known.names.and_then(|n| n.find(&text)).and_then(|i| known.ids.get(i)) {
            return Some(id.clone());
        }
        let known = allowed_values(known);
        self.push(path, InputProblem::Region { value: text, known });
        None
    }

    /// A code that the pack's `[labels]` may name (an applicant kind, a project status): the
    /// code as typed, or the id whose zh label it is.
    pub fn labelled_code(
        &mut self,
        value: &impl Node,
        path: &At<'_>,
        labelled: impl Fn(&str) -> Option<String>,
    ) -> Option<String> {
        let text = self.code(value, path)?;
        Some(labelled(&text).unwrap_or(text))
    }

    /// A value from a pack vocabulary (`category`, `source`, document codes, …): its id, its
    /// zh label or one of its aliases, matched exactly once narrowed and trimmed.
    pub fn vocabulary(&mut self, value: &impl Node, path: &At<'_>, what: &Vocabulary<'_>) -> Option<String> {
        let text = self.code(value, path)?;
        if what.ids.contains(&text) {
            return Some(text);
        }
        if let Some(id) = what.names.and_then(|n| n.find(&text)).and_then(|i| what.ids.get(i)) {
            return Some(id.clone());
        }
        let values = allowed_values(what);
        self.push(
            path,
            InputProblem::NotInVocabulary {
                value: text,
                allowed: Box::new(Allowed {
                    name_zh: what.name_zh.to_owned(),
                    name_en: what.name_en.to_owned(),
                    clause: what.clause.to_owned(),
                    values,
                }),
            },
        );
        None
    }
}

/// Every value of a closed list with its labels, as an input error lists them.
fn allowed_values(what: &Vocabulary<'_>) -> Vec<AllowedValue> {
    let labels = what.names.map(|n| n.labels.as_slice()).unwrap_or_default();
    what.ids
        .iter()
        .enumerate()
        .map(|(i, id)| AllowedValue {
            id: id.clone(),
            label: labels.get(i).cloned(),
        })
        .collect()
}

/// An amount in whole fen, when it lies within the decimal range at two places.
pub fn fen(amount: Money) -> Option<i128> {
    amount.fen()
}

/// Every sum a rule may take of these amounts (by source, category, or all of them) stays in
/// the decimal range at two places when the sum of all of them does; else one `input.money`
/// at `path`. Counted in whole fen as integers, which cannot overflow for any number of
/// amounts the limits allow.
pub fn check_total(d: &mut Decoder, amounts: impl IntoIterator<Item = Money>, path: &At<'_>, of: Total) {
    let mut tally = Tally::default();
    amounts.into_iter().for_each(|a| tally.add(a));
    tally.check(d, path, of);
}

/// The sum of the amounts' sizes in fen, kept as they go by (a plan read line by line).
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally(i128);

impl Tally {
    pub fn add(&mut self, amount: Money) {
        self.add_fen(fen(amount));
    }

    /// Adds an amount already in fen (`fen(amount)`, `None` past the range).
    pub fn add_fen(&mut self, fen: Option<i128>) {
        self.0 = fen.and_then(|fen| self.0.checked_add(fen.abs())).unwrap_or(i128::MAX);
    }

    /// A problem at `path` when the sum is past the exact range at two places.
    pub fn check(self, d: &mut Decoder, path: &At<'_>, of: Total) {
        if self.0 > crate::money::MAX_FEN {
            d.push(path, InputProblem::TotalOutOfRange { of });
        }
    }
}

/// The names of one closed list's entries besides their ids: each entry's labels (for
/// messages) and every other name it may be typed as (its zh label and its aliases), each
/// naming the entry's index.
#[derive(Debug, Default)]
pub struct Names {
    /// `(zh, en)` labels, by entry index.
    pub labels: Vec<(String, String)>,
    /// Other names, each with the index of its entry, in pack order.
    pub other: Vec<(String, usize)>,
}

impl Names {
    /// From each entry's zh and en labels and its aliases, in the list's order.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str, &'a [String])>) -> Names {
        let mut names = Names::default();
        for (index, (zh, en, aliases)) in entries.into_iter().enumerate() {
            names.labels.push((zh.to_owned(), en.to_owned()));
            // Stored as an input is matched: narrowed and trimmed (a label's `（…）` is typed
            // `(…)` once the input is narrowed); a blank name names nothing.
            for name in std::iter::once(zh).chain(aliases.iter().map(String::as_str)) {
                let name = normalize::code(name);
                if !name.is_empty() {
                    names.other.push((name.into_owned(), index));
                }
            }
        }
        names
    }

    /// The entry a name other than its id stands for, matched exactly.
    pub fn find(&self, name: &str) -> Option<usize> {
        if name.is_empty() {
            return None;
        }
        self.other.iter().find(|(n, _)| n == name).map(|(_, i)| *i)
    }
}

/// A closed list of values a field may take, as the pack defines it.
pub struct Vocabulary<'a> {
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub clause: &'a str,
    pub ids: &'a [String],
    /// The entries' labels and other names, when the list has them.
    pub names: Option<&'a Names>,
}

/// A real `YYYY-MM-DD` date, exactly in that form (the pack's and the options' dates).
pub use crate::normalize::parse_date;

/// Reads an object's entries in document order: `fields` names the known keys; each value
/// that is not null is handed to `read`, and every other key is an unknown field.
pub fn each_field<'a, 't>(
    d: &mut Decoder,
    entries: &'a crate::json::Entries<'t>,
    path: &At<'_>,
    fields: &[&str],
    read: impl FnMut(&mut Decoder, &str, &'a Json<'t>, At<'_>),
) {
    each_field_or(d, entries, path, fields, read, |d, _, field_path| {
        d.unknown(&field_path)
    });
}

/// As [`each_field`], with `other` called for each key that is not a known field (an
/// allocation line ignores those rather than refusing them).
pub fn each_field_or<'a, 't>(
    d: &mut Decoder,
    entries: &'a crate::json::Entries<'t>,
    path: &At<'_>,
    fields: &[&str],
    mut read: impl FnMut(&mut Decoder, &str, &'a Json<'t>, At<'_>),
    mut other: impl FnMut(&mut Decoder, &'a str, At<'_>),
) {
    let mut keys = Keys::new(fields);
    for (name, value) in entries.iter() {
        let key: &'a str = name;
        let field_path = path.key(key);
        match keys.place(key, || std::borrow::Cow::Borrowed(key)) {
            Key::Again => d.push(&field_path, InputProblem::DuplicateKey { key: key.to_owned() }),
            Key::Unknown => other(d, key, field_path),
            Key::Known if !matches!(value, Json::Null) => read(d, key, value, field_path),
            Key::Known => {}
        }
    }
}

/// As [`each_field`], for an object of any [`Node`] (a JSON tree's or a host's).
pub fn each_field_of<N: Node>(
    d: &mut Decoder,
    object: &N,
    path: &At<'_>,
    fields: &[&str],
    mut read: impl FnMut(&mut Decoder, &str, &N, At<'_>),
) {
    if !matches!(object.view(), View::Object(_)) {
        return;
    }
    let mut keys = Keys::new(fields);
    object.entries(|key, value| {
        let field_path = path.key(key);
        match keys.place(key, || std::borrow::Cow::Owned(key.to_owned())) {
            Key::Again => d.push(&field_path, InputProblem::DuplicateKey { key: key.to_owned() }),
            Key::Unknown => d.unknown(&field_path),
            Key::Known if !matches!(value.view(), View::Null) => read(d, key, value, field_path),
            Key::Known => {}
        }
    });
}

/// What one key of an object is, met in document order.
enum Key {
    /// A known field, met for the first time.
    Known,
    /// Not a known field, met for the first time.
    Unknown,
    /// A key met before in this object.
    Again,
}

/// The keys of one object met so far. Each key is found among the known fields once, and a
/// known field met again is a duplicate by its mark; only a key that is not a known field is
/// kept (borrowed from a tree, or owned), to be looked for among the others like it: in a
/// list for the first [`UNKNOWN_IN_A_LIST`], in a set past them (so an object of a million
/// unknown keys costs no more than its size times a set's look, whatever length its reader
/// announced). A well-formed record costs no comparisons of pairs of keys.
struct Keys<'f, 'k> {
    fields: &'f [&'f str],
    /// Known fields met, by place: a bit each for the first 64, then a flag each.
    met: u64,
    met_past_64: Vec<bool>,
    unknown: Vec<std::borrow::Cow<'k, str>>,
    many: Option<std::collections::BTreeSet<std::borrow::Cow<'k, str>>>,
}

const UNKNOWN_IN_A_LIST: usize = 16;

impl<'f, 'k> Keys<'f, 'k> {
    fn new(fields: &'f [&'f str]) -> Self {
        Keys {
            fields,
            met: 0,
            met_past_64: Vec::new(),
            unknown: Vec::new(),
            many: None,
        }
    }

    fn place(&mut self, key: &str, keep: impl FnOnce() -> std::borrow::Cow<'k, str>) -> Key {
        let Some(at) = self.fields.iter().position(|f| normalize::same_text(f, key)) else {
            if self.many.is_none() && self.unknown.len() >= UNKNOWN_IN_A_LIST {
                // One insert at a time (the set's own insert, compiled once).
                let mut set = std::collections::BTreeSet::new();
                for kept in self.unknown.drain(..) {
                    set.insert(kept);
                }
                self.many = Some(set);
            }
            let again = match &mut self.many {
                Some(set) => !set.insert(keep()),
                None if self.unknown.iter().any(|k| normalize::same_text(k, key)) => true,
                None => {
                    self.unknown.push(keep());
                    false
                }
            };
            return if again { Key::Again } else { Key::Unknown };
        };
        let again = match at.checked_sub(64) {
            None => {
                let bit = 1u64 << at;
                let again = self.met & bit != 0;
                self.met |= bit;
                again
            }
            Some(past) => {
                if self.met_past_64.len() <= past {
                    self.met_past_64.resize(past + 1, false);
                }
                self.met_past_64
                    .get_mut(past)
                    .is_some_and(|m| std::mem::replace(m, true))
            }
        };
        if again {
            Key::Again
        } else {
            Key::Known
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_reported_in_document_order() {
        let tree = crate::json::parse(
            br#"{"a": 1, "b": true, "a": 3, "c": 1}"#,
            &crate::input::Limits::default(),
        )
        .unwrap_or(Json::Null);
        let Json::Object(entries) = &tree else { unreachable!() };
        let mut d = Decoder::default();
        let mut read = Vec::new();
        each_field(&mut d, entries, &At::ROOT, &["a", "b"], |_, key, _, _| {
            read.push(key.to_string())
        });
        assert_eq!(read, ["a", "b"]);
        let errors: Vec<String> = d.errors.iter().map(|e| format!("{} {}", e.code, e.path)).collect();
        assert_eq!(errors, ["input.syntax /a", "input.unknown_field /c"]);
    }

    #[test]
    fn a_duplicate_among_many_unknown_keys_is_found_in_the_list_and_in_the_set() {
        // 40 unknown keys (past the list's 16, into the set), with `k3` again at the 20th
        // and `k30` again at the end; a known field between them.
        let mut keys: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        keys.insert(20, "\"k3\": 0".into());
        keys.insert(5, "\"a\": 1".into());
        keys.push("\"k30\": 0".into());
        keys.push("\"k10\": 0".into());
        let text = format!("{{{}}}", keys.join(", "));
        let tree = crate::json::parse(text.as_bytes(), &crate::input::Limits::default()).unwrap_or(Json::Null);
        let Json::Object(entries) = &tree else { unreachable!() };
        let mut d = Decoder::default();
        each_field(&mut d, entries, &At::ROOT, &["a"], |_, _, _, _| {});
        let again: Vec<String> = d
            .errors
            .iter()
            .filter(|e| e.code.to_string() == "input.syntax")
            .map(|e| e.path.to_string())
            .collect();
        assert_eq!(again, ["/k3", "/k30", "/k10"]);
        assert_eq!(d.errors.len(), 40 + 3);
    }

    #[test]
    fn counts_are_judged_by_their_shortest_form() {
        let tree = crate::json::parse(
            b"[9, 9.0, 1e2, -0, 9.5, -1, 1e30, \"9\"]",
            &crate::input::Limits::default(),
        )
        .unwrap_or(Json::Null);
        let Json::Array(items) = &tree else { unreachable!() };
        let mut d = Decoder::default();
        let read: Vec<Option<u64>> = items.iter().map(|v| d.count(v, &At::ROOT)).collect();
        assert_eq!(read, [Some(9), Some(9), Some(100), Some(0), None, None, None, None]);
        let codes: Vec<String> = d.errors.iter().map(|e| e.code.to_string()).collect();
        assert_eq!(codes, ["input.type", "input.range", "input.range", "input.type"]);
    }

    #[test]
    fn money_must_fit_two_places() {
        let mut d = Decoder::default();
        let largest = Json::String("792281625142643375935439503.35".into());
        assert!(
            d.money(&largest, &At::ROOT).is_none(),
            "29 digits are beyond Money::parse"
        );
        let largest = Json::String("792281625142643375935439503".into());
        assert!(d.money(&largest, &At::ROOT).is_some());
        let past = Json::String("792281625142643375935439504".into());
        assert!(d.money(&past, &At::ROOT).is_none());
        assert_eq!(d.errors.len(), 2);
    }

    #[test]
    fn dates_must_be_real_and_exactly_formatted() {
        assert!(parse_date("2020-02-29").is_some());
        assert!(parse_date("2019-02-29").is_none());
        assert!(parse_date("2019-2-28").is_none());
        assert!(parse_date("2019-02-28T00:00").is_none());
    }
}
