//! The pure core: no I/O, no clock, no randomness of its own. Everything the
//! engine decides and every value it sends or reads is computed here, from
//! arguments alone, so each rule is a table test.

pub mod amount;
pub mod binding;
pub mod config;
pub mod envelope;
pub mod error;
pub mod failure;
pub mod fields;
pub mod http_date;
pub mod merge;
pub mod params;
pub mod policy;
pub mod redact;
pub mod request;
pub mod scalar;
pub mod schedule;
pub mod status;
pub(crate) mod wire;
