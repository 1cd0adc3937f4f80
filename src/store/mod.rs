//! The durable state of the thesis service, kept in sled: users, theses, versions, checks,
//! decisions, exclusions, jobs, sessions, API tokens, settings, the append-only audit log,
//! notifications with their mail outbox, the attestation's commissions (`commissions.rs`) and the
//! theses' defense documents (`documents.rs`), the commissions' schedules and the students'
//! defenses (`defenses.rs`), the grading of the defenses (`grading.rs`) and the
//! appeals (`appeals.rs`);
//! plus the content-addressed [`FileStore`] for uploaded files, [`DerivedFiles`] (what was
//! derived from them and can be made again, e.g. extracted text), consistency self-checks
//! (`verify.rs`) and consistent snapshots for backups (`snapshot.rs`).
//!
//! Rules this module keeps:
//! - Every state change and its [`AuditEntry`] are written in one sled transaction, so the
//!   audit log always agrees with the records and has no gaps.
//! - Thesis states change only here, and only through [`crate::workflow::apply`]; a defense's
//!   state only here, and only through `attestation::state::apply`.
//! - Durability: every method that changes something calls `flush` before it returns `Ok`, so an
//!   acknowledged change survives a crash or power loss (a crash test in `tests/store_crash.rs`
//!   proves it with `SIGKILL`). Callers acknowledge to users only after `Ok`.
//! - Time is passed in (`now`: unix milliseconds); the store reads no clock and no randomness.
//! - No sled type leaves this module; errors are [`StoreError`].
//!
//! It must not know about the corpus index (tantivy), HTTP, or the access rules: callers check
//! access with `auth::authorize` before calling the store. Corpus changes that the workflow
//! calls for are queued in an outbox ([`Store::pending_corpus_changes`]) for the pipeline.

mod absences;
mod appeals;
mod audit;
mod commissions;
mod defenses;
mod derived;
mod documents;
mod error;
mod files;
mod grading;
mod jobs;
mod notifications;

mod reviews;
mod sessions;
mod snapshot;
#[cfg(test)]
pub(crate) mod test_support;
mod theses;
mod tx;
mod users;
mod verify;
mod verify_attestation;

pub use crate::records::*;
pub use audit::{Actor, AuditAction, AuditEntry, AuditTarget};
pub use derived::DerivedFiles;
pub use error::StoreError;
pub use files::FileStore;
pub use jobs::{Job, JobKind, JobProgress, JobState, RescanItemOutcome, RescanSelection};
pub use snapshot::{SnapshotCounts, DUMP_FILE, FILES_DIR};
pub use theses::{CorpusChange, ThesisScope};
pub use verify::RecordCounts;

use serde::de::DeserializeOwned;
use sled::transaction::{TransactionError, Transactional};
use std::path::Path;
use tx::{decode, id_key, read_u64, TreeName, Tx, TxResult, SETTINGS_TREE_KEY, TREE_NAMES};

use crate::workflow::Settings;

/// The open database and file store. Cheap to share behind an `Arc`; all methods take `&self`.
#[derive(Clone, Debug)]
pub struct Store {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    files: FileStore,
    derived: DerivedFiles,
    /// Writes hold it shared, a snapshot exclusively (see `snapshot.rs`).
    snapshot_lock: std::sync::Arc<std::sync::RwLock<()>>,
}

impl Store {
    /// Opens (or creates) the store in `dir`: the database in `dir/db`, files in `dir/files`,
    /// derived files in `dir/derived`.
    ///
    /// sled's lock on the database can still be taken for a moment after its holder is gone:
    /// the crash run (`adal-tools bench crash`) saw it right after a SIGKILL of the server, and the
    /// holder had vanished before it could be identified (most likely a child process forked
    /// just before the kill, which shares the locked file until it execs). Such a lock is
    /// waited for, up to five seconds; a lock held longer (a running server) is an error.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        let dir = dir.as_ref();
        let mut attempts = 0;
        let db = loop {
            match sled::Config::new().path(dir.join("db")).open() {
                // sled reports a held lock as an `Other` I/O error with this text.
                Err(sled::Error::Io(error))
                    if error.to_string().contains("could not acquire lock") && attempts < 50 =>
                {
                    attempts += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                outcome => break outcome?,
            }
        };
        let mut trees = Vec::with_capacity(TREE_NAMES.len());
        for name in TREE_NAMES {
            trees.push(db.open_tree(name)?);
        }
        let files = FileStore::open(dir.join("files"))?;
        let derived = DerivedFiles::open(dir.join("derived"))?;
        Ok(Store { db, trees, files, derived, snapshot_lock: Default::default() })
    }

