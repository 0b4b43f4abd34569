//! A call's options and arguments, read from one JSON form by every face, and what can be
//! wrong with them: each problem typed, its zh/en text written once here.
//!
//! JavaScript spells the options `{asOf, lang, final, maxFindings, format, encoding, params,
//! calendar}`,
//! Python `as_of=…, max_findings=…` ([`Spelling`]); the rest is the same, so a bad `lang` or
//! `encoding` gives the same error object on both faces.

use serde_json::Value;

use crate::doc::csv::Encoding;
use crate::engine::Pack;
use crate::lang::Lang;
use crate::options::{Format, Options};
use crate::pack::PackErrors;

/// How a face spells the options with two words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spelling {
    /// `asOf`, `maxFindings` (JavaScript).
    Camel,
    /// `as_of`, `max_findings` (Python).
    Snake,
}

impl Spelling {
    fn as_of(self) -> &'static str {
        match self {
            Spelling::Camel => "asOf",
            Spelling::Snake => "as_of",
        }
    }

    fn max_findings(self) -> &'static str {
        match self {
            Spelling::Camel => "maxFindings",
            Spelling::Snake => "max_findings",
        }
    }

    fn names(self) -> String {
        [
            self.as_of(),
            "lang",
            "final",
            self.max_findings(),
            "format",
            "encoding",
            "params",
            "calendar",
            "pack",
        ]
        .join(", ")
    }
}

/// What a problem is about: an option of a call, or one of its positional arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Option(String),
    Argument(String),
}

impl Subject {
    fn zh(&self) -> String {
        match self {
            Subject::Option(name) => format!("选项 {name}"),
            Subject::Argument(name) => format!("参数 {name}"),
        }
    }

    fn en(&self) -> String {
        match self {
            Subject::Option(name) => format!("option `{name}`"),
            Subject::Argument(name) => format!("argument `{name}`"),
        }
    }
}

/// One problem with a call's arguments; `shown` is the value as the caller wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgumentProblem {
    NotADate {
        subject: Subject,
        shown: String,
    },
    NotALanguage {
        subject: Subject,
        shown: String,
    },
    NotABool {
        subject: Subject,
        shown: String,
    },
    NotACount {
        subject: Subject,
        shown: String,
    },
    NotAFormat {
        subject: Subject,
        shown: String,
    },
    NotAnEncoding {
        subject: Subject,
        shown: String,
    },
    NotParams {
        subject: Subject,
        shown: String,
    },
    NotACalendar {
        subject: Subject,
        shown: String,
    },
    NotAPack {
        subject: Subject,
        shown: String,
    },
    /// A pack id the service did not load (`fundcheck serve --pack`), with the ids it did.
    UnknownPack {
        shown: String,
        known: String,
    },
    NotKeyValue {
        shown: String,
    },
    UnknownOption {
        name: String,
        known: String,
    },
    OptionsNotAnObject,
    NoDocument,
    DocumentNotJson {
        why: String,
    },
}

impl ArgumentProblem {
    /// The option or argument at fault, as a path (`/lang`), or empty for the whole call.
    pub fn path(&self) -> String {
        let subject = match self {
            ArgumentProblem::NotADate { subject, .. }
            | ArgumentProblem::NotALanguage { subject, .. }
            | ArgumentProblem::NotABool { subject, .. }
            | ArgumentProblem::NotACount { subject, .. }
            | ArgumentProblem::NotAFormat { subject, .. }
            | ArgumentProblem::NotAnEncoding { subject, .. }
            | ArgumentProblem::NotParams { subject, .. }
            | ArgumentProblem::NotACalendar { subject, .. }
            | ArgumentProblem::NotAPack { subject, .. } => Some(subject),
            _ => None,
        };
        match (subject, self) {
            (Some(Subject::Option(name) | Subject::Argument(name)), _) => format!("/{name}"),
            (None, ArgumentProblem::UnknownOption { name, .. }) => format!("/{name}"),
            (None, ArgumentProblem::UnknownPack { .. }) => "/pack".to_string(),
            _ => String::new(),
        }
    }

