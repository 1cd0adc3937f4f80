//! Alignment: given the tokens of a submission and of one source, find the passages they share,
//! with exact spans on both sides; and tell citations and bibliography apart.
//!
//! The steps: **seeds** (word n-grams the two texts share, with their positions) →
//! **clusters** (seeds close together in both texts, allowing for inserted, deleted, replaced and
//! reordered words and shuffled sentences) → **merging** (neighbouring clusters that continue the
//! same source passage become one, so one real passage is reported as one passage) →
//! **filtering** (too few seeds or too few words) → passages with token ranges and byte spans.
//! Alongside, **sentence alignment** ([`paraphrase`]) compares sentences as bags of stems, which
//! finds paraphrased sentences that share few n-grams; its passages widen or join the n-gram
//! passages ([`combine`]).
//!
//! This module knows nothing about indexes, storage or HTTP; it works on [`crate::text::Token`]s.

mod citation;
mod cluster;
mod combine;
mod content;
mod extend;
pub mod paraphrase;
mod sections;
mod seeds;
pub(crate) mod sentences;
pub(crate) mod stem_maps;
mod translated;

pub use citation::{citations_of, find_quotations, Quotation};
pub use paraphrase::ParaphraseConfig;
pub use sections::find_bibliography;
pub use translated::{SentencePairEvidence, TranslationEvidence};

use crate::model::Span;
use crate::text::stem::{stem_keys, StemKey};
use crate::text::{detect_language, Token};

/// Parameters of alignment, with the reasons for their values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AlignmentConfig {
    /// Words per seed n-gram. Three words survive light editing (a third of the words touched
    /// leaves about a third of the trigrams intact) yet rarely match by chance between unrelated
    /// texts of one language.
    pub seed_words: usize,
    /// A seed n-gram found more often than this in either text is a stock phrase and is skipped.
    pub max_seed_occurrences: usize,
    /// The largest gap, in submission words, between two seeds of one cluster.
    pub max_gap_words: usize,
    /// The largest jump, in source words, outside a cluster's source range for a new seed.
    pub max_source_jump_words: usize,
    /// Clusters with fewer seeds are noise.
    pub min_seeds: usize,
    /// Passages shorter than this many submission words are dropped.
    pub min_passage_words: usize,
    /// Sentence-level (bag-of-stems) alignment for paraphrase; `None` turns it off.
    pub sentences: Option<ParaphraseConfig>,
    /// Cross-language alignment of documents in different languages ([`crate::xlang`]);
    /// `None` turns it off.
    pub translation: Option<crate::xlang::TranslationConfig>,
}

impl AlignmentConfig {
    pub const DEFAULT: AlignmentConfig = AlignmentConfig {
        seed_words: 3,
        max_seed_occurrences: 12,
        max_gap_words: 24,
        max_source_jump_words: 60,
        min_seeds: 5,
        min_passage_words: 15,
        sentences: Some(ParaphraseConfig::DEFAULT),
        translation: Some(crate::xlang::TranslationConfig::DEFAULT),
    };
}

impl Default for AlignmentConfig {
    fn default() -> Self {
        AlignmentConfig::DEFAULT
    }
}

/// A half-open range of token indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct TokenRange {
    pub start: u32,
    pub end: u32,
}

impl TokenRange {
    pub fn len(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// A passage the submission shares with a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlignedPassage {
    pub submission_tokens: TokenRange,
    pub source_tokens: TokenRange,
    /// Bytes of the submission text, from the first to the last word of the passage.
    pub submission_span: Span,
    pub source_span: Span,
    /// Number of seed n-grams found in the passage.
    pub seeds: u32,
    /// Submission words covered by a seed n-gram.
    pub matched_words: u32,
    /// True when the seeds follow the source order throughout; false when the passage's
    /// sentences or words were reordered.
    pub in_order: bool,
    /// Which alignment found the passage.
    pub found_by: FoundBy,
}

/// How a passage was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundBy {
    /// Shared word n-grams (verbatim or edited text).
    NGrams,
    /// Sentences similar as bags of stems, with few shared n-grams (paraphrase).
    Sentences,
    /// Sentences of another language similar in concepts (translation, [`crate::xlang`]).
    Translation,
}

