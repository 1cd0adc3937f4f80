//! Word-order-free retrieval keys: pairs of content stems that share a sentence.
//!
//! A heavily rewritten passage (synonyms, words added and dropped, word order changed) keeps
//! few word shingles of its source, so fingerprints alone do not retrieve its source from the
//! corpus. What it keeps is many of its content words, in the same sentences: with half of a
//! sentence's stems left, a quarter of its stem pairs are left, in any order. Each sentence's
//! pairs of distinct content stems (stop words, short words and formula words left out) are
//! hashed; a fixed share of them is kept (those whose hash is a multiple of the sample), the
//! same choice on both sides, so a pair kept in the corpus is always among the submission's
//! (the corpus sample is a multiple of the submission's, as with winnowing's two windows).
//!
//! Stems here are taken without the lexicon ([`crate::text::lexicon`]), so the corpus keys do
//! not change when a lexicon is imported; alignment, which compares the texts themselves, does
//! use it.

use crate::compare::sentences::sentence_ranges;
use crate::text::lexicon::Lexicon;
use crate::text::stem::stem_keys_with;
use crate::text::{detect_language, Token};
use xxhash_rust::xxh3::xxh3_64;

/// Keeps one pair in this many of a submission's sentences' stem pairs.
pub const THESIS_PAIR_SAMPLE: u64 = 4;
/// Keeps one pair in this many for the corpus index (a multiple of [`THESIS_PAIR_SAMPLE`]).
/// One in 8 retrieved 607 of the paraphrase set's 612 pairs with plagiarism (with 6 shared
/// pairs required) but indexed 2.4 times the keys of fingerprints alone; one in 16 retrieves
/// 602 (with 3 required) for 1.7 times.
pub const CORPUS_PAIR_SAMPLE: u64 = 16;

/// Mixed into every pair hash, so pair keys and shingle fingerprints never coincide by design.
const PAIR_SALT: u64 = 0x5041_4952_5354_454d;

/// The kept stem-pair hashes of every sentence of a text (tokens from [`crate::text::analyze`]).
pub fn sentence_pair_hashes(text: &str, tokens: &[Token], sample: u64) -> Vec<u64> {
    let keys = stem_keys_with(text, tokens, detect_language(text), &Lexicon::default());
    let sample = sample.max(1);
    let mut hashes = Vec::new();
    let mut stems: Vec<u64> = Vec::new();
    for sentence in sentence_ranges(text, tokens, &[]) {
        stems.clear();
        stems.extend(
            keys[sentence.start as usize..sentence.end as usize]
                .iter()
                .filter(|key| key.content && !key.formula)
                .map(|key| key.hash),
        );
        stems.sort_unstable();
        stems.dedup();
        for (index, &first) in stems.iter().enumerate() {
            for &second in &stems[index + 1..] {
                let mut bytes = [0u8; 16];
                bytes[..8].copy_from_slice(&first.to_le_bytes());
                bytes[8..].copy_from_slice(&second.to_le_bytes());
                let hash = xxh3_64(&bytes) ^ PAIR_SALT;
                if hash % sample == 0 {
                    hashes.push(hash);
                }
            }
        }
    }
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    fn pairs(text: &str, sample: u64) -> Vec<u64> {
        sentence_pair_hashes(text, &analyze(text).tokens, sample)
    }

    #[test]
    fn reordered_and_inflected_sentences_keep_their_pairs() {
        let source = "Исследователи отмечают снижение посещаемости читальных залов в крупных городах.";
        let rewritten = "В крупных городах посещаемость залов читальных снизилась, отмечает исследователь.";
        let (a, b) = (pairs(source, 1), pairs(rewritten, 1));
        let shared = a.iter().filter(|hash| b.contains(hash)).count();
        assert!(shared * 2 >= a.len(), "{shared} of {}", a.len());
        let unrelated = pairs("Погода весной была переменчивой, поездку на озеро отложили до июня.", 1);
        assert_eq!(unrelated.iter().filter(|hash| a.contains(hash)).count(), 0);
    }

    #[test]
    fn the_corpus_sample_is_inside_the_submission_sample() {
        let text = "Coastal wetlands store large amounts of carbon in their soils, and their loss \
            releases this carbon back into the atmosphere. Restoration projects recover storage.";
        let thesis = pairs(text, THESIS_PAIR_SAMPLE);
        let corpus = pairs(text, CORPUS_PAIR_SAMPLE);
        assert!(corpus.iter().all(|hash| thesis.contains(hash)));
        assert!(corpus.len() < thesis.len() && thesis.len() < pairs(text, 1).len());
        const { assert!(CORPUS_PAIR_SAMPLE % THESIS_PAIR_SAMPLE == 0) };
    }

    #[test]
    fn pairs_never_cross_sentences_and_skip_formulas() {
        assert!(pairs("Carbon storage. Wetland restoration.", 1).len() == 2);
        assert!(pairs("Assume $alpha beta gamma$.", 1).is_empty());
    }
}
