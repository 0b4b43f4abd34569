//! A pack's tests: cases (a document, its options and parameters, the findings and figures
//! expected), run against a pack, with the coverage they reach — which rules, which message
//! variants and which readings the cases exercised (`fundcheck test`, `fundcheck.run_tests`,
//! `runTests`).
//!
//! A test file is the shared vectors' format: one case (an object with `expect`), or a suite
//! `{"pack"?, "case": [case, …]}` (`[[case]]` in TOML). A case is
//!
//! ```text
//! name, why?                        what it checks and why the expectation holds
//! input | input_text | input_b64 | document
//!                                   the document: inline JSON, text (CSV), base64, or a path
//! format?, as_of?, lang?, final?    as `fundcheck check --format/--as-of/--lang/--final`
//! pack?, params?, calendar?         another pack (a path), parameters set, calendar years added
//! expect: exit?, findings?/findings_include?, rules_absent?, figures?, input_errors?
//! ```
//!
//! `findings` entries match a finding with the same `rule`, and `severity`, `owner`, `path`
//! and `facts` when given; `figures` with `null` means absent; `input_errors` is the whole
//! list, compared on `code` and `path` (and `line` when given). Paths inside a test file are
//! relative to it; the core reads no file itself — each face passes its own reader.

use serde_json::{json, Map, Value};

use crate::engine::{check_bytes, Pack};
use crate::lang::Lang;
use crate::options::{Format, Options};
use crate::report::{Report, Severity};

/// How a face reads what a test file names: a file's bytes by its path (relative paths are
/// resolved by the face, against the test file's directory), and a pack by its path (a pack
/// named by the id of the pack under test is that pack).
pub struct Reader<'a> {
    pub read: &'a dyn Fn(&str) -> Result<Vec<u8>, String>,
    pub pack: &'a dyn Fn(&str) -> Result<Pack, String>,
}

/// One case, read.
struct Case {
    name: String,
    bytes: Vec<u8>,
    options: Options,
    pack: Option<String>,
    params: Vec<(String, Value)>,
    calendar: Vec<(String, String)>,
    expect: Value,
}

/// What a case came to.
pub struct CaseResult {
    pub name: String,
    pub failures: Vec<String>,
}

/// The coverage the cases reached on one pack. A rule is covered when a case made it report
/// a finding, or asserted that it reports none (`rules_absent`) and it did not; a message variant when a finding used it; a switchable reading when a case ran with
/// its alternative value.
pub struct Coverage {
    pub pack: String,
    pub digest: String,
    /// Every rule, with whether some case made it report a finding.
    pub rules: Vec<(String, bool)>,
    /// Every message variant of every rule (`rule.variant`), with whether a finding used it.
    pub variants: Vec<(String, bool)>,
    /// Every reading a parameter switches, with whether a case ran its alternative.
    pub readings: Vec<(String, bool)>,
}

impl Coverage {
    fn new(pack: &Pack) -> Coverage {
        let file = &pack.file;
        Coverage {
            pack: format!("{} {}", file.pack.id, file.pack.version),
            digest: pack.digest.clone(),
            rules: file.rules.iter().map(|r| (r.id.clone(), false)).collect(),
            variants: file
                .rules
                .iter()
                .flat_map(|r| r.messages.keys().map(move |v| (format!("{}.{v}", r.id), false)))
                .collect(),
            readings: file
                .readings
                .iter()
                .filter(|r| r.param.is_some())
                .map(|r| (r.id.clone(), false))
                .collect(),
        }
    }

    /// A rule a case asserts passes (`rules_absent`) is exercised too — its passing path —
    /// when it checks that kind of document and indeed reported nothing.
    fn record_absent(&mut self, expect: &Value, report: &Report, pack: &Pack) {
        let checks = pack.rule_ids_for(report.kind);
        let absent = expect
            .get("rules_absent")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        for id in absent.filter(|id| checks.contains(id) && !report.findings.iter().any(|f| *f.rule == **id)) {
            if let Some(hit) = self.rules.iter_mut().find(|(rule, _)| rule == id) {
                hit.1 = true;
            }
        }
    }

    fn record(&mut self, report: &Report) {
        for finding in &report.findings {
            if let Some(hit) = self.rules.iter_mut().find(|(id, _)| **id == *finding.rule) {
                hit.1 = true;
            }
            let variant = format!("{}.{}", finding.rule, finding.variant());
            if let Some(hit) = self.variants.iter_mut().find(|(id, _)| *id == variant) {
                hit.1 = true;
            }
        }
    }

