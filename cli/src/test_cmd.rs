//! `fundcheck test [PATH…]`: a pack's tests, run like a test runner, with their coverage.

use std::path::PathBuf;

use fundcheck::packtest::{self, files, Outcome};

use crate::usage_error;

pub struct TestArgs<'a> {
    pub paths: &'a [PathBuf],
    pub pack: Option<&'a str>,
    pub json: bool,
    /// The least rule coverage, in tenths of a percent.
    pub min_coverage: Option<u64>,
}

pub fn run(args: &TestArgs<'_>) -> u8 {
    let base = match crate::pack_cmd::load(args.pack) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from("rules/tests")]
    } else {
        args.paths.to_vec()
    };
    let outcome = match files::run_paths(&paths, &base) {
        Ok(outcome) => outcome,
        Err(e) => return usage_error(&e),
    };
    let below = args.min_coverage.is_some_and(|min| outcome.min_rule_tenths() < min);
    if args.json {
        outln!("{}", outcome.to_json());
    } else {
        print_text(&outcome, args.min_coverage);
    }
    if outcome.failed() > 0 || below {
        1
    } else {
        0
    }
}

fn print_text(outcome: &Outcome, min: Option<u64>) {
    let mut current = "";
    for (file, case) in &outcome.cases {
        if file != current {
            outln!("{file}");
            current = file;
        }
        if case.failures.is_empty() {
            outln!("  ok    {}", case.name);
        } else {
            outln!("  FAIL  {}", case.name);
            for failure in &case.failures {
                outln!("          {failure}");
            }
        }
    }
    for coverage in &outcome.coverage {
        outln!();
        outln!("coverage of {} ({}):", coverage.pack, coverage.digest);
        for (label, items) in coverage.parts() {
            let (covered, missing) = (packtest::covered(items), packtest::missing(items));
            let share = packtest::percent_text(packtest::tenths(items));
            outln!("  {label:<9}{covered}/{} ({share})", items.len());
            if !missing.is_empty() {
                outln!("           not exercised: {}", missing.join(", "));
            }
        }
    }
    let failed = outcome.failed();
    outln!();
    outln!(
        "{} cases: {} passed, {failed} failed",
        outcome.cases.len(),
        outcome.cases.len() - failed
    );
    if let Some(min) = min {
        let lowest = outcome.min_rule_tenths();
        if lowest < min {
            outln!(
                "rule coverage {} is below --min-coverage {}",
                packtest::percent_text(lowest),
                packtest::percent_text(min)
            );
        }
    }
}
