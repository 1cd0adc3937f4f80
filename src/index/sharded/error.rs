//! Why an operation on the shards or the rescan queue failed.

use crate::index::IndexError;

/// A failure talking to the sharded PostgreSQL deployment.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// PostgreSQL refused a statement or the connection broke.
    #[error("PostgreSQL error: {0}")]
    Postgres(#[from] postgres::Error),
    /// The corpus index failed while loading the shards from it.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The shards miss documents of the corpus: a load is in progress, or a writer's commit
    /// reached the corpus but not the shards.
    #[error(
        "the shards hold documents below {held}, the corpus needs them below {needed} (a load in progress?)"
    )]
    Behind { held: u32, needed: u32 },
    /// The shards hold another corpus (or were never loaded).
    #[error("the shards hold another corpus or none; load them with `adal shards load`")]
    OtherCorpus,
    /// A queued rescan item or a stored report could not be read.
    #[error("unreadable rescan item: {0}")]
    Payload(String),
}

impl From<ShardError> for IndexError {
    fn from(error: ShardError) -> IndexError {
        match error {
            ShardError::Index(error) => error,
            other => IndexError::Backend(other.to_string()),
        }
    }
}
