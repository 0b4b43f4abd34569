//! fundcheck for JavaScript: the rules of 偃政办〔2019〕13号 in the browser and in Node.
//!
//! Thin: every function reads its arguments through [`convert`], asks the core, and converts
//! the answer back. A report is the core's canonical JSON parsed into a plain object, so
//! `JSON.stringify(check(doc))` gives the same bytes as the CLI's `--format json` and Python's
//! `Report.to_json()`. A malformed document throws an `Error` whose `.errors` lists every
//! problem. No function panics: bad input of any shape is an answer or a thrown `Error`.
//!
//! The TypeScript declarations are written by hand in `fundcheck.d.ts` (appended to the
//! generated ones), so the report, finding and error shapes are typed, not `any`.

mod convert;

use fundcheck::{check_bytes, Pack};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("fundcheck.d.ts");

fn pack() -> Result<&'static Pack, JsValue> {
    Pack::embedded().map_err(|e| convert::pack_error(&e))
}

/// Checks one document (a plain object, JSON text, or bytes) against the embedded pack.
#[wasm_bindgen(skip_typescript)]
pub fn check(doc: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let params = convert::params(options);
    let mut options = convert::options(options)?;
    let changed;
    let pack = if params.is_empty() {
        pack()?
    } else {
        changed = pack()?.with_params(&params).map_err(|e| convert::pack_error(&e))?;
        &changed
    };
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
pub fn add_working_days(date: &JsValue, n: &JsValue) -> Result<String, JsValue> {
    let (date, n) = (convert::date(date, "date")?, convert::day_count(n)?);
    convert::calendar(pack()?)?
        .add_working_days(date, n)
        .map(|d| d.to_string())
        .map_err(|e| convert::calendar_error(&e))
}

/// The working days in `(a, b]`; negative when `b` is before `a`.
#[wasm_bindgen(js_name = workingDaysBetween, skip_typescript)]
pub fn working_days_between(a: &JsValue, b: &JsValue) -> Result<i32, JsValue> {
    let (a, b) = (convert::date(a, "a")?, convert::date(b, "b")?);
    let days = convert::calendar(pack()?)?
        .working_days_between(a, b)
        .map_err(|e| convert::calendar_error(&e))?;
    Ok(convert::js_days(days))
}

/// The catalog: every rule of the pack, in pack order.
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<JsValue, JsValue> {
    Ok(convert::rules(pack()?))
}

/// What an application of `category` must file: documents and structured sections, read from
/// the pack's `required_materials` rule for it; `null` when no rule names the category.
#[wasm_bindgen(skip_typescript)]
pub fn requirements(category: &JsValue) -> Result<JsValue, JsValue> {
    let category = category.as_string().unwrap_or_default();
    Ok(convert::requirements(pack()?, &category))
}

/// The embedded pack: its stamp, title and closed lists (categories, documents, …) with labels.
#[wasm_bindgen(js_name = pack, skip_typescript)]
pub fn pack_info() -> Result<JsValue, JsValue> {
    Ok(convert::pack_info(pack()?))
}
