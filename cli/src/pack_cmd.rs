//! `fundcheck rules`, `explain` and `pack lint`: the pack as a person reads it.

use std::path::Path;

use clap::Subcommand;
use fundcheck::{Lang, Pack};

use crate::usage_error;

#[derive(Subcommand)]
pub enum PackCommand {
    /// Is a rule pack well formed and self-consistent?
    Lint { path: std::path::PathBuf },
    /// Print a pack as JSON: as written (its `extends` kept), or with `--resolved` as one
    /// bundle — the pack with its bases resolved and its calendar files, as `check --pack` and
    /// the JavaScript package (`check(doc, {pack})`) read it; an id or a path, the embedded
    /// pack by default
    Show {
        pack: Option<String>,
        /// The resolved pack and its calendars, as one bundle
        #[arg(long)]
        resolved: bool,
        /// Only `json`
        #[arg(long, value_enum, default_value = "json")]
        format: ShowFormat,
    },
    /// What two packs (or two versions of one) decide differently: each parameter, rule,
    /// reading, vocabulary entry or message, by its pointer (`--param` names it so); exit 1
    /// when they differ
    Diff {
        /// A pack: an id (`yanshi-2019`) or a path (TOML or a JSON bundle)
        a: String,
        b: String,
        #[arg(long, value_enum, default_value = "text")]
        format: crate::FormatArg,
    },
}

/// The pack named on the command line: the embedded one by default or by id, else a file.
pub fn load(pack: Option<&str>) -> Result<PackRef, String> {
    match pack {
        None | Some("yanshi-2019") => Pack::embedded().map(PackRef::Embedded).map_err(|e| e.to_string()),
        Some(path) => load_file(Path::new(path)).map(|p| PackRef::Loaded(Box::new(p))),
    }
}

