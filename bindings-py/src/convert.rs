//! Every conversion between Python objects and the core's types, in one place (the wasm
//! binding has a file of the same name for JavaScript values).
//!
//! In: the options of a call, handed to the core in their JSON form (`ffi::read_options`, so
//! a bad one is the same `ArgumentError` as in JavaScript); date arguments; the column
//! buffers of a table. Out: typed values (money and ratios as `decimal.Decimal`, dates as
//! `datetime.date`, counts as `int`), and the core's flattened errors (`ffi::Failure`) as
//! the package's exceptions of the same names.

use chrono::Datelike;
use fundcheck::ffi::{self, ArgumentProblem, Failure, Request, Spelling, Subject};
use fundcheck::host::{EachEntry, EachItem, Host, Shape, Unusual};
use fundcheck::report::Value;
use fundcheck::{Lang, NaiveDate};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyCapsule, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

use crate::columns::{Column, ColumnKind, Object};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

const ERRORS_MODULE: &str = "fundcheck._errors";

// ── In ──────────────────────────────────────────────────────────────────────────────────

/// A Python document as the core's host reader sees it (`fundcheck::host`): exact `dict`
/// (with `str` keys), `list`, `tuple`, `str`, `int` (64 bits), `float`, `bool` and `None`.
/// Anything else (a `Decimal`, a date, a numpy scalar, a subclass) is unusual, and the
/// document goes over as the JSON text `_docs.dumps` writes, which decides what it means.
pub struct PyDoc<'py>(pub Python<'py>);

impl<'py> Host for PyDoc<'py> {
    type Value = Bound<'py, PyAny>;

    fn shape<'a>(&self, value: &'a Bound<'py, PyAny>) -> Result<Shape<'a>, Unusual> {
        if value.is_none() {
            Ok(Shape::Null)
        } else if let Ok(text) = value.cast_exact::<PyString>() {
            text.to_cow().map(Shape::Text).map_err(|_| Unusual)
        } else if let Ok(b) = value.cast_exact::<PyBool>() {
            Ok(Shape::Bool(b.is_true()))
        } else if value.is_exact_instance_of::<PyInt>() {
            match value.extract::<i64>() {
                Ok(n) => Ok(Shape::Integer(n)),
                Err(_) => value.extract::<u64>().map(Shape::Unsigned).map_err(|_| Unusual),
            }
        } else if let Ok(f) = value.cast_exact::<PyFloat>() {
            Ok(Shape::Float(f.value()))
        } else if let Ok(dict) = value.cast_exact::<PyDict>() {
            Ok(Shape::Object(dict.len()))
        } else if let Ok(list) = value.cast_exact::<PyList>() {
            Ok(Shape::Array(list.len()))
        } else if let Ok(tuple) = value.cast_exact::<PyTuple>() {
            Ok(Shape::Array(tuple.len()))
        } else {
            Err(Unusual)
        }
    }

    fn items(&self, value: &Bound<'py, PyAny>, each: &mut EachItem<'_, Bound<'py, PyAny>>) -> Result<(), Unusual> {
        if let Ok(list) = value.cast_exact::<PyList>() {
            list.iter().try_for_each(|item| each(&item))
        } else if let Ok(tuple) = value.cast_exact::<PyTuple>() {
            tuple.iter().try_for_each(|item| each(&item))
        } else {
            Err(Unusual)
        }
    }

    fn entries(&self, value: &Bound<'py, PyAny>, each: &mut EachEntry<'_, Bound<'py, PyAny>>) -> Result<(), Unusual> {
        let dict = value.cast_exact::<PyDict>().map_err(|_| Unusual)?;
        dict.iter().try_for_each(|(key, item)| {
            let key = key.cast_exact::<PyString>().map_err(|_| Unusual)?;
            each(key_text(key).map_err(|_| Unusual)?, &item)
        })
    }
}

/// The keys the reader has met, by their text: a Python `dict` from the `str` (whose hash Python
/// keeps) to the key's place in [`KEY_TEXTS`]. A document's keys are the few names of its format,
/// met again in every document, so each is read out of Python once and lent to the tree after.
static KEY_INDEX: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// The texts of the keys in [`KEY_INDEX`], kept for the life of the process.
static KEY_TEXTS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());

