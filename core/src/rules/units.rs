//! Budget validators for the measures of counties other than Yanshi, over allocation lines
//! with the optional fields `unit`, `investment`, `subcategory` and `year`.
//!
//! - `unit_rate_cap` — a subsidy that is a rate of each unit's investment, capped per unit
//!   and in all (横县: each town station 80% of its investment and at most 50,000.00; 17
//!   stations at most 850,000.00). A unit's lines are summed; its limit is
//!   min(rate × investment rounded to the fen, unit cap). Example: investment 70,000.00 → limit
//!   min(56,000.00, 50,000.00) = 50,000.00, so 52,000.00 fails by 2,000.00. A unit without its
//!   investment (or with two) is judged against the cap alone: above it is a known failure,
//!   within it is undetermined (a warning naming the field); a line without its unit cannot be
//!   counted per unit. `met` only when nothing is broken or undetermined.
//! - `nested_caps` — absolute caps on groups of lines, groups nested in groups (通河: centre
//!   and network at most 5,000,000.00, of which the centre at most 3,000,000.00 and village
//!   outlets at most 2,000,000.00; promotion at most 1,000,000.00). A group selects lines by
//!   category or sub-category, or is the union of its children. A line of a group's category
//!   without the sub-category a child selects by leaves that child undetermined (a warning).
//! - `source_year_total` — per programme year of a source, the lines paid from that year sum
//!   to at most its fund (霍邱: 8,000,000.00 of 2016 and 15,000,000.00 of 2019). A line of
//!   the source naming no year is a warning (which year's money it spends is unknown); a year
//!   the source does not have is an error.
//!
//! Each reports its figures; a met limit is an `info` finding with the room left.

use crate::tree::read_table;
use rust_decimal::Decimal;

use super::{facts, AllocationValidator, Builder, FindingSink, PlanCheck};
use crate::context::{AllocationContext, Policy};
use crate::doc::allocation::Line;
use crate::money::Money;
use crate::pack::{PackError, Text};
use crate::path::Path;
use crate::report::{Severity, Value};

fn lines_path() -> Path {
    Path::root().field("lines")
}

fn money(b: &Builder<'_>, key: &str, text: &str) -> Result<Money, Vec<PackError>> {
    Money::parse(text)
        .ok()
        .filter(|m| m.is_positive())
        .ok_or_else(|| b.error(&format!("params.{key}"), format!("`{text}` is not an amount of money")))
}

/// Which lines a rule counts: from one source, of some categories or sub-categories.
#[derive(Debug, Default)]
struct SelectParams {
    categories: Vec<String>,
    subcategories: Vec<String>,
}
read_table!(SelectParams {} or_default { categories, subcategories });

#[derive(Debug, Default, Clone)]
struct Selection {
    categories: Vec<usize>,
    subcategories: Vec<usize>,
}

impl Selection {
    fn build(b: &Builder<'_>, key: &str, p: &SelectParams) -> Result<Selection, Vec<PackError>> {
        let mut s = Selection::default();
        for c in &p.categories {
            s.categories.push(
                b.vocab
                    .category_index(c)
                    .ok_or_else(|| b.error(&format!("{key}.categories"), format!("unknown category `{c}`")))?,
            );
        }
        for c in &p.subcategories {
            s.subcategories.push(
                b.vocab
                    .subcategory_index(c)
                    .ok_or_else(|| b.error(&format!("{key}.subcategories"), format!("unknown sub-category `{c}`")))?,
            );
        }
        Ok(s)
    }

    fn is_empty(&self) -> bool {
        self.categories.is_empty() && self.subcategories.is_empty()
    }

