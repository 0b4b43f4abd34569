//! fundcheck for JavaScript: the rules of 偃政办〔2019〕13号 in the browser and in Node.
//!
//! Thin: every function reads its arguments through [`convert`], asks the core, and converts
//! the answer back. A report is the core's canonical JSON parsed into a plain object, so
//! `JSON.stringify(check(doc))` gives the same bytes as the CLI's `--format json` and Python's
//! `Report.to_json()`; the catalogue, the pack's description and the requirements are the
//! core's too (`fundcheck::ffi::catalog`), and every thrown `Error` is the core's flattened
//! `Failure`. No function panics: bad input of any shape is an answer or a thrown `Error`.
//!
//! The TypeScript declarations are written by hand in `fundcheck.d.ts` (appended to the
//! generated ones), so the report, finding and error shapes are typed, not `any`.

mod convert;

use fundcheck::ffi::{catalog, Failure};
use fundcheck::{check_bytes, Lang, Pack};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("fundcheck.d.ts");

#[cfg(feature = "authoring")]
#[wasm_bindgen(typescript_custom_section)]
const AUTHORING_TYPES: &'static str = include_str!("authoring.d.ts");

/// The embedded pack as its bundle, written by `build.rs` (resolved: the module needs no
/// `extends`).
const EMBEDDED_BUNDLE: &str = include_str!(concat!(env!("OUT_DIR"), "/embedded-bundle.json"));

fn pack() -> Result<&'static Pack, JsValue> {
    static PACK: std::sync::OnceLock<Result<Pack, fundcheck::PackErrors>> = std::sync::OnceLock::new();
    PACK.get_or_init(|| Pack::from_bundle(EMBEDDED_BUNDLE))
        .as_ref()
        .map_err(|e| convert::thrown(&Failure::pack(e, Lang::En)))
}

thread_local! {
    /// The last pack bundle given (`{pack}`), built once: a form checks the same pack often.
    static BUNDLE: std::cell::RefCell<Option<(String, std::rc::Rc<Pack>)>> = const { std::cell::RefCell::new(None) };
}

/// The pack of a bundle's JSON text, from the one-entry cache or built.
fn bundled(text: &str, lang: Lang) -> Result<std::rc::Rc<Pack>, JsValue> {
    if let Some(hit) = BUNDLE.with(|b| b.borrow().as_ref().filter(|(t, _)| t == text).map(|(_, p)| p.clone())) {
        return Ok(hit);
    }
    let built = std::rc::Rc::new(Pack::from_bundle(text).map_err(|e| convert::thrown(&Failure::pack(&e, lang)))?);
    BUNDLE.with(|b| *b.borrow_mut() = Some((text.to_owned(), built.clone())));
    Ok(built)
}

/// The pack a call names (`{pack: bundle}`), else the embedded one.
fn pack_of(bundle: Option<&str>, lang: Lang) -> Result<PackRef, JsValue> {
    match bundle {
        Some(text) => bundled(text, lang).map(PackRef::Bundled),
        None => pack().map(PackRef::Embedded),
    }
}

enum PackRef {
    Embedded(&'static Pack),
    Bundled(std::rc::Rc<Pack>),
}

impl std::ops::Deref for PackRef {
    type Target = Pack;
    fn deref(&self) -> &Pack {
        match self {
            PackRef::Embedded(p) => p,
            PackRef::Bundled(p) => p,
        }
    }
}

/// A pack argument of the description functions: a bundle (object or JSON text), or nothing.
fn bundle_argument(value: &JsValue) -> Option<String> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    Some(convert::js_text(value))
}

/// Checks one document (a plain object, JSON text, or bytes) against the embedded pack.
#[wasm_bindgen(skip_typescript)]
pub fn check(doc: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let mut request = convert::options(options)?;
    let base = pack_of(request.pack.take().as_deref(), request.options.lang)?;
    let adjusted = request
        .adjusted(&base)
        .map_err(|e| convert::thrown(&Failure::pack(&e, request.options.lang)))?;
    let pack: &Pack = adjusted.as_ref().unwrap_or(&base);
    let mut options = request.options;
    let mut bytes = convert::document(doc, options.lang)?;
    if options.encoding == fundcheck::Encoding::Gb18030 && options.format == fundcheck::Format::Csv {
        bytes = convert::decode_gb18030(bytes, options.lang)?;
        options.encoding = fundcheck::Encoding::Utf8;
    }
    match check_bytes(&bytes, pack, &options) {
        Ok(report) => convert::report(&report),
        Err(errors) => Err(convert::input_errors(&errors, options.lang)),
    }
}

/// The `n`th working day strictly after `date` (`n = 0` gives `date`).
#[wasm_bindgen(js_name = addWorkingDays, skip_typescript)]
pub fn add_working_days(date: &JsValue, n: &JsValue, options: &JsValue) -> Result<String, JsValue> {
    let (lang, adjusted) = calendar_options(options)?;
    let (date, n) = (convert::date(date, "date")?, convert::day_count(n)?);
    convert::calendar(adjusted.as_ref().map_or(pack()?, |p| p))?
        .add_working_days(date, n)
        .map(|d| d.to_string())
        .map_err(|e| convert::thrown(&Failure::calendar(&e, lang)))
}

