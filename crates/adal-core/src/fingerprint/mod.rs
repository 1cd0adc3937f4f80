//! Word shingles, hashing and winnowing: the compact fingerprints that find candidate sources.
//!
//! Each word is hashed once (xxh3 of its canonical form, in [`crate::text`]); a k-word shingle's
//! hash combines its k word hashes, which is about 4× faster than hashing the joined words.
//! Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003) keeps the minimum hash of every window
//! of `window` consecutive shingles, which guarantees that any run of at least
//! `k + window - 1` words shared by two texts yields at least one shared fingerprint, while
//! keeping only about `2 / (window + 1)` of the shingles.
//!
//! This module knows nothing about indexes or storage.

mod batch;
pub mod sentence_pairs;
mod winnow;

pub use batch::{fingerprint_texts, DocumentFingerprints};
pub use sentence_pairs::{sentence_pair_hashes, CORPUS_PAIR_SAMPLE, THESIS_PAIR_SAMPLE};
pub use winnow::winnow;

use crate::text::Token;

/// Version of the fingerprint scheme: normalization, word hashing, shingling and winnowing.
/// Bump it whenever a change alters any fingerprint; stored fingerprints made under another
/// version call for a re-index and a rescan.
///
/// Version 2: corpus documents keep the sparser [`FingerprintConfig::CORPUS`] selection
/// (version 1 indexed the [`FingerprintConfig::THESIS`] selection).
/// Version 3: the index also keeps word-order-free stem pairs of each sentence
/// ([`sentence_pairs`]), which retrieve the sources of heavily rewritten text.
/// Version 4: the index also keeps concept pairs of each sentence
/// ([`crate::xlang::retrieval`]), which retrieve the sources of translated text.
pub const SCHEME_VERSION: u32 = 4;

/// Everything a document is looked up or indexed by: its winnowed shingle fingerprints (with
/// `config`) and its sentences' stem pairs (one in `pair_sample` kept).
pub fn retrieval_hashes(
    text: &str,
    tokens: &[Token],
    config: &FingerprintConfig,
    pair_sample: u64,
) -> Vec<u64> {
    let mut hashes: Vec<u64> = fingerprint(tokens, config).into_iter().map(|print| print.hash).collect();
    hashes.extend(sentence_pair_hashes(text, tokens, pair_sample));
    hashes
}

/// How documents are fingerprinted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FingerprintConfig {
    /// Words per shingle.
    pub k: usize,
    /// Winnowing window, in shingles.
    pub window: usize,
}

impl FingerprintConfig {
    /// The configuration for theses and corpus documents.
    ///
    /// k = 5 words: shorter shingles match common phrases ("в том числе и"), longer ones break
    /// at every edited word. window = 4: every shared run of 8 words or more is guaranteed to be
    /// found, and about 40% of shingles are kept — dense enough that a passage with a third of
    /// its words edited still shares several fingerprints with its source (runs of 5–7 intact
    /// words are kept with probability 2/5 each).
    pub const THESIS: FingerprintConfig = FingerprintConfig { k: 5, window: 4 };

    /// The configuration for the fingerprints a corpus index keeps of each document.
    ///
    /// Same shingles, wider window: with distinct shingle hashes, the minimum of a window of 8
    /// is also the minimum of every window of 4 inside it, so each corpus fingerprint of a
    /// shared passage is among the submission's [`FingerprintConfig::THESIS`] fingerprints.
    /// A shared run of 12 words is still found for certain; the index keeps about 2/9 instead
    /// of 2/5 of the shingles (half the postings, term dictionary and indexing time). Only
    /// candidate retrieval depends on it: alignment compares the texts themselves.
    pub const CORPUS: FingerprintConfig = FingerprintConfig { k: 5, window: 8 };

    /// The number of words a shared run needs to be found for certain.
    pub const fn guaranteed_run_words(&self) -> usize {
        self.k + self.window - 1
    }
}

/// A selected shingle hash and the index of its first token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint {
    pub hash: u64,
    pub token_index: u32,
}

/// Combines k word hashes into one shingle hash (order-sensitive).
#[inline]
pub fn combine_word_hashes(word_hashes: impl IntoIterator<Item = u64>) -> u64 {
    let mut combined: u64 = 0x243F_6A88_85A3_08D3;
    for word_hash in word_hashes {
        combined = (combined.rotate_left(23) ^ word_hash).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    // A final avalanche (from splitmix64) so that low bits are well mixed for winnowing.
    combined ^= combined >> 31;
    combined = combined.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    combined ^ (combined >> 29)
}

/// Appends the hash of every k-word shingle of `tokens` to `out` (token i starts shingle i).
pub fn shingle_hashes(tokens: &[Token], k: usize, out: &mut Vec<u64>) {
    out.clear();
    if k == 0 || tokens.len() < k {
        return;
    }
    out.reserve(tokens.len() + 1 - k);
    for window in tokens.windows(k) {
        out.push(combine_word_hashes(window.iter().map(|token| token.hash)));
    }
}

/// The winnowed fingerprints of a token sequence.
pub fn fingerprint(tokens: &[Token], config: &FingerprintConfig) -> Vec<Fingerprint> {
    let mut shingles = Vec::new();
    let mut fingerprints = Vec::new();
    fingerprint_into(tokens, config, &mut shingles, &mut fingerprints);
    fingerprints
}

/// Like [`fingerprint`], reusing caller-owned buffers.
pub fn fingerprint_into(
    tokens: &[Token],
    config: &FingerprintConfig,
    shingles: &mut Vec<u64>,
    fingerprints: &mut Vec<Fingerprint>,
) {
    shingle_hashes(tokens, config.k, shingles);
    winnow(shingles, config.window, fingerprints);
}

#[cfg(test)]
mod tests;
