//! Translated text: finding the passages of a submission that translate a source written in
//! another language (Kazakh, Russian, English), offline and explainably.
//!
//! Both documents become sentences of language-neutral word features ([`features`]): concepts
//! of the bilingual dictionaries the lexicon was compiled with (Kazakh is the pivot), cognate
//! skeletons of loanwords and names ([`skeleton`]), and numbers. Sentences are matched in that
//! space and runs of matching sentences become passages ([`align`]) with exact spans on both
//! sides and the matched words of every sentence pair as evidence
//! ([`crate::compare::TranslationEvidence`]). Without a bilingual dictionary only the skeletons
//! and numbers are left, which find little: the feature needs the dictionaries imported.
//!
//! This module knows nothing about indexes, storage or HTTP; callers hand it the texts, their
//! tokens and the concept documents (built once per document with [`concept_document`]).

pub mod align;
pub mod embedding;
pub mod features;
pub mod retrieval;
pub mod skeleton;
pub mod units;

pub use embedding::{EmbeddingConfig, SentenceEmbedder};
pub use features::{concept_document, ConceptDocument};

use crate::compare::{
    citation_holding, extend_over_final_punctuation, AlignedPassage, AlignmentConfig, Detection, FoundBy,
    PreparedText, SentencePairEvidence, TokenRange, TranslationEvidence,
};
use crate::model::{DocLang, Span};
use crate::text::Token;

/// Thresholds of cross-language alignment, with the reasons for their values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TranslationConfig {
    /// Words of each sentence that must find a counterpart in the other.
    pub min_shared_words: usize,
    /// Weighted coverage of both sentences for a sentence pair to match.
    pub min_score: f64,
    /// Matching sentences a passage needs: most sentences of a thesis have no source, and two
    /// texts on one topic have single sentences alike.
    pub min_run_sentences: usize,
    /// A lone matching sentence with at least this score is a passage too.
    pub single_min_score: f64,
    /// Sum of the match scores a run needs.
    pub min_run_score: f64,
    /// Unmatched submission sentences between two runs of one source that are joined.
    pub merge_gap_sentences: u32,
    /// Submission sentences without a match allowed inside a run.
    pub max_gap_sentences: u32,
    /// How far, in source sentences, the next match may lie from the run's source range.
    pub max_source_jump_sentences: u32,
    /// Passages with fewer submission words are dropped.
    pub min_passage_words: u32,
    /// Weight of a content word without any feature, as a share of the weight of a feature
    /// found in one sentence of the two documents.
    pub featureless_weight: f64,
    /// How a sentence embedding model, when one is given, rescores sentence pairs.
    pub embedding: EmbeddingConfig,
}

impl TranslationConfig {
    pub const DEFAULT: TranslationConfig = TranslationConfig {
        min_shared_words: 3,
        min_score: 0.3,
        min_run_sentences: 2,
        single_min_score: f64::INFINITY,
        min_run_score: 0.8,
        merge_gap_sentences: 3,
        max_gap_sentences: 1,
        max_source_jump_sentences: 3,
        min_passage_words: 10,
        featureless_weight: 0.5,
        embedding: EmbeddingConfig::DEFAULT,
    };
}

/// Whether two documents are in different comparable languages (Kazakh, Russian, English), so
/// that cross-language alignment applies.
pub fn languages_differ(submission: DocLang, source: DocLang) -> bool {
    let comparable = |language| matches!(language, DocLang::Kk | DocLang::Ru | DocLang::En);
    comparable(submission) && comparable(source) && submission != source
}

fn span_of(tokens: &[Token], range: TokenRange) -> Option<Span> {
    Some(Span::new(
        tokens.get(range.start as usize)?.span.start,
        tokens.get(range.end as usize - 1)?.span.end,
    ))
}

