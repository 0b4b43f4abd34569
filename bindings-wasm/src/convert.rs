//! Every conversion between JavaScript values and the core, in one place (the Python binding
//! keeps its own in `bindings-py/src/convert.rs`).
//!
//! In: a document as JSON text, bytes or a plain object (written out with `JSON.stringify`, so
//! every face parses the same bytes); options `{asOf, lang, final, maxFindings, format,
//! encoding}`; dates as `"YYYY-MM-DD"`. Out: the canonical report parsed into a plain object,
//! catalog objects built key by key, and one error shape for everything that is thrown:
//! an `Error` with `.code`, `.path` and `.errors` (`[{code, path[, line], message}]`).

use fundcheck::calendar::CalendarError;
use fundcheck::decode::parse_date;
use fundcheck::doc::record::{field_label, schema, FieldType};
use fundcheck::pack::Text;
use fundcheck::{Calendar, Encoding, Format, InputErrors, Lang, NaiveDate, Options, Pack, PackErrors, Report};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array, JSON};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// The options `check` reads, as JavaScript spells them.
const OPTION_NAMES: &str = "asOf, lang, final, maxFindings, format, encoding, params";

/// A problem with the arguments of a call (not with the document): thrown as an
/// `ArgumentError` with code `argument.invalid`.
#[derive(Debug, PartialEq)]
pub(crate) struct Problem {
    pub zh: String,
    pub en: String,
}

