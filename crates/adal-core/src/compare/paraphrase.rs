//! Sentence-level alignment for paraphrase: each submission sentence is compared with the
//! source's sentences as a bag of stems, so that changed word order, changed word forms, a few
//! synonyms and added or deleted words still leave a match (the approach of Sanchez-Perez,
//! Sidorov and Gelbukh, winners of PAN 2014 text alignment: cosine over tf-idf and Dice over the
//! sets of words, both above a threshold, then extension into passages).
//!
//! Only content stems count (no stop words, short words, LaTeX commands; digits are not tokens),
//! and a pair must share several distinct ones, so stock phrases ("the paper is organized as
//! follows") and formulas make no seed. Inverse document frequency is computed over the
//! sentences of each text (the lower of the two weights), so a stem that is everywhere in either
//! text (the topic's own words) weighs little. A passage of
//! one sentence needs a stricter match than a run of neighbouring sentences.

use super::sentences::sentence_ranges;
use super::stem_maps::{KeyHasher, KeyMap, KeySet};
use super::{AlignedPassage, FoundBy, TokenRange};
use crate::model::Span;
use crate::text::stem::StemKey;
use crate::text::Token;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Thresholds of sentence alignment, with the reasons for their values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParaphraseConfig {
    /// Distinct content stems two sentences must share: fewer is a stock phrase or a formula.
    pub min_shared_stems: usize,
    /// Cosine (tf-idf) and Dice of a sentence pair that may join a run of matching sentences
    /// (Sanchez-Perez et al. use 0.33 for both).
    pub min_cosine: f64,
    pub min_dice: f64,
    /// A passage of a single sentence needs this much: one similar sentence between same-topic
    /// texts is common, a near-copy of one is not. On the dev set, 0.4/0.4/6 already lets one
    /// same-topic sentence through (an encyclopedia's "average January temperature …, in July
    /// …"), and 0.45/0.4/5 three; cosine 0.45 adds two false passages between different parts
    /// of one book; 0.5/0.45/6 keeps a margin (see BENCHMARKS.md).
    pub single_min_cosine: f64,
    pub single_min_dice: f64,
    pub single_min_shared_stems: usize,
    /// A lone sentence of a source that already shares a passage with the submission (found
    /// by n-grams, or a strong or multi-sentence match) needs only this much: a student who
    /// copied from a source once usually copied more from it, rewritten harder. Pairs that
    /// share nothing else, such as two texts on one topic, never get the looser test. The
    /// sentence must also keep the source's length, names and numbers ([`keeps_anchors`]).
    /// 0.4/0.35/4 adds three false passages on the dev set (same-topic Kazakh encyclopedia
    /// sentences in pairs with real plagiarism), 0.4/0.35/5 none (see BENCHMARKS.md).
    pub confirmed_min_cosine: f64,
    pub confirmed_min_dice: f64,
    pub confirmed_min_shared_stems: usize,
    /// Submission sentences without a match allowed inside one passage.
    pub max_gap_sentences: u32,
    /// How far, in source sentences, the next match may lie from the passage's source range.
    pub max_source_jump_sentences: u32,
    /// Passages with fewer submission words are dropped.
    pub min_passage_words: u32,
    /// Share of a passage's submission words that must be content words whose stem the source
    /// range also has: below it, the passage is stock phrases, formulas and function words,
    /// shared by texts on one topic (applies to n-gram passages too).
    pub min_content_share: f64,
}

impl ParaphraseConfig {
    pub const DEFAULT: ParaphraseConfig = ParaphraseConfig {
        min_shared_stems: 4,
        min_cosine: 0.4,
        min_dice: 0.35,
        single_min_cosine: 0.5,
        single_min_dice: 0.45,
        single_min_shared_stems: 6,
        confirmed_min_cosine: 0.4,
        confirmed_min_dice: 0.35,
        confirmed_min_shared_stems: 5,
        max_gap_sentences: 1,
        max_source_jump_sentences: 3,
        min_passage_words: 10,
        min_content_share: 0.15,
    };
}

/// One text's sentences as weighted bags of content stems.
struct Bags {
    sentences: Vec<TokenRange>,
    /// Per sentence: distinct content stems with their counts, sorted by stem.
    stems: Vec<Vec<(u64, u32)>>,
}

