//! The pack's closed lists (categories, sources, document codes, results, outlet levels, uses),
//! ready for the input reader: each with its names in both languages and the clause it comes
//! from, all taken from the pack.

use rust_decimal::Decimal;

use super::{PackError, PackFile};
use crate::decode::Vocabulary;
use crate::money::Money;

/// The pack's closed lists, ready for input validation.
#[derive(Debug, Default)]
pub struct Vocabularies {
    pub kinds: Vec<String>,
    pub categories: Vec<String>,
    pub sources: Vec<String>,
    pub documents: Vec<String>,
    pub results: Vec<String>,
    pub outlet_levels: Vec<String>,
    /// Uses of funds the pack knows (allowed or forbidden), by index.
    pub uses: Vec<String>,
    /// Each source's fund, by source index.
    pub funds: Vec<Money>,
    category_clause: String,
    source_clause: String,
    document_clause: String,
    result_clause: String,
    outlet_level_clause: String,
}

/// The clause a closed list comes from, as the pack's `[pack.clauses]` names it.
fn vocabulary_clause(file: &PackFile, list: &str) -> String {
    file.pack.clauses.get(list).cloned().unwrap_or_default()
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<String> {
    items.iter().map(|t| id(t).clone()).collect()
}

impl Vocabularies {
    pub fn new(file: &PackFile) -> Self {
        let clauses = |list: Vec<&String>| {
            let mut seen: Vec<&str> = Vec::new();
            for c in list {
                if !seen.contains(&c.as_str()) {
                    seen.push(c);
                }
            }
            seen.join(", ")
        };
        Vocabularies {
            kinds: ["application", "allocation", "progress"].map(String::from).to_vec(),
            categories: ids(&file.categories, |c| &c.id),
            sources: ids(&file.sources, |s| &s.id),
            documents: ids(&file.documents, |d| &d.id),
            results: ids(&file.results, |r| &r.id),
            outlet_levels: ids(&file.outlet_levels, |l| &l.id),
            uses: ids(&file.uses, |u| &u.id),
            funds: file
                .sources
                .iter()
                .map(|s| Money::parse(&s.fund).unwrap_or_default())
                .collect(),
            category_clause: clauses(file.categories.iter().map(|c| &c.clause).collect()),
            source_clause: clauses(file.sources.iter().map(|s| &s.clause).collect()),
            document_clause: vocabulary_clause(file, "documents"),
            result_clause: vocabulary_clause(file, "results"),
            outlet_level_clause: vocabulary_clause(file, "outlet_levels"),
        }
    }

    pub fn kinds(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "文档类型",
            name_en: "document kind",
            clause: "interfaces",
            ids: &self.kinds,
        }
    }

    pub fn categories(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "支持类别",
            name_en: "funding category",
            clause: &self.category_clause,
            ids: &self.categories,
        }
    }

    pub fn sources(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "资金来源",
            name_en: "fund source",
            clause: &self.source_clause,
            ids: &self.sources,
        }
    }

    pub fn documents(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "申报材料代码",
            name_en: "document code",
            clause: &self.document_clause,
            ids: &self.documents,
        }
    }

    pub fn results(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "验收评估结论",
            name_en: "acceptance result",
            clause: &self.result_clause,
            ids: &self.results,
        }
    }

    pub fn outlet_levels(&self) -> Vocabulary<'_> {
        Vocabulary {
            name_zh: "网点级别",
            name_en: "outlet level",
            clause: &self.outlet_level_clause,
            ids: &self.outlet_levels,
        }
    }

    pub fn category_index(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c == id)
    }

    pub fn use_index(&self, id: &str) -> Option<usize> {
        self.uses.iter().position(|u| u == id)
    }

    pub fn source_index(&self, id: &str) -> Option<usize> {
        self.sources.iter().position(|s| s == id)
    }
}

/// Parses a share written in the pack ("0.15"); lint has already checked it.
pub(crate) fn share(text: &str, place: &str) -> Result<Decimal, PackError> {
    match text.parse::<Decimal>() {
        Ok(d) if d >= Decimal::ZERO && d <= Decimal::ONE => Ok(d),
        _ => Err(PackError::new(
            place,
            format!("`{text}` is not a share between 0 and 1"),
        )),
    }
}
