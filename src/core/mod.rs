//! The pure core: no I/O, no clock, no randomness of its own. Everything the
//! engine decides and every value it sends or reads is computed here, from
//! arguments alone, so each rule is a table test.

pub mod amount;
pub mod config;
pub mod envelope;
pub mod error;
pub mod fields;
pub mod merge;
pub mod params;
pub mod policy;
pub mod request;
pub mod scalar;
pub(crate) mod wire;
