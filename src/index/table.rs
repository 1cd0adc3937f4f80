//! The fingerprint table of the corpus: a set of [runs](super::runs) next to the tantivy index,
//! and the commit record that ties the two together.
//!
//! Every document gets a document number (a `docnum` fast field in tantivy) when it is added;
//! its fingerprint keys go to the run written for its batch. The list of live runs is part of
//! the commit record in tantivy's commit payload, so documents and fingerprints change in one
//! atomic step: a run is written and synced before the commit that lists it, and a run file
//! that no commit lists (left by a crash) is deleted by the next writer. Removing a document
//! leaves its pairs in the runs; they are ignored because its number is no longer live, and
//! dropped by the next merge of that run.
//!
//! Runs are merged size-tiered: when [`MERGE_FAN_IN`] runs have about the same size, they
//! become one, so a corpus built in many batches keeps a handful of runs and every pair is
//! rewritten only a few times. [`CorpusIndex::merge_fingerprint_runs`] merges everything into
//! one run (after a bulk ingest).
//!
//! [`CorpusIndex::merge_fingerprint_runs`]: super::CorpusIndex::merge_fingerprint_runs

use super::error::IndexError;
use super::runs::{merge_runs, Run, RunBytes, RunWriter};
use super::schema::DOCNUM_FIELD;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::{DocAddress, Searcher};

/// The folder, inside the index directory, holding the run files.
pub const RUNS_FOLDER: &str = "fingerprint-runs";
/// Runs of about the same size merged at once.
pub const MERGE_FAN_IN: usize = 4;

/// What every commit records in its payload: the corpus version, the fingerprint scheme, the
/// next document number and the live runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRecord {
    pub corpus_version: u64,
    pub scheme_version: u32,
    #[serde(default)]
    pub next_docnum: u32,
    /// The number in the name of the next run file.
    #[serde(default)]
    pub next_run: u64,
    #[serde(default)]
    pub runs: Vec<RunRecord>,
}

impl CommitRecord {
    /// Takes the name of a new run file.
    pub fn take_run_name(&mut self) -> String {
        self.next_run += 1;
        format!("{:012}.fpr", self.next_run)
    }
}

/// One live run: its file name and number of pairs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    pub file: String,
    pub pairs: u64,
}

/// Where run files live.
pub enum RunStore {
    Directory(PathBuf),
    /// In-memory indexes keep their runs in memory too.
    Memory(Mutex<HashMap<String, Arc<Vec<u8>>>>),
}

/// The run files of an index and the runs opened so far.
pub struct FingerprintTable {
    store: RunStore,
    opened: Mutex<HashMap<String, Arc<Run>>>,
    live_documents: Mutex<Option<(u64, Arc<LiveDocuments>)>>,
}

/// Where each live document number is, for the searcher of one generation.
pub struct LiveDocuments {
    addresses: Vec<Option<DocAddress>>,
}

impl LiveDocuments {
    pub fn address(&self, docnum: u32) -> Option<DocAddress> {
        self.addresses.get(docnum as usize).copied().flatten()
    }

    pub fn is_live(&self, docnum: u32) -> bool {
        self.address(docnum).is_some()
    }
}

impl FingerprintTable {
    pub fn in_directory(index_directory: &Path) -> FingerprintTable {
        FingerprintTable::new(RunStore::Directory(index_directory.join(RUNS_FOLDER)))
    }

    pub fn in_memory() -> FingerprintTable {
        FingerprintTable::new(RunStore::Memory(Mutex::new(HashMap::new())))
    }

    fn new(store: RunStore) -> FingerprintTable {
        FingerprintTable { store, opened: Mutex::new(HashMap::new()), live_documents: Mutex::new(None) }
    }

    /// The runs a commit record lists, opened (and cached) as needed.
    pub fn runs(&self, record: &CommitRecord) -> Result<Vec<Arc<Run>>, IndexError> {
        let mut opened = self.opened.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut runs = Vec::with_capacity(record.runs.len());
        for run in &record.runs {
            if let Some(open) = opened.get(&run.file) {
                runs.push(open.clone());
                continue;
            }
            let bytes = match &self.store {
                RunStore::Directory(folder) => {
                    let file = fs::File::open(folder.join(&run.file))?;
                    // SAFETY: run files are written once, synced, then never modified; they are
                    // deleted only after no commit lists them (a deleted file stays mapped).
                    RunBytes::Mapped(unsafe { memmap2::Mmap::map(&file)? })
                }
                RunStore::Memory(files) => {
                    let files = files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    let buffer = files
                        .get(&run.file)
                        .cloned()
                        .ok_or_else(|| IndexError::CorruptRun(format!("run {} is missing", run.file)))?;
                    RunBytes::Memory(buffer)
                }
            };
            let open = Arc::new(Run::open(bytes)?);
            if open.pairs() != run.pairs {
                return Err(IndexError::CorruptRun(format!("run {} has an unexpected length", run.file)));
            }
            opened.insert(run.file.clone(), open.clone());
            runs.push(open);
        }
        // Forget runs no longer listed (merged away).
        opened.retain(|file, _| record.runs.iter().any(|run| &run.file == file));
        Ok(runs)
    }