    /// Whether the line is selected: `Some(true/false)`, or `None` when it is of a category
    /// one of the selected sub-categories belongs to but names no sub-category.
    fn matches(&self, line: &Line<'_>, parent_of: impl Fn(usize) -> Option<usize>) -> Option<bool> {
        if self.categories.contains(&line.category) {
            return Some(true);
        }
        match line.subcategory() {
            Some(sub) => Some(self.subcategories.contains(&sub)),
            None if self.subcategories.iter().any(|s| parent_of(*s) == Some(line.category)) => None,
            None => Some(false),
        }
    }
}

fn source_of(b: &Builder<'_>, id: &str) -> Result<usize, Vec<PackError>> {
    b.vocab
        .source_index(id)
        .ok_or_else(|| b.error("params.source", format!("unknown source `{id}`")))
}

// ── unit_rate_cap ─────────────────────────────────────────────────────────────────────
struct UnitParams {
    source: String,
    select: SelectParams,
    /// The share of a unit's investment the subsidy may be (`"0.8"`).
    rate: String,
    /// The most one unit may get.
    unit_cap: String,
    /// The most all units together may get.
    total_cap: Option<String>,
    /// How many units the plan has (横县: 17 town stations).
    max_units: Option<u32>,
    figure_prefix: String,
}
read_table!(UnitParams { source, select, rate, unit_cap, figure_prefix } or_default { total_cap, max_units });

#[derive(Debug)]
pub(crate) struct UnitRateCap {
    source: usize,
    select: Selection,
    rate: Decimal,
    unit_cap: Money,
    total_cap: Option<Money>,
    max_units: Option<u32>,
    prefix: String,
}

impl UnitRateCap {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: UnitParams = b.params()?;
        let mut variants = vec![
            "met",
            "fail",
            "over_cap",
            "missing_investment",
            "missing_unit",
            "investment_differs",
        ];
        if p.total_cap.is_some() {
            variants.push("total_fail");
        }
        if p.max_units.is_some() {
            variants.push("units_fail");
        }
        let select = Selection::build(b, "params.select", &p.select)?;
        if select.is_empty() {
            return Err(b.error("params.select", "select names no categories or sub-categories"));
        }
        if !select.subcategories.is_empty() {
            variants.push("missing_subcategory");
        }
        b.require_messages(&variants)?;
        let rate = crate::pack::share(&p.rate, &format!("rules.{}.params.rate", b.config.id)).map_err(|e| vec![e])?;
        let unit_cap = money(b, "unit_cap", &p.unit_cap)?;
        let total_cap = p.total_cap.as_deref().map(|t| money(b, "total_cap", t)).transpose()?;
        if total_cap.is_some_and(|t| t < unit_cap) {
            return Err(b.error("params.total_cap", "the cap in all is below the cap of one unit"));
        }
        Ok(UnitRateCap {
            source: source_of(b, &p.source)?,
            select,
            rate,
            unit_cap,
            total_cap,
            max_units: p.max_units,
            prefix: p.figure_prefix,
        })
    }
}

/// One unit's lines, in the order the unit first appears.
struct Unit {
    /// The unit as the first of its lines names it.
    name: String,
    first: usize,
    amount: Money,
    investment: Option<Money>,
    /// Two lines of the unit give different investments.
    differs: bool,
}

