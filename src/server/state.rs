//! The state every handler shares: the store, the corpus index, the configuration, the CSRF
//! secret, the login rate limiter, the upload limiter and the signal that wakes the job workers.

use crate::auth::{LoginRateLimiter, UploadLimiter};
use crate::config::Config;
use crate::index::CorpusIndex;
use crate::jobs::JobSignal;
use crate::pipeline::thesis::DocumentExtractor;
use crate::store::Store;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub index: Arc<CorpusIndex>,
    pub config: Arc<Config>,
    /// HMAC key of the CSRF tokens, kept in the store so tokens survive a restart.
    pub csrf_secret: [u8; 32],
    pub rate_limiter: Arc<LoginRateLimiter>,
    /// Thesis uploads per user and minute.
    pub upload_limiter: Arc<UploadLimiter>,
    /// New theses per user and hour.
    pub thesis_limiter: Arc<UploadLimiter>,
    pub job_signal: Arc<JobSignal>,
    /// Extraction of corpus uploads (isolated, like the workers').
    pub extractor: Arc<dyn DocumentExtractor + Send + Sync>,
    /// The queue of `adal worker` processes, when rescans are distributed.
    pub rescan_queue: Option<Arc<crate::shards::RescanQueue>>,
}

impl AppState {
    /// Runs blocking or CPU-bound work (store writes, argon2, extraction) off the async runtime.
    pub async fn blocking<T, F>(&self, work: F) -> Result<T, super::error::ApiError>
    where
        F: FnOnce(&AppState) -> Result<T, super::error::ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || work(&state)).await.map_err(super::error::ApiError::internal)?
    }
}