impl Problem {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

// ── In ──────────────────────────────────────────────────────────────────────────────────

/// The pack parameters of `check`'s options (`{params: {"/lifecycle/late": "acceptance"}}`),
/// read once the options themselves were read.
pub(crate) fn params(value: &JsValue) -> Vec<(String, Value)> {
    if !value.is_object() || Array::is_array(value) {
        return Vec::new();
    }
    let tree: Option<Value> = JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .and_then(|s| serde_json::from_str(&s).ok());
    match tree.as_ref().and_then(|t| t.get("params")).and_then(Value::as_object) {
        Some(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        None => Vec::new(),
    }
}

/// Reads `check`'s options (`undefined` and `null` mean the defaults).
pub(crate) fn options(value: &JsValue) -> Result<Options, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    let tree = if value.is_object() && !Array::is_array(value) {
        JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .and_then(|s| serde_json::from_str(&s).ok())
    } else {
        None
    };
    let Some(tree) = tree else {
        let problem = Problem::new(
            "选项应为对象，例如 {lang: \"en\"}",
            "the options must be an object such as {lang: \"en\"}",
        );
        return Err(argument_error(&[problem], Lang::Zh));
    };
    read_options(&tree).map_err(|(problems, lang)| argument_error(&problems, lang))
}

/// The options from their JSON form: every problem, and the language to report them in.
pub(crate) fn read_options(tree: &Value) -> Result<Options, (Vec<Problem>, Lang)> {
    let mut options = Options::default();
    let mut problems = Vec::new();
    let Some(map) = tree.as_object() else {
        return Err((
            vec![Problem::new("选项应为对象", "the options must be an object")],
            Lang::Zh,
        ));
    };
    let mut lang_ok = true;
    for (name, value) in map {
        let shown = show(value);
        match name.as_str() {
            "asOf" => match value {
                Value::Null => options.as_of = None,
                Value::String(text) if parse_date(text).is_some() => options.as_of = parse_date(text),
                _ => problems.push(Problem::new(
                    format!("选项 asOf 应为 YYYY-MM-DD 格式的日期，而不是 `{shown}`"),
                    format!("option `asOf` must be a date written YYYY-MM-DD, not `{shown}`"),
                )),
            },
            "lang" => match value.as_str().and_then(Lang::parse) {
                Some(lang) => options.lang = lang,
                None => {
                    lang_ok = false;
                    problems.push(Problem::new(
                        format!("选项 lang 应为 `zh` 或 `en`，而不是 `{shown}`"),
                        format!("option `lang` must be `zh` or `en`, not `{shown}`"),
                    ));
                }
            },
            "final" => match value {
                Value::Bool(b) => options.is_final = *b,
                Value::Null => options.is_final = false,
                _ => problems.push(Problem::new(
                    format!("选项 final 应为 true 或 false，而不是 `{shown}`"),
                    format!("option `final` must be true or false, not `{shown}`"),
                )),
            },
            "maxFindings" => match value {
                Value::Null => options.max_findings = None,
                Value::Number(n) if n.as_u64().and_then(|n| usize::try_from(n).ok()).is_some() => {
                    options.max_findings = n.as_u64().and_then(|n| usize::try_from(n).ok());
                }
                _ => problems.push(Problem::new(
                    format!("选项 maxFindings 应为非负整数，而不是 `{shown}`"),
                    format!("option `maxFindings` must be a whole number of 0 or more, not `{shown}`"),
                )),
            },
            "format" => match value.as_str() {
                Some("json") => options.format = Format::Json,
                Some("csv") => options.format = Format::Csv,
                _ => problems.push(Problem::new(
                    format!("选项 format 应为 `json` 或 `csv`，而不是 `{shown}`"),
                    format!("option `format` must be `json` or `csv`, not `{shown}`"),
                )),
            },
            "encoding" => match value.as_str().and_then(Encoding::parse) {
                Some(encoding) => options.encoding = encoding,
                None => problems.push(Problem::new(
                    format!("选项 encoding 应为 `utf-8` 或 `gb18030`，而不是 `{shown}`"),
                    format!("option `encoding` must be `utf-8` or `gb18030`, not `{shown}`"),
                )),
            },
            "params" => match value {
                Value::Object(_) | Value::Null => {}
                _ => problems.push(Problem::new(
                    format!("选项 params 应为对象，例如 {{\"/lifecycle/late\": \"acceptance\"}}，而不是 `{shown}`"),
                    format!("option `params` must be an object such as {{\"/lifecycle/late\": \"acceptance\"}}, not `{shown}`"),
                )),
            },
            other => problems.push(Problem::new(
                format!("未知选项 `{other}`；可用的选项为 {OPTION_NAMES}"),
                format!("unknown option `{other}`; the options are {OPTION_NAMES}"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(options)
    } else {
        // A bad `lang` is reported in English: the caller asked for something other than zh.
        Err((problems, if lang_ok { options.lang } else { Lang::En }))
    }
}

/// A value as it reads inside backticks: a string without its quotes.
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The bytes of a document: a string as UTF-8, bytes as they are (CSV in GB18030 is decoded
/// by the core, like every face), anything else through `JSON.stringify`.
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
    let (zh, en) = if value.is_undefined() {
        ("未提供文档".to_owned(), "no document was given".to_owned())
    } else {
        match JSON::stringify(value) {
            Ok(text) => match text.as_string() {
                Some(text) => return Ok(text.into_bytes()),
                None => (
                    "文档无法写成 JSON".to_owned(),
                    "the document cannot be written as JSON".to_owned(),
                ),
            },
            Err(e) => {
                let why = e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_default();
                (
                    format!("文档无法写成 JSON：{why}"),
                    format!("the document cannot be written as JSON: {why}"),
                )
            }
        }
    };
    let errors = InputErrors::from(fundcheck::InputError::syntax(fundcheck::Path::root(), zh, en));
    Err(input_errors(&errors, lang))
}

/// GB18030 bytes as UTF-8, decoded by the platform's `TextDecoder` (the same WHATWG decoder
/// the core's `encoding_rs` implements); bytes that are not GB18030 get the core's input error.
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
    let text = value.as_string();
    match text.as_deref().and_then(parse_date) {
        Some(date) => Ok(date),
        None => {
            let shown = text.unwrap_or_else(|| js_text(value));
            let problem = Problem::new(
                format!("参数 {name} 应为 YYYY-MM-DD 格式的日期，而不是 `{shown}`"),
                format!("argument `{name}` must be a date written YYYY-MM-DD, not `{shown}`"),
            );
            Err(argument_error(&[problem], Lang::En))
        }
    }
}

/// A count of working days: a whole number from 0 to 4294967295.
pub(crate) fn day_count(value: &JsValue) -> Result<u32, JsValue> {
    if let Some(n) = value.as_f64() {
        if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return Ok(n as u32);
        }
    }
    let shown = js_text(value);
    let problem = Problem::new(
        format!("参数 n 应为非负整数，而不是 `{shown}`"),
        format!("argument `n` must be a whole number of 0 or more, not `{shown}`"),
    );
    Err(argument_error(&[problem], Lang::En))
}

/// How a JavaScript value reads in a message.
fn js_text(value: &JsValue) -> String {
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

/// A count of working days as a JavaScript number (never more than a few thousand).
pub(crate) fn js_days(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX })
}

/// The pack's calendar, or an error saying the pack has none.
pub(crate) fn calendar(pack: &Pack) -> Result<&Calendar, JsValue> {
    pack.calendar.as_ref().ok_or_else(|| {
        thrown(
            "PackError",
            "pack.calendar",
            "",
            "the pack has no working-day calendar",
            Array::new().into(),
        )
    })
}

/// The catalog entry of every rule: `{id, clause, severity, summary: {zh, en}}`.
pub(crate) fn rules(pack: &Pack) -> JsValue {
    let list = Array::new();
    for rule in pack.rules() {
        list.push(&object(&[
            ("id", rule.id.as_str().into()),
            ("clause", rule.clause.as_str().into()),
            ("severity", rule.severity.as_str().into()),
            ("summary", text(&rule.summary)),
        ]));
    }
    list.into()
}

/// The materials a category must file, from its `required_materials` rule, or `null`.
pub(crate) fn requirements(pack: &Pack, category: &str) -> JsValue {
    let Some(rule) = pack
        .rules()
        .iter()
        .find(|r| r.kind == "required_materials" && r.params.get("category").and_then(Value::as_str) == Some(category))
    else {
        return JsValue::NULL;
    };
    let documents = Array::new();
    for code in rule
        .params
        .get("documents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let code = code.as_str().unwrap_or_default();
        let label = pack
            .file
            .documents
            .iter()
            .find(|d| d.id == code)
            .map(|d| text(&d.label))
            .unwrap_or(JsValue::NULL);
        documents.push(&object(&[("id", code.into()), ("label", label)]));
    }
    let sections = Array::new();
    for section in rule
        .params
        .get("sections")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        sections.push(&requirement_section(section));
    }
    object(&[
        ("rule", rule.id.as_str().into()),
        ("clause", rule.clause.as_str().into()),
        ("category", category.into()),
        ("documents", documents.into()),
        ("sections", sections.into()),
    ])
}

/// One structured section a category needs: its fields in the order the form lists them
/// (the document schema's), each with its label, type and when it is required.
fn requirement_section(section: &Value) -> JsValue {
    let name = section.get("name").and_then(Value::as_str).unwrap_or_default();
    let table = schema(name);
    let strings = |key: &str| -> Vec<&str> {
        section
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect()
    };
    let always = strings("fields");
    let conditional: Vec<(&str, &str, &str)> = section
        .get("conditional")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| {
            let get = |key: &str| c.get(key).and_then(Value::as_str).unwrap_or_default();
            (get("field"), get("when"), get("equals"))
        })
        .collect();
    let mut order: Vec<(&str, Option<FieldType>)> = table
        .map(|t| t.fields.iter().map(|(n, k)| (*n, Some(*k))).collect())
        .unwrap_or_default();
    for field in always.iter().chain(conditional.iter().map(|(f, _, _)| f)) {
        if !order.iter().any(|(n, _)| n == field) {
            order.push((field, None));
        }
    }
    let fields = Array::new();
    for (field, kind) in order {
        let when = conditional.iter().find(|(f, _, _)| *f == field);
        if !always.contains(&field) && when.is_none() {
            continue;
        }
        let required_when = when.map_or(JsValue::NULL, |(_, w, e)| {
            object(&[("field", (*w).into()), ("equals", (*e).into())])
        });
        fields.push(&field_entry(field, kind, required_when));
    }
    let in_order = Array::new();
    for pair in section
        .get("dates_in_order")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let pair: Array = pair
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| JsValue::from(d.as_str().unwrap_or_default()))
            .collect();
        in_order.push(&pair);
    }
    let label = section.get("label").map(|l| {
        let get = |lang: &str| l.get(lang).and_then(Value::as_str).unwrap_or_default();
        both(get("zh"), get("en"))
    });
    object(&[
        ("name", name.into()),
        ("label", label.unwrap_or(JsValue::NULL)),
        ("many", JsValue::from(table.is_some_and(|t| t.many))),
        ("fields", fields.into()),
        ("datesInOrder", in_order.into()),
    ])
}

