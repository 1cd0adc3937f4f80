//! Copying the index at a committed point, for backups while the service runs.
//!
//! Tantivy never changes a segment file once written; a commit writes new files and then
//! replaces `meta.json`. So `meta.json` plus the files of the segments it lists (and the files in
//! the index's folders, written before the commit that names them) are a consistent index. Writers of this process are held back during the copy; a background merge that
//! finishes meanwhile may delete a listed file, in which case the copy starts again from the
//! new `meta.json`.

use super::{CorpusIndex, IndexError};
use std::path::Path;
use tantivy::index::SegmentComponent;

const META_FILE: &str = "meta.json";
const ATTEMPTS: usize = 5;

impl CorpusIndex {
    /// Copies the last committed state of the index, which lives in `index_dir`, into the empty
    /// or new directory `out`; answers the number of files copied. (The files are read from the
    /// file system: tantivy's own reads hide each file's checksum footer.)
    pub fn copy_committed(&self, index_dir: &Path, out: &Path) -> Result<usize, IndexError> {
        let _writers = self.write_lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut last_error = None;
        for _ in 0..ATTEMPTS {
            match self.try_copy(index_dir, out) {
                Ok(files) => return Ok(files),
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.unwrap_or(IndexError::Busy))
    }

    fn try_copy(&self, index_dir: &Path, out: &Path) -> Result<usize, IndexError> {
        if out.exists() {
            std::fs::remove_dir_all(out)?;
        }
        std::fs::create_dir_all(out)?;
        let meta_before = std::fs::read(index_dir.join(META_FILE))?;
        let metas = self.index.load_metas()?;
        let mut copied = 0;
        for segment in &metas.segments {
            let mut components = vec![
                SegmentComponent::Postings,
                SegmentComponent::Positions,
                SegmentComponent::Terms,
                SegmentComponent::Store,
                SegmentComponent::FastFields,
                SegmentComponent::FieldNorms,
            ];
            if segment.has_deletes() {
                components.push(SegmentComponent::Delete);
            }
            for component in components {
                let file = segment.relative_path(component.clone());
                let source = index_dir.join(&file);
                if component == SegmentComponent::Positions && !source.exists() {
                    continue;
                }
                std::fs::copy(&source, out.join(&file))?;
                copied += 1;
            }
        }
        // Files kept next to the segments in folders (e.g. fingerprint runs that a commit lists in
        // its payload) are written before the commit that names them and never changed: copy them
        // all; one that no commit names is harmless and removed by the next writer.
        copied += copy_folders(index_dir, out)?;
        let meta_after = std::fs::read(index_dir.join(META_FILE))?;
        if meta_before != meta_after {
            return Err(IndexError::Io(std::io::Error::other("the index was committed during the copy")));
        }
        std::fs::write(out.join(META_FILE), &meta_before)?;
        Ok(copied + 1)
    }
}

/// Copies every file in the folders of `from` (not its top level) to the same place under `to`;
/// answers the number of files.
fn copy_folders(from: &Path, to: &Path) -> Result<usize, IndexError> {
    let mut copied = 0;
    for entry in std::fs::read_dir(from)?.flatten() {
        if !entry.file_type()?.is_dir() {
            continue;
        }
        let target = to.join(entry.file_name());
        std::fs::create_dir_all(&target)?;
        for file in std::fs::read_dir(entry.path())?.flatten() {
            if file.file_type()?.is_file() {
                std::fs::copy(file.path(), target.join(file.file_name()))?;
                copied += 1;
            }
        }
    }
    Ok(copied)
}
