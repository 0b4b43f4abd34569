//! What a validator sees while it checks one document: the document, the pack's data (never
//! the other validators), the evaluation date, and the figures derived once per document that
//! several rules share (the history, the settlement outcome).

use std::cell::OnceCell;
use std::fmt;

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::doc::allocation::Line;
use crate::doc::application::Application;
use crate::doc::progress::Progress;
use crate::history::{History, Lifecycle};
use crate::money::Money;
use crate::pack::{PackFile, Vocabularies};
use crate::path::Path;
use crate::settlement::Settlement;

/// A scalar field of the application that pack rules can name by JSON pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar {
    Text(String),
    Bool(bool),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Text(s) => f.write_str(s),
            Scalar::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// The scalar fields of an application that pack rules may name (`/applicant/region`, …),
/// resolved once when the pack is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarField {
    ApplicantName,
    ApplicantKind,
    ApplicantRegion,
    Voluntary,
    SelectedByTender,
    HasBenefit,
    HasOutput,
    HasTaxSource,
    ProjectStatus,
}

const SCALARS: [(&str, ScalarField); 9] = [
    ("/applicant/name", ScalarField::ApplicantName),
    ("/applicant/kind", ScalarField::ApplicantKind),
    ("/applicant/region", ScalarField::ApplicantRegion),
    ("/applicant/voluntary", ScalarField::Voluntary),
    ("/applicant/selected_by_tender", ScalarField::SelectedByTender),
    ("/applicant/has_benefit", ScalarField::HasBenefit),
    ("/applicant/has_output", ScalarField::HasOutput),
    ("/applicant/has_tax_source", ScalarField::HasTaxSource),
    ("/project/status", ScalarField::ProjectStatus),
];

impl ScalarField {
    pub fn parse(pointer: &str) -> Option<ScalarField> {
        SCALARS.iter().find(|(p, _)| *p == pointer).map(|(_, f)| *f)
    }
}

/// The part of a built pack a validator may read: its data, its closed lists, its calendar and
/// its lifecycle.
#[derive(Clone, Copy, Debug)]
pub struct Policy<'a> {
    pub file: &'a PackFile,
    pub vocab: &'a Vocabularies,
    pub calendar: Option<&'a Calendar>,
    pub lifecycle: Option<&'a Lifecycle>,
}

pub struct ApplicationContext<'a> {
    pub app: &'a Application,
    pub policy: Policy<'a>,
    pub as_of: Option<NaiveDate>,
    history: OnceCell<Option<History>>,
    settlement: OnceCell<Option<Settlement>>,
}

impl<'a> ApplicationContext<'a> {
    pub fn new(app: &'a Application, policy: Policy<'a>, as_of: Option<NaiveDate>) -> Self {
        ApplicationContext {
            app,
            policy,
            as_of,
            history: OnceCell::new(),
            settlement: OnceCell::new(),
        }
    }

    pub fn scalar(&self, field: ScalarField) -> Option<Scalar> {
        let a = &self.app.applicant;
        let text = |s: &Option<String>| s.clone().map(Scalar::Text);
        let flag = |b: Option<bool>| b.map(Scalar::Bool);
        match field {
            ScalarField::ApplicantName => text(&a.name),
            ScalarField::ApplicantKind => text(&a.kind),
            ScalarField::ApplicantRegion => text(&a.region),
            ScalarField::Voluntary => flag(a.voluntary),
            ScalarField::SelectedByTender => flag(a.selected_by_tender),
            ScalarField::HasBenefit => flag(a.has_benefit),
            ScalarField::HasOutput => flag(a.has_output),
            ScalarField::HasTaxSource => flag(a.has_tax_source),
            ScalarField::ProjectStatus => text(&self.app.project.status),
        }
    }

    /// The pack's lifecycle (rules that read the history are only built when it has one).
    pub fn lifecycle(&self) -> Option<&'a Lifecycle> {
        self.policy.lifecycle
    }

    /// The application's history, built once.
    pub fn history(&self) -> Option<&History> {
        self.history
            .get_or_init(|| {
                let lc = self.lifecycle()?;
                let results = &self.policy.file.results;
                let passes = |id: &str| results.iter().any(|r| r.id == id && r.passes);
                Some(History::of(self.app, lc, &passes, self.as_of))
            })
            .as_ref()
    }

    /// The settlement outcome and its figures, worked out once from the history.
    pub fn settlement(&self) -> Option<&Settlement> {
        self.settlement
            .get_or_init(|| {
                let lc = self.lifecycle()?;
                let history = self.history()?;
                Some(Settlement::of(self.app, self.policy.file, lc, history, self.as_of))
            })
            .as_ref()
    }
}