/// At most this many keys are kept, each at most [`KEY_LONGEST`] bytes (so at most 256 KiB): a
/// program whose dicts have other keys each time reads them as before once the room is taken.
const KEYS_KEPT: usize = 4096;
const KEY_LONGEST: usize = 64;

/// The key objects met lately, by address, each with its kept text: a document whose keys are
/// the same `str` objects each time (the literals of a program, a DataFrame's column names, a
/// template copied) finds each key in one step. A table of [`KEY_SLOTS`] places, each holding
/// its object (so no other object can take that address while it is there); a key met in a
/// taken place replaces what was there, so a program whose keys are new objects each time
/// (`json.loads`) pays one comparison and one replacement a key.
static KEY_OBJECTS: std::sync::Mutex<Vec<Option<KeyObject>>> = std::sync::Mutex::new(Vec::new());
const KEY_SLOTS: usize = 1024;

struct KeyObject {
    address: usize,
    _key: Py<PyString>,
    text: &'static str,
}

/// A dict key's text: lent from the kept keys when it has been met before (the same object, or
/// the same text), else read (and kept while there is room).
fn key_text(key: &Bound<'_, PyString>) -> PyResult<std::borrow::Cow<'static, str>> {
    use std::borrow::Cow;
    let address = key.as_ptr() as usize;
    // The address's top bits after one multiply: a place in the table.
    let place = usize::try_from(
        u64::try_from(address).unwrap_or(0).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - KEY_SLOTS.trailing_zeros()),
    )
    .unwrap_or(0);
    let mut objects = KEY_OBJECTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(Some(met)) = objects.get(place) {
        if met.address == address {
            return Ok(Cow::Borrowed(met.text));
        }
    }
    let text = key_text_of(key)?;
    if let Cow::Borrowed(kept) = text {
        if objects.is_empty() {
            objects.resize_with(KEY_SLOTS, || None);
        }
        if let Some(slot) = objects.get_mut(place) {
            *slot = Some(KeyObject {
                address,
                _key: key.clone().unbind(),
                text: kept,
            });
        }
    }
    Ok(text)
}