pub enum PackRef {
    Embedded(&'static Pack),
    Loaded(Box<Pack>),
}

impl std::ops::Deref for PackRef {
    type Target = Pack;
    fn deref(&self) -> &Pack {
        match self {
            PackRef::Embedded(p) => p,
            PackRef::Loaded(p) => p,
        }
    }
}

/// Reads a pack file; the calendar files it names are read relative to it.
pub fn load_file(path: &Path) -> Result<Pack, String> {
    fundcheck::packtest::files::load_pack(path)
}

/// A pack's bundle: the built pack and its calendar files in their JSON form.
fn bundle(pack: Option<&str>) -> Result<serde_json::Value, String> {
    let built = load(pack)?;
    let calendars = match pack {
        None | Some("yanshi-2019") => fundcheck::Calendar::embedded_json_pairs().map_err(|e| e.to_string())?,
        Some(path) => {
            let dir = Path::new(path).parent().unwrap_or(Path::new(".")).to_path_buf();
            let mut pairs = Vec::new();
            for name in &built.file.pack.calendars {
                let text = std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
                let tree = fundcheck::Calendar::toml_file_to_json(name, &text).map_err(|e| e.to_string())?;
                pairs.push(serde_json::json!([name, tree]));
            }
            serde_json::Value::Array(pairs)
        }
    };
    Ok(built.bundle(calendars))
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Json,
}

/// A pack as its author wrote it, as JSON.
fn written(pack: Option<&str>) -> Result<serde_json::Value, String> {
    match pack {
        None | Some("yanshi-2019") => Ok(Pack::embedded_written()),
        Some(path) => fundcheck::packtest::files::written_tree(Path::new(path)),
    }
}

pub fn run(command: &PackCommand) -> u8 {
    match command {
        PackCommand::Diff { a, b, format } => diff(a, b, *format == crate::FormatArg::Json),
        PackCommand::Show { pack, resolved, .. } => match if *resolved {
            bundle(pack.as_deref())
        } else {
            written(pack.as_deref())
        } {
            Ok(tree) => {
                outln!("{tree}");
                0
            }
            Err(e) => usage_error(&e),
        },
        PackCommand::Lint { path } => match fundcheck::packtest::files::lint_pack(path) {
            Ok(line) => {
                outln!("{line}");
                0
            }
            Err(message) => {
                errln!("{message}");
                2
            }
        },
    }
}

pub fn rules(pack: Option<&str>, lang: Lang) -> u8 {
    let pack = match load(pack) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    let width = pack.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in pack.rules() {
        let clause = format!("[{}]", rule.clause);
        outln!(
            "{:<width$}  {:<8} {}  {}",
            rule.id,
            rule.severity.as_str(),
            crate::text::pad(&clause, 20),
            rule.summary.get(lang)
        );
    }
    0
}

pub fn explain(pack: Option<&str>, id: &str) -> u8 {
    let pack = match load(pack) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    let Some(rule) = pack.rule(id) else {
        let ids: Vec<&str> = pack.rules().iter().map(|r| r.id.as_str()).collect();
        return usage_error(&format!(
            "no rule `{id}` in pack {}; rules: {}",
            pack.id(),
            ids.join(", ")
        ));
    };
    outln!("{}  ({}, {})", rule.id, rule.clause, rule.severity.as_str());
    // Where the clause is: the part of the policy its citation names, or (for packs citing
    // the text's own articles) the document itself.
    for part in rule.clause.split(", ") {
        let meta = &pack.file.pack;
        let of = match meta.citation_scheme {
            fundcheck::pack::model::CitationScheme::Parts => part
                .split_once(' ')
                .and_then(|(abbrev, _)| meta.citation.get(abbrev))
                .map(|t| format!("{} / {}", t.zh, t.en)),
            fundcheck::pack::model::CitationScheme::Articles => {
                Some(format!("{} / {}", meta.source.zh, meta.source.en))
            }
        };
        if let Some(of) = of {
            outln!("出处  {part}: {of}");
        }
    }
    if let Some(base) = &rule.base {
        outln!("继承  {base} (inherited from the base pack)");
    }
    if let Some(why) = &rule.overrides {
        outln!("改写  {}", why.zh);
        outln!("Overrides  {}", why.en);
    }
    outln!();
    outln!("原文  {}", rule.clause_text);
    outln!();
    outln!("规则  {}", rule.summary.zh);
    outln!("Rule  {}", rule.summary.en);
    if let Some(reading) = &rule.reading {
        outln!();
        outln!("解读  {}", reading.zh);
        outln!("Reading  {}", reading.en);
    }
    outln!();
    outln!("责任  {}", rule.owner.as_str());
    // The pack's readings of the clauses this rule cites, with the alternative and the
    // parameter that switches to it.
    let readings = pack.readings_of(rule);
    if !readings.is_empty() {
        outln!();
        outln!("采用的解读 / readings taken");
        for r in readings {
            outln!("  [{}] {}", r.id, r.text.zh);
            outln!("      {}", r.text.en);
            outln!(
                "      另一种理解 / alternative: {} — {}",
                r.alternative.zh,
                r.alternative.en
            );
            if let (Some(param), Some(value)) = (&r.param, &r.alternative_value) {
                outln!("      --param '{param}={value}'");
            }
        }
    }
    outln!();
    outln!("validator kind: {}", rule.kind);
    0
}

fn diff(a: &str, b: &str, json: bool) -> u8 {
    let (pa, pb) = match (load(Some(a)), load(Some(b))) {
        (Ok(pa), Ok(pb)) => (pa, pb),
        (Err(e), _) | (_, Err(e)) => return usage_error(&e),
    };
    let differences = fundcheck::pack::diff::diff(&pa.file, &pb.file);
    let shown = |v: &Option<serde_json::Value>| v.as_ref().map_or("—".to_owned(), serde_json::Value::to_string);
    if json {
        let items: Vec<serde_json::Value> = differences
            .iter()
            .map(|d| serde_json::json!({"at": d.at, "a": d.a, "b": d.b}))
            .collect();
        outln!(
            "{}",
            serde_json::json!({"a": {"pack": a, "digest": pa.digest}, "b": {"pack": b, "digest": pb.digest}, "differences": items})
        );
    } else {
        outln!("a: {a} {} {} ({})", pa.id(), pa.version(), pa.digest);
        outln!("b: {b} {} {} ({})", pb.id(), pb.version(), pb.digest);
        if differences.is_empty() && pa.digest == pb.digest {
            outln!("the same pack");
        }
        for d in &differences {
            match (&d.a, &d.b) {
                (None, Some(_)) => outln!("+ {}: {}", d.at, shown(&d.b)),
                (Some(_), None) => outln!("- {}: {}", d.at, shown(&d.a)),
                _ => outln!("~ {}: {} → {}", d.at, shown(&d.a), shown(&d.b)),
            }
        }
        if differences.is_empty() && pa.digest != pb.digest {
            outln!("the same rules and data; the calendars differ");
        }
    }
    u8::from(!differences.is_empty() || pa.digest != pb.digest)
}