    /// The problem in words: the only place argument messages are written.
    pub fn message(&self, lang: Lang) -> String {
        use ArgumentProblem as P;
        match (self, lang) {
            (P::NotADate { subject, shown }, Lang::Zh) => {
                format!(
                    "{} 应为年份在前的日期（如 2020-06-30、2020/6/30 或 2020年6月30日），而不是 `{shown}`",
                    subject.zh()
                )
            }
            (P::NotADate { subject, shown }, Lang::En) => {
                format!("{} must be a date written year first (such as 2020-06-30, 2020/6/30 or 2020年6月30日), not `{shown}`", subject.en())
            }
            (P::NotALanguage { subject, shown }, Lang::Zh) => {
                format!("{} 应为 `zh` 或 `en`，而不是 `{shown}`", subject.zh())
            }
            (P::NotALanguage { subject, shown }, Lang::En) => {
                format!("{} must be `zh` or `en`, not `{shown}`", subject.en())
            }
            (P::NotABool { subject, shown }, Lang::Zh) => {
                format!("{} 应为 true 或 false，而不是 `{shown}`", subject.zh())
            }
            (P::NotABool { subject, shown }, Lang::En) => {
                format!("{} must be true or false, not `{shown}`", subject.en())
            }
            (P::NotACount { subject, shown }, Lang::Zh) => format!("{} 应为非负整数，而不是 `{shown}`", subject.zh()),
            (P::NotACount { subject, shown }, Lang::En) => {
                format!("{} must be a whole number of 0 or more, not `{shown}`", subject.en())
            }
            (P::NotAFormat { subject, shown }, Lang::Zh) => {
                format!("{} 应为 `json` 或 `csv`，而不是 `{shown}`", subject.zh())
            }
            (P::NotAFormat { subject, shown }, Lang::En) => {
                format!("{} must be `json` or `csv`, not `{shown}`", subject.en())
            }
            (P::NotAnEncoding { subject, shown }, Lang::Zh) => {
                format!("{} 应为 `utf-8` 或 `gb18030`，而不是 `{shown}`", subject.zh())
            }
            (P::NotAnEncoding { subject, shown }, Lang::En) => {
                format!("{} must be `utf-8` or `gb18030`, not `{shown}`", subject.en())
            }
            (P::NotParams { subject, shown }, Lang::Zh) => format!(
                "{} 应为对象，例如 {{\"/lifecycle/late\": \"acceptance\"}}，而不是 `{shown}`",
                subject.zh()
            ),
            (P::NotParams { subject, shown }, Lang::En) => format!(
                "{} must be an object such as {{\"/lifecycle/late\": \"acceptance\"}}, not `{shown}`",
                subject.en()
            ),
            (P::NotACalendar { subject, shown }, Lang::Zh) => format!(
                "{} 应为日历年度文件的内容（TOML 或 JSON 文本、对象，或 [文件名, 文本]），或其列表，而不是 `{shown}`",
                subject.zh()
            ),
            (P::NotACalendar { subject, shown }, Lang::En) => format!(
                "{} must be a calendar year file (its TOML or JSON text, an object, or [name, text]) or a list of them, not `{shown}`",
                subject.en()
            ),
            (P::NotAPack { subject, shown }, Lang::Zh) => format!(
                "{} 应为规则包的 JSON 包（`fundcheck pack show --resolved` 的输出，对象或文本），而不是 `{shown}`",
                subject.zh()
            ),
            (P::NotAPack { subject, shown }, Lang::En) => format!(
                "{} must be a pack bundle (what `fundcheck pack show --resolved` prints, as an object or text), not `{shown}`",
                subject.en()
            ),
            (P::UnknownPack { shown, known }, Lang::Zh) => format!("未载入规则包 `{shown}`；已载入：{known}"),
            (P::UnknownPack { shown, known }, Lang::En) => {
                format!("no pack `{shown}` is loaded; the packs are {known}")
            }
            (P::NotKeyValue { shown }, Lang::Zh) => {
                format!("参数 `{shown}` 应写成 KEY=VALUE，例如 /lifecycle/late=acceptance")
            }
            (P::NotKeyValue { shown }, Lang::En) => {
                format!("parameter `{shown}` is not KEY=VALUE, e.g. /lifecycle/late=acceptance")
            }
            (P::UnknownOption { name, known }, Lang::Zh) => format!("未知选项 `{name}`；可用的选项为 {known}"),
            (P::UnknownOption { name, known }, Lang::En) => format!("unknown option `{name}`; the options are {known}"),
            (P::OptionsNotAnObject, Lang::Zh) => "选项应为对象，例如 {lang: \"en\"}".to_string(),
            (P::OptionsNotAnObject, Lang::En) => "the options must be an object such as {lang: \"en\"}".to_string(),
            (P::NoDocument, Lang::Zh) => "未提供文档".to_string(),
            (P::NoDocument, Lang::En) => "no document was given".to_string(),
            (P::DocumentNotJson { why }, Lang::Zh) if why.is_empty() => "文档无法写成 JSON".to_string(),
            (P::DocumentNotJson { why }, Lang::En) if why.is_empty() => {
                "the document cannot be written as JSON".to_string()
            }
            (P::DocumentNotJson { why }, Lang::Zh) => format!("文档无法写成 JSON：{why}"),
            (P::DocumentNotJson { why }, Lang::En) => format!("the document cannot be written as JSON: {why}"),
        }
    }
}

