//! Writing to the corpus index: idempotent batch adds, removals and replacements, one commit
//! per batch, each commit carrying the next commit record (corpus version, fingerprint runs)
//! in its payload.
//!
//! A [`CorpusWriter`] holds tantivy's write lock (so a second process gets
//! [`IndexError::Busy`]) and a bounded indexing memory budget. The fingerprint keys of the
//! documents added since the last commit are kept as packed pairs (8 bytes each, so a batch of
//! 500 articles costs about 8 MB) and written as one sorted run just before the commit that
//! lists it; runs of about the same size are merged right after a commit.

use super::corpus::{parse_commit_record, CorpusIndex};
use super::error::IndexError;
use super::meta::{content_hash, AddOutcome, CorpusVersion, NewDocument};
use super::schema::fingerprint_key;
use super::table::{runs_to_merge, CommitRecord};
use crate::fingerprint::SCHEME_VERSION;
use std::collections::{HashMap, HashSet};
use std::sync::MutexGuard;
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Memory tantivy may use for indexing before it flushes a segment (split over its threads).
pub const WRITER_MEMORY_BUDGET_BYTES: usize = 200_000_000;

/// An open write session on the corpus index. Every method that changes documents commits
/// before it returns; [`CorpusWriter::finish`] waits for background merges.
pub struct CorpusWriter<'a> {
    corpus: &'a CorpusIndex,
    writer: IndexWriter<TantivyDocument>,
    record: CommitRecord,
    /// `key << 32 | docnum` for every fingerprint of the documents added since the last commit.
    pending_pairs: Vec<u64>,
    _in_process_lock: MutexGuard<'a, ()>,
}

impl CorpusIndex {
    /// Opens a write session with the default memory budget.
    pub fn writer(&self) -> Result<CorpusWriter<'_>, IndexError> {
        self.writer_with_budget(WRITER_MEMORY_BUDGET_BYTES)
    }

    /// Opens a write session with the given indexing memory budget (at least 15 MB per thread).
    pub fn writer_with_budget(&self, memory_budget_bytes: usize) -> Result<CorpusWriter<'_>, IndexError> {
        let guard = self.write_lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // tantivy's default merge policy is kept on purpose: with its first level lowered from
        // 10,000 to 1,000 documents, building 10,000 articles in batches of 500 took 66 s instead
        // of 86 s, but left 5 segments instead of 1: +14% index bytes and +35% check latency
        // (p50 100 ms instead of 72 ms). One indexing thread instead of one per core was faster
        // only while other builds loaded the machine (BENCHMARKS.md).
        // tantivy's lock file can still be held for a moment after the previous session ended
        // (its merge threads let go of it last) or by another process's short write: wait a
        // little before answering Busy.
        let mut attempts = 0;
        let writer = loop {
            match self.index.writer(memory_budget_bytes).map_err(IndexError::from_writer_error) {
                Err(IndexError::Busy) if attempts < 50 => {
                    attempts += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                outcome => break outcome?,
            }
        };
        // With the lock held nobody else commits: make the last commit visible and read it.
        self.reader.reload()?;
        let record = parse_commit_record(self.index.load_metas()?.payload.as_deref())?;
        // Run files no commit lists were merged away or left by a crash before their commit.
        self.table.delete_unlisted(&record)?;
        // Postings the backend got for documents whose commit never happened, and removals
        // whose commit happened but whose backend call did not.
        self.postings_backend().writer_opened(&self.postings_snapshot()?)?;
        Ok(CorpusWriter { corpus: self, writer, record, pending_pairs: Vec::new(), _in_process_lock: guard })
    }

    /// Adds a batch of documents in one commit (see [`CorpusWriter::add_batch`]).
    pub fn add_documents(&self, documents: Vec<NewDocument>) -> Result<Vec<AddOutcome>, IndexError> {
        let mut writer = self.writer()?;
        let outcomes = writer.add_batch(documents)?;
        writer.finish()?;
        Ok(outcomes)
    }

    /// Removes a document; returns false when no document has this id.
    pub fn remove(&self, id: &str) -> Result<bool, IndexError> {
        let mut writer = self.writer()?;
        let removed = writer.remove(id)?;
        writer.finish()?;
        Ok(removed)
    }

    /// Merges every tantivy segment into one (after a bulk ingest: one term dictionary for staff
    /// search instead of one per segment, and no deleted documents left in the store). Runs in a
    /// write session of its own, with tantivy's background merges switched off, so that no
    /// merge of the policy races with it.
    pub fn merge_all_segments(&self) -> Result<(), IndexError> {
        let mut writer = self.writer()?;
        writer.writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.writer.merge(&segments).wait()?;
        }
        writer.finish()
    }

    /// Merges every fingerprint run into one, dropping the pairs of removed documents (after a
    /// bulk ingest, so that look-ups search one run).
    pub fn merge_fingerprint_runs(&self) -> Result<(), IndexError> {
        let mut writer = self.writer()?;
        writer.merge_all_runs()?;
        writer.finish()?;
        self.postings_backend().bulk_change_finished(self.num_documents())
    }
}

