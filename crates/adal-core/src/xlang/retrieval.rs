//! Cross-language retrieval keys: pairs of concepts that share a sentence, like the sentence
//! stem pairs of [`crate::fingerprint::sentence_pairs`] but in concept space, so that a Kazakh
//! thesis finds its Russian and English sources in the corpus index.
//!
//! Each unit's items are the concepts of its content words (a corpus document keeps at most
//! [`CORPUS_CONCEPTS_PER_WORD`] per word, a query all of them, so that a polysemous Russian word
//! still meets the one Kazakh word a translator chose), the cognate skeleton of each content word
//! without a concept (names, loanwords) and its numbers. Every pair of distinct items is hashed
//! with the language of the document that holds it: a corpus document keeps the pairs salted
//! with its own language, a query asks for the pairs salted with each *other* language, so
//! these keys find only documents in another language (monolingual sources have their own
//! keys). A fixed share is kept, the same choice on both sides (the corpus sample is a
//! multiple of the query's).
//!
//! The keys depend on the bilingual dictionaries of the lexicon: after importing another one,
//! `adal corpus reindex` brings the corpus's keys in step (until then cross-language
//! retrieval finds less, never anything wrong: alignment decides).

use super::features::{concept_document, ConceptDocument};
use crate::model::DocLang;
use crate::text::lexicon::Lexicon;
use crate::text::Token;
use xxhash_rust::xxh3::xxh3_64;

/// Concepts per word a corpus document keeps (a query keeps all).
pub const CORPUS_CONCEPTS_PER_WORD: usize = 2;
/// Keeps one concept pair in this many for a query.
pub const QUERY_CONCEPT_SAMPLE: u64 = 8;
/// Keeps one concept pair in this many for the corpus (a multiple of [`QUERY_CONCEPT_SAMPLE`]).
pub const CORPUS_CONCEPT_SAMPLE: u64 = 32;

fn language_salt(language: DocLang) -> u64 {
    match language {
        DocLang::Kk => 0x584c_4b4b_0000_0011,
        DocLang::Ru => 0x584c_5255_0000_0022,
        DocLang::En => 0x584c_454e_0000_0033,
        DocLang::Other => 0,
    }
}

/// The items of every unit of a document, sorted and distinct per unit.
fn unit_items(document: &ConceptDocument, concepts_per_word: usize) -> Vec<Vec<u64>> {
    (0..document.sentences.len())
        .map(|unit| {
            let mut items: Vec<u64> = Vec::new();
            for word in document.words_of(unit) {
                let features = document.features_of(word);
                let concepts = usize::from(word.concept_count);
                if concepts > 0 {
                    items.extend_from_slice(&features[..concepts.min(concepts_per_word)]);
                } else {
                    items.extend_from_slice(features);
                }
            }
            items.sort_unstable();
            items.dedup();
            items
        })
        .collect()
}

/// The kept pair keys of `items` for a document of `language`, appended to `keys`.
fn pair_keys(items: &[Vec<u64>], language: DocLang, sample: u64, keys: &mut Vec<u64>) {
    let salt = language_salt(language);
    for unit in items {
        for (index, &first) in unit.iter().enumerate() {
            for &second in &unit[index + 1..] {
                let mut bytes = [0u8; 24];
                bytes[..8].copy_from_slice(&first.to_le_bytes());
                bytes[8..16].copy_from_slice(&second.to_le_bytes());
                bytes[16..].copy_from_slice(&salt.to_le_bytes());
                let hash = xxh3_64(&bytes);
                if hash % sample == 0 {
                    keys.push(hash);
                }
            }
        }
    }
}

/// The concept keys a corpus document is indexed by (none for a language other than Kazakh,
/// Russian or English, or without translations in the lexicon).
pub fn corpus_concept_keys(text: &str, tokens: &[Token], language: DocLang, lexicon: &Lexicon) -> Vec<u64> {
    if lexicon.concepts().is_empty() || language_salt(language) == 0 {
        return Vec::new();
    }
    let document = concept_document(text, tokens, language, lexicon);
    let mut keys = Vec::new();
    pair_keys(&unit_items(&document, CORPUS_CONCEPTS_PER_WORD), language, CORPUS_CONCEPT_SAMPLE, &mut keys);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The concept keys a submission asks the index for: its pairs as a document of each other
/// language would hold them.
pub fn query_concept_keys(document: &ConceptDocument) -> Vec<u64> {
    let Some(own) = document.language else { return Vec::new() };
    let items = unit_items(document, usize::MAX);
    let mut keys = Vec::new();
    for other in [DocLang::Kk, DocLang::Ru, DocLang::En] {
        if other != own {
            pair_keys(&items, other, QUERY_CONCEPT_SAMPLE, &mut keys);
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}
