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
/// Most sources added by concept pairs alone for a submission of up to
/// [`CONCEPT_WORDS_PER_EXTRA_CANDIDATE`] words; a longer one (a whole thesis may translate many
/// sources) gets one more per that many words, up to [`CONCEPT_MAX_CANDIDATES_LONG`].
pub const CONCEPT_MAX_CANDIDATES: usize = 10;
/// Words of submission per additional cross-language candidate. On the 35,180-word thesis
/// of the W2 cross-language bench (translations from 37 sources), one per 2,500 words (23
/// candidates) finds 14 of the sources, one per 1,000 (44) finds 23, and the check's p50
/// goes from 476 to 560 ms (BENCHMARKS.md).
pub const CONCEPT_WORDS_PER_EXTRA_CANDIDATE: usize = 1_000;
/// Most sources added by concept pairs alone, however long the submission.
pub const CONCEPT_MAX_CANDIDATES_LONG: usize = 60;

/// The cross-language candidate budget of a submission of `words` words.
pub fn concept_max_candidates(words: usize) -> usize {
    (CONCEPT_MAX_CANDIDATES
        + words.saturating_sub(CONCEPT_WORDS_PER_EXTRA_CANDIDATE) / CONCEPT_WORDS_PER_EXTRA_CANDIDATE)
        .min(CONCEPT_MAX_CANDIDATES_LONG)
}

/// The three queries of one submission: by fingerprints (first: it has the lower threshold,
/// which a batch's backend call uses for all), then by sentence stem pairs, then by concept
/// pairs (empty without translations in the active lexicon).
pub fn candidate_queries(
    text: &str,
    tokens: &[Token],
    concepts: Option<&crate::xlang::ConceptDocument>,
    exclude_ids: &[String],
    max_sources: Option<usize>,
) -> [CandidateQuery; 3] {
    let fingerprints =
        fingerprint(tokens, &FingerprintConfig::THESIS).into_iter().map(|print| print.hash).collect();
    let mut by_fingerprints = CandidateQuery::new(fingerprints);
    let mut by_pairs = CandidateQuery::new(sentence_pair_hashes(text, tokens, THESIS_PAIR_SAMPLE));
    by_pairs.min_shared = PAIR_MIN_SHARED;
    by_pairs.max_candidates = PAIR_MAX_CANDIDATES;
    let concept_keys = match concepts {
        Some(document) => crate::xlang::retrieval::query_concept_keys(document),
        None => match submission_concepts(text, tokens) {
            Some(document) => crate::xlang::retrieval::query_concept_keys(&document),
            None => Vec::new(),
        },
    };
    let mut by_concepts = CandidateQuery::new(concept_keys);
    by_concepts.min_shared = CONCEPT_MIN_SHARED;
    by_concepts.max_candidates = concept_max_candidates(tokens.len());
    for query in [&mut by_fingerprints, &mut by_pairs, &mut by_concepts] {
        query.exclude_ids = exclude_ids.to_vec();
        if let Some(max_sources) = max_sources {
            query.max_candidates = query.max_candidates.min(max_sources);
        }
    }
    [by_fingerprints, by_pairs, by_concepts]
}

/// A submission's concept document for cross-language retrieval and alignment; `None` when the
/// active lexicon has no bilingual dictionary.
pub fn submission_concepts(text: &str, tokens: &[Token]) -> Option<crate::xlang::ConceptDocument> {
    let lexicon = crate::text::lexicon::active();
    (!lexicon.concepts().is_empty())
        .then(|| crate::xlang::concept_document(text, tokens, crate::text::detect_language(text), &lexicon))
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
    /// Its concept document when the caller made one ([`submission_concepts`]); made here
    /// otherwise.
    pub concepts: Option<&'a crate::xlang::ConceptDocument>,
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
                request.concepts,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_longer_submission_gets_more_cross_language_candidates_up_to_a_bound() {
        assert_eq!(concept_max_candidates(0), CONCEPT_MAX_CANDIDATES);
        assert_eq!(concept_max_candidates(1_999), CONCEPT_MAX_CANDIDATES);
        assert_eq!(concept_max_candidates(2_000), CONCEPT_MAX_CANDIDATES + 1);
        assert_eq!(concept_max_candidates(35_000), CONCEPT_MAX_CANDIDATES + 34);
        assert_eq!(concept_max_candidates(10_000_000), CONCEPT_MAX_CANDIDATES_LONG);
    }
}
