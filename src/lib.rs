//! Adal: a self-hosted, Kazakh-aware plagiarism checker and thesis-submission system.
//!
//! The crate is laid out as the steps of its pipeline (see `ARCHITECTURE.md`):
//! bytes → [`extract`] → [`text`] (normalize, tokenize) → [`fingerprint`] (shingle, winnow) →
//! corpus lookup → alignment → report.
//!
//! The core modules (`model`, `extract`, `text`, `fingerprint`, `compare`, `report`) are plain
//! functions on data: they use no tokio, axum, sled or tantivy, and read no clock, environment
//! or file system. A test in `tests/architecture.rs` checks those import rules.

pub mod app;
pub mod auth;
pub mod cli;
pub mod compare;
pub mod config;
pub mod eval;
pub mod extract;
pub mod fingerprint;
pub mod index;
pub mod jobs;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod server;
pub mod shards;
pub mod store;
pub mod synthetic;
pub mod text;
pub mod web;
pub mod workflow;
