//! Cross-language alignment on hand-written Kazakh, Russian and English sentences with a small
//! dictionary written here.

use super::*;
use crate::text::analyze;
use crate::text::lexicon::{Lexicon, LexiconData, WordClass};

fn lexicon() -> Lexicon {
    let mut data = LexiconData::default();
    let words: [(&str, WordClass, &str, &str); 14] = [
        ("университет", WordClass::Noun, "университет", "university"),
        ("заманауи", WordClass::Adjective, "современный", "modern"),
        ("зертхана", WordClass::Noun, "лаборатория", "laboratory"),
        ("ұсын", WordClass::Verb, "предлагать", "offer"),
        ("оқу", WordClass::Noun, "учебный", "study"),
        ("бағдарлама", WordClass::Noun, "программа", "programme"),
        ("халықаралық", WordClass::Adjective, "международный", "international"),
        ("сәйкес", WordClass::Adjective, "соответствовать", "correspond"),
        ("кітапхана", WordClass::Noun, "библиотека", "library"),
        ("кітап", WordClass::Noun, "книга", "book"),
        ("мың", WordClass::Noun, "тысяча", "thousand"),
        ("студент", WordClass::Noun, "студент", "student"),
        ("ауа", WordClass::Noun, "погода", "weather"),
        ("көктем", WordClass::Noun, "весна", "spring"),
    ];
    for (kazakh, class, russian, english) in words {
        data.add_kazakh_lemma(kazakh, class);
        data.add_translation(DocLang::Ru, kazakh, russian);
        data.add_translation(DocLang::En, kazakh, english);
    }
    Lexicon::new(data)
}

const KAZAKH: &str = "Біздің қала туралы қысқаша мәлімет.\n\n\
    Университет студенттерге заманауи зертханаларды ұсынады.\n\n\
    Оқу бағдарламалары халықаралық стандарттарға сәйкес келеді.\n\n\
    Кітапханада он мың кітап бар.\n\n\
    Көктемде ауа райы жылы болды.\n";

const RUSSIAN: &str = "Университет предлагает студентам современные лаборатории.\n\n\
    Учебные программы соответствуют международным стандартам.\n\n\
    В библиотеке десять тысяч книг.\n";

const ENGLISH: &str = "The university offers students modern laboratories.\n\n\
    Study programmes correspond to international standards.\n\n\
    The library holds ten thousand books.\n";

fn detect(submission: &str, source: &str, lexicon: &Lexicon) -> Vec<Detection> {
    detect_with(submission, source, lexicon, None)
}

fn detect_with(
    submission: &str,
    source: &str,
    lexicon: &Lexicon,
    embedder: Option<&dyn SentenceEmbedder>,
) -> Vec<Detection> {
    let (submission_tokens, source_tokens) = (analyze(submission).tokens, analyze(source).tokens);
    let language = |text: &str| crate::text::detect_language(text);
    let submission_concepts = concept_document(submission, &submission_tokens, language(submission), lexicon);
    let source_concepts = concept_document(source, &source_tokens, language(source), lexicon);
    detect_translated(
        (submission, &submission_tokens, &submission_concepts),
        (source, &source_tokens, &source_concepts),
        &TranslationConfig::DEFAULT,
        embedder,
    )
}

fn passage_text(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

#[test]
fn kazakh_translation_of_a_russian_source_is_one_passage_with_its_sentence_pairs() {
    let lexicon = lexicon();
    let found = detect(KAZAKH, RUSSIAN, &lexicon);
    assert_eq!(found.len(), 1, "{found:?}");
    let detection = &found[0];
    assert!(passage_text(KAZAKH, detection.submission_span).starts_with("Университет студенттерге"));
    assert!(passage_text(KAZAKH, detection.submission_span).ends_with("кітап бар."));
    assert_eq!(passage_text(RUSSIAN, detection.source_span), RUSSIAN.trim_end());
    assert_eq!(detection.passage.found_by, FoundBy::Translation);
    let evidence = detection.translation.as_ref().expect("evidence");
    assert_eq!(evidence.source_language, DocLang::Ru);
    assert_eq!(evidence.sentence_pairs.len(), 3);
    let first = &evidence.sentence_pairs[0];
    let matched: Vec<&str> = first.source_words.iter().map(|span| passage_text(RUSSIAN, *span)).collect();
    assert!(matched.contains(&"лаборатории") && matched.contains(&"современные"), "{matched:?}");
    let matched: Vec<&str> = first.submission_words.iter().map(|span| passage_text(KAZAKH, *span)).collect();
    assert!(matched.contains(&"зертханаларды"), "{matched:?}");
}

#[test]
fn english_and_russian_meet_through_the_kazakh_pivot() {
    let lexicon = lexicon();
    let found = detect(RUSSIAN, ENGLISH, &lexicon);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].translation.as_ref().map(|evidence| evidence.source_language), Some(DocLang::En));
    let found = detect(KAZAKH, ENGLISH, &lexicon);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn one_matching_sentence_is_not_a_passage() {
    let lexicon = lexicon();
    let source = "Учебные программы соответствуют международным стандартам.\n\n\
        Погода весной была теплой и сухой, поездку отложили.\n";
    assert!(detect(KAZAKH, source, &lexicon).is_empty());
}