    fn record_params(&mut self, pack: &Pack, params: &[(String, Value)]) {
        for reading in &pack.file.readings {
            let (Some(param), Some(alternative)) = (&reading.param, &reading.alternative_value) else {
                continue;
            };
            let alternative: Option<Value> = serde_json::from_str(alternative).ok();
            let switched = params
                .iter()
                .any(|(key, value)| key == param && alternative.as_ref() == Some(value));
            if switched {
                if let Some(hit) = self.readings.iter_mut().find(|(id, _)| *id == reading.id) {
                    hit.1 = true;
                }
            }
        }
    }

    /// The share of rules covered, in tenths of a percent, rounded down (`345` is 34.5%).
    pub fn rule_tenths(&self) -> u64 {
        tenths(&self.rules)
    }

    /// The three parts of the coverage, named as reports name them.
    pub fn parts(&self) -> [(&'static str, &[(String, bool)]); 3] {
        [
            ("rules", &self.rules),
            ("messages", &self.variants),
            ("readings", &self.readings),
        ]
    }

    pub fn to_json(&self) -> Value {
        let part = |items: &[(String, bool)]| {
            json!({
                "covered": covered(items),
                "missing": missing(items),
                "total": items.len(),
            })
        };
        // Keys in alphabetical order: the same text whether or not a face's JSON maps keep
        // insertion order.
        json!({
            "digest": self.digest,
            "messages": part(&self.variants),
            "pack": self.pack,
            "readings": part(&self.readings),
            "rules": part(&self.rules),
        })
    }
}

/// How many of `items` were covered.
pub fn covered(items: &[(String, bool)]) -> usize {
    items.iter().filter(|(_, hit)| *hit).count()
}

/// The ids of the `items` not covered, in order.
pub fn missing(items: &[(String, bool)]) -> Vec<&str> {
    items
        .iter()
        .filter(|(_, hit)| !hit)
        .map(|(id, _)| id.as_str())
        .collect()
}

/// The share of `items` covered, in tenths of a percent, rounded down (all of none is 100%).
pub fn tenths(items: &[(String, bool)]) -> u64 {
    let total = u64::try_from(items.len()).unwrap_or(u64::MAX);
    if total == 0 {
        return 1000;
    }
    let covered = u64::try_from(covered(items)).unwrap_or(0);
    covered.saturating_mul(1000) / total
}

/// Tenths of a percent as text: `345` → `34.5%`.
pub fn percent_text(tenths: u64) -> String {
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// A percentage as written (`100`, `99.5`) in tenths; `None` when it is not one.
pub fn parse_tenths(text: &str) -> Option<u64> {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), "0"));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 1 {
        return None;
    }
    let tenths = whole
        .parse::<u64>()
        .ok()?
        .checked_mul(10)?
        .checked_add(fraction.parse::<u64>().ok()?)?;
    (tenths <= 1000).then_some(tenths)
}

/// The outcome of a run: each case and the coverage of each pack the cases ran against.
#[derive(Default)]
pub struct Outcome {
    pub cases: Vec<(String, CaseResult)>,
    pub coverage: Vec<Coverage>,
}

impl Outcome {
    pub fn failed(&self) -> usize {
        self.cases.iter().filter(|(_, c)| !c.failures.is_empty()).count()
    }

    /// The lowest rule coverage of the packs run, in tenths of a percent; 0 when no case ran.
    pub fn min_rule_tenths(&self) -> u64 {
        self.coverage.iter().map(Coverage::rule_tenths).min().unwrap_or(0)
    }

    pub fn to_json(&self) -> Value {
        let cases: Vec<Value> = self
            .cases
            .iter()
            .map(|(file, c)| json!({"failures": c.failures, "file": file, "name": c.name, "passed": c.failures.is_empty()}))
            .collect();
        json!({
            "cases": cases,
            "coverage": self.coverage.iter().map(Coverage::to_json).collect::<Vec<_>>(),
            "failed": self.failed(),
            "passed": self.cases.len() - self.failed(),
        })
    }
}

/// Runs every case of the test files (`(name, tree)`: a file's name and its parsed JSON or
/// TOML) against `base` (or a case's or suite's own pack), every path read by `reader`. A file
/// that cannot be read as tests is an `Err` naming it.
pub fn run(files: &[(String, Value)], base: &Pack, reader: &Reader<'_>) -> Result<Outcome, String> {
    let mut outcome = Outcome::default();
    for (file, tree) in files {
        outcome.run_file(file, tree, base, reader)?;
    }
    Ok(outcome)
}

