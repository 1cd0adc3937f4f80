//! The lexicon: Kazakh lemmas and synonym classes, compiled by `adal lexicon import` from open
//! dictionaries (Apertium's Kazakh lexicon, the MyThes thesauri, the
//! Apertium bilingual dictionaries) and loaded at start-up. Adal works without one, with less
//! recall on paraphrase: the rule-based Kazakh stemmer then decides alone, and no two different
//! words count as the same.
//!
//! The compiled form ([`LexiconData`]) is plain UTF-8 text the project writes itself: one Kazakh
//! lemma, or one group of synonyms, per line, sorted. The lookup tables of a [`Lexicon`] are
//! built from it when it is loaded, with the stemmers of this build, so a compiled file never goes
//! stale when a stemmer changes.
//!
//! Synonym groups become classes by union (two groups sharing a word join), except that no class
//! grows beyond [`MAX_CLASS_STEMS`] stems: polysemous words would otherwise chain a thesaurus into
//! a few huge classes where every word "means" every other.
//!
//! Translations of bilingual dictionaries become [`concepts`]: each Russian and English stem
//! maps to the Kazakh words it translates, for finding translated text.
//!
//! This module knows nothing about files: callers read and write the compiled text.

pub mod concepts;
mod data;

pub use concepts::ConceptTable;
pub use data::{LexiconData, LexiconError, WordClass, WordClasses};

use super::stem::stem_with;
use super::translit::push_lowercase_canonical;
use crate::model::DocLang;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};
use xxhash_rust::xxh3::xxh3_64;

/// Most stems one synonym class may hold.
pub const MAX_CLASS_STEMS: usize = 8;

/// A loaded lexicon: the compiled data and the lookup tables built from it.
#[derive(Debug, Default)]
pub struct Lexicon {
    data: LexiconData,
    /// Kazakh lemmas (lower case, Cyrillic) with their word class.
    kazakh_lemmas: HashMap<String, WordClasses>,
    /// Synonym class of a stem, keyed by [`stem_class_key`].
    classes: HashMap<u64, u32>,
    class_count: usize,
    /// Concepts of Kazakh, Russian and English stems, from the translations.
    concepts: ConceptTable,
}

/// The key of a stem of one language in the class table: the hash of its canonical form, mixed
/// with the language so that a Kazakh and a Russian stem spelled alike stay apart.
pub fn stem_class_key(canonical_stem_hash: u64, language: DocLang) -> u64 {
    let salt: u64 = match language {
        DocLang::Kk => 0x6b6b_0000_0000_0001,
        DocLang::Ru => 0x7275_0000_0000_0002,
        DocLang::En => 0x656e_0000_0000_0003,
        DocLang::Other => 0,
    };
    canonical_stem_hash.rotate_left(17) ^ salt
}

/// The hash of the canonical form of a stem (as in [`super::stem::StemKey::hash`]).
pub fn canonical_stem_hash(stem: &str) -> u64 {
    let mut canonical = String::with_capacity(stem.len());
    for letter in stem.chars() {
        push_lowercase_canonical(letter, &mut canonical);
    }
    xxh3_64(canonical.as_bytes())
}

/// Union-find over stems, refusing unions that would make a class too large.
struct Classes {
    parent: Vec<usize>,
    size: Vec<usize>,
    index: HashMap<u64, usize>,
}

impl Classes {
    fn node(&mut self, key: u64) -> usize {
        let next = self.parent.len();
        *self.index.entry(key).or_insert_with(|| {
            self.parent.push(next);
            self.size.push(1);
            next
        })
    }

    fn root(&mut self, mut node: usize) -> usize {
        while self.parent[node] != node {
            self.parent[node] = self.parent[self.parent[node]];
            node = self.parent[node];
        }
        node
    }

    fn join(&mut self, a: usize, b: usize) {
        let (root_a, root_b) = (self.root(a), self.root(b));
        if root_a != root_b && self.size[root_a] + self.size[root_b] <= MAX_CLASS_STEMS {
            let (big, small) =
                if self.size[root_a] >= self.size[root_b] { (root_a, root_b) } else { (root_b, root_a) };
            self.parent[small] = big;
            self.size[big] += self.size[small];
        }
    }
}

