//! The one surface every face shows: errors flattened to one shape, the options read from one
//! JSON form, and the pack described by its built validators (`catalog`).
//!
//! Every kind of error (a malformed document, a bad pack, a date the calendar does not cover,
//! a bad argument, a bug) becomes a [`Failure`]: the class name a face raises, the first
//! problem's `code` and `path`, a one-line summary in the chosen language, and every problem
//! as `{code, path, line?, message}`. The CLI's `--format json` errors, the Python exceptions
//! and the JavaScript `Error`s are this object, serialised once ([`Failure::to_json`]).
//! Model: cedar's `DetailedError` (`cedar-policy/src/ffi/utils.rs`).

pub mod arguments;
pub mod catalog;

use crate::tree::{write_table, Write};

use crate::calendar::CalendarError;
use crate::input::InputErrors;
use crate::lang::Lang;
use crate::pack::PackErrors;

pub use arguments::{date_argument, read_options, ArgumentProblem, Request, Spelling, Subject};

/// One problem, as every face shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Stable: `input.money`, `pack.invalid`, `calendar.out_of_range`, `argument.invalid`, …
    pub code: String,
    /// A JSON pointer into the document (input), a place in the pack (`rules.<id>.<key>`),
    /// the option at fault (`/lang`), or empty.
    pub path: String,
    /// The 1-based line of a CSV file.
    pub line: Option<usize>,
    pub message: String,
}

/// What kind of error a failure is: the class each face raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    Input,
    Pack,
    Calendar,
    Argument,
    Internal,
    /// A request the HTTP service cannot take as it is (too large, another media type, too
    /// slow, no such route, busy): `request.*` codes.
    Request,
}

impl FailureKind {
    /// The class name: `InputError`, `PackError`, `CalendarError`, `ArgumentError`,
    /// `InternalError` (the same in Python and JavaScript).
    pub fn name(self) -> &'static str {
        match self {
            FailureKind::Input => "InputError",
            FailureKind::Pack => "PackError",
            FailureKind::Calendar => "CalendarError",
            FailureKind::Argument => "ArgumentError",
            FailureKind::Internal => "InternalError",
            FailureKind::Request => "RequestError",
        }
    }
}

/// An error of any kind, flattened for a face.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Written as `"error"`: the class name ([`FailureKind::name`]).
    pub kind: FailureKind,
    /// The first problem's code and path.
    pub code: String,
    pub path: String,
    /// The first problem as a sentence, with where it is and how many others there are.
    pub message: String,
    pub errors: Vec<Problem>,
}

write_table!(Problem { code, path, line omit, message });
write_table!(Failure { kind = "error", code, path, message, errors });

impl Write for FailureKind {
    fn write(&self) -> serde_json::Value {
        serde_json::Value::String(self.name().to_owned())
    }
}

