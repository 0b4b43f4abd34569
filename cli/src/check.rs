//! `fundcheck check FILE...|-`: one report per file.

use std::io::Read;

use clap::Args;
use fundcheck::ffi::{ArgumentProblem, Subject};
use fundcheck::normalize::date as parse_date;
use fundcheck::{Encoding, Failure, Format, Options};

use crate::{usage_error, FormatArg, LangArg};

#[derive(Args)]
pub struct CheckArgs {
    /// Files to check; `-` reads standard input. A `.csv` file is an allocation.
    #[arg(required = true)]
    files: Vec<String>,
    /// The rule pack: an id (`yanshi-2019`, embedded) or a path to a pack TOML
    #[arg(long)]
    pack: Option<String>,
    /// The evaluation date (YYYY-MM-DD); by default the latest event of an application
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    /// Treat an allocation or progress report as final
    #[arg(long = "final")]
    is_final: bool,
    /// Encoding of CSV files: utf-8 (default) or gb18030 (Excel in China)
    #[arg(long, default_value = "utf-8")]
    encoding: String,
    /// Report at most N findings, with a note of how many were left out
    #[arg(long)]
    max_findings: Option<usize>,
    /// Threads that read a large CSV plan (4 MiB or more): 0, the default, for two a core (at
    /// most four), 1 for this thread only. The report is the same either way.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Change a pack parameter for this run, KEY=VALUE (repeatable): a reading's alternative,
    /// e.g. `--param /lifecycle/late=acceptance` (see `fundcheck explain RULE`)
    #[arg(long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,
    /// Change a rule's parameter for this run, RULE.PARAM=VALUE (repeatable; the last dot
    /// separates the parameter), e.g. `--set budget.public_center_cap.share=0.10`; the report
    /// lists the change and its digest differs from the published pack's
    #[arg(long = "set", value_name = "RULE.PARAM=VALUE")]
    sets: Vec<String>,
    /// Add a calendar year from a file (repeatable): the next year's holiday notice, in the
    /// format of rules/calendars/README.md; the report's pack digest then covers it
    #[arg(long = "calendar", value_name = "FILE")]
    calendar: Vec<std::path::PathBuf>,
}

pub fn run(args: &CheckArgs) -> u8 {
    let pack = match crate::pack_cmd::load(args.pack.as_deref()) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    let mut params = Vec::new();
    for text in &args.params {
        match fundcheck::pack::params::parse_assignment(text) {
            Some(param) => params.push(param),
            None => return usage_error(&format!("--param `{text}` is not KEY=VALUE")),
        }
    }
    for text in &args.sets {
        match fundcheck::pack::params::parse_rule_assignment(text) {
            Some(param) => params.push(param),
            None => return usage_error(&format!("--set `{text}` is not RULE.PARAM=VALUE")),
        }
    }
    let pack = if params.is_empty() {
        pack
    } else {
        match pack.with_params(&params) {
            Ok(p) => crate::pack_cmd::PackRef::Loaded(Box::new(p)),
            Err(e) => {
                return refuse(
                    args,
                    &format!("--param/--set: {e}"),
                    &Failure::pack(&e, args.lang.lang()),
                )
            }
        }
    };
    let pack = if args.calendar.is_empty() {
        pack
    } else {
        let files = match crate::workdays::read_calendar_files(&args.calendar, args.lang.lang()) {
            Ok(files) => files,
            Err(e) => return usage_error(&e),
        };
        match pack.with_calendar_files(&files) {
            Ok(p) => crate::pack_cmd::PackRef::Loaded(Box::new(p)),
            Err(e) => return refuse(args, &format!("--calendar: {e}"), &Failure::pack(&e, args.lang.lang())),
        }
    };
    let lang = args.lang.lang();
    let Some(encoding) = Encoding::parse(&args.encoding) else {
        let problem = ArgumentProblem::NotAnEncoding {
            subject: Subject::Option("encoding".into()),
            shown: args.encoding.clone(),
        };
        let text = format!("unknown encoding `{}`: use utf-8 or gb18030", args.encoding);
        return refuse(args, &text, &Failure::arguments(&[problem], lang));
    };
    let as_of = match args.as_of.as_deref().map(|d| parse_date(d).ok_or(d)) {
        Some(Err(bad)) => {
            let problem = ArgumentProblem::NotADate {
                subject: Subject::Option("as-of".into()),
                shown: bad.to_string(),
            };
            let text = format!("--as-of `{bad}` is not a real date YYYY-MM-DD");
            return refuse(args, &text, &Failure::arguments(&[problem], lang));
        }
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let mut worst = 0;
    for file in &args.files {
        let bytes = match read(file) {
            Ok(b) => b,
            Err(e) => {
                worst = 2;
                errln!("fundcheck: {}", crate::text::read_error(file, &e, lang));
                continue;
            }
        };
        let options = Options {
            as_of,
            lang,
            is_final: args.is_final,
            max_findings: args.max_findings,
            threads: args.threads,
            format: Format::for_path(file),
            encoding,
            ..Options::default()
        };
        // A CSV plan is checked as it is read (its lines are never held); any other document in
        // two steps, so that the text report can read it too.
        let checked = if options.format == Format::Csv {
            drop_and_check(bytes, &pack, &options)
        } else {
            fundcheck::parse(&bytes, &pack, &options).map(|document| {
                let report = fundcheck::check(&document, &pack, &options);
                (Some(document), report)
            })
        };
        match checked {
            Ok((document, report)) => {
                match args.format {
                    FormatArg::Json => outln!("{}", report.to_json()),
                    FormatArg::Text => out!("{}", crate::text::report(file, &report, &pack, document.as_ref(), lang)),
                }
                if !report.ok() {
                    worst = worst.max(1);
                }
            }
            Err(errors) => {
                worst = 2;
                match args.format {
                    FormatArg::Json => errln!(
                        "{{\"file\":{},\"error\":{}}}",
                        json_string(file),
                        Failure::input(&errors, lang).to_json()
                    ),
                    FormatArg::Text => err!("{}", crate::text::input_errors(file, &errors, lang)),
                }
            }
        }
    }
    worst
}

/// Checks a CSV plan as it is read, and lets its bytes go before the report is written.
fn drop_and_check(
    bytes: Vec<u8>,
    pack: &fundcheck::Pack,
    options: &Options,
) -> Result<(Option<fundcheck::Document>, fundcheck::Report), fundcheck::InputErrors> {
    let report = fundcheck::check_bytes(&bytes, pack, options);
    drop(bytes);
    report.map(|r| (None, r))
}

/// A usage problem: the core's error object with `--format json`, the sentence otherwise.
fn refuse(args: &CheckArgs, text: &str, failure: &Failure) -> u8 {
    match args.format {
        FormatArg::Json => {
            errln!("{{\"error\":{}}}", failure.to_json());
            2
        }
        FormatArg::Text => usage_error(text),
    }
}

fn read(file: &str) -> std::io::Result<Vec<u8>> {
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(file)
    }
}

fn json_string(text: &str) -> String {
    let mut out = String::new();
    fundcheck::report::write_json_string(&mut out, text);
    out
}
