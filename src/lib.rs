//! Adal: a self-hosted, Kazakh-aware plagiarism checker and thesis-submission system.
//!
//! The crate is laid out as the steps of its pipeline (see `ARCHITECTURE.md`):
//! bytes → [`extract`] → [`text`] (normalize, tokenize) → [`fingerprint`] (shingle, winnow) →
//! corpus lookup → alignment → report.
//!
//! The core modules (`model`, `extract`, `text`, `fingerprint`, `compare`, `report`) are plain
//! functions on data in their own crate, `adal-core` (`crates/adal-core`), re-exported here
//! under their old paths: the compiler keeps tokio, axum, sled, tantivy and postgres out of
//! them; `tests/architecture.rs` checks the remaining import rules.

pub use adal_core::{attestation, compare, extract, fingerprint, messages, model, report, text, xlang};

pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod embedding;
pub mod http;
pub mod index;
pub mod jobs;
pub mod lexicon;
pub mod notify;
pub mod pipeline;
pub mod records;
pub mod server;
pub mod store;
pub mod web;
pub mod workflow;
