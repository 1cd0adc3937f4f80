//! Word shingles, xxh3 hashing and winnowing (placeholder API; real implementation in progress).

use crate::text::Token;

/// Version of the fingerprint scheme (normalization + hashing + shingling). Bump it whenever a
/// change alters any fingerprint; stored fingerprints with another version call for a rescan.
pub const SCHEME_VERSION: u32 = 1;

/// How documents are fingerprinted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FingerprintConfig {
    /// Words per shingle.
    pub k: usize,
    /// Winnowing window, in shingles.
    pub window: usize,
}

impl FingerprintConfig {
    pub const THESIS: FingerprintConfig = FingerprintConfig { k: 5, window: 4 };
}

/// A selected shingle hash and the index of its first token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint {
    pub hash: u64,
    pub token_index: u32,
}

/// The winnowed fingerprints of a token sequence.
pub fn fingerprint(tokens: &[Token], config: &FingerprintConfig) -> Vec<Fingerprint> {
    tokens
        .windows(config.k)
        .enumerate()
        .map(|(index, window)| Fingerprint {
            hash: window.iter().fold(0u64, |acc, token| acc.rotate_left(7) ^ token.hash),
            token_index: index as u32,
        })
        .collect()
}
