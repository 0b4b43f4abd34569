//! Every conversion between JavaScript values and the core, in one place (the Python binding
//! has a file of the same name).
//!
//! In: a document as JSON text, bytes or a plain object (written out with `JSON.stringify`, so
//! every face parses the same bytes); the options object, read by the core
//! (`fundcheck::ffi::read_options`, JavaScript spelling); dates as `"YYYY-MM-DD"`. Out: the
//! core's canonical JSON (report, catalogue, requirements) parsed into plain objects, and
//! every error as the core's flattened `Failure`: an `Error` named for its kind, with `.code`,
//! `.path` and `.errors` (`[{code, path[, line], message}]`).

use fundcheck::ffi::{self, ArgumentProblem, Failure, Request, Spelling, Subject};
use fundcheck::{Calendar, InputErrors, Lang, NaiveDate, Pack, Report};
use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array, JSON};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

// ── In ──────────────────────────────────────────────────────────────────────────────────

/// Reads `check`'s options (`undefined` and `null` mean the defaults).
pub(crate) fn options(value: &JsValue) -> Result<Request, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Request::default());
    }
    let Some(tree) = object_tree(value) else {
        return Err(thrown(&Failure::arguments(
            &[ArgumentProblem::OptionsNotAnObject],
            Lang::Zh,
        )));
    };
    ffi::read_options(&tree, Spelling::Camel).map_err(|(problems, lang)| thrown(&Failure::arguments(&problems, lang)))
}

/// A plain object (not an array) as the JSON tree `JSON.stringify` writes of it.
pub(crate) fn object_tree(value: &JsValue) -> Option<Value> {
    if !value.is_object() || Array::is_array(value) {
        return None;
    }
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .and_then(|s| serde_json::from_str(&s).ok())
}

/// The bytes of a document: a string as UTF-8, bytes as they are, anything else through
/// `JSON.stringify`.
pub(crate) fn document(value: &JsValue, lang: Lang) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    let problem = if value.is_undefined() {
        ArgumentProblem::NoDocument
    } else {
        match JSON::stringify(value) {
            Ok(text) => match text.as_string() {
                Some(text) => return Ok(text.into_bytes()),
                None => ArgumentProblem::DocumentNotJson { why: String::new() },
            },
            Err(e) => ArgumentProblem::DocumentNotJson {
                why: e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_default(),
            },
        }
    };
    Err(thrown(&Failure::arguments(&[problem], lang)))
}

/// GB18030 bytes as UTF-8, decoded by the platform's `TextDecoder` (the same WHATWG decoder
/// the core's `encoding_rs` implements, which the WebAssembly build leaves out for size);
/// bytes that are not GB18030 get the core's input error.
pub(crate) fn decode_gb18030(bytes: Vec<u8>, lang: Lang) -> Result<Vec<u8>, JsValue> {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    let decoded = web_sys::TextDecoder::new_with_label_and_options("gb18030", &options)
        .and_then(|decoder| decoder.decode_with_u8_array(&bytes));
    match decoded {
        Ok(text) => Ok(text.into_bytes()),
        Err(_) => Err(input_errors(
            &InputErrors::from(fundcheck::doc::csv::not_gb18030()),
            lang,
        )),
    }
}

/// A date argument, `"YYYY-MM-DD"`.
pub(crate) fn date(value: &JsValue, name: &str) -> Result<NaiveDate, JsValue> {
    let text = value.as_string().unwrap_or_else(|| js_text(value));
    ffi::arguments::date_argument(&text, name).map_err(|p| thrown(&Failure::arguments(&[p], Lang::En)))
}

/// A count of working days: a whole number from 0 to 4294967295.
pub(crate) fn day_count(value: &JsValue) -> Result<u32, JsValue> {
    if let Some(n) = value.as_f64() {
        if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return Ok(n as u32);
        }
    }
    let problem = ArgumentProblem::NotACount {
        subject: Subject::Argument("n".into()),
        shown: js_text(value),
    };
    Err(thrown(&Failure::arguments(&[problem], Lang::En)))
}

/// How a JavaScript value reads in a message (and a bundle argument as JSON text): a string
/// as it is, anything else as `JSON.stringify` writes it.
pub(crate) fn js_text(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| value.js_typeof().as_string().unwrap_or_default())
}

// ── Out ─────────────────────────────────────────────────────────────────────────────────

/// The canonical report bytes, parsed: `JSON.stringify` of the result gives them back.
pub(crate) fn report(report: &Report) -> Result<JsValue, JsValue> {
    JSON::parse(&report.to_json())
}

/// A catalogue value of the core, from its one JSON form (`catalog::to_json`), parsed.
pub(crate) fn described(json: &str) -> Result<JsValue, JsValue> {
    JSON::parse(json)
}

/// A count of working days as a JavaScript number (never more than a few thousand).
pub(crate) fn js_days(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX })
}

/// The pack's calendar, or an error saying the pack has none.
pub(crate) fn calendar(pack: &Pack) -> Result<&Calendar, JsValue> {
    pack.calendar.as_ref().ok_or_else(|| {
        let error = fundcheck::PackError::of(
            fundcheck::PackCode::Calendar,
            None,
            "the pack has no working-day calendar",
        );
        thrown(&Failure::pack(&error.into(), Lang::En))
    })
}

// ── Thrown ──────────────────────────────────────────────────────────────────────────────

/// Every input error of a document: an `InputError` whose `.errors` is the canonical list.
pub(crate) fn input_errors(errors: &InputErrors, lang: Lang) -> JsValue {
    thrown(&Failure::input(errors, lang))
}

/// The core's flattened error as a JavaScript `Error`: its name, `.code`, `.path`, `.errors`.
pub(crate) fn thrown(failure: &Failure) -> JsValue {
    let error = js_sys::Error::new(&failure.message);
    error.set_name(failure.name());
    let errors = JSON::parse(&fundcheck::report::json_text(&fundcheck::tree::Write::write(
        &failure.errors,
    )))
    .unwrap_or_else(|_| Array::new().into());
    let _ = Reflect::set(&error, &"code".into(), &failure.code.as_str().into());
    let _ = Reflect::set(&error, &"path".into(), &failure.path.as_str().into());
    let _ = Reflect::set(&error, &"errors".into(), &errors);
    error.into()
}
