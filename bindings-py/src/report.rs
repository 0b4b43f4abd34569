//! `fundcheck.Report` and `fundcheck.Finding`: the core's report, read from Python.
//!
//! The report keeps the core's value; `to_json()` is the core's canonical text, and the
//! findings and figures are converted (by `convert.rs`) when asked for. The notebook
//! helpers (`to_pandas`, `_repr_html_`) are Python, in `fundcheck/_display.py`.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple};

use fundcheck::Severity;

use crate::convert;

/// One finding: a rule's verdict on one place of the document. It reads the core's finding
/// when asked: its message is rendered, and its facts made Python values, on first read (most
/// readers of a report look at the rule and the severity only, which it holds as Python
/// strings from the start: read as struct members, with no call into the extension).
#[pyclass(module = "fundcheck", frozen)]
pub struct Finding {
    /// The rule's stable id, e.g. `budget.public_center_cap`.
    #[pyo3(get)]
    rule: Py<PyString>,
    /// `error`, `warning` or `info`.
    #[pyo3(get)]
    severity: Py<PyString>,
    report: Arc<fundcheck::Report>,
    index: usize,
    converted: PyOnceLock<Py<PyDict>>,
    /// The message, rendered on first read.
    message: PyOnceLock<Py<PyString>>,
}

impl Finding {
    fn core(&self) -> PyResult<&fundcheck::Finding> {
        self.report
            .findings
            .get(self.index)
            .ok_or_else(|| pyo3::exceptions::PyIndexError::new_err("no such finding"))
    }

    fn message_str<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyString>> {
        self.message
            .get_or_try_init(py, || {
                Ok::<_, PyErr>(PyString::new(py, &self.core()?.message()).unbind())
            })
            .map(|m| m.bind(py))
    }

    fn facts_dict<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyDict>> {
        self.converted
            .get_or_try_init(py, || convert::values(py, &self.core()?.facts).map(Bound::unbind))
            .map(|d| d.bind(py))
    }
}

#[pymethods]
impl Finding {
    /// Whose obligation: `applicant` or `administration`.
    #[getter]
    fn owner<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        Ok(convert::static_name(py, self.core()?.owner.as_str()))
    }

    /// A JSON Pointer into the input, e.g. `/lines/3`.
    #[getter]
    fn path(&self) -> PyResult<String> {
        Ok(self.core()?.path.to_string())
    }

    /// The clause of the policy, e.g. `IP 七(三)`.
    #[getter]
    fn clause<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        Ok(convert::shared_name(py, &self.core()?.clause))
    }

    /// The message in the report's language.
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        self.message_str(py).cloned()
    }

    /// Typed facts: money and ratios as `Decimal`, dates as `date`, counts as `int`.
    #[getter]
    fn facts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.facts_dict(py).cloned()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let f = self.core()?;
        Ok(format!(
            "<Finding {} {} at {:?}: {}>",
            f.severity.as_str(),
            f.rule,
            f.path.to_string(),
            self.message_str(py)?.to_cow()?
        ))
    }

    /// The finding as a plain dict (keys as in the canonical report).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let f = self.core()?;
        let dict = PyDict::new(py);
        dict.set_item("rule", &*f.rule)?;
        dict.set_item("severity", f.severity.as_str())?;
        dict.set_item("owner", f.owner.as_str())?;
        dict.set_item("path", f.path.to_string())?;
        dict.set_item("clause", &*f.clause)?;
        dict.set_item("message", self.message_str(py)?)?;
        dict.set_item("facts", self.facts_dict(py)?.copy()?)?;
        Ok(dict)
    }
}

/// The outcome of checking one well-formed document.
#[pyclass(module = "fundcheck", frozen)]
pub struct Report {
    /// True when no finding is an error (a struct member, as a finding's rule and severity).
    #[pyo3(get)]
    ok: Py<PyBool>,
    /// Shared with the findings read from it.
    pub inner: Arc<fundcheck::Report>,
    findings: PyOnceLock<Py<PyTuple>>,
    /// The figures as Python values, made on first read (a `Decimal` or a `date` costs a
    /// Python call each); every read gets its own copy of the dict (its values immutable).
    figures: PyOnceLock<Py<PyDict>>,
}

