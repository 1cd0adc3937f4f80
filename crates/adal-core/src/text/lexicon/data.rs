//! The compiled lexicon as data: what `adal lexicon import` produces and the data directory
//! keeps, and its text form (one entry per line, sorted, so that two imports of the same files
//! give the same bytes).
//!
//! Fields are separated by tabs:
//!
//! ```text
//! adal-lexicon 2
//! kk-lemma <TAB> қала <TAB> noun,verb
//! synonyms <TAB> ru <TAB> аргумент|довод|доказательство
//! translation <TAB> ru <TAB> мектеп <TAB> школа
//! ```
//!
//! Version 2 added `translation` lines (a Kazakh word and a word of another language that
//! translates it, from a bilingual dictionary). A lexicon without them is still written as
//! version 1, so that older builds keep reading it; both versions are read.

use crate::model::DocLang;
use std::collections::{BTreeMap, BTreeSet};

/// The first line of a compiled lexicon without translations.
const HEADER: &str = "adal-lexicon 1";
/// The first line of a compiled lexicon with translations.
const HEADER_V2: &str = "adal-lexicon 2";

/// Longest synonym group kept: longer lists in thesauri are loose associations, not synonyms.
pub const MAX_GROUP_WORDS: usize = 12;

/// What kind of word a Kazakh lemma is, as far as stemming cares: a verb's verbal noun in `-у`
/// (`зерттеу`) is taken back to the verb (`зертте`), so both get one stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WordClass {
    Noun = 0,
    Verb = 1,
    Adjective = 2,
    Other = 3,
}

impl WordClass {
    fn code(self) -> &'static str {
        match self {
            WordClass::Noun => "noun",
            WordClass::Verb => "verb",
            WordClass::Adjective => "adj",
            WordClass::Other => "other",
        }
    }

    fn parse(code: &str) -> Option<WordClass> {
        Some(match code {
            "noun" => WordClass::Noun,
            "verb" => WordClass::Verb,
            "adj" => WordClass::Adjective,
            "other" => WordClass::Other,
            _ => return None,
        })
    }
}

/// The word classes one lemma is listed with (`қала` is the noun "city" and the verb "to pile
/// up").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WordClasses(u8);

impl WordClasses {
    const ALL: [WordClass; 4] = [WordClass::Noun, WordClass::Verb, WordClass::Adjective, WordClass::Other];

    fn bit(class: WordClass) -> u8 {
        1 << (class as u8)
    }

    pub fn of(class: WordClass) -> WordClasses {
        WordClasses(WordClasses::bit(class))
    }

    pub fn insert(&mut self, class: WordClass) {
        self.0 |= WordClasses::bit(class);
    }

    pub fn contains(self, class: WordClass) -> bool {
        self.0 & WordClasses::bit(class) != 0
    }

    pub fn iter(self) -> impl Iterator<Item = WordClass> {
        WordClasses::ALL.into_iter().filter(move |class| self.contains(*class))
    }
}

/// Compiled lexicon data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LexiconData {
    /// Kazakh lemmas, lower-case Cyrillic, with every word class they are listed with.
    pub kazakh_lemmas: BTreeMap<String, WordClasses>,
    /// Synonym groups per language: lower-case single words, each group sorted.
    pub synonyms: BTreeMap<DocLang, BTreeSet<Vec<String>>>,
    /// Translations per other language (Russian, English): pairs of a lower-case Kazakh word
    /// (Cyrillic) and a lower-case word of that language, as the dictionary writes them
    /// (lemmas). Kazakh is the pivot: English and Russian words meet through the Kazakh words
    /// they both translate.
    pub translations: BTreeMap<DocLang, BTreeSet<(String, String)>>,
}

/// A compiled lexicon that cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LexiconError {
    #[error("not a compiled Adal lexicon (the first line must be `{HEADER}` or `{HEADER_V2}`)")]
    NotALexicon,
    #[error("line {line}: {reason}")]
    BadLine { line: usize, reason: String },
}

fn parse_language(code: &str) -> Option<DocLang> {
    match code {
        "kk" => Some(DocLang::Kk),
        "ru" => Some(DocLang::Ru),
        "en" => Some(DocLang::En),
        _ => None,
    }
}

/// Whether a word is one plain lower-case word (letters and inner hyphens).
fn plain_word(word: &str) -> bool {
    let letters = word.chars().filter(|letter| letter.is_alphabetic()).count();
    letters >= 2
        && word.chars().all(|letter| letter.is_alphabetic() || letter == '-')
        && !word.starts_with('-')
        && !word.ends_with('-')
        && word.chars().all(|letter| !letter.is_uppercase())
}

