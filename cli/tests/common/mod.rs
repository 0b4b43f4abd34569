//! What the command-line test files share: the repository root and a run of the binary there.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the tests run the binary from there, as the README does).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `fundcheck ARGS…`, run from the repository root.
pub fn fundcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fundcheck"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap()
}

/// A directory of this test run's own under the system's temporary directory (the caller
/// removes it).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fundcheck-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
