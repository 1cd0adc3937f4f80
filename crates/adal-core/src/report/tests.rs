//! Report tests: figures under each exclusion, categories, alerts and rendering.

use super::*;
use crate::compare::{detect, AlignmentConfig};
use crate::model::{DocumentFormat, ExtractedDocument, UiLang};
use crate::text::analyze;

const SOURCE: &str = "Академиялық адалдық қағидаттары жоғары оқу орындарының сапасын айқындайтын негізгі \
    көрсеткіштердің бірі болып табылады. Студенттердің өз бетінше жұмыс істеу дағдысы ғылыми жетекшінің \
    тұрақты бақылауы арқылы қалыптасады. Плагиатты анықтау жүйелері мәтіндердің ұқсастығын есептеп, \
    дереккөздерді көрсетеді.\n\nЕкінші абзацта университеттер мұндай жүйелерді дипломдық жұмыстарды \
    қорғауға дейін міндетті түрде қолданатыны айтылады және бұл талап министрліктің ережесінде бекітілген.";

fn submission_text() -> String {
    let (first, second) = SOURCE.split_once("\n\n").unwrap_or_default();
    format!(
        "Кіріспе бөлімінде зерттеудің өзектілігі мен мақсаты қысқаша баяндалады.\n\n{first}\n\n\
         Автор былай деп жазады: «{second}» [1].\n\nПайдаланылған әдебиеттер тізімі\n\n1. Иванов И. Кітап. 2019."
    )
}

fn build(same_author: bool) -> Report {
    build_from(submission_text(), SOURCE, same_author)
}

fn build_from(text: String, source: &str, same_author: bool) -> Report {
    let document = ExtractedDocument::plain(DocumentFormat::Txt, text.clone());
    let analyzed = analyze(&text);
    let source_analyzed = analyze(source);
    let detections = detect(&text, &analyzed, source, &source_analyzed, &AlignmentConfig::DEFAULT);
    build_report(ReportInput {
        title: "Тест".into(),
        document: &document,
        analyzed: &analyzed,
        sources: vec![SourceInfo {
            document_id: "demo-1".into(),
            title: "Дереккөз".into(),
            authors: "Сәрсенбаева А.".into(),
            year: Some(2020),
            kind: SourceKind::Article,
            external_ref: String::new(),
            same_author,
            shared_fingerprints: 10,
            text: source.into(),
            detections,
        }],
        exclusions: Exclusions::default(),
        provenance: Provenance {
            adal_version: "test".into(),
            corpus_documents: 1,
            corpus_version: 1,
            fingerprint_scheme: 1,
            candidates_considered: 1,
            parameters: String::new(),
            timings: Timings::default(),
        },
    })
}

#[test]
fn borrowing_and_citation_are_told_apart_and_shares_sum_to_100() {
    let report = build(false);
    let categories: Vec<PassageCategory> = report.passages.iter().map(|p| p.category).collect();
    assert_eq!(categories, [PassageCategory::Borrowing, PassageCategory::Citation], "{:?}", report.passages);
    let figures = report.figures;
    let sum = figures.borrowings + figures.citations + figures.self_citations + figures.originality;
    assert!((sum - 100.0).abs() < 1e-9, "{figures:?}");
    assert!(figures.borrowings > 30.0 && figures.citations > 20.0, "{figures:?}");
    assert_eq!(figures.similarity, figures.borrowings);
    assert!(report.bibliography.is_some());
}

#[test]
fn switching_exclusions_recomputes_from_the_stored_report() {
    let report = build(false);
    let mut stored = Report::from_json(&report.to_json()).expect("round trip");
    assert_eq!(stored, report);
    let before = stored.figures;
    stored.set_exclusions(Exclusions { quotes: false, ..Exclusions::default() });
    assert!(stored.figures.similarity > before.similarity + 20.0, "{:?}", stored.figures);
    stored.set_exclusions(Exclusions { excluded_sources: vec![0], ..Exclusions::default() });
    assert_eq!(stored.figures.similarity, 0.0);
    stored.set_exclusions(Exclusions { bibliography: false, ..Exclusions::default() });
    assert!(stored.figures.counted_words > before.counted_words);
    stored.set_exclusions(Exclusions { min_match_words: 10_000, ..Exclusions::default() });
    assert_eq!(stored.figures.similarity, 0.0);
    assert_eq!(stored.figures.originality, 100.0);
}

#[test]
fn same_author_sources_are_self_citations() {
    let report = build(true);
    assert_eq!(report.passages[0].category, PassageCategory::SelfCitation);
    assert_eq!(report.figures.similarity, 0.0);
    assert!(report.figures.self_citations > 30.0);
}

#[test]
fn html_is_self_contained_and_translated() {
    let report = build(false);
    for lang in UiLang::ALL {
        let html = render_html(&report, lang);
        assert!(html.contains("<mark id=\"p-1\""), "passage anchor");
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script src"));
        assert!(html.contains("@media print"));
        assert!(html.contains(&format!("lang=\"{}\"", lang.code())));
    }
    assert!(render_html(&report, UiLang::Kk).contains("Ұқсастық"));
    assert!(render_html(&report, UiLang::Ru).contains("Заимствования"));
}

#[test]
fn verbatim_passages_are_labelled() {
    let report = build(false);
    assert!(
        report.passages[0].rewriting.contains(&Rewriting::Verbatim),
        "{:?}",
        report.passages[0].rewriting
    );
}

#[test]
fn paraphrased_passages_are_labelled() {
    let source = "Исследователи отмечают, что после появления электронных каталогов посещаемость \
        читальных залов в крупных городах заметно снизилась, однако число выданных книг почти не \
        изменилось.";
    let submission = "Погода весной была переменчивой, и поездку пришлось отложить.\n\nЗаметно \
        снизилась посещаемость залов читальных в городах крупных после появления каталогов \
        электронных, отмечают исследователи, однако книг выданных число почти не изменилось.";
    let report = build_from(submission.to_string(), source, false);
    assert_eq!(report.passages.len(), 1, "{:?}", report.passages);
    assert!(
        report.passages[0].rewriting.contains(&Rewriting::Paraphrased),
        "{:?}",
        report.passages[0].rewriting
    );
    assert_eq!(labels::rewriting(Rewriting::Paraphrased).get(UiLang::En), "paraphrased");
}
