//! The report page: the submission text with every passage highlighted in its source's colour,
//! the sources panel with shares and switches, the alerts panel with anchors into the text, a
//! side-by-side view of each passage and its source, and the supervisor's decision form.
//!
//! The report is read with `app::reviews::report_page` (access, students' visibility setting,
//! recorded exclusions applied); switching an exclusion calls the API's `exclude`, which
//! recomputes the figures from the stored report.

use super::theses::{decision_context, thesis_view};
use crate::app::reviews::{report_page, switch_exclusions, ExclusionSwitches};
use crate::http::state::AppState;
use crate::model::{CharIndex, UiLang};
use crate::report::labels as report_labels;
use crate::report::{view, AlertKind, Report};
use crate::web::i18n::{format_count, format_percent, format_time, msg_with};
use crate::web::Page;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::{json, Value};

/// Source colours: `.src-0` … `.src-11` in the stylesheet.
const N_COLOURS: u32 = 12;

/// The anchor of an alert in the text, or `None` for alerts about the whole document.
fn alert_anchor(index: usize, kind: AlertKind) -> Option<String> {
    view::is_marked_in_text(kind).then(|| format!("a-{index}"))
}

/// The text cut once by `report::view`, each piece with its passage (by the number readers
/// see) and alert.
fn segments(report: &Report, lang: UiLang) -> Vec<Value> {
    view::text_segments(report)
        .into_iter()
        .map(|segment| {
            let alert_anchor =
                segment.alert.filter(|_| segment.alert_starts).map(|(index, _)| format!("a-{index}"));
            let mut piece = json!({ "text": segment.text, "alert": segment.alert.is_some(),
                                    "alert_anchor": alert_anchor, "has_passage": false });
            if let Some(passage) = segment.passage {
                let label = view::passage_label(passage);
                let source_title = report
                    .sources
                    .iter()
                    .find(|source| source.number == passage.source)
                    .map(|source| source.title.as_str())
                    .unwrap_or_default();
                let title = format!(
                    "№{label} · {} {}: {source_title} · {}",
                    report_labels::SOURCE.get(lang),
                    view::source_label(passage.source),
                    report_labels::category(passage.category).get(lang)
                );
                piece["has_passage"] = json!(true);
                piece["passage"] = json!(label);
                piece["source"] = json!(passage.source);
                piece["colour"] = json!(passage.source % N_COLOURS);
                piece["off"] = json!(!report.exclusions.keeps(passage));
                piece["translated"] = json!(passage.translation.is_some());
                piece["anchor"] = json!(segment.passage_starts.then(|| format!("p-{label}")));
                piece["title"] = json!(title);
                piece["citation"] = json!(passage.category != crate::report::PassageCategory::Borrowing);
                piece["source_label"] = json!(view::source_label(passage.source));
            }
            piece
        })
        .collect()
}

fn figures_view(report: &Report, lang: UiLang) -> Value {
    let figures = &report.figures;
    json!({
        "similarity": format_percent(lang, figures.similarity), "borrowings": format_percent(lang, figures.borrowings),
        "citations": format_percent(lang, figures.citations), "self_citations": format_percent(lang, figures.self_citations),
        "originality": format_percent(lang, figures.originality),
        "sc1": format_percent(lang, figures.sc1), "sc2": format_percent(lang, figures.sc2),
        "sc1_label": report_labels::SC1.get(lang), "sc2_label": report_labels::SC2.get(lang),
        "counted_words": format_count(lang, u64::from(figures.counted_words)),
    })
}

fn sources_view(report: &Report, lang: UiLang) -> Vec<Value> {
    report
        .sources
        .iter()
        .map(|source| {
            json!({
                "number": source.number, "number_label": view::source_label(source.number), "document_id": source.document_id,
                "title": source.title, "authors": source.authors, "year": source.year,
                "kind": report_labels::source_kind(source.kind).get(lang),
                "share": format_percent(lang, source.share_percent),
                "excluded": report.exclusions.excluded_sources.contains(&source.number),
                "colour": source.number % N_COLOURS,
            })
        })
        .collect()
}

/// The alerts, and the same grouped by kind (in the order kinds first appear), each with the
/// marked text as the link to it.
fn alerts_view(report: &Report, lang: UiLang) -> (Vec<Value>, Vec<Value>) {
    let chars = CharIndex::new(&report.text);
    let n_chars = chars.char_len();
    let mut alerts = Vec::new();
    let mut groups: Vec<(AlertKind, Vec<Value>)> = Vec::new();
    for (index, alert) in report.alerts.iter().enumerate() {
        let anchor = alert_anchor(index, alert.kind).unwrap_or_else(|| "submission-text".to_string());
        let (start, end) = ((alert.span.start as usize).min(n_chars), (alert.span.end as usize).min(n_chars));
        let marked: String = report.text[chars.byte_offset(start)..chars.byte_offset(end)]
            .chars()
            .filter(|character| !character.is_control())
            .take(40)
            .collect();
        let snippet =
            if marked.trim().is_empty() { format!("№{}", index + 1) } else { marked.trim().to_string() };
        let count = alert.count.to_string();
        let item = json!({ "anchor": anchor, "label": report_labels::alert(alert.kind).get(lang), "snippet": snippet,
                           "detail": msg_with(lang, "alert_count", &[("count", &count)]) });
        match groups.iter_mut().find(|(kind, _)| *kind == alert.kind) {
            Some((_, items)) => items.push(item.clone()),
            None => groups.push((alert.kind, vec![item.clone()])),
        }
        alerts.push(item);
    }
    let groups = groups
        .into_iter()
        .map(|(kind, items)| json!({ "label": report_labels::alert(kind).get(lang), "items": items }))
        .collect();
    (alerts, groups)
}