impl Outcome {
    /// Runs one test file's cases into this outcome; `reader` resolves the paths the file names
    /// (relative to it).
    pub fn run_file(&mut self, file: &str, tree: &Value, base: &Pack, reader: &Reader<'_>) -> Result<(), String> {
        let (suite_pack, cases) = read_file(file, tree, reader)?;
        let mut packs: Vec<(String, Pack)> = Vec::new();
        for case in cases {
            // A pack named by the id of the pack under test is that pack.
            let pack_path = case
                .pack
                .clone()
                .or_else(|| suite_pack.clone())
                .filter(|p| *p != base.file.pack.id);
            if let Some(path) = &pack_path {
                if !packs.iter().any(|(p, _)| p == path) {
                    let pack =
                        (reader.pack)(path).map_err(|e| format!("{file}: case `{}`: pack `{path}`: {e}", case.name))?;
                    packs.push((path.clone(), pack));
                }
            }
            let pack = match &pack_path {
                Some(path) => packs.iter().find(|(p, _)| p == path).map_or(base, |(_, pack)| pack),
                None => base,
            };
            let result = run_case(&case, pack, &mut self.coverage);
            self.cases.push((file.to_owned(), result));
        }
        Ok(())
    }
}

/// The coverage entry of `pack`, made on first use.
fn coverage_of<'c>(coverage: &'c mut Vec<Coverage>, pack: &Pack) -> Option<&'c mut Coverage> {
    let index = match coverage.iter().position(|c| c.digest == pack.digest) {
        Some(i) => i,
        None => {
            coverage.push(Coverage::new(pack));
            coverage.len().saturating_sub(1)
        }
    };
    coverage.get_mut(index)
}

fn run_case(case: &Case, pack: &Pack, coverage: &mut Vec<Coverage>) -> CaseResult {
    let mut result = CaseResult {
        name: case.name.clone(),
        failures: Vec::new(),
    };
    let changed = if case.params.is_empty() && case.calendar.is_empty() {
        None
    } else {
        let request = crate::ffi::Request {
            options: case.options.clone(),
            params: case.params.clone(),
            calendar: case.calendar.clone(),
            pack: None,
        };
        match request.adjusted(pack) {
            Ok(p) => p,
            Err(e) => {
                result
                    .failures
                    .push(format!("the pack refuses the case's params or calendar: {e}"));
                return result;
            }
        }
    };
    let run_pack = changed.as_ref().unwrap_or(pack);
    // Coverage is of the pack under test: parameters set by a case count toward it.
    if let Some(covered) = coverage_of(coverage, pack) {
        covered.record_params(pack, &case.params);
    }
    let outcome = check_bytes(&case.bytes, run_pack, &case.options);
    if let (Ok(report), Some(covered)) = (&outcome, coverage_of(coverage, pack)) {
        covered.record(report);
        covered.record_absent(&case.expect, report, run_pack);
    }
    judge(&case.expect, &outcome, &mut result.failures);
    result
}

/// The keys an expectation may have.
const EXPECT_KEYS: [&str; 8] = [
    "exit",
    "findings",
    "findings_include",
    "rules_absent",
    "figures",
    "figures_absent",
    "input_errors",
    "report",
];

