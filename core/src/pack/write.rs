//! The pack model written back as its tree (`crate::tree::Write`), for the digest, the
//! parameters of a run (`pack::params`) and a bundle: each table's keys in the order of the
//! type's fields, and which of them are left out when empty or absent. Read back
//! (`pack::read`), the tree gives the same pack.

use crate::pack::model::*;
use crate::tree::write_table;

write_table!(Text { zh, en });

write_table!(PackFile {
    pack, sources, categories, groups, documents, uses, results, outlet_levels,
    subcategories omit, inputs omit, regions omit, phases, readings, labels, lifecycle,
    fields omit, report omit, rules,
});

write_table!(LifecycleFile {
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
    stage_statuses,
    steps,
    passed_label,
    order,
    payment_classes,
});

write_table!(StepFile { id, field, label, owner, actor omit });
write_table!(OrderFile {
    before,
    after,
    when_status
});
write_table!(PaymentClassFile {
    id,
    label,
    from,
    before
});
write_table!(ReportFile { figure_order, labels omit, values omit, criteria omit } omitted_if is_default);

write_table!(PackMeta {
    id, version, title, source, citation, citation_scheme omit, extends omit, bases omit,
    removes omit, is_abstract = "abstract" omit, effective omit, supersedes omit,
    provenance omit, calendars, clauses omit,
});

write_table!(Removal { rule, because });
write_table!(Effective { from, until omit });
write_table!(Subcategory { id, label, aliases omit, category, clause });
write_table!(Inputs { allocation });
write_table!(SourceYear { year, fund, clause });
write_table!(Source { id, label, aliases omit, fund omit, clause, years omit });
write_table!(Category { id, label, aliases omit, clause });
write_table!(Group {
    id,
    label,
    source,
    plan,
    categories,
    clause
});
write_table!(Term { id, label, aliases omit });
write_table!(UseTerm { id, label, aliases omit, forbidden_for, exception_of omit, clause omit });
write_table!(ResultTerm { id, label, aliases omit, passes, payable_share });
write_table!(Phase {
    id,
    label,
    from,
    to,
    clause
});
write_table!(Reading { id, clause, text, alternative, param omit, alternative_value omit });
write_table!(RuleConfig {
    id, kind, clause, clause_text, summary, reading, severity, owner, draft_severity, messages,
    params, overrides omit, base omit,
});
