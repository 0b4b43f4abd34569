//! The pack as the faces describe it: the rule catalogue, the pack's stamp and closed lists,
//! and what each category must file. Plain structs, written once as JSON (`tree::Write`) and mapped 1:1 by
//! the bindings (`rules()`, `pack()`, `requirements()` in JavaScript; `Pack.rules`,
//! `Pack.info`, `Pack.requirements()` in Python; `fundcheck rules` on the command line).

use crate::engine::Pack;
use crate::pack::Text;
pub use crate::rules::requirements::{RequiredDocument, RequiredField, RequiredSection, RequiredWhen, Requirements};
use crate::tree::{write_table, Write};

/// One rule of the pack, as the catalogue lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleEntry {
    pub id: String,
    pub kind: String,
    pub clause: String,
    /// The clause's own words, quoted from the policy.
    pub clause_text: String,
    pub severity: &'static str,
    /// Whose obligation a broken rule is: `applicant` or `administration`.
    pub owner: &'static str,
    pub summary: Text,
    /// The reading of the text the rule takes, where the text is ambiguous.
    pub reading: Option<Text>,
    /// The base pack (`id@version`) the rule comes from, when it is inherited (else null).
    pub base: Option<String>,
    /// Why the pack changes the base's rule, when it does (else null).
    pub overrides: Option<Text>,
}

/// A closed-list term with its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub id: String,
    pub label: Text,
}

/// A funding category, with the clause that names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryEntry {
    pub id: String,
    pub label: Text,
    pub clause: String,
}

/// An acceptance result, and whether it passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultEntry {
    pub id: String,
    pub label: Text,
    pub passes: bool,
}

/// The pack's stamp, title and closed lists with their labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackInfo {
    pub id: String,
    pub version: String,
    pub digest: String,
    pub title: Text,
    pub source: Text,
    pub categories: Vec<CategoryEntry>,
    pub documents: Vec<Term>,
    pub outlet_levels: Vec<Term>,
    pub phases: Vec<Term>,
    pub results: Vec<ResultEntry>,
    /// The fund sources, with their funds when the pack gives them and their programme years.
    pub sources: Vec<SourceEntry>,
    /// Sub-categories, each with its category.
    pub subcategories: Vec<SubcategoryEntry>,
    /// The fields every allocation line must have under this pack: the six every pack reads,
    /// then the optional ones it requires (`[inputs] allocation`).
    pub line_fields: Vec<&'static str>,
    /// The other optional fields a line may have (`unit`, `investment`, `subcategory`, `year`).
    pub optional_line_fields: Vec<&'static str>,
    /// The dated steps of an application's history, in the pack's order: a form shows one
    /// date field for each (`field`, its JSON pointer), with who takes it.
    pub steps: Vec<StepEntry>,
    /// The bases the pack was built on, nearest first (`id@version`).
    pub bases: Vec<String>,
    /// Its days in force, the versions it replaces, and where its figures come from.
    pub effective: Option<crate::pack::model::Effective>,
    pub supersedes: Vec<String>,
    pub provenance: Option<Text>,
    /// `parts` (`FM 四(一)`) or `articles` (`第三条`).
    pub citation_scheme: &'static str,
}

/// A fund source, as `pack()` / `Pack.info` list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceEntry {
    pub id: String,
    pub label: Text,
    pub fund: Option<String>,
    pub years: Vec<YearEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearEntry {
    pub year: u16,
    pub fund: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubcategoryEntry {
    pub id: String,
    pub label: Text,
    pub category: String,
}

/// A dated step of the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepEntry {
    pub id: String,
    /// Its JSON pointer in an application (`/process/received`).
    pub field: String,
    pub label: Text,
    pub owner: &'static str,
    pub actor: Option<Text>,
}

fn terms<'a>(items: impl Iterator<Item = (&'a String, &'a Text)>) -> Vec<Term> {
    items
        .map(|(id, label)| Term {
            id: id.clone(),
            label: label.clone(),
        })
        .collect()
}

impl Pack {
    /// Every rule of the pack, in pack order.
    pub fn catalogue(&self) -> Vec<RuleEntry> {
        self.file
            .rules
            .iter()
            .map(|r| RuleEntry {
                id: r.id.clone(),
                kind: r.kind.clone(),
                clause: r.clause.clone(),
                clause_text: r.clause_text.clone(),
                severity: r.severity.as_str(),
                owner: r.owner.as_str(),
                summary: r.summary.clone(),
                reading: r.reading.clone(),
                base: r.base.clone(),
                overrides: r.overrides.clone(),
            })
            .collect()
    }

