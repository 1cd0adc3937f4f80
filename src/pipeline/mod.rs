//! The one place that composes the pipeline steps: extraction, text analysis, fingerprinting,
//! the corpus index (and, later, the store and comparison).
//!
//! - `check`: check one document against the corpus and build its report.
//! - `extracted_cache`: extractions kept beside uploads, so checking the same bytes again
//!   does not extract again.
//! - `ingest`: add files and folders to the reference corpus.
//! - `manifest`: read the `manifest.tsv` metadata of a corpus folder.
//! - `retrieval`: the queries a submission asks the corpus index (fingerprints, sentence stem
//!   pairs) and how their candidates are merged.
//! - `thesis`: check a stored thesis version and apply the corpus outbox.

pub mod backup;
pub mod check;
pub mod extracted_cache;
pub mod ingest;
pub mod manifest;
pub mod retrieval;
pub mod thesis;
