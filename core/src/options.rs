//! What a caller can ask a check to do differently: the evaluation date, the language, the
//! input format and encoding, limits. Every face maps its own option names onto these.

use chrono::NaiveDate;

use crate::doc::csv::Encoding;
use crate::input::Limits;
use crate::lang::Lang;

/// How the input bytes are to be read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Json,
    Csv,
}

impl Format {
    /// The format a file's name says: `.csv` (any case) is CSV, everything else JSON.
    pub fn for_path(name: &str) -> Format {
        let extension = name.rsplit_once('.').map(|(_, e)| e);
        match extension {
            Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv,
            _ => Format::Json,
        }
    }
}

/// Everything a check can be asked to do differently.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The evaluation date; by default the latest event of an application, else none.
    pub as_of: Option<NaiveDate>,
    pub lang: Lang,
    /// Marks an allocation or progress report final (as `"final": true` in the document).
    pub is_final: bool,
    pub max_findings: Option<usize>,
    pub limits: Limits,
    pub format: Format,
    pub encoding: Encoding,
    /// How many threads may read a large plan (`doc::chunks`): 0, the default, for two a core
    /// of the machine (at most four; none on a machine of one core); 1 reads it on the calling
    /// thread only. The report is the same whatever the number.
    pub threads: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_csv_by_its_extension_only() {
        assert_eq!(Format::for_path("plan.csv"), Format::Csv);
        assert_eq!(Format::for_path("dir.v2/PLAN.CSV"), Format::Csv);
        assert_eq!(Format::for_path("plan.json"), Format::Json);
        assert_eq!(Format::for_path("plan.txt"), Format::Json);
        assert_eq!(Format::for_path("csv"), Format::Json);
    }
}
