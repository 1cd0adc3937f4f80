//! Candidate retrieval: which corpus documents share the most fingerprints with a query.
//!
//! Query hashes are mapped to their 32-bit keys (see `schema::fingerprint_key`), sorted and
//! deduplicated, and counted by the postings backend (`backend`: the runs of the embedded
//! fingerprint table, or the shards); hits of documents that are no longer live are dropped.
//!
//! Template text never seeds a match, for two reasons checked here:
//! - hashes found in more than [`CandidateQuery::max_document_share`] of the corpus (and in more
//!   than [`CandidateQuery::min_document_cutoff`] documents, so tiny corpora still work) are
//!   boilerplate and are skipped;
//! - documents marked as templates are indexed with their fingerprints in a separate field; any
//!   query hash found there is skipped, so text copied from a template matches nothing, and a
//!   template itself is never a candidate.

use super::corpus::CorpusIndex;
use super::error::IndexError;
use super::schema::{fingerprint_key, MetaColumns};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Term};

/// What to look for: the fingerprint hashes of a submission and how to filter the candidates.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateQuery {
    /// Fingerprint hashes of the submission, in any order, duplicates allowed.
    pub hashes: Vec<u64>,
    /// Most candidates returned.
    pub max_candidates: usize,
    /// Fewest shared fingerprints for a document to be a candidate.
    pub min_shared: u32,
    /// Hashes found in more than this share of the documents are template text and skipped.
    pub max_document_share: f64,
    /// The share cutoff never goes below this many documents.
    pub min_document_cutoff: u32,
    /// Documents never returned (e.g. earlier versions of the same thesis).
    pub exclude_ids: Vec<String>,
}

impl CandidateQuery {
    /// A query with the defaults used for theses: 50 candidates, at least 2 shared
    /// fingerprints, hashes in more than 5% of the corpus (and more than 10 documents) skipped.
    ///
    /// Two, not three: corpus documents keep the sparser `FingerprintConfig::CORPUS` selection
    /// (about 2/9 of the shingles rather than 2/5), so a borrowed passage shares about half as
    /// many fingerprints as before. On `../shared/eval/dev` through the index, three shared
    /// fingerprints missed 2 of 180 pairs with plagiarism (heavily rewritten passages), two
    /// miss none and retrieve no more unrelated sources (BENCHMARKS.md).
    pub fn new(hashes: Vec<u64>) -> CandidateQuery {
        CandidateQuery {
            hashes,
            max_candidates: 50,
            min_shared: 2,
            max_document_share: 0.05,
            min_document_cutoff: 10,
            exclude_ids: Vec::new(),
        }
    }

    /// The largest document frequency a hash may have to be counted, for a corpus of
    /// `n_documents` live documents.
    pub fn document_frequency_cutoff(&self, n_documents: u64) -> u64 {
        let share = (self.max_document_share.max(0.0) * n_documents as f64).floor();
        let share = if share.is_finite() { share as u64 } else { u64::MAX };
        share.max(u64::from(self.min_document_cutoff))
    }
}

/// A corpus document sharing fingerprints with the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub doc_id: String,
    pub shared_fingerprints: u32,
}

impl CorpusIndex {
    /// The documents sharing the most fingerprints with the query, most shared first (ties by
    /// id). Deleted documents, template documents and excluded ids are never returned.
    pub fn candidates(&self, query: &CandidateQuery) -> Result<Vec<Candidate>, IndexError> {
        let mut all = self.candidates_batch(std::slice::from_ref(query))?;
        Ok(all.pop().unwrap_or_default())
    }

    /// [`CorpusIndex::candidates`] for many queries at once: one call to the postings backend
    /// serves them all (one round trip to the shards). The queries share the cutoff and the
    /// fewest shared fingerprints of the first query.
    pub fn candidates_batch(&self, queries: &[CandidateQuery]) -> Result<Vec<Vec<Candidate>>, IndexError> {
        let mut keys_of_queries = Vec::with_capacity(queries.len());
        for query in queries {
            keys_of_queries.push(self.query_keys(query)?);
        }
        match self.count_shared(queries, &keys_of_queries) {
            // A concurrent writer merged runs away between reading the commit record and
            // opening them: read the record again.
            Err(IndexError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
                self.reader.reload()?;
                self.count_shared(queries, &keys_of_queries)
            }
            other => other,
        }
    }

