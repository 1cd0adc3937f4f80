//! Normalization and tokenization: text in, word tokens with exact spans and canonical hashes
//! out, plus alerts for the tricks students try (homoglyphs, invisible characters).
//!
//! Two words are "the same" for Adal when their canonical forms are equal (see [`canonical`]):
//! case, ligatures, invisible characters, hyphens, look-alike letters and the Kazakh Cyrillic /
//! 2021 Latin spelling do not matter. Every token keeps the byte span of the word in the original
//! text, so a match maps back to exact characters.
//!
//! This module knows nothing about fingerprints, indexes, storage or HTTP.

mod canonical;
pub(crate) mod chars;
mod language;
pub mod lexicon;
mod scan;
pub mod stem;
pub(crate) mod translit;

pub use chars::Script;
pub use language::detect_language;

use crate::model::Span;
use canonical::{canonicalize_word, CanonicalScratch};
use scan::{scan_words, RawWord};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// One word of the text: where it is, and the xxh3 hash of its canonical form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub hash: u64,
}

/// A trick found while normalizing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TextAlert {
    /// A word mixing Latin and Cyrillic look-alike letters, folded to one script.
    Homoglyph { span: Span, folded_to: Script, letters: u32 },
    /// Invisible characters (zero-width space/joiners, soft hyphen, word joiner, BOM) inside a
    /// word or between words.
    InvisibleCharacters { span: Span, count: u32 },
}

impl TextAlert {
    pub fn span(&self) -> Span {
        match self {
            TextAlert::Homoglyph { span, .. } | TextAlert::InvisibleCharacters { span, .. } => *span,
        }
    }
}

/// The tokens of a text with what normalization noticed.
#[derive(Clone, Debug, Default)]
pub struct AnalyzedText {
    pub tokens: Vec<Token>,
    /// Alerts in text order.
    pub alerts: Vec<TextAlert>,
}

/// Splits a text into tokens with canonical hashes and collects alerts.
pub fn analyze(text: &str) -> AnalyzedText {
    let mut analyzed = AnalyzedText { tokens: Vec::with_capacity(text.len() / 7 + 1), alerts: Vec::new() };
    analyze_into(text, &mut AnalyzeScratch::default(), &mut analyzed.tokens, &mut analyzed.alerts);
    analyzed
}

/// Like [`analyze`], appending to caller-owned buffers (the batch fingerprinting hot path).
pub fn analyze_into(
    text: &str,
    scratch: &mut AnalyzeScratch,
    tokens: &mut Vec<Token>,
    alerts: &mut Vec<TextAlert>,
) {
    for_each_canonical_word(text, scratch, alerts, |span, canonical| {
        tokens.push(Token { span, hash: xxh3_64(canonical.as_bytes()) });
    });
}

/// The canonical form of every word, for tests, debugging and the full-text index.
pub fn canonical_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut scratch = AnalyzeScratch::default();
    for_each_canonical_word(text, &mut scratch, &mut Vec::new(), |_, canonical| {
        words.push(canonical.to_string())
    });
    words
}

/// The hash of one word's canonical form, as in [`Token::hash`].
pub fn word_hash(canonical_word: &str) -> u64 {
    xxh3_64(canonical_word.as_bytes())
}

/// Buffers reused across words (and across documents by callers that keep one per thread).
#[derive(Default)]
pub struct AnalyzeScratch {
    words: Vec<RawWord>,
    stray_invisibles: Vec<Span>,
    contexts: Vec<Script>,
    canonical: CanonicalScratch,
}

/// Calls `sink(span, canonical)` for each word with a non-empty canonical form, in text order,
/// and appends alerts.
pub fn for_each_canonical_word(
    text: &str,
    scratch: &mut AnalyzeScratch,
    alerts: &mut Vec<TextAlert>,
    mut sink: impl FnMut(Span, &str),
) {
    scratch.words.clear();
    scratch.stray_invisibles.clear();
    scan_words(text, &mut scratch.words, &mut scratch.stray_invisibles);
    resolve_contexts(&scratch.words, &mut scratch.contexts);

    let mut stray = scratch.stray_invisibles.iter().peekable();
    for (word, &context) in scratch.words.iter().zip(&scratch.contexts) {
        while let Some(span) = stray.next_if(|span| span.start < word.span.start) {
            alerts.push(TextAlert::InvisibleCharacters { span: *span, count: 1 });
        }
        let findings = canonicalize_word(text, word, context, &mut scratch.canonical);
        if findings.homoglyphs_folded > 0 {
            if let Some(folded_to) = findings.folded_to {
                alerts.push(TextAlert::Homoglyph {
                    span: word.span,
                    folded_to,
                    letters: findings.homoglyphs_folded,
                });
            }
        }
        if findings.invisible_characters > 0 {
            alerts.push(TextAlert::InvisibleCharacters {
                span: word.span,
                count: findings.invisible_characters,
            });
        }
        if !scratch.canonical.canonical.is_empty() {
            sink(word.span, &scratch.canonical.canonical);
        }
    }
    for span in stray {
        alerts.push(TextAlert::InvisibleCharacters { span: *span, count: 1 });
    }
}

/// For each word, the script of the nearest word before it whose letters settle a script (or,
/// at the start of the text, the nearest one after it).
fn resolve_contexts(words: &[RawWord], contexts: &mut Vec<Script>) {
    contexts.clear();
    let first_settled = words.iter().find_map(RawWord::settled_script).unwrap_or(Script::Latin);
    let mut current = first_settled;
    for word in words {
        if let Some(script) = word.settled_script() {
            current = script;
        }
        contexts.push(current);
    }
}

#[cfg(test)]
mod tests;