/// Compares a case's outcome with its expectation; every mismatch is a line of `failures`.
fn judge(expect: &Value, outcome: &Result<Report, crate::input::InputErrors>, failures: &mut Vec<String>) {
    match expect.as_object() {
        Some(keys) => {
            for key in keys.keys().filter(|k| !EXPECT_KEYS.contains(&k.as_str())) {
                failures.push(format!(
                    "unknown expectation `{key}` (known: {})",
                    EXPECT_KEYS.join(", ")
                ));
            }
        }
        None => failures.push("`expect` is not a table of expectations".into()),
    }
    let about_report = [
        "findings",
        "findings_include",
        "rules_absent",
        "figures",
        "figures_absent",
        "report",
    ]
    .iter()
    .any(|k| expect.get(k).is_some());
    match outcome {
        Err(errors) if about_report => failures.push(format!(
            "expected a report, got input errors: {}",
            errors
                .0
                .iter()
                .map(|e| format!("{} at `{}`", e.code.as_str(), e.path))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Ok(_) if expect.get("input_errors").is_some() => {
            failures.push("expected input errors, got a report".into());
        }
        _ => {}
    }
    let exit = match outcome {
        Ok(report) if report.ok() => 0,
        Ok(_) => 1,
        Err(_) => 2,
    };
    if let Some(want) = expect.get("exit").and_then(Value::as_i64) {
        if want != exit {
            let why = match outcome {
                Err(errors) => format!(
                    " (input errors: {})",
                    errors
                        .0
                        .iter()
                        .map(|e| format!("{} at `{}`", e.code.as_str(), e.path))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Ok(report) => format!(
                    " (errors: {})",
                    report
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .map(|f| format!("{} at `{}`", f.rule, f.path))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            failures.push(format!("exit {exit}, expected {want}{why}"));
        }
    }
    match outcome {
        Ok(report) => judge_report(expect, report, failures),
        Err(errors) => {
            if let Some(want) = expect.get("input_errors").and_then(Value::as_array) {
                let got: Vec<Value> = errors
                    .0
                    .iter()
                    .map(|e| {
                        let mut m = Map::new();
                        m.insert("code".into(), json!(e.code.as_str()));
                        m.insert("path".into(), json!(e.path.to_string()));
                        if let Some(line) = e.line {
                            m.insert("line".into(), json!(line));
                        }
                        Value::Object(m)
                    })
                    .collect();
                let same = want.len() == got.len()
                    && want.iter().zip(&got).all(|(w, g)| {
                        ["code", "path", "line"]
                            .iter()
                            .all(|k| w.get(k).is_none_or(|wv| g.get(k) == Some(wv)))
                    });
                if !same {
                    failures.push(format!(
                        "input errors {}, expected {}",
                        Value::Array(got),
                        Value::Array(want.clone())
                    ));
                }
            }
        }
    }
}

fn judge_report(expect: &Value, report: &Report, failures: &mut Vec<String>) {
    let report_json: Value = serde_json::from_str(&report.to_json()).unwrap_or(Value::Null);
    let findings = report_json
        .get("findings")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Some(want) = expect.get("report") {
        if *want != report_json {
            failures.push(format!(
                "the report differs from the expected one: got {}",
                report.to_json()
            ));
        }
    }
    let wanted: Vec<Value> = ["findings", "findings_include"]
        .iter()
        .filter_map(|k| expect.get(k).and_then(Value::as_array))
        .flatten()
        .cloned()
        .collect();
    for want in &wanted {
        let matches = |f: &Value| {
            ["rule", "severity", "owner", "path"]
                .iter()
                .all(|k| want.get(k).is_none_or(|wv| f.get(k) == Some(wv)))
                && want.get("facts").and_then(Value::as_object).is_none_or(|facts| {
                    facts
                        .iter()
                        .all(|(k, v)| f.get("facts").and_then(|ff| ff.get(k)) == Some(v))
                })
        };
        if !findings.iter().any(matches) {
            let same_rule: Vec<String> = findings
                .iter()
                .filter(|f| f.get("rule") == want.get("rule"))
                .map(|f| {
                    format!(
                        "{} at `{}`",
                        f["severity"].as_str().unwrap_or("?"),
                        f["path"].as_str().unwrap_or("?")
                    )
                })
                .collect();
            let got = if same_rule.is_empty() {
                "no finding of that rule".to_owned()
            } else {
                format!("that rule reported {}", same_rule.join(", "))
            };
            failures.push(format!("expected the finding {want}; {got}"));
        }
    }
    for absent in expect
        .get("rules_absent")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(f) = findings.iter().find(|f| f.get("rule") == Some(absent)) {
            failures.push(format!(
                "expected no finding of {absent}; got {} at `{}`",
                f["severity"],
                f["path"].as_str().unwrap_or("?")
            ));
        }
    }
    for name in expect
        .get("figures_absent")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if let Some(have) = report_json.get("figures").and_then(|f| f.get(name)) {
            failures.push(format!("figure {name} is {have}, expected absent"));
        }
    }
    if let Some(figures) = expect.get("figures").and_then(Value::as_object) {
        let got = report_json.get("figures").cloned().unwrap_or(Value::Null);
        for (name, want) in figures {
            let have = got.get(name);
            let same = match (want, have) {
                (Value::Null, None) => true,
                (w, Some(h)) => w == h,
                _ => false,
            };
            if !same {
                let have = have.map_or("absent".to_owned(), Value::to_string);
                let want = if want.is_null() {
                    "absent".to_owned()
                } else {
                    want.to_string()
                };
                failures.push(format!("figure {name} is {have}, expected {want}"));
            }
        }
    }
}

/// A test file's tree from its bytes: JSON, or TOML when its name ends in `.toml` (a build
/// without the `toml` feature reads JSON only). Each case's inline `input` becomes its
/// `input_text`, written in the order the file gives its keys (the order of a document's
/// fields decides the order of its input errors).
pub fn read_tree(name: &str, bytes: &[u8]) -> Result<Value, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 ({e})"))?;
    if name.to_ascii_lowercase().ends_with(".toml") {
        return toml_tree(name, text);
    }
    let mut tree: Value = serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    let raw: RawSuite<'_> = serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    if let Some(input) = raw.input {
        set_input_text(&mut tree, input.get().to_owned());
    }
    if let Some(cases) = tree.get_mut("case").and_then(Value::as_array_mut) {
        for (case, raw) in cases.iter_mut().zip(raw.case) {
            if let Some(input) = raw.input {
                set_input_text(case, input.get().to_owned());
            }
        }
    }
    Ok(tree)
}

#[derive(serde::Deserialize)]
struct RawSuite<'a> {
    #[serde(borrow, default)]
    input: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    case: Vec<RawCase<'a>>,
}