/// The name as units are matched: full-width forms narrowed, white space dropped, so that
/// `站C`, `站 C` and `站Ｃ` are one station.
fn unit_key(name: &str) -> String {
    crate::normalize::code(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `unit_rate_cap` on one plan: the units' sums as the lines go by.
struct UnitsCheck<'a> {
    rule: &'a UnitRateCap,
    policy: Policy<'a>,
    units: Vec<Unit>,
    /// Each unit's place in `units`, by its key.
    by_key: std::collections::HashMap<String, usize>,
    total: Money,
    /// What cannot be judged: a line without its unit, a unit without (or with two)
    /// investments within the cap. Nothing is "met" while any is left.
    undetermined: usize,
}

impl AllocationValidator for UnitRateCap {
    fn start<'a>(&'a self, policy: Policy<'a>) -> Box<dyn PlanCheck + 'a> {
        Box::new(UnitsCheck {
            rule: self,
            policy,
            units: Vec::new(),
            by_key: std::collections::HashMap::new(),
            total: Money::ZERO,
            undetermined: 0,
        })
    }
}

impl PlanCheck for UnitsCheck<'_> {
    fn line(&mut self, i: usize, line: &Line<'_>, out: &mut FindingSink<'_>) {
        if line.source != self.rule.source {
            return;
        }
        let vocab = self.policy.vocab;
        match self.rule.select.matches(line, |s| vocab.subcategory_parent(s)) {
            Some(true) => {}
            Some(false) => return,
            // Of a category whose sub-categories the rule selects, naming none: it may be a
            // unit's money, so nothing is "met" while it is unknown.
            None => {
                self.undetermined += 1;
                let f = facts([("amount", Value::Money(line.amount))]);
                let path = lines_path().index(i).field("subcategory");
                let extras = [("project", line.project.to_owned())];
                out.push(Severity::Warning, path, "missing_subcategory", f, extras.into());
                return;
            }
        }
        self.total = self.total.checked_add(line.amount).unwrap_or(self.total);
        let Some(name) = line.unit() else {
            self.undetermined += 1;
            let f = facts([("amount", Value::Money(line.amount))]);
            let extras = [("project", line.project.to_owned())];
            out.push(
                Severity::Warning,
                lines_path().index(i).field("unit"),
                "missing_unit",
                f,
                extras.into(),
            );
            return;
        };
        let key = unit_key(name);
        match self.by_key.get(&key).and_then(|at| self.units.get_mut(*at)) {
            Some(unit) => {
                unit.amount = unit.amount.checked_add(line.amount).unwrap_or(unit.amount);
                match (unit.investment, line.investment()) {
                    (Some(a), Some(b)) if a != b => unit.differs = true,
                    (None, Some(b)) => unit.investment = Some(b),
                    _ => {}
                }
            }
            None => {
                self.by_key.insert(key, self.units.len());
                self.units.push(Unit {
                    name: name.to_owned(),
                    first: i,
                    amount: line.amount,
                    investment: line.investment(),
                    differs: false,
                });
            }
        }
    }

    fn finish(self: Box<Self>, _: &AllocationContext<'_>, out: &mut FindingSink<'_>) {
        let UnitsCheck {
            rule,
            units,
            total,
            mut undetermined,
            ..
        } = *self;
        let mut broken = 0;
        for unit in &units {
            let path = lines_path().index(unit.first);
            let extras = [
                ("unit", unit.name.clone()),
                ("rule_rate", crate::money::format_percent(rule.rate)),
            ];
            let base = [
                ("unit_name", Value::Text(unit.name.clone())),
                ("amount", Value::Money(unit.amount)),
                ("unit_cap", Value::Money(rule.unit_cap)),
            ];
            // Above the cap per unit fails whatever the investment, known, missing or in doubt.
            let investment = if unit.differs { None } else { unit.investment };
            let Some(investment) = investment else {
                if unit.amount > rule.unit_cap {
                    broken += 1;
                    let over = unit.amount.checked_sub(rule.unit_cap).unwrap_or_default();
                    let mut f = facts(base);
                    f.push(("excess".into(), Value::Money(over)));
                    out.fail(path.field("amount"), "over_cap", f, extras.into());
                } else {
                    undetermined += 1;
                    let variant = if unit.differs {
                        "investment_differs"
                    } else {
                        "missing_investment"
                    };
                    out.push(
                        Severity::Warning,
                        path.field("investment"),
                        variant,
                        facts(base),
                        extras.into(),
                    );
                }
                continue;
            };
            let by_rate = investment.times_share(rule.rate).unwrap_or_default();
            let limit = by_rate.min(rule.unit_cap);
            if unit.amount > limit {
                broken += 1;
                let mut f = facts(base);
                f.extend(facts([
                    ("investment", Value::Money(investment)),
                    ("by_rate", Value::Money(by_rate)),
                    ("limit", Value::Money(limit)),
                    (
                        "excess",
                        Value::Money(unit.amount.checked_sub(limit).unwrap_or_default()),
                    ),
                ]));
                out.fail(path.field("amount"), "fail", f, extras.into());
            }
        }
        let p = &rule.prefix;
        let count = i64::try_from(units.len()).unwrap_or(i64::MAX);
        out.figure(format!("{p}_units"), Value::Count(count));
        out.figure(format!("{p}_total"), Value::Money(total));
        if let Some(cap) = rule.total_cap {
            let headroom = cap.checked_sub(total).unwrap_or_default();
            out.figure(format!("{p}_total_cap"), Value::Money(cap));
            out.figure(format!("{p}_headroom"), Value::Money(headroom));
            if total > cap {
                let f = facts([
                    ("amount", Value::Money(total)),
                    ("total_cap", Value::Money(cap)),
                    ("headroom", Value::Money(headroom)),
                    ("excess", Value::Money(total.checked_sub(cap).unwrap_or_default())),
                ]);
                out.fail(lines_path(), "total_fail", f, Vec::new());
                broken += 1;
            }
        }
        if let Some(max) = rule.max_units {
            if units.len() > max as usize {
                let f = facts([
                    ("units", Value::Count(count)),
                    ("max_units", Value::Count(i64::from(max))),
                ]);
                out.fail(lines_path(), "units_fail", f, Vec::new());
                broken += 1;
            }
        }
        if broken == 0 && undetermined == 0 && !units.is_empty() {
            let f = facts([
                ("units", Value::Count(count)),
                ("amount", Value::Money(total)),
                ("unit_cap", Value::Money(rule.unit_cap)),
            ]);
            out.info(
                lines_path(),
                "met",
                f,
                vec![("rule_rate", crate::money::format_percent(rule.rate))],
            );
        }
    }
}

