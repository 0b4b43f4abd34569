//! The budget validators over a set of allocation lines (IP 六, IP 七(三), FM 一).
//!
//! - `source_total` — per source, the lines sum to at most the fund (FM 一: 省级专项资金1500万元,
//!   市财政配套资金500万元). Example: provincial lines 15,000,000.01 → error, headroom −0.01.
//! - `group_plan` — per row of the allocation table, the lines of its categories from its source
//!   sum to at most the plan (IP 六 资金计划分配表).
//! - `share_cap` / `share_floor` — the lines selected (a category, or those supporting 农产品上行)
//!   from a source are at most / at least a share of the base (IP 七(三)「省级专项财政资金用于公共
//!   服务中心原则上不高于15%，支持农产品上行比例不低于50%」). The limit is money: base × share,
//!   rounded to the fen; amounts are compared with it exactly. Worked example 3: 2,300,000.00 of
//!   15,000,000.00 → share 0.1533, limit 2,250,000.00, headroom −50,000.00.
//! - `forbidden_use` — no line from the bound source buys a use the pack forbids for it
//!   (IP 七(三)「省财政资金不得用于网络交易平台建设、楼堂馆所建设、购买流量、工作经费、人员工资
//!   及奖励等支出」); a city line with such a use is no finding.
//! - `unclassified_use` — a line's use is not in the pack's vocabulary: the list ends in 等, so
//!   nobody can tell whether the clause forbids it (warning).
//!
//! Ratio and total rules always report: `info` with the room left when met.

use crate::tree::read_table;
use rust_decimal::Decimal;

use super::{facts, AllocationValidator, Builder, FindingSink, PlanCheck, SumsRule};
use crate::context::{AllocationContext, Policy};
use crate::doc::allocation::Line;
use crate::money::{self, Money};
use crate::pack::{share, PackError};
use crate::path::Path;
use crate::report::Value;

fn lines_path() -> Path {
    Path::root().field("lines")
}

fn source_index(b: &Builder<'_>, id: &str) -> Result<usize, Vec<PackError>> {
    b.vocab
        .source_index(id)
        .ok_or_else(|| b.error("params.source", format!("unknown source `{id}`")))
}

#[derive(Debug)]
pub(crate) struct SourceTotal {
    sources: Vec<usize>,
}

struct SourceTotalParams {
    /// The sources checked (all by default); a source without a fund is never checked.
    sources: Option<Vec<String>>,
}
read_table!(SourceTotalParams {} or_default { sources });

impl SourceTotal {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: SourceTotalParams = b.params()?;
        b.require_messages(&["met", "fail"])?;
        let mut sources = Vec::new();
        for (index, source) in b.file.sources.iter().enumerate() {
            let named = p.sources.as_ref().is_none_or(|s| s.contains(&source.id));
            if named && b.vocab.funds.get(index).copied().flatten().is_some() {
                sources.push(index);
            } else if named && p.sources.is_some() {
                return Err(b.error(
                    "params.sources",
                    format!("source `{}` has no fund to check against", source.id),
                ));
            }
        }
        for id in p.sources.iter().flatten() {
            source_index(b, id)?;
        }
        Ok(SourceTotal { sources })
    }
}

impl SumsRule for SourceTotal {
    fn finish(&self, cx: &AllocationContext<'_>, out: &mut FindingSink<'_>) {
        for &index in &self.sources {
            let Some(source) = cx.policy.file.sources.get(index) else {
                continue;
            };
            let amount = cx.source_total(index);
            let plan = cx.policy.vocab.funds.get(index).copied().flatten().unwrap_or_default();
            let headroom = plan.checked_sub(amount).unwrap_or_default();
            let mut f = facts([
                ("source", Value::Text(source.id.clone())),
                ("amount", Value::Money(amount)),
                ("plan", Value::Money(plan)),
                ("headroom", Value::Money(headroom)),
            ]);
            let label = [("source_label", out.label(&source.label).to_string())];
            if amount > plan {
                f.push((
                    "excess".into(),
                    Value::Money(amount.checked_sub(plan).unwrap_or_default()),
                ));
                out.fail(lines_path(), "fail", f, label.into());
            } else {
                out.info(lines_path(), "met", f, label.into());
            }
            out.figure(format!("{}_allocated", source.id), Value::Money(amount));
        }
    }
}

