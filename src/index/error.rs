//! Why an operation on the corpus index failed, as a typed error.
//!
//! The CLI prints these; the server maps them to HTTP in its own error module. Nothing here
//! knows about extraction or storage.

/// A failure of the corpus index (not of one document: per-document outcomes are
/// [`AddOutcome`](super::AddOutcome) values, never errors).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Tantivy reported an error (I/O, corrupted data, a failed merge, ...).
    #[error("corpus index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Reading or writing a file next to the index failed.
    #[error("corpus index I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// Another process (or another writer in this process) holds the index write lock.
    #[error("the corpus index is being written by another process; try again when it has finished")]
    Busy,
    /// The directory holds an index written with another schema (another Adal release?).
    #[error("the index at {path} has an incompatible schema (missing field `{field}`)")]
    IncompatibleSchema { path: String, field: String },
    /// The stored fingerprints were made with another fingerprint scheme; adding documents now
    /// would mix two schemes and make candidate counts meaningless.
    #[error(
        "the corpus index holds fingerprints of scheme version {stored}, but this build makes \
         version {current}; run `adal corpus reindex` first"
    )]
    ReindexNeeded { stored: u32, current: u32 },
    /// The commit payload that records the corpus version could not be read.
    #[error("the corpus version record is unreadable: {0}")]
    BadVersionRecord(String),
    /// A fingerprint run is damaged or missing.
    #[error("the corpus fingerprint table is damaged: {0}; rebuild it with `adal corpus reindex`")]
    CorruptRun(String),
    /// The postings backend (the shards of a sharded index) failed or cannot be reached.
    #[error("the fingerprint shards failed: {0}")]
    Backend(String),
    /// No document has this identifier.
    #[error("no document with id `{0}` in the corpus")]
    NotFound(String),
}

impl IndexError {
    /// Turns a tantivy error into [`IndexError::Busy`] when it is a lock failure.
    pub(crate) fn from_writer_error(error: tantivy::TantivyError) -> IndexError {
        match error {
            tantivy::TantivyError::LockFailure(..) => IndexError::Busy,
            other => IndexError::Tantivy(other),
        }
    }
}
