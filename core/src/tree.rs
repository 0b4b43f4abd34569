//! Reading a written tree — a pack, a rule's `params`, a calendar file, a pack's test file, as
//! TOML or JSON parses them — into the types the core builds from.
//!
//! The core's own reader rather than derived deserializers: every problem of the tree is
//! reported, each at its place (`rules.prepayment.cap.params.share`), not only the first; a
//! TOML file's problems name their line ([`Lines`]); and the WebAssembly package carries
//! no derived visitors (they were a third of its size, BENCHMARKS.md). A type reads itself
//! with [`Read`]; a table's fields are taken one by one through [`Table`], and any key not
//! taken is an unknown key, named with the keys the table takes. [`Write`] is the mirror: a
//! value written back as its tree (the pack for its digest and its parameters, the catalogue
//! and errors for the faces), again without serde's derives.
//!
//! This module imports nothing of the crate but the leaf `lean` (its one sort): the pack, the
//! rules' parameters and the calendar files all read through it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One step of a place in a tree: a key, or an entry of a list (named by its `id` when it
/// has one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Item { index: usize, id: Option<String> },
}

/// A problem of a tree: the place (the key itself, for a missing or unknown key) and what
/// is wrong, in English (pack problems are for the pack's author).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub at: Vec<Step>,
    pub message: String,
    /// The place is a key the tree does not have (a required key not given): its line is the
    /// enclosing table's.
    pub absent: bool,
}

impl Problem {
    /// The place as the pack's problems write it: keys joined by `.`, a list's entry by its
    /// `id` (`rules.prepayment.cap.params`) or its position (`sources[0]`).
    pub fn place(&self) -> String {
        place_of(&self.at)
    }

    /// The message, after `line N: ` when the text has the place.
    pub fn message_at(&self, lines: &Lines<'_>) -> String {
        match lines.line(self) {
            Some(line) => format!("line {line}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// The place of a path of steps, as [`Problem::place`] writes it.
pub fn place_of(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Item { id: Some(id), .. } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(id);
            }
            Step::Item { index, id: None } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// The most problems a reader lists; beyond them it counts (a hostile file of 40,000 unknown
/// keys would otherwise make megabytes of messages). An engine limit, not the policy's.
pub const MAX_PROBLEMS: usize = 200;

/// Where a tree is being read, and the problems found so far.
#[derive(Debug, Default)]
pub struct Reader {
    at: Vec<Step>,
    pub problems: Vec<Problem>,
    /// Problems found, listed or not.
    found: usize,
}

impl Reader {
    pub fn new() -> Self {
        Reader::default()
    }

    /// A reader whose places start below `at` (a rule's params: `rules.<id>.params`).
    pub fn below(at: Vec<Step>) -> Self {
        Reader {
            at,
            ..Reader::default()
        }
    }

    /// Records a problem at the place being read.
    pub fn problem(&mut self, message: impl Into<String>) {
        self.record(message.into(), false);
    }

    fn record(&mut self, message: String, absent: bool) {
        self.found += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                at: self.at.clone(),
                message,
                absent,
            });
        }
    }

    /// Reads `value` below the step `step`.
    fn read_at<T: Read>(&mut self, step: Step, value: &Value) -> Option<T> {
        self.at.push(step);
        let read = T::read(value, self);
        self.at.pop();
        read
    }

    /// Records that `value` is not of the type expected.
    pub fn expected(&mut self, what: &str, value: &Value) {
        self.problem(format!("expected {what}, found {}", found(value)));
    }

    /// Reads a whole tree: the value, or every problem found.
    pub fn whole<T: Read>(value: &Value) -> Result<T, Vec<Problem>> {
        Reader::new().all::<T>(value)
    }

    /// Reads `value` at this reader's place: the value, or every problem found.
    pub fn all<T: Read>(mut self, value: &Value) -> Result<T, Vec<Problem>> {
        match T::read(value, &mut self) {
            Some(read) if self.found == 0 => Ok(read),
            _ if self.found == 0 => {
                self.problem("cannot be read");
                Err(self.problems)
            }
            _ => {
                let unlisted = self.found - self.problems.len();
                if unlisted > 0 {
                    self.problems.push(Problem {
                        at: Vec::new(),
                        message: format!("and {unlisted} more problems, not listed (the first {MAX_PROBLEMS} are)"),
                        absent: false,
                    });
                }
                Err(self.problems)
            }
        }
    }
}

/// What a value is, as a problem names it (in TOML's words: packs are written in TOML).
fn found(value: &Value) -> String {
    match value {
        Value::Null => "nothing (null)".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        // serde_json's text of the number (`2019.0`, `1e21`): a float shows as one.
        Value::Number(n) if n.is_f64() => format!("the float {n}"),
        Value::Number(n) => format!("the integer {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(items) => format!("an array of {}", items.len()),
        // How TOML's dates reach a tree: a date must be written in quotes here.
        Value::Object(map) if map.contains_key("$__toml_private_datetime") => {
            "an unquoted date (write it in quotes: \"2019-06-30\")".into()
        }
        Value::Object(_) => "a table".into(),
    }
}

/// A type read from a tree.
pub trait Read: Sized {
    /// The value read from `value`, or `None` with the problems recorded in `reader`.
    fn read(value: &Value, reader: &mut Reader) -> Option<Self>;
}

/// `read`, or the problem that `value` is not `what`.
fn or_expected<T>(read: Option<T>, value: &Value, reader: &mut Reader, what: &str) -> Option<T> {
    if read.is_none() {
        reader.expected(what, value);
    }
    read
}

impl Read for String {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        or_expected(value.as_str().map(str::to_owned), value, reader, "a string")
    }
}

impl Read for bool {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        or_expected(value.as_bool(), value, reader, "true or false")
    }
}

