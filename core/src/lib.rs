//! fundcheck: the rules of 偃政办〔2019〕13号 (Yanshi City's e-commerce-into-rural-areas special
//! funds) as composable validators over a rule pack, in a pure Rust core.
//!
//! ```
//! use fundcheck::{check_bytes, Options, Pack};
//! let pack = Pack::embedded().unwrap();
//! let doc = br#"{"kind": "allocation", "lines": []}"#;
//! let report = check_bytes(doc, pack, &Options::default()).unwrap();
//! assert!(report.ok());
//! ```

pub mod calendar;
mod context;
pub mod decode;
pub mod doc;
mod engine;
pub mod ffi;
pub mod history;
pub mod host;
pub mod input;
pub mod json;
pub mod lang;
pub mod lean;
mod message;
pub mod money;
pub mod normalize;
mod options;
pub mod pack;
#[cfg(feature = "packtest")]
pub mod packtest;
pub mod path;
pub mod report;
mod rules;
pub mod settlement;
pub mod tree;

pub use calendar::{Calendar, CalendarError};
pub use chrono::NaiveDate;
pub use doc::csv::Encoding;
pub use doc::Document;
pub use engine::{check, check_bytes, check_plan, check_tree, parse, Pack};
pub use ffi::{Failure, Problem};
pub use input::{InputCode, InputError, InputErrors, Limits};
pub use lang::Lang;
pub use money::Money;
pub use options::{Format, Options};
pub use pack::{PackCode, PackError, PackErrors};
pub use path::Path;
pub use report::{Finding, Owner, Report, Severity, Value};
