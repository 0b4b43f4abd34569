//! `fundcheck._fundcheck`: the Python face of the fundcheck core.
//!
//! A thin layer: every check is the core's `check_bytes` (documents as bytes, so every
//! runtime parses the same bytes), the core's `check_tree` over a dict read by the core's
//! host reader (the same tree as the dict's JSON text), or the core's `read_table` over a
//! table's cells. The
//! work runs without the GIL, and a panic is caught here and raised as
//! `fundcheck.InternalError`, never as pyo3's `PanicException`. The friendly signatures
//! (dicts, paths, DataFrames, progress bars) are in `python/fundcheck/__init__.py`.

/// mimalloc for the core's allocations (Python's own objects keep Python's allocator): a
/// check makes hundreds of small strings, and glibc's malloc and free were a third of its time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod columns;
mod convert;
mod pack;
mod report;

use std::panic::{catch_unwind, AssertUnwindSafe};

use fundcheck::doc::allocation::LINE_FIELDS;
use fundcheck::ffi::Failure;
use fundcheck::{Format, InputErrors, Lang, Options};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::columns::{Column, Table};
use crate::convert::ColumnBuffers;
use crate::pack::Pack;
use crate::report::Report;

/// Runs `f`, turning a panic into `fundcheck.InternalError`.
fn guarded<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        Err(convert::raise(
            py,
            &Failure::internal(&convert::panic_text(panic.as_ref()), Lang::En),
        ))
    })
}