fn bags(text: &str, tokens: &[Token], keys: &[StemKey], barriers: &[u32]) -> Bags {
    let sentences = sentence_ranges(text, tokens, barriers);
    let stems = sentences
        .iter()
        .map(|sentence| {
            let mut stems: Vec<u64> = keys
                .get(sentence.start as usize..sentence.end as usize)
                .unwrap_or_default()
                .iter()
                .filter(|key| key.content)
                .map(|key| key.hash)
                .collect();
            stems.sort_unstable();
            let mut counted: Vec<(u64, u32)> = Vec::with_capacity(stems.len());
            for stem in stems {
                match counted.last_mut() {
                    Some((last, count)) if *last == stem => *count += 1,
                    _ => counted.push((stem, 1)),
                }
            }
            counted
        })
        .collect();
    Bags { sentences, stems }
}

/// A submission sentence matched to a source sentence.
#[derive(Clone, Copy, Debug)]
struct SentenceSeed {
    submission: u32,
    source: u32,
    cosine: f64,
    dice: f64,
    shared: usize,
}

impl SentenceSeed {
    fn strong(&self, config: &ParaphraseConfig) -> bool {
        self.cosine >= config.single_min_cosine
            && self.dice >= config.single_min_dice
            && self.shared >= config.single_min_shared_stems
    }

    fn enough_for_a_confirmed_source(&self, config: &ParaphraseConfig) -> bool {
        self.cosine >= config.confirmed_min_cosine
            && self.dice >= config.confirmed_min_dice
            && self.shared >= config.confirmed_min_shared_stems
    }
}

/// Weighted cosine and Dice of two bags, and the number of distinct stems they share.
fn similarity(a: &[(u64, u32)], b: &[(u64, u32)], idf: &KeyMap<f64>) -> (f64, f64, usize) {
    let weight = |stem: u64, count: u32| count as f64 * idf.get(&stem).copied().unwrap_or(1.0);
    let norm =
        |bag: &[(u64, u32)]| bag.iter().map(|&(stem, count)| weight(stem, count).powi(2)).sum::<f64>().sqrt();
    let (mut dot, mut shared) = (0.0, 0usize);
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += weight(a[i].0, a[i].1) * weight(b[j].0, b[j].1);
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let norms = norm(a) * norm(b);
    let cosine = if norms > 0.0 { dot / norms } else { 0.0 };
    let dice = 2.0 * shared as f64 / (a.len() + b.len()).max(1) as f64;
    (cosine, dice, shared)
}

/// For each submission sentence, the best source sentence above the joining thresholds.
fn sentence_seeds(submission: &Bags, source: &Bags, config: &ParaphraseConfig) -> Vec<SentenceSeed> {
    // Sentence frequency per side; a stem's weight follows the side where it is more frequent,
    // so that sharing a stem does not by itself lower its weight.
    let mut source_frequency: KeyMap<u32> = KeyMap::default();
    let mut postings: KeyMap<Vec<u32>> = KeyMap::default();
    for (index, bag) in source.stems.iter().enumerate() {
        for &(stem, _) in bag {
            *source_frequency.entry(stem).or_default() += 1;
            postings.entry(stem).or_default().push(index as u32);
        }
    }
    let mut submission_frequency: KeyMap<u32> = KeyMap::default();
    for bag in &submission.stems {
        for &(stem, _) in bag {
            *submission_frequency.entry(stem).or_default() += 1;
        }
    }
    let idf_of = |count: u32, sentences: usize| (1.0 + sentences as f64 / count.max(1) as f64).ln();
    let mut idf: KeyMap<f64> = KeyMap::default();
    for (&stem, &count) in &submission_frequency {
        idf.insert(stem, idf_of(count, submission.stems.len()));
    }
    for (&stem, &count) in &source_frequency {
        let weight = idf_of(count, source.stems.len());
        let entry = idf.entry(stem).or_insert(weight);
        *entry = entry.min(weight);
    }

    let mut seeds = Vec::new();
    let mut shared_counts: HashMap<u32, usize, BuildHasherDefault<KeyHasher>> = HashMap::default();
    for (index, bag) in submission.stems.iter().enumerate() {
        if bag.len() < config.min_shared_stems {
            continue;
        }
        shared_counts.clear();
        for &(stem, _) in bag {
            for &candidate in postings.get(&stem).map(Vec::as_slice).unwrap_or_default() {
                *shared_counts.entry(candidate).or_default() += 1;
            }
        }
        let best = shared_counts
            .iter()
            .filter(|&(_, &shared)| shared >= config.min_shared_stems)
            .map(|(&candidate, _)| {
                let (cosine, dice, shared) = similarity(bag, &source.stems[candidate as usize], &idf);
                SentenceSeed { submission: index as u32, source: candidate, cosine, dice, shared }
            })
            .filter(|seed| seed.cosine >= config.min_cosine && seed.dice >= config.min_dice)
            .max_by(|a, b| a.cosine.total_cmp(&b.cosine).then(b.source.cmp(&a.source)));
        seeds.extend(best);
    }
    seeds
}