#[derive(serde::Deserialize)]
struct RawCase<'a> {
    #[serde(borrow, default)]
    input: Option<&'a serde_json::value::RawValue>,
}

fn set_input_text(case: &mut Value, text: String) {
    if let Some(object) = case.as_object_mut() {
        object.remove("input");
        object.insert("input_text".into(), Value::String(text));
    }
}

#[cfg(feature = "toml")]
fn toml_tree(name: &str, text: &str) -> Result<Value, String> {
    let value: toml::Value = toml::from_str(text).map_err(|e| format!("{name}: {}", e.message()))?;
    let mut tree = serde_json::to_value(&value).map_err(|e| format!("{name}: {e}"))?;
    // toml keeps the file's key order; serde_json's map may not, so each inline document is
    // written to text from the TOML value itself.
    let inputs: Vec<Option<String>> = match value.get("case").and_then(toml::Value::as_array) {
        Some(cases) => cases
            .iter()
            .map(|c| c.get("input").and_then(|i| serde_json::to_string(i).ok()))
            .collect(),
        None => vec![value.get("input").and_then(|i| serde_json::to_string(i).ok())],
    };
    match tree.get_mut("case").and_then(Value::as_array_mut) {
        Some(cases) => {
            for (case, input) in cases.iter_mut().zip(inputs) {
                if let Some(text) = input {
                    set_input_text(case, text);
                }
            }
        }
        None => {
            if let Some(Some(text)) = inputs.into_iter().next() {
                set_input_text(&mut tree, text);
            }
        }
    }
    Ok(tree)
}

#[cfg(not(feature = "toml"))]
fn toml_tree(name: &str, _text: &str) -> Result<Value, String> {
    Err(format!("{name}: this build reads test files as JSON"))
}

/// A test file's cases, and the pack its suite names.
fn read_file(file: &str, tree: &Value, reader: &Reader<'_>) -> Result<(Option<String>, Vec<Case>), String> {
    let bad = |why: String| format!("{file}: {why}");
    let Some(object) = tree.as_object() else {
        return Err(bad("a test file is a case or a suite of cases (an object)".into()));
    };
    if object.contains_key("expect") {
        return Ok((None, vec![read_case(object, 0, reader).map_err(bad)?]));
    }
    let suite_pack = object.get("pack").and_then(Value::as_str).map(String::from);
    let items = object
        .get("case")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no cases: a suite lists them under `case` (`[[case]]` in TOML)".into()))?;
    let cases = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let case = item.as_object().ok_or_else(|| format!("case {i}: not an object"))?;
            read_case(case, i, reader)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)?;
    Ok((suite_pack, cases))
}