    /// Writes a new run from `(key, docnum)` pairs packed as `key << 32 | docnum`, sorted and
    /// deduplicated here. The run is durable when this returns.
    pub fn write_run(
        &self,
        file: &str,
        packed: &mut Vec<u64>,
        docnum_limit: u32,
    ) -> Result<RunRecord, IndexError> {
        packed.sort_unstable();
        packed.dedup();
        match &self.store {
            RunStore::Directory(folder) => {
                fs::create_dir_all(folder)?;
                let out = BufWriter::with_capacity(1 << 20, fs::File::create(folder.join(file))?);
                let (out, pairs) = write_packed(RunWriter::new(out, docnum_limit)?, packed)?;
                sync_file(out, folder)?;
                Ok(RunRecord { file: file.to_string(), pairs })
            }
            RunStore::Memory(files) => {
                let (bytes, pairs) = write_packed(RunWriter::new(Vec::new(), docnum_limit)?, packed)?;
                files
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .insert(file.to_string(), Arc::new(bytes));
                Ok(RunRecord { file: file.to_string(), pairs })
            }
        }
    }

    /// Merges `runs` into a new run named `file`, keeping the pairs of live documents.
    pub fn merge(
        &self,
        file: &str,
        runs: &[Arc<Run>],
        live: &LiveDocuments,
        docnum_limit: u32,
    ) -> Result<RunRecord, IndexError> {
        match &self.store {
            RunStore::Directory(folder) => {
                fs::create_dir_all(folder)?;
                let path = folder.join(file);
                let out = BufWriter::with_capacity(1 << 20, fs::File::create(&path)?);
                let (out, pairs) =
                    merge_runs(runs, |docnum| live.is_live(docnum), RunWriter::new(out, docnum_limit)?)?;
                sync_file(out, folder)?;
                Ok(RunRecord { file: file.to_string(), pairs })
            }
            RunStore::Memory(files) => {
                let (bytes, pairs) = merge_runs(
                    runs,
                    |docnum| live.is_live(docnum),
                    RunWriter::new(Vec::new(), docnum_limit)?,
                )?;
                files
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .insert(file.to_string(), Arc::new(bytes));
                Ok(RunRecord { file: file.to_string(), pairs })
            }
        }
    }

    /// Deletes run files that `record` does not list (merged away, or left by a crash before
    /// their commit). Only a writer may call this: it holds the index write lock.
    pub fn delete_unlisted(&self, record: &CommitRecord) -> Result<(), IndexError> {
        let listed = |name: &str| record.runs.iter().any(|run| run.file == name);
        match &self.store {
            RunStore::Directory(folder) => {
                let Ok(entries) = fs::read_dir(folder) else {
                    return Ok(());
                };
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.ends_with(".fpr") && !listed(&name) {
                        fs::remove_file(entry.path())?;
                    }
                }
            }
            RunStore::Memory(files) => {
                files.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).retain(|name, _| listed(name));
            }
        }
        Ok(())
    }

    /// Bytes of the runs `record` lists.
    pub fn bytes(&self, record: &CommitRecord) -> Result<u64, IndexError> {
        Ok(self.runs(record)?.iter().map(|run| run.byte_len()).sum())
    }

    /// The live document numbers of `searcher`, built once per searcher generation.
    pub fn live_documents(&self, searcher: &Searcher) -> Result<Arc<LiveDocuments>, IndexError> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.live_documents.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((cached_generation, live)) = cached.as_ref() {
            if *cached_generation == generation {
                return Ok(live.clone());
            }
        }
        let mut addresses: Vec<Option<DocAddress>> = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let Some(column) = segment.fast_fields().column_opt::<u64>(DOCNUM_FIELD)? else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                let Some(docnum) = column.first(doc) else {
                    continue;
                };
                let docnum = docnum as usize;
                if docnum >= addresses.len() {
                    addresses.resize(docnum + 1, None);
                }
                addresses[docnum] = Some(DocAddress::new(segment_ord as u32, doc));
            }
        }
        let live = Arc::new(LiveDocuments { addresses });
        *cached = Some((generation, live.clone()));
        Ok(live)
    }
}

fn write_packed<W: std::io::Write>(mut writer: RunWriter<W>, packed: &[u64]) -> Result<(W, u64), IndexError> {
    for &pair in packed {
        writer.push((pair >> 32) as u32, pair as u32)?;
    }
    writer.finish()
}

fn sync_file(out: BufWriter<fs::File>, folder: &Path) -> Result<(), IndexError> {
    let file = out.into_inner().map_err(|error| IndexError::Io(error.into_error()))?;
    file.sync_all()?;
    fs::File::open(folder)?.sync_all()?;
    Ok(())
}

/// Which runs to merge now: the first group of [`MERGE_FAN_IN`] runs whose sizes are within a
/// factor of four of each other (by size tier), or none.
pub fn runs_to_merge(runs: &[RunRecord]) -> Option<Vec<usize>> {
    let tier = |pairs: u64| (64 - pairs.max(1).leading_zeros()) / 2;
    let mut by_tier: HashMap<u32, Vec<usize>> = HashMap::new();
    for (position, run) in runs.iter().enumerate() {
        by_tier.entry(tier(run.pairs)).or_default().push(position);
    }
    let mut tiers: Vec<(u32, Vec<usize>)> =
        by_tier.into_iter().filter(|(_, group)| group.len() >= MERGE_FAN_IN).collect();
    tiers.sort_by_key(|(tier, _)| *tier);
    tiers.into_iter().next().map(|(_, group)| group)
}
