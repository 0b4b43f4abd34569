//! The pack model read from its tree (`crate::tree`): each table's keys, which of them are
//! required, and what an absent one means. `rules/README.md` documents every key.

use crate::pack::model::*;
use crate::pack::{PackCode, PackError, PackErrors};
use crate::report::{Owner, Severity};
use crate::tree::{fields, read_choice, read_table, Lines, Need, Or, Problem, Read, Reader, Slot};
use serde_json::Value;

read_choice!(Severity { "error" => Severity::Error, "warning" => Severity::Warning, "info" => Severity::Info });
read_choice!(Owner { "applicant" => Owner::Applicant, "administration" => Owner::Administration });
read_choice!(LateReading { "completion" => LateReading::Completion, "acceptance" => LateReading::Acceptance });
read_choice!(BlankSchedule {
    "outer_bound" => BlankSchedule::OuterBound,
    "undetermined" => BlankSchedule::Undetermined,
});
read_choice!(MisuseBlank { "undetermined" => MisuseBlank::Undetermined, "not_found" => MisuseBlank::NotFound });
read_choice!(CitationScheme { "parts" => CitationScheme::Parts, "articles" => CitationScheme::Articles });

read_table!(Text { zh, en });

read_table!(PackFile { pack, rules } or_default {
    sources, categories, groups, documents, uses, results, outlet_levels, subcategories, inputs,
    regions, phases, readings, labels, lifecycle, fields, report,
});

read_table!(LifecycleFile {
    measures_issued, valid_from, valid_until, validity_step, acceptance_step, completion_step,
    late, blank_schedule, schedule_bound, misuse_blank, completed_statuses, steps, passed_label,
    order, payment_classes,
} or_default { stage_statuses });

read_table!(StepFile { id, field, label, owner } or_default { actor });
read_table!(OrderFile { before, after } or_default { when_status });
read_table!(PaymentClassFile { id, label } or_default { from, before });
read_table!(ReportFile {} or_default { figure_order, labels, values, criteria });
read_table!(Removal { rule, because });
read_table!(Effective { from } or_default { until });
read_table!(Subcategory { id, label, category, clause } or_default { aliases });
read_table!(Inputs {} or_default { allocation });
read_table!(SourceYear { year, fund, clause });
read_table!(Source { id, label, clause } or_default { aliases, fund, years });
read_table!(Category { id, label, clause } or_default { aliases });
read_table!(Group {
    id,
    label,
    source,
    plan,
    categories,
    clause
});
read_table!(Term { id, label } or_default { aliases });
read_table!(UseTerm { id, label } or_default { aliases, forbidden_for, exception_of, clause });
read_table!(ResultTerm { id, label, passes } or_default { aliases, payable_share });
read_table!(Phase {
    id,
    label,
    from,
    to,
    clause
});
read_table!(Reading { id, clause, text, alternative } or_default { param, alternative_value });
read_table!(RuleConfig { id, kind, clause, clause_text, summary, severity, messages } or_default {
    reading, owner, draft_severity, params, overrides, base,
});

/// `[pack]`: read by hand for its key `abstract` (a Rust keyword, the field `is_abstract`).
impl Read for PackMeta {
    fn read(value: &Value, r: &mut Reader) -> Option<Self> {
        let (mut id, mut version, mut title, mut source) = (None, None, None, None);
        let mut meta = PackMeta {
            id: String::new(),
            version: String::new(),
            title: Text::default(),
            source: Text::default(),
            citation: Default::default(),
            citation_scheme: Default::default(),
            extends: None,
            bases: Vec::new(),
            removes: Vec::new(),
            is_abstract: false,
            effective: None,
            supersedes: Vec::new(),
            provenance: None,
            calendars: Vec::new(),
            clauses: Default::default(),
        };
        let read = fields(
            value,
            r,
            &mut [
                ("id", &mut Need(&mut id) as &mut dyn Slot),
                ("version", &mut Need(&mut version)),
                ("title", &mut Need(&mut title)),
                ("source", &mut Need(&mut source)),
                ("citation", &mut Or(&mut meta.citation)),
                ("citation_scheme", &mut Or(&mut meta.citation_scheme)),
                ("extends", &mut Or(&mut meta.extends)),
                ("bases", &mut Or(&mut meta.bases)),
                ("removes", &mut Or(&mut meta.removes)),
                ("abstract", &mut Or(&mut meta.is_abstract)),
                ("effective", &mut Or(&mut meta.effective)),
                ("supersedes", &mut Or(&mut meta.supersedes)),
                ("provenance", &mut Or(&mut meta.provenance)),
                ("calendars", &mut Or(&mut meta.calendars)),
                ("clauses", &mut Or(&mut meta.clauses)),
            ],
        );
        if !read {
            return None;
        }
        Some(PackMeta {
            id: id?,
            version: version?,
            title: title?,
            source: source?,
            ..meta
        })
    }
}

/// The pack file of a tree, or every problem of it as a pack error at its place; `lines` of
/// the TOML text it was parsed from name each problem's line (`Lines::of(None)`: a JSON tree).
pub fn pack_file(tree: &Value, lines: &Lines<'_>) -> Result<PackFile, PackErrors> {
    Reader::whole::<PackFile>(tree).map_err(|problems| errors(PackCode::Invalid, &problems, lines))
}

/// Problems of a pack's tree as pack errors of `code` (a problem of the whole tree has no place).
pub(crate) fn errors(code: PackCode, problems: &[Problem], lines: &Lines<'_>) -> PackErrors {
    PackErrors(
        problems
            .iter()
            .map(|problem| {
                let place = Some(problem.place()).filter(|p| !p.is_empty());
                PackError::of(code, place, problem.message_at(lines))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each enum reads every name serde writes for it, and nothing else.
    #[test]
    fn enums_read_the_names_they_are_written_as() {
        fn same<T: Read + serde::Serialize + PartialEq + std::fmt::Debug + Copy>(all: &[T]) {
            for v in all {
                let written = serde_json::to_value(v).unwrap();
                assert_eq!(Reader::whole::<T>(&written).unwrap(), *v, "{written}");
            }
            assert!(Reader::whole::<T>(&Value::String("no_such".into())).is_err());
        }
        same(&[Severity::Error, Severity::Warning, Severity::Info]);
        same(&[Owner::Applicant, Owner::Administration]);
        same(&[LateReading::Completion, LateReading::Acceptance]);
        same(&[BlankSchedule::OuterBound, BlankSchedule::Undetermined]);
        same(&[MisuseBlank::Undetermined, MisuseBlank::NotFound]);
        same(&[CitationScheme::Parts, CitationScheme::Articles]);
    }
}