/// The translated passages of a submission from one source of another language; with an
/// embedder, sentence pairs are scored with it too ([`embedding`]).
pub fn detect_translated(
    (submission_text, submission_tokens, submission): (&str, &[Token], &ConceptDocument),
    (source_text, source_tokens, source): (&str, &[Token], &ConceptDocument),
    config: &TranslationConfig,
    embedder: Option<&dyn SentenceEmbedder>,
) -> Vec<Detection> {
    let Some(source_language) = source.language else { return Vec::new() };
    let matches = match embedder {
        Some(embedder) => embedding::match_sentences_with_model(
            (submission_text, submission_tokens, submission),
            (source_text, source_tokens, source),
            config,
            embedder,
        ),
        None => align::match_sentences(submission, source, config),
    };
    let runs = align::sentence_runs(matches, submission, source, config);
    if runs.is_empty() {
        return Vec::new();
    }
    let citations = crate::compare::citations_of(submission_text);
    runs.into_iter()
        .filter(|run| run.submission_tokens.len() >= config.min_passage_words)
        .filter_map(|run| {
            let submission_span = span_of(submission_tokens, run.submission_tokens)?;
            let source_span = span_of(source_tokens, run.source_tokens)?;
            let sentence_pairs = run
                .matches
                .iter()
                .filter_map(|found| {
                    Some(SentencePairEvidence {
                        submission_span: span_of(
                            submission_tokens,
                            submission.sentences[found.submission_sentence as usize],
                        )?,
                        source_span: span_of(
                            source_tokens,
                            source.sentences[found.source_sentence as usize],
                        )?,
                        submission_words: found.submission_words.clone(),
                        source_words: found.source_words.clone(),
                    })
                })
                .collect();
            let matched_words = run.matches.iter().map(|found| found.submission_words.len() as u32).sum();
            let passage = AlignedPassage {
                submission_tokens: run.submission_tokens,
                source_tokens: run.source_tokens,
                submission_span,
                source_span,
                seeds: run.matches.len() as u32,
                matched_words,
                in_order: run
                    .matches
                    .windows(2)
                    .all(|pair| pair[0].source_sentence <= pair[1].source_sentence),
                found_by: FoundBy::Translation,
            };
            Some(Detection {
                passage,
                submission_span: extend_over_final_punctuation(submission_text, submission_span),
                source_span: extend_over_final_punctuation(source_text, source_span),
                citation: citation_holding(&citations, submission_span),
                translation: Some(TranslationEvidence { source_language, sentence_pairs }),
            })
        })
        .collect()
}

/// Joins the passages found within one language (shared numbers, names, a quoted phrase) with
/// the translated ones: a monolingual passage inside or overlapping a translated one widens it
/// and is dropped, so one translated passage is reported once.
pub fn merge_detections(monolingual: Vec<Detection>, translated: Vec<Detection>) -> Vec<Detection> {
    let mut merged = translated;
    for detection in monolingual {
        let overlapping = merged.iter_mut().find(|translated| {
            translated.submission_span.overlaps(&detection.submission_span)
                && translated.source_span.overlaps(&detection.source_span)
        });
        match overlapping {
            Some(translated) => {
                let widen = |a: Span, b: Span| Span::new(a.start.min(b.start), a.end.max(b.end));
                translated.submission_span = widen(translated.submission_span, detection.submission_span);
                translated.source_span = widen(translated.source_span, detection.source_span);
                let passage = &mut translated.passage;
                passage.submission_tokens.start =
                    passage.submission_tokens.start.min(detection.passage.submission_tokens.start);
                passage.submission_tokens.end =
                    passage.submission_tokens.end.max(detection.passage.submission_tokens.end);
                passage.source_tokens.start =
                    passage.source_tokens.start.min(detection.passage.source_tokens.start);
                passage.source_tokens.end =
                    passage.source_tokens.end.max(detection.passage.source_tokens.end);
            }
            None => merged.push(detection),
        }
    }
    merged.sort_by_key(|detection| detection.submission_span.start);
    merged
}

/// A document prepared for comparison: its text, tokens and stem keys, and its concept
/// document when cross-language alignment may apply.
pub type PreparedDocument<'a> = (PreparedText<'a>, Option<&'a ConceptDocument>);

/// Aligns a submission with one source in every way `config` allows: within one language
/// ([`crate::compare::detect_with_stems`]) and, when the two are in different languages and
/// both concept documents are given, across languages (with the embedder, when given).
pub fn detect_all(
    (submission, submission_concepts): PreparedDocument<'_>,
    (source, source_concepts): PreparedDocument<'_>,
    config: &AlignmentConfig,
    embedder: Option<&dyn SentenceEmbedder>,
) -> Vec<Detection> {
    let monolingual = crate::compare::detect_with_stems(submission, source, config);
    let (Some(translation), Some(submission_concepts), Some(source_concepts)) =
        (&config.translation, submission_concepts, source_concepts)
    else {
        return monolingual;
    };
    let (Some(submission_language), Some(source_language)) =
        (submission_concepts.language, source_concepts.language)
    else {
        return monolingual;
    };
    if !languages_differ(submission_language, source_language) {
        return monolingual;
    }
    let translated = detect_translated(
        (submission.0, &submission.1.tokens, submission_concepts),
        (source.0, &source.1.tokens, source_concepts),
        translation,
        embedder,
    );
    merge_detections(monolingual, translated)
}

#[cfg(test)]
mod tests;
