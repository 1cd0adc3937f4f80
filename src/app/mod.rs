//! The application layer: every change people make through the JSON API or the pages, one
//! function each, with typed input, typed output and typed errors ([`AppError`]), taking the
//! time from the [`Clock`] of [`Services`].
//!
//! `server::handlers` (JSON) and `web::pages` (forms) both call these functions; they parse
//! requests and render answers, nothing more, and neither calls the other. Access is decided
//! here through `auth::authorize`, state changes go through the store (and so the workflow).
//! Nothing here knows HTTP: no axum type goes in or comes out. The functions block (store
//! writes, argon2id, isolated extraction): the server runs them on blocking threads.

pub mod absences;
pub mod access;
pub mod accounts;
pub mod admission;
pub mod appeals;
pub mod backups;
pub mod comments;
pub mod commissions;
pub mod corpus;
pub mod dashboard;
pub mod documents;
pub mod docx_writer;
pub mod error;
pub mod export;
pub mod fields;
pub mod grading;
pub mod ics;
pub mod listing;
pub mod notifications;
pub mod protocols;
pub mod rescans;
pub mod reviews;
pub mod schedule_views;
pub mod schedules;
pub mod theses;
pub mod thesis_list;
pub mod thesis_page;
pub mod users;
pub mod views;

pub use crate::clock::{Clock, FixedClock, SystemClock};
pub use error::AppError;

use crate::auth::UploadLimiter;
use crate::config::Config;
use crate::index::CorpusIndex;
use crate::jobs::JobSignal;
use crate::pipeline::thesis::DocumentExtractor;
use crate::store::Store;
use std::sync::Arc;

/// What the application functions work with: the store, the corpus index, the configuration,
/// the extractor, the per-user limiters, the signal that wakes the job workers and the clock.
#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub index: Arc<CorpusIndex>,
    pub config: Arc<Config>,
    /// Extraction of corpus uploads (isolated, like the workers').
    pub extractor: Arc<dyn DocumentExtractor + Send + Sync>,
    /// Thesis uploads per user and minute.
    pub upload_limiter: Arc<UploadLimiter>,
    /// New theses per user and hour.
    pub thesis_limiter: Arc<UploadLimiter>,
    pub job_signal: Arc<JobSignal>,
    pub clock: Arc<dyn Clock>,
}

impl Services {
    /// The current time in unix milliseconds, from the clock.
    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }
}
