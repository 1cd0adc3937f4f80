//! Stems and stop words: the word keys that survive inflection, for comparing sentences as bags of
//! words when a paraphrase has changed word forms and word order.
//!
//! Russian and English use the Snowball stemmers (crate `rust-stemmers`); Kazakh uses the
//! rule-based suffix stripper of [`kazakh`]. A word's stem key is the hash of the canonical form
//! (see [`super::canonical`]) of its stem, so Kazakh Cyrillic and Latin spellings of one stem and
//! homoglyph tricks inside it still agree where the stem is the same. Which stemmer a word gets
//! is decided per word: Kazakh-only Cyrillic letters mean Kazakh; other Cyrillic words follow the
//! document's language (Kazakh or Russian); Latin words are English unless the document is
//! Kazakh (2021 Latin Kazakh is not stemmed).

mod kazakh;
pub mod score;
mod stop_words;

pub use kazakh::{stem_kazakh, stem_kazakh_with};
pub use stop_words::is_stop_word;

use super::chars::is_letter;
use super::lexicon::{self, stem_class_key, Lexicon};
use super::translit::push_lowercase_canonical;
use super::Token;
use crate::model::DocLang;
use xxhash_rust::xxh3::xxh3_64;

/// The Snowball stemmers, built once and shared (they hold no mutable state).
pub struct Stemmer {
    russian: rust_stemmers::Stemmer,
    english: rust_stemmers::Stemmer,
}

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer::new()
    }
}

impl Stemmer {
    pub fn new() -> Self {
        Stemmer {
            russian: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Russian),
            english: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
        }
    }

    /// The stem of a lower-case word of `language`.
    pub fn stem(&self, lower_word: &str, language: DocLang) -> String {
        match language {
            DocLang::Kk => stem_kazakh(lower_word),
            DocLang::Ru => self.russian.stem(&lower_word.replace('ё', "е")).into_owned(),
            DocLang::En => self.english.stem(lower_word).into_owned(),
            DocLang::Other => lower_word.to_string(),
        }
    }
}

/// The stem of a lower-case word of `language`, with the lemmas of `lexicon` for Kazakh.
pub fn stem_with(lower_word: &str, language: DocLang, lexicon: &Lexicon) -> String {
    match language {
        DocLang::Kk => stem_kazakh_with(lower_word, lexicon),
        _ => shared_stemmer().stem(lower_word, language),
    }
}

/// Stems of one text's words, each distinct word stemmed once: a thesis repeats its words (35k
/// words of Kazakh have some 8k forms), and the Kazakh lemmatizer is the costliest step of
/// turning a text into stem keys or concepts.
pub struct StemMemo<'a> {
    lexicon: &'a Lexicon,
    stems: [std::collections::HashMap<String, String>; 4],
}

impl<'a> StemMemo<'a> {
    pub fn new(lexicon: &'a Lexicon) -> StemMemo<'a> {
        StemMemo { lexicon, stems: Default::default() }
    }

    /// [`stem_with`] of `lower_word`, computed on the first call for the word.
    pub fn stem(&mut self, lower_word: &str, language: DocLang) -> &str {
        let slot = match language {
            DocLang::Kk => 0,
            DocLang::Ru => 1,
            DocLang::En => 2,
            DocLang::Other => 3,
        };
        let stems = &mut self.stems[slot];
        if !stems.contains_key(lower_word) {
            stems.insert(lower_word.to_string(), stem_with(lower_word, language, self.lexicon));
        }
        stems.get(lower_word).map(String::as_str).unwrap_or_default()
    }
}

/// The stemmer shared by every caller.
pub fn shared_stemmer() -> &'static Stemmer {
    static STEMMER: std::sync::OnceLock<Stemmer> = std::sync::OnceLock::new();
    STEMMER.get_or_init(Stemmer::new)
}

/// One token's stem key and whether it carries content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StemKey {
    /// xxh3 of the canonical form of the stem.
    pub hash: u64,
    /// False for stop words, words of fewer than three letters and LaTeX command names
    /// (`\frac`, `\alpha`): they say nothing about what a sentence is about.
    pub content: bool,
    /// True for words of a formula: LaTeX command names and words between `$…$`, `\(…\)` or
    /// `\[…\]`. Formulas shared by texts on one topic are no evidence of copying.
    pub formula: bool,
}