fn read_case(case: &Map<String, Value>, index: usize, reader: &Reader<'_>) -> Result<Case, String> {
    let name = case
        .get("name")
        .and_then(Value::as_str)
        .map_or_else(|| format!("case {index}"), String::from);
    let at = |why: String| format!("case `{name}`: {why}");
    let bytes = if let Some(input) = case.get("input") {
        serde_json::to_vec(input).map_err(|e| at(e.to_string()))?
    } else if let Some(text) = case.get("input_text").and_then(Value::as_str) {
        text.as_bytes().to_vec()
    } else if let Some(b64) = case.get("input_b64").and_then(Value::as_str) {
        base64_decode(b64).ok_or_else(|| at("`input_b64` is not base64".into()))?
    } else if let Some(path) = case.get("document").and_then(Value::as_str) {
        (reader.read)(path).map_err(|e| at(format!("document `{path}`: {e}")))?
    } else {
        return Err(at(
            "no document: give `input`, `input_text`, `input_b64` or `document`".into()
        ));
    };
    let format = match case.get("format").and_then(Value::as_str) {
        Some("csv") => Format::Csv,
        Some("json") | None => match case.get("document").and_then(Value::as_str) {
            Some(path) if case.get("format").is_none() => Format::for_path(path),
            _ => Format::Json,
        },
        Some(other) => return Err(at(format!("format `{other}` is neither json nor csv"))),
    };
    // A TOML date (`as_of = 2020-06-30`) arrives as serde's private datetime object.
    let as_of_text = match case.get("as_of") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Object(m)) if m.len() == 1 => m.values().next().and_then(Value::as_str).map(String::from),
        Some(other) => return Err(at(format!("as_of must be a date, not {other}"))),
    };
    let as_of = match as_of_text {
        Some(text) => Some(crate::normalize::date(&text).ok_or_else(|| at(format!("as_of `{text}` is not a date")))?),
        None => None,
    };
    let lang = match case.get("lang") {
        Some(Value::String(text)) => {
            Lang::parse(text).ok_or_else(|| at(format!("lang `{text}` is neither zh nor en")))?
        }
        None => Lang::Zh,
        Some(other) => return Err(at(format!("lang must be \"zh\" or \"en\", not {other}"))),
    };
    let is_final = match case.get("final") {
        Some(Value::Bool(b)) => *b,
        None => false,
        Some(other) => return Err(at(format!("final must be true or false, not {other}"))),
    };
    let options = Options {
        as_of,
        lang,
        is_final,
        format,
        ..Options::default()
    };
    let params = match case.get("params") {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        None => Vec::new(),
        Some(other) => return Err(at(format!("params must be a table of pack parameters, not {other}"))),
    };
    let calendar_paths: Vec<&str> = match case.get("calendar") {
        None => Vec::new(),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).collect()
        }
        Some(other) => return Err(at(format!("calendar must be a list of file paths, not {other}"))),
    };
    if let Some(exit) = case.get("expect").and_then(|e| e.get("exit")) {
        if !matches!(exit.as_i64(), Some(0..=2)) {
            return Err(at(format!("expect.exit must be 0, 1 or 2, not {exit}")));
        }
    }
    let calendar = calendar_paths
        .into_iter()
        .map(|path| {
            let bytes = (reader.read)(path).map_err(|e| at(format!("calendar `{path}`: {e}")))?;
            Ok((path.to_owned(), String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let expect = case.get("expect").cloned().ok_or_else(|| at("no `expect`".into()))?;
    Ok(Case {
        name,
        bytes,
        options,
        pack: case.get("pack").and_then(Value::as_str).map(String::from),
        params,
        calendar,
        expect,
    })
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    };
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let body = clean
        .strip_suffix(b"==")
        .or_else(|| clean.strip_suffix(b"="))
        .unwrap_or(&clean);
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(bytes.get(1..chunk.len()).unwrap_or_default());
    }
    Some(out)
}

/// Test files on disk, for the faces that have a file system (the CLI, Python): the files a
/// path names, and the paths a test file names, resolved.
#[cfg(feature = "toml")]
pub mod files {
    use std::path::{Path, PathBuf};

    use super::{read_tree, Outcome, Reader};
    use crate::engine::Pack;

    /// The test files a path names: the file itself, or a directory's `*.json` and `*.toml`,
    /// in name order.
    pub fn test_files(path: &Path) -> Result<Vec<PathBuf>, String> {
        if !path.is_dir() {
            return Ok(vec![path.to_path_buf()]);
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "toml")))
            .collect();
        crate::lean::sort(&mut files);
        Ok(files)
    }

    /// A path named in a test file: relative to the test file's directory when it is there,
    /// else to the nearest enclosing directory that has it (the shared vectors name packs from
    /// the repository root), else as given.
    fn resolve(dir: &Path, name: &str) -> PathBuf {
        dir.ancestors()
            .map(|d| d.join(name))
            .find(|p| p.exists())
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// A pack file — its TOML, the files it names (calendars, a base by path) read relative to
    /// it, or its JSON bundle (`fundcheck pack show --resolved`, a `.json` file).
    pub fn load_pack(path: &Path) -> Result<Pack, String> {
        build_pack(path).map_err(|e| e.to_string())
    }

    /// A pack file as its author wrote it (TOML or JSON), as a JSON tree: `extends` kept.
    pub fn written_tree(path: &Path) -> Result<serde_json::Value, String> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))
        } else {
            super::toml_tree(&name, &text)
        }
    }

    /// What `fundcheck pack lint` says of a pack file: one line when it is well formed (a base
    /// pack too, which is checked through the packs that extend it), else every problem.
    pub fn lint_pack(path: &Path) -> Result<String, String> {
        match build_pack(path) {
            Ok(pack) => Ok(format!(
                "{}: ok — pack {} {} ({} rules, {})",
                path.display(),
                pack.id(),
                pack.version(),
                pack.rules().len(),
                pack.digest
            )),
            Err(LoadError::Base(_, errors)) => {
                let message = errors.0.first().map(|e| e.message.as_str()).unwrap_or_default();
                Ok(format!("{}: ok — {message}", path.display()))
            }
            Err(e) => Err(e.to_string()),
        }
    }

    enum LoadError {
        Io(String),
        /// A well-formed base pack: it checks nothing by itself.
        Base(String, crate::pack::PackErrors),
        At(String, crate::pack::PackErrors),
    }

    impl std::fmt::Display for LoadError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                LoadError::Io(text) => f.write_str(text),
                LoadError::Base(at, errors) | LoadError::At(at, errors) => {
                    let lines: Vec<String> = errors.0.iter().map(|e| format!("  {e}")).collect();
                    write!(f, "{at}: the pack is not valid:\n{}", lines.join("\n"))
                }
            }
        }
    }

    fn build_pack(path: &Path) -> Result<Pack, LoadError> {
        let bytes = std::fs::read(path).map_err(|e| LoadError::Io(format!("{}: {e}", path.display())))?;
        let at = |errors| LoadError::At(path.display().to_string(), errors);
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            let text = String::from_utf8_lossy(&bytes);
            return Pack::from_bundle(&text).map_err(at);
        }
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let read = move |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"));
        Pack::from_toml_bytes(&bytes, &read).map_err(|errors| {
            if errors.0.iter().all(|e| e.code == crate::pack::PackCode::Base) {
                LoadError::Base(path.display().to_string(), errors)
            } else {
                at(errors)
            }
        })
    }

    /// Runs the tests of every path (files or directories) against `base`.
    pub fn run_paths(paths: &[PathBuf], base: &Pack) -> Result<Outcome, String> {
        let mut outcome = Outcome::default();
        for path in paths {
            for file in test_files(path)? {
                let name = file.display().to_string();
                let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
                let bytes = std::fs::read(&file).map_err(|e| format!("{name}: {e}"))?;
                let tree = read_tree(&name, &bytes)?;
                let read = |p: &str| std::fs::read(resolve(&dir, p)).map_err(|e| e.to_string());
                let pack = |p: &str| load_pack(&resolve(&dir, p));
                let reader = Reader {
                    read: &read,
                    pack: &pack,
                };
                outcome.run_file(&name, &tree, base, &reader)?;
            }
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_the_vectors_alphabet() {
        assert_eq!(base64_decode("eyJhIjoxfQ==").unwrap(), br#"{"a":1}"#);
        assert_eq!(base64_decode("YWI=").unwrap(), b"ab");
        assert_eq!(base64_decode("YWJj").unwrap(), b"abc");
        assert!(base64_decode("a$==").is_none());
    }

    fn no_file(path: &str) -> Result<Vec<u8>, String> {
        Err(format!("no file `{path}` here"))
    }

    fn no_pack(path: &str) -> Result<Pack, String> {
        Err(format!("no pack `{path}` here"))
    }

    #[test]
    fn a_suite_runs_its_cases_and_counts_what_they_cover() {
        let reader = Reader {
            read: &no_file,
            pack: &no_pack,
        };
        let suite = json!({"case": [
            {"name": "empty plan", "input": {"kind": "allocation", "lines": []},
             "expect": {"exit": 0, "findings": [{"rule": "budget.source_total", "severity": "info", "path": "/lines"}],
                        "figures": {"provincial_allocated": "0.00", "review_due": null}}},
            {"name": "wrong on purpose", "input": {"kind": "allocation", "lines": []},
             "expect": {"exit": 1, "rules_absent": ["budget.source_total"], "figures": {"provincial_allocated": "1.00"}}},
            {"name": "bad document", "input_text": "{", "expect": {"exit": 2, "input_errors": [{"code": "input.syntax"}]}}
        ]});
        let base = Pack::embedded().unwrap();
        let outcome = run(&[("suite.json".into(), suite)], base, &reader).unwrap();
        assert_eq!(outcome.cases.len(), 3);
        assert!(
            outcome.cases[0].1.failures.is_empty(),
            "{:?}",
            outcome.cases[0].1.failures
        );
        assert_eq!(
            outcome.cases[1].1.failures.len(),
            3,
            "{:?}",
            outcome.cases[1].1.failures
        );
        assert!(outcome.cases[1].1.failures[0].starts_with("exit 0, expected 1"));
        assert!(
            outcome.cases[2].1.failures.is_empty(),
            "{:?}",
            outcome.cases[2].1.failures
        );
        assert_eq!(outcome.failed(), 1);
        let coverage = &outcome.coverage[0];
        assert!(coverage
            .rules
            .iter()
            .any(|(id, hit)| id == "budget.source_total" && *hit));
        assert!(coverage.rules.iter().any(|(id, hit)| id == "prepayment.cap" && !*hit));
        assert!(coverage.rule_tenths() < 500);
        assert_eq!(percent_text(345), "34.5%");
        assert_eq!(
            (
                parse_tenths("100"),
                parse_tenths("99.5"),
                parse_tenths("34.55"),
                parse_tenths("101")
            ),
            (Some(1000), Some(995), None, None)
        );
    }

    #[test]
    fn an_expectation_about_the_wrong_kind_of_outcome_or_an_unknown_key_fails() {
        let reader = Reader {
            read: &no_file,
            pack: &no_pack,
        };
        let suite = json!({"case": [
            {"name": "findings but input errors", "input_text": "{", "expect": {"findings": [{"rule": "x"}]}},
            {"name": "input errors but a report", "input": {"kind": "allocation", "lines": []}, "expect": {"input_errors": []}},
            {"name": "a typo", "input": {"kind": "allocation", "lines": []}, "expect": {"finding": []}},
            {"name": "a figure that must be absent", "input": {"kind": "allocation", "lines": []}, "expect": {"figures_absent": ["provincial_allocated"]}}
        ]});
        let outcome = run(&[("s.json".into(), suite)], Pack::embedded().unwrap(), &reader).unwrap();
        let first = |i: usize| outcome.cases[i].1.failures.first().cloned().unwrap_or_default();
        assert!(
            first(0).starts_with("expected a report, got input errors: input.syntax"),
            "{}",
            first(0)
        );
        assert_eq!(first(1), "expected input errors, got a report");
        assert!(first(2).starts_with("unknown expectation `finding`"), "{}", first(2));
        assert_eq!(first(3), "figure provincial_allocated is \"0.00\", expected absent");
    }

    #[test]
    fn a_toml_suite_keeps_its_documents_key_order_and_takes_toml_dates() {
        let text = "[[case]]\nname = \"x\"\nas_of = 2020-06-30\ninput = { kind = \"allocation\", lines = [], final = false }\n[case.expect]\nexit = 0\n";
        let tree = read_tree("s.toml", text.as_bytes()).unwrap();
        assert_eq!(
            tree["case"][0]["input_text"],
            r#"{"kind":"allocation","lines":[],"final":false}"#
        );
        let reader = Reader {
            read: &no_file,
            pack: &no_pack,
        };
        let outcome = run(&[("s.toml".into(), tree)], Pack::embedded().unwrap(), &reader).unwrap();
        assert!(
            outcome.cases[0].1.failures.is_empty(),
            "{:?}",
            outcome.cases[0].1.failures
        );
        let bad = read_tree(
            "b.json",
            br#"{"case": [{"name": "y", "final": "yes", "input": {}, "expect": {}}]}"#,
        )
        .unwrap();
        let error = run(&[("b.json".into(), bad)], Pack::embedded().unwrap(), &reader)
            .err()
            .unwrap();
        assert_eq!(error, "b.json: case `y`: final must be true or false, not \"yes\"");
    }

    #[test]
    fn a_case_that_switches_a_reading_covers_it() {
        let reader = Reader {
            read: &no_file,
            pack: &no_pack,
        };
        let case = json!({"name": "80%", "input": {"kind": "allocation", "lines": []},
            "params": {"/results/basically_qualified/payable_share": "0.8"}, "expect": {"exit": 0}});
        let outcome = run(&[("one.json".into(), case)], Pack::embedded().unwrap(), &reader).unwrap();
        let readings = &outcome.coverage[0].readings;
        assert!(
            readings
                .iter()
                .any(|(id, hit)| id == "basically_qualified_ratio" && *hit),
            "{readings:?}"
        );
    }
}
