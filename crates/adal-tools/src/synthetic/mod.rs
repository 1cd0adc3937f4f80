//! Synthetic corpora for benchmarks and tests: deterministic from a seed, in Kazakh, Russian and
//! English, with thesis-like and article-like lengths, and submissions that borrow a known share
//! of passages from given documents.
//!
//! Documents are generated one at a time by [`generate_corpus`] (bounded memory), and any single
//! document can be regenerated from the corpus seed and its number. The module uses its own tiny
//! PRNG and knows nothing about extraction, indexing or storage.
//!
//! ```
//! use adal_tools::synthetic::{generate_corpus, CorpusMix};
//! let documents: Vec<_> = generate_corpus(7, 3, CorpusMix::ARTICLES_ONLY).collect();
//! assert_eq!(documents.len(), 3);
//! assert!(documents[0].words >= 2_000);
//! ```

mod document;
pub mod paraphrase;
mod rng;
mod submission;
pub mod translated;
mod vocabulary;

pub use document::{generate_document, SyntheticDoc, SyntheticKind, Vocabularies};
pub use rng::SplitMix64;
pub use submission::{make_submission, BorrowedPassage, SyntheticSubmission};
pub use vocabulary::Vocabulary;

use adal::model::DocLang;
use std::sync::Arc;

/// The make-up of a synthetic corpus: language weights and the share of theses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CorpusMix {
    pub kazakh_weight: u32,
    pub russian_weight: u32,
    pub english_weight: u32,
    /// Share of documents that are thesis-like (20k–40k words); the rest are articles.
    pub thesis_share: f64,
}

impl CorpusMix {
    /// Roughly a Kazakh university library: 40% Kazakh, 40% Russian, 20% English, half theses.
    pub const UNIVERSITY: CorpusMix =
        CorpusMix { kazakh_weight: 40, russian_weight: 40, english_weight: 20, thesis_share: 0.5 };
    /// Short documents only (fast tests).
    pub const ARTICLES_ONLY: CorpusMix =
        CorpusMix { kazakh_weight: 40, russian_weight: 40, english_weight: 20, thesis_share: 0.0 };

    fn pick_language(&self, rng: &mut SplitMix64) -> DocLang {
        let total =
            u64::from(self.kazakh_weight) + u64::from(self.russian_weight) + u64::from(self.english_weight);
        if total == 0 {
            return DocLang::En;
        }
        let draw = rng.next_u64() % total;
        if draw < u64::from(self.kazakh_weight) {
            DocLang::Kk
        } else if draw < u64::from(self.kazakh_weight) + u64::from(self.russian_weight) {
            DocLang::Ru
        } else {
            DocLang::En
        }
    }
}

impl Default for CorpusMix {
    fn default() -> Self {
        CorpusMix::UNIVERSITY
    }
}

/// A streaming generator of synthetic documents (see [`generate_corpus`]).
pub struct CorpusGenerator {
    vocabularies: Arc<Vocabularies>,
    seed: u64,
    next_index: usize,
    n_docs: usize,
    mix: CorpusMix,
}

impl CorpusGenerator {
    /// The document number `index` of the corpus, regenerated on its own.
    pub fn document(&self, index: usize) -> SyntheticDoc {
        let mut rng = SplitMix64::derive(self.seed, index as u64);
        let language = self.mix.pick_language(&mut rng);
        let kind =
            if rng.chance(self.mix.thesis_share) { SyntheticKind::Thesis } else { SyntheticKind::Article };
        let id = format!("syn-{}-{index:06}", language.code());
        generate_document(&self.vocabularies, rng.next_u64(), id, language, kind)
    }

    /// The shared vocabularies (to make submissions in the same languages).
    pub fn vocabularies(&self) -> Arc<Vocabularies> {
        Arc::clone(&self.vocabularies)
    }
}

impl Iterator for CorpusGenerator {
    type Item = SyntheticDoc;

    fn next(&mut self) -> Option<SyntheticDoc> {
        if self.next_index >= self.n_docs {
            return None;
        }
        let document = self.document(self.next_index);
        self.next_index += 1;
        Some(document)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = self.n_docs - self.next_index;
        (remaining, Some(remaining))
    }
}

/// Generates `n_docs` documents from `seed`, one at a time.
pub fn generate_corpus(seed: u64, n_docs: usize, mix: CorpusMix) -> CorpusGenerator {
    CorpusGenerator { vocabularies: Arc::new(Vocabularies::new()), seed, next_index: 0, n_docs, mix }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_and_documents_regenerate_alone() {
        let first: Vec<SyntheticDoc> = generate_corpus(11, 4, CorpusMix::ARTICLES_ONLY).collect();
        let second: Vec<SyntheticDoc> = generate_corpus(11, 4, CorpusMix::ARTICLES_ONLY).collect();
        assert_eq!(first, second);
        assert_eq!(generate_corpus(11, 4, CorpusMix::ARTICLES_ONLY).document(2), first[2]);
        let other: Vec<SyntheticDoc> = generate_corpus(12, 4, CorpusMix::ARTICLES_ONLY).collect();
        assert_ne!(first[0].text, other[0].text);
    }

    #[test]
    fn lengths_follow_the_kind() {
        for document in generate_corpus(3, 6, CorpusMix::UNIVERSITY) {
            let (low, high) = document.kind.word_range();
            let counted = document.text.split_whitespace().count();
            assert!(counted >= low && counted <= high + 60, "{} words for {:?}", counted, document.kind);
        }
    }

    #[test]
    fn submission_borrows_the_asked_share_with_exact_spans() {
        let generator = generate_corpus(5, 3, CorpusMix::ARTICLES_ONLY);
        let vocabularies = generator.vocabularies();
        let sources: Vec<SyntheticDoc> = generator.collect();
        let source_texts: Vec<&str> = sources.iter().map(|document| document.text.as_str()).collect();
        let submission = make_submission(&vocabularies, 9, DocLang::Kk, &source_texts, 5_000, 0.3);
        let share = submission.borrowed_words as f64 / submission.words as f64;
        assert!((0.25..=0.38).contains(&share), "borrowed share {share}");
        assert!(!submission.passages.is_empty());
        for passage in &submission.passages {
            let copied = &submission.text[passage.submission_span.start..passage.submission_span.end];
            let original =
                &source_texts[passage.source_index][passage.source_span.start..passage.source_span.end];
            assert_eq!(copied, original);
        }
    }
}
