//! The `application` document: one subsidy application, its project and its payments.
//!
//! Only `kind`, `id`, `category` and each payment's `date` and `amount` are required; every
//! other field may be absent or null (a half-filled form), and the rule that needs it reports
//! the gap as a finding at that field's path.

use chrono::NaiveDate;

use super::record::{read_record, read_records, Record, SECTIONS};
use crate::decode::{each_field_of as each_field, Decoder, Node};
use crate::input::Total;
use crate::money::Money;
use crate::pack::Vocabularies;
use crate::path::At;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Application {
    pub id: String,
    pub category: String,
    pub applicant: Applicant,
    pub project: Project,
    /// The document codes filed; `None` when the field is absent or null.
    pub documents: Option<Vec<String>>,
    /// The structured sections (enterprise_profile, outlets, …) by name, as filed.
    pub sections: Vec<(&'static str, Section)>,
    pub proposed_subsidy: Option<Money>,
    pub payments: Vec<Payment>,
    pub process: Process,
}

/// A structured section: one record, or a list of them.
#[derive(Clone, Debug, PartialEq)]
pub enum Section {
    One(Record),
    Many(Vec<Record>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Applicant {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub region: Option<String>,
    pub voluntary: Option<bool>,
    pub selected_by_tender: Option<bool>,
    pub has_benefit: Option<bool>,
    pub has_output: Option<bool>,
    pub has_tax_source: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    pub status: Option<String>,
    pub scheduled_completion: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Payment {
    pub date: NaiveDate,
    pub amount: Money,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Process {
    pub received: Option<NaiveDate>,
    pub review_completed: Option<NaiveDate>,
    pub review_published: Option<NaiveDate>,
    pub acceptance_completed: Option<NaiveDate>,
    pub evaluation_issued: Option<NaiveDate>,
    pub result: Option<String>,
    pub rectification_deadline: Option<NaiveDate>,
    pub rectified_result: Option<String>,
    pub rectified_on: Option<NaiveDate>,
    pub city_approval: Option<NaiveDate>,
    pub misuse_found: Option<bool>,
    /// The dates of the pack's own steps, in the order of `Vocabularies::process_steps`.
    pub steps: Vec<Option<NaiveDate>>,
}

impl Application {
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|(n, _)| *n == name).map(|(_, s)| s)
    }

    /// The latest date of an event in the document: payments, process steps that happened,
    /// and `completed_on` (never a scheduled date or a deadline).
    pub fn latest_event(&self) -> Option<NaiveDate> {
        let p = &self.process;
        let steps = [
            p.received,
            p.review_completed,
            p.review_published,
            p.acceptance_completed,
            p.evaluation_issued,
            p.rectified_on,
            p.city_approval,
            self.project.completed_on,
        ];
        let payments = self.payments.iter().map(|pay| Some(pay.date));
        // The pack's own steps are events too.
        let own = p.steps.iter().copied();
        steps.into_iter().chain(own).chain(payments).flatten().max()
    }
}

const FIELDS: [&str; 14] = [
    "kind",
    "id",
    "category",
    "applicant",
    "project",
    "documents",
    "enterprise_profile",
    "facility_profile",
    "traced_products",
    "outlets",
    "investment_items",
    "subsidy",
    "payments",
    "process",
];

/// Decodes an application from its object (a JSON tree's or a host's), the `kind` already known
/// to be `application`; with `kind`, the `kind` it names is read into it (for a reader that
/// has not read it yet).
pub fn decode<N: Node>(
    d: &mut Decoder,
    object: &N,
    vocab: &Vocabularies,
    mut kind: Option<&mut Option<String>>,
) -> Option<Application> {
    let root = At::ROOT;
    let mut app = Application::default();
    let (mut id, mut category) = (None, None);
    let (mut seen_id, mut seen_category) = (false, false);
    each_field(d, object, &root, &FIELDS, |d, key, value, path| match key {
        "kind" => {
            if let Some(kind) = kind.as_mut() {
                **kind = d.vocabulary(value, &path, &vocab.kinds());
            }
        }
        "id" => {
            seen_id = true;
            id = d.string(value, &path);
        }
        "category" => {
            seen_category = true;
            category = d.vocabulary(value, &path, &vocab.categories());
        }
        "applicant" => app.applicant = applicant(d, value, &path, vocab),
        "project" => app.project = project(d, value, &path, vocab),
        "documents" => app.documents = documents(d, value, &path, vocab),
        "subsidy" => app.proposed_subsidy = subsidy(d, value, &path),
        "payments" => app.payments = payments(d, value, &path),
        "process" => app.process = process(d, value, &path, vocab),
        section => {
            if let Some(schema) = SECTIONS.iter().find(|s| s.name == section) {
                let read = if schema.many {
                    read_records(d, value, &path, schema, vocab).map(Section::Many)
                } else {
                    read_record(d, value, &path, schema, vocab).map(Section::One)
                };
                if let Some(read) = read {
                    app.sections.push((schema.name, read));
                }
            }
        }
    });
    // `null` counts as absent for the required fields too: a null value is never read.
    let id = d.required(id, seen_id, &root.key("id"));
    let category = d.required(category, seen_category, &root.key("category"));
    app.id = id?;
    app.category = category?;
    Some(app)
}

fn applicant<N: Node>(d: &mut Decoder, value: &N, path: &At<'_>, vocab: &Vocabularies) -> Applicant {
    let mut a = Applicant::default();
    if d.object_of(value, path).is_none() {
        return a;
    }
    const KNOWN: [&str; 8] = [
        "name",
        "kind",
        "region",
        "voluntary",
        "selected_by_tender",
        "has_benefit",
        "has_output",
        "has_tax_source",
    ];
    each_field(d, value, path, &KNOWN, |d, key, value, path| match key {
        "name" => a.name = d.string(value, &path),
        "kind" => a.kind = d.labelled_code(value, &path, |t| vocab.labelled(t).map(str::to_owned)),
        "region" => a.region = d.region(value, &path, &vocab.regions()),
        "voluntary" => a.voluntary = d.boolean(value, &path),
        "selected_by_tender" => a.selected_by_tender = d.boolean(value, &path),
        "has_benefit" => a.has_benefit = d.boolean(value, &path),
        "has_output" => a.has_output = d.boolean(value, &path),
        _ => a.has_tax_source = d.boolean(value, &path),
    });
    a
}

fn project<N: Node>(d: &mut Decoder, value: &N, path: &At<'_>, vocab: &Vocabularies) -> Project {
    let mut p = Project::default();
    if d.object_of(value, path).is_none() {
        return p;
    }
    const KNOWN: [&str; 3] = ["status", "scheduled_completion", "completed_on"];
    each_field(d, value, path, &KNOWN, |d, key, value, path| match key {
        "status" => p.status = d.labelled_code(value, &path, |t| vocab.labelled(t).map(str::to_owned)),
        "scheduled_completion" => p.scheduled_completion = d.date(value, &path),
        _ => p.completed_on = d.date(value, &path),
    });
    p
}

fn documents<N: Node>(d: &mut Decoder, value: &N, path: &At<'_>, vocab: &Vocabularies) -> Option<Vec<String>> {
    let len = d.array_of(value, path)?;
    let codes = vocab.documents();
    let mut read = Vec::with_capacity(len);
    value.items(|i, item| read.extend(d.vocabulary(item, &path.index(i), &codes)));
    Some(read)
}

fn subsidy<N: Node>(d: &mut Decoder, value: &N, path: &At<'_>) -> Option<Money> {
    d.object_of(value, path)?;
    let mut proposed = None;
    each_field(d, value, path, &["proposed"], |d, _, value, path| {
        proposed = d.money(value, &path);
    });
    proposed
}

fn payments<N: Node>(d: &mut Decoder, value: &N, path: &At<'_>) -> Vec<Payment> {
    let Some(len) = d.array_of(value, path) else {
        return Vec::new();
    };
    let mut payments = Vec::with_capacity(len);
    value.items(|i, item| {
        let item_path = path.index(i);
        if d.object_of(item, &item_path).is_none() {
            return;
        }
        let (mut date, mut amount) = (None, None);
        let (mut seen_date, mut seen_amount) = (false, false);
        each_field(d, item, &item_path, &["date", "amount"], |d, key, value, path| {
            if key == "date" {
                seen_date = true;
                date = d.date(value, &path);
            } else {
                seen_amount = true;
                amount = d.money(value, &path);
            }
        });
        let date = d.required(date, seen_date, &item_path.key("date"));
        let amount = d.required(amount, seen_amount, &item_path.key("amount"));
        if let (Some(date), Some(amount)) = (date, amount) {
            payments.push(Payment { date, amount });
        }
    });
    // Prepaid, paid, balance and clawback are sums of the payments: they must print exactly.
    crate::decode::check_total(d, payments.iter().map(|p| p.amount), path, Total::Payments);
    payments
}

fn process<N: Node>(d: &mut Decoder, value: &N, path: &At<'_>, vocab: &Vocabularies) -> Process {
    let mut p = Process::default();
    if d.object_of(value, path).is_none() {
        return p;
    }
    const KNOWN: [&str; 11] = [
        "received",
        "review_completed",
        "review_published",
        "acceptance_completed",
        "evaluation_issued",
        "result",
        "rectification_deadline",
        "rectified_result",
        "rectified_on",
        "city_approval",
        "misuse_found",
    ];
    // The pack's own steps are fields of the process too.
    let known: Vec<&str> = KNOWN
        .iter()
        .copied()
        .chain(vocab.process_steps.iter().map(String::as_str))
        .collect();
    p.steps = vec![None; vocab.process_steps.len()];
    each_field(d, value, path, &known, |d, key, value, path| match key {
        "result" => p.result = d.vocabulary(value, &path, &vocab.results()),
        "rectified_result" => p.rectified_result = d.vocabulary(value, &path, &vocab.results()),
        "misuse_found" => p.misuse_found = d.boolean(value, &path),
        own if vocab.process_steps.iter().any(|s| s == own) => {
            let date = d.date(value, &path);
            if let Some(slot) = vocab
                .process_steps
                .iter()
                .position(|s| s == own)
                .and_then(|i| p.steps.get_mut(i))
            {
                *slot = date;
            }
        }
        step => {
            let date = d.date(value, &path);
            let slot = match step {
                "received" => &mut p.received,
                "review_completed" => &mut p.review_completed,
                "review_published" => &mut p.review_published,
                "acceptance_completed" => &mut p.acceptance_completed,
                "evaluation_issued" => &mut p.evaluation_issued,
                "rectification_deadline" => &mut p.rectification_deadline,
                "rectified_on" => &mut p.rectified_on,
                _ => &mut p.city_approval,
            };
            *slot = date;
        }
    });
    p
}
