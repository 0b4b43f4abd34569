//! What every answer must satisfy, whatever the input (interfaces.md, "The report"): a report
//! serialises, money prints with exactly two decimals and ratios with four; input errors are
//! never an empty list and always render. Shared by the document targets.

use fundcheck::{InputErrors, Lang, Report, Value};

fn decimals(text: &str) -> Option<usize> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.')?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (all_digits(whole) && all_digits(fraction)).then_some(fraction.len())
}

fn check_value(name: &str, value: &Value) {
    match value {
        Value::Money(_) => assert_eq!(
            decimals(&value.display()),
            Some(2),
            "money {name} = {}",
            value.display()
        ),
        Value::Ratio(_) => assert_eq!(
            decimals(&value.display()),
            Some(4),
            "ratio {name} = {}",
            value.display()
        ),
        _ => {}
    }
}

pub fn check_answer(answer: &Result<Report, InputErrors>, lang: Lang) {
    match answer {
        Ok(report) => {
            let text = report.to_json();
            assert!(text.starts_with('{') && text.ends_with('}'));
            for (name, value) in &report.figures {
                check_value(name, value);
            }
            for finding in &report.findings {
                for (name, value) in &finding.facts {
                    check_value(name, value);
                }
            }
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "input errors without a problem");
            let text = errors.to_json(lang);
            assert!(text.starts_with("[{"));
        }
    }
}

/// Two answers to the same input are the same: the same canonical report, or the same errors.
#[allow(dead_code)] // not every target that shares this file compares two answers
pub fn same_answer(a: &Result<Report, InputErrors>, b: &Result<Report, InputErrors>, lang: Lang) {
    let text = |answer: &Result<Report, InputErrors>| match answer {
        Ok(report) => report.to_json(),
        Err(errors) => errors.to_json(lang),
    };
    assert_eq!(text(a), text(b), "the same input answered two ways");
}

/// A document read by the host reader (`fundcheck::host`, over the core's own tree of the
/// bytes) gets the answer its bytes get, whenever the reader takes it (the one-pass reader of
/// text, which the core may be built without, is checked by `stream_invariants.rs`).
#[allow(dead_code)] // only the JSON document target reads documents this way
pub fn host_reads_as_text(data: &[u8], pack: &fundcheck::Pack, options: &fundcheck::Options) {
    let vocab = pack.vocabularies();
    let Ok(tree) = fundcheck::json::parse(data, &options.limits).map(fundcheck::json::Json::into_owned) else {
        return;
    };
    let Ok(read) = fundcheck::host::tree(&fundcheck::host::Parsed, &tree, &options.limits) else {
        return;
    };
    assert_eq!(read, tree, "the host reader changed the tree");
    let from_text = fundcheck::check_bytes(data, pack, options);
    let from_host = fundcheck::check_tree(&read, pack, options);
    same_answer(&from_text, &from_host, options.lang);
    // A well-formed application is read straight from the host's values, without the tree:
    // the same report again (and nothing but a well-formed application is read that way).
    if let Some(app) = fundcheck::host::application(&fundcheck::host::Parsed, &tree, vocab, &options.limits) {
        let direct = fundcheck::check(&fundcheck::Document::Application(app), pack, options);
        assert!(
            from_text.is_ok(),
            "a document with input errors was read straight from the host"
        );
        same_answer(&from_text, &Ok(direct), options.lang);
    }
}