/// The sums of a plan by [source][category], all lines and lines supporting 农产品上行, in fen,
/// kept as the lines go by.
#[derive(Clone, Debug)]
pub struct Totals {
    by: Vec<Vec<(i128, i128)>>,
}

impl Totals {
    pub fn new(vocab: &Vocabularies) -> Totals {
        let categories = vocab.categories.len();
        Totals {
            by: vec![vec![(0, 0); categories]; vocab.sources.len()],
        }
    }

    /// Adds a line of `fen` (its amount in fen): the caller has checked that the sum of all the
    /// amounts stays in range (a plan past it is an input error), so no sum here can overflow.
    pub fn add(&mut self, line: &Line<'_>, fen: i128) {
        if let Some(slot) = self.by.get_mut(line.source).and_then(|s| s.get_mut(line.category)) {
            slot.0 = slot.0.saturating_add(fen);
            if line.upward {
                slot.1 = slot.1.saturating_add(fen);
            }
        }
    }
}

/// What an allocation rule sees once every line has gone by: the plan's sums, the columns it
/// ignored, and the pack.
pub struct AllocationContext<'a> {
    pub policy: Policy<'a>,
    /// Columns (or keys of a line) that are not allocation fields, in the order they appear.
    pub ignored_columns: &'a [String],
    totals: &'a Totals,
}

impl<'a> AllocationContext<'a> {
    pub fn new(policy: Policy<'a>, totals: &'a Totals, ignored_columns: &'a [String]) -> Self {
        AllocationContext {
            policy,
            ignored_columns,
            totals,
        }
    }

    /// The sum of one source's lines of one category (only the upward ones when asked).
    pub fn category_total(&self, source: usize, category: usize, upward_only: bool) -> Money {
        let slot = self.totals.by.get(source).and_then(|s| s.get(category));
        Money::from_fen(slot.map_or(0, |(all, upward)| if upward_only { *upward } else { *all }))
    }

    pub fn source_total(&self, source: usize) -> Money {
        let per_category = self.totals.by.get(source).map(|s| s.iter().map(|(all, _)| *all).sum());
        Money::from_fen(per_category.unwrap_or(0))
    }
}

pub struct ProgressContext<'a> {
    pub progress: &'a Progress,
}

const PROGRESS_COUNTS: [&str; 10] = [
    "/villages/total",
    "/villages/covered",
    "/poor_villages/total",
    "/poor_villages/covered",
    "/training/attendances",
    "/training/poor_household_attendances",
    "/training/trainees",
    "/training/started_business",
    "/stations/town",
    "/stations/village",
];

impl ProgressContext<'_> {
    /// Whether a pack rule may name this field of the progress report.
    pub fn knows(path: &Path) -> bool {
        let text = path.to_string();
        PROGRESS_COUNTS.contains(&text.as_str())
            || ["/brands", "/systems_built", "/sectors_online", "/retail_sales/current"].contains(&text.as_str())
    }

    /// A count of the progress report by pointer (0 for what is not a count).
    pub fn count(&self, path: &Path) -> u64 {
        let p = self.progress;
        match path.to_string().as_str() {
            "/villages/total" => p.villages.total,
            "/villages/covered" => p.villages.covered,
            "/poor_villages/total" => p.poor_villages.total,
            "/poor_villages/covered" => p.poor_villages.covered,
            "/training/attendances" => p.attendances,
            "/training/poor_household_attendances" => p.poor_household_attendances,
            "/training/trainees" => p.trainees,
            "/training/started_business" => p.started_business,
            "/stations/town" => p.town_stations,
            "/stations/village" => p.village_points,
            "/brands" => p.brands,
            _ => 0,
        }
    }

    pub fn list(&self, path: &Path) -> &[String] {
        match path.to_string().as_str() {
            "/systems_built" => &self.progress.systems_built,
            "/sectors_online" => &self.progress.sectors_online,
            _ => &[],
        }
    }
}
