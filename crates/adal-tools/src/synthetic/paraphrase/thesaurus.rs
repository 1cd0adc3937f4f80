//! Synonyms for the paraphrase generator, from bilingual dictionaries in the Apertium `.dix`
//! format (read at run time from `../shared/lexicons/`, never copied into the repository): two
//! words of one language that translate to the same word of the other are taken as synonyms
//! (Kazakh `тары`, `сөк` → Russian `пшено`). Crude, lemma-level, but available for all three
//! languages, including Kazakh, which has no packaged thesaurus.

use adal::model::DocLang;
use std::collections::{BTreeMap, BTreeSet};

/// Single-word synonyms of one language, by lower-case lemma and by stem.
#[derive(Clone, Debug, Default)]
pub struct Thesaurus {
    by_word: BTreeMap<String, Vec<String>>,
    by_stem: BTreeMap<String, Vec<String>>,
}

impl Thesaurus {
    /// The synonyms of both sides of a bilingual dictionary (left language, right language).
    pub fn pair_from_dix(dix: &str) -> (Thesaurus, Thesaurus) {
        let mut left_by_right: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        let mut right_by_left: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for adal::lexicon::DixEntry { left, right, tag } in adal::lexicon::dix_entries(dix) {
            if !matches!(tag.as_str(), "n" | "v" | "adj" | "adv") {
                continue;
            }
            left_by_right.entry((right.clone(), tag.clone())).or_default().insert(left.clone());
            right_by_left.entry((left, tag)).or_default().insert(right);
        }
        (
            Thesaurus::from_groups(left_by_right.into_values()),
            Thesaurus::from_groups(right_by_left.into_values()),
        )
    }

    fn from_groups(groups: impl Iterator<Item = BTreeSet<String>>) -> Thesaurus {
        let mut by_word: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for group in groups.filter(|group| group.len() >= 2 && group.len() <= 8) {
            for word in &group {
                let others = group.iter().filter(|other| *other != word).cloned();
                by_word.entry(word.clone()).or_default().extend(others);
            }
        }
        Thesaurus {
            by_word: by_word
                .into_iter()
                .map(|(word, synonyms)| (word, synonyms.into_iter().collect()))
                .collect(),
            by_stem: BTreeMap::new(),
        }
    }

    /// Indexes the words by stem too, so that an inflected form finds its lemma's synonyms.
    pub fn with_stems(mut self, language: DocLang) -> Thesaurus {
        let stemmer = adal::text::stem::shared_stemmer();
        for (word, synonyms) in &self.by_word {
            let stem = stemmer.stem(word, language);
            self.by_stem.entry(stem).or_default().extend(synonyms.iter().cloned());
        }
        for synonyms in self.by_stem.values_mut() {
            synonyms.sort();
            synonyms.dedup();
        }
        self
    }

    /// Synonyms of a lower-case word: of the word itself, else of its stem.
    pub fn synonyms(&self, lower_word: &str, language: DocLang) -> &[String] {
        if let Some(synonyms) = self.by_word.get(lower_word) {
            return synonyms;
        }
        let stem = adal::text::stem::shared_stemmer().stem(lower_word, language);
        self.by_stem.get(&stem).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.by_word.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_word.is_empty()
    }

    /// Merges another thesaurus of the same language into this one.
    pub fn merge(mut self, other: Thesaurus) -> Thesaurus {
        for (word, synonyms) in other.by_word {
            let entry = self.by_word.entry(word).or_default();
            entry.extend(synonyms);
            entry.sort();
            entry.dedup();
        }
        self
    }
}
