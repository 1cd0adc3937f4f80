//! The state every handler shares: the application layer's [`Services`] (store, index,
//! configuration, extractor, limiters, job signal, clock), and what only HTTP needs: the CSRF
//! secret, the login rate limiter and the distributed rescan queue. It dereferences to the
//! services, so `state.store` reads as before.

use crate::app::Services;
use crate::auth::LoginRateLimiter;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    /// HMAC key of the CSRF tokens, kept in the store so tokens survive a restart.
    pub csrf_secret: [u8; 32],
    pub rate_limiter: Arc<LoginRateLimiter>,
    /// The queue of `adal worker` processes, when rescans are distributed.
    pub rescan_queue: Option<Arc<crate::jobs::distributed::RescanQueue>>,
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.services
    }
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

    /// Runs an application function on a blocking thread with the services.
    pub async fn run<T, F>(&self, work: F) -> Result<T, super::error::ApiError>
    where
        F: FnOnce(&Services) -> Result<T, super::error::ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let services = self.services.clone();
        tokio::task::spawn_blocking(move || work(&services))
            .await
            .map_err(super::error::ApiError::internal)?
    }
}
