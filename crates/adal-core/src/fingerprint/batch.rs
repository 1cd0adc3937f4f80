//! Fingerprinting many documents at once on the rayon pool, with per-thread scratch buffers.

use super::{fingerprint_into, Fingerprint, FingerprintConfig};
use crate::text::{analyze_into, AnalyzeScratch, TextAlert, Token};
use rayon::prelude::*;

/// The fingerprints of one document of a batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentFingerprints {
    pub word_count: usize,
    pub fingerprints: Vec<Fingerprint>,
}

struct ThreadScratch {
    analyze: AnalyzeScratch,
    tokens: Vec<Token>,
    alerts: Vec<TextAlert>,
    shingles: Vec<u64>,
}

/// Normalizes, tokenizes and fingerprints every text in parallel. Buffers are kept per rayon
/// worker, so the hot path allocates only the output vectors.
pub fn fingerprint_texts(texts: &[&str], config: &FingerprintConfig) -> Vec<DocumentFingerprints> {
    texts
        .par_iter()
        .map_init(
            || ThreadScratch {
                analyze: AnalyzeScratch::default(),
                tokens: Vec::new(),
                alerts: Vec::new(),
                shingles: Vec::new(),
            },
            |scratch, text| {
                scratch.tokens.clear();
                scratch.alerts.clear();
                analyze_into(text, &mut scratch.analyze, &mut scratch.tokens, &mut scratch.alerts);
                let mut fingerprints = Vec::new();
                fingerprint_into(&scratch.tokens, config, &mut scratch.shingles, &mut fingerprints);
                DocumentFingerprints { word_count: scratch.tokens.len(), fingerprints }
            },
        )
        .collect()
}
