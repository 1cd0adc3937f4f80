//! Sentence embeddings in cross-language alignment, when a model is given: the dictionaries
//! find where translated text may be, and the model says how alike the sentences there are.
//!
//! The core knows no model: it declares [`SentenceEmbedder`], which the `adal` crate
//! implements with `adal-embed` (multilingual-e5-small), and works the same without one.
//!
//! Embedding every sentence of every candidate would cost seconds per thesis, so only the
//! neighbourhoods of **anchors** are embedded: sentence pairs the dictionaries match loosely
//! (a lower score and fewer shared words than a match needs). Translated text runs in order,
//! so only runs of anchors are embedded around (two or more, chained as dictionary matches
//! are), and around each of their anchors every submission sentence within [`EmbeddingConfig::neighbourhood`]
//! is compared with every source sentence within [`EmbeddingConfig::source_neighbourhood`]
//! of the anchor's source sentence. A pair's score is a blend of its dictionary score and its
//! embedding cosine mapped to 0–1; it matches when the blend reaches
//! [`TranslationConfig::min_score`] and the cosine is at least [`EmbeddingConfig::min_cosine`].
//! So pairs the dictionaries cover poorly (English → Kazakh, free translations) are rescued
//! by the model, and pairs that share dictionary words but say different things are rejected.

use super::align::{match_sentences, sentence_runs, SentenceMatch};
use super::features::ConceptDocument;
use super::TranslationConfig;
use crate::text::Token;
use std::collections::{BTreeSet, HashMap};

/// A model that turns sentences into vectors whose dot product says how alike they are
/// across languages (L2-normalised vectors, one per sentence, in order).
pub trait SentenceEmbedder: Send + Sync {
    fn embed(&self, sentences: &[&str]) -> Vec<Vec<f32>>;
}

/// How embeddings take part in cross-language alignment, with the reasons for the values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EmbeddingConfig {
    /// Dictionary score of an anchor: a pair loosely alike in concepts.
    pub anchor_min_score: f64,
    /// Shared words of an anchor.
    pub anchor_min_shared_words: usize,
    /// Summed dictionary score of a run of anchors (at least 2 sentences on both sides, chained
    /// as [`super::align::sentence_runs`] chains matches): lone anchors are everywhere in two
    /// texts on one topic, runs of them mostly where one translates the other, so only runs
    /// are embedded around.
    pub anchor_run_score: f64,
    /// Submission sentences on each side of an anchor compared with the model.
    pub neighbourhood: u32,
    /// Source sentences on each side of an anchor's source sentence.
    pub source_neighbourhood: u32,
    /// Cosine mapped to 0: multilingual-e5 gives unrelated sentences 0.7–0.8 and sentences of
    /// two texts on one topic up to about 0.85. With 0.80 the xlang-dev negatives had 4
    /// false-alarm pairs, with 0.81–0.83 none (BENCHMARKS.md).
    pub low_cosine: f64,
    /// Cosine mapped to 1: translations are mostly at 0.87–0.95. A pair without dictionary
    /// words matches (blend ≥ 0.3 at weight 0.5) from a cosine of 0.88.
    pub high_cosine: f64,
    /// Weight of the dictionary score in the blend (the rest is the model's).
    pub dictionary_weight: f64,
    /// Pairs below this cosine never match, whatever the dictionaries say.
    pub min_cosine: f64,
    /// Most sentences (of both documents) embedded for one pair of documents; the anchors
    /// with the best dictionary scores are served first.
    pub max_sentences: usize,
    /// Whether a pair the dictionaries alone would not match must lie in the neighbourhood of
    /// one they match (and the model confirms): the model extends translated passages the
    /// dictionaries found, and does not find passages on its own.
    pub rescue_near_confirmed: bool,
}