/// The options of one call, and the pack parameters it asks for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub options: Options,
    pub params: Vec<(String, Value)>,
    /// Calendar year files to add to the pack's calendar, as `(name, text)`.
    pub calendar: Vec<(String, String)>,
    /// Another pack to check against: its bundle (`fundcheck pack show`) as JSON text.
    pub pack: Option<String>,
}

impl Request {
    /// The pack this call asks for, when it differs from `base`: the call's own pack (a
    /// bundle) or `base`, with the call's parameters set and its calendar years added (`None`
    /// when it asks for none of these).
    pub fn adjusted(&self, base: &Pack) -> Result<Option<Pack>, PackErrors> {
        if let Some(bundle) = &self.pack {
            let other = Pack::from_bundle(bundle)?;
            let request = Request {
                pack: None,
                ..self.clone()
            };
            return Ok(Some(request.adjusted(&other)?.unwrap_or(other)));
        }
        if self.params.is_empty() && self.calendar.is_empty() {
            return Ok(None);
        }
        let with_params = if self.params.is_empty() {
            None
        } else {
            Some(base.with_params(&self.params)?)
        };
        let pack = with_params.as_ref().unwrap_or(base);
        if self.calendar.is_empty() {
            return Ok(with_params);
        }
        pack.with_calendar_files(&self.calendar).map(Some)
    }
}

/// One calendar year file of the `calendar` option: its text (TOML or JSON), its parsed form
/// (an object), or, inside a list, a `[name, text]` pair; `index` names it when it has no name.
fn calendar_file(value: &Value, index: usize) -> Option<(String, String)> {
    let unnamed = || format!("calendar[{index}]");
    match value {
        Value::String(text) => Some((unnamed(), text.clone())),
        Value::Object(_) => Some((unnamed(), value.to_string())),
        Value::Array(pair) => match pair.as_slice() {
            [Value::String(name), Value::String(text)] => Some((name.clone(), text.clone())),
            _ => None,
        },
        _ => None,
    }
}

