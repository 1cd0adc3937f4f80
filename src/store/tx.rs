//! The trees of the database, key encodings, and a small typed wrapper around a sled
//! transaction over all trees.
//!
//! Every write of the store goes through [`Tx`]: records are JSON, ids are big-endian `u64` so
//! that sled's byte order is numeric order, and index trees map composite keys to nothing.

use super::StoreError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

/// The result type inside a transaction closure.
pub(crate) type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// Every tree of the database. The discriminant is the position in [`TREE_NAMES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TreeName {
    /// Counters and single records (settings, secrets).
    Meta,
    Users,
    /// Lower-cased e-mail → user id.
    UsersByEmail,
    /// (supervisor, student) → ().
    StudentsBySupervisor,
    Theses,
    /// (student, thesis) → ().
    ThesesByStudent,
    /// (supervisor, thesis) → ().
    ThesesBySupervisor,
    Versions,
    /// (thesis, version) → ().
    VersionsByThesis,
    Checks,
    /// Check id → the report's JSON bytes.
    Reports,
    /// (version, check) → ().
    ChecksByVersion,
    Decisions,
    /// (thesis, decision) → ().
    DecisionsByThesis,
    Exclusions,
    /// (check, exclusion) → ().
    ExclusionsByCheck,
    Jobs,
    /// (priority, job) → (); only queued jobs are in it.
    JobQueue,
    /// (job, thesis) → the outcome of that thesis in a rescan.
    RescanItems,
    /// Hash of the session id → session.
    Sessions,
    /// Hash of the token → API token.
    ApiTokens,
    /// Sequence number → audit entry; append-only.
    Audit,
    /// Sequence number → corpus change that the pipeline has yet to apply to the index.
    CorpusOutbox,
    Notifications,
    /// (user, notification) → ().
    NotificationsByUser,
    /// Notification id → the e-mail still to send for it (only while SMTP is configured).
    MailOutbox,
    /// The attestation's commissions (issue #18); trees added after the first release go last,
    /// so that a snapshot of an older release still restores (see `snapshot.rs`).
    Commissions,
    /// (thesis, document kind) → the thesis's defense document of that kind.
    DefenseDocuments,
    /// Commission id → its schedule.
    Schedules,
    /// Thesis id → its defense.
    Defenses,
    /// Thesis id → the grading of its defense (marks, vote, confirmation).
    Gradings,
    /// Thesis id → the appeal against its result.
    Appeals,
    /// Thesis id → the student's latest request to defend on another day (§22).
    AbsenceRequests,
}

pub(crate) const TREE_NAMES: [&str; 33] = [
    "meta",
    "users",
    "users_by_email",
    "students_by_supervisor",
    "theses",
    "theses_by_student",
    "theses_by_supervisor",
    "versions",
    "versions_by_thesis",
    "checks",
    "reports",
    "checks_by_version",
    "decisions",
    "decisions_by_thesis",
    "exclusions",
    "exclusions_by_check",
    "jobs",
    "job_queue",
    "rescan_items",
    "sessions",
    "api_tokens",
    "audit",
    "corpus_outbox",
    "notifications",
    "notifications_by_user",
    "mail_outbox",
    "commissions",
    "defense_documents",
    "schedules",
    "defenses",
    "gradings",
    "appeals",
    "absence_requests",
];

/// How many trees the first release had: a snapshot may end after them (see `snapshot.rs`).
pub(crate) const FIRST_RELEASE_TREES: usize = 26;

impl TreeName {
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn label(self) -> &'static str {
        TREE_NAMES[self.index()]
    }
}

/// The key of the settings record in the meta tree.
pub(crate) const SETTINGS_TREE_KEY: &[u8] = b"settings";

/// The key of a record with a numeric id.
pub(crate) fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

/// The key of an index entry relating two ids; a prefix scan on `id_key(first)` lists them.
pub(crate) fn pair_key(first: u64, second: u64) -> [u8; 16] {
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&first.to_be_bytes());
    key[8..].copy_from_slice(&second.to_be_bytes());
    key
}