// ── nested_caps ───────────────────────────────────────────────────────────────────────
struct NodeParams {
    id: String,
    label: Text,
    /// The most the group's lines may sum to.
    cap: Option<String>,
    /// The least they must sum to (横县's county matching of 300,000.00 for village points).
    floor: Option<String>,
    select: Option<SelectParams>,
    children: Vec<NodeParams>,
}
read_table!(NodeParams { id, label } or_default { cap, floor, select, children });
struct NestedParams {
    source: String,
    groups: Vec<NodeParams>,
}
read_table!(NestedParams { source, groups });

#[derive(Debug)]
struct Node {
    id: String,
    label: Text,
    cap: Option<Money>,
    floor: Option<Money>,
    /// Its own selection, or its children's union.
    select: Selection,
    parent: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct NestedCaps {
    source: usize,
    nodes: Vec<Node>,
}

impl NestedCaps {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: NestedParams = b.params()?;
        let mut nodes = Vec::new();
        for group in &p.groups {
            flatten(b, group, None, &mut nodes)?;
        }
        if nodes.is_empty() {
            return Err(b.error("params.groups", "no groups"));
        }
        let mut variants = vec!["met"];
        if nodes.iter().any(|n| !n.select.subcategories.is_empty()) {
            variants.extend(["missing_subcategory", "undetermined"]);
        }
        if nodes.iter().any(|n| n.cap.is_some()) {
            variants.push("fail");
        }
        if nodes.iter().any(|n| n.floor.is_some()) {
            variants.push("below_floor");
        }
        b.require_messages(&variants)?;
        Ok(NestedCaps {
            source: source_of(b, &p.source)?,
            nodes,
        })
    }
}