fn field_entry(field: &str, kind: Option<FieldType>, required_when: JsValue) -> JsValue {
    let kind = match kind {
        Some(FieldType::Text) | None => "text",
        Some(FieldType::Date) => "date",
        Some(FieldType::Money) => "money",
        Some(FieldType::Count) => "count",
        Some(FieldType::Quantity) => "quantity",
        Some(FieldType::TextList) => "texts",
        Some(FieldType::OutletLevel) => "outlet_level",
    };
    object(&[
        ("name", field.into()),
        (
            "label",
            both(field_label(field, Lang::Zh), field_label(field, Lang::En)),
        ),
        ("type", kind.into()),
        ("requiredWhen", required_when),
    ])
}

/// The pack's stamp, title and closed lists with their labels.
pub(crate) fn pack_info(pack: &Pack) -> JsValue {
    let file = &pack.file;
    let terms = |items: &mut dyn Iterator<Item = (&String, &Text)>| -> JsValue {
        items
            .map(|(id, label)| object(&[("id", id.as_str().into()), ("label", text(label))]))
            .collect::<Array>()
            .into()
    };
    let categories: Array = file
        .categories
        .iter()
        .map(|c| {
            object(&[
                ("id", c.id.as_str().into()),
                ("label", text(&c.label)),
                ("clause", c.clause.as_str().into()),
            ])
        })
        .collect();
    let results: Array = file
        .results
        .iter()
        .map(|r| {
            object(&[
                ("id", r.id.as_str().into()),
                ("label", text(&r.label)),
                ("passes", r.passes.into()),
            ])
        })
        .collect();
    object(&[
        ("id", file.pack.id.as_str().into()),
        ("version", file.pack.version.as_str().into()),
        ("digest", pack.digest.as_str().into()),
        ("title", text(&file.pack.title)),
        ("source", text(&file.pack.source)),
        ("categories", categories.into()),
        (
            "documents",
            terms(&mut file.documents.iter().map(|d| (&d.id, &d.label))),
        ),
        (
            "outletLevels",
            terms(&mut file.outlet_levels.iter().map(|d| (&d.id, &d.label))),
        ),
        ("phases", terms(&mut file.phases.iter().map(|p| (&p.id, &p.label)))),
        ("results", results.into()),
    ])
}

