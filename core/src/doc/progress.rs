//! The `progress` document: programme figures measured against the plan's targets (IP 三).

use crate::decode::{each_field, Decoder};
use crate::input::InputProblem;
use crate::json::Json;
use crate::money::Money;
use crate::path::At;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub is_final: bool,
    pub retail_previous: Money,
    pub retail_current: Money,
    pub villages: Coverage,
    pub poor_villages: Coverage,
    pub attendances: u64,
    pub poor_household_attendances: u64,
    pub trainees: u64,
    pub started_business: u64,
    pub town_stations: u64,
    pub village_points: u64,
    pub brands: u64,
    pub systems_built: Vec<String>,
    pub sectors_online: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Coverage {
    pub total: u64,
    pub covered: u64,
}

const FIELDS: [&str; 10] = [
    "kind",
    "final",
    "retail_sales",
    "villages",
    "poor_villages",
    "training",
    "stations",
    "brands",
    "systems_built",
    "sectors_online",
];

/// Reads the named members of an object in document order; every one is required but those
/// named in `optional`.
fn members<'a, 't>(
    d: &mut Decoder,
    value: &'a Json<'t>,
    path: &At<'_>,
    names: &[&str],
    optional: &[&str],
) -> Vec<Option<&'a Json<'t>>> {
    let mut found = vec![None; names.len()];
    if let Some(entries) = d.object(value, path) {
        each_field(d, entries, path, names, |_, key, value, _| {
            if let Some(slot) = names.iter().position(|n| *n == key).and_then(|i| found.get_mut(i)) {
                *slot = Some(value);
            }
        });
        for (name, slot) in names.iter().zip(&found) {
            if slot.is_none() && !optional.contains(name) {
                d.missing(&path.key(name));
            }
        }
    }
    found
}

pub fn decode(d: &mut Decoder, value: &Json) -> Option<Progress> {
    let root = At::ROOT;
    // `kind` was read by the caller; `final` may be absent (not final).
    let top = members(d, value, &root, &FIELDS, &["kind", "final"]);
    let mut p = Progress::default();
    let get = |i: usize| top.get(i).copied().flatten();
    if let Some(v) = get(1) {
        p.is_final = d.boolean(v, &root.key("final")).unwrap_or(false);
    }

    if let Some(v) = get(2) {
        let path = root.key("retail_sales");
        let m = members(d, v, &path, &["previous", "current"], &[]);
        let read = |d: &mut Decoder, i: usize, name: &str| {
            m.get(i)
                .copied()
                .flatten()
                .and_then(|v| sales_amount(d, v, &path.key(name)))
        };
        let previous = read(d, 0, "previous");
        let current = read(d, 1, "current");
        if previous == Some(Money::ZERO) {
            d.push(&path.key("previous"), InputProblem::ZeroPreviousSales);
        }
        p.retail_previous = previous.unwrap_or_default();
        p.retail_current = current.unwrap_or_default();
    }
    for (index, name, allow_zero) in [(3, "villages", false), (4, "poor_villages", true)] {
        if let Some(v) = get(index) {
            let coverage = coverage(d, v, &root.key(name), allow_zero);
            if name == "villages" {
                p.villages = coverage;
            } else {
                p.poor_villages = coverage;
            }
        }
    }
    if let Some(v) = get(5) {
        let path = root.key("training");
        let names = [
            "attendances",
            "poor_household_attendances",
            "trainees",
            "started_business",
        ];
        let m = members(d, v, &path, &names, &[]);
        let mut counts = [0u64; 4];
        for ((slot, value), name) in counts.iter_mut().zip(&m).zip(names) {
            if let Some(v) = value {
                *slot = d.count(*v, &path.key(name)).unwrap_or(0);
            }
        }
        let [attendances, poor, trainees, started] = counts;
        if m.get(2).copied().flatten().is_some() && trainees == 0 {
            d.push(&path.key("trainees"), InputProblem::ZeroTrainees);
        }
        if poor > attendances {
            let problem = InputProblem::PoorAttendancesExceed { poor, attendances };
            d.push(&path.key("poor_household_attendances"), problem);
        }
        if started > trainees {
            let problem = InputProblem::StartedExceedsTrainees { started, trainees };
            d.push(&path.key("started_business"), problem);
        }
        p.attendances = attendances;
        p.poor_household_attendances = poor;
        p.trainees = trainees;
        p.started_business = started;
    }
    if let Some(v) = get(6) {
        let path = root.key("stations");
        let m = members(d, v, &path, &["town", "village"], &[]);
        let count = |d: &mut Decoder, i: usize, name: &str| {
            m.get(i).copied().flatten().and_then(|v| d.count(v, &path.key(name)))
        };
        p.town_stations = count(d, 0, "town").unwrap_or(0);
        p.village_points = count(d, 1, "village").unwrap_or(0);
    }
    if let Some(v) = get(7) {
        p.brands = d.count(v, &root.key("brands")).unwrap_or(0);
    }
    for (index, name) in [(8, "systems_built"), (9, "sectors_online")] {
        if let Some(v) = get(index) {
            let path = root.key(name);
            let items = d.array(v, &path).unwrap_or_default();
            let read: Vec<String> = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| d.string(item, &path.index(i)))
                .collect();
            if name == "systems_built" {
                p.systems_built = read;
            } else {
                p.sectors_online = read;
            }
        }
    }
    Some(p)
}

/// Sales may be 0 (checked apart, as a range problem), never negative.
fn sales_amount(d: &mut Decoder, value: &Json, path: &At<'_>) -> Option<Money> {
    let zero = matches!(value, Json::String(s) if Money::parse(s) == Ok(Money::ZERO))
        || matches!(value, Json::Number(n) if Money::from_json_number(&n.to_string()) == Ok(Money::ZERO));
    if zero {
        return Some(Money::ZERO);
    }
    d.money(value, path)
}

fn coverage(d: &mut Decoder, value: &Json, path: &At<'_>, allow_zero_total: bool) -> Coverage {
    let m = members(d, value, path, &["total", "covered"], &[]);
    let count =
        |d: &mut Decoder, i: usize, name: &str| m.get(i).copied().flatten().and_then(|v| d.count(v, &path.key(name)));
    let total = count(d, 0, "total");
    let covered = count(d, 1, "covered");
    if total == Some(0) && !allow_zero_total {
        d.push(&path.key("total"), InputProblem::ZeroTotal);
    }
    if let (Some(total), Some(covered)) = (total, covered) {
        if covered > total {
            d.push(
                &path.key("covered"),
                InputProblem::CoveredExceedsTotal { covered, total },
            );
        }
    }
    Coverage {
        total: total.unwrap_or(0),
        covered: covered.unwrap_or(0),
    }
}
