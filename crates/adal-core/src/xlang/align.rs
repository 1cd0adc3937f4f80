//! Sentence-to-sentence alignment of two documents of different languages in concept space,
//! and runs of matching sentences grown into passages.
//!
//! A submission sentence and a source sentence match when enough of their words, weighted by
//! how rare their features are in the two documents (inverse sentence frequency), find a word
//! of the other sentence with a shared feature: a weighted coverage of both sentences, after
//! the Dice coefficient. Words of neither dictionary count in the sentence's length with a
//! fixed weight, so a few shared words in a long sentence weigh little.
//!
//! Most sentences of a thesis have no source, and two texts on one topic share much of their
//! vocabulary, so one matching sentence is no evidence: a passage is a run of at least
//! [`TranslationConfig::min_run_sentences`] matching sentences, close together on both sides.

use super::features::{ConceptDocument, FeatureWord};
use super::TranslationConfig;
use crate::compare::stem_maps::KeyMap;
use crate::compare::TokenRange;
use crate::model::Span;

/// A submission sentence matched to a source sentence, with the words that matched.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceMatch {
    pub submission_sentence: u32,
    pub source_sentence: u32,
    /// Weighted coverage of both sentences (0–1).
    pub score: f64,
    /// Bytes of the submission sentence's words that found a counterpart.
    pub submission_words: Vec<Span>,
    /// Bytes of the source sentence's words that found a counterpart.
    pub source_words: Vec<Span>,
}

/// A run of matching sentences: a translated passage in token ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceRun {
    pub submission_tokens: TokenRange,
    pub source_tokens: TokenRange,
    pub matches: Vec<SentenceMatch>,
}

/// Inverse sentence frequency of every feature over the sentences of both documents (each
/// document counts its sentence frequencies once, [`ConceptDocument::sentence_features`]).
struct Weights<'a> {
    frequencies: [&'a KeyMap<u32>; 2],
    total: f64,
    featureless: f64,
}

impl<'a> Weights<'a> {
    fn new(documents: [&'a ConceptDocument; 2], config: &TranslationConfig) -> Weights<'a> {
        let sentences: usize = documents.iter().map(|document| document.sentences.len()).sum();
        let total = sentences.max(1) as f64;
        Weights {
            frequencies: documents.map(|document| &document.sentence_features().frequency),
            total,
            featureless: config.featureless_weight * (1.0 + total).ln(),
        }
    }

    fn idf(&self, feature: u64) -> f64 {
        let count: u32 =
            self.frequencies.iter().map(|frequency| frequency.get(&feature).copied().unwrap_or(0)).sum();
        if count == 0 {
            0.0
        } else {
            (1.0 + self.total / f64::from(count)).ln()
        }
    }

    /// A word weighs what its rarest feature weighs.
    fn of(&self, features: &[u64]) -> f64 {
        features.iter().map(|&feature| self.idf(feature)).fold(0.0, f64::max)
    }
}

/// One sentence prepared for matching: its features (sorted), its words' weights, its length.
struct PreparedSentence<'a> {
    words: &'a [FeatureWord],
    weights: Vec<f64>,
    features: &'a [u64],
    total_weight: f64,
}

fn prepare_sentence<'a>(
    document: &'a ConceptDocument,
    sentence: usize,
    weights: &Weights<'_>,
) -> PreparedSentence<'a> {
    let words = document.words_of(sentence);
    let word_weights: Vec<f64> = words.iter().map(|word| weights.of(document.features_of(word))).collect();
    let total_weight =
        word_weights.iter().sum::<f64>() + weights.featureless * f64::from(document.featureless[sentence]);
    let features = document.sentence_features().per_sentence[sentence].as_slice();
    PreparedSentence { words, weights: word_weights, features, total_weight }
}

/// The words of `sentence` with a feature in `other`, and their weight.
fn covered(document: &ConceptDocument, sentence: &PreparedSentence<'_>, other: &[u64]) -> (Vec<Span>, f64) {
    let mut tokens = Vec::new();
    let mut weight = 0.0;
    for (word, word_weight) in sentence.words.iter().zip(&sentence.weights) {
        if document.features_of(word).iter().any(|feature| other.binary_search(feature).is_ok()) {
            tokens.push(word.span);
            weight += word_weight;
        }
    }
    (tokens, weight)
}

/// Source sentences kept per submission sentence as candidates for a run.
pub(crate) const CANDIDATES_PER_SENTENCE: usize = 4;

