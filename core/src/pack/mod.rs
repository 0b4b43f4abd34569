//! Rule packs as data: the policy's numbers, lists, labels, citations and message templates,
//! as read from TOML (`model`), checked for consistency (`lint`), changed for one run
//! (`params`), with their closed lists ready for the input reader (`vocab`) and their problems
//! (`error`). Nothing here knows a validator: the engine (`crate::engine`) builds them.

pub mod diff;
mod error;
pub mod extends;
pub(crate) mod lint;
pub mod model;
pub mod params;
pub mod read;
mod vocab;

pub use error::{PackCode, PackError, PackErrors};
pub use model::{PackFile, RuleConfig, Text};
pub(crate) use vocab::share;
pub use vocab::Vocabularies;
