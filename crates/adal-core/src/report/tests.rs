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
        let html = render_html(&report, lang).expect("rendered");
        assert!(html.contains("<a class=\"hl src-0\" href=\"#pp-1\""), "passage highlight: {html}");
        assert!(html.contains(" id=\"p-1\"") && html.contains("id=\"pp-1\""), "passage anchors");
        assert!(html.contains("<mark class=\"shared\">"), "shared words marked side by side");
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script src"));
        assert!(html.contains("@media print"));
        assert!(html.contains(&format!("lang=\"{}\"", lang.code())));
    }
    assert!(render_html(&report, UiLang::Kk).expect("rendered").contains("Ұқсастық"));
    assert!(render_html(&report, UiLang::Ru).expect("rendered").contains("Заимствования"));
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

/// The first passage of `build(false)` dressed as a translation: two sentence pairs whose
/// submission and source spans are the passage's first two sentences, with one matched word each.
fn as_translation(report: &mut Report) {
    let passage = &mut report.passages[0];
    passage.rewriting = vec![Rewriting::Translated];
    let text: Vec<char> = report.text.chars().collect();
    let start = passage.submission_span.start;
    let first_end = start + text[start as usize..].iter().position(|&c| c == '.').unwrap_or(0) as u32 + 1;
    let source_start = passage.source_span.start;
    let source_first_end =
        source_start + passage.source_text.chars().position(|c| c == '.').unwrap_or(0) as u32 + 1;
    let word = |from: u32| CharSpan { start: from, end: from + 11 };
    passage.translation = Some(PassageTranslation {
        source_language: crate::model::DocLang::Ru,
        sentence_pairs: vec![
            SentencePair {
                submission_span: CharSpan { start, end: first_end },
                source_span: CharSpan { start: source_start, end: source_first_end },
                submission_words: vec![word(start)],
                source_words: vec![word(source_start)],
            },
            SentencePair {
                submission_span: CharSpan { start: first_end + 1, end: passage.submission_span.end },
                source_span: CharSpan { start: source_first_end + 1, end: passage.source_span.end },
                submission_words: Vec::new(),
                source_words: Vec::new(),
            },
        ],
    });
}

#[test]
fn translated_passages_are_shown_sentence_by_sentence_with_matched_words() {
    let mut report = build(false);
    assert!(view::aligned_pairs(&report, &report.passages[0]).is_none(), "not a translation");
    as_translation(&mut report);
    let passage = &report.passages[0];
    let pairs = view::aligned_pairs(&report, passage).expect("a translation");
    assert_eq!(pairs.len(), 2);
    let joined =
        |pieces: &[view::MarkedPiece]| pieces.iter().map(|piece| piece.text.as_str()).collect::<String>();
    assert_eq!(joined(&pairs[0].submission), "Академиялық адалдық қағидаттары жоғары оқу орындарының сапасын айқындайтын негізгі көрсеткіштердің бірі болып табылады.");
    assert_eq!(
        joined(&pairs[0].source),
        joined(&pairs[0].submission),
        "the source side is cut from source_text"
    );
    let marked: Vec<&str> =
        pairs[0].source.iter().filter(|piece| piece.shared).map(|piece| piece.text.as_str()).collect();
    assert_eq!(marked, ["Академиялық"]);
    assert!(joined(&pairs[1].source).starts_with("Студенттердің"), "{:?}", pairs[1].source);
    assert!(pairs[1].submission.iter().all(|piece| !piece.shared));
    let html = render_html(&report, UiLang::En).expect("rendered");
    assert!(html.contains("translated from Russian"), "the passage names the source's language");
    assert!(
        html.contains("<table class=\"aligned-pairs\"")
            && html.contains("<td><mark class=\"shared\">Академиялық</mark>"),
        "pairs row by row: {html}"
    );
    assert!(render_html(&report, UiLang::Kk).expect("rendered").contains("орыс тілінен аударылған"));
}

#[test]
fn the_cross_language_switch_leaves_translated_passages_out_of_the_figures() {
    let mut report = build(false);
    as_translation(&mut report);
    report.set_exclusions(Exclusions::default());
    let on = report.figures;
    assert!(on.borrowings > 30.0, "{on:?}");
    let mut stored = Report::from_json(&report.to_json()).expect("round trip");
    stored.set_exclusions(Exclusions { cross_language: false, ..Exclusions::default() });
    assert_eq!(stored.figures.borrowings, 0.0, "{:?}", stored.figures);
    assert_eq!(stored.figures.citations, on.citations, "other passages still count");
    assert!(render_html(&stored, UiLang::Ru)
        .expect("rendered")
        .contains("Межъязыковая проверка для этого отчёта отключена"));
    let mut old: serde_json::Value = serde_json::from_str(&report.to_json()).expect("json");
    old["exclusions"].as_object_mut().expect("exclusions").remove("cross_language").expect("written");
    let old_json = old.to_string();
    assert!(
        Report::from_json(&old_json).expect("a report stored before the switch").exclusions.cross_language
    );
}

#[test]
fn a_damaged_alert_span_is_listed_and_marks_nothing() {
    let mut report = build(false);
    let damaged = CharSpan { start: 30, end: 10 };
    report.alerts.push(ReportAlert { kind: AlertKind::Homoglyph, span: damaged, count: 1, passage: None });
    let html = render_html(&report, UiLang::En).expect("rendered");
    let number = report.alerts.len();
    assert!(html.contains(&format!(">№{number}</a>")), "listed by its number");
    assert!(!html.contains(&format!("id=\"a-{}\"", number - 1)), "nothing marked in the text");
}
