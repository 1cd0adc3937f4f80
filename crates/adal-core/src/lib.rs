//! Adal's core: the text pipeline as plain functions on data, in its own crate so that the
//! compiler enforces what it may not know.
//!
//! bytes → [`extract`] → [`text`] (normalize, tokenize) → [`fingerprint`] (shingle, winnow) →
//! (the corpus index, outside this crate) → [`compare`] (align) → [`report`].
//!
//! After admission, [`attestation`] holds the rules of the final attestation (schedule, grades,
//! degree vote, appeals, the defense's states) as plain functions on data too.
//!
//! Nothing here uses tokio, axum, sled, tantivy or postgres, and nothing reads a clock, the
//! environment or the file system: those crates are not even dependencies of this one.

pub mod attestation;
pub mod compare;
pub mod extract;
pub mod fingerprint;
pub mod messages;
pub mod model;
pub mod report;
pub mod text;
pub mod xlang;