/// A dict key's text found by its text ([`KEY_INDEX`]).
fn key_text_of(key: &Bound<'_, PyString>) -> PyResult<std::borrow::Cow<'static, str>> {
    use std::borrow::Cow;
    let py = key.py();
    let index = KEY_INDEX.get_or_init(py, || PyDict::new(py).unbind()).bind(py);
    let mut texts = KEY_TEXTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(at) = index.get_item(key)? {
        if let Some(text) = at.extract::<usize>().ok().and_then(|i| texts.get(i)) {
            return Ok(Cow::Borrowed(*text));
        }
    }
    let text = key.to_cow()?.into_owned();
    if texts.len() >= KEYS_KEPT || text.len() > KEY_LONGEST {
        return Ok(Cow::Owned(text));
    }
    let kept: &'static str = Box::leak(text.into_boxed_str());
    index.set_item(key, texts.len())?;
    texts.push(kept);
    Ok(Cow::Borrowed(kept))
}

/// An option's Python value in the JSON form the core reads options in (`ffi::read_options`):
/// `None`, `bool`, `int` and `str` as themselves, a `date` (or `datetime`) as `YYYY-MM-DD`,
/// anything else as its `repr`, which the core then rejects with the option's name.
pub fn option_value(value: Option<&Bound<'_, PyAny>>) -> PyResult<serde_json::Value> {
    use serde_json::Value as J;
    let Some(value) = value else { return Ok(J::Null) };
    let py = value.py();
    if value.is_none() {
        return Ok(J::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(J::Bool(b.is_true()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(J::String(text.to_cow()?.into_owned()));
    }
    if value.cast::<PyInt>().is_ok() {
        if let Ok(n) = value.extract::<i64>() {
            return Ok(J::from(n));
        }
    }
    if value.is_instance(DATE.import(py, "datetime", "date")?)? {
        let year: i32 = value.getattr("year")?.extract()?;
        let month: u32 = value.getattr("month")?.extract()?;
        let day: u32 = value.getattr("day")?.extract()?;
        return Ok(J::String(format!("{year:04}-{month:02}-{day:02}")));
    }
    Ok(J::String(value.repr()?.to_cow()?.into_owned()))
}

/// The options of a call, read by the core from their Python names; a bad one raises the
/// core's `ArgumentError`.
pub fn options(py: Python<'_>, entries: &[(&str, Option<&Bound<'_, PyAny>>)]) -> PyResult<Request> {
    let mut tree = serde_json::Map::new();
    for (name, value) in entries {
        let value = option_value(*value)?;
        if !value.is_null() {
            tree.insert((*name).to_string(), value);
        }
    }
    ffi::read_options(&serde_json::Value::Object(tree), Spelling::Snake)
        .map_err(|(problems, lang)| raise(py, &Failure::arguments(&problems, lang)))
}

/// A date argument from a `datetime.date` (a `datetime` counts by its date) or a
/// `YYYY-MM-DD` string; `what` names the argument in the message.
pub fn date(value: &Bound<'_, PyAny>, what: &str) -> PyResult<NaiveDate> {
    let py = value.py();
    let text = match option_value(Some(value))? {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    };
    ffi::arguments::date_argument(&text, what).map_err(|p| raise(py, &Failure::arguments(&[p], Lang::En)))
}

/// A count argument (`n` working days): a whole number of 0 or more.
pub fn count(value: &Bound<'_, PyAny>, what: &str) -> PyResult<u32> {
    if value.cast::<PyBool>().is_err() {
        if let Ok(n) = value.extract::<u32>() {
            return Ok(n);
        }
    }
    let shown = match option_value(Some(value))? {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    };
    let problem = ArgumentProblem::NotACount {
        subject: Subject::Argument(what.to_string()),
        shown,
    };
    Err(raise(value.py(), &Failure::arguments(&[problem], Lang::En)))
}

/// `(kind, offset, validity, values, data)` as the Python side passes a column.
type BufferTuple<'py> = (
    String,
    usize,
    Option<Bound<'py, PyBytes>>,
    Bound<'py, PyBytes>,
    Option<Bound<'py, PyBytes>>,
);

/// The buffers of one table column, as the Python side hands them over:
/// `(kind, offset, validity | None, values, data | None)` with Arrow's layout, or
/// `("objects", list)` for a column of mixed Python values.
pub struct ColumnBuffers<'py> {
    kind: ColumnKind,
    offset: usize,
    validity: Option<Bound<'py, PyBytes>>,
    values: Option<Bound<'py, PyBytes>>,
    data: Option<Bound<'py, PyBytes>>,
    objects: Vec<Object>,
    /// A column read where Arrow keeps it (`("arrow", kind, array)`), without a copy.
    arrow: Option<arrow_data::ArrayData>,
}

impl<'py> ColumnBuffers<'py> {
    pub fn extract(tuple: &Bound<'py, PyAny>, name: &str) -> PyResult<Self> {
        let tuple = tuple
            .cast::<PyTuple>()
            .map_err(|_| PyTypeError::new_err(format!("column `{name}`: expected a buffer tuple")))?;
        if tuple.len() == 3 && tuple.get_item(0)?.extract::<String>()? == "arrow" {
            return ColumnBuffers::arrow(&tuple.get_item(1)?.extract::<String>()?, &tuple.get_item(2)?, name);
        }
        if tuple.len() == 2 && tuple.get_item(0)?.extract::<String>()? == "objects" {
            let list = tuple.get_item(1)?;
            let objects = list
                .try_iter()?
                .map(|item| item.and_then(|v| object(&v)))
                .collect::<PyResult<Vec<_>>>()?;
            return Ok(ColumnBuffers {
                kind: ColumnKind::Objects,
                offset: 0,
                validity: None,
                values: None,
                data: None,
                objects,
                arrow: None,
            });
        }
        let (kind, offset, validity, values, data): BufferTuple<'py> = tuple.extract()?;
        Ok(ColumnBuffers {
            kind: buffer_kind(&kind, name)?,
            offset,
            validity,
            values: Some(values),
            data,
            objects: Vec::new(),
            arrow: None,
        })
    }