impl EmbeddingConfig {
    pub const DEFAULT: EmbeddingConfig = EmbeddingConfig {
        anchor_min_score: 0.2,
        anchor_min_shared_words: 2,
        anchor_run_score: 0.5,
        neighbourhood: 2,
        source_neighbourhood: 3,
        low_cosine: 0.82,
        high_cosine: 0.92,
        dictionary_weight: 0.5,
        min_cosine: 0.80,
        max_sentences: 64,
        rescue_near_confirmed: false,
    };

    /// The model's score of a cosine, 0–1.
    fn model_score(&self, cosine: f64) -> f64 {
        ((cosine - self.low_cosine) / (self.high_cosine - self.low_cosine).max(1e-6)).clamp(0.0, 1.0)
    }
}

/// The text of a sentence (a token range of a concept document).
fn sentence_text<'a>(text: &'a str, tokens: &[Token], document: &ConceptDocument, sentence: u32) -> &'a str {
    let range = document.sentences[sentence as usize];
    let (Some(first), Some(last)) = (tokens.get(range.start as usize), tokens.get(range.end as usize - 1))
    else {
        return "";
    };
    text.get(first.span.start..last.span.end).unwrap_or_default()
}

/// A document's text, tokens and concept document.
pub type Side<'a> = (&'a str, &'a [Token], &'a ConceptDocument);

