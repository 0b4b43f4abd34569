//! `fundcheck`: check subsidy documents against the Yanshi 2019 rule pack (or another pack).
//!
//! Exit codes: 0 no error findings; 1 error findings; 2 the input or the command line is wrong
//! (or the output could not be written).
//!
//! Everything is written through `out!`/`outln!`/`errln!` (below), never `print!`/`println!`/
//! `eprintln!`, which panic when the reader has gone (`fundcheck rules | head -1`).

/// Writes to standard output, like `print!`; see [`output`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::stdout(format_args!($($arg)*), false) };
}

/// Writes a line to standard output, like `println!`; see [`output`].
macro_rules! outln {
    () => { $crate::output::stdout(format_args!(""), true) };
    ($($arg:tt)*) => { $crate::output::stdout(format_args!($($arg)*), true) };
}

/// Writes to standard error, like `eprint!`; see [`output`].
macro_rules! err {
    ($($arg:tt)*) => { $crate::output::stderr(format_args!($($arg)*), false) };
}

/// Writes a line to standard error, like `eprintln!`; see [`output`].
macro_rules! errln {
    ($($arg:tt)*) => { $crate::output::stderr(format_args!($($arg)*), true) };
}

mod check;
mod pack_cmd;
#[cfg(feature = "serve")]
mod serve_cmd;
mod test_cmd;
mod text;
mod workdays;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "fundcheck",
    version,
    about = "Check subsidy documents against 偃政办〔2019〕13号 (or another rule pack)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl LangArg {
    pub fn lang(self) -> fundcheck::Lang {
        match self {
            LangArg::Zh => fundcheck::Lang::Zh,
            LangArg::En => fundcheck::Lang::En,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check documents (JSON, or CSV for an allocation); `-` reads standard input
    Check(check::CheckArgs),
    /// List the pack's rules: id, clause, severity, one line each
    Rules {
        #[arg(long)]
        pack: Option<String>,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
    /// Show a rule's clause in its own words (zh) beside its English reading
    Explain {
        rule: String,
        #[arg(long)]
        pack: Option<String>,
    },
    /// Run a pack's tests (files or directories of `*.json`/`*.toml`; by default
    /// `rules/tests`): each case's findings and figures, and the rules, message variants and
    /// readings the cases covered
    Test {
        paths: Vec<std::path::PathBuf>,
        /// The pack the cases run against when they name none (an id or a path)
        #[arg(long)]
        pack: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
        /// Fail (exit 1) when a pack's rule coverage is below this percentage (`100`, `99.5`)
        #[arg(long, value_name = "PERCENT", value_parser = percent)]
        min_coverage: Option<u64>,
    },
    /// Rule pack tools
    Pack {
        #[command(subcommand)]
        command: pack_cmd::PackCommand,
    },
    /// Working-day arithmetic on the official calendar
    Workdays {
        #[command(subcommand)]
        command: workdays::WorkdaysCommand,
        /// Add a calendar year from a file (repeatable; rules/calendars/README.md)
        #[arg(long = "calendar", value_name = "FILE", global = true)]
        calendar: Vec<std::path::PathBuf>,
    },
    /// Serve the checks over HTTP (`/v1/check`, `/openapi.json`); built with the cargo feature
    /// `serve`
    #[cfg(feature = "serve")]
    Serve(serve_cmd::ServeArgs),
    /// Print a year's calendar: holidays, adjusted working days, the notices cited
    Calendar {
        year: i32,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// Add a calendar year from a file (repeatable; e.g. the next notice; `--extra` is the
        /// old name)
        #[arg(long = "calendar", alias = "extra", value_name = "FILE")]
        extra: Vec<std::path::PathBuf>,
    },
}

/// A percentage with at most one decimal, in tenths.
fn percent(text: &str) -> Result<u64, String> {
    fundcheck::packtest::parse_tenths(text)
        .ok_or_else(|| format!("`{text}` is not a percentage from 0 to 100 (one decimal at most)"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(2),
            };
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules { pack, lang } => pack_cmd::rules(pack.as_deref(), lang.lang()),
        Command::Explain { rule, pack } => pack_cmd::explain(pack.as_deref(), &rule),
        Command::Pack { command } => pack_cmd::run(&command),
        Command::Test {
            paths,
            pack,
            format,
            min_coverage,
        } => test_cmd::run(&test_cmd::TestArgs {
            paths: &paths,
            pack: pack.as_deref(),
            json: format == FormatArg::Json,
            min_coverage,
        }),
        Command::Workdays { command, calendar } => workdays::run(&command, &calendar),
        Command::Calendar { year, lang, extra } => workdays::calendar(year, lang.lang(), &extra),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve_cmd::run(&args),
    };
    if output::finish() {
        ExitCode::from(code)
    } else {
        ExitCode::from(code.max(2))
    }
}

/// Prints a message for a command-line or pack problem and returns exit code 2.
pub fn usage_error(message: &str) -> u8 {
    errln!("fundcheck: {message}");
    2
}

/// Standard output and error that a closed pipe cannot crash.
///
/// When the reader goes away (`fundcheck rules | head -1`, a pager quit early) a write fails
/// with `BrokenPipe`: from then on that stream's writes are dropped, quietly, and the command
/// runs to its end and exits with the code it would have had (a failing document still exits 1),
/// as `head` asked for no more. Any other write error (a full disk) is reported once on standard
/// error and makes the exit code at least 2.
mod output {
    use std::fmt::Arguments;
    use std::io::{self, Write};
    use std::sync::atomic::{AtomicBool, Ordering};

    static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
    static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
    static FAILED: AtomicBool = AtomicBool::new(false);

    pub fn stdout(args: Arguments<'_>, newline: bool) {
        if !STDOUT_CLOSED.load(Ordering::Relaxed) {
            let result = write(&mut io::stdout().lock(), args, newline);
            settle(&STDOUT_CLOSED, result, true);
        }
    }

    pub fn stderr(args: Arguments<'_>, newline: bool) {
        if !STDERR_CLOSED.load(Ordering::Relaxed) {
            let result = write(&mut io::stderr().lock(), args, newline);
            settle(&STDERR_CLOSED, result, false);
        }
    }

    /// Flushes standard output; false when a write failed for another reason than a closed pipe.
    pub fn finish() -> bool {
        if !STDOUT_CLOSED.load(Ordering::Relaxed) {
            let result = io::stdout().lock().flush();
            settle(&STDOUT_CLOSED, result, true);
        }
        !FAILED.load(Ordering::Relaxed)
    }

    fn write(w: &mut impl Write, args: Arguments<'_>, newline: bool) -> io::Result<()> {
        w.write_fmt(args)?;
        if newline {
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    /// After a failed write: stop writing to that stream; unless the pipe was closed, remember
    /// the failure (and say so on standard error when it was standard output that failed).
    fn settle(closed: &AtomicBool, result: io::Result<()>, is_stdout: bool) {
        let Err(e) = result else { return };
        closed.store(true, Ordering::Relaxed);
        if e.kind() != io::ErrorKind::BrokenPipe {
            FAILED.store(true, Ordering::Relaxed);
            if is_stdout {
                errln!("fundcheck: cannot write to standard output: {e}");
            }
        }
    }
}
