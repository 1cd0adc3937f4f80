//! Cross-language detection end to end, without the shared data: synthetic translated passages
//! ([`adal_tools::synthetic::translated`]) from a made-up dictionary are found with their sources
//! and their passages, reported as translated with their evidence, and retrieved through the
//! corpus index; unrelated texts in another language are not. With the Apertium dictionaries
//! of `../shared/lexicons`, the same is checked on real words.
//!
//! The lexicon is process-wide (`adal::text::lexicon::install`), so these tests live in their
//! own test binary and all install the same one.

use adal::compare::{stems_of, AlignmentConfig, Detection, FoundBy};
use adal::model::DocLang;
use adal::text::lexicon::{install, Lexicon, LexiconData};
use adal::text::{analyze, detect_language};
use adal::xlang::{concept_document, detect_all};
use adal_tools::synthetic::translated::{make_translated_case, synthetic_dictionary, TranslatedCase};
use std::sync::{Arc, OnceLock};

fn dictionary() -> &'static LexiconData {
    static DICTIONARY: OnceLock<LexiconData> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let data = synthetic_dictionary(3_000);
        install(Arc::new(Lexicon::new(data.clone())));
        data
    })
}

fn detect(submission: &str, source: &str) -> Vec<Detection> {
    let lexicon = adal::text::lexicon::active();
    let prepare = |text: &str| {
        let analyzed = analyze(text);
        let stems = stems_of(text, &analyzed);
        let concepts = concept_document(text, &analyzed.tokens, detect_language(text), &lexicon);
        (analyzed, stems, concepts)
    };
    let (submission_analyzed, submission_stems, submission_concepts) = prepare(submission);
    let (source_analyzed, source_stems, source_concepts) = prepare(source);
    detect_all(
        ((submission, &submission_analyzed, &submission_stems), Some(&submission_concepts)),
        ((source, &source_analyzed, &source_stems), Some(&source_concepts)),
        &AlignmentConfig::DEFAULT,
        None,
    )
}

/// Share of `truth` covered by the detections' spans on one side.
fn covered(truth: &std::ops::Range<usize>, spans: impl Iterator<Item = (usize, usize)>) -> f64 {
    let inside: usize =
        spans.map(|(start, end)| end.min(truth.end).saturating_sub(start.max(truth.start))).sum();
    inside as f64 / truth.len().max(1) as f64
}

/// Checks one case and returns the share of its passage found (submission and source side).
fn check_case(case: &TranslatedCase, language: DocLang) -> (f64, f64) {
    let found = detect(&case.submission, &case.source);
    assert!(!found.is_empty(), "nothing found in\n{}", case.submission);
    for detection in &found {
        assert_eq!(detection.passage.found_by, FoundBy::Translation);
        let evidence = detection.translation.as_ref().expect("evidence");
        assert_eq!(evidence.source_language, language);
        assert!(evidence.sentence_pairs.iter().all(|pair| !pair.submission_words.is_empty()));
        assert!(detection.submission_span.start >= case.submission_passage.start.saturating_sub(2));
        assert!(detection.submission_span.end <= case.submission_passage.end + 2, "{detection:?}");
    }
    let submission_recall = covered(
        &case.submission_passage,
        found.iter().map(|detection| (detection.submission_span.start, detection.submission_span.end)),
    );
    let source_recall = covered(
        &case.source_passage,
        found.iter().map(|detection| (detection.source_span.start, detection.source_span.end)),
    );
    assert!(submission_recall > 0.5 && source_recall > 0.5, "{submission_recall} {source_recall}");
    (submission_recall, source_recall)
}

#[test]
fn synthetic_translations_from_russian_and_english_are_found_with_exact_spans() {
    let data = dictionary();
    let mut recalls = Vec::new();
    for language in [DocLang::Ru, DocLang::En] {
        for seed in 0..6 {
            let drop_share = if seed % 2 == 0 { 0.0 } else { 0.2 };
            let case = make_translated_case(data, language, seed, 12, 3 + seed as usize % 3, drop_share, 6)
                .expect("the synthetic dictionary is large enough");
            recalls.push(check_case(&case, language));
        }
    }
    // A translated sentence at a passage's edge that shares too little is left out, as in
    // real post-edited translations; on average nearly all of every passage is found.
    let mean = |side: fn(&(f64, f64)) -> f64| recalls.iter().map(side).sum::<f64>() / recalls.len() as f64;
    assert!(mean(|recall| recall.0) > 0.9 && mean(|recall| recall.1) > 0.9, "{recalls:?}");
}