/// A whole number in `0 ..= max`.
fn whole_number(value: &Value, reader: &mut Reader, max: u64) -> Option<u64> {
    match value.as_u64() {
        Some(n) if n <= max => Some(n),
        _ => {
            reader.expected(&format!("a whole number from 0 to {max}"), value);
            None
        }
    }
}

impl Read for u16 {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        whole_number(value, reader, u64::from(u16::MAX)).and_then(|n| u16::try_from(n).ok())
    }
}

impl Read for u32 {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        whole_number(value, reader, u64::from(u32::MAX)).and_then(|n| u32::try_from(n).ok())
    }
}

impl Read for u64 {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        or_expected(value.as_u64(), value, reader, "a whole number ≥ 0")
    }
}

impl Read for i32 {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        let read = value.as_i64().and_then(|n| i32::try_from(n).ok());
        or_expected(read, value, reader, "a whole number")
    }
}

/// Any value, kept as written (a `field_in` rule's values).
impl Read for Value {
    fn read(value: &Value, _: &mut Reader) -> Option<Self> {
        Some(value.clone())
    }
}

/// A table kept as written (a rule's `params`, read by its kind when the rule is built).
impl Read for Map<String, Value> {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        or_expected(value.as_object().cloned(), value, reader, "a table")
    }
}

/// Absent or `null` (a bundle writes an unset option so) is `None`.
impl<T: Read> Read for Option<T> {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            value => T::read(value, reader).map(Some),
        }
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        let mut out = Vec::new();
        let mut ok = true;
        let walked = each_item(value, reader, &mut |item, reader| match T::read(item, reader) {
            Some(read) => out.push(read),
            None => ok = false,
        });
        (walked && ok).then_some(out)
    }
}

/// Hands each entry of an array to `read`, at its place; `false` when it is not an array.
/// Not generic, so that each type's list costs only its own reading.
fn each_item(value: &Value, reader: &mut Reader, read: &mut dyn FnMut(&Value, &mut Reader)) -> bool {
    let Value::Array(items) = value else {
        reader.expected("an array", value);
        return false;
    };
    for (index, item) in items.iter().enumerate() {
        let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
        reader.at.push(Step::Item { index, id });
        read(item, reader);
        reader.at.pop();
    }
    true
}

