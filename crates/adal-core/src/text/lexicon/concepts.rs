//! Concepts: the language-neutral meaning of a word, for finding translated text.
//!
//! A concept is a Kazakh word of a bilingual dictionary (the pivot), keyed by its stem as the
//! Kazakh stemmer of this build gives it with the lexicon's lemmas. A Russian or English word
//! belongs to the concepts of the Kazakh words the dictionaries translate it with, keyed by its
//! Snowball stem; so a Russian and an English word meet when they translate one Kazakh word
//! (there is no Russian–English dictionary). Every key is [`super::stem_class_key`] of a stem's
//! canonical hash, so text words are looked up exactly as they are stemmed.
//!
//! A word with many translations is polysemous or nearly a function word: it would make any two
//! sentences look alike, so it keeps at most [`MAX_CONCEPTS_PER_WORD`] concepts (the first
//! ones in dictionary order).

use super::{canonical_stem_hash, stem_class_key, Lexicon};
use crate::model::DocLang;
use crate::text::stem::stem_with;
use std::collections::HashMap;

/// Most concepts one stem of one language belongs to.
pub const MAX_CONCEPTS_PER_WORD: usize = 8;

/// The concept table: which concepts each stem belongs to.
#[derive(Debug, Default)]
pub struct ConceptTable {
    /// Per stem key: where its concept ids start in `ids`, and how many there are.
    by_key: HashMap<u64, (u32, u32)>,
    ids: Vec<u32>,
    concepts: usize,
}

impl ConceptTable {
    /// Builds the table of `lexicon`'s translations, stemming with `lexicon` (whose Kazakh
    /// lemmas must already be loaded).
    pub(super) fn build(lexicon: &Lexicon) -> ConceptTable {
        let data = lexicon.data();
        let key_of = |word: &str, language: DocLang| {
            stem_class_key(canonical_stem_hash(&stem_with(word, language, lexicon)), language)
        };
        let mut concept_of_kazakh: HashMap<u64, u32> = HashMap::new();
        let mut members: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut order: Vec<u64> = Vec::new();
        for (language, pairs) in &data.translations {
            for (kazakh, other) in pairs {
                let kazakh_key = key_of(kazakh, DocLang::Kk);
                let next = concept_of_kazakh.len() as u32;
                let concept = *concept_of_kazakh.entry(kazakh_key).or_insert(next);
                for key in [kazakh_key, key_of(other, *language)] {
                    let list = members.entry(key).or_insert_with(|| {
                        order.push(key);
                        Vec::new()
                    });
                    if !list.contains(&concept) && list.len() < MAX_CONCEPTS_PER_WORD {
                        list.push(concept);
                    }
                }
            }
        }
        let mut table = ConceptTable { concepts: concept_of_kazakh.len(), ..ConceptTable::default() };
        for key in order {
            let list = &members[&key];
            table.by_key.insert(key, (table.ids.len() as u32, list.len() as u32));
            table.ids.extend_from_slice(list);
        }
        table
    }

    /// The concepts of a stem ([`stem_class_key`]), empty when it has none.
    pub fn concepts_of(&self, class_key: u64) -> &[u32] {
        match self.by_key.get(&class_key) {
            Some(&(start, length)) => &self.ids[start as usize..(start + length) as usize],
            None => &[],
        }
    }

    /// Number of concepts (distinct Kazakh stems of the dictionaries).
    pub fn len(&self) -> usize {
        self.concepts
    }

    pub fn is_empty(&self) -> bool {
        self.concepts == 0
    }
}