#[derive(Debug)]
pub(crate) struct GroupPlan {
    groups: Vec<(String, usize, Vec<usize>, Money, crate::pack::Text)>,
}

impl GroupPlan {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        b.no_params()?;
        b.require_messages(&["met", "fail"])?;
        let groups = b
            .file
            .groups
            .iter()
            .map(|g| {
                let source = b.vocab.source_index(&g.source).unwrap_or(usize::MAX);
                let categories = g.categories.iter().filter_map(|c| b.vocab.category_index(c)).collect();
                let plan = Money::parse(&g.plan).unwrap_or_default();
                (g.id.clone(), source, categories, plan, g.label.clone())
            })
            .collect();
        Ok(GroupPlan { groups })
    }
}

impl SumsRule for GroupPlan {
    fn finish(&self, cx: &AllocationContext<'_>, out: &mut FindingSink<'_>) {
        for (id, source, categories, plan, label) in &self.groups {
            let amount =
                money::sum(categories.iter().map(|c| cx.category_total(*source, *c, false))).unwrap_or_default();
            let headroom = plan.checked_sub(amount).unwrap_or_default();
            let mut f = facts([
                ("group", Value::Text(id.clone())),
                ("amount", Value::Money(amount)),
                ("plan", Value::Money(*plan)),
                ("headroom", Value::Money(headroom)),
            ]);
            let label = [("group_label", out.label(label).to_string())];
            if amount > *plan {
                f.push((
                    "excess".into(),
                    Value::Money(amount.checked_sub(*plan).unwrap_or_default()),
                ));
                out.fail(lines_path(), "fail", f, label.into());
            } else {
                out.info(lines_path(), "met", f, label.into());
            }
        }
    }
}

/// Which lines a share rule counts.
#[derive(Debug)]
struct Select {
    categories: Vec<String>,
    /// Only lines that support 农产品上行.
    upward: bool,
}
read_table!(Select {} or_default { categories, upward });
struct ShareParams {
    source: String,
    share: String,
    /// `granted` (the source's fund) or `allocated` (what the plan allocates from the source).
    ratio_base: String,
    select: Select,
    /// Prefix of the figures: `public_center` → `public_center_amount`, …
    figure_prefix: String,
}
read_table!(ShareParams {
    source,
    share,
    ratio_base,
    select,
    figure_prefix
});

#[derive(Debug)]
pub(crate) struct ShareLimit {
    floor: bool,
    source: usize,
    share: Decimal,
    granted_base: bool,
    categories: Vec<usize>,
    upward: bool,
    prefix: String,
}

impl ShareLimit {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: ShareParams = b.params()?;
        b.require_messages(&["met", "fail"])?;
        let granted_base = match p.ratio_base.as_str() {
            "granted" => true,
            "allocated" => false,
            other => {
                return Err(b.error(
                    "params.ratio_base",
                    format!("`{other}` is neither `granted` nor `allocated`"),
                ))
            }
        };
        let mut categories = Vec::new();
        for c in &p.select.categories {
            categories.push(
                b.vocab
                    .category_index(c)
                    .ok_or_else(|| b.error("params.select.categories", format!("unknown category `{c}`")))?,
            );
        }
        if categories.is_empty() && !p.select.upward {
            return Err(b.error("params.select", "select names no categories and not `upward`"));
        }
        let source = source_index(b, &p.source)?;
        if granted_base && b.vocab.funds.get(source).copied().flatten().is_none() {
            return Err(b.error(
                "params.ratio_base",
                format!(
                    "`granted` needs the fund of source `{}`, which the pack does not give: use `allocated`",
                    p.source
                ),
            ));
        }
        Ok(ShareLimit {
            floor: b.config.kind == "share_floor",
            source,
            share: share(&p.share, &format!("rules.{}.params.share", b.config.id)).map_err(|e| vec![e])?,
            granted_base,
            categories,
            upward: p.select.upward,
            prefix: p.figure_prefix,
        })
    }
}