impl<T: Read> Read for BTreeMap<String, T> {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        let mut out = BTreeMap::new();
        let mut ok = true;
        let walked = each_entry(value, reader, &mut |key, item, reader| match T::read(item, reader) {
            Some(read) => {
                out.insert(key.to_owned(), read);
            }
            None => ok = false,
        });
        (walked && ok).then_some(out)
    }
}

/// Hands each key and value of a table to `read`, at its place; `false` when it is not a table.
fn each_entry(value: &Value, reader: &mut Reader, read: &mut dyn FnMut(&str, &Value, &mut Reader)) -> bool {
    let Value::Object(map) = value else {
        reader.expected("a table", value);
        return false;
    };
    for key in sorted_keys(map) {
        let Some(item) = map.get(key) else { continue };
        reader.at.push(Step::Key(key.clone()));
        read(key, item, reader);
        reader.at.pop();
    }
    true
}

/// A table's keys in their order as text: problems come in the same order whatever order the
/// table's keys were written in (serde_json's `preserve_order` keeps that order, on in every
/// build).
/// (The digest's canonical JSON sorts its keys with it too: one sort in the module.)
pub fn sorted_keys(map: &Map<String, Value>) -> Vec<&String> {
    let mut keys: Vec<&String> = map.keys().collect();
    crate::lean::sort(&mut keys);
    keys
}

/// A pair written as an array of two (`["applied_on", "approved_on"]`).
impl<A: Read, B: Read> Read for (A, B) {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        match value {
            Value::Array(items) if items.len() == 2 => {
                let (first, second) = (items.first()?, items.get(1)?);
                let a = reader.read_at::<A>(Step::Item { index: 0, id: None }, first);
                let b = reader.read_at::<B>(Step::Item { index: 1, id: None }, second);
                Some((a?, b?))
            }
            other => {
                reader.expected("an array of two", other);
                None
            }
        }
    }
}

/// Where a table's field goes once read: a required one ([`Need`]) or one its type's default
/// stands for when the key is absent ([`Or`]).
pub(crate) trait Slot {
    fn fill(&mut self, value: &Value, reader: &mut Reader);
    fn required(&self) -> bool;
}

/// A required field, `None` until read.
pub(crate) struct Need<'a, T>(pub &'a mut Option<T>);

/// A field that may be left out, holding its default until read. A value that cannot be read
/// is recorded and leaves the default.
pub(crate) struct Or<'a, T>(pub &'a mut T);

impl<T: Read> Slot for Need<'_, T> {
    fn fill(&mut self, value: &Value, reader: &mut Reader) {
        *self.0 = T::read(value, reader);
    }
    fn required(&self) -> bool {
        true
    }
}

impl<T: Read> Slot for Or<'_, T> {
    fn fill(&mut self, value: &Value, reader: &mut Reader) {
        if let Some(read) = T::read(value, reader) {
            *self.0 = read;
        }
    }
    fn required(&self) -> bool {
        false
    }
}