/// The options of one document's check (`check_bytes`, `check_dict`), read by the core from
/// their Python names, in this order.
fn document_options(py: Python<'_>, values: [Option<&Bound<'_, PyAny>>; 6]) -> PyResult<Options> {
    let [as_of, lang, r#final, max_findings, format, encoding] = values;
    let entries = [
        ("as_of", as_of),
        ("lang", lang),
        ("final", r#final),
        ("max_findings", max_findings),
        ("format", format),
        ("encoding", encoding),
    ];
    Ok(convert::options(py, &entries)?.options)
}

/// How many threads may read a large plan (`Options::threads`), when the call says: 0 for
/// two a core (at most four), 1 for the calling thread only; `None` keeps the default.
fn with_threads(options: &mut Options, threads: Option<usize>) {
    if let Some(threads) = threads {
        options.threads = threads;
    }
}

/// Checks one document given as bytes (JSON, or CSV for an allocation); the options are read
/// by the core (`format`: `"json"` or `"csv"`). Without `format`, the file `name` the bytes
/// were read from decides as it does in the CLI (`Format::for_path`); bytes without a name
/// are JSON.
#[pyfunction]
#[pyo3(signature = (data, *, name=None, pack=None, as_of=None, lang=None, r#final=None, max_findings=None, format=None, encoding=None, threads=None))]
#[allow(clippy::too_many_arguments)]
fn check_bytes(
    py: Python<'_>,
    data: &Bound<'_, PyBytes>,
    name: Option<&str>,
    pack: Option<&Bound<'_, Pack>>,
    as_of: Option<&Bound<'_, PyAny>>,
    lang: Option<&Bound<'_, PyAny>>,
    r#final: Option<&Bound<'_, PyAny>>,
    max_findings: Option<&Bound<'_, PyAny>>,
    format: Option<&Bound<'_, PyAny>>,
    encoding: Option<&Bound<'_, PyAny>>,
    threads: Option<usize>,
) -> PyResult<Report> {
    guarded(py, || {
        let mut options = document_options(py, [as_of, lang, r#final, max_findings, format, encoding])?;
        if let (None, Some(name)) = (format, name) {
            options.format = Format::for_path(name);
        }
        with_threads(&mut options, threads);
        let pack = Pack::or_default(py, pack)?;
        let bytes = data.as_bytes();
        let outcome = py.detach(|| fundcheck::check_bytes(bytes, pack.get(), &options));
        outcome
            .map(|report| Report::new(py, report))
            .map_err(|errors| convert::raise(py, &Failure::input(&errors, options.lang)))
    })
}

/// Checks a document held as a `dict`, read straight into the core's tree (`fundcheck::host`,
/// through `convert::PyDoc`) rather than written out as JSON text first; `None` when it holds
/// something the core leaves to the text (a `Decimal`, a date, a NaN, a non-text key, …) or
/// the options ask for CSV: the caller then passes its JSON text to `check_bytes`. Either way
/// the report and the errors are those of the text.
#[pyfunction]
#[pyo3(signature = (doc, *, pack=None, as_of=None, lang=None, r#final=None, max_findings=None, format=None, encoding=None))]
#[allow(clippy::too_many_arguments)]
fn check_dict(
    py: Python<'_>,
    doc: &Bound<'_, PyDict>,
    pack: Option<&Bound<'_, Pack>>,
    as_of: Option<&Bound<'_, PyAny>>,
    lang: Option<&Bound<'_, PyAny>>,
    r#final: Option<&Bound<'_, PyAny>>,
    max_findings: Option<&Bound<'_, PyAny>>,
    format: Option<&Bound<'_, PyAny>>,
    encoding: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Report>> {
    guarded(py, || {
        let options = document_options(py, [as_of, lang, r#final, max_findings, format, encoding])?;
        if options.format != Format::Json {
            return Ok(None);
        }
        let pack = Pack::or_default(py, pack)?;
        let (host, pack) = (convert::PyDoc(py), pack.get());
        // A well-formed application straight into the document; anything else through the tree.
        if let Some(app) = fundcheck::host::application(&host, doc.as_any(), pack.vocabularies(), &options.limits) {
            let document = fundcheck::Document::Application(app);
            return Ok(Some(Report::new(
                py,
                py.detach(|| fundcheck::check(&document, pack, &options)),
            )));
        }
        let Ok(tree) = fundcheck::host::tree(&host, doc.as_any(), &options.limits) else {
            return Ok(None);
        };
        let outcome = py.detach(|| fundcheck::check_tree(&tree, pack, &options));
        outcome
            .map(|report| Some(Report::new(py, report)))
            .map_err(|errors| convert::raise(py, &Failure::input(&errors, options.lang)))
    })
}

/// What one document of a batch came to.
enum Outcome {
    Report(fundcheck::Report),
    Input(InputErrors),
    Panic(String),
}

/// Checks many documents in one call, without the GIL, on `threads` threads (`None` or 0: one
/// a core): each is bytes
/// (`names[i]` the file it was read from, which decides its format as in [`check_bytes`]) or
/// a `dict`, read as [`check_dict`] reads it (or, when it holds something only its text says
/// how to read, as the JSON text `fundcheck._docs.dumps` writes). Each item of the result is a `Report` or an `InputError` (with its
/// `index`); a document that made the core panic gives an `InternalError`.
#[pyfunction]
#[pyo3(signature = (docs, names, *, pack=None, as_of=None, lang=None, r#final=None, max_findings=None, threads=None))]
#[allow(clippy::too_many_arguments)]
fn check_many_bytes<'py>(
    py: Python<'py>,
    docs: Vec<Bound<'py, PyAny>>,
    names: Vec<Option<String>>,
    pack: Option<&Bound<'py, Pack>>,
    as_of: Option<&Bound<'py, PyAny>>,
    lang: Option<&Bound<'py, PyAny>>,
    r#final: Option<&Bound<'py, PyAny>>,
    max_findings: Option<&Bound<'py, PyAny>>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    guarded(py, || {
        if names.len() != docs.len() {
            return Err(PyValueError::new_err("docs and names differ in length"));
        }
        let pack = Pack::or_default(py, pack)?;
        let mut options = convert::options(
            py,
            &[
                ("as_of", as_of),
                ("lang", lang),
                ("final", r#final),
                ("max_findings", max_findings),
            ],
        )?
        .options;
        with_threads(&mut options, threads);
        let read = docs
            .iter()
            .zip(&names)
            .map(|(doc, name)| read_document(doc, name.as_deref(), pack.get(), &options.limits))
            .collect::<PyResult<Vec<_>>>()?;
        let inputs: Vec<Input<'_>> = read
            .iter()
            .map(|r| match r {
                Read::Text(bytes, format) => Input::Text(bytes.as_bytes(), *format),
                Read::Tree(tree) => Input::Tree(tree),
                Read::Document(document) => Input::Document(document),
            })
            .collect();
        // None or 0: one a core, as the other calls' 0 is their default.
        let threads = threads
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
            .clamp(1, inputs.len().max(1));
        let outcomes = py.detach(|| run_batch(&inputs, pack.get(), &options, threads));
        let list = PyList::empty(py);
        for (index, outcome) in outcomes.into_iter().enumerate() {
            match outcome {
                Outcome::Report(report) => list.append(Py::new(py, Report::new(py, report))?)?,
                Outcome::Input(errors) => list.append(convert::failure_object(
                    py,
                    &Failure::input(&errors, options.lang),
                    Some(index),
                )?)?,
                Outcome::Panic(message) => list.append(convert::failure_object(
                    py,
                    &Failure::internal(&message, Lang::En),
                    Some(index),
                )?)?,
            }
        }
        Ok(list)
    })
}

/// One document of a batch as the GIL holder read it.
enum Read<'py> {
    Text(Bound<'py, PyBytes>, Format),
    Tree(fundcheck::json::Json<'static>),
    /// A well-formed application, read straight from the dict.
    Document(Box<fundcheck::Document>),
}

/// The same, borrowed, for the threads of the batch.
enum Input<'a> {
    Text(&'a [u8], Format),
    Tree(&'a fundcheck::json::Json<'static>),
    Document(&'a fundcheck::Document),
}

fn read_document<'py>(
    doc: &Bound<'py, PyAny>,
    name: Option<&str>,
    pack: &fundcheck::Pack,
    limits: &fundcheck::Limits,
) -> PyResult<Read<'py>> {
    let py = doc.py();
    if doc.is_exact_instance_of::<PyDict>() {
        // A panic in the decoders is caught here as on the batch's threads: the document then
        // takes the tree, whose check (in `run_batch`) reports it with its index.
        let direct = catch_unwind(AssertUnwindSafe(|| {
            fundcheck::host::application(&convert::PyDoc(py), doc, pack.vocabularies(), limits)
        }));
        if let Ok(Some(app)) = direct {
            return Ok(Read::Document(Box::new(fundcheck::Document::Application(app))));
        }
        if let Ok(tree) = fundcheck::host::tree(&convert::PyDoc(py), doc, limits) {
            return Ok(Read::Tree(tree));
        }
        let text = py.import("fundcheck._docs")?.call_method1("dumps", (doc,))?;
        return Ok(Read::Text(text.cast_into::<PyBytes>()?, Format::Json));
    }
    let format = name.map_or(Format::Json, Format::for_path);
    Ok(Read::Text(doc.cast::<PyBytes>()?.clone(), format))
}

fn run_batch(inputs: &[Input<'_>], pack: &fundcheck::Pack, options: &Options, threads: usize) -> Vec<Outcome> {
    let check_one = |input: &Input<'_>| -> Outcome {
        // The batch runs on `threads` threads already: a large plan in it is read on its own.
        let format = match input {
            Input::Text(_, format) => *format,
            Input::Tree(_) | Input::Document(_) => Format::Json,
        };
        let options = Options {
            format,
            threads: if threads > 1 { 1 } else { options.threads },
            ..options.clone()
        };
        let check = || match input {
            Input::Text(bytes, _) => fundcheck::check_bytes(bytes, pack, &options),
            Input::Tree(tree) => fundcheck::check_tree(tree, pack, &options),
            Input::Document(document) => Ok(fundcheck::check(document, pack, &options)),
        };
        match catch_unwind(AssertUnwindSafe(check)) {
            Ok(Ok(report)) => Outcome::Report(report),
            Ok(Err(errors)) => Outcome::Input(errors),
            Err(panic) => Outcome::Panic(convert::panic_text(panic.as_ref())),
        }
    };
    if threads <= 1 {
        return inputs.iter().map(check_one).collect();
    }
    let chunk = inputs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(check_one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Outcome::Panic("a batch thread stopped".into())])
            })
            .collect()
    })
}

