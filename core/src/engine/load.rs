//! Building a pack: from the embedded JSON, from TOML, or from a parsed pack file with a run's
//! parameters; lint first, then every rule into its validator, with every problem collected.

use std::sync::OnceLock;

use serde_json::Value;

use super::{digest::digest, BuiltRule, Pack, Validators};
use crate::calendar::Calendar;
use crate::history::Lifecycle;
use crate::pack::{lint, params, PackCode, PackError, PackErrors, PackFile, Vocabularies};
use crate::rules::{self, RuleNames, Validator};
use crate::tree::Lines;

/// `rules/yanshi-2019.toml` as the JSON tree it parses to, written by `build.rs`.
const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/pack.json"));

impl Pack {
    /// The Yanshi 2019 pack compiled into the library, with its calendar.
    pub fn embedded() -> Result<&'static Pack, PackErrors> {
        static PACK: OnceLock<Result<Pack, PackErrors>> = OnceLock::new();
        PACK.get_or_init(|| {
            let calendar = Calendar::embedded()
                .map_err(|e| PackError::of(PackCode::Calendar, Some("calendar".into()), e.to_string()))?;
            Pack::build(EMBEDDED_JSON, Some(calendar))
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// The embedded pack as its author wrote it (`extends` not resolved), as JSON.
    pub fn embedded_written() -> Value {
        serde_json::from_str(EMBEDDED_JSON).unwrap_or_default()
    }

    /// Builds a pack from TOML; `read` fetches each file the pack names, relative to it: its
    /// calendar files and, when it `extends` a base by path, the base pack's file.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str, read: &dyn Fn(&str) -> Result<String, String>) -> Result<Pack, PackErrors> {
        let tree: Value = toml::from_str(text).map_err(|e| toml_error(&e))?;
        let written = crate::pack::extends::written_errors(&tree);
        if !written.is_empty() {
            return Err(PackErrors(written));
        }
        let file: PackFile = if tree.pointer("/pack/extends").is_some() {
            let read_base = |path: &str| -> Result<Value, PackError> {
                let text = read(path).map_err(|e| crate::pack::extends::unreadable(path, e))?;
                if path.ends_with(".json") {
                    serde_json::from_str(&text).map_err(|e| {
                        PackError::of(PackCode::Syntax, Some(format!("pack.extends: {path}")), e.to_string())
                    })
                } else {
                    toml::from_str(&text).map_err(|e| {
                        let mut error = toml_error(&e);
                        error.place = Some(format!("pack.extends: {path}"));
                        error
                    })
                }
            };
            let resolved = crate::pack::extends::resolve(tree, &read_base)?;
            // Places of this file's own entries are found in its text by their ids.
            crate::pack::read::pack_file(&resolved, &Lines::of_merged(Some(text)))?
        } else {
            // With the text, so that each mistake is named with its line.
            crate::pack::read::pack_file(&tree, &Lines::of(Some(text)))?
        };
        let calendar = if file.pack.calendars.is_empty() {
            None
        } else {
            let mut texts = Vec::new();
            for name in &file.pack.calendars {
                let text = read(name)
                    .map_err(|e| PackError::of(PackCode::Calendar, Some(format!("pack.calendars: {name}")), e))?;
                texts.push((name.clone(), text));
            }
            let sources: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
            let calendar = Calendar::from_sources(&sources)
                .map_err(|e| PackError::of(PackCode::Calendar, Some("pack.calendars".into()), e.to_string()))?;
            Some(calendar)
        };
        Pack::from_file(file, calendar)
    }

    /// Builds a pack from the bytes of its TOML file; `read_calendar` fetches each calendar
    /// file the pack names, relative to it. The core reads no files itself: every face passes
    /// its own reader (the CLI and Python the file system, tests a map).
    #[cfg(feature = "toml")]
    pub fn from_toml_bytes(
        bytes: &[u8],
        read_calendar: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<Pack, PackErrors> {
        let text = std::str::from_utf8(bytes).map_err(|e| PackError::not_utf8(e.valid_up_to()))?;
        Pack::from_toml(text, read_calendar)
    }

    /// Builds the embedded pack from the JSON `build.rs` compiled it to: its tree, with `extends`
    /// resolved, read like any pack's.
    fn build(json: &str, calendar: Option<Calendar>) -> Result<Pack, PackErrors> {
        let tree: Value = serde_json::from_str(json)
            .map_err(|e: serde_json::Error| PackError::of(PackCode::Syntax, None, e.to_string()))?;
        let no_files = |path: &str| {
            Err(crate::pack::extends::unreadable(
                path,
                "the embedded pack extends shipped bases only",
            ))
        };
        let tree = crate::pack::extends::resolve(tree, &no_files)?;
        let file = crate::pack::read::pack_file(&tree, &Lines::of(None))?;
        Pack::from_file(file, calendar)
    }

    /// A pack from its bundle: `{"bundle": 1, "pack": <the pack as JSON>, "calendars":
    /// [[file name, file], …]}`, what `fundcheck pack show` prints — so a build without a
    /// TOML parser (the WebAssembly package) runs any county's pack. The digest is the same as
    /// the pack's built from its TOML files.
    pub fn from_bundle(text: &str) -> Result<Pack, PackErrors> {
        let syntax = |m: String| PackErrors::from(PackError::of(PackCode::Syntax, None, m));
        let tree: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax(e.to_string()))?;
        if tree.get("bundle").and_then(serde_json::Value::as_u64) != Some(1) {
            return Err(syntax(
                "not a pack bundle: expected {\"bundle\": 1, \"pack\": …, \"calendars\": …}".into(),
            ));
        }
        // The places of the pack's problems are within the pack (`rules.<id>.summary`).
        let file =
            crate::pack::read::pack_file(tree.get("pack").unwrap_or(&serde_json::Value::Null), &Lines::of(None))?;
        let pairs = tree.get("calendars").cloned().unwrap_or_default();
        let calendar = if pairs.as_array().is_some_and(|p| !p.is_empty()) {
            Some(
                Calendar::from_json_pairs(&pairs)
                    .map_err(|e| PackError::of(PackCode::Calendar, Some("calendars".into()), e.to_string()))?,
            )
        } else {
            None
        };
        Pack::from_file(file, calendar)
    }

    /// This pack as a bundle (`Pack::from_bundle`), with `calendars` its year files as
    /// `[[file name, file], …]`.
    pub fn bundle(&self, calendars: serde_json::Value) -> serde_json::Value {
        serde_json::json!({
            "bundle": 1,
            "calendars": calendars,
            "pack": crate::tree::Write::write(&self.file),
        })
    }

    /// This pack with the given parameters set (`--param`, `params=`), built anew.
    pub fn with_params(&self, params: &[(String, Value)]) -> Result<Pack, PackErrors> {
        let mut pack = Pack::from_file(params::apply(&self.file, params)?, self.calendar.clone())?;
        pack.overrides = self.overrides.iter().chain(params).cloned().collect();
        Ok(pack)
    }

    /// This pack with more calendar years (`--calendar FILE`, `calendar=`): each `(name, text)`
    /// a year file as `Calendar::with_file` reads it. The digest covers the calendar, so a
    /// report names the years it was checked against.
    pub fn with_calendar_files(&self, files: &[(String, String)]) -> Result<Pack, PackErrors> {
        let calendar_error = |e: crate::calendar::CalendarError| {
            PackError::of(PackCode::Calendar, Some("calendar".into()), e.to_string())
        };
        let mut calendar = match &self.calendar {
            Some(calendar) => calendar.clone(),
            None => {
                return Err(PackError::of(
                    PackCode::Calendar,
                    Some("calendar".into()),
                    "the pack has no working-day calendar to extend",
                )
                .into())
            }
        };
        for (name, text) in files {
            calendar = calendar.with_file(name, text).map_err(calendar_error)?;
        }
        let mut pack = Pack::from_file(self.file.clone(), Some(calendar))?;
        pack.overrides = self.overrides.clone();
        Ok(pack)
    }

    /// Builds a pack from its parsed form: lints it, then builds every rule.
    pub fn from_file(file: PackFile, calendar: Option<Calendar>) -> Result<Pack, PackErrors> {
        let mut errors = lint::lint(&file);
        if file.pack.is_abstract {
            // A base pack's rules name sources and categories its extending packs give, so
            // only what it says by itself is checked here.
            for rule in &file.rules {
                if !rules::KINDS.contains(&rule.kind.as_str()) {
                    errors.push(PackError::new(
                        format!("rules.{}.kind", rule.id),
                        format!("unknown validator kind `{}` (see rules/README.md)", rule.kind),
                    ));
                }
            }
            if errors.is_empty() {
                errors.push(PackError::of(
                    PackCode::Base,
                    Some("pack.abstract".into()),
                    format!(
                        "`{}` is a base pack ({} rules): it checks documents through the packs that extend it \
                         (`extends = \"{}\"`), not by itself",
                        file.pack.id,
                        file.rules.len(),
                        file.pack.id
                    ),
                ));
            }
            return Err(PackErrors(errors));
        }
        let vocab = Vocabularies::new(&file);
        let lifecycle = Lifecycle::build(&file).unwrap_or_else(|mut e| {
            errors.append(&mut e);
            None
        });
        let mut validators = Validators::default();
        for (order, config) in file.rules.iter().enumerate() {
            match rules::build(config, &file, &vocab, lifecycle.as_ref()) {
                Ok(validator) => {
                    let config = config.clone();
                    let names = RuleNames::of(&config);
                    match validator {
                        Validator::Application(validator) => validators.application.push(BuiltRule {
                            config,
                            names,
                            order,
                            validator,
                        }),
                        Validator::Allocation(validator) => validators.allocation.push(BuiltRule {
                            config,
                            names,
                            order,
                            validator,
                        }),
                        Validator::Progress(validator) => validators.progress.push(BuiltRule {
                            config,
                            names,
                            order,
                            validator,
                        }),
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(PackErrors(errors));
        }
        let digest = digest(&file, calendar.as_ref());
        Ok(Pack {
            file,
            digest,
            vocab,
            validators,
            calendar,
            lifecycle,
            overrides: Vec::new(),
        })
    }
}

#[cfg(feature = "toml")]
fn toml_error(error: &toml::de::Error) -> PackError {
    PackError::of(PackCode::Syntax, None, error.to_string().trim_end())
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    /// The embedded pack, compiled to JSON by `build.rs`, is the same pack as its TOML source:
    /// same parsed tree, same digest.
    #[test]
    fn embedded_json_and_toml_source_give_the_same_pack() {
        let toml_text = include_str!("../../../rules/yanshi-2019.toml");
        let tree: Value = toml::from_str(toml_text).unwrap();
        let no_files = |p: &str| Err(crate::pack::extends::unreadable(p, "none"));
        let from_toml = crate::pack::read::pack_file(
            &crate::pack::extends::resolve(tree, &no_files).unwrap(),
            &Lines::of(None),
        )
        .unwrap();
        let embedded = Pack::embedded().unwrap();
        assert_eq!(embedded.file, from_toml);
        let calendar = Calendar::embedded().unwrap();
        assert_eq!(embedded.digest, digest(&from_toml, Some(&calendar)));
    }

    /// The files a pack under `dir` names, read from the repository.
    fn reader(dir: std::path::PathBuf) -> impl Fn(&str) -> Result<String, String> {
        move |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string())
    }

    /// Every pack the repository ships or tests reads back from what it writes (a bundle's
    /// `pack`): the reader takes every key the model writes, with the same meaning.
    #[test]
    fn every_pack_reads_back_from_its_written_tree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut read = 0;
        for dir in [root.join("rules"), root.join("tests/packs")] {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "toml") || path.ends_with("broken-table.toml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let pack = Pack::from_toml(&text, &reader(dir.clone())).unwrap_or_else(|e| panic!("{path:?}: {e:?}"));
                let written = crate::tree::Write::write(&pack.file);
                let again = crate::pack::read::pack_file(&written, &Lines::of(None)).unwrap();
                assert_eq!(again, pack.file, "{path:?}");
                read += 1;
            }
        }
        assert!(read >= 9, "{read} packs");
    }

    /// In a pack that extends a base by path, its own entries' problems have their lines in its
    /// file; a mistake of the base (in a rule the pack overrides) is named without a line (it is
    /// not in the file), and a problem in the bundle's own tree has no place.
    #[test]
    fn a_bases_mistake_is_not_given_a_line_of_the_pack_that_extends_it() {
        let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
        let child = std::fs::read_to_string(rules.join("tonghe-2018.toml"))
            .unwrap()
            .replace("extends = \"national-2018\"", "extends = \"base/national-2018.toml\"")
            .replace(
                "id = \"budget.public_center_cap\"\n",
                "id = \"budget.public_center_cap\"\nflavour = 1\n",
            );
        let own_line = child.lines().position(|l| l == "flavour = 1").unwrap() + 1;
        let base = std::fs::read_to_string(rules.join("base/national-2018.toml"))
            .unwrap()
            .replace(
                "id = \"budget.public_center_cap\"\n",
                "id = \"budget.public_center_cap\"\ncolour = \"red\"\n",
            );
        let files = reader(rules.clone());
        let read = |name: &str| {
            if name == "base/national-2018.toml" {
                Ok(base.clone())
            } else {
                files(name)
            }
        };
        let errors = Pack::from_toml(&child, &read).unwrap_err();
        let got: Vec<(String, String)> = errors
            .0
            .iter()
            .map(|e| {
                (
                    e.place.clone().unwrap_or_default(),
                    e.message.split(';').next().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "rules.budget.public_center_cap.colour".to_owned(),
                    "unknown key".to_owned()
                ),
                (
                    "rules.budget.public_center_cap.flavour".to_owned(),
                    format!("line {own_line}: unknown key")
                ),
            ]
        );
        let bundle = Pack::from_bundle(r#"{"bundle": 1, "pack": 5}"#).unwrap_err();
        assert_eq!(bundle.0.len(), 1);
        assert_eq!(bundle.0[0].place, None);
        assert_eq!(bundle.0[0].message, "expected a table, found the integer 5");
    }

    /// Every bad key of one rule's `params` is reported, and a what-if parameter's bad value at
    /// the place it sets.
    #[test]
    fn params_problems_are_all_reported() {
        let text = include_str!("../../../rules/yanshi-2019.toml");
        let start = text.find("kind = \"prepayment_cap\"").unwrap();
        let params = start + text[start..].find("params = { share = \"0.5\" }").unwrap();
        let broken = format!(
            "{}params = {{ share = \"0.5\", sharee = 1, colour = 2 }}{}",
            &text[..params],
            &text[params + "params = { share = \"0.5\" }".len()..]
        );
        let errors = Pack::from_toml(
            &broken,
            &reader(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules")),
        )
        .unwrap_err();
        let places: Vec<String> = errors.0.iter().map(|e| e.place.clone().unwrap_or_default()).collect();
        // In the order of the keys (a table's keys are kept sorted).
        assert_eq!(
            places,
            [
                "rules.prepayment.cap.params.colour",
                "rules.prepayment.cap.params.sharee"
            ]
        );
        assert!(errors
            .0
            .iter()
            .all(|e| e.message == "unknown key; expected one of `share`"));
        let pack = Pack::embedded().unwrap();
        let late = pack
            .with_params(&[("/lifecycle/late".into(), Value::String("sometime".into()))])
            .unwrap_err();
        assert_eq!(late.0.len(), 1);
        assert_eq!(late.0[0].code, PackCode::Param);
        assert_eq!(late.0[0].place.as_deref(), Some("lifecycle.late"));
        assert_eq!(late.0[0].message, "`sometime` is not one of `completion`, `acceptance`");
    }

    /// A file of many mistakes lists the first `MAX_PROBLEMS` and counts the rest.
    #[test]
    fn a_pack_of_many_mistakes_lists_a_bounded_number() {
        let text = include_str!("../../../rules/yanshi-2019.toml");
        let keys: String = (0..500).map(|i| format!("k{i} = 1\n")).collect();
        let broken = text.replacen("[pack]\n", &format!("[pack]\n{keys}"), 1);
        let errors = Pack::from_toml(
            &broken,
            &reader(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules")),
        )
        .unwrap_err();
        assert_eq!(errors.0.len(), crate::tree::MAX_PROBLEMS + 1);
        let last = errors.0.last().unwrap();
        assert_eq!(last.place, None);
        assert_eq!(
            last.message,
            format!("and {} more problems, not listed (the first 200 are)", 500 - 200)
        );
    }

    /// A TOML pack's problems are all reported, each at its place and with its line.
    #[test]
    fn a_toml_packs_problems_are_all_named_with_their_lines() {
        let text = include_str!("../../../rules/yanshi-2019.toml");
        let line_of = |needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
        // Three mistakes in the first rule, one in `[pack]`.
        let rule_line = line_of("[[rules]]");
        let first_rule = &text[text.find("[[rules]]").unwrap()..];
        let id = first_rule
            .lines()
            .nth(1)
            .unwrap()
            .trim_start_matches("id = ")
            .trim_matches('"');
        let severity_line = rule_line + first_rule.lines().position(|l| l.starts_with("severity = ")).unwrap();
        let clause_line = rule_line
            + first_rule
                .lines()
                .position(|l| l.starts_with("clause_text = "))
                .unwrap();
        let mut broken = String::new();
        for (n, line) in text.lines().enumerate() {
            if n + 1 == severity_line {
                broken.push_str("severity = \"fatal\"");
            } else if n + 1 == clause_line {
                broken.push_str(&line.replacen("clause_text", "clause_txt", 1));
            } else if line == "[pack]" {
                broken.push_str("[pack]\ncolour = \"red\"");
            } else {
                broken.push_str(line);
            }
            broken.push('\n');
        }
        let pack_line = line_of("[pack]") + 1;
        let errors = Pack::from_toml(
            &broken,
            &reader(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules")),
        )
        .unwrap_err();
        let got: Vec<(PackCode, String, String)> = errors
            .0
            .iter()
            .map(|e| (e.code, e.place.clone().unwrap_or_default(), e.message.clone()))
            .collect();
        let rule_keys = "`id`, `kind`, `clause`, `clause_text`, `summary`, `severity`, `messages`, `reading`, \
                         `owner`, `draft_severity`, `params`, `overrides`, `base`";
        // The lines after `[pack]` moved down by the one added.
        assert_eq!(
            got,
            [
                (
                    PackCode::Invalid,
                    "pack.colour".to_owned(),
                    format!(
                        "line {pack_line}: unknown key; expected one of `id`, `version`, `title`, `source`, \
                         `citation`, `citation_scheme`, `extends`, `bases`, `removes`, `abstract`, `effective`, \
                         `supersedes`, `provenance`, `calendars`, `clauses`"
                    )
                ),
                (
                    PackCode::Invalid,
                    format!("rules.{id}.clause_text"),
                    format!("line {}: required, and not given", rule_line + 1)
                ),
                (
                    PackCode::Invalid,
                    format!("rules.{id}.severity"),
                    format!(
                        "line {}: `fatal` is not one of `error`, `warning`, `info`",
                        severity_line + 1
                    )
                ),
                (
                    PackCode::Invalid,
                    format!("rules.{id}.clause_txt"),
                    format!("line {}: unknown key; expected one of {rule_keys}", clause_line + 1)
                ),
            ]
        );
    }
}

#[cfg(test)]
mod params_tests {
    use crate::engine::Pack;
    use crate::pack::params::parse_assignment;
    use serde_json::Value;

    #[test]
    fn a_parameter_switches_a_reading_and_changes_the_digest() {
        let pack = Pack::embedded().unwrap_or_else(|e| unreachable!("{e}"));
        let changed = pack
            .with_params(&[("/lifecycle/late".into(), Value::String("acceptance".into()))])
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_ne!(changed.digest, pack.digest);
        assert_eq!(
            changed.file.lifecycle.as_ref().map(|l| l.late),
            Some(crate::pack::model::LateReading::Acceptance)
        );
    }

    #[test]
    fn a_bad_key_or_value_is_a_pack_error_naming_it() {
        let pack = Pack::embedded().unwrap_or_else(|e| unreachable!("{e}"));
        let Err(errors) = pack.with_params(&[("/rules/no.such/params/x".into(), Value::Null)]) else {
            unreachable!("a bad key must fail")
        };
        assert_eq!(errors.0[0].place.as_deref(), Some("params./rules/no.such/params/x"));
        assert!(pack
            .with_params(&[("/lifecycle/late".into(), Value::String("sometime".into()))])
            .is_err());
        assert_eq!(
            parse_assignment("/lifecycle/valid_until=2022-05-05"),
            Some(("/lifecycle/valid_until".into(), Value::String("2022-05-05".into())))
        );
    }
}

#[cfg(test)]
mod kinds_tests {
    /// Every name in `rules::KINDS` is a kind `rules::build` knows (a base pack is checked
    /// against the list).
    #[test]
    fn every_listed_kind_is_built() {
        let pack = crate::engine::Pack::embedded().unwrap_or_else(|e| unreachable!("{e}"));
        for kind in crate::rules::KINDS {
            let mut config = pack.file.rules.first().cloned().unwrap_or_else(|| unreachable!());
            config.kind = kind.to_owned();
            let built = crate::rules::build(&config, &pack.file, &pack.vocab, pack.lifecycle.as_ref());
            if let Err(errors) = built {
                assert!(
                    errors.iter().all(|e| !e.message.contains("unknown validator kind")),
                    "{kind}: {errors:?}"
                );
            }
        }
    }
}