    /// A column from an object with `__arrow_c_array__` (a pyarrow `Array` without missing
    /// cells, in one of the layouts `kind` names), its buffers read where they are. The type
    /// is read from the schema first and the array imported only when it is the one `kind`
    /// names (importing builds the array, which for some types Arrow cannot build refuses
    /// by a panic).
    fn arrow(kind: &str, array: &Bound<'py, PyAny>, name: &str) -> PyResult<Self> {
        use arrow_array::Array as _;
        use arrow_schema::DataType;
        let kind = buffer_kind(kind, name)?;
        let method = pyo3::intern!(array.py(), "__arrow_c_array__");
        let not_arrow = || {
            PyTypeError::new_err(format!(
                "column `{name}`: expected an Arrow array (`__arrow_c_array__`)"
            ))
        };
        if !array.hasattr(method)? {
            return Err(not_arrow());
        }
        let (schema, cells) = array
            .call_method0(method)?
            .extract::<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)>()
            .map_err(|_| not_arrow())?;
        let in_column = |e: PyErr| PyValueError::new_err(format!("column `{name}`: {e}"));
        let data_type = pyo3_arrow::PyDataType::from_arrow_pycapsule(&schema)
            .map_err(in_column)?
            .into_inner();
        let layout = matches!(
            (kind, &data_type),
            (ColumnKind::Utf8, DataType::Utf8)
                | (ColumnKind::LargeUtf8 | ColumnKind::Decimal, DataType::LargeUtf8)
                | (ColumnKind::F64, DataType::Float64)
                | (ColumnKind::I64, DataType::Int64)
                | (ColumnKind::Bool, DataType::Boolean)
        );
        if !layout {
            return Err(PyValueError::new_err(format!(
                "column `{name}`: an Arrow array of {data_type} is not a `{kind:?}` column"
            )));
        }
        let data = pyo3_arrow::PyArray::from_arrow_pycapsule(&schema, &cells)
            .map_err(in_column)?
            .array()
            .to_data();
        if data.null_count() > 0 {
            return Err(PyValueError::new_err(format!(
                "column `{name}`: an Arrow array of {data_type} with {} missing cells is not a `{kind:?}` column without any",
                data.null_count()
            )));
        }
        Ok(ColumnBuffers {
            kind,
            offset: data.offset(),
            validity: None,
            values: None,
            data: None,
            objects: Vec::new(),
            arrow: Some(data),
        })
    }

    /// Whether the column is read where Arrow keeps it (memory the caller may still hold
    /// writable, so it is read with the GIL held).
    pub fn in_place(&self) -> bool {
        self.arrow.is_some()
    }

    /// A view of the buffers the core's reader walks, checked to hold `length` cells (without
    /// the GIL when every column is a copy, with it when one is Arrow's: `check_columns`).
    pub fn view(&self, name: &str, length: usize) -> PyResult<Column<'_>> {
        let short = |e: &str| PyValueError::new_err(format!("column `{name}`: {e}"));
        // An Arrow array says how many cells it has: a bitmap's padding is not a cell.
        if self.arrow.as_ref().is_some_and(|a| a.len() < length) {
            return Err(short("values buffer too short"));
        }
        // An Arrow array's first buffer is the offsets, values or bits, its second a text's data.
        let buffer = |i: usize| {
            self.arrow
                .as_ref()
                .and_then(|a| a.buffers().get(i))
                .map(|b| b.as_slice())
        };
        let data = match (&self.data, &self.arrow) {
            (Some(bytes), _) => Some(bytes.as_bytes()),
            (None, Some(_)) => buffer(1),
            (None, None) => None,
        };
        let data = match data {
            Some(bytes) => std::str::from_utf8(bytes)
                .map_err(|e| PyValueError::new_err(format!("column `{name}`: text is not UTF-8 ({e})")))?,
            None => "",
        };
        let values = match (&self.values, &self.arrow) {
            (Some(bytes), _) => bytes.as_bytes(),
            (None, Some(_)) => buffer(0).unwrap_or(&[]),
            (None, None) => &[],
        };
        let view = Column {
            kind: self.kind,
            offset: self.offset,
            validity: self.validity.as_ref().map(|b| b.as_bytes()),
            values,
            text: data,
            objects: &self.objects,
        };
        view.check(length).map_err(|e| short(&e))?;
        Ok(view)
    }
}

