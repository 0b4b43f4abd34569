//! `fundcheck.Pack` and `fundcheck.Rule`: the rule pack a check runs, as data.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;

use fundcheck::ffi::catalog;

use crate::convert;

/// The core's JSON as Python objects.
fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((json,))
}

/// The embedded pack, or one read from a file.
#[derive(Clone)]
enum Source {
    Embedded(&'static fundcheck::Pack),
    Loaded(Arc<fundcheck::Pack>),
}

/// A built rule pack: the policy as data, with the SHA-256 digest that every report cites.
#[pyclass(module = "fundcheck", frozen)]
#[derive(Clone)]
pub struct Pack {
    source: Source,
}

impl Pack {
    pub fn get(&self) -> &fundcheck::Pack {
        match &self.source {
            Source::Embedded(pack) => pack,
            Source::Loaded(pack) => pack,
        }
    }

    /// The pack a call names, or the embedded one.
    pub fn or_default(py: Python<'_>, pack: Option<&Bound<'_, Pack>>) -> PyResult<Pack> {
        match pack {
            Some(pack) => Ok(pack.get().clone()),
            None => Pack::embedded(py),
        }
    }

    fn embedded(py: Python<'_>) -> PyResult<Pack> {
        fundcheck::Pack::embedded()
            .map(|pack| Pack {
                source: Source::Embedded(pack),
            })
            .map_err(|e| convert::raise(py, &fundcheck::Failure::pack(&e, fundcheck::Lang::En)))
    }
}

/// One rule of a pack, as `fundcheck rules` lists it.
#[pyclass(module = "fundcheck", frozen, get_all)]
pub struct Rule {
    pub id: String,
    /// The validator kind, e.g. `share_cap`.
    pub kind: String,
    pub clause: String,
    /// The clause's own words, in Chinese.
    pub clause_text: String,
    pub severity: &'static str,
    /// Whose obligation a broken rule is: `applicant` or `administration`.
    pub owner: &'static str,
    pub summary_zh: String,
    pub summary_en: String,
    /// The base pack (`id@version`) the rule is inherited from, or `None`.
    pub base: Option<String>,
}

#[pymethods]
impl Rule {
    fn __repr__(&self) -> String {
        format!("<Rule {} ({}, {})>", self.id, self.clause, self.severity)
    }
}

#[pymethods]
impl Pack {
    /// The Yanshi 2019 pack compiled into the package, with its working-day calendar.
    #[staticmethod]
    fn default(py: Python<'_>) -> PyResult<Pack> {
        Pack::embedded(py)
    }

    /// Reads a pack from a TOML file (the calendar files it names are read relative to it), or
    /// from its JSON bundle (`fundcheck pack show --resolved`, a `.json` file).
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Pack> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(&path).map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{shown}: {e}")))?;
        let bundle = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let dir = path.parent().map(PathBuf::from).unwrap_or_default();
        let read = move |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"));
        let built = py.detach(|| {
            if bundle {
                fundcheck::Pack::from_bundle(&String::from_utf8_lossy(&bytes))
            } else {
                fundcheck::Pack::from_toml_bytes(&bytes, &read)
            }
        });
        built
            .map(|pack| Pack {
                source: Source::Loaded(Arc::new(pack)),
            })
            .map_err(|e| convert::raise(py, &fundcheck::Failure::pack_file(&e, &shown, fundcheck::Lang::En)))
    }

    /// This pack with some parameters changed (a reading's alternative, a what-if):
    /// `{"/lifecycle/late": "acceptance"}`, keys as `fundcheck check --param` takes them.
    #[pyo3(signature = (params, *, lang="en"))]
    fn with_params(&self, py: Python<'_>, params: &Bound<'_, pyo3::types::PyDict>, lang: &str) -> PyResult<Pack> {
        let lang = fundcheck::Lang::parse(lang).unwrap_or(fundcheck::Lang::En);
        let mut list = Vec::new();
        for (key, value) in params.iter() {
            let key: String = key.extract()?;
            let json = py.import("json")?.call_method1("dumps", (value,))?;
            let text: String = json.extract()?;
            let value = serde_json::from_str(&text)
                .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("params[{key:?}]: {e}")))?;
            list.push((key, value));
        }
        let built = py.detach(|| self.get().with_params(&list));
        built
            .map(|pack| Pack {
                source: Source::Loaded(Arc::new(pack)),
            })
            .map_err(|e| convert::raise(py, &fundcheck::Failure::pack(&e, lang)))
    }

    /// This pack with more calendar years: `files` is a list of `(name, text)` year files
    /// (TOML as in `rules/calendars/`, or its JSON form); the digest then covers them.
    #[pyo3(signature = (files, *, lang="en"))]
    fn with_calendar(&self, py: Python<'_>, files: Vec<(String, String)>, lang: &str) -> PyResult<Pack> {
        let lang = fundcheck::Lang::parse(lang).unwrap_or(fundcheck::Lang::En);
        let built = py.detach(|| self.get().with_calendar_files(&files));
        built
            .map(|pack| Pack {
                source: Source::Loaded(Arc::new(pack)),
            })
            .map_err(|e| convert::raise(py, &fundcheck::Failure::pack(&e, lang)))
    }

    #[getter]
    fn id(&self) -> &str {
        self.get().id()
    }

    #[getter]
    fn version(&self) -> &str {
        self.get().version()
    }

    /// `sha256:…` of the parsed pack (and its calendar), as every report cites it.
    #[getter]
    fn digest(&self) -> &str {
        &self.get().digest
    }

    /// The rules in pack order (the order of findings).
    #[getter]
    fn rules(&self) -> Vec<Rule> {
        self.get()
            .catalogue()
            .into_iter()
            .map(|r| Rule {
                id: r.id,
                kind: r.kind,
                clause: r.clause,
                clause_text: r.clause_text,
                severity: r.severity,
                owner: r.owner,
                summary_zh: r.summary.zh,
                summary_en: r.summary.en,
                base: r.base,
            })
            .collect()
    }

    /// The pack's stamp, title and closed lists with their labels, as the core describes it
    /// (the same object as `pack()` in JavaScript).
    #[getter]
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &catalog::to_json(&self.get().info()))
    }

    /// The pack itself, resolved onto its bases (what `fundcheck pack show --resolved` prints
    /// as its `pack`): every rule with its kind, parameters and messages, as a dict.
    #[getter]
    fn resolved<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &catalog::to_json(&self.get().file))
    }

    /// What an application of `category` must file (documents, sections and their fields),
    /// as a dict; `None` when no rule of the pack names the category.
    fn requirements<'py>(&self, py: Python<'py>, category: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.get().requirements(category) {
            Some(requirements) => loads(py, &catalog::to_json(&requirements)),
            None => Ok(py.None().into_bound(py)),
        }
    }

    fn __repr__(&self) -> String {
        let pack = self.get();
        format!("<Pack {} {} ({} rules)>", pack.id(), pack.version(), pack.rules().len())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Pack>()
            .is_ok_and(|o| o.get().get().digest == self.get().digest)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.get().digest.hash(&mut hasher);
        hasher.finish()
    }
}
