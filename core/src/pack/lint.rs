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
            // An input is matched after it is trimmed, so an id with white space around it (or a
            // blank one) could never be typed: the fast readers and the careful one would differ.
            if id.is_empty() || crate::normalize::trim(id) != id {
                let message = format!("the id `{id}` is blank or has white space around it");
                errors.push(PackError::new(format!("{table}.{id}"), message));
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
        if let Some(fund) = &source.fund {
            if !Money::parse(fund).is_ok_and(Money::is_positive) {
                errors.push(PackError::new(
                    format!("sources.{}.fund", source.id),
                    format!("`{fund}` is not an amount of money"),
                ));
            }
        }
    }
    lint_groups(file, &mut errors);
    lint_header(file, &mut errors);
    lint_inputs(file, &mut errors);
    for u in &file.uses {
        for s in &u.forbidden_for {
            // A base pack's uses name the sources of the packs that extend it.
            if !file.pack.is_abstract && !file.sources.iter().any(|x| &x.id == s) {
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
            crate::lean::sort(&mut zh);
            zh.dedup();
            crate::lean::sort(&mut en);
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

/// Sub-categories, programme years, exceptions and required fields name what exists.
fn lint_inputs(file: &PackFile, errors: &mut Vec<PackError>) {
    for sub in &file.subcategories {
        if !file.categories.iter().any(|c| c.id == sub.category) {
            errors.push(PackError::new(
                format!("subcategories.{}.category", sub.id),
                format!("unknown category `{}`", sub.category),
            ));
        }
    }
    for field in file.inputs.iter().flat_map(|i| &i.allocation) {
        if !super::model::OPTIONAL_LINE_FIELDS.contains(&field.as_str()) {
            errors.push(PackError::new(
                "inputs.allocation",
                format!(
                    "`{field}` is not an optional line field ({})",
                    super::model::OPTIONAL_LINE_FIELDS.join(", ")
                ),
            ));
        }
    }
    for source in &file.sources {
        if source.years.is_empty() {
            continue;
        }
        let mut seen = BTreeSet::new();
        for y in &source.years {
            if !seen.insert(y.year) {
                errors.push(PackError::new(
                    format!("sources.{}.years.{}", source.id, y.year),
                    "appears twice",
                ));
            }
        }
        let funds: Vec<Option<Money>> = source.years.iter().map(|y| Money::parse(&y.fund).ok()).collect();
        match (
            funds.iter().copied().collect::<Option<Vec<Money>>>(),
            source.fund.as_deref().map(Money::parse),
        ) {
            (Some(funds), Some(Ok(fund))) => {
                let total = money::sum(funds.iter().copied()).unwrap_or_default();
                if total != fund {
                    errors.push(PackError::new(
                        format!("sources.{}.years", source.id),
                        format!("the programme years sum to {total}, not the source's fund {fund}"),
                    ));
                }
            }
            _ => errors.push(PackError::new(
                format!("sources.{}.years", source.id),
                "each year's fund is an amount of money",
            )),
        }
    }
    for u in &file.uses {
        let Some(of) = &u.exception_of else {
            continue;
        };
        let place = format!("uses.{}.exception_of", u.id);
        match file.uses.iter().find(|x| &x.id == of) {
            None => errors.push(PackError::new(place, format!("unknown use `{of}`"))),
            Some(forbidden) if forbidden.forbidden_for.is_empty() => errors.push(PackError::new(
                place,
                format!("`{of}` is forbidden for no source: there is nothing to make an exception to"),
            )),
            Some(forbidden) => {
                if u.forbidden_for.iter().any(|s| forbidden.forbidden_for.contains(s)) {
                    errors.push(PackError::new(
                        format!("uses.{}.forbidden_for", u.id),
                        "an exception is allowed where its use is forbidden",
                    ));
                }
            }
        }
        if u.clause.as_deref().is_none_or(|c| c.trim().is_empty()) {
            errors.push(PackError::new(
                format!("uses.{}.clause", u.id),
                "an exception cites the clause that makes it",
            ));
        }
    }
}

/// The header: a pack read as written has no `extends` left (it is resolved when loaded), a
/// rule says it overrides only a base's rule, the dates and versions are well formed, and every
/// clause is cited the pack's way.
fn lint_header(file: &PackFile, errors: &mut Vec<PackError>) {
    let meta = &file.pack;
    if meta.extends.is_some() && meta.bases.is_empty() {
        errors.push(PackError::new(
            "pack.extends",
            "not resolved: a pack that extends a base is loaded from its file (or from the bundle `fundcheck pack show --resolved` prints)",
        ));
    }
    for rule in &file.rules {
        if rule.overrides.is_some() && rule.base.is_none() {
            errors.push(PackError::new(
                format!("rules.{}.overrides", rule.id),
                "overrides nothing: no base pack has this rule (drop `overrides`, or extend the base that has it)",
            ));
        }
    }
    if let Some(effective) = &meta.effective {
        let from = parse_date(&effective.from);
        let until = effective.until.as_deref().map(parse_date);
        let ordered = match (from, until) {
            (Some(_), None) => true,
            (Some(from), Some(Some(until))) => from <= until,
            _ => false,
        };
        if !ordered {
            errors.push(PackError::new(
                "pack.effective",
                "from (and until, when given) must be dates YYYY-MM-DD, from ≤ until",
            ));
        }
    }
    for earlier in &meta.supersedes {
        let well_formed = earlier
            .split_once('@')
            .is_some_and(|(id, version)| !id.is_empty() && !version.is_empty());
        if !well_formed {
            errors.push(PackError::new(
                "pack.supersedes",
                format!("`{earlier}` is not `id@version` (e.g. `chuxiong-2021@1`)"),
            ));
        }
    }
    lint_citations(file, errors);
}

/// Every clause the pack cites, each part of a list (`FM 一, IP 七(四)`) written the pack's way.
fn lint_citations(file: &PackFile, errors: &mut Vec<PackError>) {
    let mut clauses: Vec<(String, &str)> = Vec::new();
    clauses.extend(
        file.rules
            .iter()
            .map(|r| (format!("rules.{}.clause", r.id), r.clause.as_str())),
    );
    clauses.extend(
        file.sources
            .iter()
            .map(|x| (format!("sources.{}.clause", x.id), x.clause.as_str())),
    );
    clauses.extend(
        file.categories
            .iter()
            .map(|x| (format!("categories.{}.clause", x.id), x.clause.as_str())),
    );
    clauses.extend(
        file.groups
            .iter()
            .map(|x| (format!("groups.{}.clause", x.id), x.clause.as_str())),
    );
    clauses.extend(
        file.phases
            .iter()
            .map(|x| (format!("phases.{}.clause", x.id), x.clause.as_str())),
    );
    clauses.extend(
        file.readings
            .iter()
            .map(|x| (format!("readings.{}.clause", x.id), x.clause.as_str())),
    );
    clauses.extend(
        file.pack
            .clauses
            .iter()
            .map(|(k, v)| (format!("pack.clauses.{k}"), v.as_str())),
    );
    for (place, clause) in clauses {
        for part in clause.split(", ") {
            // A part of a document in [pack.citation] (a base pack's notice among them) is
            // always well cited; a pack citing articles cites its own text by them.
            let part_of = part
                .split_once(' ')
                .is_some_and(|(abbrev, rest)| file.pack.citation.contains_key(abbrev) && !rest.trim().is_empty());
            let ok =
                part_of || (file.pack.citation_scheme == super::model::CitationScheme::Articles && is_article(part));
            if !ok {
                let expected = match file.pack.citation_scheme {
                    super::model::CitationScheme::Parts => {
                        let parts: Vec<&str> = file.pack.citation.keys().map(String::as_str).collect();
                        format!(
                            "a part of [pack.citation] ({}) and its numbering, `FM 四(一)`",
                            parts.join(", ")
                        )
                    }
                    super::model::CitationScheme::Articles => {
                        "an article as the text numbers it, `第三条`, `第二章第五条`, `第四条(一)`".into()
                    }
                };
                errors.push(PackError::new(
                    place.clone(),
                    format!("`{part}` is not cited the pack's way (citation_scheme): expected {expected}"),
                ));
            }
        }
    }
}

/// `第三条`, `第二章第五条`, `第四条(一)`, `第十二条第二款`: Chinese numerals between 第 and 章/条.
fn is_article(text: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十百零〇";
    let mut rest = text;
    let mut articles = 0;
    while let Some(after) = rest.strip_prefix('第') {
        let digits = after.chars().take_while(|c| NUMERALS.contains(*c)).count();
        let tail: &str = &after[after.char_indices().nth(digits).map_or(after.len(), |(i, _)| i)..];
        let Some(unit) = tail.chars().next() else {
            return false;
        };
        if digits == 0 || !"章节条款项".contains(unit) {
            return false;
        }
        if unit == '条' {
            articles += 1;
        }
        rest = &tail[unit.len_utf8()..];
    }
    let bracketed = |open: char, close: char| rest.starts_with(open) && rest.ends_with(close);
    articles == 1 && (rest.is_empty() || bracketed('(', ')') || bracketed('（', '）'))
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
            Money::parse(source.fund.as_deref().unwrap_or_default()),
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

#[cfg(test)]
mod citation_tests {
    use super::is_article;

    #[test]
    fn articles_as_county_texts_number_them() {
        for ok in [
            "第三条",
            "第二章第五条",
            "第四条(一)",
            "第四条（一）",
            "第十二条第二款",
            "第二十三条",
        ] {
            assert!(is_article(ok), "{ok}");
        }
        for bad in ["三条", "第三", "第3条", "FM 一", "第三条第四条", "第条", ""] {
            assert!(!is_article(bad), "{bad}");
        }
    }
}