/// Sentence matches as [`match_sentences`] gives them (in submission order, at most 4 source
/// sentences per submission sentence, best first), scored with the model around anchors.
pub fn match_sentences_with_model(
    (submission_text, submission_tokens, submission): Side<'_>,
    (source_text, source_tokens, source): Side<'_>,
    config: &TranslationConfig,
    embedder: &dyn SentenceEmbedder,
) -> Vec<SentenceMatch> {
    let settings = &config.embedding;
    let loose = TranslationConfig {
        min_score: settings.anchor_min_score.min(config.min_score),
        min_shared_words: settings.anchor_min_shared_words.min(config.min_shared_words),
        ..*config
    };
    let loose_matches = match_sentences(submission, source, &loose);
    let anchor_runs = TranslationConfig { min_run_score: settings.anchor_run_score, ..loose };
    let seeds: Vec<SentenceMatch> = sentence_runs(loose_matches.clone(), submission, source, &anchor_runs)
        .into_iter()
        .flat_map(|run| run.matches)
        .collect();
    if seeds.is_empty() {
        return Vec::new();
    }
    // Every loose dictionary match inside the embedded neighbourhoods keeps its score and words.
    let mut anchors = loose_matches;
    let dictionary: HashMap<(u32, u32), usize> = anchors
        .iter()
        .enumerate()
        .map(|(index, found)| ((found.submission_sentence, found.source_sentence), index))
        .collect();

    // Neighbourhoods of the best anchors first, within the sentence budget.
    let mut order: Vec<usize> = (0..seeds.len()).collect();
    order.sort_by(|&a, &b| seeds[b].score.total_cmp(&seeds[a].score).then(a.cmp(&b)));
    let (submission_count, source_count) = (submission.sentences.len() as u32, source.sentences.len() as u32);
    let mut submission_needed: BTreeSet<u32> = BTreeSet::new();
    let mut source_needed: BTreeSet<u32> = BTreeSet::new();
    let mut pairs: BTreeSet<(u32, u32)> = BTreeSet::new();
    for index in order {
        let anchor = &seeds[index];
        let around = |centre: u32, reach: u32, count: u32| {
            centre.saturating_sub(reach)..(centre + reach + 1).min(count)
        };
        let submission_range = around(anchor.submission_sentence, settings.neighbourhood, submission_count);
        let source_range = around(anchor.source_sentence, settings.source_neighbourhood, source_count);
        let new_sentences = submission_range.clone().filter(|s| !submission_needed.contains(s)).count()
            + source_range.clone().filter(|s| !source_needed.contains(s)).count();
        if submission_needed.len() + source_needed.len() + new_sentences > settings.max_sentences {
            continue;
        }
        submission_needed.extend(submission_range.clone());
        source_needed.extend(source_range.clone());
        for submission_sentence in submission_range {
            for source_sentence in source_range.clone() {
                pairs.insert((submission_sentence, source_sentence));
            }
        }
    }

    let submission_list: Vec<u32> = submission_needed.into_iter().collect();
    let source_list: Vec<u32> = source_needed.into_iter().collect();
    let texts: Vec<&str> = submission_list
        .iter()
        .map(|&sentence| sentence_text(submission_text, submission_tokens, submission, sentence))
        .chain(
            source_list.iter().map(|&sentence| sentence_text(source_text, source_tokens, source, sentence)),
        )
        .collect();
    let vectors = embedder.embed(&texts);
    if vectors.len() != texts.len() {
        // The embedder declined (or failed): the dictionaries decide alone.
        return match_sentences(submission, source, config);
    }
    let (submission_vectors, source_vectors) = vectors.split_at(submission_list.len());
    let submission_vector: HashMap<u32, &[f32]> =
        submission_list.iter().zip(submission_vectors).map(|(&s, v)| (s, v.as_slice())).collect();
    let source_vector: HashMap<u32, &[f32]> =
        source_list.iter().zip(source_vectors).map(|(&s, v)| (s, v.as_slice())).collect();

    let mut matches: Vec<SentenceMatch> = Vec::new();
    // Pairs the dictionaries match on their own, as `match_sentences` would with `config`.
    let mut confirmed: Vec<(u32, u32)> = Vec::new();
    for (submission_sentence, source_sentence) in pairs {
        let (Some(a), Some(b)) =
            (submission_vector.get(&submission_sentence), source_vector.get(&source_sentence))
        else {
            continue;
        };
        let cosine: f64 = a.iter().zip(b.iter()).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum();
        if cosine < settings.min_cosine {
            continue;
        }
        let found = dictionary.get(&(submission_sentence, source_sentence)).map(|&index| &mut anchors[index]);
        let dictionary_score = found.as_ref().map_or(0.0, |found| found.score);
        let strict = found.as_ref().is_some_and(|found| {
            found.score >= config.min_score
                && found.submission_words.len().min(found.source_words.len()) >= config.min_shared_words
        });
        let score = settings.dictionary_weight * dictionary_score
            + (1.0 - settings.dictionary_weight) * settings.model_score(cosine);
        if score < config.min_score {
            continue;
        }
        if strict {
            confirmed.push((submission_sentence, source_sentence));
        }
        let (submission_words, source_words) = match found {
            Some(found) => {
                (std::mem::take(&mut found.submission_words), std::mem::take(&mut found.source_words))
            }
            None => (Vec::new(), Vec::new()),
        };
        matches.push(SentenceMatch {
            submission_sentence,
            source_sentence,
            score,
            submission_words,
            source_words,
        });
    }
    if settings.rescue_near_confirmed {
        let near = |found: &SentenceMatch| {
            confirmed.iter().any(|&(submission_sentence, source_sentence)| {
                found.submission_sentence.abs_diff(submission_sentence) <= settings.neighbourhood
                    && found.source_sentence.abs_diff(source_sentence) <= settings.source_neighbourhood
            })
        };
        matches.retain(near);
    }
    matches.sort_by(|a, b| {
        a.submission_sentence
            .cmp(&b.submission_sentence)
            .then(b.score.total_cmp(&a.score))
            .then(a.source_sentence.cmp(&b.source_sentence))
    });
    let mut kept: Vec<SentenceMatch> = Vec::with_capacity(matches.len());
    let mut per_sentence = 0;
    for found in matches {
        per_sentence = match kept.last() {
            Some(last) if last.submission_sentence == found.submission_sentence => per_sentence + 1,
            _ => 1,
        };
        if per_sentence <= super::align::CANDIDATES_PER_SENTENCE {
            kept.push(found);
        }
    }
    kept
}
