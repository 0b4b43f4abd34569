//! A plan large enough to be read on several cores (`doc::csv`'s chunks, from 4 MiB): the same
//! findings, figures, problems and file lines as the one-line-at-a-time reading gives, worked
//! out by hand from the plan below.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use fundcheck::report::Value;
use fundcheck::{check_bytes, Format, Lang, Limits, Options, Pack};

fn pack() -> &'static Pack {
    Pack::embedded().expect("embedded pack")
}

const ROWS: usize = 120_000;

/// Row `i`: even rows 1.00 of provincial money for training, odd rows 2.50 of city money for
/// logistics, all for equipment; row 100,000 buys traffic (forbidden for provincial money),
/// row 110,000 a use the pack does not list, row 60,000 has a padded category (read the slow
/// way), and a blank line follows row 50,000. `bad` replaces row 115,000's amount.
fn plan(bad: Option<&str>) -> (String, String) {
    let mut csv = String::from("project,category,source,amount,use,upward\n");
    let mut json = Vec::with_capacity(ROWS);
    for i in 0..ROWS {
        let (mut category, source, mut amount, upward) = if i % 2 == 0 {
            ("training", "provincial", "1.00", "false")
        } else {
            ("logistics", "city", "2.50", "true")
        };
        let use_of_funds = match i {
            100_000 => "traffic_purchase",
            110_000 => "catering",
            _ => "equipment",
        };
        if i == 60_000 {
            category = " training ";
        }
        if i == 115_000 {
            amount = bad.unwrap_or(amount);
        }
        csv.push_str(&format!(
            "P{i:06},{category},{source},{amount},{use_of_funds},{upward}\n"
        ));
        json.push(format!(
            r#"{{"project":"P{i:06}","category":"{category}","source":"{source}","amount":"{amount}","use":"{use_of_funds}","upward":{upward}}}"#
        ));
        if i == 50_000 {
            csv.push('\n');
        }
    }
    (csv, format!(r#"{{"kind":"allocation","lines":[{}]}}"#, json.join(",")))
}

fn options(format: Format, max_lines: usize) -> Options {
    Options {
        format,
        lang: Lang::En,
        limits: Limits {
            max_lines,
            ..Limits::default()
        },
        ..Options::default()
    }
}

#[test]
fn a_large_plan_gives_the_findings_and_figures_worked_out_by_hand_and_the_json_report() {
    let (csv, json) = plan(None);
    assert!(csv.len() > 4 << 20, "the plan is read in chunks");
    let report = check_bytes(csv.as_bytes(), pack(), &options(Format::Csv, 1_000_000)).unwrap();
    let figure = |name: &str| report.figures.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let money = |text: &str| Some(Value::Money(fundcheck::money::Money::parse(text).unwrap()));
    // 60,000 even rows of 1.00 and 60,000 odd rows of 2.50.
    assert_eq!(figure("provincial_allocated"), money("60000.00"));
    assert_eq!(figure("city_allocated"), money("150000.00"));
    let at = |rule: &str| -> Vec<String> {
        let of_rule = report.findings.iter().filter(|f| &*f.rule == rule);
        of_rule.map(|f| f.path.to_string()).collect()
    };
    assert_eq!(at("budget.prohibited_use"), ["/lines/100000"]);
    assert_eq!(at("budget.unclassified_use"), ["/lines/110000"]);
    let from_json = check_bytes(json.as_bytes(), pack(), &options(Format::Json, 1_000_000)).unwrap();
    assert_eq!(report.to_json(), from_json.to_json());
    // On one thread, or on any number: the same report.
    for threads in [1, 2, 3] {
        let on = Options {
            threads,
            ..options(Format::Csv, 1_000_000)
        };
        let again = check_bytes(csv.as_bytes(), pack(), &on).unwrap();
        assert_eq!(again.to_json(), report.to_json(), "{threads} threads");
    }
}

#[test]
fn a_problem_deep_in_a_large_plan_names_its_row_and_file_line() {
    let (csv, _) = plan(Some("abc"));
    let errors = check_bytes(csv.as_bytes(), pack(), &options(Format::Csv, 1_000_000)).unwrap_err();
    let found: Vec<_> = errors.0.iter().map(|e| (e.path.to_string(), e.line)).collect();
    // Header on line 1, row i on line i + 2, and one more after the blank line past row 50,000.
    assert_eq!(found, [("/lines/115000/amount".to_string(), Some(115_003))]);
}

#[test]
fn a_large_plan_past_the_most_lines_is_one_problem_at_the_first_row_too_many() {
    let (csv, _) = plan(Some("abc"));
    let errors = check_bytes(csv.as_bytes(), pack(), &options(Format::Csv, 100_000)).unwrap_err();
    let found: Vec<_> = errors
        .0
        .iter()
        .map(|e| (e.code.to_string(), e.path.to_string(), e.line))
        .collect();
    // Row 100,000 (the 100,001st) is on line 100,003; the bad amount after it is not read.
    assert_eq!(
        found,
        [("input.limit".to_string(), "/lines".to_string(), Some(100_003))]
    );
}

#[test]
fn any_number_of_threads_asked_for_gives_the_one_thread_report() {
    let csv = "project,category,source,amount,use,upward\nP1,training,provincial,1.00,equipment,false\nP2, training ,city,2.50,catering,true\n";
    let one = check_bytes(csv.as_bytes(), pack(), &options(Format::Csv, 10)).unwrap();
    for threads in [2, 16, 100_000] {
        let on = Options {
            threads,
            ..options(Format::Csv, 10)
        };
        assert_eq!(
            check_bytes(csv.as_bytes(), pack(), &on).unwrap().to_json(),
            one.to_json()
        );
    }
}

#[test]
fn a_reader_that_hands_over_amounts_past_the_range_gets_the_money_error_not_wrong_sums() {
    use fundcheck::doc::allocation::Line;
    use fundcheck::money::Money;
    let vocab = pack().vocabularies();
    let huge = Money::parse("9999999999999999999999999999").unwrap(); // past 2^96 fen
    let line = |amount| Line {
        project: "P1",
        category: vocab.category_index("training").unwrap(),
        source: vocab.source_index("city").unwrap(),
        amount,
        use_of_funds: "equipment",
        use_term: vocab.use_index("equipment"),
        upward: false,
        extra: None,
    };
    let outcome = fundcheck::check_plan(pack(), &options(Format::Csv, 10), false, |each| {
        each(0, line(huge));
        each(1, line(Money::parse("1.00").unwrap()));
        Ok(Vec::new())
    });
    let errors = outcome.unwrap_err();
    let found: Vec<_> = errors
        .0
        .iter()
        .map(|e| (e.code.to_string(), e.path.to_string()))
        .collect();
    assert_eq!(found, [("input.money".to_string(), "/lines".to_string())]);
}
