//! Every conversion between Python objects and the core's types, in one place (the wasm
//! binding has a file of the same name for JavaScript values).
//!
//! In: dates (`datetime.date` or an ISO string), the language, the encoding, the column
//! buffers of a table. Out: typed values (money and ratios as `decimal.Decimal`, dates as
//! `datetime.date`, counts as `int`), and the core's errors as the package's exceptions,
//! each carrying the same flattened shape: `code`, `path`, `message` (and `line`).

use chrono::Datelike;
use fundcheck::calendar::CalendarError;
use fundcheck::report::Value;
use fundcheck::{Encoding, InputErrors, Lang, NaiveDate, PackErrors};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};

use crate::columns::{Column, ColumnKind};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INPUT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static PACK_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static CALENDAR_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INTERNAL_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

const ERRORS_MODULE: &str = "fundcheck._errors";

// ── In ──────────────────────────────────────────────────────────────────────────────────

/// `"zh"` or `"en"`.
pub fn lang(text: &str) -> PyResult<Lang> {
    Lang::parse(text).ok_or_else(|| PyValueError::new_err(format!("lang must be `zh` or `en`, not `{text}`")))
}

/// `"utf-8"` or `"gb18030"` (and their usual aliases).
pub fn encoding(text: &str) -> PyResult<Encoding> {
    Encoding::parse(text)
        .ok_or_else(|| PyValueError::new_err(format!("encoding must be `utf-8` or `gb18030`, not `{text}`")))
}

/// A date from a `datetime.date` (a `datetime` counts by its date) or a `YYYY-MM-DD` string;
/// `what` names the argument in the message.
pub fn date(value: &Bound<'_, PyAny>, what: &str) -> PyResult<NaiveDate> {
    let py = value.py();
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_cow()?;
        return fundcheck::decode::parse_date(&text)
            .ok_or_else(|| PyValueError::new_err(format!("{what}: `{text}` is not a real date; expected YYYY-MM-DD")));
    }
    if value.is_instance(DATE.import(py, "datetime", "date")?)? {
        let year: i32 = value.getattr("year")?.extract()?;
        let month: u32 = value.getattr("month")?.extract()?;
        let day: u32 = value.getattr("day")?.extract()?;
        return NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| PyValueError::new_err(format!("{what}: {year:04}-{month:02}-{day:02} is not a real date")));
    }
    let type_name = value.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "{what} must be a datetime.date or a YYYY-MM-DD string, not {type_name}"
    )))
}

/// An optional date (`None` stays `None`).
pub fn optional_date(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<NaiveDate>> {
    match value {
        Some(v) if !v.is_none() => date(v, what).map(Some),
        _ => Ok(None),
    }
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
/// `(kind, offset, validity | None, values, data | None)` with Arrow's layout.
pub struct ColumnBuffers<'py> {
    kind: ColumnKind,
    offset: usize,
    validity: Option<Bound<'py, PyBytes>>,
    values: Bound<'py, PyBytes>,
    data: Option<Bound<'py, PyBytes>>,
}

impl<'py> ColumnBuffers<'py> {
    pub fn extract(tuple: &Bound<'py, PyAny>, name: &str) -> PyResult<Self> {
        let tuple = tuple
            .cast::<PyTuple>()
            .map_err(|_| PyTypeError::new_err(format!("column `{name}`: expected a buffer tuple")))?;
        let (kind, offset, validity, values, data): BufferTuple<'py> = tuple.extract()?;
        let kind = match kind.as_str() {
            "utf8" => ColumnKind::Utf8,
            "large_utf8" => ColumnKind::LargeUtf8,
            "f64" => ColumnKind::F64,
            "i64" => ColumnKind::I64,
            "bool" => ColumnKind::Bool,
            other => {
                return Err(PyValueError::new_err(format!(
                    "column `{name}`: unknown buffer kind `{other}`"
                )))
            }
        };
        Ok(ColumnBuffers {
            kind,
            offset,
            validity,
            values,
            data,
        })
    }

    /// A view of the buffers the core's reader can walk without the GIL.
    pub fn view(&self, name: &str) -> PyResult<Column<'_>> {
        let data = match &self.data {
            Some(bytes) => std::str::from_utf8(bytes.as_bytes())
                .map_err(|e| PyValueError::new_err(format!("column `{name}`: text is not UTF-8 ({e})")))?,
            None => "",
        };
        Ok(Column {
            kind: self.kind,
            offset: self.offset,
            validity: self.validity.as_ref().map(|b| b.as_bytes()),
            values: self.values.as_bytes(),
            text: data,
        })
    }
}

