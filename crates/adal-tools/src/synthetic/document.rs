//! Synthetic documents: sentences, paragraphs and headings of Zipf-distributed words, with
//! thesis-like (20k–40k words) or article-like (2k–8k words) lengths.

use super::rng::SplitMix64;
use super::vocabulary::Vocabulary;
use adal::model::DocLang;

/// Whether a synthetic document imitates a thesis or an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyntheticKind {
    Thesis,
    Article,
}

impl SyntheticKind {
    /// The range of lengths, in words.
    pub fn word_range(self) -> (usize, usize) {
        match self {
            SyntheticKind::Thesis => (20_000, 40_000),
            SyntheticKind::Article => (2_000, 8_000),
        }
    }
}

/// One generated document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntheticDoc {
    pub id: String,
    pub title: String,
    pub language: DocLang,
    pub kind: SyntheticKind,
    pub text: String,
    pub words: usize,
}

/// The three vocabularies, built once and shared by every generated document.
#[derive(Clone, Debug)]
pub struct Vocabularies {
    kazakh: Vocabulary,
    russian: Vocabulary,
    english: Vocabulary,
}

impl Vocabularies {
    pub fn new() -> Vocabularies {
        Vocabularies {
            kazakh: Vocabulary::for_language(DocLang::Kk),
            russian: Vocabulary::for_language(DocLang::Ru),
            english: Vocabulary::for_language(DocLang::En),
        }
    }

    pub fn get(&self, language: DocLang) -> &Vocabulary {
        match language {
            DocLang::Kk => &self.kazakh,
            DocLang::Ru => &self.russian,
            DocLang::En | DocLang::Other => &self.english,
        }
    }
}

impl Default for Vocabularies {
    fn default() -> Self {
        Vocabularies::new()
    }
}

/// Appends one sentence of `words` words (capitalized, commas, a final full stop).
pub(super) fn write_sentence(
    output: &mut String,
    vocabulary: &Vocabulary,
    rng: &mut SplitMix64,
    words: usize,
) {
    for position in 0..words {
        let word = vocabulary.sample(rng);
        if position == 0 {
            let mut characters = word.chars();
            if let Some(first) = characters.next() {
                output.extend(first.to_uppercase());
                output.push_str(characters.as_str());
            }
        } else {
            output.push(' ');
            output.push_str(word);
        }
        if position + 1 < words && position > 2 && rng.chance(0.08) {
            output.push(',');
        }
    }
    output.push('.');
}

/// Appends paragraphs until about `target_words` words are written; returns the words written.
/// Paragraphs are separated by a blank line; a thesis gets a numbered heading now and then.
pub(super) fn write_body(
    output: &mut String,
    vocabulary: &Vocabulary,
    rng: &mut SplitMix64,
    target_words: usize,
    with_headings: bool,
) -> usize {
    let mut written = 0;
    let mut chapter = 0;
    while written < target_words {
        if !output.is_empty() {
            output.push_str("\n\n");
        }
        if with_headings && rng.chance(0.06) {
            chapter += 1;
            output.push_str(&format!("{chapter}. "));
            let heading_words = rng.between(2, 5);
            write_heading(output, vocabulary, rng, heading_words);
            written += heading_words;
            output.push_str("\n\n");
        }
        let sentences = rng.between(3, 8);
        for sentence in 0..sentences {
            if sentence > 0 {
                output.push(' ');
            }
            let words = rng.between(6, 24).min(target_words.saturating_sub(written).max(3));
            write_sentence(output, vocabulary, rng, words);
            written += words;
            if written >= target_words {
                break;
            }
        }
    }
    written
}

fn write_heading(output: &mut String, vocabulary: &Vocabulary, rng: &mut SplitMix64, words: usize) {
    for position in 0..words {
        if position > 0 {
            output.push(' ');
        }
        let word = vocabulary.sample_content_word(rng);
        if position == 0 {
            let mut characters = word.chars();
            if let Some(first) = characters.next() {
                output.extend(first.to_uppercase());
                output.push_str(characters.as_str());
            }
        } else {
            output.push_str(word);
        }
    }
}

/// Generates one document from its own seed.
pub fn generate_document(
    vocabularies: &Vocabularies,
    seed: u64,
    id: String,
    language: DocLang,
    kind: SyntheticKind,
) -> SyntheticDoc {
    let mut rng = SplitMix64::new(seed);
    let vocabulary = vocabularies.get(language);
    let mut title = String::new();
    let title_words = rng.between(3, 8);
    write_heading(&mut title, vocabulary, &mut rng, title_words);
    let (low, high) = kind.word_range();
    let target_words = rng.between(low, high);
    // Six bytes per word for English, about twelve for Cyrillic, plus spaces and punctuation.
    let mut text = String::with_capacity(target_words * if language == DocLang::En { 7 } else { 13 });
    text.push_str(&title);
    let words = title_words
        + write_body(&mut text, vocabulary, &mut rng, target_words, kind == SyntheticKind::Thesis);
    SyntheticDoc { id, title, language, kind, text, words }
}