/// The working days in `(a, b]`; negative when `b` is before `a`.
#[wasm_bindgen(js_name = workingDaysBetween, skip_typescript)]
pub fn working_days_between(a: &JsValue, b: &JsValue, options: &JsValue) -> Result<i32, JsValue> {
    let (lang, adjusted) = calendar_options(options)?;
    let (a, b) = (convert::date(a, "a")?, convert::date(b, "b")?);
    let days = convert::calendar(adjusted.as_ref().map_or(pack()?, |p| p))?
        .working_days_between(a, b)
        .map_err(|e| convert::thrown(&Failure::calendar(&e, lang)))?;
    Ok(convert::js_days(days))
}

/// The last argument of a calendar call: the language of its errors (`"zh"` or `"en"`,
/// English when absent), or options `{lang, calendar}`; with `calendar`, the pack with
/// those years added.
fn calendar_options(value: &JsValue) -> Result<(Lang, Option<Pack>), JsValue> {
    if !value.is_object() {
        let lang = value.as_string().as_deref().and_then(Lang::parse).unwrap_or(Lang::En);
        return Ok((lang, None));
    }
    let request = convert::options(value)?;
    let lang = if request.options.lang == Lang::default() && !has_lang(value) {
        Lang::En
    } else {
        request.options.lang
    };
    let adjusted = request
        .adjusted(pack()?)
        .map_err(|e| convert::thrown(&Failure::pack(&e, lang)))?;
    Ok((lang, adjusted))
}

fn has_lang(value: &JsValue) -> bool {
    js_sys::Reflect::get(value, &JsValue::from_str("lang")).is_ok_and(|v| !v.is_undefined() && !v.is_null())
}

/// The catalogue: every rule of the pack (the embedded one, or a bundle), in pack order.
#[wasm_bindgen(skip_typescript)]
pub fn rules(bundle: &JsValue) -> Result<JsValue, JsValue> {
    let pack = pack_of(bundle_argument(bundle).as_deref(), Lang::En)?;
    convert::described(&catalog::to_json(&pack.catalogue()))
}

/// What an application of `category` must file (the core's description of the validator
/// that asks for it); `null` when no rule names the category.
#[wasm_bindgen(skip_typescript)]
pub fn requirements(category: &JsValue, bundle: &JsValue) -> Result<JsValue, JsValue> {
    let category = category.as_string().unwrap_or_default();
    let pack = pack_of(bundle_argument(bundle).as_deref(), Lang::En)?;
    match pack.requirements(&category) {
        Some(requirements) => convert::described(&catalog::to_json(&requirements)),
        None => Ok(JsValue::NULL),
    }
}

/// The embedded pack: its stamp, title and closed lists (categories, documents, …) with labels.
#[wasm_bindgen(js_name = pack, skip_typescript)]
pub fn pack_info(bundle: &JsValue) -> Result<JsValue, JsValue> {
    let pack = pack_of(bundle_argument(bundle).as_deref(), Lang::En)?;
    convert::described(&catalog::to_json(&pack.info()))
}

/// Runs a pack's test suite (a case or `{case: [...]}`, as an object or JSON text) against the
/// embedded pack; `files` maps each path a case names (`document`, `calendar`) to its text.
/// The outcome is what `fundcheck test --format json` prints.
#[cfg(feature = "authoring")]
#[wasm_bindgen(js_name = runTests, skip_typescript)]
pub fn run_tests(suite: &JsValue, files: &JsValue) -> Result<JsValue, JsValue> {
    let bytes = convert::document(suite, Lang::En)?;
    let files = match convert::object_tree(files) {
        Some(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let fail = |message: String| JsValue::from(js_sys::Error::new(&message));
    let tree = fundcheck::packtest::read_tree("suite.json", &bytes).map_err(fail)?;
    let read = |path: &str| match files.get(path).and_then(serde_json::Value::as_str) {
        Some(text) => Ok(text.as_bytes().to_vec()),
        None => Err(format!("not given: pass its text in files[{path:?}]")),
    };
    // Another pack reaches this build as its bundle (`fundcheck pack show --resolved`), given
    // in `files` under the name the test file uses for it.
    let other_pack = |path: &str| -> Result<Pack, String> {
        match files.get(path).and_then(serde_json::Value::as_str) {
            Some(text) => Pack::from_bundle(text).map_err(|e| format!("{path}: {e}")),
            None => Err(format!(
                "pack `{path}` not given: pass its bundle (fundcheck pack show --resolved) in files[{path:?}]"
            )),
        }
    };
    let reader = fundcheck::packtest::Reader {
        read: &read,
        pack: &other_pack,
    };
    let mut outcome = fundcheck::packtest::Outcome::default();
    outcome.run_file("suite.json", &tree, pack()?, &reader).map_err(fail)?;
    convert::described(&outcome.to_json().to_string())
}
