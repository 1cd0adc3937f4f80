//! Backups: a consistent copy of the store (a snapshot of every tree and the uploaded files) and
//! of the corpus index (at its last commit) in one directory, with a manifest that lists every
//! file with its size and SHA-256; and restoring such a directory into a fresh data directory.
//!
//! The store is copied first and the index second. Staff corpus uploads reach the index
//! directly, so the index copy holds every upload acknowledged before it started; a thesis that
//! joined the corpus after the store snapshot may be in the index copy while the restored store
//! still has its change queued: applying it again after the restore is harmless (adding a text
//! already in the corpus is skipped). A change the store marks applied is in the index copy.
//!
//! Layout: `manifest.json`, `store/store.dump`, `store/files/ab/cdef…`, `index/…`.

use crate::index::{CorpusIndex, IndexError};
use crate::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The manifest of a backup directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupManifest {
    pub format: u32,
    pub adal_version: String,
    pub created_at_ms: i64,
    pub store_entries: u64,
    pub index_files: usize,
    /// Every file of the backup but the manifest, by path relative to the backup directory.
    pub files: Vec<BackupFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupFile {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Why a backup or restore failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("backup I/O error at {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the backup is damaged: {0}")]
    Damaged(String),
    #[error("{0}")]
    Refused(String),
}

const MANIFEST_FILE: &str = "manifest.json";
const FORMAT: u32 = 1;

fn io(path: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_path_buf(), source }
}

fn sha256_file(path: &Path) -> Result<String, BackupError> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file.read(&mut buffer).map_err(io(path))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect())
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), BackupError> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            walk(root, &path, found)?;
        } else if path.strip_prefix(root).is_ok_and(|relative| relative != Path::new(MANIFEST_FILE)) {
            found.push(path);
        }
    }
    Ok(())
}

/// Backs up a store and an index (in `index_dir`; both may be in use) into `out`, which must not exist or be
/// empty.
pub fn backup(
    store: &Store,
    index: &CorpusIndex,
    index_dir: &Path,
    out: &Path,
    now_ms: i64,
) -> Result<BackupManifest, BackupError> {
    if out.exists() && std::fs::read_dir(out).map_err(io(out))?.next().is_some() {
        return Err(BackupError::Refused(format!("{} is not empty", out.display())));
    }
    let counts = store.export_snapshot(&out.join("store"))?;
    let index_files = index.copy_committed(index_dir, &out.join("index"))?;
    let mut paths = Vec::new();
    walk(out, out, &mut paths)?;
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let relative = path.strip_prefix(out).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let bytes = std::fs::metadata(&path).map_err(io(&path))?.len();
        files.push(BackupFile { path: relative, bytes, sha256: sha256_file(&path)? });
    }
    let manifest = BackupManifest {
        format: FORMAT,
        adal_version: env!("CARGO_PKG_VERSION").to_string(),
        created_at_ms: now_ms,
        store_entries: counts.entries,
        index_files,
        files,
    };
    let manifest_path = out.join(MANIFEST_FILE);
    let text =
        serde_json::to_string_pretty(&manifest).map_err(|error| BackupError::Damaged(error.to_string()))?;
    std::fs::write(&manifest_path, text).map_err(io(&manifest_path))?;
    Ok(manifest)
}

/// Reads a backup's manifest and checks every file against it (size and SHA-256); a path that
/// leaves the backup directory is refused.
pub fn verify_backup(from: &Path) -> Result<BackupManifest, BackupError> {
    let manifest_path = from.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&manifest_path).map_err(io(&manifest_path))?;
    let manifest: BackupManifest =
        serde_json::from_str(&text).map_err(|error| BackupError::Damaged(format!("manifest: {error}")))?;
    if manifest.format != FORMAT {
        return Err(BackupError::Damaged(format!("unknown backup format {}", manifest.format)));
    }
    for file in &manifest.files {
        let relative = Path::new(&file.path);
        let is_inside = relative.components().all(|part| matches!(part, std::path::Component::Normal(_)));
        if !is_inside {
            return Err(BackupError::Damaged(format!("{} leaves the backup directory", file.path)));
        }
        let path = from.join(relative);
        let bytes = std::fs::metadata(&path).map_err(io(&path))?.len();
        if bytes != file.bytes || sha256_file(&path)? != file.sha256 {
            return Err(BackupError::Damaged(format!("{} does not match the manifest", file.path)));
        }
    }
    Ok(manifest)
}

/// Restores a verified backup into `data_dir`, which must not hold a store or an index yet:
/// `data_dir/store` and `data_dir/index`, as `adal serve` lays them out.
pub fn restore(from: &Path, store_dir: &Path, index_dir: &Path) -> Result<BackupManifest, BackupError> {
    let manifest = verify_backup(from)?;
    if index_dir.join("meta.json").exists() {
        return Err(BackupError::Refused(format!("{} already holds an index", index_dir.display())));
    }
    let store = Store::import_snapshot(&from.join("store"), store_dir)?;
    drop(store);
    std::fs::create_dir_all(index_dir).map_err(io(index_dir))?;
    let index_prefix = "index/";
    for file in manifest.files.iter().filter(|file| file.path.starts_with(index_prefix)) {
        let target = index_dir.join(&file.path[index_prefix.len()..]);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).map_err(io(folder))?;
        }
        std::fs::copy(from.join(&file.path), &target).map_err(io(&target))?;
    }
    Ok(manifest)
}
