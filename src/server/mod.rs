//! The thesis service (`adal serve`): the axum router, the shared state, thin handlers per area,
//! the one error→HTTP mapping (`error`), sessions and CSRF (`session`), the OpenAPI document,
//! and the first-start setup (`setup`).
//!
//! [`App::open`] opens the store and the corpus index of a data directory, requeues jobs that a
//! previous run left running and starts the job workers (OS threads, see `crate::jobs`);
//! [`App::router`] is the HTTP API; [`App::shutdown`] stops the workers. Tests run the router
//! in-process or on a 127.0.0.1 socket.
//!
//! Nothing outside `cli` and `web` (the pages, which call these handlers) imports this module.

pub mod demo_attestation;
pub mod fuzzing;
pub mod handlers;
pub mod listen;
pub mod openapi;
pub mod router;
pub mod setup;

pub use crate::http::{error, session, state};

use crate::auth::{random_bytes, LoginRateLimiter, RateLimitConfig};
use crate::config::{Config, IndexBackend};
use crate::http::state::AppState;
use crate::index::IndexError;
use crate::jobs::{JobRunner, JobSignal, WorkerPool};
use crate::pipeline::ingest::open_corpus_index;
use crate::pipeline::thesis::{now_ms, DocumentExtractor};
use crate::store::{Actor, Store, StoreError};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: std::path::PathBuf, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot open the store in {path}: {source} (is the data directory writable by this user?)")]
    StoreAt { path: std::path::PathBuf, source: StoreError },
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("the random source failed: {0}")]
    Random(String),
    #[error("cannot use the PostgreSQL shards: {0}")]
    Shards(#[from] crate::index::sharded::ShardError),
}

/// A running service: state shared by the handlers and the job workers.
pub struct App {
    pub state: AppState,
    pub runner: Arc<JobRunner>,
    workers: Option<WorkerPool>,
    /// The e-mail sender, when `[smtp]` is configured: its stop flag and thread.
    mailer: Option<(Arc<AtomicBool>, std::thread::JoinHandle<()>)>,
}

impl App {
    /// Opens the data directory and starts `config.workers` job workers.
    pub fn open(
        config: Config,
        extractor: Arc<dyn DocumentExtractor + Send + Sync>,
    ) -> Result<App, StartupError> {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|source| StartupError::DataDir { path: config.data_dir.clone(), source })?;
        let store = Store::open(config.store_dir())
            .map_err(|source| StartupError::StoreAt { path: config.store_dir(), source })?;
        let index = Arc::new(open_corpus_index(&config.index_dir(), &|what| tracing::warn!("{what}"))?);
        let postgres_url = config.postgres_url.as_deref().unwrap_or_default();
        if config.index_backend == IndexBackend::Postgres {
            let outcome =
                crate::index::sharded::use_sharded_postings(&index, postgres_url, &config.index_dir())?;
            tracing::info!("candidate retrieval on the PostgreSQL shards ({outcome:?})");
        }
        let distributed_rescans = match config.distributed_rescans {
            true => Some(Arc::new(crate::jobs::distributed::RescanQueue::connect(postgres_url)?)),
            false => None,
        };
        let fresh_secret = random_bytes().map_err(|error| StartupError::Random(error.to_string()))?;
        let csrf_secret = store.load_or_create_secret("csrf", fresh_secret)?;
        if let Some(threshold) = config.similarity_threshold_percent {
            let settings = store.settings()?;
            if settings.similarity_threshold_percent != threshold {
                let changed =
                    crate::workflow::Settings { similarity_threshold_percent: threshold, ..settings };
                store.update_settings(&changed, Actor::System, now_ms())?;
            }
        }
        let requeued = store.requeue_interrupted_jobs(now_ms())?;
        if !requeued.is_empty() {
            tracing::info!("resuming {} interrupted job(s): {requeued:?}", requeued.len());
        }
        // Mail is queued only while SMTP is configured; without it nothing is queued or sent.
        store.set_mail_enabled(config.smtp.is_some())?;
        let mailer = config.smtp.clone().map(|smtp| {
            let base_url = smtp.link_base.clone().unwrap_or_else(|| format!("http://{}", config.listen));
            let mailer = crate::notify::mailer::Mailer::new(
                store.clone(),
                smtp,
                base_url,
                Arc::new(crate::app::SystemClock),
            );
            let stopping = Arc::new(AtomicBool::new(false));
            let flag = Arc::clone(&stopping);
            let thread = std::thread::Builder::new()
                .name("adal-mailer".to_string())
                .spawn(move || mailer.run(flag))
                .expect("the mailer thread starts");
            (stopping, thread)
        });
        let job_signal = Arc::new(JobSignal::default());
        let runner = Arc::new(JobRunner {
            store: store.clone(),
            index: Arc::clone(&index),
            extractor: Arc::clone(&extractor),
            stopping: Arc::new(AtomicBool::new(false)),
            distributed_rescans: distributed_rescans.clone(),
        });
        let workers = WorkerPool::start(config.workers, Arc::clone(&runner), Arc::clone(&job_signal));
        let upload_limiter = Arc::new(crate::auth::UploadLimiter::new(config.uploads_per_minute));
        let thesis_limiter =
            Arc::new(crate::auth::UploadLimiter::per_window(config.theses_per_hour, 3_600_000));
        let services = crate::app::Services {
            store,
            index,
            config: Arc::new(config),
            extractor,
            upload_limiter,
            thesis_limiter,
            job_signal,
            clock: Arc::new(crate::app::SystemClock),
        };
        let state = AppState {
            services,
            csrf_secret,
            rate_limiter: Arc::new(LoginRateLimiter::new(RateLimitConfig::DEFAULT)),
            rescan_queue: distributed_rescans,
        };
        Ok(App { state, runner, workers: Some(workers), mailer })
    }

    /// The HTTP API.
    pub fn router(&self) -> axum::Router {
        router::router(self.state.clone())
    }

    /// Stops the job workers (a rescan stops between two theses and resumes at the next start).
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(workers) = self.workers.take() {
            workers.shutdown();
        }
        if let Some((stopping, thread)) = self.mailer.take() {
            stopping.store(true, std::sync::atomic::Ordering::Relaxed);
            let _ = thread.join();
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop();
    }
}