/// A value as it reads inside backticks: a string without its quotes.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Reads a call's options from their JSON form (`null` means the defaults). On failure, every
/// problem and the language to report them in (English when `lang` itself is what is wrong).
pub fn read_options(tree: &Value, spelling: Spelling) -> Result<Request, (Vec<ArgumentProblem>, Lang)> {
    let mut request = Request::default();
    let map = match tree {
        Value::Null => return Ok(request),
        Value::Object(map) => map,
        _ => return Err((vec![ArgumentProblem::OptionsNotAnObject], Lang::Zh)),
    };
    let options = &mut request.options;
    let mut problems = Vec::new();
    let mut lang_ok = true;
    // In the keys' order as text, whatever order they were given in: the first problem is
    // the error's, the same on every face.
    for name in crate::tree::sorted_keys(map) {
        let Some(value) = map.get(name) else { continue };
        let subject = || Subject::Option(name.clone());
        let text = value.as_str();
        match name.as_str() {
            n if n == spelling.as_of() => match (value, text.and_then(crate::normalize::date)) {
                (Value::Null, _) => options.as_of = None,
                (_, Some(date)) => options.as_of = Some(date),
                _ => problems.push(ArgumentProblem::NotADate {
                    subject: subject(),
                    shown: shown(value),
                }),
            },
            "lang" => match text.and_then(Lang::parse) {
                Some(lang) => options.lang = lang,
                None => {
                    lang_ok = false;
                    problems.push(ArgumentProblem::NotALanguage {
                        subject: subject(),
                        shown: shown(value),
                    });
                }
            },
            "final" => match value {
                Value::Bool(b) => options.is_final = *b,
                Value::Null => options.is_final = false,
                _ => problems.push(ArgumentProblem::NotABool {
                    subject: subject(),
                    shown: shown(value),
                }),
            },
            n if n == spelling.max_findings() => match value {
                Value::Null => options.max_findings = None,
                Value::Number(n) if n.as_u64().and_then(|n| usize::try_from(n).ok()).is_some() => {
                    options.max_findings = n.as_u64().and_then(|n| usize::try_from(n).ok());
                }
                _ => problems.push(ArgumentProblem::NotACount {
                    subject: subject(),
                    shown: shown(value),
                }),
            },
            "format" => match text {
                Some("json") => options.format = Format::Json,
                Some("csv") => options.format = Format::Csv,
                _ if value.is_null() => {}
                _ => problems.push(ArgumentProblem::NotAFormat {
                    subject: subject(),
                    shown: shown(value),
                }),
            },
            "encoding" => match text.and_then(Encoding::parse) {
                Some(encoding) => options.encoding = encoding,
                None if value.is_null() => {}
                None => problems.push(ArgumentProblem::NotAnEncoding {
                    subject: subject(),
                    shown: shown(value),
                }),
            },
            "params" => match value {
                Value::Object(params) => {
                    request.params = params.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                }
                Value::Null => {}
                _ => problems.push(ArgumentProblem::NotParams {
                    subject: subject(),
                    shown: shown(value),
                }),
            },
            "pack" => match value {
                Value::Null => request.pack = None,
                Value::String(text) => request.pack = Some(text.clone()),
                Value::Object(_) => request.pack = Some(value.to_string()),
                _ => problems.push(ArgumentProblem::NotAPack {
                    subject: subject(),
                    shown: shown(value),
                }),
            },
            "calendar" => {
                // One file (its text or its object), or a list of files, each of which may also
                // be a `[name, text]` pair.
                let items: Vec<&Value> = match value {
                    Value::Null => Vec::new(),
                    Value::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                let files: Option<Vec<_>> = items.iter().enumerate().map(|(i, v)| calendar_file(v, i)).collect();
                match files {
                    Some(files) => request.calendar = files,
                    None => problems.push(ArgumentProblem::NotACalendar {
                        subject: subject(),
                        shown: shown(value),
                    }),
                }
            }
            other => problems.push(ArgumentProblem::UnknownOption {
                name: other.to_string(),
                known: spelling.names(),
            }),
        }
    }
    if problems.is_empty() {
        Ok(request)
    } else {
        let lang = if lang_ok { request.options.lang } else { Lang::En };
        Err((problems, lang))
    }
}

/// A date argument, in any of the forms a document takes (`normalize::date`).
pub fn date_argument(text: &str, name: &str) -> Result<chrono::NaiveDate, ArgumentProblem> {
    crate::normalize::date(text).ok_or_else(|| ArgumentProblem::NotADate {
        subject: Subject::Argument(name.to_string()),
        shown: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::parse_date;
    use serde_json::json;

    #[test]
    fn options_are_read_by_each_face_s_names() {
        let tree = json!({"asOf": "2020-06-20", "lang": "en", "final": true, "maxFindings": 3, "format": "csv", "encoding": "gb18030", "params": {"/lifecycle/late": "acceptance"}});
        let request = read_options(&tree, Spelling::Camel).unwrap_or_default();
        assert_eq!(request.options.as_of, parse_date("2020-06-20"));
        assert_eq!(request.options.lang, Lang::En);
        assert!(request.options.is_final);
        assert_eq!(request.options.max_findings, Some(3));
        assert_eq!(request.options.format, Format::Csv);
        assert_eq!(request.options.encoding, Encoding::Gb18030);
        assert_eq!(request.params, [("/lifecycle/late".to_string(), json!("acceptance"))]);
        let snake =
            read_options(&json!({"as_of": "2020-06-20", "max_findings": 1}), Spelling::Snake).unwrap_or_default();
        assert_eq!(snake.options.max_findings, Some(1));
    }

    #[test]
    fn every_bad_option_is_reported_with_its_path() {
        let tree = json!({"as_of": "2020-06-20", "maxFindings": -1, "lang": "en"});
        let Err((problems, lang)) = read_options(&tree, Spelling::Camel) else {
            unreachable!("two bad options")
        };
        assert_eq!(lang, Lang::En);
        let en: Vec<(String, String)> = problems.iter().map(|p| (p.path(), p.message(Lang::En))).collect();
        assert_eq!(
            en,
            [
                (
                    "/as_of".to_string(),
                    "unknown option `as_of`; the options are asOf, lang, final, maxFindings, format, encoding, params, calendar, pack"
                        .to_string()
                ),
                (
                    "/maxFindings".to_string(),
                    "option `maxFindings` must be a whole number of 0 or more, not `-1`".to_string()
                ),
            ]
        );
        // Given in another order, the same problems in the same order (the first is the error's).
        let reordered = json!({"lang": "en", "maxFindings": -1, "as_of": "2020-06-20"});
        let Err((again, _)) = read_options(&reordered, Spelling::Camel) else {
            unreachable!("two bad options")
        };
        assert_eq!(again, problems);
    }

    #[test]
    fn a_bad_language_is_reported_in_english() {
        let Err((problems, lang)) = read_options(&json!({"lang": "fr"}), Spelling::Snake) else {
            unreachable!("a bad language")
        };
        assert_eq!(lang, Lang::En);
        assert_eq!(
            problems[0].message(Lang::En),
            "option `lang` must be `zh` or `en`, not `fr`"
        );
        assert_eq!(
            problems[0].message(Lang::Zh),
            "选项 lang 应为 `zh` 或 `en`，而不是 `fr`"
        );
    }
}

#[cfg(test)]
mod calendar_option_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_calendar_option_takes_a_text_an_object_a_pair_or_a_list() {
        let read = |v: Value| read_options(&json!({ "calendar": v }), Spelling::Camel).map(|r| r.calendar);
        assert_eq!(
            read(json!("format = 1")).unwrap(),
            [("calendar[0]".to_owned(), "format = 1".to_owned())]
        );
        assert_eq!(
            read(json!({"year": 2027})).unwrap(),
            [("calendar[0]".to_owned(), r#"{"year":2027}"#.to_owned())]
        );
        assert_eq!(
            read(json!([["2027.toml", "format = 1"], "t2"])).unwrap(),
            [
                ("2027.toml".to_owned(), "format = 1".to_owned()),
                ("calendar[1]".to_owned(), "t2".to_owned())
            ]
        );
        assert!(read(Value::Null).unwrap().is_empty());
        let (problems, _) = read(json!(5)).unwrap_err();
        assert_eq!(problems[0].path(), "/calendar");
        assert!(problems[0]
            .message(Lang::En)
            .starts_with("option `calendar` must be a calendar year file"));
        let (problems, _) = read(json!([["a.toml"]])).unwrap_err();
        assert_eq!(problems[0].path(), "/calendar");
    }

    #[test]
    fn a_request_with_a_calendar_year_extends_the_pack_and_its_digest() {
        let base = Pack::embedded().unwrap();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/calendars/2027-fixture.json"
        ))
        .unwrap();
        let request = read_options(&json!({ "calendar": [["2027-fixture.json", text]] }), Spelling::Camel).unwrap();
        let pack = request.adjusted(base).unwrap().unwrap();
        let calendar = pack.calendar.as_ref().unwrap();
        assert_eq!(calendar.last().to_string(), "2027-12-31");
        // 2026-12-31 (Thursday) + 1 working day: 2027-01-01 is the fixture's holiday → Monday 01-04.
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(calendar.add_working_days(d(2026, 12, 31), 1), Ok(d(2027, 1, 4)));
        assert_ne!(pack.digest, base.digest);
        assert!(Request::default().adjusted(base).unwrap().is_none());
    }
}