impl Failure {
    /// The class a face raises: `InputError`, `PackError`, …
    pub fn name(&self) -> &'static str {
        self.kind.name()
    }

    fn new(kind: FailureKind, errors: Vec<Problem>, lang: Lang) -> Failure {
        let first = errors.first();
        let code = first.map_or_else(|| default_code(kind).to_string(), |p| p.code.clone());
        let path = first.map(|p| p.path.clone()).unwrap_or_default();
        let place = match (first.and_then(|p| p.line), lang) {
            (Some(line), Lang::Zh) if !path.is_empty() => format!("{path}（第 {line} 行）"),
            (Some(line), Lang::En) if !path.is_empty() => format!("{path} (line {line})"),
            _ => path.clone(),
        };
        let message = summary(first.map_or("", |p| p.message.as_str()), &place, errors.len(), lang);
        Failure {
            kind,
            code,
            path,
            message,
            errors,
        }
    }

    /// Every problem of a malformed document, in document order.
    pub fn input(errors: &InputErrors, lang: Lang) -> Failure {
        let problems = errors
            .0
            .iter()
            .map(|e| Problem {
                code: e.code.as_str().to_string(),
                path: e.path.to_string(),
                line: e.line,
                message: e.message(lang),
            })
            .collect();
        Failure::new(FailureKind::Input, problems, lang)
    }

    /// Every problem of a pack. The details are for the pack's author and are in English
    /// (as a compiler's are); the summary is in the reader's language.
    pub fn pack(errors: &PackErrors, lang: Lang) -> Failure {
        let problems: Vec<Problem> = errors
            .0
            .iter()
            .map(|e| Problem {
                code: e.code.as_str().to_string(),
                path: e.place.clone().unwrap_or_default(),
                line: None,
                message: e.message.clone(),
            })
            .collect();
        let mut failure = Failure::new(FailureKind::Pack, problems, lang);
        failure.message = pack_summary(&failure.message, lang);
        failure
    }

    /// Every problem of the pack file `file` (as the caller names it, e.g. its path).
    pub fn pack_file(errors: &PackErrors, file: &str, lang: Lang) -> Failure {
        let mut failure = Failure::pack(errors, lang);
        failure.message = match lang {
            Lang::Zh => format!("{file}：{}", failure.message),
            Lang::En => format!("{file}: {}", failure.message),
        };
        failure
    }

    /// A date the calendar does not cover, or a calendar file that is wrong.
    pub fn calendar(error: &CalendarError, lang: Lang) -> Failure {
        let (code, message) = match error {
            CalendarError::OutOfRange { date, first, last } => (
                "calendar.out_of_range",
                match lang {
                    Lang::Zh => format!("`{date}` 不在工作日历范围内（日历自 `{first}` 至 `{last}`）；该年的节假日安排公布后，可将其作为日历年度文件加入（见 rules/calendars/README.md）"),
                    Lang::En => {
                        format!("`{date}` is outside the working-day calendar, which covers `{first}` to `{last}`; once that year's holiday notice is out, add it as a calendar year file (see rules/calendars/README.md)")
                    }
                },
            ),
            CalendarError::CountBeyond { from, n, first, last } => (
                "calendar.out_of_range",
                match lang {
                    Lang::Zh => format!(
                        "`{from}` 之后第 {n} 个工作日超出工作日历范围（日历自 `{first}` 至 `{last}`）；该年的节假日安排公布后，可将其作为日历年度文件加入（见 rules/calendars/README.md）"
                    ),
                    Lang::En => error.to_string(),
                },
            ),
            CalendarError::Data { source, message } => (
                "calendar.data",
                match lang {
                    Lang::Zh => format!("日历文件 `{source}` 有误：{message}"),
                    Lang::En => format!("calendar file `{source}`: {message}"),
                },
            ),
        };
        let problem = Problem {
            code: code.to_string(),
            path: String::new(),
            line: None,
            message,
        };
        Failure::new(FailureKind::Calendar, vec![problem], lang)
    }

    /// Problems with a call's arguments or options.
    pub fn arguments(problems: &[ArgumentProblem], lang: Lang) -> Failure {
        let list = problems
            .iter()
            .map(|p| Problem {
                code: "argument.invalid".to_string(),
                path: p.path(),
                line: None,
                message: p.message(lang),
            })
            .collect();
        Failure::new(FailureKind::Argument, list, lang)
    }

    /// A bug: the engine stopped on a case it did not foresee (a caught panic).
    pub fn internal(what: &str, lang: Lang) -> Failure {
        let message = match lang {
            Lang::Zh => format!("fundcheck 内部错误，请报告：{what}"),
            Lang::En => format!("internal error in fundcheck, please report it: {what}"),
        };
        let problem = Problem {
            code: "internal".to_string(),
            path: String::new(),
            line: None,
            message,
        };
        Failure::new(FailureKind::Internal, vec![problem], lang)
    }

    /// A request the HTTP service refuses before any check (`request.too_large`,
    /// `request.media_type`, `request.timeout`, `request.not_found`, `request.busy`).
    pub fn request(code: &str, message: String) -> Failure {
        let problem = Problem {
            code: code.to_string(),
            path: String::new(),
            line: None,
            message: message.clone(),
        };
        Failure {
            kind: FailureKind::Request,
            code: code.to_string(),
            path: String::new(),
            message,
            errors: vec![problem],
        }
    }

    /// `{"error", "code", "path", "message", "errors": [{code, path, line?, message}]}`.
    pub fn to_json(&self) -> String {
        crate::report::json_text(&self.write())
    }
}

