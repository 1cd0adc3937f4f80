//! The content-addressed store of uploaded files: `<dir>/ab/cdef…`, where `abcdef…` is the
//! xxh3-128 hex of the bytes.
//!
//! A file is written to a temporary file in the same directory, fsynced, renamed into place, and
//! the directory is fsynced, so a crash leaves either no file or the whole file, never a part.
//! Storing the same bytes twice stores them once. xxh3 is not a cryptographic hash: the address
//! names a file, it does not prove who wrote it; only Adal writes here.

use super::StoreError;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files by content hash.
#[derive(Clone, Debug)]
pub struct FileStore {
    root: PathBuf,
}

/// Length of the hex content address (128 bits).
const HASH_HEX_LEN: usize = 32;

/// Maps an I/O failure at `path` to [`StoreError::Io`].
pub(super) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_path_buf(), source }
}

impl FileStore {
    /// Opens (or creates) the file store at `root`.
    pub fn open(root: impl Into<PathBuf>) -> Result<FileStore, StoreError> {
        let root = root.into();
        fs::create_dir_all(&root).map_err(io_error(&root))?;
        Ok(FileStore { root })
    }

    /// The directory the files live in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The content address of some bytes.
    pub fn hash_of(bytes: &[u8]) -> String {
        format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
    }

    /// The path a file with this address has; `None` for an address that is not 32 hex digits.
    pub fn path_of(&self, hash: &str) -> Option<PathBuf> {
        is_content_address(hash).then(|| self.root.join(&hash[..2]).join(&hash[2..]))
    }

    /// Stores the bytes durably and returns their address.
    pub fn put(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let hash = Self::hash_of(bytes);
        let Some(final_path) = self.path_of(&hash) else {
            return Err(StoreError::Invalid { reason: "the content hash is not 32 hex digits" });
        };
        if final_path.exists() {
            return Ok(hash);
        }
        let shard_dir = final_path.parent().unwrap_or(&self.root).to_path_buf();
        fs::create_dir_all(&shard_dir).map_err(io_error(&shard_dir))?;
        // A fresh shard directory must itself be durable in the root directory.
        sync_dir(&self.root)?;

        let mut temporary = tempfile::NamedTempFile::new_in(&shard_dir).map_err(io_error(&shard_dir))?;
        temporary.write_all(bytes).map_err(io_error(temporary.path()))?;
        temporary.as_file().sync_all().map_err(io_error(temporary.path()))?;
        temporary
            .persist(&final_path)
            .map_err(|error| StoreError::Io { path: final_path.clone(), source: error.error })?;
        sync_dir(&shard_dir)?;
        Ok(hash)
    }

    /// The bytes stored under `hash`. A malformed address is `Invalid`; a missing file is `Io`.
    pub fn get(&self, hash: &str) -> Result<Vec<u8>, StoreError> {
        let Some(path) = self.path_of(hash) else {
            return Err(StoreError::Invalid { reason: "the content hash is not 32 hex digits" });
        };
        fs::read(&path).map_err(io_error(&path))
    }

    /// True when a file with this address is stored.
    pub fn contains(&self, hash: &str) -> bool {
        self.path_of(hash).is_some_and(|path| path.is_file())
    }
}

/// True for a content address: 32 lowercase hex digits.
pub(super) fn is_content_address(hash: &str) -> bool {
    hash.len() == HASH_HEX_LEN && hash.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}

/// Makes the directory's entries (a rename, a new file) durable.
fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir).and_then(|handle| handle.sync_all()).map_err(io_error(dir))
}