/// The byte ranges of inline and display math in LaTeX-like text.
fn math_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut open: Option<(usize, u8)> = None;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let next = bytes.get(index + 1).copied();
        match (open, byte, next) {
            (None, b'$', _) => open = Some((index, b'$')),
            (Some((start, b'$')), b'$', _) => {
                spans.push((start, index + 1));
                open = None;
            }
            (None, b'\\', Some(b'(')) | (None, b'\\', Some(b'[')) => {
                open = Some((index, next.unwrap_or_default()));
                index += 1;
            }
            (Some((start, b'(')), b'\\', Some(b')')) | (Some((start, b'[')), b'\\', Some(b']')) => {
                spans.push((start, index + 2));
                open = None;
                index += 1;
            }
            // An unclosed `$` at a paragraph break was a dollar sign, not math.
            (Some((_, b'$')), b'\n', Some(b'\n')) => open = None,
            _ => {}
        }
        index += 1;
    }
    spans
}

/// The language whose stemmer a word gets, from its letters and the document's language.
pub fn word_language(lower_word: &str, document: DocLang) -> DocLang {
    let mut cyrillic = false;
    for letter in lower_word.chars() {
        if matches!(letter, 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і') {
            return DocLang::Kk;
        }
        cyrillic |= ('\u{0400}'..='\u{04FF}').contains(&letter);
    }
    match (cyrillic, document) {
        (true, DocLang::Kk) => DocLang::Kk,
        (true, _) => DocLang::Ru,
        (false, DocLang::Kk) => DocLang::Other,
        (false, _) => DocLang::En,
    }
}

/// The stem key of every token of `text` (tokens from [`super::analyze`]), with the installed
/// lexicon ([`lexicon::active`]).
pub fn stem_keys(text: &str, tokens: &[Token], document: DocLang) -> Vec<StemKey> {
    stem_keys_with(text, tokens, document, &lexicon::active())
}

/// The key of a synonym class: every stem of the class gets it instead of its own.
fn class_hash(class: u32) -> u64 {
    xxh3_64(&class.to_le_bytes()) ^ 0x5359_4e4f_4e59_4d53
}

/// Like [`stem_keys`], with the given lexicon: Kazakh words get their lemma where the lexicon
/// knows it, and content words of a synonym class get the class's key, so that synonyms count
/// as one word.
pub fn stem_keys_with(text: &str, tokens: &[Token], document: DocLang, lexicon: &Lexicon) -> Vec<StemKey> {
    let mut canonical = String::new();
    let math = math_spans(text);
    let mut next_math = 0;
    let mut memo = StemMemo::new(lexicon);
    tokens
        .iter()
        .map(|token| {
            let word = text.get(token.span.start..token.span.end).unwrap_or_default();
            let lower: String =
                word.chars().filter(|&letter| is_letter(letter)).flat_map(char::to_lowercase).collect();
            let language = word_language(&lower, document);
            let stem = memo.stem(&lower, language);
            canonical.clear();
            for letter in stem.chars() {
                push_lowercase_canonical(letter, &mut canonical);
            }
            let latex_command = token.span.start > 0 && text.as_bytes()[token.span.start - 1] == b'\\';
            while math.get(next_math).is_some_and(|&(_, end)| end <= token.span.start) {
                next_math += 1;
            }
            let in_math = math
                .get(next_math)
                .is_some_and(|&(start, end)| start <= token.span.start && token.span.end <= end);
            let formula = latex_command || in_math;
            let content = lower.chars().count() >= 3 && !formula && !is_stop_word(&lower, language);
            let mut hash = xxh3_64(canonical.as_bytes());
            if content {
                if let Some(class) = lexicon.class_of(stem_class_key(hash, language)) {
                    hash = class_hash(class);
                }
            }
            StemKey { hash, content, formula }
        })
        .collect()
}

#[cfg(test)]
mod tests;