    /// The content-addressed store of uploaded files.
    pub fn files(&self) -> &FileStore {
        &self.files
    }

    /// Files derived from uploaded files, which can be made again (not backed up).
    pub fn derived(&self) -> &DerivedFiles {
        &self.derived
    }

    /// Writes everything to disk. Every mutating method already does this before returning.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    fn tree(&self, name: TreeName) -> &sled::Tree {
        // `trees` is filled in `open` in the order of `TREE_NAMES`, one per name.
        &self.trees[name.index()]
    }

    /// Runs `change` in one transaction over all trees, then flushes: when this returns `Ok`
    /// the change is on disk.
    fn write<R>(&self, change: impl Fn(&Tx) -> TxResult<R>) -> Result<R, StoreError> {
        let _shared = self.snapshot_lock.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let tree_refs: Vec<&sled::Tree> = self.trees.iter().collect();
        let outcome = tree_refs.as_slice().transaction(|trees| change(&Tx { trees }));
        let value = match outcome {
            Ok(value) => value,
            Err(TransactionError::Abort(error)) => return Err(error),
            Err(TransactionError::Storage(error)) => return Err(error.into()),
        };
        self.db.flush()?;
        Ok(value)
    }

    /// Reads the record with this id, if there is one.
    fn read<T: DeserializeOwned>(&self, name: TreeName, id: u64) -> Result<Option<T>, StoreError> {
        let key = id_key(id);
        match self.tree(name).get(key)? {
            Some(bytes) => Ok(Some(decode(name, &key, &bytes)?)),
            None => Ok(None),
        }
    }

    /// Reads the record with this id, which must exist.
    fn read_record<T: DeserializeOwned>(
        &self,
        name: TreeName,
        kind: &'static str,
        id: u64,
    ) -> Result<T, StoreError> {
        self.read(name, id)?.ok_or(StoreError::NotFound { kind, id })
    }

    /// The second ids of an index tree's `(first, second)` keys for one `first`, in order.
    fn index_ids(&self, index: TreeName, first: u64) -> Result<Vec<u64>, StoreError> {
        let mut ids = Vec::new();
        for item in self.tree(index).scan_prefix(id_key(first)) {
            let (key, _) = item?;
            ids.push(read_u64(index, &key, 8)?);
        }
        Ok(ids)
    }

    /// Every record of a tree, in id order.
    fn read_all<T: DeserializeOwned>(&self, name: TreeName) -> Result<Vec<T>, StoreError> {
        let mut records = Vec::new();
        for item in self.tree(name).iter() {
            let (key, bytes) = item?;
            records.push(decode(name, &key, &bytes)?);
        }
        Ok(records)
    }

    /// The institution's settings (the defaults until an admin changes them).
    pub fn settings(&self) -> Result<Settings, StoreError> {
        match self.tree(TreeName::Meta).get(SETTINGS_TREE_KEY)? {
            Some(bytes) => decode(TreeName::Meta, SETTINGS_TREE_KEY, &bytes),
            None => Ok(Settings::default()),
        }
    }

    /// Replaces the settings.
    pub fn update_settings(&self, settings: &Settings, actor: Actor, now: i64) -> Result<(), StoreError> {
        let is_valid_threshold = (0.0..=100.0).contains(&settings.similarity_threshold_percent);
        if !is_valid_threshold {
            return Err(StoreError::Invalid { reason: "the threshold must be between 0 and 100 percent" });
        }
        if !settings.is_valid_appeal_window() {
            return Err(StoreError::Invalid { reason: "the appeal window must be 2 to 10 working days" });
        }
        self.write(|tx| {
            let before: Settings = tx.get(TreeName::Meta, SETTINGS_TREE_KEY)?.unwrap_or_default();
            tx.put(TreeName::Meta, SETTINGS_TREE_KEY, settings)?;
            let details = serde_json::json!({ "before": before, "after": settings });
            tx.audit(now, actor, AuditAction::SettingsChanged, AuditTarget::Settings, details)?;
            Ok(())
        })
    }

    /// A server secret (e.g. the CSRF key) under `name`: the stored one, or `fresh` stored now
    /// if there was none. The caller generates `fresh` randomly; the store reads no randomness.
    pub fn load_or_create_secret(&self, name: &str, fresh: [u8; 32]) -> Result<[u8; 32], StoreError> {
        let key = format!("secret/{name}");
        self.write(|tx| {
            let stored: Option<[u8; 32]> = tx.get(TreeName::Meta, key.as_bytes())?;
            match stored {
                Some(secret) => Ok(secret),
                None => {
                    tx.put(TreeName::Meta, key.as_bytes(), &fresh)?;
                    Ok(fresh)
                }
            }
        })
    }
}
