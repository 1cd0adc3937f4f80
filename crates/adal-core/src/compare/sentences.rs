//! Sentences as token ranges: the units that sentence-level (bag-of-stems) alignment compares.
//!
//! A sentence ends where the text between two words holds sentence-final punctuation
//! (`. ! ? …` or `;`), a line break, or a barrier (a quotation's edge). Sentences longer than
//! [`MAX_SENTENCE_WORDS`] (lists and PDF text without punctuation) are cut into pieces of that
//! length, so that one runaway "sentence" cannot swallow a page.

use super::TokenRange;
use crate::text::Token;

/// Longest sentence, in words, before it is cut.
pub(crate) const MAX_SENTENCE_WORDS: u32 = 60;

fn ends_sentence(between: &str) -> bool {
    between.chars().any(|character| matches!(character, '.' | '!' | '?' | '…' | ';' | '\n'))
}

/// The sentences of a tokenized text, in order, covering every token once. `barriers` is a sorted
/// list of token indexes where a sentence must start.
pub(crate) fn sentence_ranges(text: &str, tokens: &[Token], barriers: &[u32]) -> Vec<TokenRange> {
    let mut sentences = Vec::new();
    let mut start = 0u32;
    for index in 1..tokens.len() {
        let between = text.get(tokens[index - 1].span.end..tokens[index].span.start).unwrap_or_default();
        let index = index as u32;
        if ends_sentence(between)
            || barriers.binary_search(&index).is_ok()
            || index - start >= MAX_SENTENCE_WORDS
        {
            sentences.push(TokenRange { start, end: index });
            start = index;
        }
    }
    if (start as usize) < tokens.len() {
        sentences.push(TokenRange { start, end: tokens.len() as u32 });
    }
    sentences
}