/// For each submission sentence, the source sentences that match it (at most
/// [`CANDIDATES_PER_SENTENCE`], best first): a text on one topic repeats its words, so the
/// best-scoring source sentence is not always the one translated, and the run decides.
///
/// A long submission is aligned with many sources: its sentences' features are computed once
/// per document, and a submission sentence's word weights only when some source sentence
/// shares enough features with it.
pub fn match_sentences(
    submission: &ConceptDocument,
    source: &ConceptDocument,
    config: &TranslationConfig,
) -> Vec<SentenceMatch> {
    let weights = Weights::new([submission, source], config);
    let source_sentences: Vec<PreparedSentence<'_>> =
        (0..source.sentences.len()).map(|sentence| prepare_sentence(source, sentence, &weights)).collect();
    let mut postings: KeyMap<Vec<u32>> = KeyMap::default();
    for (index, sentence) in source_sentences.iter().enumerate() {
        for feature in sentence.features {
            postings.entry(*feature).or_default().push(index as u32);
        }
    }
    let submission_features = &submission.sentence_features().per_sentence;
    // Shared features per source sentence, and the sentences touched, reset after each use.
    let mut shared = vec![0u32; source_sentences.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut matches = Vec::new();
    let mut found: Vec<SentenceMatch> = Vec::new();
    for (index, features) in submission_features.iter().enumerate() {
        for &candidate in &touched {
            shared[candidate as usize] = 0;
        }
        touched.clear();
        if submission.words_of(index).len() < config.min_shared_words {
            continue;
        }
        for feature in features {
            for &candidate in postings.get(feature).map(Vec::as_slice).unwrap_or_default() {
                let count = &mut shared[candidate as usize];
                if *count == 0 {
                    touched.push(candidate);
                }
                *count += 1;
            }
        }
        if touched.iter().all(|&candidate| (shared[candidate as usize] as usize) < config.min_shared_words) {
            continue;
        }
        let sentence = prepare_sentence(submission, index, &weights);
        found.clear();
        for &candidate in &touched {
            if (shared[candidate as usize] as usize) < config.min_shared_words {
                continue;
            }
            let other = &source_sentences[candidate as usize];
            let (submission_words, submission_weight) = covered(submission, &sentence, other.features);
            let (source_words, source_weight) = covered(source, other, sentence.features);
            if submission_words.len().min(source_words.len()) < config.min_shared_words {
                continue;
            }
            let total = sentence.total_weight + other.total_weight;
            let score = if total > 0.0 { (submission_weight + source_weight) / total } else { 0.0 };
            if score >= config.min_score {
                found.push(SentenceMatch {
                    submission_sentence: index as u32,
                    source_sentence: candidate,
                    score,
                    submission_words,
                    source_words,
                });
            }
        }
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.source_sentence.cmp(&b.source_sentence)));
        matches.extend(found.drain(..).take(CANDIDATES_PER_SENTENCE));
    }
    matches
}

/// Whether `next` may follow `previous` in one run: a later submission sentence (at most
/// `max_gap_sentences` skipped) and a source sentence near the previous one (a translator
/// may swap two sentences or split one).
fn may_follow(previous: &SentenceMatch, next: &SentenceMatch, config: &TranslationConfig) -> bool {
    let (previous_source, next_source) = (previous.source_sentence as i64, next.source_sentence as i64);
    next.submission_sentence > previous.submission_sentence
        && next.submission_sentence <= previous.submission_sentence + 1 + config.max_gap_sentences
        && next_source >= previous_source - 2
        && next_source <= previous_source + 1 + i64::from(config.max_source_jump_sentences)
}