fn text(text: &Text) -> JsValue {
    both(&text.zh, &text.en)
}

fn both(zh: &str, en: &str) -> JsValue {
    object(&[("zh", zh.into()), ("en", en.into())])
}

/// A plain object with these keys, in this order.
fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &JsValue::from(*key), value);
    }
    object.into()
}

// ── Thrown ──────────────────────────────────────────────────────────────────────────────

/// Every input error of a document: an `InputError` whose `.errors` is the canonical list.
pub(crate) fn input_errors(errors: &InputErrors, lang: Lang) -> JsValue {
    let list = JSON::parse(&errors.to_json(lang)).unwrap_or_else(|_| Array::new().into());
    let first = errors.0.first();
    let code = first.map(|e| e.code.as_str()).unwrap_or("input.syntax");
    let path = first.map(|e| e.path.to_string()).unwrap_or_default();
    let message = summary(
        first.map(|e| e.message(lang)).unwrap_or_default(),
        &path,
        errors.0.len(),
        lang,
    );
    thrown("InputError", code, &path, &message, list)
}

/// Problems with a call's arguments or options: an `ArgumentError`, code `argument.invalid`.
fn argument_error(problems: &[Problem], lang: Lang) -> JsValue {
    let pick = |p: &Problem| match lang {
        Lang::Zh => p.zh.clone(),
        Lang::En => p.en.clone(),
    };
    let list: Array = problems
        .iter()
        .map(|p| {
            object(&[
                ("code", "argument.invalid".into()),
                ("path", "".into()),
                ("message", pick(p).into()),
            ])
        })
        .collect();
    let first = problems.first().map(pick).unwrap_or_default();
    thrown(
        "ArgumentError",
        "argument.invalid",
        "",
        &summary(&first, "", problems.len(), lang),
        list.into(),
    )
}

