//! The pack model read from its tree and written back as it (`crate::tree`): each table's keys
//! in the order of the type's fields, which of them are required, what an absent one means,
//! and which are left out when written empty or absent (for the digest, a run's parameters and
//! a bundle; read back, the written tree gives the same pack). `rules/README.md` documents
//! every key.

use crate::pack::model::*;
use crate::pack::{PackCode, PackError, PackErrors};
use crate::report::{Owner, Severity};
use crate::tree::{model_table, read_choice, Lines, Problem, Reader};
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

model_table!(Text { zh, en });

model_table!(PackFile {
    pack, sources: default, categories: default, groups: default, documents: default,
    uses: default, results: default, outlet_levels: default, subcategories: default omit,
    inputs: default omit, regions: default omit, phases: default, readings: default,
    labels: default, lifecycle: default, fields: default omit, report: default omit, rules,
});

model_table!(LifecycleFile {
    measures_issued,
    valid_from,
    valid_until,
    validity_step,
    acceptance_step,
    completion_step,
    late,
    blank_schedule,
    schedule_bound,
    misuse_blank,
    completed_statuses,
    stage_statuses: default,
    steps,
    passed_label,
    order,
    payment_classes,
});

model_table!(StepFile { id, field, label, owner, actor: default omit });
model_table!(OrderFile {
    before,
    after,
    when_status: default
});
model_table!(PaymentClassFile {
    id,
    label,
    from: default,
    before: default
});
model_table!(ReportFile {
    figure_order: default, labels: default omit, values: default omit, criteria: default omit,
} omitted_if is_default);

model_table!(PackMeta {
    id, version, title, source, citation: default, citation_scheme: default omit,
    extends: default omit, bases: default omit, removes: default omit,
    is_abstract = "abstract": default omit, effective: default omit, supersedes: default omit,
    provenance: default omit, calendars: default, clauses: default omit,
});

model_table!(Removal { rule, because });
model_table!(Effective { from, until: default omit });
model_table!(Subcategory { id, label, aliases: default omit, category, clause });
model_table!(Inputs { allocation: default });
model_table!(SourceYear { year, fund, clause });
model_table!(Source { id, label, aliases: default omit, fund: default omit, clause, years: default omit });
model_table!(Category { id, label, aliases: default omit, clause });
model_table!(Group {
    id,
    label,
    source,
    plan,
    categories,
    clause
});
model_table!(Term { id, label, aliases: default omit });
model_table!(UseTerm {
    id, label, aliases: default omit, forbidden_for: default, exception_of: default omit,
    clause: default omit,
});
model_table!(ResultTerm { id, label, aliases: default omit, passes, payable_share: default });
model_table!(Phase {
    id,
    label,
    from,
    to,
    clause
});
model_table!(Reading { id, clause, text, alternative, param: default omit, alternative_value: default omit });
model_table!(RuleConfig {
    id, kind, clause, clause_text, summary, reading: default, severity, owner: default,
    draft_severity: default, messages, params: default, overrides: default omit,
    base: default omit,
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