    /// The sorted, distinct 32-bit keys of a query, without the keys of template documents.
    fn query_keys(&self, query: &CandidateQuery) -> Result<Vec<u32>, IndexError> {
        let mut hashes: Vec<u64> = query.hashes.iter().map(|&hash| fingerprint_key(hash)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        if hashes.is_empty() || query.max_candidates == 0 {
            return Ok(Vec::new());
        }
        // Hashes of template documents are subtracted from the query.
        let template_hashes = self.template_hashes(&hashes)?;
        hashes.retain(|hash| !template_hashes.contains(hash));
        Ok(hashes.iter().map(|&hash| hash as u32).collect())
    }

    fn count_shared(
        &self,
        queries: &[CandidateQuery],
        keys_of_queries: &[Vec<u32>],
    ) -> Result<Vec<Vec<Candidate>>, IndexError> {
        let Some(first) = queries.first() else { return Ok(Vec::new()) };
        let searcher = self.reader.searcher();
        let snapshot = self.postings_snapshot()?;
        let cutoff = first.document_frequency_cutoff(searcher.num_docs());
        let backend = self.postings_backend();
        let counts = backend.count_shared(&snapshot, keys_of_queries, cutoff, first.min_shared.max(1))?;
        if counts.len() != queries.len() {
            return Err(IndexError::Backend(format!(
                "the {} backend answered {} of {} queries",
                backend.name(),
                counts.len(),
                queries.len()
            )));
        }

        let mut columns_by_segment: HashMap<u32, MetaColumns> = HashMap::new();
        let mut answers = Vec::with_capacity(queries.len());
        for (query, counts) in queries.iter().zip(counts) {
            let excluded_ids: HashSet<&str> = query.exclude_ids.iter().map(String::as_str).collect();
            let mut scored: Vec<(u32, String)> = Vec::new();
            for (docnum, count) in counts {
                if count < query.min_shared.max(1) {
                    continue;
                }
                let Some(address) = snapshot.live.address(docnum) else {
                    continue;
                };
                let columns = match columns_by_segment.entry(address.segment_ord) {
                    std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                    std::collections::hash_map::Entry::Vacant(entry) => {
                        entry.insert(MetaColumns::open(searcher.segment_reader(address.segment_ord))?)
                    }
                };
                let doc_id = columns.id(address.doc_id)?;
                if !excluded_ids.contains(doc_id.as_str()) {
                    scored.push((count, doc_id));
                }
            }
            scored.sort_unstable_by(|left, right| right.0.cmp(&left.0).then_with(|| left.1.cmp(&right.1)));
            scored.truncate(query.max_candidates);
            answers.push(
                scored
                    .into_iter()
                    .map(|(shared_fingerprints, doc_id)| Candidate { doc_id, shared_fingerprints })
                    .collect(),
            );
        }
        Ok(answers)
    }

    /// The query hashes that occur in a live template document.
    fn template_hashes(&self, sorted_hashes: &[u64]) -> Result<HashSet<u64>, IndexError> {
        let searcher = self.reader.searcher();
        let mut found = HashSet::new();
        for segment in searcher.segment_readers() {
            let inverted_index = segment.inverted_index(self.fields.template_fingerprints)?;
            if inverted_index.terms().num_terms() == 0 {
                continue;
            }
            for &hash in sorted_hashes {
                let term = Term::from_field_u64(self.fields.template_fingerprints, hash);
                let Some(mut postings) = inverted_index.read_postings(&term, IndexRecordOption::Basic)?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != tantivy::TERMINATED {
                    if !segment.is_deleted(doc) {
                        found.insert(hash);
                        break;
                    }
                    doc = postings.advance();
                }
            }
        }
        Ok(found)
    }
}