#[test]
fn a_text_in_another_language_without_a_translation_is_no_source() {
    let data = dictionary();
    for seed in 0..6 {
        let case = make_translated_case(data, DocLang::Ru, seed, 12, 3, 0.0, 6).expect("case");
        let other = make_translated_case(data, DocLang::Ru, seed + 100, 12, 3, 0.0, 6).expect("case");
        assert!(detect(&case.submission, &other.source).is_empty());
    }
}

#[test]
fn the_report_names_the_translated_passage_with_its_language_and_sentence_pairs() {
    use adal::model::{DocumentFormat, ExtractedDocument};
    use adal::report::{
        build_report, Exclusions, Provenance, ReportInput, Rewriting, SourceInfo, SourceKind,
    };
    let case = make_translated_case(dictionary(), DocLang::Ru, 3, 10, 4, 0.1, 5).expect("case");
    let detections = detect(&case.submission, &case.source);
    assert!(!detections.is_empty());
    let document = ExtractedDocument::plain(DocumentFormat::Txt, case.submission.clone());
    let analyzed = analyze(&case.submission);
    let report = build_report(ReportInput {
        title: "translated".into(),
        document: &document,
        analyzed: &analyzed,
        sources: vec![SourceInfo {
            document_id: "ru-source".into(),
            title: "Russian source".into(),
            authors: String::new(),
            year: None,
            kind: SourceKind::Article,
            external_ref: String::new(),
            same_author: false,
            shared_fingerprints: 0,
            text: case.source.clone(),
            detections,
        }],
        exclusions: Exclusions::default(),
        provenance: Provenance {
            adal_version: "test".into(),
            corpus_documents: 1,
            corpus_version: 1,
            fingerprint_scheme: adal::fingerprint::SCHEME_VERSION,
            candidates_considered: 1,
            parameters: String::new(),
            timings: Default::default(),
        },
    });
    let passage = &report.passages[0];
    assert!(passage.rewriting.contains(&Rewriting::Translated), "{:?}", passage.rewriting);
    let translation = passage.translation.as_ref().expect("translation");
    assert_eq!(translation.source_language, DocLang::Ru);
    assert!(!translation.sentence_pairs.is_empty());
    assert!(report.figures.similarity > 10.0, "it counts like a borrowing: {:?}", report.figures);
    let json = report.to_json();
    assert!(json.contains("\"translated\"") && json.contains("\"source_language\": \"ru\""));
    let reread = adal::report::Report::from_json(&json).expect("reads back");
    assert_eq!(reread, report);
}

#[test]
fn the_index_retrieves_the_source_of_a_translation_by_concept_pairs() {
    use adal::index::{CorpusIndex, DocumentMeta};
    use adal::pipeline::ingest::document_from_text;
    let data = dictionary();
    let index = CorpusIndex::create_in_ram().expect("index");
    let mut cases = Vec::new();
    let mut documents = Vec::new();
    for seed in 0..8 {
        let case = make_translated_case(data, DocLang::Ru, seed, 14, 4, 0.1, 6).expect("case");
        let id = format!("ru-{seed}");
        documents.push(document_from_text(DocumentMeta::new(id.as_str(), id.as_str()), case.source.clone()));
        cases.push((id, case));
    }
    index.add_documents(documents).expect("add");
    let mut retrieved = 0;
    for (id, case) in &cases {
        let tokens = analyze(&case.submission).tokens;
        let request = adal::pipeline::retrieval::RetrievalRequest {
            text: &case.submission,
            tokens: &tokens,
            excluded_document_ids: &[],
            max_sources: None,
            concepts: None,
        };
        let candidates = adal::pipeline::retrieval::candidates_of(&index, &[request]).expect("candidates");
        retrieved += usize::from(candidates[0].iter().any(|candidate| &candidate.doc_id == id));
        assert!(candidates[0].iter().all(|candidate| candidate.doc_id.starts_with("ru-")));
    }
    assert!(retrieved >= 6, "{retrieved} of 8 sources retrieved");
}