/// A passage found between a submission and a source, with its final spans and whether it is a
/// citation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    pub passage: AlignedPassage,
    /// The passage's submission bytes, extended over sentence-final punctuation.
    pub submission_span: Span,
    pub source_span: Span,
    /// The quotation with a reference that holds the passage, if it is a citation.
    pub citation: Option<Quotation>,
    /// For a passage translated from a source in another language: the source's language and
    /// the sentence pairs that matched.
    pub translation: Option<TranslationEvidence>,
}

/// Share of a passage's bytes that must lie inside quotations with references for it to count
/// as a citation.
const CITATION_SHARE: f64 = 0.8;

/// The stem key of every token of a text, for sentence alignment (see [`crate::text::stem`]).
pub fn stems_of(text: &str, analyzed: &crate::text::AnalyzedText) -> Vec<StemKey> {
    stem_keys(text, &analyzed.tokens, detect_language(text))
}

/// Aligns a submission with one source and tells citations apart.
pub fn detect(
    submission_text: &str,
    submission: &crate::text::AnalyzedText,
    source_text: &str,
    source: &crate::text::AnalyzedText,
    config: &AlignmentConfig,
) -> Vec<Detection> {
    let (submission_stems, source_stems) = match config.sentences {
        Some(_) => (stems_of(submission_text, submission), stems_of(source_text, source)),
        None => (Vec::new(), Vec::new()),
    };
    detect_with_stems(
        (submission_text, submission, &submission_stems),
        (source_text, source, &source_stems),
        config,
    )
}

/// A text, its tokens and the stem keys of its tokens ([`stems_of`]; may be empty when sentence
/// alignment is off).
pub type PreparedText<'a> = (&'a str, &'a crate::text::AnalyzedText, &'a [StemKey]);

/// Like [`detect`], with stem keys computed once per document by the caller.
pub fn detect_with_stems(
    (submission_text, submission, submission_stems): PreparedText<'_>,
    (source_text, source, source_stems): PreparedText<'_>,
    config: &AlignmentConfig,
) -> Vec<Detection> {
    let citations = citation::citations_of(submission_text);
    let barriers = quotation_barriers(&submission.tokens, &citations);
    let submission_tokens = content::without_formulas(&submission.tokens, submission_stems, 0);
    let source_tokens = content::without_formulas(&source.tokens, source_stems, 1);
    let mut passages = align_with_barriers(&submission_tokens, &source_tokens, config, &barriers);
    if let Some(sentence_config) = &config.sentences {
        if submission_stems.len() == submission.tokens.len() && source_stems.len() == source.tokens.len() {
            // A source the submission quotes with a reference is not thereby a source it copied.
            let confirmed = passages
                .iter()
                .any(|passage| citation_holding(&citations, passage.submission_span).is_none());
            let sentences = paraphrase::align_sentences(
                submission_text,
                &submission.tokens,
                submission_stems,
                source_text,
                &source.tokens,
                source_stems,
                &barriers,
                sentence_config,
                confirmed,
                &citations,
            );
            passages = combine::combine(passages, sentences);
            passages.retain(|passage| {
                content::carries_content(
                    passage,
                    (&submission.tokens, submission_stems),
                    (&source.tokens, source_stems),
                    sentence_config,
                )
            });
        }
    }
    let passages = drop_overlapping(passages);
    passages
        .into_iter()
        .map(|passage| Detection {
            passage,
            submission_span: extend_over_final_punctuation(submission_text, passage.submission_span),
            source_span: extend_over_final_punctuation(source_text, passage.source_span),
            citation: citation_holding(&citations, passage.submission_span),
            translation: None,
        })
        .collect()
}

