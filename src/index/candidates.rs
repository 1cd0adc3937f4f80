//! Candidate retrieval: which corpus documents share the most fingerprints with a query.
//!
//! Query hashes are mapped to their 32-bit keys (see `schema::fingerprint_key`), sorted and
//! deduplicated, and looked up in every run of the fingerprint table (`table`, `runs`); hits of
//! documents that are no longer live are dropped, and shared keys are counted per document.
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
        let mut hashes: Vec<u64> = query.hashes.iter().map(|&hash| fingerprint_key(hash)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        if hashes.is_empty() || query.max_candidates == 0 {
            return Ok(Vec::new());
        }
        // Hashes of template documents are subtracted from the query.
        let template_hashes = self.template_hashes(&hashes)?;
        hashes.retain(|hash| !template_hashes.contains(hash));
        let keys: Vec<u32> = hashes.iter().map(|&hash| hash as u32).collect();

        match self.count_shared(query, &keys) {
            // A concurrent writer merged runs away between reading the commit record and
            // opening them: read the record again.
            Err(IndexError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
                self.reader.reload()?;
                self.count_shared(query, &keys)
            }
            other => other,
        }
    }

    fn count_shared(&self, query: &CandidateQuery, keys: &[u32]) -> Result<Vec<Candidate>, IndexError> {
        let searcher = self.reader.searcher();
        let record = self.commit_record()?;
        let runs = self.table.runs(&record)?;
        let live = self.table.live_documents(&searcher)?;

        // Every live (key, document) hit of the query, from every run.
        let mut hits: Vec<(u32, u32)> = Vec::new();
        for run in &runs {
            run.look_up(keys, |position, docnum| {
                if live.is_live(docnum) {
                    hits.push((position as u32, docnum));
                }
            })?;
        }
        hits.sort_unstable();
        hits.dedup();

        // Keys in more than the cutoff of documents are boilerplate: they never seed a match.
        let cutoff = query.document_frequency_cutoff(searcher.num_docs());
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for group in hits.chunk_by(|left, right| left.0 == right.0) {
            if group.len() as u64 > cutoff {
                continue;
            }
            for &(_, docnum) in group {
                *counts.entry(docnum).or_insert(0) += 1;
            }
        }

        let excluded_ids: HashSet<&str> = query.exclude_ids.iter().map(String::as_str).collect();
        let mut columns_by_segment: HashMap<u32, MetaColumns> = HashMap::new();
        let mut scored: Vec<(u32, String)> = Vec::new();
        for (docnum, count) in counts {
            if count < query.min_shared.max(1) {
                continue;
            }
            let Some(address) = live.address(docnum) else {
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
        Ok(scored
            .into_iter()
            .map(|(shared_fingerprints, doc_id)| Candidate { doc_id, shared_fingerprints })
            .collect())
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