/// Adds a group and its children (depth first), checking each child's cap and selection
/// against its parent's.
fn flatten(
    b: &Builder<'_>,
    p: &NodeParams,
    parent: Option<usize>,
    nodes: &mut Vec<Node>,
) -> Result<(), Vec<PackError>> {
    let key = format!("params.groups.{}", p.id);
    if nodes.iter().any(|n: &Node| n.id == p.id) {
        return Err(b.error(&key, "appears twice"));
    }
    let cap = p
        .cap
        .as_deref()
        .map(|c| money(b, &format!("groups.{}.cap", p.id), c))
        .transpose()?;
    let floor = p
        .floor
        .as_deref()
        .map(|c| money(b, &format!("groups.{}.floor", p.id), c))
        .transpose()?;
    if cap.is_none() && floor.is_none() {
        return Err(b.error(&key, "a group has a cap, a floor or both"));
    }
    if let (Some(cap), Some(floor)) = (cap, floor) {
        if floor > cap {
            return Err(b.error(&format!("{key}.floor"), "the floor is above the cap"));
        }
    }
    if let Some(parent) = parent.and_then(|i| nodes.get(i)) {
        if let (Some(cap), Some(parent_cap)) = (cap, parent.cap) {
            if cap > parent_cap {
                return Err(b.error(
                    &format!("{key}.cap"),
                    format!("{cap} is above its group `{}`'s cap {parent_cap}", parent.id),
                ));
            }
        }
    }
    let own = match &p.select {
        Some(select) => Some(Selection::build(b, &format!("{key}.select"), select)?),
        None if p.children.is_empty() => return Err(b.error(&key, "a group selects lines or has groups within it")),
        None => None,
    };
    let index = nodes.len();
    nodes.push(Node {
        id: p.id.clone(),
        label: p.label.clone(),
        cap,
        floor,
        select: own.clone().unwrap_or_default(),
        parent,
    });
    for child in &p.children {
        flatten(b, child, Some(index), nodes)?;
    }
    if own.is_none() {
        // The union of the children's selections.
        let mut union = Selection::default();
        for child in nodes.iter().filter(|n| n.parent == Some(index)) {
            union.categories.extend(&child.select.categories);
            union.subcategories.extend(&child.select.subcategories);
        }
        if let Some(node) = nodes.get_mut(index) {
            node.select = union;
        }
    } else if let Some(node) = nodes.get(index) {
        // A child selects within its group.
        let parent_of = |s| b.vocab.subcategory_parent(s);
        for child in nodes.iter().filter(|n| n.parent == Some(index)) {
            let outside = child
                .select
                .categories
                .iter()
                .any(|c| !node.select.categories.contains(c))
                || child.select.subcategories.iter().any(|s| {
                    !node.select.subcategories.contains(s)
                        && !parent_of(*s).is_some_and(|c| node.select.categories.contains(&c))
                });
            if outside {
                return Err(b.error(
                    &format!("params.groups.{}.select", child.id),
                    format!("selects lines outside its group `{}`", node.id),
                ));
            }
        }
    }
    Ok(())
}

/// `nested_caps` on one plan: each group's sums as the lines go by.
struct GroupsCheck<'a> {
    rule: &'a NestedCaps,
    policy: Policy<'a>,
    /// Per group: the money known to count, and what may count (lines naming no sub-category).
    sums: Vec<(Money, Money)>,
}

impl AllocationValidator for NestedCaps {
    fn start<'a>(&'a self, policy: Policy<'a>) -> Box<dyn PlanCheck + 'a> {
        let sums = vec![(Money::ZERO, Money::ZERO); self.nodes.len()];
        Box::new(GroupsCheck {
            rule: self,
            policy,
            sums,
        })
    }
}

