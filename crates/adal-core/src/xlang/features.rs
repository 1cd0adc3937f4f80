//! A document as sentences of language-neutral word features, the representation translated
//! text is compared in.
//!
//! Each content word (not a stop word of its language, at least three letters, not a formula
//! word) gets a small set of features:
//! - its **concepts** ([`crate::text::lexicon::concepts`]): a Kazakh word lemmatized with the
//!   lexicon, a Russian or English word by its Snowball stem, looked up in the table the
//!   bilingual dictionaries made;
//! - its **cognate skeleton** ([`super::skeleton`]): loanwords, terms and names written alike.
//!
//! Every word with digits is a **number** feature (its digits), a language-neutral anchor like
//! names and loanwords.
//!
//! Features are 64-bit hashes tagged by kind, so a concept id never meets a skeleton by chance.

use super::skeleton::skeleton;
use crate::compare::TokenRange;
use crate::model::{DocLang, Span};
use crate::text::chars::is_letter;
use crate::text::lexicon::{canonical_stem_hash, stem_class_key, Lexicon};
use crate::text::stem::{is_stop_word, word_language, StemMemo};
use crate::text::Token;
use xxhash_rust::xxh3::xxh3_64;

/// What a feature stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    Concept,
    Skeleton,
    Number,
}

fn feature(kind: FeatureKind, value: u64) -> u64 {
    let salt: u64 = match kind {
        FeatureKind::Concept => 0x434f_4e43_4550_5401,
        FeatureKind::Skeleton => 0x534b_454c_4554_4f02,
        FeatureKind::Number => 0x4e55_4d42_4552_5303,
    };
    xxh3_64(&(value ^ salt).to_le_bytes())
}

/// The hash of a concept id as a feature.
pub fn concept_feature(concept: u32) -> u64 {
    feature(FeatureKind::Concept, u64::from(concept))
}

/// One word (or number) with features.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeatureWord {
    /// Bytes of the word or number in the text.
    pub span: Span,
    /// Range of its features in [`ConceptDocument::features`].
    pub features: std::ops::Range<u32>,
    /// True when the word has a concept (a dictionary knows it).
    pub has_concept: bool,
    /// How many of its features (the first ones) are concepts.
    pub concept_count: u8,
    /// True for a number (a word with digits).
    pub number: bool,
}

/// A document's sentences and the featured words of each.
#[derive(Clone, Debug, Default)]
pub struct ConceptDocument {
    pub language: Option<DocLang>,
    pub sentences: Vec<TokenRange>,
    /// Per sentence, the range of its words in `words`.
    pub sentence_words: Vec<std::ops::Range<u32>>,
    pub words: Vec<FeatureWord>,
    pub features: Vec<u64>,
    /// Content words that have no feature at all, per sentence (they still make a sentence
    /// longer, so a short overlap in a long sentence weighs little).
    pub featureless: Vec<u32>,
    /// Each sentence's features and their sentence frequencies, made on first use: a
    /// submission is aligned with many candidate sources, and this part does not depend on
    /// the source.
    sentence_features: std::sync::OnceLock<SentenceFeatures>,
}

/// Per sentence, its features sorted and without repeats; and in how many sentences each
/// feature occurs.
#[derive(Clone, Debug, Default)]
pub(crate) struct SentenceFeatures {
    pub(crate) per_sentence: Vec<Vec<u64>>,
    pub(crate) frequency: crate::compare::stem_maps::KeyMap<u32>,
}

impl ConceptDocument {
    /// The featured words of a sentence.
    pub fn words_of(&self, sentence: usize) -> &[FeatureWord] {
        let range = &self.sentence_words[sentence];
        &self.words[range.start as usize..range.end as usize]
    }

    /// Each sentence's features and their sentence frequencies (computed once).
    pub(crate) fn sentence_features(&self) -> &SentenceFeatures {
        self.sentence_features.get_or_init(|| {
            let mut frequency = crate::compare::stem_maps::KeyMap::default();
            let per_sentence: Vec<Vec<u64>> = (0..self.sentences.len())
                .map(|sentence| {
                    let mut features: Vec<u64> = self
                        .words_of(sentence)
                        .iter()
                        .flat_map(|word| self.features_of(word))
                        .copied()
                        .collect();
                    features.sort_unstable();
                    features.dedup();
                    for feature in &features {
                        *frequency.entry(*feature).or_default() += 1;
                    }
                    features
                })
                .collect();
            SentenceFeatures { per_sentence, frequency }
        })
    }

    /// The features of a word.
    pub fn features_of(&self, word: &FeatureWord) -> &[u64] {
        &self.features[word.features.start as usize..word.features.end as usize]
    }