fn passages_view(report: &Report, lang: UiLang) -> Vec<Value> {
    report
        .passages
        .iter()
        .map(|passage| {
            let text = view::passage_text(report, passage);
            let (submission_marked, source_marked) =
                view::shared_words(text, &passage.source_text, report.submission.language);
            let pieces = |marked: Vec<view::MarkedPiece>| -> Vec<Value> {
                marked.into_iter().map(|piece| json!({ "text": piece.text, "shared": piece.shared })).collect()
            };
            let source_title = report
                .sources
                .iter()
                .find(|source| source.number == passage.source)
                .map(|source| format!("{}. {}", view::source_label(source.number), source.title))
                .unwrap_or_default();
            let rewriting: Vec<&str> =
                report_labels::passage_rewritings(passage).iter().map(|label| label.get(lang)).collect();
            let pairs: Option<Vec<Value>> = view::aligned_pairs(report, passage).map(|pairs| {
                pairs
                    .into_iter()
                    .map(|pair| json!({ "submission": pieces(pair.submission), "source": pieces(pair.source) }))
                    .collect()
            });
            let words = passage.words().to_string();
            json!({
                "number": view::passage_label(passage), "source": passage.source, "id": passage.number,
                "excluded": !report.exclusions.keeps(passage), "translated": passage.translation.is_some(),
                "pairs": pairs,
                "colour": passage.source % N_COLOURS, "source_title": source_title,
                "words": msg_with(lang, "words_n", &[("n", &words)]),
                "category": report_labels::category(passage.category).get(lang),
                "rewriting": rewriting.join(", "), "submission_text": text, "source_text": passage.source_text,
                "submission_pieces": pieces(submission_marked), "source_pieces": pieces(source_marked),
            })
        })
        .collect()
}

/// `GET /versions/{id}/report`.
pub async fn report(State(state): State<AppState>, page: Page, Path(version_id): Path<u64>) -> Response {
    let result = async {
        let current = page.user()?.clone();
        let lang = page.lang;
        let facts = state.run(move |services| report_page(services, &current.user, version_id)).await?;
        let (report, thesis, version) = (&facts.report, &facts.thesis, &facts.version);
        let (can_decide, threshold_note) = decision_context(&state, &page, thesis)?;
        let (alerts, alert_groups) = alerts_view(report, lang);
        page.render(
            &state,
            "report.html",
            json!({
                "thesis": thesis_view(&state, thesis, lang, true),
                "version": { "id": version.id, "number": version.number, "file_name": version.file_name },
                "checked_at": format_time(lang, facts.check.created_at),
                "figures": figures_view(report, lang), "above": facts.above_threshold,
                "segments": segments(report, lang), "sources": sources_view(report, lang),
                "alerts": alerts, "alert_groups": alert_groups, "passages": passages_view(report, lang),
                "exclusions": exclusions_view(report), "can_exclude": facts.can_exclude,
                "can_decide": can_decide && facts.is_current, "threshold_note": threshold_note,
                "decision": super::theses::decision_form(&state, thesis)?,
                "provenance": provenance_text(report, lang),
            }),
        )
    }
    .await;
    page.finish(result)
}

/// The exclusion switches as the report has them.
fn exclusions_view(report: &Report) -> Value {
    let exclusions = &report.exclusions;
    let has_translations =
        !exclusions.cross_language || report.passages.iter().any(|passage| passage.translation.is_some());
    json!({ "quotes": exclusions.quotes, "bibliography": exclusions.bibliography,
            "min_match_words": exclusions.min_match_words.max(1), "small": exclusions.min_match_words > 1,
            "cross_language": exclusions.cross_language, "has_translations": has_translations })
}

/// Which Adal, which corpus, how long: the report's provenance in a sentence.
fn provenance_text(report: &Report, lang: UiLang) -> String {
    let provenance = &report.provenance;
    let seconds = crate::web::i18n::format_decimal(lang, provenance.timings.total_ms / 1000.0);
    msg_with(
        lang,
        "provenance",
        &[
            ("version", &provenance.adal_version),
            ("documents", &format_count(lang, provenance.corpus_documents)),
            ("corpus", &provenance.corpus_version.to_string()),
            ("seconds", &seconds),
        ],
    )
}

/// `POST /theses/{id}/exclusions` (the switches without JavaScript): the API's `exclude` with
/// the sources whose switch changed and the options as the form has them.
pub async fn exclusions(
    State(state): State<AppState>,
    page: Page,
    Path(thesis_id): Path<u64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
        let values = |name: &str| -> Vec<String> {
            fields.iter().filter(|(key, _)| key == name).map(|(_, value)| value.clone()).collect()
        };
        let current = page.verified_user(&state, field("csrf_token").unwrap_or_default())?;
        let min_words =
            field("min_match_words").and_then(|value| value.trim().parse::<u32>().ok()).unwrap_or(8);
        let switches = ExclusionSwitches {
            shown_sources: values("all_sources"),
            counted_sources: values("count_source"),
            quotes: field("quotes").is_some(),
            bibliography: field("bibliography").is_some(),
            min_match_words: if field("small").is_some() { min_words.max(1) } else { 1 },
            cross_language: field("cross_language_shown").map(|_| field("cross_language").is_some()),
            reason: field("reason").unwrap_or_default().to_string(),
        };
        let version = state
            .run(move |services| switch_exclusions(services, &current.user, thesis_id, switches))
            .await?;
        Ok(Redirect::to(&format!("/versions/{version}/report?flash=exclusions")).into_response())
    }
    .await;
    page.finish(result)
}