/// The layout a column's kind names, as the Python side writes it.
fn buffer_kind(kind: &str, name: &str) -> PyResult<ColumnKind> {
    Ok(match kind {
        "utf8" => ColumnKind::Utf8,
        "large_utf8" => ColumnKind::LargeUtf8,
        "decimal" => ColumnKind::Decimal,
        "f64" => ColumnKind::F64,
        "i64" => ColumnKind::I64,
        "bool" => ColumnKind::Bool,
        other => {
            return Err(PyValueError::new_err(format!(
                "column `{name}`: unknown buffer kind `{other}`"
            )))
        }
    })
}

/// One Python value of a mixed column as its own type: `None` missing, `bool` (numpy's too),
/// `int` (numpy's too; one beyond 64 bits as its digits), `float`, `Decimal` (as plain text,
/// never an exponent), `str`; anything else as its `str()`, to be judged as text.
fn object(value: &Bound<'_, PyAny>) -> PyResult<Object> {
    let py = value.py();
    if value.is_none() {
        return Ok(Object::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Object::Bool(b.is_true()));
    }
    if matches!(value.get_type().name()?.to_cow()?.as_ref(), "bool_" | "bool") {
        return Ok(Object::Bool(value.is_truthy()?));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Object::Text(text.to_cow()?.into_owned()));
    }
    if let Ok(v) = value.cast::<PyFloat>() {
        return Ok(Object::Float(v.value()));
    }
    if value.is_instance(DECIMAL.import(py, "decimal", "Decimal")?)? {
        let text: String = py
            .import("builtins")?
            .getattr("format")?
            .call1((value, "f"))?
            .extract()?;
        return Ok(Object::Decimal(text));
    }
    if value.cast::<PyInt>().is_ok() || value.hasattr("__index__")? {
        let index = if value.cast::<PyInt>().is_ok() {
            value.clone()
        } else {
            value.call_method0("__index__")?
        };
        return Ok(match index.extract::<i64>() {
            Ok(n) => Object::Integer(n),
            Err(_) => Object::Text(index.str()?.to_cow()?.into_owned()),
        });
    }
    Ok(Object::Text(value.str()?.to_cow()?.into_owned()))
}

// ── Out ─────────────────────────────────────────────────────────────────────────────────

/// A fact or figure as a Python value: money and ratios as `Decimal` (2 and 4 places),
/// dates as `datetime.date`, counts as `int`, texts as `str` or `list[str]`.
pub fn value<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Value::Money(_) | Value::Ratio(_) => decimal(py, &value.display()),
        Value::Date(d) => date_to_py(py, *d),
        Value::Count(n) => Ok(n.into_pyobject(py)?.into_any()),
        Value::Text(t) => Ok(PyString::new(py, t).into_any()),
        Value::Texts(items) => Ok(PyList::new(py, items)?.into_any()),
    }
}

fn decimal<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    DECIMAL.import(py, "decimal", "Decimal")?.call1((text,))
}