// ── Out ─────────────────────────────────────────────────────────────────────────────────

/// A fact or figure as a Python value: money and ratios as `Decimal` (2 and 4 places),
/// dates as `datetime.date`, counts as `int`, texts as `str` or `list[str]`.
pub fn value<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Value::Money(_) | Value::Ratio(_) => DECIMAL.import(py, "decimal", "Decimal")?.call1((value.display(),)),
        Value::Date(d) => date_to_py(py, *d),
        Value::Count(n) => Ok(n.into_pyobject(py)?.into_any()),
        Value::Text(t) => Ok(PyString::new(py, t).into_any()),
        Value::Texts(items) => Ok(PyList::new(py, items)?.into_any()),
    }
}

pub fn date_to_py(py: Python<'_>, d: NaiveDate) -> PyResult<Bound<'_, PyAny>> {
    DATE.import(py, "datetime", "date")?
        .call1((d.year(), d.month(), d.day()))
}

/// Named values (facts, figures) as a `dict`, in the report's order.
pub fn values<'py>(py: Python<'py>, entries: &[(String, Value)]) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, v) in entries {
        dict.set_item(name, value(py, v)?)?;
    }
    Ok(dict)
}

/// The input errors as `fundcheck.InputError`: `.errors` is the list of every problem,
/// each `{"code", "path", "message"[, "line"]}`, in document order.
pub fn input_error(py: Python<'_>, errors: &InputErrors, lang: Lang) -> PyErr {
    match input_error_object(py, errors, lang, None) {
        Ok(error) => PyErr::from_value(error),
        Err(e) => e,
    }
}

/// The `InputError` instance itself (for batches, which return it instead of raising).
pub fn input_error_object<'py>(
    py: Python<'py>,
    errors: &InputErrors,
    lang: Lang,
    index: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let list = PyList::empty(py);
    for error in &errors.0 {
        let item = PyDict::new(py);
        item.set_item("code", error.code.as_str())?;
        item.set_item("path", error.path.to_string())?;
        item.set_item("message", error.message(lang))?;
        if let Some(line) = error.line {
            item.set_item("line", line)?;
        }
        list.append(item)?;
    }
    INPUT_ERROR
        .import(py, ERRORS_MODULE, "InputError")?
        .call1((list, index))
}

/// A pack that cannot be built, as `fundcheck.PackError`: `.errors` is `[{"place", "message"}]`.
pub fn pack_error(py: Python<'_>, errors: &PackErrors, file: &str) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let list = PyList::empty(py);
        for error in &errors.0 {
            let item = PyDict::new(py);
            item.set_item("place", error.place.as_deref())?;
            item.set_item("message", &error.message)?;
            list.append(item)?;
        }
        let error = PACK_ERROR.import(py, ERRORS_MODULE, "PackError")?.call1((file, list))?;
        Ok(PyErr::from_value(error))
    };
    build().unwrap_or_else(|e| e)
}

/// A date the calendar does not cover, as `fundcheck.CalendarError` (a `ValueError`).
pub fn calendar_error(py: Python<'_>, error: &CalendarError) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let (date, first, last) = match error {
            CalendarError::OutOfRange { date, first, last } => (
                date_to_py(py, *date)?.unbind(),
                date_to_py(py, *first)?.unbind(),
                date_to_py(py, *last)?.unbind(),
            ),
            CalendarError::Data { .. } => (py.None(), py.None(), py.None()),
        };
        let error =
            CALENDAR_ERROR
                .import(py, ERRORS_MODULE, "CalendarError")?
                .call1((error.to_string(), date, first, last))?;
        Ok(PyErr::from_value(error))
    };
    build().unwrap_or_else(|e| e)
}

/// A panic caught at the boundary, as `fundcheck.InternalError` (a `RuntimeError`), so no
/// `PanicException` (a `BaseException`) ever reaches the caller.
pub fn internal_error(py: Python<'_>, panic: &(dyn std::any::Any + Send)) -> PyErr {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    let message = format!("internal error in fundcheck, please report it: {what}");
    match INTERNAL_ERROR
        .import(py, ERRORS_MODULE, "InternalError")
        .and_then(|t| t.call1((message.clone(),)))
    {
        Ok(error) => PyErr::from_value(error),
        Err(_) => pyo3::exceptions::PyRuntimeError::new_err(message),
    }
}
