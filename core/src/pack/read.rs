//! The pack model read from its tree (`crate::tree`): each table's keys, which of them are
//! required, and what an absent one means. `rules/README.md` documents every key.

use crate::pack::model::*;
use crate::pack::{PackCode, PackError, PackErrors};
use crate::report::{Owner, Severity};
use crate::tree::{read_choice, read_table, Lines, Problem, Reader};
use serde_json::Value;

read_choice!(Severity { "error" => Severity::Error, "warning" => Severity::Warning, "info" => Severity::Info });
read_choice!(Owner { "applicant" => Owner::Applicant, "administration" => Owner::Administration });
read_choice!(LateReading { "completion" => LateReading::Completion, "acceptance" => LateReading::Acceptance });
read_choice!(BlankSchedule {
    "outer_bound" => BlankSchedule::OuterBound,
    "undetermined" => BlankSchedule::Undetermined,
});
read_choice!(MisuseBlank { "undetermined" => MisuseBlank::Undetermined, "not_found" => MisuseBlank::NotFound });
read_choice!(CitationScheme { "parts" => CitationScheme::Parts, "articles" => CitationScheme::Articles } omitted_if is_parts);

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

read_table!(PackMeta { id, version, title, source } or_default {
    citation, citation_scheme, extends, bases, removes, is_abstract = "abstract", effective,
    supersedes, provenance, calendars, clauses,
});

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
    use crate::tree::{Read, Write};

    /// Each enum is written as the name rules/README.md gives it, reads back from it, and
    /// reads nothing else.
    #[test]
    fn enums_read_the_names_they_are_written_as() {
        fn same<T: Read + Write + PartialEq + std::fmt::Debug>(all: &[(T, &str)]) {
            for (v, name) in all {
                let written = v.write();
                assert_eq!(written, Value::String((*name).to_owned()));
                assert_eq!(Reader::whole::<T>(&written).unwrap(), *v, "{written}");
            }
            assert!(Reader::whole::<T>(&Value::String("no_such".into())).is_err());
        }
        same(&[
            (Severity::Error, "error"),
            (Severity::Warning, "warning"),
            (Severity::Info, "info"),
        ]);
        same(&[
            (Owner::Applicant, "applicant"),
            (Owner::Administration, "administration"),
        ]);
        same(&[
            (LateReading::Completion, "completion"),
            (LateReading::Acceptance, "acceptance"),
        ]);
        same(&[
            (BlankSchedule::OuterBound, "outer_bound"),
            (BlankSchedule::Undetermined, "undetermined"),
        ]);
        same(&[
            (MisuseBlank::Undetermined, "undetermined"),
            (MisuseBlank::NotFound, "not_found"),
        ]);
        same(&[(CitationScheme::Parts, "parts"), (CitationScheme::Articles, "articles")]);
        // The default scheme is left out of a pack's tree; the other is written.
        assert!(CitationScheme::Parts.omitted() && !CitationScheme::Articles.omitted());
    }
}