/// A `datetime.date`. Dates are immutable and a program's reports name few days (deadlines a
/// few years apart), so each day's object is made once and handed out again: at most
/// [`DATES_KEPT`] of them (32 years of days), then new days are made each time as before.
pub fn date_to_py(py: Python<'_>, d: NaiveDate) -> PyResult<Bound<'_, PyAny>> {
    static DATES: Kept<i32, Py<PyAny>> = Kept::new(DATES_KEPT, false);
    let day = d.num_days_from_ce();
    if let Some(made) = DATES.find(&day, |made| Some(made.bind(py).clone())) {
        return Ok(made);
    }
    let made = DATE
        .import(py, "datetime", "date")?
        .call1((d.year(), d.month(), d.day()))?;
    DATES.keep(day, made.clone().unbind());
    Ok(made)
}

const DATES_KEPT: usize = 12_000;

/// A table of Python objects made once per key and handed out again. It is looked in under its
/// lock and added to under it, but an object is made without it: making one may run Python
/// (an import, a collection), which may come back here or let another thread in. At most
/// `room` entries; when full, it starts over (`start_over`) or keeps what it has. Entries it
/// lets go are dropped after the lock is released.
pub struct Kept<K, V> {
    table: std::sync::Mutex<std::collections::HashMap<K, V, Mixed>>,
    room: usize,
    start_over: bool,
}

impl<K: std::hash::Hash + Eq, V> Kept<K, V> {
    pub const fn new(room: usize, start_over: bool) -> Self {
        Kept {
            table: std::sync::Mutex::new(std::collections::HashMap::with_hasher(Mixed)),
            room,
            start_over,
        }
    }

    fn table(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<K, V, Mixed>> {
        self.table.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// What `read` takes out of the entry for `key` (a new reference: no Python runs).
    pub fn find<Q, R>(&self, key: &Q, read: impl FnOnce(&V) -> Option<R>) -> Option<R>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.table().get(key).and_then(read)
    }

    pub fn keep(&self, key: K, value: V) {
        let mut table = self.table();
        let mut let_go = None;
        if table.len() >= self.room {
            if !self.start_over {
                drop(table);
                drop(value);
                return;
            }
            let_go = Some(std::mem::take(&mut *table));
        }
        let replaced = table.insert(key, value);
        drop(table);
        drop((let_go, replaced));
    }
}

/// A hasher for the binding's own small keys (a day number, a name's address): one multiply
/// per word, where the standard hasher's keyed SipHash costs more than the lookup it serves.
/// The keys are the program's, not an attacker's.
#[derive(Clone, Copy, Default)]
pub struct Mixed;

impl std::hash::BuildHasher for Mixed {
    type Hasher = MixedHasher;
    fn build_hasher(&self) -> MixedHasher {
        MixedHasher(0)
    }
}

pub struct MixedHasher(u64);

impl MixedHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl std::hash::Hasher for MixedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word.iter_mut().zip(chunk).for_each(|(w, b)| *w = *b);
            self.mix(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }
    fn write_i32(&mut self, n: i32) {
        self.mix(u64::from(u32::from_ne_bytes(n.to_ne_bytes())));
    }
}

/// Named values (facts, figures) as a `dict`, in the report's order.
pub fn values<'py>(
    py: Python<'py>,
    entries: &[(std::borrow::Cow<'static, str>, Value)],
) -> PyResult<Bound<'py, PyDict>> {
    // A report's amounts often repeat (prepaid and paid, the dues at zero): one `Decimal` per
    // text, as they are immutable.
    let mut decimals: Vec<(String, Bound<'py, PyAny>)> = Vec::new();
    let mut made = |v: &Value| -> PyResult<Bound<'py, PyAny>> {
        match v {
            Value::Money(_) | Value::Ratio(_) => {
                let text = v.display();
                if let Some((_, made)) = decimals.iter().find(|(seen, _)| *seen == text) {
                    return Ok(made.clone());
                }
                let made = decimal(py, &text)?;
                decimals.push((text, made.clone()));
                Ok(made)
            }
            other => value(py, other),
        }
    };
    let hash = names_hash(entries);
    let same_names = |k: &&std::sync::Arc<Known>| {
        k.names
            .iter()
            .map(String::as_str)
            .eq(entries.iter().map(|(n, _)| n.as_ref()))
    };
    if let Some(known) = SHAPES.find(&hash, |known| Some(known).filter(same_names).cloned()) {
        // The same names as a dict made before: its copy, each value put in place.
        let dict = known.dict.bind(py).copy()?;
        for (key, (_, v)) in known.keys.iter().zip(entries) {
            dict.set_item(key.bind(py), made(v)?)?;
        }
        return Ok(dict);
    }
    let dict = PyDict::new(py);
    let mut keys = Vec::with_capacity(entries.len());
    for (name, v) in entries {
        let key = match name {
            std::borrow::Cow::Borrowed(name) => static_name(py, name),
            std::borrow::Cow::Owned(name) => pack_name(py, name),
        };
        dict.set_item(&key, made(v)?)?;
        keys.push(key.unbind());
    }
    if entries.len() >= SHAPE_SHORTEST && keys.len() == dict.len() {
        let template = dict.copy()?;
        for key in &keys {
            template.set_item(key.bind(py), py.None())?;
        }
        let known = Known {
            names: entries.iter().map(|(n, _)| n.to_string()).collect(),
            keys,
            dict: template.unbind(),
        };
        SHAPES.keep(hash, std::sync::Arc::new(known));
    }
    Ok(dict)
}

/// The dicts of names made so far, by the names in order (a report's figures have the same
/// names, in the same order, report after report): a new dict of the same names is a copy of
/// one (which makes the hash table at its size at once) with each value put in place, where
/// building it afresh grows it twice on the way. At most [`SHAPES_KEPT`], of at least
/// [`SHAPE_SHORTEST`] names; the table starts over when full.
static SHAPES: Kept<u64, std::sync::Arc<Known>> = Kept::new(SHAPES_KEPT, true);
const SHAPES_KEPT: usize = 256;
const SHAPE_SHORTEST: usize = 6;

struct Known {
    names: Vec<String>,
    keys: Vec<Py<PyString>>,
    dict: Py<PyDict>,
}

/// The hash of the names of a dict to be made, in order.
fn names_hash(entries: &[(std::borrow::Cow<'static, str>, Value)]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = Mixed.build_hasher();
    for (name, _) in entries {
        hasher.write(name.as_bytes());
        hasher.write_u64(name.len() as u64);
    }
    hasher.finish()
}

/// The Python `str` of a name the core's code gives (`"paid"`, `"amount"`): made once, interned
/// (its hash computed once), and found again by where the name lives in the program.
pub fn static_name<'py>(py: Python<'py>, name: &'static str) -> Bound<'py, PyString> {
    // The program's own names only: as many as it has literals.
    static NAMES: Kept<(usize, usize), Py<PyString>> = Kept::new(usize::MAX, false);
    let key = (name.as_ptr() as usize, name.len());
    if let Some(made) = NAMES.find(&key, |made| Some(made.bind(py).clone())) {
        return made;
    }
    let made = PyString::intern(py, name);
    NAMES.keep(key, made.clone().unbind());
    made
}

/// The Python `str` of a text a pack's rules share with their findings (a rule's id, its
/// clause: one `Arc` each), made once and found again by the `Arc`, which the table keeps (so
/// its address is not another text's while it is there). At most [`SHARED_KEPT`]; the table
/// starts over when full (a program that builds many packs).
pub fn shared_name<'py>(py: Python<'py>, text: &std::sync::Arc<str>) -> Bound<'py, PyString> {
    static SHARED: Kept<usize, (std::sync::Arc<str>, Py<PyString>)> = Kept::new(SHARED_KEPT, true);
    let address = std::sync::Arc::as_ptr(text).cast::<u8>() as usize;
    if let Some(made) = SHARED.find(&address, |(_, made)| Some(made.bind(py).clone())) {
        return made;
    }
    let made = PyString::new(py, text);
    SHARED.keep(address, (text.clone(), made.clone().unbind()));
    made
}

const SHARED_KEPT: usize = 4096;

/// The Python `str` of a name a pack gives (a figure a rule's parameters name): made once per
/// text and kept, at most [`PACK_NAMES_KEPT`] of them (a pack's names are few).
fn pack_name<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyString> {
    static NAMES: Kept<String, Py<PyString>> = Kept::new(PACK_NAMES_KEPT, false);
    if let Some(made) = NAMES.find(name, |made| Some(made.bind(py).clone())) {
        return made;
    }
    let made = PyString::intern(py, name);
    NAMES.keep(name.to_owned(), made.clone().unbind());
    made
}

const PACK_NAMES_KEPT: usize = 1024;

/// The core's flattened error as the package's exception of the same name
/// (`fundcheck.InputError`, `PackError`, `CalendarError`, `ArgumentError`, `InternalError`):
/// `.code`, `.path`, `.errors` and the message are the core's, as on every face.
pub fn failure_object<'py>(py: Python<'py>, failure: &Failure, index: Option<usize>) -> PyResult<Bound<'py, PyAny>> {
    py.import(ERRORS_MODULE)?
        .getattr(failure.name())?
        .call1((failure.to_json(), index))
}

/// The core's flattened error, raised.
pub fn raise(py: Python<'_>, failure: &Failure) -> PyErr {
    match failure_object(py, failure, None) {
        Ok(error) => PyErr::from_value(error),
        Err(e) => e,
    }
}

/// A panic caught at the boundary, as `fundcheck.InternalError` (a `RuntimeError`), so no
/// `PanicException` (a `BaseException`) ever reaches the caller.
pub fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}