/// Aligns a submission with one source sentence by sentence. `barriers` (sorted submission token
/// indexes) start new sentences, so no passage crosses a quotation's edge unnoticed.
/// `confirmed` says that the pair already shares a passage found otherwise (n-grams); sure
/// sentence matches confirm it too, unless they lie inside `citations`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn align_sentences(
    submission_text: &str,
    submission: &[Token],
    submission_keys: &[StemKey],
    source_text: &str,
    source: &[Token],
    source_keys: &[StemKey],
    barriers: &[u32],
    config: &ParaphraseConfig,
    confirmed: bool,
    citations: &[super::Quotation],
) -> Vec<AlignedPassage> {
    let submission_bags = bags(submission_text, submission, submission_keys, barriers);
    let source_bags = bags(source_text, source, source_keys, &[]);
    let seeds = sentence_seeds(&submission_bags, &source_bags, config);

    // Runs of seeds close in both texts.
    let mut runs: Vec<Vec<SentenceSeed>> = Vec::new();
    for seed in seeds {
        let joins = runs.last().is_some_and(|run| {
            let last = run[run.len() - 1];
            let (low, high) =
                run.iter().fold((u32::MAX, 0), |(low, high), s| (low.min(s.source), high.max(s.source)));
            let crosses_barrier = barriers.iter().any(|&barrier| {
                let start = submission_bags.sentences[seed.submission as usize].start;
                let last_end = submission_bags.sentences[last.submission as usize].end;
                barrier > last_end.saturating_sub(1) && barrier <= start
            });
            seed.submission <= last.submission + 1 + config.max_gap_sentences
                && seed.source + config.max_source_jump_sentences >= low
                && seed.source <= high + config.max_source_jump_sentences
                && !crosses_barrier
        });
        if joins {
            if let Some(run) = runs.last_mut() {
                run.push(seed);
            }
        } else {
            runs.push(vec![seed]);
        }
    }

    let submission_side =
        Side { text: submission_text, tokens: submission, keys: submission_keys, bags: &submission_bags };
    let source_side = Side { text: source_text, tokens: source, keys: source_keys, bags: &source_bags };
    let anchored = |seed: &SentenceSeed, check_length: bool| {
        keeps_anchors(&submission_side, seed.submission, &source_side, seed.source, check_length)
    };
    let sure = |run: &Vec<SentenceSeed>| {
        run.len() >= 2 || run.iter().any(|seed| seed.strong(config) && anchored(seed, false))
    };
    let outside_citations = |run: &Vec<SentenceSeed>| {
        let first = submission_bags.sentences[run[0].submission as usize];
        let last = submission_bags.sentences[run[run.len() - 1].submission as usize];
        let span = Span::new(
            submission[first.start as usize].span.start,
            submission[last.end as usize - 1].span.end,
        );
        super::citation_holding(citations, span).is_none()
    };
    let confirmed = confirmed || runs.iter().any(|run| sure(run) && outside_citations(run));
    runs.into_iter()
        .filter(|run| {
            sure(run)
                || (confirmed
                    && run
                        .iter()
                        .any(|seed| seed.enough_for_a_confirmed_source(config) && anchored(seed, true)))
        })
        .filter_map(|run| {
            to_passage(&run, &submission_bags, &source_bags, submission, source, submission_keys, source_keys)
        })
        .filter(|passage| passage.submission_tokens.len() >= config.min_passage_words)
        .collect()
}

/// One text of a pair, for the checks on single sentences.
struct Side<'a> {
    text: &'a str,
    tokens: &'a [Token],
    keys: &'a [StemKey],
    bags: &'a Bags,
}

