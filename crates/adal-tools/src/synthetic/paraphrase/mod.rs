//! A paraphrase development set in the PAN 2013 text-alignment layout, made from open texts given
//! at run time (e.g. the source documents of `../shared/eval/dev`, which are never copied into the
//! repository): `adal-tools eval make-paraphrase`.
//!
//! Each suspicious document is a window of sentences of a *host* text with a few sentences of one
//! *source* text inserted after being rewritten in one way: synonyms replaced, words deleted or
//! added (10–30%), word order changed inside clauses, two sentences merged or one split, or
//! several of these at once (heavy). Every pair belongs to one kind's folder; each suspicious
//! document is also paired with another source of its language with no plagiarism
//! (`01-no-plagiarism`). Host and source texts are disjoint halves of each language's inputs, so
//! no host text was copied from a source. Everything follows from the seed.

mod rewrite;
mod sentences;
mod thesaurus;

pub use thesaurus::Thesaurus;

use crate::synthetic::SplitMix64;
use adal::model::DocLang;
use sentences::{split_sentences, SentenceSpan};

/// One input text.
#[derive(Clone, Debug)]
pub struct InputText {
    pub name: String,
    pub language: DocLang,
    pub text: String,
}

/// The kinds of rewriting, each with its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RewriteKind {
    Synonyms,
    Deletion,
    Addition,
    WordOrder,
    MergeSplit,
    Heavy,
}

impl RewriteKind {
    pub const ALL: [RewriteKind; 6] = [
        RewriteKind::Synonyms,
        RewriteKind::Deletion,
        RewriteKind::Addition,
        RewriteKind::WordOrder,
        RewriteKind::MergeSplit,
        RewriteKind::Heavy,
    ];

    pub fn folder(self) -> &'static str {
        match self {
            RewriteKind::Synonyms => "02-synonyms",
            RewriteKind::Deletion => "03-deletion",
            RewriteKind::Addition => "04-addition",
            RewriteKind::WordOrder => "05-word-order",
            RewriteKind::MergeSplit => "06-merge-split",
            RewriteKind::Heavy => "07-heavy",
        }
    }

    pub fn obfuscation(self) -> &'static str {
        &self.folder()[3..]
    }
}

/// The folder of pairs without plagiarism.
pub const NEGATIVE_FOLDER: &str = "01-no-plagiarism";

/// Parameters of the set.
#[derive(Clone, Copy, Debug)]
pub struct ParaphraseSetConfig {
    pub seed: u64,
    /// Cases per kind and language (at least; documents are filled whole).
    pub cases_per_kind: usize,
    /// Cases inserted into one suspicious document.
    pub cases_per_document: usize,
    /// Host sentences per suspicious document.
    pub host_sentences: usize,
}

impl ParaphraseSetConfig {
    pub const DEFAULT: ParaphraseSetConfig =
        ParaphraseSetConfig { seed: 14, cases_per_kind: 100, cases_per_document: 3, host_sentences: 12 };
}

/// One rewritten passage: offsets and lengths in code points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlantedCase {
    pub this_offset: usize,
    pub this_length: usize,
    pub source_offset: usize,
    pub source_length: usize,
}

/// A suspicious document with the cases taken from its source.
#[derive(Clone, Debug)]
pub struct SuspiciousDocument {
    pub name: String,
    pub language: DocLang,
    pub text: String,
    pub source: String,
    pub kind: RewriteKind,
    pub cases: Vec<PlantedCase>,
    /// Another source of the same language, with no plagiarism in this document.
    pub negative_source: Option<String>,
}

/// The generated set.
#[derive(Clone, Debug, Default)]
pub struct ParaphraseSet {
    /// The inputs used as sources (written unchanged to `src/`).
    pub sources: Vec<InputText>,
    pub suspicious: Vec<SuspiciousDocument>,
}

/// Synonym dictionaries per language; a missing one means no synonym replacement there.
#[derive(Clone, Debug, Default)]
pub struct Thesauri {
    pub kazakh: Thesaurus,
    pub russian: Thesaurus,
    pub english: Thesaurus,
}

impl Thesauri {
    fn of(&self, language: DocLang) -> &Thesaurus {
        match language {
            DocLang::Kk => &self.kazakh,
            DocLang::Ru => &self.russian,
            _ => &self.english,
        }
    }
}

/// Case sentences: 100–250 characters, at least eight words, on one line.
fn case_candidates(text: &str) -> Vec<SentenceSpan> {
    split_sentences(text)
        .into_iter()
        .filter(|span| {
            let sentence = &text[span.start..span.end];
            let chars = sentence.chars().count();
            (100..=250).contains(&chars)
                && !sentence.contains('\n')
                && sentence.split_whitespace().count() >= 8
        })
        .collect()
}

/// Rewrites the sentence at `index` of `candidates` (and, for merging, the one after it);
/// returns the rewritten text and the source byte range, or `None` when this sentence does not
/// lend itself to the kind (no synonyms known, no comma to split at, no next sentence).
fn rewrite_case(
    text: &str,
    candidates: &[SentenceSpan],
    index: usize,
    kind: RewriteKind,
    language: DocLang,
    thesaurus: &Thesaurus,
    rng: &mut SplitMix64,
) -> Option<(String, SentenceSpan)> {
    let span = candidates[index];
    let sentence = &text[span.start..span.end];
    let share = 0.1 + 0.2 * rng.next_f64();
    match kind {
        RewriteKind::Synonyms => {
            let (rewritten, replaced) = rewrite::replace_synonyms(sentence, 0.6, thesaurus, language, rng);
            (replaced >= 2).then_some((rewritten, span))
        }
        RewriteKind::Deletion => Some((rewrite::delete_words(sentence, share, rng), span)),
        RewriteKind::Addition => Some((rewrite::add_words(sentence, share, language, rng), span)),
        RewriteKind::WordOrder => Some((rewrite::shuffle_inside_clauses(sentence, rng), span)),
        RewriteKind::MergeSplit => {
            let next = candidates.get(index + 1).copied().filter(|next| {
                text.get(span.end..next.start)
                    .is_some_and(|between| between.trim().is_empty() && !between.contains('\n'))
            });
            match (rng.chance(0.5), next) {
                (true, Some(next)) => {
                    let merged = rewrite::merge_sentences(sentence, &text[next.start..next.end], language);
                    Some((merged, SentenceSpan { start: span.start, end: next.end }))
                }
                _ => rewrite::split_sentence(sentence).map(|split| (split, span)),
            }
        }
        RewriteKind::Heavy => {
            let (synonyms, _) = rewrite::replace_synonyms(sentence, 0.4, thesaurus, language, rng);
            let deleted = rewrite::delete_words(&synonyms, 0.15, rng);
            let added = rewrite::add_words(&deleted, 0.15, language, rng);
            Some((rewrite::shuffle_inside_clauses(&added, rng), span))
        }
    }
}

mod compose;
pub use compose::make_paraphrase_set;
mod layout;
pub use layout::write_pan_layout;

#[cfg(test)]
mod tests;
