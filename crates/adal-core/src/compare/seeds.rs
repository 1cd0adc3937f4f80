//! Seeds: the word n-grams a submission shares with a source, with their positions.

use super::AlignmentConfig;
use crate::fingerprint::combine_word_hashes;
use crate::text::Token;

/// One shared n-gram: it starts at token `submission` in the submission and at token `source`
/// in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Seed {
    pub submission: u32,
    pub source: u32,
}

fn ngram_hashes(tokens: &[Token], words: usize) -> Vec<u64> {
    if tokens.len() < words || words == 0 {
        return Vec::new();
    }
    tokens.windows(words).map(|window| combine_word_hashes(window.iter().map(|token| token.hash))).collect()
}

/// All seeds, sorted by submission position then source position. N-grams occurring more than
/// `max_seed_occurrences` times in either text are skipped as stock phrases.
pub(crate) fn find_seeds(submission: &[Token], source: &[Token], config: &AlignmentConfig) -> Vec<Seed> {
    let words = config.seed_words.max(1);
    let submission_hashes = ngram_hashes(submission, words);
    let mut source_index: Vec<(u64, u32)> = ngram_hashes(source, words)
        .into_iter()
        .enumerate()
        .map(|(position, hash)| (hash, position as u32))
        .collect();
    source_index.sort_unstable();

    let mut submission_counts: Vec<(u64, u32)> = submission_hashes.iter().map(|&hash| (hash, 0)).collect();
    submission_counts.sort_unstable();
    let submission_occurrences = |hash: u64| -> usize {
        let start = submission_counts.partition_point(|&(h, _)| h < hash);
        let end = submission_counts.partition_point(|&(h, _)| h <= hash);
        end - start
    };

    let mut seeds = Vec::new();
    for (position, &hash) in submission_hashes.iter().enumerate() {
        let start = source_index.partition_point(|&(h, _)| h < hash);
        let end = source_index.partition_point(|&(h, _)| h <= hash);
        if start == end {
            continue;
        }
        if end - start > config.max_seed_occurrences
            || submission_occurrences(hash) > config.max_seed_occurrences
        {
            continue;
        }
        for &(_, source_position) in &source_index[start..end] {
            seeds.push(Seed { submission: position as u32, source: source_position });
        }
    }
    seeds
}
