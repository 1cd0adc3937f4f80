//! Candidate retrieval: which corpus documents share the most fingerprints with a query.
//!
//! Query hashes are mapped to their index keys (see `schema::fingerprint_key`), sorted and
//! deduplicated. The postings of the fingerprint field are read directly, block by block, and shared
//! fingerprints are counted per document in a dense array per segment. This is exact and several
//! times faster than a scored boolean query over the same terms.
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
use std::collections::HashSet;
use tantivy::postings::TermInfo;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Term};

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
    /// A query with the defaults used for theses: 50 candidates, at least 3 shared
    /// fingerprints, hashes in more than 5% of the corpus (and more than 10 documents) skipped.
    pub fn new(hashes: Vec<u64>) -> CandidateQuery {
        CandidateQuery {
            hashes,
            max_candidates: 50,
            min_shared: 3,
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

/// Term look-ups of one segment: for each counted query hash, its postings location.
struct SegmentTerms {
    hash_positions_and_infos: Vec<(usize, TermInfo)>,
}

impl CorpusIndex {
    /// The documents sharing the most fingerprints with the query, most shared first (ties by
    /// id). Deleted documents, template documents and excluded ids are never returned.
    pub fn candidates(&self, query: &CandidateQuery) -> Result<Vec<Candidate>, IndexError> {
        let searcher = self.reader.searcher();
        let segments = searcher.segment_readers();
        let mut hashes: Vec<u64> = query.hashes.iter().map(|&hash| fingerprint_key(hash)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        if hashes.is_empty() || query.max_candidates == 0 {
            return Ok(Vec::new());
        }

        // Hashes of template documents are subtracted from the query.
        let template_hashes = self.template_hashes(&hashes)?;
        hashes.retain(|hash| !template_hashes.contains(hash));

        // Look every hash up once per segment and add up its document frequency.
        let mut document_frequency = vec![0u64; hashes.len()];
        let mut per_segment = Vec::with_capacity(segments.len());
        for segment in segments {
            let inverted_index = segment.inverted_index(self.fields.fingerprints)?;
            let mut found = Vec::new();
            for (position, &hash) in hashes.iter().enumerate() {
                let term = Term::from_field_u64(self.fields.fingerprints, hash);
                if let Some(term_info) = inverted_index.get_term_info(&term)? {
                    document_frequency[position] += u64::from(term_info.doc_freq);
                    found.push((position, term_info));
                }
            }
            per_segment.push((inverted_index, SegmentTerms { hash_positions_and_infos: found }));
        }

        // Hashes in more than the cutoff of documents are boilerplate: they never seed a match.
        let cutoff = query.document_frequency_cutoff(searcher.num_docs());
        let excluded_ids: HashSet<&str> = query.exclude_ids.iter().map(String::as_str).collect();

        let mut scored: Vec<(u32, String)> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        for (segment, (inverted_index, terms)) in segments.iter().zip(per_segment) {
            counts.clear();
            counts.resize(segment.max_doc() as usize, 0);
            for (position, term_info) in &terms.hash_positions_and_infos {
                if document_frequency[*position] > cutoff {
                    continue;
                }
                let mut block =
                    inverted_index.read_block_postings_from_terminfo(term_info, IndexRecordOption::Basic)?;
                loop {
                    let docs = block.docs();
                    if docs.is_empty() {
                        break;
                    }
                    for &doc in docs {
                        if let Some(count) = counts.get_mut(doc as usize) {
                            *count += 1;
                        }
                    }
                    block.advance();
                }
            }
            let columns = MetaColumns::open(segment)?;
            for (doc, &count) in counts.iter().enumerate() {
                let doc = doc as DocId;
                if count < query.min_shared.max(1) || segment.is_deleted(doc) {
                    continue;
                }
                let doc_id = columns.id(doc)?;
                if !excluded_ids.contains(doc_id.as_str()) {
                    scored.push((count, doc_id));
                }
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