    /// The pack's readings of the clauses a rule cites (`fundcheck explain`, `GET
    /// /v1/rules/{id}`).
    pub fn readings_of(&self, rule: &crate::pack::RuleConfig) -> Vec<&crate::pack::model::Reading> {
        let cited: Vec<&str> = rule.clause.split(", ").collect();
        self.file
            .readings
            .iter()
            .filter(|r| r.clause.split(", ").any(|c| cited.contains(&c)))
            .collect()
    }

    /// The pack's stamp and closed lists.
    pub fn info(&self) -> PackInfo {
        let file = &self.file;
        PackInfo {
            id: file.pack.id.clone(),
            version: file.pack.version.clone(),
            digest: self.digest.clone(),
            title: file.pack.title.clone(),
            source: file.pack.source.clone(),
            categories: file
                .categories
                .iter()
                .map(|c| CategoryEntry {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    clause: c.clause.clone(),
                })
                .collect(),
            documents: terms(file.documents.iter().map(|d| (&d.id, &d.label))),
            outlet_levels: terms(file.outlet_levels.iter().map(|d| (&d.id, &d.label))),
            phases: terms(file.phases.iter().map(|p| (&p.id, &p.label))),
            results: file
                .results
                .iter()
                .map(|r| ResultEntry {
                    id: r.id.clone(),
                    label: r.label.clone(),
                    passes: r.passes,
                })
                .collect(),
            sources: file
                .sources
                .iter()
                .map(|s| SourceEntry {
                    id: s.id.clone(),
                    label: s.label.clone(),
                    fund: s.fund.clone(),
                    years: s
                        .years
                        .iter()
                        .map(|y| YearEntry {
                            year: y.year,
                            fund: y.fund.clone(),
                        })
                        .collect(),
                })
                .collect(),
            subcategories: file
                .subcategories
                .iter()
                .map(|s| SubcategoryEntry {
                    id: s.id.clone(),
                    label: s.label.clone(),
                    category: s.category.clone(),
                })
                .collect(),
            line_fields: crate::doc::allocation::LINE_FIELDS
                .iter()
                .enumerate()
                .filter(|(i, _)| crate::doc::allocation::is_required(*i, &self.vocab))
                .map(|(_, f)| *f)
                .collect(),
            optional_line_fields: crate::doc::allocation::LINE_FIELDS
                .iter()
                .enumerate()
                .filter(|(i, _)| !crate::doc::allocation::is_required(*i, &self.vocab))
                .map(|(_, f)| *f)
                .collect(),
            steps: file
                .lifecycle
                .iter()
                .flat_map(|l| &l.steps)
                .map(|s| StepEntry {
                    id: s.id.clone(),
                    field: s.field.clone(),
                    label: s.label.clone(),
                    owner: s.owner.as_str(),
                    actor: s.actor.clone(),
                })
                .collect(),
            bases: file.pack.bases.clone(),
            effective: file.pack.effective.clone(),
            supersedes: file.pack.supersedes.clone(),
            provenance: file.pack.provenance.clone(),
            citation_scheme: match file.pack.citation_scheme {
                crate::pack::model::CitationScheme::Parts => "parts",
                crate::pack::model::CitationScheme::Articles => "articles",
            },
        }
    }

    /// What an application of `category` must file, from the validator that asks for it;
    /// `None` when no rule of the pack names the category.
    pub fn requirements(&self, category: &str) -> Option<Requirements> {
        self.validators.application.iter().find_map(|rule| {
            let mut requirements = rule.validator.requirements()?;
            if requirements.category != category {
                return None;
            }
            requirements.rule = rule.config.id.clone();
            requirements.clause = rule.config.clause.clone();
            Some(requirements)
        })
    }
}

write_table!(RuleEntry {
    id,
    kind,
    clause,
    clause_text,
    severity,
    owner,
    summary,
    reading,
    base,
    overrides
});
write_table!(Term { id, label });
write_table!(CategoryEntry { id, label, clause });
write_table!(ResultEntry { id, label, passes });
write_table!(PackInfo {
    id,
    version,
    digest,
    title,
    source,
    categories,
    documents,
    outlet_levels,
    phases,
    results,
    sources,
    subcategories,
    line_fields,
    optional_line_fields,
    steps,
    bases,
    effective,
    supersedes,
    provenance,
    citation_scheme,
});
write_table!(SourceEntry { id, label, fund, years });
write_table!(YearEntry { year, fund });
write_table!(SubcategoryEntry { id, label, category });
write_table!(StepEntry {
    id,
    field,
    label,
    owner,
    actor
});

/// Any catalogue value as JSON text (the faces parse it into their own objects).
pub fn to_json<T: Write>(value: &T) -> String {
    crate::report::json_text(&value.write())
}
