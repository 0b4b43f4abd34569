//! Compiles the embedded rule pack and calendars from TOML into JSON at build time.
//!
//! `Pack::embedded()` and `Calendar::embedded()` read the JSON written here with serde_json,
//! so the library needs no TOML parser unless it reads packs at run time (feature `toml`), and
//! the WebAssembly package stays small. The JSON is the same tree the TOML parses to, so the
//! pack digest (SHA-256 of the parsed pack) does not change.
//!
//! Outputs in `OUT_DIR`: `pack.json` (`rules/yanshi-2019.toml`, as written: `extends` is
//! resolved when the pack is built), `bases.json` (every `rules/base/*.toml`, the base packs
//! that packs extend by id) and `calendars.json`, an array of `[file name, file]` pairs for
//! every `rules/calendars/*.toml`, sorted by name.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?)
        .join("..")
        .join("rules");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);

    let pack = root.join("yanshi-2019.toml");
    println!("cargo:rerun-if-changed={}", pack.display());
    fs::write(out.join("pack.json"), serde_json::to_string(&read_toml(&pack)?)?)?;

    // The base packs (`rules/base/*.toml`), which packs extend by id.
    let base_dir = root.join("base");
    println!("cargo:rerun-if-changed={}", base_dir.display());
    let mut bases = Vec::new();
    for path in toml_files(&base_dir)? {
        println!("cargo:rerun-if-changed={}", path.display());
        bases.push(read_toml(&path)?);
    }
    fs::write(out.join("bases.json"), serde_json::to_string(&bases)?)?;

    let calendars = root.join("calendars");
    println!("cargo:rerun-if-changed={}", calendars.display());
    let files = toml_files(&calendars)?;
    let mut years = Vec::with_capacity(files.len());
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        years.push(serde_json::json!([name, read_toml(path)?]));
    }
    fs::write(out.join("calendars.json"), serde_json::to_string(&years)?)?;
    Ok(())
}

/// The `*.toml` files of a directory, sorted by name.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    Ok(files)
}

/// A TOML file as the JSON tree it parses to; a syntax error names the file.
fn read_toml(path: &Path) -> Result<serde_json::Value, Box<dyn Error>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()).into())
}