impl SumsRule for ShareLimit {
    fn finish(&self, cx: &AllocationContext<'_>, out: &mut FindingSink<'_>) {
        let categories: Vec<usize> = if self.categories.is_empty() {
            (0..cx.policy.vocab.categories.len()).collect()
        } else {
            self.categories.clone()
        };
        let amount = money::sum(
            categories
                .iter()
                .map(|c| cx.category_total(self.source, *c, self.upward)),
        )
        .unwrap_or_default();
        let base = if self.granted_base {
            cx.policy
                .vocab
                .funds
                .get(self.source)
                .copied()
                .flatten()
                .unwrap_or_default()
        } else {
            cx.source_total(self.source)
        };
        let limit = base.times_share(self.share).unwrap_or_default();
        let actual_share = if base.is_positive() {
            amount.decimal().checked_div(base.decimal()).unwrap_or_default()
        } else {
            Decimal::ZERO
        };
        let p = &self.prefix;
        out.figure("ratio_base", Value::Money(base));
        out.figure(format!("{p}_amount"), Value::Money(amount));
        out.figure(format!("{p}_share"), Value::Ratio(actual_share));
        let (broken, f) = if self.floor {
            let shortfall = limit.checked_sub(amount).unwrap_or_default().at_least_zero();
            out.figure(format!("{p}_floor"), Value::Money(limit));
            out.figure(format!("{p}_shortfall"), Value::Money(shortfall));
            let f = facts([
                ("amount", Value::Money(amount)),
                ("base", Value::Money(base)),
                ("share", Value::Ratio(actual_share)),
                ("floor", Value::Money(limit)),
                ("shortfall", Value::Money(shortfall)),
            ]);
            (amount < limit, f)
        } else {
            let headroom = limit.checked_sub(amount).unwrap_or_default();
            out.figure(format!("{p}_limit"), Value::Money(limit));
            out.figure(format!("{p}_headroom"), Value::Money(headroom));
            let f = facts([
                ("amount", Value::Money(amount)),
                ("base", Value::Money(base)),
                ("share", Value::Ratio(actual_share)),
                ("limit", Value::Money(limit)),
                ("headroom", Value::Money(headroom)),
            ]);
            (amount > limit, f)
        };
        let extras = [
            ("actual_share", crate::money::format_percent(actual_share.round_dp(4))),
            ("rule_share", crate::money::format_percent(self.share)),
        ];
        if broken {
            out.fail(lines_path(), "fail", f, extras.into());
        } else {
            out.info(lines_path(), "met", f, extras.into());
        }
    }
}

struct SourceParams {
    source: String,
}
read_table!(SourceParams { source });

#[derive(Debug)]
pub(crate) struct ForbiddenUse {
    source: usize,
    /// The uses forbidden for this source: index in the pack's uses, id and label.
    forbidden: Vec<(usize, String, crate::pack::Text)>,
    /// The exceptions the text makes to each forbidden use (by the use's index): their
    /// labels and clauses, named in the finding (`fail_except`).
    exceptions: Vec<(usize, Vec<Exception>)>,
}

/// An exception the text makes to a forbidden use: its id, label and clause.
#[derive(Debug)]
struct Exception {
    id: String,
    label: crate::pack::Text,
    clause: String,
}

impl ForbiddenUse {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: SourceParams = b.params()?;
        b.require_messages(&["fail"])?;
        let forbidden: Vec<(usize, String, crate::pack::Text)> = b
            .file
            .uses
            .iter()
            .enumerate()
            .filter(|(_, u)| u.forbidden_for.contains(&p.source))
            .map(|(i, u)| (i, u.id.clone(), u.label.clone()))
            .collect();
        let exceptions: Vec<(usize, Vec<Exception>)> = forbidden
            .iter()
            .map(|(i, id, _)| {
                let of: Vec<Exception> = b
                    .file
                    .uses
                    .iter()
                    .filter(|u| u.exception_of.as_ref() == Some(id))
                    .map(|u| Exception {
                        id: u.id.clone(),
                        label: u.label.clone(),
                        clause: u.clause.clone().unwrap_or_default(),
                    })
                    .collect();
                (*i, of)
            })
            .filter(|(_, of)| !of.is_empty())
            .collect();
        if !exceptions.is_empty() {
            b.require_messages(&["fail_except"])?;
        }
        Ok(ForbiddenUse {
            source: source_index(b, &p.source)?,
            forbidden,
            exceptions,
        })
    }
}