/// Chains sentence matches (from [`match_sentences`], in submission order) into runs close
/// together on both sides, best chains first (dynamic programming over the matches: a chain's
/// score is the sum of its matches' scores), each submission sentence in one run at most; keeps
/// the runs that have [`TranslationConfig::min_run_sentences`] distinct sentences on both sides
/// or one match of [`TranslationConfig::single_min_score`].
pub fn sentence_runs(
    matches: Vec<SentenceMatch>,
    submission: &ConceptDocument,
    source: &ConceptDocument,
    config: &TranslationConfig,
) -> Vec<SentenceRun> {
    let count = matches.len();
    let mut best = vec![0.0f64; count];
    let mut previous: Vec<Option<usize>> = vec![None; count];
    for next in 0..count {
        best[next] = matches[next].score;
        // Matches are in submission order: predecessors lie within a few sentences before.
        for candidate in (0..next).rev() {
            if matches[candidate].submission_sentence + 2 + config.max_gap_sentences
                < matches[next].submission_sentence
            {
                break;
            }
            if may_follow(&matches[candidate], &matches[next], config)
                && best[candidate] + matches[next].score > best[next]
            {
                best[next] = best[candidate] + matches[next].score;
                previous[next] = Some(candidate);
            }
        }
    }
    let mut ends: Vec<usize> = (0..count).collect();
    ends.sort_by(|&a, &b| best[b].total_cmp(&best[a]).then(a.cmp(&b)));
    let mut used_sentences = std::collections::HashSet::new();
    let mut runs = Vec::new();
    for end in ends {
        let mut chain = vec![end];
        while let Some(before) = previous[*chain.last().unwrap_or(&end)] {
            chain.push(before);
        }
        chain.reverse();
        if chain.iter().any(|&index| used_sentences.contains(&matches[index].submission_sentence)) {
            continue;
        }
        let distinct = |of: &dyn Fn(&SentenceMatch) -> u32| {
            let mut values: Vec<u32> = chain.iter().map(|&index| of(&matches[index])).collect();
            values.sort_unstable();
            values.dedup();
            values.len()
        };
        let long_enough = distinct(&|found| found.submission_sentence) >= config.min_run_sentences
            && distinct(&|found| found.source_sentence) >= config.min_run_sentences;
        let strong = chain.iter().any(|&index| matches[index].score >= config.single_min_score);
        let evidence: f64 = chain.iter().map(|&index| matches[index].score).sum();
        if (!long_enough && !strong) || evidence < config.min_run_score {
            continue;
        }
        used_sentences.extend(chain.iter().map(|&index| matches[index].submission_sentence));
        let run: Vec<SentenceMatch> = chain.iter().map(|&index| matches[index].clone()).collect();
        runs.extend(to_run(run, submission, source));
    }
    runs.sort_by_key(|run| run.submission_tokens.start);
    merge_neighbours(runs, config)
}

/// Joins runs that continue each other: the next run starts at most
/// [`TranslationConfig::merge_gap_sentences`] unmatched submission sentences after the previous
/// one ends, and its source sentences lie as near the previous run's. A translated passage
/// with a few freely translated sentences in the middle is one passage.
fn merge_neighbours(runs: Vec<SentenceRun>, config: &TranslationConfig) -> Vec<SentenceRun> {
    let mut merged: Vec<SentenceRun> = Vec::with_capacity(runs.len());
    for run in runs {
        if let Some(last) = merged.last_mut() {
            let (last_end, next_start) = (
                last.matches.last().map_or(0, |found| found.submission_sentence),
                run.matches.first().map_or(0, |found| found.submission_sentence),
            );
            let source_range = |run: &SentenceRun| {
                let sources = run.matches.iter().map(|found| found.source_sentence);
                (sources.clone().min().unwrap_or(0), sources.max().unwrap_or(0))
            };
            let ((last_low, last_high), (low, high)) = (source_range(last), source_range(&run));
            let near = config.merge_gap_sentences + 1;
            if next_start <= last_end + near && low <= last_high + near && high + near >= last_low {
                last.submission_tokens.end = last.submission_tokens.end.max(run.submission_tokens.end);
                last.source_tokens.start = last.source_tokens.start.min(run.source_tokens.start);
                last.source_tokens.end = last.source_tokens.end.max(run.source_tokens.end);
                last.matches.extend(run.matches);
                continue;
            }
        }
        merged.push(run);
    }
    merged
}

fn to_run(
    matches: Vec<SentenceMatch>,
    submission: &ConceptDocument,
    source: &ConceptDocument,
) -> Option<SentenceRun> {
    let first = submission.sentences[matches.first()?.submission_sentence as usize];
    let last = submission.sentences[matches.last()?.submission_sentence as usize];
    let low = matches.iter().map(|m| m.source_sentence).min()?;
    let high = matches.iter().map(|m| m.source_sentence).max()?;
    Some(SentenceRun {
        submission_tokens: TokenRange { start: first.start, end: last.end },
        source_tokens: TokenRange {
            start: source.sentences[low as usize].start,
            end: source.sentences[high as usize].end,
        },
        matches,
    })
}