impl Side<'_> {
    /// The stem keys of every word of a sentence.
    fn keys_of(&self, sentence: u32) -> &[StemKey] {
        let range = self.bags.sentences[sentence as usize];
        &self.keys[range.start as usize..range.end as usize]
    }

    /// The sentence's bytes, its numbers (digit runs) and the stem keys of its names (words
    /// with a capital letter other than the sentence's first).
    fn anchors(&self, sentence: u32) -> (usize, Vec<&str>, Vec<u64>) {
        let range = self.bags.sentences[sentence as usize];
        let (Some(first), Some(last)) =
            (self.tokens.get(range.start as usize), self.tokens.get(range.end as usize - 1))
        else {
            return (0, Vec::new(), Vec::new());
        };
        let bytes = self.text.get(first.span.start..last.span.end).unwrap_or_default();
        let mut numbers: Vec<&str> =
            bytes.split(|letter: char| !letter.is_ascii_digit()).filter(|run| !run.is_empty()).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut names: Vec<u64> = (range.start + 1..range.end)
            .filter(|&index| {
                let token = self.tokens[index as usize];
                self.text[token.span.start..].chars().next().is_some_and(char::is_uppercase)
            })
            .map(|index| self.keys[index as usize].hash)
            .collect();
        names.sort_unstable();
        names.dedup();
        (bytes.chars().count(), numbers, names)
    }
}

/// Longest ratio between the lengths of a lone matched sentence and its source sentence: a
/// rewritten sentence with words added and deleted stays near its source's length.
const MAX_LENGTH_RATIO: f64 = 1.5;

/// Whether a lone sentence match keeps what rewriting keeps: where both sentences have numbers
/// or names, at least one number and one name in common; with `check_length`, also a length
/// near the source's (only for the looser matches of a confirmed source: a strong match may
/// pair a whole sentence with a source sentence cut at a `;` the rewriting dropped).
/// Two encyclopedia sentences of one pattern about different people ("X (1841–1889) — a
/// Kazakh educator, writer …") share the pattern's words but neither names nor dates.
fn keeps_anchors(
    submission: &Side<'_>,
    submission_sentence: u32,
    source: &Side<'_>,
    source_sentence: u32,
    check_length: bool,
) -> bool {
    let (submission_length, submission_numbers, submission_names) = submission.anchors(submission_sentence);
    let (source_length, source_numbers, source_names) = source.anchors(source_sentence);
    let (short, long) =
        (submission_length.min(source_length) as f64, submission_length.max(source_length) as f64);
    if check_length && short * MAX_LENGTH_RATIO < long {
        return false;
    }
    let numbers_agree = submission_numbers.is_empty()
        || source_numbers.is_empty()
        || submission_numbers.iter().any(|number| source_numbers.contains(number));
    // A name may move to the front of a reordered sentence, where its capital says nothing:
    // names agree when one side's name is anywhere in the other sentence.
    let names_agree = submission_names.is_empty()
        || source_names.is_empty()
        || submission_names
            .iter()
            .any(|name| source.keys_of(source_sentence).iter().any(|key| key.hash == *name))
        || source_names
            .iter()
            .any(|name| submission.keys_of(submission_sentence).iter().any(|key| key.hash == *name));
    numbers_agree && names_agree
}

fn to_passage(
    run: &[SentenceSeed],
    submission_bags: &Bags,
    source_bags: &Bags,
    submission: &[Token],
    source: &[Token],
    submission_keys: &[StemKey],
    source_keys: &[StemKey],
) -> Option<AlignedPassage> {
    let first = submission_bags.sentences[run.first()?.submission as usize];
    let last = submission_bags.sentences[run.last()?.submission as usize];
    let submission_tokens = TokenRange { start: first.start, end: last.end };
    let low = run.iter().map(|seed| seed.source).min()?;
    let high = run.iter().map(|seed| seed.source).max()?;
    let source_tokens = TokenRange {
        start: source_bags.sentences[low as usize].start,
        end: source_bags.sentences[high as usize].end,
    };
    let source_stems: KeySet = source_keys[source_tokens.start as usize..source_tokens.end as usize]
        .iter()
        .map(|key| key.hash)
        .collect();
    let matched_words = submission_keys[submission_tokens.start as usize..submission_tokens.end as usize]
        .iter()
        .filter(|key| source_stems.contains(&key.hash))
        .count() as u32;
    let span = |tokens: &[Token], range: TokenRange| -> Option<Span> {
        Some(Span::new(
            tokens.get(range.start as usize)?.span.start,
            tokens.get(range.end as usize - 1)?.span.end,
        ))
    };
    Some(AlignedPassage {
        submission_tokens,
        source_tokens,
        submission_span: span(submission, submission_tokens)?,
        source_span: span(source, source_tokens)?,
        seeds: run.len() as u32,
        matched_words,
        in_order: run.windows(2).all(|pair| pair[0].source <= pair[1].source),
        found_by: FoundBy::Sentences,
    })
}
