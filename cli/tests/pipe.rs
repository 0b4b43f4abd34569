//! A reader that goes away (`fundcheck rules | head -1`) stops the output quietly: no panic
//! message, no exit 101, and the exit code the command would have had.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_fundcheck"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for the child, returning its status and what it wrote on standard error.
fn finish(mut child: Child) -> (ExitStatus, String) {
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (child.wait().unwrap(), stderr)
}

fn assert_quiet(what: &str, status: ExitStatus, stderr: &str, code: i32) {
    assert!(
        !stderr.contains("panicked"),
        "{what}: a panic on a closed pipe:\n{stderr}"
    );
    assert!(!stderr.contains("Broken pipe"), "{what}: {stderr}");
    assert_ne!(status.code(), Some(101), "{what}: exit 101 (a panic)");
    assert_eq!(status.code(), Some(code), "{what}: {stderr}");
}

/// `fundcheck rules | head -1`. Whether the binary is still writing when the pipe closes is up
/// to the scheduler, hence a few rounds; the tests below close it at a point that is certain.
#[test]
fn rules_then_the_reader_leaves_after_one_line() {
    for _ in 0..10 {
        let mut child = spawn(&["rules"]);
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("eligibility."), "{line}");
        // The reader (and with it the pipe's read end) is dropped here.
        let (status, stderr) = finish(child);
        assert_quiet("rules | head -1", status, &stderr, 0);
    }
}

/// The pipe closes before the first write: every command meets the closed pipe.
#[test]
fn every_command_with_its_output_already_closed() {
    let commands: &[(&[&str], i32)] = &[
        (&["rules"], 0),
        (&["rules", "--lang", "en"], 0),
        (&["explain", "prepayment.cap"], 0),
        (&["pack", "lint", "rules/yanshi-2019.toml"], 0),
        (&["workdays", "add", "2019-09-27", "5"], 0),
        (&["workdays", "between", "2019-09-27", "2019-10-11"], 0),
        (&["calendar", "2019"], 0),
        (&["check", "examples/application-service-stations.json"], 0),
        (&["check", "--format", "json", "examples/programme-2019.csv"], 0),
        (&["check", "examples/application-training-incomplete.json"], 1),
        (&["--help"], 0),
    ];
    for (args, code) in commands {
        let mut child = spawn(args);
        drop(child.stdout.take());
        drop(child.stdin.take());
        let (status, stderr) = finish(child);
        assert_quiet(&args.join(" "), status, &stderr, *code);
    }
}

/// The pipe closes between two reports: the second file is read from standard input only after
/// the reader has gone, so its report certainly meets the closed pipe. The exit code is still
/// the verdict (1: the second document fails).
#[test]
fn check_with_the_reader_gone_between_two_reports() {
    let failing = std::fs::read(root().join("examples/application-training-incomplete.json")).unwrap();
    let mut child = spawn(&["check", "examples/application-service-stations.json", "-"]);
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("examples/application-service-stations.json"), "{line}");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&failing).unwrap();
    drop(stdin);
    let (status, stderr) = finish(child);
    assert_quiet("check A - | head -1", status, &stderr, 1);
}

/// The same for standard error: an input error reported to a closed pipe still exits 2.
#[test]
fn input_errors_with_standard_error_already_closed() {
    let mut child = spawn(&["check", "-"]);
    drop(child.stderr.take());
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(br#"{"kind":"application","applicant":"#).unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(2),
        "a malformed document, its errors to a closed pipe"
    );
}
