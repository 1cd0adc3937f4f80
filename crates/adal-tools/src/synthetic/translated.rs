//! Synthetic translated passages, for testing cross-language detection without the shared
//! evaluation data: a source text written in Russian or English from the words of a bilingual
//! dictionary, and a Kazakh submission that carries a word-for-word translation of some of its
//! sentences (Kazakh words in inflected forms, a share of the words dropped, as a post-edited
//! translation would) between sentences of unrelated Kazakh host text.
//!
//! The dictionary is the lexicon's translations ([`adal::text::lexicon::LexiconData`]): the
//! tests use a small one written by hand, or the Apertium dictionaries when they are present.

use super::rng::SplitMix64;
use adal::model::DocLang;
use adal::text::lexicon::LexiconData;

/// A source text, a Kazakh submission and where the translated passage lies in both (byte
/// ranges).
#[derive(Clone, Debug)]
pub struct TranslatedCase {
    pub source: String,
    pub submission: String,
    pub source_passage: std::ops::Range<usize>,
    pub submission_passage: std::ops::Range<usize>,
}

/// A made-up bilingual dictionary of the synthetic vocabularies: the Kazakh content words
/// (ranks 200 and beyond), each paired with the Russian and the English word of the same rank
/// and listed as a noun lemma. The words mean nothing; what matters is that a source and its
/// "translation" agree with the dictionary, as real ones do.
pub fn synthetic_dictionary(words: usize) -> LexiconData {
    use super::vocabulary::Vocabulary;
    use adal::text::lexicon::WordClass;
    let kazakh = Vocabulary::for_language(DocLang::Kk);
    let mut data = LexiconData::default();
    for language in [DocLang::Ru, DocLang::En] {
        let other = Vocabulary::for_language(language);
        for (kazakh_word, other_word) in kazakh.words().iter().zip(other.words()).skip(200).take(words) {
            data.add_kazakh_lemma(kazakh_word, WordClass::Noun);
            data.add_translation(language, kazakh_word, other_word);
        }
    }
    data
}

/// Kazakh case endings added to some translated words (the lemmatizer must see through them).
const ENDINGS: [&str; 6] = ["", "", "дың", "ға", "лар", "да"];

fn sentence(words: &[&str], rng: &mut SplitMix64, length: usize) -> Vec<usize> {
    (0..length).map(|_| rng.below(words.len())).collect()
}

fn capitalized(words: Vec<String>) -> String {
    let mut text = words.join(" ");
    if let Some(first) = text.chars().next() {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
    text.push('.');
    text
}

/// Makes one case: a source of `source_sentences` sentences in `language`, of which
/// `passage_sentences` consecutive ones are translated into Kazakh with `drop_share` of their
/// words left out, between `host_sentences` Kazakh sentences before and after. `None` when
/// the dictionary has fewer than 50 pairs for `language`.
pub fn make_translated_case(
    dictionary: &LexiconData,
    language: DocLang,
    seed: u64,
    source_sentences: usize,
    passage_sentences: usize,
    drop_share: f64,
    host_sentences: usize,
) -> Option<TranslatedCase> {
    let pairs: Vec<(&str, &str)> = dictionary
        .translations
        .get(&language)?
        .iter()
        .map(|(kk, other)| (kk.as_str(), other.as_str()))
        .collect();
    if pairs.len() < 50 {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let others: Vec<&str> = pairs.iter().map(|pair| pair.1).collect();
    let kazakh: Vec<&str> = pairs.iter().map(|pair| pair.0).collect();
    let passage_start = rng.below(source_sentences.saturating_sub(passage_sentences).max(1));
    let mut source = String::new();
    let mut submission = String::new();
    let mut source_passage = 0..0;
    let mut translated: Vec<String> = Vec::new();
    for index in 0..source_sentences {
        let length = 8 + rng.below(8);
        let chosen = sentence(&others, &mut rng, length);
        if index == passage_start {
            source_passage.start = source.len();
        }
        source.push_str(&capitalized(chosen.iter().map(|&word| others[word].to_string()).collect()));
        if (passage_start..passage_start + passage_sentences).contains(&index) {
            source_passage.end = source.len();
            let words: Vec<String> = chosen
                .iter()
                .filter_map(|&word| {
                    let kept = rng.next_f64() >= drop_share;
                    let ending = ENDINGS[rng.below(ENDINGS.len())];
                    kept.then(|| format!("{}{ending}", kazakh[word]))
                })
                .collect();
            translated.push(capitalized(words));
        }
        source.push_str("\n\n");
    }
    // Host text: Kazakh dictionary words in random sentences of another seed, unrelated.
    let host = |text: &mut String, rng: &mut SplitMix64| {
        for _ in 0..host_sentences {
            let length = 8 + rng.below(8);
            let chosen = sentence(&kazakh, rng, length);
            text.push_str(&capitalized(chosen.iter().map(|&word| kazakh[word].to_string()).collect()));
            text.push_str("\n\n");
        }
    };
    let mut host_rng = SplitMix64::derive(seed, 1);
    host(&mut submission, &mut host_rng);
    let submission_start = submission.len();
    submission.push_str(&translated.join("\n\n"));
    let submission_passage = submission_start..submission.len();
    submission.push_str("\n\n");
    host(&mut submission, &mut host_rng);
    Some(TranslatedCase { source, submission, source_passage, submission_passage })
}
