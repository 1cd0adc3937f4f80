//! The one place that composes the pipeline steps: extraction, text analysis, fingerprinting,
//! the corpus index (and, later, the store and comparison).
//!
//! - `ingest`: add files and folders to the reference corpus.
//! - `manifest`: read the `manifest.tsv` metadata of a corpus folder.

pub mod ingest;
pub mod manifest;