impl Report {
    pub fn new(py: Python<'_>, inner: fundcheck::Report) -> Self {
        Report {
            ok: PyBool::new(py, inner.ok()).to_owned().unbind(),
            inner: Arc::new(inner),
            findings: PyOnceLock::new(),
            figures: PyOnceLock::new(),
        }
    }

    fn finding_objects<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyTuple>> {
        self.findings
            .get_or_try_init(py, || {
                let mut items = Vec::with_capacity(self.inner.findings.len());
                for (index, core) in self.inner.findings.iter().enumerate() {
                    let finding = Finding {
                        rule: convert::shared_name(py, &core.rule).unbind(),
                        severity: convert::static_name(py, core.severity.as_str()).unbind(),
                        report: self.inner.clone(),
                        index,
                        converted: PyOnceLock::new(),
                        message: PyOnceLock::new(),
                    };
                    items.push(Py::new(py, finding)?);
                }
                Ok::<_, PyErr>(PyTuple::new(py, items)?.unbind())
            })
            .map(|t| t.bind(py))
    }
}

#[pymethods]
impl Report {
    /// True when no error finding is the applicant's (the administration's record aside).
    #[getter]
    fn applicant_ok(&self) -> bool {
        self.inner.applicant_ok()
    }

    /// `application`, `allocation` or `progress`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind
    }

    /// The evaluation date the report used, or `None`.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.as_of.map(|d| convert::date_to_py(py, d)).transpose()
    }

    /// `{"id", "version", "digest"}` of the pack that produced the report, and `"overrides"`
    /// (`[{"param", "value"}]`) when the check set parameters (a what-if).
    #[getter]
    fn pack<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("id", &self.inner.pack.id)?;
        dict.set_item("version", &self.inner.pack.version)?;
        dict.set_item("digest", &self.inner.pack.digest)?;
        if !self.inner.pack.overrides.is_empty() {
            let json = py.import("json")?;
            let list = pyo3::types::PyList::empty(py);
            for (param, value) in &self.inner.pack.overrides {
                let item = PyDict::new(py);
                item.set_item("param", param)?;
                item.set_item("value", json.call_method1("loads", (value.to_string(),))?)?;
                list.append(item)?;
            }
            dict.set_item("overrides", list)?;
        }
        Ok(dict)
    }

    /// `{"error": n, "warning": n, "info": n}`.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            dict.set_item(severity.as_str(), self.inner.count(severity))?;
        }
        Ok(dict)
    }

    /// Every finding, in the report's order.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        Ok(self.finding_objects(py)?.to_list())
    }

    /// The figures, typed: money and ratios as `Decimal`, dates as `date`, counts as `int`.
    #[getter]
    fn figures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        // A list of texts is a mutable value a copy of the dict would share: made anew.
        if self
            .inner
            .figures
            .iter()
            .any(|(_, v)| matches!(v, fundcheck::report::Value::Texts(_)))
        {
            return convert::values(py, &self.inner.figures);
        }
        let made = self
            .figures
            .get_or_try_init(py, || convert::values(py, &self.inner.figures).map(Bound::unbind))?;
        made.bind(py).copy()
    }

    /// The canonical JSON report, the same text as the CLI's `--format json` (without its
    /// final newline).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The canonical report as plain Python data (`json.loads(report.to_json())`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.getattr("loads")?.call1((self.inner.to_json(),))
    }

    /// One row per finding: rule, severity, path, clause, message, facts.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("fundcheck._display")?
            .getattr("to_pandas")?
            .call1((slf,))
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        slf.py()
            .import("fundcheck._display")?
            .getattr("report_html")?
            .call1((slf,))?
            .extract()
    }

    fn __repr__(&self) -> String {
        let r = &self.inner;
        let as_of = r.as_of.map_or_else(|| "None".to_owned(), |d| d.to_string());
        format!(
            "<Report {} {} as_of={} ok={} error={} warning={} info={}>",
            r.pack.id,
            r.kind,
            as_of,
            if r.ok() { "True" } else { "False" },
            r.count(Severity::Error),
            r.count(Severity::Warning),
            r.count(Severity::Info)
        )
    }
}
