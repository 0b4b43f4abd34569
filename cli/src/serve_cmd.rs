//! `fundcheck serve` (with the cargo feature `serve`): the checks over HTTP (`serve/`).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::usage_error;

#[derive(Args)]
pub struct ServeArgs {
    /// Where to listen; loopback unless told otherwise (there is no authentication: bind to
    /// loopback or put it behind the portal's gateway)
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// A pack to serve: an id (`yanshi-2019`, embedded) or a path (TOML or a bundle);
    /// repeatable, the first is the default and `?pack=ID` names another
    #[arg(long = "pack")]
    packs: Vec<String>,
    /// Add a calendar year from a file to every pack (repeatable; rules/calendars/README.md)
    #[arg(long = "calendar", value_name = "FILE")]
    calendar: Vec<PathBuf>,
    /// The largest request body, in bytes (16 MiB by default)
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_body: usize,
    /// How long a request may take, body included, in seconds
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// How many checks may run at once; past it, 503 with Retry-After (twice the cores by default)
    #[arg(long)]
    max_concurrent: Option<usize>,
    /// Append one JSON line per check (time, pack digest, SHA-256 of the document, kind, ok,
    /// applicant_ok, counts; never the document's content)
    #[arg(long, value_name = "FILE")]
    decision_log: Option<PathBuf>,
}

pub fn run(args: &ServeArgs) -> u8 {
    let names = if args.packs.is_empty() {
        vec!["yanshi-2019".to_owned()]
    } else {
        args.packs.clone()
    };
    let files = match crate::workdays::read_calendar_files(&args.calendar, fundcheck::Lang::En) {
        Ok(files) => files,
        Err(e) => return usage_error(&e),
    };
    let mut packs = Vec::new();
    for name in &names {
        let pack = match crate::pack_cmd::load(Some(name)) {
            Ok(pack) => pack,
            Err(e) => return usage_error(&e),
        };
        // The service owns its packs: the one loaded, or the embedded one built anew.
        let built = if files.is_empty() {
            pack.with_params(&[])
        } else {
            pack.with_calendar_files(&files)
        };
        let pack = match built {
            Ok(p) => p,
            Err(e) => return usage_error(&format!("--calendar: {e}")),
        };
        if packs.iter().any(|p: &fundcheck::Pack| p.id() == pack.id()) {
            return usage_error(&format!("pack `{}` is given twice", pack.id()));
        }
        packs.push(pack);
    }
    let mut config = fundcheck_serve::Config::new(packs);
    config.addr = args.addr;
    config.max_body = args.max_body;
    config.timeout = Duration::from_secs(args.timeout.max(1));
    if let Some(n) = args.max_concurrent {
        config.max_concurrent = n.max(1);
    }
    config.decision_log = args.decision_log.clone();
    let served = fundcheck_serve::serve(config, |addr| {
        errln!("fundcheck: serving on http://{addr} (GET /openapi.json; SIGTERM or Ctrl-C stops it)");
    });
    match served {
        Ok(()) => 0,
        Err(e) => usage_error(&format!("serve: {e}")),
    }
}
