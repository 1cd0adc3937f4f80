//! Consistent snapshots of the store while it is in use, and restoring one into a fresh
//! directory.
//!
//! Every write takes the store's snapshot lock shared (see `Store::write`); a snapshot takes it
//! exclusively for as long as it reads the trees, so it sees all of a transaction or none of it,
//! and writers wait a moment instead of failing. The file store is append-only and a version
//! names its file only after the file is durable, so copying the files after the trees gives
//! every version in the snapshot its file (files stored later are copied too; they are harmless).
//!
//! The dump format (`store.dump`): for each tree, `u32` name length, name, `u64` entry count,
//! then per entry `u32` key length, key, `u32` value length, value (little-endian).

use super::tx::{FIRST_RELEASE_TREES, TREE_NAMES};
use super::{Store, StoreError};
use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The name of the tree dump inside a snapshot directory.
pub const DUMP_FILE: &str = "store.dump";
/// The directory of the copied files inside a snapshot directory.
pub const FILES_DIR: &str = "files";

/// What a snapshot holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnapshotCounts {
    pub entries: u64,
    pub files: u64,
    pub file_bytes: u64,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_path_buf(), source }
}

fn write_chunk(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u32).to_le_bytes())?;
    out.write_all(bytes)
}

fn read_chunk(input: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut length = [0u8; 4];
    input.read_exact(&mut length)?;
    let mut bytes = vec![0u8; u32::from_le_bytes(length) as usize];
    input.read_exact(&mut bytes)?;
    Ok(bytes)
}

impl Store {
    /// Writes a consistent snapshot of every tree to `out/store.dump` and copies the file store
    /// to `out/files`. Writers are held back only while the trees are read.
    pub fn export_snapshot(&self, out: &Path) -> Result<SnapshotCounts, StoreError> {
        fs::create_dir_all(out).map_err(io(out))?;
        let dump_path = out.join(DUMP_FILE);
        let mut counts = SnapshotCounts::default();
        {
            let _exclusive = self.snapshot_lock.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            let file = File::create(&dump_path).map_err(io(&dump_path))?;
            let mut writer = BufWriter::new(file);
            for (name, tree) in TREE_NAMES.iter().zip(&self.trees) {
                write_chunk(&mut writer, name.as_bytes()).map_err(io(&dump_path))?;
                writer.write_all(&(tree.len() as u64).to_le_bytes()).map_err(io(&dump_path))?;
                let mut written = 0u64;
                for item in tree.iter() {
                    let (key, value) = item?;
                    write_chunk(&mut writer, &key).map_err(io(&dump_path))?;
                    write_chunk(&mut writer, &value).map_err(io(&dump_path))?;
                    written += 1;
                }
                if written != tree.len() as u64 {
                    return Err(StoreError::Invalid { reason: "a tree changed during the snapshot" });
                }
                counts.entries += written;
            }
            let file = writer.into_inner().map_err(|error| io(&dump_path)(error.into_error()))?;
            file.sync_all().map_err(io(&dump_path))?;
        }
        let (files, bytes) = copy_content_files(self.files.root(), &out.join(FILES_DIR))?;
        counts.files = files;
        counts.file_bytes = bytes;
        Ok(counts)
    }

    /// Creates a store in `store_dir` (which must not hold one) from a snapshot directory.
    pub fn import_snapshot(snapshot: &Path, store_dir: &Path) -> Result<Store, StoreError> {
        if store_dir.join("db").exists() {
            return Err(StoreError::Invalid { reason: "the target directory already holds a store" });
        }
        let store = Store::open(store_dir)?;
        let dump_path = snapshot.join(DUMP_FILE);
        let mut reader = BufReader::new(File::open(&dump_path).map_err(io(&dump_path))?);
        for (position, (name, tree)) in TREE_NAMES.iter().zip(&store.trees).enumerate() {
            let stored_name = match read_chunk(&mut reader) {
                // A dump of an older release ends before the trees added since; they stay empty.
                Err(error)
                    if error.kind() == std::io::ErrorKind::UnexpectedEof
                        && position >= FIRST_RELEASE_TREES =>
                {
                    break;
                }
                other => other.map_err(io(&dump_path))?,
            };
            if stored_name != name.as_bytes() {
                return Err(StoreError::Invalid { reason: "the snapshot's trees are not this version's" });
            }
            let mut count = [0u8; 8];
            reader.read_exact(&mut count).map_err(io(&dump_path))?;
            for _ in 0..u64::from_le_bytes(count) {
                let key = read_chunk(&mut reader).map_err(io(&dump_path))?;
                let value = read_chunk(&mut reader).map_err(io(&dump_path))?;
                tree.insert(key, value)?;
            }
        }
        copy_content_files(&snapshot.join(FILES_DIR), store.files.root())?;
        store.flush()?;
        Ok(store)
    }
}

/// Copies the content-addressed files (`ab/cdef…`, 32 hex digits in all) from `from` to `to`,
/// skipping temporary files; answers the number of files and their bytes.
fn copy_content_files(from: &Path, to: &Path) -> Result<(u64, u64), StoreError> {
    fs::create_dir_all(to).map_err(io(to))?;
    let (mut files, mut bytes) = (0, 0);
    let Ok(shards) = fs::read_dir(from) else { return Ok((0, 0)) };
    let is_hex = |name: &str, length: usize| {
        name.len() == length && name.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
    };
    for shard in shards.flatten() {
        let shard_name = shard.file_name().to_string_lossy().to_string();
        if !is_hex(&shard_name, 2) || !shard.path().is_dir() {
            continue;
        }
        let target_shard: PathBuf = to.join(&shard_name);
        fs::create_dir_all(&target_shard).map_err(io(&target_shard))?;
        for entry in fs::read_dir(shard.path()).map_err(io(&shard.path()))?.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !is_hex(&name, 30) {
                continue;
            }
            let target = target_shard.join(&name);
            if !target.exists() {
                bytes += fs::copy(entry.path(), &target).map_err(io(&target))?;
            }
            files += 1;
        }
    }
    Ok((files, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::upload_as_new_student;

    /// A dump as the first release wrote it: the trees added since (empty here) cut off.
    fn cut_to_first_release(dump: &Path) {
        let bytes = fs::read(dump).expect("dump");
        let added_since: usize =
            TREE_NAMES[FIRST_RELEASE_TREES..].iter().map(|name| 4 + name.len() + 8).sum();
        fs::write(dump, &bytes[..bytes.len() - added_since]).expect("cut dump");
    }

    #[test]
    fn a_dump_of_the_first_release_restores_and_a_cut_dump_does_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path().join("store")).expect("store");
        let (version, _) = upload_as_new_student(&store, "Aru", b"some text", 1);
        let snapshot = dir.path().join("snapshot");
        store.export_snapshot(&snapshot).expect("snapshot");
        cut_to_first_release(&snapshot.join(DUMP_FILE));
        let restored = Store::import_snapshot(&snapshot, &dir.path().join("restored")).expect("restores");
        assert_eq!(restored.version(version.id).expect("version").file_name, "thesis.txt");
        assert!(restored.commissions().expect("commissions").is_empty());

        // Cut inside the first release's trees, the dump is refused.
        let dump = snapshot.join(DUMP_FILE);
        let bytes = fs::read(&dump).expect("dump");
        fs::write(&dump, &bytes[..bytes.len() / 2]).expect("cut");
        assert!(Store::import_snapshot(&snapshot, &dir.path().join("again")).is_err());
    }
}
