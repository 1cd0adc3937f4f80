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
    let (submission_tokens, source_tokens) = (analyze(submission).tokens, analyze(source).tokens);
    let language = |text: &str| crate::text::detect_language(text);
    let submission_concepts = concept_document(submission, &submission_tokens, language(submission), lexicon);
    let source_concepts = concept_document(source, &source_tokens, language(source), lexicon);
    detect_translated(
        (submission, &submission_tokens, &submission_concepts),
        (source, &source_tokens, &source_concepts),
        &TranslationConfig::DEFAULT,
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
