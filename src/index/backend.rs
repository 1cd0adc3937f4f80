//! The corpus-index seam: where the postings that candidate retrieval counts live.
//!
//! Candidate retrieval (`candidates`) turns queries into sorted fingerprint keys, asks a
//! [`PostingsBackend`] how many keys each document shares with each query, and maps the
//! document numbers it gets back to live documents. Two implementations:
//!
//! - [`EmbeddedPostings`] (the default): the fingerprint table of runs beside tantivy;
//! - the sharded PostgreSQL index (`crate::index::sharded::ShardedPostings`), which receives every
//!   written posting through the write hooks below and counts on its shard servers.
//!
//! Document texts, metadata, liveness and template fingerprints stay in tantivy whatever the
//! backend: alignment re-tokenizes the stored text of a candidate, so no fingerprint positions
//! have to move. The runs are always written too; they are the durable log a sharded backend
//! is (re)loaded from (`CorpusIndex::live_postings`).

use super::error::IndexError;
use super::runs::Run;
use super::table::LiveDocuments;
use std::collections::HashMap;
use std::sync::Arc;

/// Shared keys per document number, for one query.
pub type SharedCounts = HashMap<u32, u32>;

/// What the embedded table looks like at one commit: its runs and live documents.
pub struct PostingsSnapshot {
    pub(super) runs: Vec<Arc<Run>>,
    pub(super) live: Arc<LiveDocuments>,
    /// Every document of the commit has a lower number.
    pub(super) next_docnum: u32,
}

impl PostingsSnapshot {
    /// The number after the last document number given out by this commit: a backend must
    /// hold the postings of every lower number to answer for it.
    pub fn next_docnum(&self) -> u32 {
        self.next_docnum
    }

    /// True when this document number belongs to a live document.
    pub fn is_live(&self, docnum: u32) -> bool {
        self.live.is_live(docnum)
    }
}

/// Where candidate retrieval counts shared fingerprint keys, and how written postings reach it.
pub trait PostingsBackend: Send + Sync {
    /// A short name for logs and reports: `embedded` or `postgres`.
    fn name(&self) -> &'static str;

    /// For each query (sorted, distinct 32-bit keys), the shared keys per document number,
    /// counting only keys held by at most `cutoff` live documents and only documents sharing
    /// at least `min_shared` keys. Dead documents may be returned; the caller drops them.
    fn count_shared(
        &self,
        snapshot: &PostingsSnapshot,
        queries: &[Vec<u32>],
        cutoff: u64,
        min_shared: u32,
    ) -> Result<Vec<SharedCounts>, IndexError>;

    /// A writer opened (holding the corpus's write lock) on a corpus whose last commit is
    /// `committed`: postings of numbers from `committed.next_docnum()` on were written but
    /// never committed, and documents announced by [`PostingsBackend::documents_removing`] that
    /// are no longer live lost their commit's [`PostingsBackend::documents_removed`] to a crash.
    fn writer_opened(&self, _committed: &PostingsSnapshot) -> Result<(), IndexError> {
        Ok(())
    }

    /// Postings (`key << 32 | docnum`) about to be committed, with the next document number
    /// after the commit. Called before the commit that makes their documents live.
    fn postings_written(&self, _pairs: &[u64], _next_docnum: u32) -> Result<(), IndexError> {
        Ok(())
    }

    /// Documents the next commit removes (or replaces). Called before that commit, so a backend
    /// can note them and finish their removal when a crash skipped
    /// [`PostingsBackend::documents_removed`].
    fn documents_removing(&self, _docnums: &[u32]) -> Result<(), IndexError> {
        Ok(())
    }

    /// Documents removed (or replaced) by the commit that just happened.
    fn documents_removed(&self, _docnums: &[u32]) -> Result<(), IndexError> {
        Ok(())
    }

    /// After a bulk change (a bulk ingest's final merge): time for housekeeping such as
    /// refreshing the list of frequent keys. `live_documents` is the corpus size.
    fn bulk_change_finished(&self, _live_documents: u64) -> Result<(), IndexError> {
        Ok(())
    }
}

/// The default backend: the runs of the embedded fingerprint table.
#[derive(Debug, Default)]
pub struct EmbeddedPostings;

impl PostingsBackend for EmbeddedPostings {
    fn name(&self) -> &'static str {
        "embedded"
    }

    fn count_shared(
        &self,
        snapshot: &PostingsSnapshot,
        queries: &[Vec<u32>],
        cutoff: u64,
        min_shared: u32,
    ) -> Result<Vec<SharedCounts>, IndexError> {
        queries.iter().map(|keys| count_in_runs(snapshot, keys, cutoff, min_shared)).collect()
    }
}

fn count_in_runs(
    snapshot: &PostingsSnapshot,
    keys: &[u32],
    cutoff: u64,
    min_shared: u32,
) -> Result<SharedCounts, IndexError> {
    // Every live (key, document) hit of the query, from every run.
    let mut hits: Vec<(u32, u32)> = Vec::new();
    for run in &snapshot.runs {
        run.look_up(keys, |position, docnum| {
            if snapshot.live.is_live(docnum) {
                hits.push((position as u32, docnum));
            }
        })?;
    }
    hits.sort_unstable();
    hits.dedup();

    // Keys in more than the cutoff of documents are boilerplate: they never seed a match.
    let mut counts = SharedCounts::new();
    for group in hits.chunk_by(|left, right| left.0 == right.0) {
        if group.len() as u64 > cutoff {
            continue;
        }
        for &(_, docnum) in group {
            *counts.entry(docnum).or_insert(0) += 1;
        }
    }
    counts.retain(|_, count| *count >= min_shared.max(1));
    Ok(counts)
}