impl LexiconData {
    /// Adds a Kazakh lemma (lower-cased; ignored unless one plain Cyrillic word).
    pub fn add_kazakh_lemma(&mut self, lemma: &str, class: WordClass) {
        let lemma = lemma.trim().to_lowercase();
        let cyrillic = lemma.chars().all(|letter| ('\u{0400}'..='\u{04FF}').contains(&letter));
        if !cyrillic || !plain_word(&lemma) {
            return;
        }
        self.kazakh_lemmas.entry(lemma).or_default().insert(class);
    }

    /// Adds a group of synonyms: phrases and duplicates are dropped; groups of fewer than two
    /// or more than [`MAX_GROUP_WORDS`] words are ignored.
    pub fn add_synonyms<'a>(&mut self, language: DocLang, words: impl IntoIterator<Item = &'a str>) {
        let mut group: Vec<String> = words
            .into_iter()
            .map(|word| word.trim().to_lowercase().replace('ё', "е"))
            .filter(|word| plain_word(word))
            .collect();
        group.sort();
        group.dedup();
        if (2..=MAX_GROUP_WORDS).contains(&group.len()) {
            self.synonyms.entry(language).or_default().insert(group);
        }
    }

    /// Adds a translation pair: a Kazakh word (one plain Cyrillic word) and a word of
    /// `language` (Russian: Cyrillic; English: Latin). Anything else is ignored.
    pub fn add_translation(&mut self, language: DocLang, kazakh: &str, other: &str) {
        let kazakh = kazakh.trim().to_lowercase();
        let other = other.trim().to_lowercase().replace('ё', "е");
        let cyrillic = |word: &str| {
            word.chars().all(|letter| ('\u{0400}'..='\u{04FF}').contains(&letter) || letter == '-')
        };
        let latin = |word: &str| word.chars().all(|letter| letter.is_ascii_lowercase() || letter == '-');
        let other_fits = match language {
            DocLang::Ru => cyrillic(&other),
            DocLang::En => latin(&other),
            DocLang::Kk | DocLang::Other => false,
        };
        if other_fits && cyrillic(&kazakh) && plain_word(&kazakh) && plain_word(&other) {
            self.translations.entry(language).or_default().insert((kazakh, other));
        }
    }

    /// Number of translation pairs, all languages together.
    pub fn translation_count(&self) -> usize {
        self.translations.values().map(BTreeSet::len).sum()
    }

    /// Adds everything of `other`.
    pub fn merge(&mut self, other: LexiconData) {
        for (lemma, classes) in other.kazakh_lemmas {
            for class in classes.iter() {
                self.add_kazakh_lemma(&lemma, class);
            }
        }
        for (language, groups) in other.synonyms {
            self.synonyms.entry(language).or_default().extend(groups);
        }
        for (language, pairs) in other.translations {
            self.translations.entry(language).or_default().extend(pairs);
        }
    }

    /// The compiled text.
    pub fn to_text(&self) -> String {
        let mut text = String::from(if self.translation_count() > 0 { HEADER_V2 } else { HEADER });
        text.push('\n');
        for (lemma, classes) in &self.kazakh_lemmas {
            let codes: Vec<&str> = classes.iter().map(WordClass::code).collect();
            text.push_str(&format!("kk-lemma\t{lemma}\t{}\n", codes.join(",")));
        }
        for (language, groups) in &self.synonyms {
            for group in groups {
                text.push_str(&format!("synonyms\t{}\t{}\n", language.code(), group.join("|")));
            }
        }
        for (language, pairs) in &self.translations {
            for (kazakh, other) in pairs {
                text.push_str(&format!("translation\t{}\t{kazakh}\t{other}\n", language.code()));
            }
        }
        text
    }

    /// Reads the compiled text.
    pub fn parse(text: &str) -> Result<LexiconData, LexiconError> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, first))
                if [HEADER, HEADER_V2].contains(&first.trim_start_matches('\u{feff}').trim()) => {}
            _ => return Err(LexiconError::NotALexicon),
        }
        let mut data = LexiconData::default();
        for (index, line) in lines {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: &str| LexiconError::BadLine { line: index + 1, reason: reason.to_string() };
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["kk-lemma", lemma, classes] => {
                    for class in classes.split(',') {
                        let class = WordClass::parse(class).ok_or_else(|| bad("unknown word class"))?;
                        data.add_kazakh_lemma(lemma, class);
                    }
                }
                ["synonyms", language, group] => {
                    let language = parse_language(language).ok_or_else(|| bad("unknown language"))?;
                    data.add_synonyms(language, group.split('|'));
                }
                ["translation", language, kazakh, other] => {
                    let language = parse_language(language).ok_or_else(|| bad("unknown language"))?;
                    data.add_translation(language, kazakh, other);
                }
                _ => {
                    return Err(bad(
                        "expected `kk-lemma`, `synonyms` or `translation` with tab-separated fields",
                    ))
                }
            }
        }
        Ok(data)
    }
}
