//! Files derived from uploaded files and kept to save work: `<dir>/ab/cdef…/<name>`, where
//! `abcdef…` is the upload's content address and `name` says what was derived and by which
//! revision of the code (e.g. the extracted text of a thesis version, so that a rescan does not
//! extract every file again).
//!
//! A derived file can always be made again from its upload, so a lost or damaged one costs
//! time, never data: it is written to a temporary file and renamed into place (readers see the
//! whole file or none), without the fsyncs of [`super::FileStore`]; callers check what they
//! read and make it again when it does not decode. Derived files are not part of backups.

use super::files::io_error;
use super::StoreError;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Derived files by upload address and name.
#[derive(Clone, Debug)]
pub struct DerivedFiles {
    root: PathBuf,
}

impl DerivedFiles {
    /// Opens (or creates) the derived files at `root`.
    pub fn open(root: impl Into<PathBuf>) -> Result<DerivedFiles, StoreError> {
        let root = root.into();
        fs::create_dir_all(&root).map_err(io_error(&root))?;
        Ok(DerivedFiles { root })
    }

    /// The directory the derived files live in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the file `name` derived from the upload `hash` lives; `None` when `hash` is not a
    /// content address or `name` is not a plain file name.
    fn path_of(&self, hash: &str, name: &str) -> Option<PathBuf> {
        let is_address = super::files::is_content_address(hash);
        let is_plain_name = !name.is_empty()
            && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
            && !name.starts_with('.');
        (is_address && is_plain_name).then(|| self.root.join(&hash[..2]).join(&hash[2..]).join(name))
    }

    /// The bytes of the file `name` derived from the upload `hash`, or `None` when there is none.
    pub fn get(&self, hash: &str, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(path) = self.path_of(hash, name) else {
            return Err(StoreError::Invalid { reason: "not a content address and derived file name" });
        };
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(StoreError::Io { path, source: error }),
        }
    }

    /// Stores (or replaces) the file `name` derived from the upload `hash`.
    pub fn put(&self, hash: &str, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let Some(path) = self.path_of(hash, name) else {
            return Err(StoreError::Invalid { reason: "not a content address and derived file name" });
        };
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        let mut temporary = tempfile::NamedTempFile::new_in(&dir).map_err(io_error(&dir))?;
        temporary.write_all(bytes).map_err(io_error(temporary.path()))?;
        temporary
            .persist(&path)
            .map_err(|error| StoreError::Io { path: path.clone(), source: error.error })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_derived_file_is_read_back_replaced_and_missing_ones_are_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        let derived = DerivedFiles::open(dir.path()).expect("open");
        assert_eq!(derived.get(HASH, "extracted-r1.json.zst").expect("get"), None);
        derived.put(HASH, "extracted-r1.json.zst", b"first").expect("put");
        derived.put(HASH, "extracted-r1.json.zst", b"second").expect("put");
        assert_eq!(derived.get(HASH, "extracted-r1.json.zst").expect("get").as_deref(), Some(&b"second"[..]));
        assert_eq!(derived.get(HASH, "extracted-r2.json.zst").expect("get"), None);
    }

    #[test]
    fn names_that_leave_the_directory_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let derived = DerivedFiles::open(dir.path()).expect("open");
        for name in ["../escape", "a/b", "", ".hidden"] {
            assert!(derived.put(HASH, name, b"x").is_err(), "{name}");
            assert!(derived.get(HASH, name).is_err(), "{name}");
        }
        assert!(derived.get("../../etc/passwd", "name").is_err());
    }
}