impl PlanCheck for GroupsCheck<'_> {
    fn line(&mut self, i: usize, line: &Line<'_>, out: &mut FindingSink<'_>) {
        if line.source != self.rule.source {
            return;
        }
        let vocab = self.policy.vocab;
        // A line that names no sub-category is said once, however many groups it leaves open
        // (with the first of them).
        let mut said = false;
        for (node, (known, possible)) in self.rule.nodes.iter().zip(self.sums.iter_mut()) {
            match node.select.matches(line, |s| vocab.subcategory_parent(s)) {
                Some(true) => *known = known.checked_add(line.amount).unwrap_or(*known),
                Some(false) => {}
                None => {
                    *possible = possible.checked_add(line.amount).unwrap_or(*possible);
                    if !said {
                        said = true;
                        let f = facts([
                            ("group", Value::Text(node.id.clone())),
                            ("amount", Value::Money(line.amount)),
                        ]);
                        let extras = [
                            ("group_label", out.label(&node.label).to_owned()),
                            ("project", line.project.to_owned()),
                        ];
                        let path = lines_path().index(i).field("subcategory");
                        out.push(Severity::Warning, path, "missing_subcategory", f, extras.into());
                    }
                }
            }
        }
    }

    fn finish(self: Box<Self>, _: &AllocationContext<'_>, out: &mut FindingSink<'_>) {
        for (node, (known, possible)) in self.rule.nodes.iter().zip(self.sums) {
            let most = known.checked_add(possible).unwrap_or(known);
            out.figure(format!("{}_amount", node.id), Value::Money(known));
            let extras = [("group_label", out.label(&node.label).to_owned())];
            let mut f = facts([("group", Value::Text(node.id.clone())), ("amount", Value::Money(known))]);
            if possible.is_positive() {
                f.push(("undetermined".into(), Value::Money(possible)));
            }
            // `Some(variant)` when broken whatever the missing facts; `in_doubt` when they decide.
            let mut broken = None;
            let mut in_doubt = false;
            if let Some(cap) = node.cap {
                let headroom = cap.checked_sub(known).unwrap_or_default();
                out.figure(format!("{}_cap", node.id), Value::Money(cap));
                f.extend(facts([
                    ("cap", Value::Money(cap)),
                    ("headroom", Value::Money(headroom)),
                ]));
                if known > cap {
                    f.push((
                        "excess".into(),
                        Value::Money(known.checked_sub(cap).unwrap_or_default()),
                    ));
                    broken = Some("fail");
                } else if most > cap {
                    in_doubt = true;
                }
            }
            if let Some(floor) = node.floor {
                let shortfall = floor.checked_sub(known).unwrap_or_default().at_least_zero();
                out.figure(format!("{}_floor", node.id), Value::Money(floor));
                f.extend(facts([
                    ("floor", Value::Money(floor)),
                    ("shortfall", Value::Money(shortfall)),
                ]));
                if most < floor {
                    broken = Some("below_floor");
                } else if known < floor {
                    in_doubt = true;
                }
            }
            match (broken, in_doubt) {
                (Some(variant), _) => out.fail(lines_path(), variant, f, extras.into()),
                (None, true) => out.push(Severity::Warning, lines_path(), "undetermined", f, extras.into()),
                (None, false) => out.info(lines_path(), "met", f, extras.into()),
            }
        }
    }
}

// ── source_year_total ─────────────────────────────────────────────────────────────────
struct YearParams {
    source: String,
}
read_table!(YearParams { source });

#[derive(Debug)]
pub(crate) struct SourceYearTotal {
    source: usize,
    years: Vec<(u16, Money)>,
}