/// Checks allocation lines given as table columns (Arrow buffers, see `columns.rs`).
/// `columns` maps each allocation field present to its buffers; `unknown` names the table's
/// other columns.
#[pyfunction]
#[pyo3(signature = (length, columns, unknown, *, pack=None, lang=None, r#final=None, max_findings=None, threads=None))]
#[allow(clippy::too_many_arguments)]
fn check_columns(
    py: Python<'_>,
    length: usize,
    columns: &Bound<'_, PyDict>,
    unknown: Vec<String>,
    pack: Option<&Bound<'_, Pack>>,
    lang: Option<&Bound<'_, PyAny>>,
    r#final: Option<&Bound<'_, PyAny>>,
    max_findings: Option<&Bound<'_, PyAny>>,
    threads: Option<usize>,
) -> PyResult<Report> {
    guarded(py, || {
        let pack = Pack::or_default(py, pack)?;
        let mut options = convert::options(
            py,
            &[("lang", lang), ("final", r#final), ("max_findings", max_findings)],
        )?
        .options;
        with_threads(&mut options, threads);
        let is_final = options.is_final;
        let mut buffers: Vec<Option<ColumnBuffers<'_>>> = Vec::with_capacity(LINE_FIELDS.len());
        for name in LINE_FIELDS {
            buffers.push(
                columns
                    .get_item(name)?
                    .map(|t| ColumnBuffers::extract(&t, name))
                    .transpose()?,
            );
        }
        let mut views: [Option<Column<'_>>; LINE_FIELDS.len()] = std::array::from_fn(|_| None);
        for ((slot, buffer), name) in views.iter_mut().zip(&buffers).zip(LINE_FIELDS) {
            if let Some(buffer) = buffer {
                *slot = Some(buffer.view(name, length)?);
            }
        }
        // A column read in place is memory Python code could still write to (a numpy array
        // under a pyarrow one): when any column is, the whole call keeps the GIL, so no Python
        // code that needs it changes the memory between the check of the offsets and text and
        // the reading (code that let go of the GIL, a numpy ufunc on another thread, still
        // could: a frame must not be changed while it is checked). A call whose columns are
        // all copies (immutable `bytes`) lets go of the GIL.
        let in_place = buffers.iter().flatten().any(ColumnBuffers::in_place);
        let table = Table {
            length,
            columns: views,
            unknown,
        };
        let core = pack.get();
        let run = || {
            fundcheck::check_plan(core, &options, is_final, |each| {
                columns::stream_allocation(&table, core.vocabularies(), &options.limits, options.threads, each)
            })
        };
        let outcome = if in_place { run() } else { py.detach(run) };
        outcome
            .map(|report| Report::new(py, report))
            .map_err(|errors| convert::raise(py, &Failure::input(&errors, options.lang)))
    })
}

fn calendar(py: Python<'_>, pack: Option<&Bound<'_, Pack>>) -> PyResult<Pack> {
    let pack = Pack::or_default(py, pack)?;
    if pack.get().calendar.is_none() {
        let error = fundcheck::PackError::of(
            fundcheck::PackCode::Calendar,
            None,
            "the pack has no working-day calendar",
        );
        return Err(convert::raise(py, &Failure::pack(&error.into(), Lang::En)));
    }
    Ok(pack)
}

/// Runs a pack's test files (files or directories) against `pack`; the outcome as the JSON
/// `fundcheck test --format json` prints. A test file that cannot be read raises `ValueError`.
#[pyfunction]
#[pyo3(signature = (paths, *, pack=None))]
fn run_tests(py: Python<'_>, paths: Vec<std::path::PathBuf>, pack: Option<&Bound<'_, Pack>>) -> PyResult<String> {
    guarded(py, || {
        let pack = Pack::or_default(py, pack)?;
        let outcome = py.detach(|| fundcheck::packtest::files::run_paths(&paths, pack.get()));
        outcome.map(|o| o.to_json().to_string()).map_err(PyValueError::new_err)
    })
}

/// The `n`th working day strictly after `d` (`n = 0` gives `d`).
#[pyfunction]
#[pyo3(signature = (d, n, *, pack=None, lang="en"))]
fn add_working_days<'py>(
    py: Python<'py>,
    d: &Bound<'py, PyAny>,
    n: &Bound<'py, PyAny>,
    pack: Option<&Bound<'py, Pack>>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(py, || {
        let lang = Lang::parse(lang).unwrap_or(Lang::En);
        let (start, n) = (convert::date(d, "date")?, convert::count(n, "n")?);
        let pack = calendar(py, pack)?;
        let day = pack
            .get()
            .calendar
            .as_ref()
            .map(|cal| cal.add_working_days(start, n))
            .unwrap_or(Ok(start))
            .map_err(|e| convert::raise(py, &Failure::calendar(&e, lang)))?;
        convert::date_to_py(py, day)
    })
}