impl Lexicon {
    /// Builds the lookup tables of compiled data.
    pub fn new(data: LexiconData) -> Lexicon {
        let kazakh_lemmas: HashMap<String, WordClasses> =
            data.kazakh_lemmas.iter().map(|(lemma, classes)| (lemma.clone(), *classes)).collect();
        let mut lexicon = Lexicon { data: LexiconData::default(), kazakh_lemmas, ..Lexicon::default() };
        let mut classes = Classes { parent: Vec::new(), size: Vec::new(), index: HashMap::new() };
        for (language, groups) in &data.synonyms {
            for group in groups {
                let mut keys: Vec<u64> = group
                    .iter()
                    .map(|word| {
                        let stem = stem_with(word, *language, &lexicon);
                        stem_class_key(canonical_stem_hash(&stem), *language)
                    })
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                if keys.len() < 2 {
                    continue;
                }
                let first = classes.node(keys[0]);
                for key in &keys[1..] {
                    let node = classes.node(*key);
                    classes.join(first, node);
                }
            }
        }
        let keys: Vec<(u64, usize)> = classes.index.iter().map(|(key, node)| (*key, *node)).collect();
        let mut roots = HashSet::new();
        for (key, node) in keys {
            let root = classes.root(node);
            if classes.size[root] >= 2 {
                roots.insert(root);
                lexicon.classes.insert(key, root as u32);
            }
        }
        lexicon.class_count = roots.len();
        lexicon.data = data;
        lexicon.concepts = ConceptTable::build(&lexicon);
        lexicon
    }

    /// The concept table of the translations (empty without a bilingual dictionary).
    pub fn concepts(&self) -> &ConceptTable {
        &self.concepts
    }

    /// The compiled data this lexicon was built from.
    pub fn data(&self) -> &LexiconData {
        &self.data
    }

    pub fn is_empty(&self) -> bool {
        self.kazakh_lemmas.is_empty() && self.classes.is_empty() && self.concepts.is_empty()
    }

    /// Number of Kazakh lemmas.
    pub fn kazakh_lemma_count(&self) -> usize {
        self.kazakh_lemmas.len()
    }

    /// Number of synonym classes (of two or more stems), all languages together.
    pub fn class_count(&self) -> usize {
        self.class_count
    }

    /// The word classes of a Kazakh lemma, if it is one.
    pub fn kazakh_lemma(&self, word: &str) -> Option<WordClasses> {
        self.kazakh_lemmas.get(word).copied()
    }

    pub fn has_kazakh_lemmas(&self) -> bool {
        !self.kazakh_lemmas.is_empty()
    }

    /// The synonym class of a stem ([`stem_class_key`]), if it has one.
    pub fn class_of(&self, class_key: u64) -> Option<u32> {
        if self.classes.is_empty() {
            return None;
        }
        self.classes.get(&class_key).copied()
    }

    /// One line per figure, for logs and `adal lexicon show`.
    pub fn summary(&self) -> String {
        let groups: Vec<String> = self
            .data
            .synonyms
            .iter()
            .map(|(language, groups)| format!("{} {} groups", language.code(), groups.len()))
            .collect();
        let translations: Vec<String> = self
            .data
            .translations
            .iter()
            .map(|(language, pairs)| format!("kk-{} {}", language.code(), pairs.len()))
            .collect();
        format!(
            "{} Kazakh lemmas; synonyms: {}; {} classes; translations: {}; {} concepts",
            self.kazakh_lemma_count(),
            if groups.is_empty() { "none".to_string() } else { groups.join(", ") },
            self.class_count,
            if translations.is_empty() { "none".to_string() } else { translations.join(", ") },
            self.concepts.len()
        )
    }
}

static ACTIVE: RwLock<Option<Arc<Lexicon>>> = RwLock::new(None);

/// Makes `lexicon` the one every later analysis uses (the service and the CLI call this once at
/// start-up, after loading the compiled lexicon of the data directory).
pub fn install(lexicon: Arc<Lexicon>) {
    let mut active = ACTIVE.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    *active = Some(lexicon);
}

/// The installed lexicon, or an empty one.
pub fn active() -> Arc<Lexicon> {
    static EMPTY: std::sync::OnceLock<Arc<Lexicon>> = std::sync::OnceLock::new();
    let active = ACTIVE.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    match active.as_ref() {
        Some(lexicon) => Arc::clone(lexicon),
        None => Arc::clone(EMPTY.get_or_init(|| Arc::new(Lexicon::default()))),
    }
}

#[cfg(test)]
mod tests;