impl SourceYearTotal {
    pub fn build(b: &Builder<'_>) -> Result<Self, Vec<PackError>> {
        let p: YearParams = b.params()?;
        b.require_messages(&["met", "fail", "undetermined", "missing_year", "unknown_year"])?;
        let source = source_of(b, &p.source)?;
        let years: Vec<(u16, Money)> = b
            .file
            .sources
            .get(source)
            .map(|s| {
                s.years
                    .iter()
                    .map(|y| (y.year, Money::parse(&y.fund).unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        if years.is_empty() {
            return Err(b.error(
                "params.source",
                format!("source `{}` has no [[sources.years]]", p.source),
            ));
        }
        Ok(SourceYearTotal { source, years })
    }
}

/// `source_year_total` on one plan: each year's sum as the lines go by.
struct YearsCheck<'a> {
    rule: &'a SourceYearTotal,
    policy: Policy<'a>,
    totals: Vec<Money>,
    /// Lines of the source naming no year: each may be any year's money.
    unassigned: Money,
}

impl YearsCheck<'_> {
    fn source_label(&self, out: &FindingSink<'_>) -> String {
        let source = self.policy.file.sources.get(self.rule.source);
        source.map(|s| out.label(&s.label).to_owned()).unwrap_or_default()
    }
}

impl AllocationValidator for SourceYearTotal {
    fn start<'a>(&'a self, policy: Policy<'a>) -> Box<dyn PlanCheck + 'a> {
        Box::new(YearsCheck {
            rule: self,
            policy,
            totals: vec![Money::ZERO; self.years.len()],
            unassigned: Money::ZERO,
        })
    }
}

impl PlanCheck for YearsCheck<'_> {
    fn line(&mut self, i: usize, line: &Line<'_>, out: &mut FindingSink<'_>) {
        if line.source != self.rule.source {
            return;
        }
        let at = line
            .year()
            .map(|year| (year, self.rule.years.iter().position(|(y, _)| *y == year)));
        if let Some((_, Some(at))) = at {
            if let Some(t) = self.totals.get_mut(at) {
                *t = t.checked_add(line.amount).unwrap_or(*t);
            }
            return;
        }
        let extras = [
            ("source_label", self.source_label(out)),
            ("project", line.project.to_owned()),
        ];
        match at {
            None => {
                self.unassigned = self.unassigned.checked_add(line.amount).unwrap_or(self.unassigned);
                let f = facts([("amount", Value::Money(line.amount))]);
                let path = lines_path().index(i).field("year");
                out.push(Severity::Warning, path, "missing_year", f, extras.into());
            }
            Some((year, _)) => {
                let known: Vec<String> = self.rule.years.iter().map(|(y, _)| y.to_string()).collect();
                let f = facts([
                    ("year", Value::Count(i64::from(year))),
                    ("amount", Value::Money(line.amount)),
                    ("years", Value::Texts(known)),
                ]);
                out.fail(lines_path().index(i).field("year"), "unknown_year", f, extras.into());
            }
        }
    }

    fn finish(self: Box<Self>, _: &AllocationContext<'_>, out: &mut FindingSink<'_>) {
        let label = self.source_label(out);
        let source_id = self
            .policy
            .vocab
            .sources
            .get(self.rule.source)
            .map_or("", |s| s.as_str());
        for ((year, fund), amount) in self.rule.years.iter().zip(&self.totals) {
            let amount = *amount;
            let headroom = fund.checked_sub(amount).unwrap_or_default();
            out.figure(format!("{source_id}_{year}_allocated"), Value::Money(amount));
            let mut f = facts([
                ("year", Value::Count(i64::from(*year))),
                ("amount", Value::Money(amount)),
                ("plan", Value::Money(*fund)),
                ("headroom", Value::Money(headroom)),
            ]);
            let extras = [("source_label", label.clone())];
            let most = amount.checked_add(self.unassigned).unwrap_or(amount);
            if amount > *fund {
                f.push((
                    "excess".into(),
                    Value::Money(amount.checked_sub(*fund).unwrap_or_default()),
                ));
                out.fail(lines_path(), "fail", f, extras.into());
            } else if most > *fund {
                // Within its fund unless the lines naming no year are this year's money.
                f.push(("undetermined".into(), Value::Money(self.unassigned)));
                out.push(Severity::Warning, lines_path(), "undetermined", f, extras.into());
            } else {
                out.info(lines_path(), "met", f, extras.into());
            }
        }
    }
}
