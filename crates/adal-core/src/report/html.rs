//! The self-contained HTML report: no external assets, print-ready.
//!
//! The submission text is shown with each passage highlighted in its source's colour and
//! anchored (`#p-N`), next to a sources panel, the four shares, a side-by-side view of every
//! passage, the alerts (anchored `#a-N` in the text) and the exclusions applied.

use super::labels as l;
use super::numbers;
use super::view;
use super::{AlertKind, PassageCategory, Report};
use crate::model::UiLang;
use std::fmt::Write;

/// Source colours: distinct, light enough for black text, readable when printed.
pub const SOURCE_COLOURS: [&str; 12] = [
    "#ffd6a5", "#caffbf", "#9bf6ff", "#ffc6ff", "#fdffb6", "#bdb2ff", "#ffadad", "#a0c4ff", "#d0f4de",
    "#fcf6bd", "#e4c1f9", "#b9fbc0",
];

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 16);
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(character),
        }
    }
    escaped
}

const STYLE: &str = r#"
:root{--ink:#1b1b1b;--muted:#555;--line:#ccc;--accent:#0b5cad}
*{box-sizing:border-box}body{font:15px/1.5 "Noto Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);margin:0;background:#fafafa}
header,main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem}header{background:#fff;border-bottom:1px solid var(--line)}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--line)}
.meta{color:var(--muted)}.figures{display:flex;flex-wrap:wrap;gap:1rem;margin:.8rem 0}
.figure{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.figure b{display:block;font-size:1.4rem}.figure.main b{font-size:2rem;color:#a40000}
.bar{display:flex;height:12px;border-radius:6px;overflow:hidden;border:1px solid var(--line);margin:.3rem 0 1rem}
.bar span{display:block}.b-borrow{background:#e4572e}.b-self{background:#f3a712}.b-cite{background:#76b041}.b-orig{background:#e9ecef}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}
.swatch{display:inline-block;width:1em;height:1em;border:1px solid #888;vertical-align:middle;margin-right:.3em}
.text{background:#fff;border:1px solid var(--line);padding:1rem 1.2rem;white-space:pre-wrap;font-family:"Times New Roman","Liberation Serif",serif;font-size:16px}
mark{padding:0 1px;border-radius:2px;color:inherit}mark.citation{outline:2px dashed #76b041}mark.self_citation{outline:2px dotted #f3a712}
.alert-mark{text-decoration:underline wavy #c00;text-decoration-thickness:2px}
.side{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}.pairs{width:100%;margin-top:.5rem;font-size:14px}.pairs td{vertical-align:top;width:50%;background:#fff}.pairs caption{text-align:left;font-size:13px}.side div{background:#fff;border:1px solid var(--line);padding:.5rem;white-space:pre-wrap;font-size:14px}
.passage{margin:0 0 1rem}.tag{display:inline-block;background:#eef;border-radius:3px;padding:0 .35em;margin-right:.3em;font-size:.85em}
a{color:var(--accent)}a:focus,mark:target{outline:3px solid #000}
@media print{body{background:#fff}header,main{max-width:none;padding:0}.text{border:none;padding:0}a{color:inherit;text-decoration:none}
.passage,.figure,tr{break-inside:avoid}h2{break-after:avoid}mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"#;

/// Renders the report as one self-contained HTML page in the given language.
pub fn render_html(report: &Report, lang: UiLang) -> String {
    let mut html = String::with_capacity(report.text.len() * 2 + 16_384);
    let title = format!("{} — {}", l::REPORT_TITLE.get(lang), report.submission.title);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{}</style></head><body>",
        lang.code(),
        escape(&title),
        STYLE
    );
    render_header(&mut html, report, lang);
    html.push_str("<main>");
    render_sources(&mut html, report, lang);
    render_alerts(&mut html, report, lang);
    render_text(&mut html, report, lang);
    render_passages(&mut html, report, lang);
    render_provenance(&mut html, report, lang);
    html.push_str("</main></body></html>\n");
    html
}

fn render_header(html: &mut String, report: &Report, lang: UiLang) {
    let figures = &report.figures;
    let submission = &report.submission;
    let _ = write!(
        html,
        "<header><h1>{}</h1><div class=\"meta\">{} · {} {} · {} {}</div><div class=\"figures\">",
        escape(&submission.title),
        l::REPORT_TITLE.get(lang),
        submission.words,
        l::WORDS.get(lang),
        submission.pages,
        l::PAGES.get(lang)
    );
    let _ = write!(
        html,
        "<div class=\"figure main\"><span>{}</span><b id=\"similarity\">{}</b></div>",
        l::SIMILARITY.get(lang),
        numbers::percent(lang, figures.similarity)
    );
    for (label, value) in [
        (l::BORROWINGS, figures.borrowings),
        (l::CITATIONS, figures.citations),
        (l::SELF_CITATIONS, figures.self_citations),
        (l::ORIGINALITY, figures.originality),
        (l::SC1, figures.sc1),
        (l::SC2, figures.sc2),
    ] {
        let _ = write!(
            html,
            "<div class=\"figure\"><span>{}</span><b>{}</b></div>",
            label.get(lang),
            numbers::percent(lang, value)
        );
    }
    let _ = write!(
        html,
        "</div><div class=\"bar\" role=\"img\" aria-label=\"{}\"><span class=\"b-borrow\" style=\"width:{:.2}%\"></span><span class=\"b-self\" style=\"width:{:.2}%\"></span><span class=\"b-cite\" style=\"width:{:.2}%\"></span><span class=\"b-orig\" style=\"width:{:.2}%\"></span></div></header>",
        l::SIMILARITY.get(lang),
        figures.borrowings,
        figures.self_citations,
        figures.citations,
        figures.originality
    );
}

fn render_sources(html: &mut String, report: &Report, lang: UiLang) {
    let _ = write!(html, "<h2>{}</h2>", l::SOURCES.get(lang));
    if report.sources.is_empty() {
        let _ = write!(html, "<p>{}</p>", l::NO_SOURCES.get(lang));
        return;
    }
    let _ = write!(
        html,
        "<table><tr><th></th><th>{}</th><th>{}</th></tr>",
        l::SOURCE.get(lang),
        l::SHARE.get(lang)
    );
    for source in &report.sources {
        let colour = SOURCE_COLOURS[source.number as usize % SOURCE_COLOURS.len()];
        let excluded = report.exclusions.excluded_sources.contains(&source.number);
        let year = source.year.map(|year| format!(", {year}")).unwrap_or_default();
        let _ = write!(
            html,
            "<tr{}><td><span class=\"swatch\" style=\"background:{colour}\"></span>{}</td><td><b>{}</b><br><span class=\"meta\">{}{} · {} · {}</span></td><td>{}</td></tr>",
            if excluded { " style=\"opacity:.5\"" } else { "" },
            source.number.saturating_add(1),
            escape(&source.title),
            escape(&source.authors),
            year,
            l::source_kind(source.kind).get(lang),
            escape(&source.document_id),
            numbers::percent(lang, source.share_percent)
        );
    }
    html.push_str("</table>");
}

fn render_alerts(html: &mut String, report: &Report, lang: UiLang) {
    let _ = write!(html, "<h2>{}</h2>", l::ALERTS.get(lang));
    if report.alerts.is_empty() {
        let _ = write!(html, "<p>{}</p>", l::NO_ALERTS.get(lang));
        return;
    }
    // One collapsible group per kind of alert, in order of first appearance.
    let mut kinds: Vec<AlertKind> = Vec::new();
    for alert in &report.alerts {
        if !kinds.contains(&alert.kind) {
            kinds.push(alert.kind);
        }
    }
    for kind in kinds {
        let members: Vec<(usize, &super::ReportAlert)> =
            report.alerts.iter().enumerate().filter(|(_, alert)| alert.kind == kind).collect();
        let _ = write!(
            html,
            "<details open><summary>{} ({})</summary><ul>",
            l::alert(kind).get(lang),
            members.len()
        );
        for (number, alert) in members {
            let excerpt: String = report
                .text
                .chars()
                .skip(alert.span.start as usize)
                .take(alert.span.end.saturating_sub(alert.span.start).min(80) as usize)
                .collect();
            let link = if alert.kind == AlertKind::BrokenTextLayer {
                String::new()
            } else {
                format!(" — <a href=\"#a-{number}\">{}</a>", l::GO_TO_TEXT.get(lang))
            };
            let _ = write!(html, "<li>«{}» ({}){link}</li>", escape(&excerpt), alert.count);
        }
        html.push_str("</ul></details>");
    }
}

/// The submission text with passages highlighted and alerts marked (cut by [`view`]).
fn render_text(html: &mut String, report: &Report, lang: UiLang) {
    let _ = write!(html, "<h2>{}</h2><div class=\"text\">", l::SUBMISSION_TEXT.get(lang));
    for segment in view::text_segments(report) {
        let mut closing = String::new();
        if let Some(passage) = segment.passage {
            let colour = SOURCE_COLOURS[passage.source as usize % SOURCE_COLOURS.len()];
            let label = view::passage_label(passage);
            let id = if segment.passage_starts { format!(" id=\"p-{label}\"") } else { String::new() };
            let class = match passage.category {
                PassageCategory::Borrowing => "borrowing",
                PassageCategory::Citation => "citation",
                PassageCategory::SelfCitation => "self_citation",
            };
            let _ = write!(
                html,
                "<mark{id} class=\"{class}\" style=\"background:{colour}\" title=\"{} {}: {}\">",
                l::SOURCE.get(lang),
                view::source_label(passage.source),
                l::category(passage.category).get(lang)
            );
            closing.insert_str(0, "</mark>");
        }
        if let Some((number, _)) = segment.alert {
            let id = if segment.alert_starts { format!(" id=\"a-{number}\"") } else { String::new() };
            let _ = write!(html, "<span{id} class=\"alert-mark\">");
            closing.insert_str(0, "</span>");
        }
        html.push_str(&escape(segment.text));
        html.push_str(&closing);
    }
    html.push_str("</div>");
}

/// A passage's text with the words both sides share in `<b>` (see `view::shared_words`).
fn marked_html(pieces: &[view::MarkedPiece]) -> String {
    let mut html = String::new();
    for piece in pieces {
        if piece.shared {
            let _ = write!(html, "<b>{}</b>", escape(&piece.text));
        } else {
            html.push_str(&escape(&piece.text));
        }
    }
    html
}

fn render_passages(html: &mut String, report: &Report, lang: UiLang) {
    if report.passages.is_empty() {
        return;
    }
    let _ = write!(html, "<h2>{}</h2>", l::PASSAGES.get(lang));
    for passage in &report.passages {
        let source = report.sources.iter().find(|source| source.number == passage.source);
        let submission_text = view::passage_text(report, passage);
        let (submission_marked, source_marked) =
            view::shared_words(submission_text, &passage.source_text, report.submission.language);
        let mut tags = format!("<span class=\"tag\">{}</span>", l::category(passage.category).get(lang));
        for label in l::passage_rewritings(passage) {
            let _ = write!(tags, "<span class=\"tag\">{}</span>", label.get(lang));
        }
        if !report.exclusions.keeps(passage) {
            let _ = write!(tags, "<span class=\"tag\">{}</span>", l::PASSAGE_EXCLUDED.get(lang));
        }
        if passage.in_bibliography {
            let _ = write!(tags, "<span class=\"tag\">{}</span>", l::IN_BIBLIOGRAPHY.get(lang));
        }
        let _ = write!(
            html,
            "<div class=\"passage\"><p><a href=\"#p-{}\">#{}</a> {tags} · {} {} · {} {}: {}</p><div class=\"side\"><div><b>{}</b><br>{}</div><div><b>{}</b><br>{}</div></div></div>",
            view::passage_label(passage),
            view::passage_label(passage),
            passage.matched_words,
            l::MATCHED_WORDS.get(lang),
            l::SOURCE.get(lang),
            view::source_label(passage.source),
            escape(source.map_or("", |source| source.title.as_str())),
            l::SUBMISSION.get(lang),
            marked_html(&submission_marked),
            l::SOURCE.get(lang),
            marked_html(&source_marked)
        );
        if let Some(pairs) = view::aligned_pairs(report, passage) {
            render_aligned_pairs(html, &pairs, lang);
        }
    }
}

/// A translated passage's sentence pairs, one row each, matched words in `<b>`.
fn render_aligned_pairs(html: &mut String, pairs: &[view::AlignedPair], lang: UiLang) {
    let _ = write!(
        html,
        "<table class=\"pairs\"><caption>{}</caption><tr><th>{}</th><th>{}</th></tr>",
        l::ALIGNED_SENTENCES.get(lang),
        l::SUBMISSION.get(lang),
        l::SOURCE.get(lang)
    );
    for pair in pairs {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td></tr>",
            marked_html(&pair.submission),
            marked_html(&pair.source)
        );
    }
    html.push_str("</table>");
}

fn render_provenance(html: &mut String, report: &Report, lang: UiLang) {
    let exclusions = &report.exclusions;
    let yes_no = |value: bool| if value { "✓" } else { "✗" };
    let _ = write!(
        html,
        "<h2>{}</h2><ul><li>{} {}</li><li>{} {}</li><li>{}: {}</li>",
        l::EXCLUSIONS.get(lang),
        yes_no(exclusions.quotes),
        l::EXCLUDE_QUOTES.get(lang),
        yes_no(exclusions.bibliography),
        l::EXCLUDE_BIBLIOGRAPHY.get(lang),
        l::MIN_MATCH.get(lang),
        exclusions.min_match_words
    );
    if !exclusions.excluded_sources.is_empty() {
        let numbers: Vec<String> =
            exclusions.excluded_sources.iter().map(|number| number.saturating_add(1).to_string()).collect();
        let _ = write!(html, "<li>{}: {}</li>", l::EXCLUDED_SOURCES.get(lang), numbers.join(", "));
    }
    if !exclusions.cross_language {
        let _ = write!(html, "<li>{}</li>", l::CROSS_LANGUAGE_OFF.get(lang));
    }
    let provenance = &report.provenance;
    let _ = write!(
        html,
        "</ul><h2>{}</h2><ul><li>{}: {} {}, {} {}</li><li>{}: {}</li><li>{}: {:.0} ms</li><li>Adal {}</li></ul>",
        l::PROVENANCE.get(lang),
        l::CORPUS.get(lang),
        provenance.corpus_documents,
        l::DOCUMENTS.get(lang),
        l::VERSION.get(lang),
        provenance.corpus_version,
        l::FINGERPRINT_SCHEME.get(lang),
        provenance.fingerprint_scheme,
        l::CHECK_TIME.get(lang),
        provenance.timings.total_ms,
        escape(&provenance.adal_version)
    );
}
