//! A small pool of PostgreSQL connections (the synchronous `postgres` client; callers are
//! blocking threads, never the async runtime).
//!
//! A connection that failed is dropped instead of going back to the pool, and an operation is
//! retried once on a fresh connection when the old one had been closed (a restarted proxy).

use super::error::ShardError;
use postgres::{Client, NoTls};
use std::sync::Mutex;

/// Connections to one PostgreSQL database, opened on demand.
pub struct ConnectionPool {
    url: String,
    idle: Mutex<Vec<Client>>,
}

/// Idle connections kept for reuse.
const MAX_IDLE: usize = 8;

impl ConnectionPool {
    /// Opens one connection at once, so that a wrong URL fails at start-up.
    pub fn connect(url: &str) -> Result<ConnectionPool, ShardError> {
        let first = Client::connect(url, NoTls)?;
        Ok(ConnectionPool { url: url.to_string(), idle: Mutex::new(vec![first]) })
    }

    /// Runs `operation` on a pooled connection.
    pub fn with<T>(
        &self,
        mut operation: impl FnMut(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, ShardError> {
        let mut client = self.take()?;
        let result = match operation(&mut client) {
            Err(error) if client.is_closed() => {
                // The server went away between two uses: one retry on a new connection.
                drop(error);
                client = Client::connect(&self.url, NoTls)?;
                operation(&mut client)
            }
            other => other,
        };
        match result {
            Ok(value) => {
                self.give_back(client);
                Ok(value)
            }
            Err(error) => {
                if !client.is_closed() {
                    self.give_back(client);
                }
                Err(error.into())
            }
        }
    }

    fn take(&self) -> Result<Client, ShardError> {
        let pooled = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop();
        match pooled {
            Some(client) if !client.is_closed() => Ok(client),
            _ => Ok(Client::connect(&self.url, NoTls)?),
        }
    }

    fn give_back(&self, client: Client) {
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(client);
        }
    }
}

impl Drop for ConnectionPool {
    /// Closing a `postgres` client blocks on its own runtime, which panics on a thread that
    /// drives async tasks (the service drops its state there at shutdown): such threads hand
    /// the connections to a short-lived thread of their own.
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner()));
        if idle.is_empty() {
            return;
        }
        if tokio::runtime::Handle::try_current().is_ok() {
            let _ = std::thread::Builder::new().name("adal-pg-close".into()).spawn(move || drop(idle));
        } else {
            drop(idle);
        }
    }
}