/// The number of working days in `(a, b]` (negative when `b` is before `a`).
#[pyfunction]
#[pyo3(signature = (a, b, *, pack=None, lang="en"))]
fn working_days_between(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    pack: Option<&Bound<'_, Pack>>,
    lang: &str,
) -> PyResult<i64> {
    guarded(py, || {
        let lang = Lang::parse(lang).unwrap_or(Lang::En);
        let (a, b) = (convert::date(a, "a")?, convert::date(b, "b")?);
        let pack = calendar(py, pack)?;
        pack.get()
            .calendar
            .as_ref()
            .map_or(Ok(0), |cal| cal.working_days_between(a, b))
            .map_err(|e| convert::raise(py, &Failure::calendar(&e, lang)))
    })
}

/// Panics on purpose (inside and outside the GIL-free section), so the tests can see that a
/// panic comes out as `fundcheck.InternalError`.
#[pyfunction]
#[pyo3(signature = (message, *, detached=false))]
#[allow(clippy::panic)]
fn _panic(py: Python<'_>, message: &str, detached: bool) -> PyResult<()> {
    guarded(py, || {
        if detached {
            py.detach(|| panic!("{message}"))
        } else {
            panic!("{message}")
        }
    })
}

#[pymodule]
fn _fundcheck(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Report>()?;
    m.add_class::<report::Finding>()?;
    m.add_class::<Pack>()?;
    m.add_class::<pack::Rule>()?;
    m.add_function(wrap_pyfunction!(check_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(check_dict, m)?)?;
    m.add_function(wrap_pyfunction!(check_many_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(check_columns, m)?)?;
    m.add_function(wrap_pyfunction!(add_working_days, m)?)?;
    m.add_function(wrap_pyfunction!(run_tests, m)?)?;
    m.add_function(wrap_pyfunction!(working_days_between, m)?)?;
    m.add_function(wrap_pyfunction!(_panic, m)?)?;
    m.add("LINE_FIELDS", LINE_FIELDS.to_vec())?;
    m.add(
        "REQUIRED_LINE_FIELDS",
        fundcheck::doc::allocation::REQUIRED_HEADER.to_vec(),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