/// Keeps, of passages that cover the same submission words (the source repeats a phrase, or the
/// submission cites the source's title twice), the one with the most seeds.
fn drop_overlapping(mut passages: Vec<AlignedPassage>) -> Vec<AlignedPassage> {
    passages.sort_by_key(|passage| std::cmp::Reverse(passage.seeds));
    let mut kept: Vec<AlignedPassage> = Vec::with_capacity(passages.len());
    for passage in passages {
        let range = passage.submission_tokens;
        let overlapping = kept.iter().any(|other| {
            let shared = range
                .end
                .min(other.submission_tokens.end)
                .saturating_sub(range.start.max(other.submission_tokens.start));
            shared * 2 > range.len()
        });
        if !overlapping {
            kept.push(passage);
        }
    }
    kept.sort_by_key(|passage| passage.submission_tokens.start);
    kept
}

/// The word indexes where citations start and where the words after them start, sorted.
fn quotation_barriers(tokens: &[Token], citations: &[Quotation]) -> Vec<u32> {
    let mut barriers: Vec<u32> = citations
        .iter()
        .flat_map(|quotation| {
            let first_inside = tokens.partition_point(|token| token.span.start < quotation.inner.start);
            let first_after = tokens.partition_point(|token| token.span.start < quotation.inner.end);
            [first_inside as u32, first_after as u32]
        })
        .collect();
    barriers.sort_unstable();
    barriers.dedup();
    barriers
}

/// The citation holding most of `span`, if it holds at least [`CITATION_SHARE`] of it.
pub fn citation_holding(citations: &[Quotation], span: Span) -> Option<Quotation> {
    if span.is_empty() {
        return None;
    }
    let inside: usize = citations
        .iter()
        .map(|quotation| {
            quotation.inner.end.min(span.end).saturating_sub(quotation.inner.start.max(span.start))
        })
        .sum();
    if (inside as f64) < CITATION_SHARE * span.len() as f64 {
        return None;
    }
    citations.iter().copied().max_by_key(|quotation| {
        quotation.inner.end.min(span.end).saturating_sub(quotation.inner.start.max(span.start))
    })
}

/// Extends a span over the sentence-final punctuation that directly follows it.
pub fn extend_over_final_punctuation(text: &str, span: Span) -> Span {
    let extra: usize =
        text[span.end..].chars().take_while(|c| matches!(c, '.' | '!' | '?' | '…')).map(char::len_utf8).sum();
    Span::new(span.start, span.end + extra)
}

/// Aligns a submission with one source.
pub fn align(submission: &[Token], source: &[Token], config: &AlignmentConfig) -> Vec<AlignedPassage> {
    align_with_barriers(submission, source, config, &[])
}

/// Aligns a submission with one source; no passage spans a barrier (a sorted list of
/// submission word indexes, e.g. where quotations start and end).
pub fn align_with_barriers(
    submission: &[Token],
    source: &[Token],
    config: &AlignmentConfig,
    barriers: &[u32],
) -> Vec<AlignedPassage> {
    let seeds = seeds::find_seeds(submission, source, config);
    let clusters = cluster::cluster_seeds(&seeds, config, barriers);
    let mut passages: Vec<AlignedPassage> =
        clusters.into_iter().filter_map(|cluster| cluster.into_passage(submission, source, config)).collect();
    passages.sort_by_key(|passage| passage.submission_tokens.start);
    // Each passage may grow up to its neighbours and the nearest barriers, never over them.
    let starts: Vec<u32> = passages.iter().map(|passage| passage.submission_tokens.start).collect();
    let ends: Vec<u32> = passages.iter().map(|passage| passage.submission_tokens.end).collect();
    for (index, passage) in passages.iter_mut().enumerate() {
        let previous_end = if index > 0 { ends[index - 1] } else { 0 };
        let next_start = starts.get(index + 1).copied().unwrap_or(submission.len() as u32);
        let barrier_before = barriers
            .iter()
            .rev()
            .find(|&&barrier| barrier <= passage.submission_tokens.start)
            .copied()
            .unwrap_or(0);
        let barrier_after = barriers
            .iter()
            .find(|&&barrier| barrier >= passage.submission_tokens.end)
            .copied()
            .unwrap_or(u32::MAX);
        let limit =
            TokenRange { start: previous_end.max(barrier_before), end: next_start.min(barrier_after) };
        extend::extend_edges(passage, submission, source, limit);
    }
    passages
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod paraphrase_tests;
