//! How a submission asks the corpus index for its candidate sources: two queries per
//! submission, answered in one call to the postings backend.
//!
//! - **Fingerprints** (winnowed word shingles) find verbatim and lightly edited text: two
//!   shared fingerprints make a candidate, up to 50.
//! - **Sentence stem pairs** ([`crate::fingerprint::sentence_pairs`]) find the sources of
//!   heavily rewritten text, whose shingles are gone. Texts on one topic share many stem
//!   pairs, so a source found only this way needs [`PAIR_MIN_SHARED`] of them and at most
//!   [`PAIR_MAX_CANDIDATES`] such sources are added.
//!
//! - **Concept pairs** ([`crate::xlang::retrieval`]) find the sources of translated text in
//!   another language; like stem pairs, a source found only this way needs
//!   [`CONCEPT_MIN_SHARED`] of them and at most [`CONCEPT_MAX_CANDIDATES`] are added.
//!
//! All kinds of keys live in the one fingerprint table, so the embedded and the sharded
//! backends serve them alike.

use crate::fingerprint::{fingerprint, sentence_pair_hashes, FingerprintConfig, THESIS_PAIR_SAMPLE};
use crate::index::{Candidate, CandidateQuery};
use crate::text::Token;

/// Fewest shared sentence stem pairs for a source found by them alone. On the paraphrase set
/// (corpus sample 1/16): 3 retrieves 602 of 612 pairs with plagiarism, 4 591, 6 560; the
/// dev set loses no pair with any of them (BENCHMARKS.md).
pub const PAIR_MIN_SHARED: u32 = 3;
/// Most sources added by sentence stem pairs alone.
pub const PAIR_MAX_CANDIDATES: usize = 10;

/// Fewest shared concept pairs for a source found by them alone.
pub const CONCEPT_MIN_SHARED: u32 = 2;
/// Most sources added by concept pairs alone.
pub const CONCEPT_MAX_CANDIDATES: usize = 10;

/// The three queries of one submission: by fingerprints (first: it has the lower threshold,
/// which a batch's backend call uses for all), then by sentence stem pairs, then by concept
/// pairs (empty without translations in the active lexicon).
pub fn candidate_queries(
    text: &str,
    tokens: &[Token],
    exclude_ids: &[String],
    max_sources: Option<usize>,
) -> [CandidateQuery; 3] {
    let fingerprints =
        fingerprint(tokens, &FingerprintConfig::THESIS).into_iter().map(|print| print.hash).collect();
    let mut by_fingerprints = CandidateQuery::new(fingerprints);
    let mut by_pairs = CandidateQuery::new(sentence_pair_hashes(text, tokens, THESIS_PAIR_SAMPLE));
    by_pairs.min_shared = PAIR_MIN_SHARED;
    by_pairs.max_candidates = PAIR_MAX_CANDIDATES;
    let lexicon = crate::text::lexicon::active();
    let concept_keys = if lexicon.concepts().is_empty() {
        Vec::new()
    } else {
        let document =
            crate::xlang::concept_document(text, tokens, crate::text::detect_language(text), &lexicon);
        crate::xlang::retrieval::query_concept_keys(&document)
    };
    let mut by_concepts = CandidateQuery::new(concept_keys);
    by_concepts.min_shared = CONCEPT_MIN_SHARED;
    by_concepts.max_candidates = CONCEPT_MAX_CANDIDATES;
    for query in [&mut by_fingerprints, &mut by_pairs, &mut by_concepts] {
        query.exclude_ids = exclude_ids.to_vec();
        if let Some(max_sources) = max_sources {
            query.max_candidates = query.max_candidates.min(max_sources);
        }
    }
    [by_fingerprints, by_pairs, by_concepts]
}

/// The candidates of the queries: those found by fingerprints, then those found only by stem
/// pairs or concept pairs (with no shared fingerprint), at most `max_sources` in all.
pub fn merge_candidates(
    by_fingerprints: Vec<Candidate>,
    by_pairs: Vec<Candidate>,
    max_sources: Option<usize>,
) -> Vec<Candidate> {
    let mut merged = by_fingerprints;
    for candidate in by_pairs {
        if !merged.iter().any(|found| found.doc_id == candidate.doc_id) {
            merged.push(Candidate { doc_id: candidate.doc_id, shared_fingerprints: 0 });
        }
    }
    if let Some(max_sources) = max_sources {
        merged.truncate(max_sources);
    }
    merged
}

/// One submission to find candidate sources for.
pub struct RetrievalRequest<'a> {
    /// The submission's normalized text.
    pub text: &'a str,
    /// Its word tokens.
    pub tokens: &'a [Token],
    /// Corpus documents never to return (the submission's own earlier versions).
    pub excluded_document_ids: &'a [String],
    /// The most candidates to keep, `None` for all.
    pub max_sources: Option<usize>,
}

/// Candidates of many submissions in one backend call.
pub fn candidates_of(
    index: &crate::index::CorpusIndex,
    submissions: &[RetrievalRequest<'_>],
) -> Result<Vec<Vec<Candidate>>, crate::index::IndexError> {
    let queries: Vec<CandidateQuery> = submissions
        .iter()
        .flat_map(|request| {
            candidate_queries(
                request.text,
                request.tokens,
                request.excluded_document_ids,
                request.max_sources,
            )
        })
        .collect();
    let mut answers = index.candidates_batch(&queries)?.into_iter();
    let mut merged = Vec::with_capacity(submissions.len());
    for request in submissions {
        let by_fingerprints = answers.next().unwrap_or_default();
        let mut by_pairs = answers.next().unwrap_or_default();
        by_pairs.extend(answers.next().unwrap_or_default());
        merged.push(merge_candidates(by_fingerprints, by_pairs, request.max_sources));
    }
    Ok(merged)
}