#[test]
fn unrelated_texts_share_no_passage() {
    let lexicon = lexicon();
    let source = "Весной погода была теплой.\n\nПоездку на озеро отложили до июня.\n\n\
        Дети играли во дворе до вечера.\n";
    assert!(detect(KAZAKH, source, &lexicon).is_empty());
}

#[test]
fn without_a_dictionary_little_is_found() {
    assert!(detect(KAZAKH, RUSSIAN, &Lexicon::default()).is_empty());
}

#[test]
fn a_monolingual_passage_inside_a_translated_one_widens_it() {
    let lexicon = lexicon();
    let translated = detect(KAZAKH, RUSSIAN, &lexicon);
    let mut inner = translated[0].clone();
    inner.translation = None;
    inner.passage.found_by = FoundBy::NGrams;
    inner.submission_span =
        Span::new(translated[0].submission_span.start, translated[0].submission_span.end + 5);
    let merged = merge_detections(vec![inner], translated.clone());
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].submission_span.end, translated[0].submission_span.end + 5);
    assert!(merged[0].translation.is_some());
}

#[test]
fn languages_differ_only_between_kazakh_russian_and_english() {
    assert!(languages_differ(DocLang::Kk, DocLang::Ru));
    assert!(!languages_differ(DocLang::Kk, DocLang::Kk));
    assert!(!languages_differ(DocLang::Other, DocLang::Ru));
}

/// A stand-in for a sentence embedding model: sentences naming one of `meanings` (any
/// language's keyword) get that meaning's unit vector; every other sentence gets a random
/// direction of its own (cosines with anything else near 0).
struct MeaningEmbedder {
    meanings: &'static [&'static [&'static str]],
}

impl SentenceEmbedder for MeaningEmbedder {
    fn embed(&self, sentences: &[&str]) -> Vec<Vec<f32>> {
        const DIMENSION: usize = 256;
        sentences
            .iter()
            .map(|sentence| {
                let meaning =
                    self.meanings.iter().position(|keywords| keywords.iter().any(|k| sentence.contains(k)));
                let mut vector: Vec<f32> = match meaning {
                    Some(meaning) => (0..DIMENSION).map(|i| f32::from(u8::from(i == meaning))).collect(),
                    None => (0..DIMENSION)
                        .map(|i| {
                            let hash = xxhash_rust::xxh3::xxh3_64(format!("{sentence}{i}").as_bytes());
                            (hash % 2001) as f32 / 1000.0 - 1.0
                        })
                        .collect(),
                };
                let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
                vector.iter_mut().for_each(|v| *v /= norm);
                vector
            })
            .collect()
    }
}

const RUSSIAN_WITH_SPRING: &str = "Университет предлагает студентам современные лаборатории.\n\n\
    Учебные программы соответствуют международным стандартам.\n\n\
    В библиотеке десять тысяч книг.\n\n\
    Весной стояла теплая погода.\n";

#[test]
fn the_model_extends_a_passage_over_a_sentence_the_dictionaries_miss() {
    let lexicon = lexicon();
    let without = detect(KAZAKH, RUSSIAN_WITH_SPRING, &lexicon);
    assert_eq!(without.len(), 1);
    assert!(passage_text(KAZAKH, without[0].submission_span).ends_with("кітап бар."));
    let model = MeaningEmbedder {
        meanings: &[
            &["Университет"],
            &["Оқу", "Учебные"],
            &["Кітапхана", "библиотеке"],
            &["Көктем", "Весной"],
        ],
    };
    let with = detect_with(KAZAKH, RUSSIAN_WITH_SPRING, &lexicon, Some(&model));
    assert_eq!(with.len(), 1, "{with:?}");
    assert!(passage_text(KAZAKH, with[0].submission_span).ends_with("жылы болды."), "{with:?}");
    assert_eq!(with[0].translation.as_ref().map(|evidence| evidence.sentence_pairs.len()), Some(4));
}

#[test]
fn the_model_rejects_sentence_pairs_that_share_words_but_not_meaning() {
    let lexicon = lexicon();
    assert_eq!(detect(KAZAKH, RUSSIAN, &lexicon).len(), 1);
    // Every sentence its own meaning: no pair is alike, whatever words they share.
    let model = MeaningEmbedder { meanings: &[] };
    assert!(detect_with(KAZAKH, RUSSIAN, &lexicon, Some(&model)).is_empty());
}
