//! `fundcheck`: check subsidy documents against the Yanshi 2019 rule pack (or another pack).
//!
//! Exit codes: 0 no error findings; 1 error findings; 2 the input or the command line is wrong.

mod check;
mod pack_cmd;
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
    /// Rule pack tools
    Pack {
        #[command(subcommand)]
        command: pack_cmd::PackCommand,
    },
    /// Working-day arithmetic on the official calendar
    Workdays {
        #[command(subcommand)]
        command: workdays::WorkdaysCommand,
    },
    /// Print a year's calendar: holidays, adjusted working days, the notices cited
    Calendar {
        year: i32,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// Load one more calendar year from a file (e.g. the next notice)
        #[arg(long)]
        extra: Vec<std::path::PathBuf>,
    },
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
        Command::Workdays { command } => workdays::run(&command),
        Command::Calendar { year, lang, extra } => workdays::calendar(year, lang.lang(), &extra),
    };
    ExitCode::from(code)
}

/// Prints a message for a command-line or pack problem and returns exit code 2.
pub fn usage_error(message: &str) -> u8 {
    eprintln!("fundcheck: {message}");
    2
}