/// A date outside the calendar: a `CalendarError`, code `calendar.out_of_range`.
pub(crate) fn calendar_error(error: &CalendarError) -> JsValue {
    let code = match error {
        CalendarError::OutOfRange { .. } => "calendar.out_of_range",
        CalendarError::Data { .. } => "calendar.data",
    };
    let message = error.to_string();
    let list = Array::of1(&object(&[
        ("code", code.into()),
        ("path", "".into()),
        ("message", message.as_str().into()),
    ]));
    thrown("CalendarError", code, "", &message, list.into())
}

/// The embedded pack failed to build (a broken build): a `PackError`.
pub(crate) fn pack_error(errors: &PackErrors) -> JsValue {
    let list: Array = errors
        .0
        .iter()
        .map(|e| {
            let place = e.place.clone().unwrap_or_default();
            object(&[
                ("code", "pack.invalid".into()),
                ("path", place.into()),
                ("message", e.message.as_str().into()),
            ])
        })
        .collect();
    thrown("PackError", "pack.invalid", "", &errors.to_string(), list.into())
}

/// The first problem as a sentence, naming where it is and how many others there are.
fn summary(message: &str, path: &str, count: usize, lang: Lang) -> String {
    let more = count.saturating_sub(1);
    match lang {
        Lang::Zh => {
            let mut text = if path.is_empty() {
                message.to_owned()
            } else {
                format!("{path}：{message}")
            };
            if more > 0 {
                text.push_str(&format!("（另有 {more} 处问题）"));
            }
            text
        }
        Lang::En => {
            let mut text = if path.is_empty() {
                message.to_owned()
            } else {
                format!("{path}: {message}")
            };
            if more > 0 {
                text.push_str(&format!(
                    " (and {more} more {})",
                    if more == 1 { "problem" } else { "problems" }
                ));
            }
            text
        }
    }
}

/// An `Error` named `name`, with `.code`, `.path` and `.errors`.
fn thrown(name: &str, code: &str, path: &str, message: &str, errors: JsValue) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    let _ = Reflect::set(&error, &"path".into(), &path.into());
    let _ = Reflect::set(&error, &"errors".into(), &errors);
    error.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_read_by_their_javascript_names() {
        let tree = serde_json::json!({"asOf": "2020-06-20", "lang": "en", "final": true, "maxFindings": 3, "format": "csv", "encoding": "gb18030"});
        let options = read_options(&tree).unwrap();
        assert_eq!(options.as_of, parse_date("2020-06-20"));
        assert_eq!(options.lang, Lang::En);
        assert!(options.is_final);
        assert_eq!(options.max_findings, Some(3));
        assert_eq!(options.format, Format::Csv);
        assert_eq!(options.encoding, Encoding::Gb18030);
    }

    #[test]
    fn every_bad_option_is_reported() {
        let tree = serde_json::json!({"as_of": "2020-06-20", "maxFindings": -1, "lang": "en"});
        let (problems, lang) = read_options(&tree).unwrap_err();
        assert_eq!(lang, Lang::En);
        let en: Vec<&str> = problems.iter().map(|p| p.en.as_str()).collect();
        assert_eq!(
            en,
            [
                "unknown option `as_of`; the options are asOf, lang, final, maxFindings, format, encoding, params",
                "option `maxFindings` must be a whole number of 0 or more, not `-1`",
            ]
        );
    }

    #[test]
    fn a_bad_language_is_reported_in_english() {
        let (problems, lang) = read_options(&serde_json::json!({"lang": "fr"})).unwrap_err();
        assert_eq!(lang, Lang::En);
        assert_eq!(problems[0].en, "option `lang` must be `zh` or `en`, not `fr`");
    }

    #[test]
    fn the_summary_names_the_path_and_the_others() {
        assert_eq!(
            summary("not a date", "/payments/0/date", 3, Lang::En),
            "/payments/0/date: not a date (and 2 more problems)"
        );
        assert_eq!(
            summary("不是日期", "/payments/0/date", 2, Lang::Zh),
            "/payments/0/date：不是日期（另有 1 处问题）"
        );
        assert_eq!(summary("not an object", "", 1, Lang::En), "not an object");
    }
}
