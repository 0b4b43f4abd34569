//! The embedded pack as its bundle (`extends` resolved, the calendars beside it), written at
//! build time by the core built for the machine that builds: the module then reads the pack
//! with `Pack::from_bundle`, as it reads any county's, and carries neither the resolution of
//! `extends` nor the shipped base packs (issue 17: about 7 KB gzipped). The digest is the same
//! as the TOML pack's (`Pack::from_bundle`), which the tests compare with the CLI's reports.

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let pack = fundcheck::Pack::embedded().map_err(|e| e.to_string())?;
    let calendars = fundcheck::Calendar::embedded_json_pairs().map_err(|e| e.to_string())?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("embedded-bundle.json");
    std::fs::write(out, pack.bundle(calendars).to_string())?;
    Ok(())
}
