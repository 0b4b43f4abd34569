//! Acceptance, prepayments and the settlement outcome of an application (FM 四(一), PM 三(三),
//! FM 五(四)), worked out once per document and shared by the rules that report on them.

use chrono::NaiveDate;

use crate::doc::application::Application;
use crate::pack::Pack;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settlement {}

impl Settlement {
    pub fn of(_app: &Application, _pack: &Pack, _as_of: Option<NaiveDate>) -> Settlement {
        Settlement {}
    }
}
