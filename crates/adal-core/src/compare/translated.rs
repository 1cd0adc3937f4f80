//! What a translated passage carries besides its spans: the source's language and, for each
//! aligned sentence pair, the spans of both sentences and of the words a dictionary (or a shared
//! name, number or loanword) matched, so that a reader who knows both languages can judge the
//! passage. Cross-language alignment itself is [`crate::xlang`].

use crate::model::{DocLang, Span};

/// The evidence of a translated passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationEvidence {
    /// The source's language (the submission's is the report's).
    pub source_language: DocLang,
    /// The matched sentence pairs, in submission order.
    pub sentence_pairs: Vec<SentencePairEvidence>,
}

/// One submission sentence and the source sentence it translates, in bytes of each text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentencePairEvidence {
    pub submission_span: Span,
    pub source_span: Span,
    /// The submission sentence's words that matched a word of the source sentence.
    pub submission_words: Vec<Span>,
    /// The source sentence's words that matched a word of the submission sentence.
    pub source_words: Vec<Span>,
}