/// Reads a big-endian `u64` from the given 8 bytes of a key.
pub(crate) fn read_u64(tree: TreeName, key: &[u8], offset: usize) -> Result<u64, StoreError> {
    key.get(offset..offset + 8)
        .and_then(|bytes| <[u8; 8]>::try_from(bytes).ok())
        .map(u64::from_be_bytes)
        .ok_or_else(|| StoreError::Corrupt {
            tree: tree.label(),
            key: format!("{key:?}"),
            reason: "key is too short for an id".to_string(),
        })
}

pub(crate) fn encode<T: Serialize>(tree: TreeName, value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|error| StoreError::Corrupt {
        tree: tree.label(),
        key: String::new(),
        reason: format!("cannot encode: {error}"),
    })
}

pub(crate) fn decode<T: DeserializeOwned>(tree: TreeName, key: &[u8], bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|error| StoreError::Corrupt {
        tree: tree.label(),
        key: format!("{key:?}"),
        reason: error.to_string(),
    })
}

/// Aborts the transaction with a store error.
pub(crate) fn abort<T>(error: impl Into<StoreError>) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(error.into()))
}

/// A transaction over all trees of the database.
pub(crate) struct Tx<'a> {
    pub(crate) trees: &'a [TransactionalTree],
}

impl Tx<'_> {
    fn tree(&self, name: TreeName) -> TxResult<&TransactionalTree> {
        match self.trees.get(name.index()) {
            Some(tree) => Ok(tree),
            None => abort(StoreError::Storage(format!("tree {} is not open", name.label()))),
        }
    }

    pub(crate) fn get<T: DeserializeOwned>(&self, name: TreeName, key: &[u8]) -> TxResult<Option<T>> {
        match self.tree(name)?.get(key)? {
            None => Ok(None),
            Some(bytes) => match decode(name, key, &bytes) {
                Ok(value) => Ok(Some(value)),
                Err(error) => abort(error),
            },
        }
    }

    /// Reads a record that must exist.
    pub(crate) fn get_record<T: DeserializeOwned>(
        &self,
        name: TreeName,
        kind: &'static str,
        id: u64,
    ) -> TxResult<T> {
        match self.get(name, &id_key(id))? {
            Some(value) => Ok(value),
            None => abort(StoreError::NotFound { kind, id }),
        }
    }

    pub(crate) fn contains(&self, name: TreeName, key: &[u8]) -> TxResult<bool> {
        Ok(self.tree(name)?.get(key)?.is_some())
    }

    pub(crate) fn put<T: Serialize>(&self, name: TreeName, key: &[u8], value: &T) -> TxResult<()> {
        let bytes = match encode(name, value) {
            Ok(bytes) => bytes,
            Err(error) => return abort(error),
        };
        self.tree(name)?.insert(key, bytes)?;
        Ok(())
    }

    pub(crate) fn put_raw(&self, name: TreeName, key: &[u8], bytes: &[u8]) -> TxResult<()> {
        self.tree(name)?.insert(key, bytes)?;
        Ok(())
    }

    pub(crate) fn remove(&self, name: TreeName, key: &[u8]) -> TxResult<()> {
        self.tree(name)?.remove(key)?;
        Ok(())
    }

    /// The next value of a named counter in the meta tree, starting at 1.
    pub(crate) fn next_id(&self, counter: &str) -> TxResult<u64> {
        self.next_id_from(counter, 0)
    }

    /// The last id `counter` gave out (0 when none).
    pub(crate) fn last_id(&self, counter: &str) -> TxResult<u64> {
        let key = format!("counter/{counter}");
        Ok(self.get(TreeName::Meta, key.as_bytes())?.unwrap_or(0))
    }

    /// [`Tx::next_id`] of a counter that, when it does not exist yet, starts after `floor`.
    pub(crate) fn next_id_from(&self, counter: &str, floor: u64) -> TxResult<u64> {
        let key = format!("counter/{counter}");
        let current: u64 = self.get(TreeName::Meta, key.as_bytes())?.unwrap_or(floor);
        let next = current.saturating_add(1);
        self.put(TreeName::Meta, key.as_bytes(), &next)?;
        Ok(next)
    }
}
