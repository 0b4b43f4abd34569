//! Consistency checks of a pack that no single rule owns: the vocabularies are unique, the
//! money parses, and each source's allocation table sums to its fund (IP 六).

use std::collections::BTreeSet;

use super::model::PackFile;
use super::PackError;
use crate::decode::parse_date;
use crate::message::placeholders;
use crate::money::{self, Money};

/// Bounds on a message template (the longest in the Yanshi pack is about 120 characters with
/// six placeholders).
const MAX_MESSAGE_CHARS: usize = 500;
const MAX_PLACEHOLDERS: usize = 16;

pub fn lint(file: &PackFile) -> Vec<PackError> {
    let mut errors = Vec::new();
    let mut unique = |table: &str, ids: Vec<&String>| {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !seen.insert(id) {
                errors.push(PackError::new(format!("{table}.{id}"), "appears twice"));
            }
        }
    };
    unique("sources", file.sources.iter().map(|s| &s.id).collect());
    unique("categories", file.categories.iter().map(|c| &c.id).collect());
    unique("groups", file.groups.iter().map(|g| &g.id).collect());
    unique("documents", file.documents.iter().map(|d| &d.id).collect());
    unique("uses", file.uses.iter().map(|u| &u.id).collect());
    unique("results", file.results.iter().map(|r| &r.id).collect());
    unique("rules", file.rules.iter().map(|r| &r.id).collect());

    lint_names(file, &mut errors);
    for source in &file.sources {
        if !Money::parse(&source.fund).is_ok_and(Money::is_positive) {
            errors.push(PackError::new(
                format!("sources.{}.fund", source.id),
                format!("`{}` is not an amount of money", source.fund),
            ));
        }
    }
    lint_groups(file, &mut errors);
    for u in &file.uses {
        for s in &u.forbidden_for {
            if !file.sources.iter().any(|x| &x.id == s) {
                errors.push(PackError::new(
                    format!("uses.{}.forbidden_for", u.id),
                    format!("unknown source `{s}`"),
                ));
            }
        }
    }
    for r in &file.results {
        if let Some(share) = &r.payable_share {
            if let Err(e) = super::share(share, &format!("results.{}.payable_share", r.id)) {
                errors.push(e);
            }
        }
    }
    for phase in &file.phases {
        match (parse_date(&phase.from), parse_date(&phase.to)) {
            (Some(from), Some(to)) if from <= to => {}
            _ => errors.push(PackError::new(
                format!("phases.{}", phase.id),
                "from and to must be dates YYYY-MM-DD, from ≤ to",
            )),
        }
    }
    // The text report names each figure it lists first by its label: a figure the pack
    // orders without a label in both languages would show its id to a clerk.
    for figure in &file.report.figure_order {
        if !file
            .report
            .labels
            .get(figure)
            .is_some_and(|t| !t.zh.trim().is_empty() && !t.en.trim().is_empty())
        {
            errors.push(PackError::new(
                format!("report.labels.{figure}"),
                format!("figure `{figure}` is in figure_order but has no label: add `{figure} = {{ zh = \"…\", en = \"…\" }}` to [report.labels]"),
            ));
        }
    }
    for rule in &file.rules {
        for (variant, text) in &rule.messages {
            if text.zh.trim().is_empty() || text.en.trim().is_empty() {
                errors.push(PackError::new(
                    format!("rules.{}.messages.{variant}", rule.id),
                    "needs both zh and en",
                ));
            }
            // A message is a sentence: bounded, so no pack can make a report grow without end
            // (a template of thousands of placeholders times a long value).
            for (lang, template) in [("zh", &text.zh), ("en", &text.en)] {
                if template.chars().count() > MAX_MESSAGE_CHARS || placeholders(template).len() > MAX_PLACEHOLDERS {
                    errors.push(PackError::new(
                        format!("rules.{}.messages.{variant}.{lang}", rule.id),
                        format!(
                            "a message has at most {MAX_MESSAGE_CHARS} characters and {MAX_PLACEHOLDERS} placeholders"
                        ),
                    ));
                }
            }
            let mut zh = placeholders(&text.zh);
            let mut en = placeholders(&text.en);
            zh.sort_unstable();
            zh.dedup();
            en.sort_unstable();
            en.dedup();
            if zh != en {
                errors.push(PackError::new(
                    format!("rules.{}.messages.{variant}", rule.id),
                    format!(
                        "zh uses {{{}}} but en uses {{{}}}: both languages must say the same facts",
                        zh.join("}, {"),
                        en.join("}, {")
                    ),
                ));
            }
        }
    }
    errors
}