fn default_code(kind: FailureKind) -> &'static str {
    match kind {
        FailureKind::Input => "input.syntax",
        FailureKind::Pack => "pack.invalid",
        FailureKind::Calendar => "calendar.data",
        FailureKind::Argument => "argument.invalid",
        FailureKind::Internal => "internal",
        FailureKind::Request => "request.invalid",
    }
}

/// The first problem as a sentence, naming where it is and how many others there are.
pub fn summary(message: &str, path: &str, count: usize, lang: Lang) -> String {
    let more = count.saturating_sub(1);
    let mut text = match (path.is_empty(), lang) {
        (true, _) => message.to_owned(),
        (false, Lang::Zh) => format!("{path}：{message}"),
        (false, Lang::En) => format!("{path}: {message}"),
    };
    if more > 0 {
        match lang {
            Lang::Zh => text.push_str(&format!("（另有 {more} 处问题）")),
            Lang::En => text.push_str(&format!(
                " (and {more} more {})",
                if more == 1 { "problem" } else { "problems" }
            )),
        }
    }
    text
}

fn pack_summary(first: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("规则包有误：{first}"),
        Lang::En => format!("the pack is not valid: {first}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::CalendarError;
    use crate::pack::{PackError, PackErrors};

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

    #[test]
    fn a_pack_failure_keeps_every_problem_with_its_code_and_place() {
        let errors = PackErrors(vec![
            PackError::new("rules.a.params.share", "`2` is not a share between 0 and 1"),
            PackError::new("rules.b.messages.fail", "missing: this kind needs it (zh and en)"),
        ]);
        let failure = Failure::pack(&errors, Lang::En);
        assert_eq!(
            failure.to_json(),
            concat!(
                r#"{"error":"PackError","code":"pack.invalid","path":"rules.a.params.share","#,
                r#""message":"the pack is not valid: rules.a.params.share: `2` is not a share between 0 and 1 (and 1 more problem)","#,
                r#""errors":[{"code":"pack.invalid","path":"rules.a.params.share","message":"`2` is not a share between 0 and 1"},"#,
                r#"{"code":"pack.invalid","path":"rules.b.messages.fail","message":"missing: this kind needs it (zh and en)"}]}"#
            )
        );
    }

    #[test]
    fn a_calendar_failure_reads_in_both_languages() {
        let day = |s: &str| crate::decode::parse_date(s).unwrap_or_default();
        let error = CalendarError::OutOfRange {
            date: day("2031-01-06"),
            first: day("2019-01-01"),
            last: day("2026-12-31"),
        };
        let zh = Failure::calendar(&error, Lang::Zh);
        assert_eq!(zh.name(), "CalendarError");
        assert_eq!(zh.code, "calendar.out_of_range");
        assert_eq!(
            zh.message,
            "`2031-01-06` 不在工作日历范围内（日历自 `2019-01-01` 至 `2026-12-31`）；该年的节假日安排公布后，可将其作为日历年度文件加入（见 rules/calendars/README.md）"
        );
        let en = Failure::calendar(&error, Lang::En);
        assert_eq!(
            en.message,
            "`2031-01-06` is outside the working-day calendar, which covers `2019-01-01` to `2026-12-31`; once that year's holiday notice is out, add it as a calendar year file (see rules/calendars/README.md)"
        );
    }
}
