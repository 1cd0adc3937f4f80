//! Normalization and tokenization: text in, word tokens with spans and canonical hashes out.
//!
//! (Placeholder implementation; the real normalizer is being written.)

use crate::model::{DocLang, Span};

/// One word of the text: where it is, and the xxh3 hash of its canonical form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub hash: u64,
}

/// The tokens of a text with what normalization noticed.
#[derive(Clone, Debug, Default)]
pub struct AnalyzedText {
    pub tokens: Vec<Token>,
}

/// Splits a text into tokens with canonical hashes.
pub fn analyze(text: &str) -> AnalyzedText {
    let mut tokens = Vec::new();
    let mut start = None;
    for (offset, character) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if character.is_alphanumeric() {
            start.get_or_insert(offset);
        } else if let Some(word_start) = start.take() {
            let word = text[word_start..offset].to_lowercase();
            tokens.push(Token {
                span: Span::new(word_start, offset),
                hash: xxhash_rust::xxh3::xxh3_64(word.as_bytes()),
            });
        }
    }
    AnalyzedText { tokens }
}

/// The language of a text: Kazakh if it has Kazakh-only letters, else Russian or English by script.
pub fn detect_language(_text: &str) -> DocLang {
    DocLang::Other
}