impl CorpusWriter<'_> {
    /// The corpus version after the last commit of this session.
    pub fn version(&self) -> CorpusVersion {
        CorpusVersion {
            corpus_version: self.record.corpus_version,
            scheme_version: self.record.scheme_version,
        }
    }

    /// Adds documents in one commit. A text already in the corpus (or earlier in the batch) is
    /// not added again and is reported as [`AddOutcome::AlreadyPresent`]; an id used by another
    /// text is reported as [`AddOutcome::IdTaken`]. Fails with [`IndexError::ReindexNeeded`]
    /// when the corpus holds fingerprints of another scheme.
    pub fn add_batch(&mut self, documents: Vec<NewDocument>) -> Result<Vec<AddOutcome>, IndexError> {
        if self.record.scheme_version != SCHEME_VERSION && self.corpus.num_documents() > 0 {
            return Err(IndexError::ReindexNeeded {
                stored: self.record.scheme_version,
                current: SCHEME_VERSION,
            });
        }
        let mut outcomes = Vec::with_capacity(documents.len());
        let mut ids_by_hash_in_batch: HashMap<String, String> = HashMap::new();
        let mut ids_in_batch: HashSet<String> = HashSet::new();
        for document in documents {
            let hash = content_hash(&document.text);
            if let Some(existing_id) = ids_by_hash_in_batch.get(&hash) {
                outcomes.push(AddOutcome::AlreadyPresent { existing_id: existing_id.clone() });
                continue;
            }
            if let Some(existing_id) = self.corpus.find_by_content_hash(&hash)? {
                outcomes.push(AddOutcome::AlreadyPresent { existing_id });
                continue;
            }
            let id = document.meta.id.clone();
            if ids_in_batch.contains(&id) || self.corpus.find_by_term(self.corpus.fields.id, &id)?.is_some() {
                outcomes.push(AddOutcome::IdTaken { id });
                continue;
            }
            let prepared = self.prepare(document, hash.clone())?;
            self.writer.add_document(prepared)?;
            ids_by_hash_in_batch.insert(hash, id.clone());
            ids_in_batch.insert(id.clone());
            outcomes.push(AddOutcome::Added { id });
        }
        if !ids_in_batch.is_empty() {
            self.commit(SCHEME_VERSION)?;
        }
        Ok(outcomes)
    }

    /// Removes the document with this id; returns false (and commits nothing) when there is none.
    pub fn remove(&mut self, id: &str) -> Result<bool, IndexError> {
        let Some(address) = self.corpus.find_by_term(self.corpus.fields.id, id)? else {
            return Ok(false);
        };
        let docnum = self.corpus.docnum_at(address)?;
        self.corpus.postings_backend().documents_removing(&[docnum])?;
        self.writer.delete_term(Term::from_field_text(self.corpus.fields.id, id));
        self.commit(self.record.scheme_version)?;
        self.corpus.postings_backend().documents_removed(&[docnum])?;
        Ok(true)
    }

    /// Replaces the document with the same id (or adds it), in one commit. Used to mark a
    /// document as a template and to re-fingerprint documents after a scheme change; the
    /// commit keeps the recorded scheme version unless `scheme_version_after` says otherwise.
    pub fn replace(
        &mut self,
        documents: Vec<NewDocument>,
        scheme_version_after: u32,
    ) -> Result<(), IndexError> {
        let mut replaced_docnums = Vec::new();
        for document in documents {
            let hash = content_hash(&document.text);
            if let Some(address) = self.corpus.find_by_term(self.corpus.fields.id, &document.meta.id)? {
                replaced_docnums.push(self.corpus.docnum_at(address)?);
            }
            self.writer.delete_term(Term::from_field_text(self.corpus.fields.id, &document.meta.id));
            let prepared = self.prepare(document, hash)?;
            self.writer.add_document(prepared)?;
        }
        if !replaced_docnums.is_empty() {
            self.corpus.postings_backend().documents_removing(&replaced_docnums)?;
        }
        self.commit(scheme_version_after)?;
        if !replaced_docnums.is_empty() {
            self.corpus.postings_backend().documents_removed(&replaced_docnums)?;
        }
        Ok(())
    }

    /// Merges every run into one (see [`CorpusIndex::merge_fingerprint_runs`]).
    pub fn merge_all_runs(&mut self) -> Result<(), IndexError> {
        if self.record.runs.len() > 1 {
            let all: Vec<usize> = (0..self.record.runs.len()).collect();
            self.merge_runs(&all)?;
        }
        Ok(())
    }

    /// Waits for background merges and releases the write lock.
    pub fn finish(self) -> Result<(), IndexError> {
        self.writer.wait_merging_threads()?;
        self.corpus.reader.reload()?;
        Ok(())
    }

    /// Fills in the fields the index owns, gives the document its number, queues its
    /// fingerprint pairs (ordinary documents) and builds the tantivy document.
    fn prepare(&mut self, document: NewDocument, hash: String) -> Result<TantivyDocument, IndexError> {
        let NewDocument { mut meta, text, fingerprint_hashes } = document;
        let mut keys: Vec<u64> = fingerprint_hashes.into_iter().map(fingerprint_key).collect();
        keys.sort_unstable();
        keys.dedup();
        let docnum = self.record.next_docnum;
        self.record.next_docnum = docnum
            .checked_add(1)
            .ok_or_else(|| IndexError::CorruptRun("more than 4 billion documents added".to_string()))?;
        meta.content_hash = hash;
        meta.text_bytes = text.len() as u64;
        meta.fingerprints = keys.len() as u64;
        meta.scheme_version = SCHEME_VERSION;
        let template_keys: &[u64] = if meta.template {
            &keys
        } else {
            self.pending_pairs.extend(keys.iter().map(|&key| (key << 32) | u64::from(docnum)));
            &[]
        };
        Ok(self.corpus.fields.to_tantivy(&meta, &text, docnum, template_keys))
    }

    /// Writes the pending fingerprint pairs as a run, commits with the next corpus version in
    /// the payload, makes the commit visible, and merges runs of about the same size.
    fn commit(&mut self, scheme_version: u32) -> Result<(), IndexError> {
        let mut next = self.record.clone();
        next.corpus_version += 1;
        next.scheme_version = scheme_version;
        // The backend gets the postings before the commit that makes their documents live
        // (it drops them again when a writer opens after a crash between the two).
        self.corpus.postings_backend().postings_written(&self.pending_pairs, next.next_docnum)?;
        if !self.pending_pairs.is_empty() {
            let file = next.take_run_name();
            let run = self.corpus.table.write_run(&file, &mut self.pending_pairs, next.next_docnum)?;
            self.pending_pairs = Vec::new();
            next.runs.push(run);
        }
        self.commit_record(next)?;
        while let Some(group) = runs_to_merge(&self.record.runs) {
            self.merge_runs(&group)?;
        }
        Ok(())
    }

    /// Merges the runs at `positions` into one, in a commit that changes no document.
    fn merge_runs(&mut self, positions: &[usize]) -> Result<(), IndexError> {
        let searcher = self.corpus.reader.searcher();
        let live = self.corpus.table.live_documents(&searcher)?;
        let runs = self.corpus.table.runs(&self.record)?;
        let chosen: Vec<_> = positions.iter().map(|&position| runs[position].clone()).collect();
        let mut next = self.record.clone();
        let file = next.take_run_name();
        let merged = self.corpus.table.merge(&file, &chosen, &live, next.next_docnum)?;
        next.runs = next
            .runs
            .into_iter()
            .enumerate()
            .filter(|(position, _)| !positions.contains(position))
            .map(|(_, run)| run)
            .collect();
        next.runs.push(merged);
        self.commit_record(next)?;
        self.corpus.table.delete_unlisted(&self.record)
    }

    /// Commits with `record` as the payload and makes the commit visible.
    fn commit_record(&mut self, record: CommitRecord) -> Result<(), IndexError> {
        let payload = serde_json::to_string(&record)
            .map_err(|error| IndexError::BadVersionRecord(error.to_string()))?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.record = record;
        self.corpus.reader.reload()?;
        Ok(())
    }
}