    /// Content words (numbers left out) that have a concept, and content words in all.
    pub fn concept_coverage(&self) -> (usize, usize) {
        let with_concept = self.words.iter().filter(|word| word.has_concept).count();
        let featureless: u32 = self.featureless.iter().sum();
        let numbers = self.words.iter().filter(|word| word.number).count();
        (with_concept, self.words.len() + featureless as usize - numbers)
    }
}

/// The language a document is compared in: Kazakh, Russian or English; `None` for others.
pub fn comparable_language(language: DocLang) -> Option<DocLang> {
    matches!(language, DocLang::Kk | DocLang::Ru | DocLang::En).then_some(language)
}

/// Builds the concept representation of a tokenized text of `language` with `lexicon`.
pub fn concept_document(
    text: &str,
    tokens: &[Token],
    language: DocLang,
    lexicon: &Lexicon,
) -> ConceptDocument {
    let mut document =
        ConceptDocument { language: comparable_language(language), ..ConceptDocument::default() };
    document.sentences = super::units::units(text, tokens);
    let concepts = lexicon.concepts();
    let mut memo = StemMemo::new(lexicon);
    let mut lower = String::new();
    let mut canonical = String::new();
    let units = document.sentences.clone();
    for (unit_index, sentence) in units.iter().enumerate() {
        let first_word = document.words.len() as u32;
        let mut featureless = 0u32;
        for index in sentence.start..sentence.end {
            let span = tokens[index as usize].span;
            let word = text.get(span.start..span.end).unwrap_or_default();
            let start = document.features.len() as u32;
            lower.clear();
            lower.extend(word.chars().filter(|&letter| is_letter(letter)).flat_map(char::to_lowercase));
            let word_language = word_language(&lower, language);
            if lower.chars().count() < 3 || is_stop_word(&lower, word_language) {
                continue;
            }
            let stem = memo.stem(&lower, word_language);
            let key = stem_class_key(canonical_stem_hash(stem), word_language);
            let word_concepts = concepts.concepts_of(key);
            document.features.extend(word_concepts.iter().map(|&concept| concept_feature(concept)));
            if let Some(letters) = skeleton(&lower, &mut canonical) {
                let mut value = 0u64;
                for letter in letters {
                    value = value << 8 | u64::from(letter);
                }
                document.features.push(feature(FeatureKind::Skeleton, value));
            }
            let end = document.features.len() as u32;
            if end == start {
                featureless += 1;
                continue;
            }
            document.words.push(FeatureWord {
                span,
                features: start..end,
                has_concept: !word_concepts.is_empty(),
                concept_count: word_concepts.len() as u8,
                number: false,
            });
        }
        // Digits are no tokens: the unit's numbers are read from its bytes.
        let (unit_start, unit_end) = unit_bytes(text, tokens, &units, unit_index);
        let mut run_start: Option<usize> = None;
        let bytes = text.as_bytes();
        for position in unit_start..=unit_end {
            let digit = position < unit_end && bytes[position].is_ascii_digit();
            match (digit, run_start) {
                (true, None) => run_start = Some(position),
                (false, Some(first)) => {
                    run_start = None;
                    if let Ok(number) = text[first..position].parse::<u64>() {
                        let start = document.features.len() as u32;
                        document.features.push(feature(FeatureKind::Number, number));
                        document.words.push(FeatureWord {
                            span: Span::new(first, position),
                            features: start..start + 1,
                            has_concept: false,
                            concept_count: 0,
                            number: true,
                        });
                    }
                }
                _ => {}
            }
        }
        document.sentence_words.push(first_word..document.words.len() as u32);
        document.featureless.push(featureless);
    }
    document
}

/// The bytes of a unit, for reading its numbers: from where the previous unit ended (its last
/// word, then up to the first line break or sentence-final mark after it) to where this one
/// ends in the same way; the first unit starts at the text's start, the last ends at its end.
fn unit_bytes(
    text: &str,
    tokens: &[Token],
    units: &[crate::compare::TokenRange],
    unit: usize,
) -> (usize, usize) {
    let boundary_after = |unit: usize| -> usize {
        let Some(range) = units.get(unit) else { return text.len() };
        let last_end = tokens[range.end as usize - 1].span.end;
        let next_start =
            units.get(unit + 1).map_or(text.len(), |next| tokens[next.start as usize].span.start);
        let gap = text.get(last_end..next_start).unwrap_or_default();
        let mark = gap
            .char_indices()
            .find(|&(_, character)| matches!(character, '\n' | '.' | '!' | '?' | ';' | '…'))
            .map_or(gap.len(), |(offset, _)| offset);
        last_end + mark
    };
    let start = if unit == 0 { 0 } else { boundary_after(unit - 1) };
    let end = if unit + 1 == units.len() { text.len() } else { boundary_after(unit) };
    (start, end.max(start))
}