impl AllocationValidator for ForbiddenUse {
    fn start<'a>(&'a self, _: Policy<'a>) -> Box<dyn PlanCheck + 'a> {
        Box::new(self)
    }
}

impl PlanCheck for &ForbiddenUse {
    fn line(&mut self, i: usize, line: &Line<'_>, out: &mut FindingSink<'_>) {
        if line.source != self.source {
            return;
        }
        let Some(term) = line.use_term else { return };
        let Some((_, id, label)) = self.forbidden.iter().find(|(i, _, _)| *i == term) else {
            return;
        };
        let label = out.label(label).to_string();
        let mut f = facts([("use", Value::Text(id.clone())), ("amount", Value::Money(line.amount))]);
        let mut extras = vec![("use_label", label), ("project", line.project.to_owned())];
        let mut variant = "fail";
        // The text's exception to this use is named, with its clause, so that a line that is
        // in truth the exception can be relabelled.
        if let Some((_, of)) = self.exceptions.iter().find(|(i, _)| *i == term) {
            variant = "fail_except";
            f.push((
                "exceptions".into(),
                Value::Texts(of.iter().map(|e| e.id.clone()).collect()),
            ));
            let sep = match out.lang {
                crate::lang::Lang::Zh => "、",
                crate::lang::Lang::En => ", ",
            };
            let labels: Vec<&str> = of.iter().map(|e| out.label(&e.label)).collect();
            let clauses: Vec<&str> = of.iter().map(|e| e.clause.as_str()).collect();
            extras.push(("exception_labels", labels.join(sep)));
            extras.push(("exception_clause", clauses.join(", ")));
        }
        out.fail(lines_path().index(i), variant, f, extras);
    }
}

#[derive(Debug)]
pub(crate) struct UnclassifiedUse {
    source: usize,
}

impl UnclassifiedUse {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: SourceParams = b.params()?;
        b.require_messages(&["fail"])?;
        Ok(UnclassifiedUse {
            source: source_index(b, &p.source)?,
        })
    }
}

impl AllocationValidator for UnclassifiedUse {
    fn start<'a>(&'a self, _: Policy<'a>) -> Box<dyn PlanCheck + 'a> {
        Box::new(self)
    }
}

impl PlanCheck for &UnclassifiedUse {
    fn line(&mut self, i: usize, line: &Line<'_>, out: &mut FindingSink<'_>) {
        if line.source == self.source && line.use_term.is_none() {
            let f = facts([
                ("use", Value::Text(line.use_of_funds.to_owned())),
                ("amount", Value::Money(line.amount)),
            ]);
            out.fail(
                lines_path().index(i),
                "fail",
                f,
                vec![("project", line.project.to_owned())],
            );
        }
    }
}

/// `ignored_columns` — columns of a plan (a CSV file, a table, the keys of JSON lines) that
/// are not allocation fields: ignored, and named once in a note so that nothing a clerk
/// wrote vanishes unseen. Example: an exported sheet's `备注` column → one `info` finding at
/// `/lines` with the fact `columns: ["备注"]`.
#[derive(Debug)]
pub(crate) struct IgnoredColumns;

impl IgnoredColumns {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        b.no_params()?;
        b.require_messages(&["note"])?;
        Ok(IgnoredColumns)
    }
}

impl SumsRule for IgnoredColumns {
    fn finish(&self, cx: &AllocationContext<'_>, out: &mut FindingSink<'_>) {
        let columns = cx.ignored_columns;
        if columns.is_empty() {
            return;
        }
        let f = facts([("columns", Value::Texts(columns.to_vec()))]);
        out.info(lines_path(), "note", f, Vec::new());
    }
}