/// Reads a table's fields, each into its slot: a required key that is absent is a problem, and
/// so is any key no field takes (named with the keys the table takes). `true` when no problem
/// was found. One function for every table, so that each type costs only its fields' list.
pub(crate) fn fields(value: &Value, reader: &mut Reader, fields: &mut [(&'static str, &mut dyn Slot)]) -> bool {
    let Value::Object(map) = value else {
        reader.expected("a table", value);
        return false;
    };
    let before = reader.found;
    for (key, slot) in fields.iter_mut() {
        reader.at.push(Step::Key((*key).to_owned()));
        match map.get(*key) {
            Some(value) => slot.fill(value, reader),
            None if slot.required() => reader.record("required, and not given".into(), true),
            None => {}
        }
        reader.at.pop();
    }
    let known = |k: &str| fields.iter().any(|(key, _)| *key == k);
    let unknown: Vec<&String> = sorted_keys(map).into_iter().filter(|k| !known(k)).collect();
    if !unknown.is_empty() {
        let expected = if fields.is_empty() {
            "this table takes no keys".to_owned()
        } else {
            let names: Vec<String> = fields.iter().map(|(k, _)| format!("`{k}`")).collect();
            format!("expected one of {}", names.join(", "))
        };
        for key in unknown {
            reader.at.push(Step::Key(key.clone()));
            reader.problem(format!("unknown key; {expected}"));
            reader.at.pop();
        }
    }
    reader.found == before
}

/// Reads one of the names of `choices` (an enum written as its snake_case name).
pub fn choice<T: Copy>(value: &Value, reader: &mut Reader, choices: &[(&str, T)]) -> Option<T> {
    let names = || {
        let names: Vec<String> = choices.iter().map(|(name, _)| format!("`{name}`")).collect();
        names.join(", ")
    };
    match value {
        Value::String(s) => match choices.iter().find(|(name, _)| name == s) {
            Some((_, chosen)) => Some(*chosen),
            None => {
                reader.problem(format!("`{s}` is not one of {}", names()));
                None
            }
        },
        other => {
            reader.expected(&format!("one of {}", names()), other);
            None
        }
    }
}

/// `impl Read` for a struct read from a table whose keys are its fields' names: those in the
/// first braces are required, those after `or_default` may be left out (their type's default);
/// `field = "key"` reads a field from another key.
macro_rules! read_table {
    ($ty:ident { $($need:ident),* $(,)? } $(or_default { $($opt:ident $(= $key:literal)?),* $(,)? })?) => {
        impl $crate::tree::Read for $ty {
            fn read(value: &serde_json::Value, reader: &mut $crate::tree::Reader) -> Option<Self> {
                $(let mut $need = None;)*
                $($(let mut $opt = Default::default();)*)?
                let read = $crate::tree::fields(value, reader, &mut [
                    $((stringify!($need), &mut $crate::tree::Need(&mut $need) as &mut dyn $crate::tree::Slot),)*
                    $($((
                        $crate::tree::read_table!(@key $opt $($key)?),
                        &mut $crate::tree::Or(&mut $opt) as &mut dyn $crate::tree::Slot,
                    ),)*)?
                ]);
                // Every required field is there when the table read without a problem; one
                // match rather than a `?` for each (which costs the WebAssembly a drop of every
                // field before it, for each).
                match (read, $($need,)*) {
                    (true, $(Some($need),)*) => Some($ty { $($need,)* $($($opt,)*)? }),
                    _ => None,
                }
            }
        }
    };
    // A field's key: its name, or the one given (`is_abstract = "abstract"`: a Rust keyword).
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
}
pub(crate) use read_table;

/// `impl Read` and `impl Write` for an enum written as one of its names (`omitted_if method`:
/// as for `write_table!`).
macro_rules! read_choice {
    ($ty:ty { $($name:literal => $variant:expr),+ $(,)? } $(omitted_if $when:ident)?) => {
        impl $crate::tree::Read for $ty {
            fn read(value: &serde_json::Value, reader: &mut $crate::tree::Reader) -> Option<Self> {
                $crate::tree::choice(value, reader, &[$(($name, $variant)),+])
            }
        }
        impl $crate::tree::Write for $ty {
            fn write(&self) -> serde_json::Value {
                $crate::tree::chosen(self, &[$(($name, $variant)),+])
            }
            $(fn omitted(&self) -> bool {
                self.$when()
            })?
        }
    };
}
pub(crate) use read_choice;

/// A value written back as the tree it is read from (`Read`'s mirror): the pack as its digest
/// and its parameters see it (`Pack::with_params`), and as a bundle writes it. Tables are
/// written with their keys in the order of the type's fields.
pub trait Write {
    fn write(&self) -> Value;
    /// Whether a field holding this is left out of its table when the table marks it `omit`:
    /// an empty list or table, an absent option, `false`, a type's default where it says so.
    fn omitted(&self) -> bool {
        false
    }
}

impl Write for String {
    fn write(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Write for bool {
    fn write(&self) -> Value {
        Value::Bool(*self)
    }
    fn omitted(&self) -> bool {
        !*self
    }
}

impl Write for &str {
    fn write(&self) -> Value {
        Value::String((*self).to_owned())
    }
}

impl Write for u16 {
    fn write(&self) -> Value {
        Value::from(*self)
    }
}

impl Write for usize {
    fn write(&self) -> Value {
        Value::from(*self)
    }
}

/// A pair as an array of two (`Read`'s).
impl<A: Write, B: Write> Write for (A, B) {
    fn write(&self) -> Value {
        Value::Array(vec![self.0.write(), self.1.write()])
    }
}

impl Write for Value {
    fn write(&self) -> Value {
        self.clone()
    }
}

impl Write for Map<String, Value> {
    fn write(&self) -> Value {
        Value::Object(self.clone())
    }
    fn omitted(&self) -> bool {
        self.is_empty()
    }
}

/// `None` is `null` where it is written.
impl<T: Write> Write for Option<T> {
    fn write(&self) -> Value {
        self.as_ref().map_or(Value::Null, Write::write)
    }
    fn omitted(&self) -> bool {
        self.is_none()
    }
}

impl<T: Write> Write for Vec<T> {
    fn write(&self) -> Value {
        Value::Array(self.iter().map(Write::write).collect())
    }
    fn omitted(&self) -> bool {
        self.is_empty()
    }
}

impl<T: Write> Write for BTreeMap<String, T> {
    fn write(&self) -> Value {
        let mut map = Map::new();
        for (key, value) in self {
            map.insert(key.clone(), value.write());
        }
        Value::Object(map)
    }
    fn omitted(&self) -> bool {
        self.is_empty()
    }
}

/// The name of `value` among `choices` (`read_choice!`).
pub fn chosen<T: PartialEq>(value: &T, choices: &[(&str, T)]) -> Value {
    let name = choices
        .iter()
        .find(|(_, choice)| choice == value)
        .map_or("", |(name, _)| name);
    Value::String(name.to_owned())
}

/// A table of `(key, value, omit)`: each value written under its key, except where `omit`
/// and the value is `Write::omitted`. Not generic (`write_table!` hands it its fields), so
/// that each type's writing costs only its list.
pub fn table(fields: &[(&str, &dyn Write, bool)]) -> Value {
    let mut map = Map::new();
    for &(key, value, omit) in fields {
        if !(omit && value.omitted()) {
            map.insert(key.to_owned(), value.write());
        }
    }
    Value::Object(map)
}

/// `impl Write` for a struct written as a table of its fields, in the order given (the
/// declaration's): `field` always, `field omit` only when not `Write::omitted`, `field =
/// "key"` under another key; `omitted_if method` makes the whole table omitted when
/// `self.method()` holds.
macro_rules! write_table {
    ($ty:ident { $($field:ident $(= $key:literal)? $($omit:ident)?),* $(,)? } $(omitted_if $when:ident)?) => {
        impl $crate::tree::Write for $ty {
            fn write(&self) -> serde_json::Value {
                $crate::tree::table(&[$((
                    $crate::tree::read_table!(@key $field $($key)?),
                    &self.$field as &dyn $crate::tree::Write,
                    $crate::tree::write_table!(@omit $($omit)?),
                )),*])
            }
            $(fn omitted(&self) -> bool {
                self.$when()
            })?
        }
    };
    (@omit) => { false };
    (@omit omit) => { true };
}
pub(crate) use write_table;

/// `impl Read` and `impl Write` for a struct read and written as the same table, from one list
/// of its fields in declaration order: `field` is required; `field: default` may be absent
/// (its default); `field: default omit` is also left out when written if `Write::omitted`;
/// `field = "key"` before the colon names another key. `omitted_if method` as for
/// `write_table!`. (The required fields then the others are the reader's slots, each group in
/// declaration order; the writer takes every field in declaration order.)
macro_rules! model_table {
    ($ty:ident { $($body:tt)* } $(omitted_if $when:ident)?) => {
        $crate::tree::model_table!(@field $ty [$($when)?] [] [] [] $($body)*);
    };
    (@field $ty:ident $when:tt [$($need:tt)*] [$($opt:tt)*] [$($w:tt)*]
        $field:ident $(= $key:literal)? : default omit $(, $($rest:tt)*)?) => {
        $crate::tree::model_table!(@field $ty $when [$($need)*] [$($opt)* $field $(= $key)?,]
            [$($w)* $field $(= $key)? omit,] $($($rest)*)?);
    };
    (@field $ty:ident $when:tt [$($need:tt)*] [$($opt:tt)*] [$($w:tt)*]
        $field:ident $(= $key:literal)? : default $(, $($rest:tt)*)?) => {
        $crate::tree::model_table!(@field $ty $when [$($need)*] [$($opt)* $field $(= $key)?,]
            [$($w)* $field $(= $key)?,] $($($rest)*)?);
    };
    (@field $ty:ident $when:tt [$($need:tt)*] [$($opt:tt)*] [$($w:tt)*] $field:ident $(, $($rest:tt)*)?) => {
        $crate::tree::model_table!(@field $ty $when [$($need)* $field,] [$($opt)*] [$($w)* $field,] $($($rest)*)?);
    };
    (@field $ty:ident [$($when:ident)?] [$($need:tt)*] [$($opt:tt)*] [$($w:tt)*]) => {
        $crate::tree::read_table!($ty { $($need)* } or_default { $($opt)* });
        $crate::tree::write_table!($ty { $($w)* } $(omitted_if $when)?);
    };
}
pub(crate) use model_table;

/// The lines of places in the TOML text a tree was parsed from: the text parsed once for
/// its positions, so that each of many problems costs only its own walk.
pub struct Lines<'t> {
    #[cfg(feature = "toml")]
    document: Option<toml_edit::ImDocument<&'t str>>,
    /// Where each line after the first starts.
    #[cfg(feature = "toml")]
    starts: Vec<usize>,
    /// The tree is the text's with a base merged in (`extends`): a list's entries are not at
    /// their positions in the text, so only those with an `id` are found.
    #[cfg(feature = "toml")]
    merged: bool,
    /// Each list's entries by `id`, made the first time a place goes through the list.
    #[cfg(feature = "toml")]
    ids: std::cell::RefCell<std::collections::HashMap<String, std::collections::HashMap<String, usize>>>,
    #[cfg(not(feature = "toml"))]
    text: std::marker::PhantomData<&'t str>,
}

impl<'t> Lines<'t> {
    /// The lines of `toml_text` for a tree that is the text's own; none without a text (a
    /// JSON tree) or a TOML reader.
    pub fn of(toml_text: Option<&'t str>) -> Self {
        Lines::new(toml_text, false)
    }

    /// The lines of `toml_text` for the tree it makes with its base merged in (`extends`).
    pub fn of_merged(toml_text: Option<&'t str>) -> Self {
        Lines::new(toml_text, true)
    }

    fn new(toml_text: Option<&'t str>, merged: bool) -> Self {
        #[cfg(feature = "toml")]
        {
            let text = toml_text.unwrap_or("");
            Lines {
                document: toml_text.and_then(|t| toml_edit::ImDocument::parse(t).ok()),
                starts: text
                    .bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1)
                    .collect(),
                merged,
                ids: Default::default(),
            }
        }
        #[cfg(not(feature = "toml"))]
        {
            let _ = (toml_text, merged);
            Lines {
                text: std::marker::PhantomData,
            }
        }
    }

    /// The line (from 1) of a problem's place in the text: its value's or key's; for a key that
    /// is absent, the enclosing table's. `None` when the place is not in the text (a mistake
    /// of the base a pack extends), or a key said to be absent is there.
    pub fn line(&self, problem: &Problem) -> Option<usize> {
        #[cfg(feature = "toml")]
        {
            use toml_edit::Item;
            let mut item: &Item = self.document.as_ref()?.as_item();
            let mut start = None;
            let at = &problem.at;
            for (n, step) in at.iter().enumerate() {
                let next = match step {
                    Step::Key(key) => item.get(key.as_str()),
                    Step::Item { index, id: Some(id) } => {
                        let is = |entry: &&Item| entry.get("id").and_then(Item::as_str) == Some(id.as_str());
                        match item.get(*index).filter(is) {
                            Some(entry) => Some(entry),
                            None => self.by_id(item, place_of(at.get(..n)?), id).and_then(|i| item.get(i)),
                        }
                    }
                    Step::Item { .. } if self.merged => None,
                    Step::Item { index, id: None } => item.get(*index),
                };
                match next {
                    Some(_) if problem.absent && n + 1 == at.len() => return None,
                    Some(next) => {
                        if let Some(span) = next.span() {
                            start = Some(span.start);
                        }
                        item = next;
                    }
                    None if problem.absent && n + 1 == at.len() => break,
                    None => return None,
                }
            }
            let start = start?;
            Some(self.starts.partition_point(|s| *s <= start) + 1)
        }
        #[cfg(not(feature = "toml"))]
        {
            let _ = problem;
            None
        }
    }

    /// The position of the entry `id` in the list `list` at `place`, by a map made once a list.
    #[cfg(feature = "toml")]
    fn by_id(&self, list: &toml_edit::Item, place: String, id: &str) -> Option<usize> {
        use toml_edit::Item;
        let mut ids = self.ids.borrow_mut();
        let entries = ids.entry(place).or_insert_with(|| {
            let mut entries = std::collections::HashMap::new();
            for (i, entry) in (0..).map_while(|i| list.get(i).map(|e| (i, e))) {
                if let Some(id) = entry.get("id").and_then(Item::as_str) {
                    entries.entry(id.to_owned()).or_insert(i);
                }
            }
            entries
        });
        entries.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Pair {
        id: Option<String>,
        zh: String,
        en: String,
        note: Option<String>,
        tags: Vec<String>,
    }

    read_table!(Pair { zh, en } or_default { id, note, tags });

    fn problems(value: Value) -> Vec<(String, String)> {
        match Reader::whole::<Vec<Pair>>(&value) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(|p| (p.place(), p.message.clone())).collect(),
        }
    }

    #[test]
    fn a_table_reads_its_keys_and_defaults() {
        let read = Reader::whole::<Pair>(&json!({"zh": "一", "en": "one", "note": null})).unwrap();
        assert_eq!(
            read,
            Pair {
                id: None,
                zh: "一".into(),
                en: "one".into(),
                note: None,
                tags: vec![]
            }
        );
    }

    #[test]
    fn every_problem_is_reported_at_its_place() {
        let tree = json!([
            {"id": "a", "zh": "一", "en": 1, "colour": "red"},
            {"zh": "二"},
            {"id": "c", "zh": "三", "en": "three", "tags": ["x", false]},
            "plain"
        ]);
        assert_eq!(
            problems(tree),
            [
                ("a.en".to_owned(), "expected a string, found the integer 1".to_owned()),
                (
                    "a.colour".to_owned(),
                    "unknown key; expected one of `zh`, `en`, `id`, `note`, `tags`".to_owned()
                ),
                ("[1].en".to_owned(), "required, and not given".to_owned()),
                (
                    "c.tags[1]".to_owned(),
                    "expected a string, found the boolean false".to_owned()
                ),
                (
                    "[3]".to_owned(),
                    "expected a table, found the string \"plain\"".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_missing_key_does_not_make_the_others_unknown() {
        assert_eq!(
            problems(json!([{"en": "one", "note": "n"}])),
            [("[0].zh".to_owned(), "required, and not given".to_owned())]
        );
    }

    #[test]
    fn choices_numbers_pairs_and_dates() {
        let mut reader = Reader::new();
        assert_eq!(choice(&json!("b"), &mut reader, &[("a", 1), ("b", 2)]), Some(2));
        assert_eq!(choice(&json!("c"), &mut reader, &[("a", 1), ("b", 2)]), None);
        assert_eq!(u16::read(&json!(70000), &mut reader), None);
        assert_eq!(u16::read(&json!(2019), &mut reader), Some(2019));
        assert_eq!(i32::read(&json!(-5), &mut reader), Some(-5));
        assert_eq!(
            <(String, String)>::read(&json!(["a", "b"]), &mut reader),
            Some(("a".into(), "b".into()))
        );
        assert_eq!(<(String, String)>::read(&json!(["a"]), &mut reader), None);
        assert_eq!(
            String::read(&json!({"$__toml_private_datetime": "2019-06-30"}), &mut reader),
            None
        );
        let messages: Vec<&str> = reader.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`c` is not one of `a`, `b`",
                "expected a whole number from 0 to 65535, found the integer 70000",
                "expected an array of two, found an array of 1",
                "expected a string, found an unquoted date (write it in quotes: \"2019-06-30\")",
            ]
        );
    }

    #[cfg(feature = "toml")]
    #[test]
    fn a_toml_place_has_its_line() {
        let text = "[pack]\nid = \"x\"\n\n[[rules]]\nid = \"a\"\n\n[[rules]]\nid = \"b\"\nkind = 5\n\n[rules.params]\nshare = 1\n";
        let problem = |at: &[Step], absent: bool| Problem {
            at: at.to_vec(),
            message: String::new(),
            absent,
        };
        let lines = Lines::of(Some(text));
        let at = |steps: &[Step]| lines.line(&problem(steps, false));
        let rule = |index| Step::Item { index, id: None };
        let key = |k: &str| Step::Key(k.into());
        assert_eq!(at(&[key("pack"), key("id")]), Some(2));
        assert_eq!(at(&[key("rules"), rule(1), key("kind")]), Some(9));
        assert_eq!(at(&[key("rules"), rule(1), key("params"), key("share")]), Some(12));
        // A missing key: the line of the table it is missing from; a key said to be missing
        // that the text has, or a value not in the text: no line.
        assert_eq!(
            lines.line(&problem(&[key("rules"), rule(0), key("clause")], true)),
            Some(4)
        );
        assert_eq!(lines.line(&problem(&[key("rules"), rule(0), key("id")], true)), None);
        assert_eq!(at(&[key("rules"), rule(0), key("clause")]), None);
        // An entry by its id, wherever the tree has it; a place not in the text has no line.
        let named = |index, id: &str| Step::Item {
            index,
            id: Some(id.into()),
        };
        assert_eq!(at(&[key("rules"), named(7, "b"), key("kind")]), Some(9));
        assert_eq!(at(&[key("rules"), named(0, "zz"), key("kind")]), None);
        assert_eq!(at(&[key("sources"), rule(0), key("id")]), None);
        // In a merged tree (`extends`) an entry without an id is not looked for by position.
        let merged = Lines::of_merged(Some(text));
        assert_eq!(
            merged.line(&problem(&[key("rules"), rule(1), key("kind")], false)),
            None
        );
        assert_eq!(
            merged.line(&problem(&[key("rules"), named(5, "b"), key("kind")], false)),
            Some(9)
        );
        assert_eq!(
            Lines::of(Some("not toml [")).line(&problem(&[key("pack")], false)),
            None
        );
        assert_eq!(Lines::of(None).line(&problem(&[key("pack")], false)), None);
    }
}