/// Each group names known categories and a known source; each source's rows sum to its fund.
fn lint_groups(file: &PackFile, errors: &mut Vec<PackError>) {
    for group in &file.groups {
        let place = format!("groups.{}", group.id);
        if !file.sources.iter().any(|s| s.id == group.source) {
            errors.push(PackError::new(
                format!("{place}.source"),
                format!("unknown source `{}`", group.source),
            ));
        }
        for c in &group.categories {
            if !file.categories.iter().any(|x| &x.id == c) {
                errors.push(PackError::new(
                    format!("{place}.categories"),
                    format!("unknown category `{c}`"),
                ));
            }
            let others: Vec<&str> = file
                .groups
                .iter()
                .filter(|g| g.id != group.id && g.source == group.source && g.categories.contains(c))
                .map(|g| g.id.as_str())
                .collect();
            if let Some(other) = others.first() {
                if group.id.as_str() < *other {
                    errors.push(PackError::new(
                        format!("{place}.categories"),
                        format!("category `{c}` is also in group `{other}`"),
                    ));
                }
            }
        }
        if Money::parse(&group.plan).is_err() {
            errors.push(PackError::new(
                format!("{place}.plan"),
                format!("`{}` is not an amount of money", group.plan),
            ));
        }
    }
    for source in &file.sources {
        let rows: Vec<_> = file.groups.iter().filter(|g| g.source == source.id).collect();
        if rows.is_empty() {
            continue;
        }
        let (Ok(fund), Some(total)) = (
            Money::parse(&source.fund),
            money::sum(rows.iter().filter_map(|g| Money::parse(&g.plan).ok())),
        ) else {
            continue;
        };
        if total != fund {
            let listing: Vec<String> = rows.iter().map(|g| format!("{} {}", g.id, g.plan)).collect();
            errors.push(PackError::new(
                format!("groups (source {})", source.id),
                format!(
                    "the allocation table rows for source `{}` sum to {total}, not its fund {fund} (rows: {}); the difference is {}",
                    source.id,
                    listing.join(" + "),
                    fund.checked_sub(total).unwrap_or_default()
                ),
            ));
        }
    }
}

/// Every name an entry may be typed as (its zh label and its aliases) names one entry of its
/// list only, and is not another entry's id: matching stays exact and never ambiguous.
fn lint_names(file: &PackFile, errors: &mut Vec<PackError>) {
    fn list<'a>(table: &str, entries: Vec<(&'a String, &'a String, &'a [String])>, errors: &mut Vec<PackError>) {
        for (index, (id, zh, aliases)) in entries.iter().enumerate() {
            for name in std::iter::once(*zh).chain(aliases.iter()) {
                let clash = entries
                    .iter()
                    .enumerate()
                    .find(|(other, (other_id, other_zh, other_aliases))| {
                        *other != index && (*other_id == name || *other_zh == name || other_aliases.contains(name))
                    });
                if let Some((_, (other_id, _, _))) = clash {
                    errors.push(PackError::new(
                        format!("{table}.{id}"),
                        format!("the name `{name}` also names `{other_id}`: a label or alias must name one entry only"),
                    ));
                }
            }
        }
    }
    list(
        "sources",
        file.sources
            .iter()
            .map(|e| (&e.id, &e.label.zh, e.aliases.as_slice()))
            .collect(),
        errors,
    );
    list(
        "categories",
        file.categories
            .iter()
            .map(|e| (&e.id, &e.label.zh, e.aliases.as_slice()))
            .collect(),
        errors,
    );
    list(
        "documents",
        file.documents
            .iter()
            .map(|e| (&e.id, &e.label.zh, e.aliases.as_slice()))
            .collect(),
        errors,
    );
    list(
        "uses",
        file.uses
            .iter()
            .map(|e| (&e.id, &e.label.zh, e.aliases.as_slice()))
            .collect(),
        errors,
    );
    list(
        "results",
        file.results
            .iter()
            .map(|e| (&e.id, &e.label.zh, e.aliases.as_slice()))
            .collect(),
        errors,
    );
    list(
        "outlet_levels",
        file.outlet_levels
            .iter()
            .map(|e| (&e.id, &e.label.zh, e.aliases.as_slice()))
            .collect(),
        errors,
    );
    list(
        "regions",
        file.regions
            .iter()
            .map(|e| (&e.id, &e.label.zh, e.aliases.as_slice()))
            .collect(),
        errors,
    );
    let labelled: Vec<(&String, &String, &[String])> = file.labels.iter().map(|(id, t)| (id, &t.zh, &[][..])).collect();
    list("labels", labelled, errors);
    for region in &file.regions {
        if region.id.len() != 6 || !region.id.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(PackError::new(
                format!("regions.{}", region.id),
                "a region's id is its six-digit division code",
            ));
        }
    }
}
