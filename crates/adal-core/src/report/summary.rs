//! The report as a few lines of plain text, in the reader's language (the CLI's `adal check`):
//! the figures, the counts, then each source with its share and passages.

use super::labels as l;
use super::numbers::{count, percent};
use super::{PassageCategory, Report};
use crate::model::UiLang;
use std::fmt::Write;

/// The summary of a report in `lang`, ending with a line break.
pub fn text_summary(report: &Report, lang: UiLang) -> String {
    let figures = &report.figures;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}: {} {} ({} {}, {} {}, {} {}, {} {}; SC1 {}, SC2 {})",
        report.submission.title,
        l::SIMILARITY.get(lang),
        percent(lang, figures.similarity),
        l::BORROWINGS.get(lang),
        percent(lang, figures.borrowings),
        l::CITATIONS.get(lang),
        percent(lang, figures.citations),
        l::SELF_CITATIONS.get(lang),
        percent(lang, figures.self_citations),
        l::ORIGINALITY.get(lang),
        percent(lang, figures.originality),
        percent(lang, figures.sc1),
        percent(lang, figures.sc2),
    );
    let _ = writeln!(
        text,
        "{} {} · {}: {} · {}: {} · {}: {} · {}: {} {} · {} {} ms",
        count(lang, u64::from(report.submission.words)),
        l::WORDS.get(lang),
        l::SOURCES.get(lang),
        report.sources.len(),
        l::PASSAGES.get(lang),
        report.passages.len(),
        l::ALERTS.get(lang),
        report.alerts.len(),
        l::CORPUS.get(lang),
        count(lang, report.provenance.corpus_documents),
        l::DOCUMENTS.get(lang),
        l::CHECK_TIME.get(lang),
        count(lang, report.provenance.timings.total_ms.round().max(0.0) as u64),
    );
    for source in &report.sources {
        let passages: Vec<String> = report
            .passages
            .iter()
            .filter(|passage| passage.source == source.number)
            .map(|passage| {
                let mut kinds: Vec<&str> =
                    l::passage_rewritings(passage).iter().map(|label| label.get(lang)).collect();
                if passage.category != PassageCategory::Borrowing {
                    kinds.insert(0, l::category(passage.category).get(lang));
                }
                if passage.in_bibliography {
                    kinds.push(l::IN_BIBLIOGRAPHY.get(lang));
                }
                format!(
                    "{} {} [{}]",
                    count(lang, u64::from(passage.words())),
                    l::WORDS.get(lang),
                    kinds.join(", ")
                )
            })
            .collect();
        let _ = writeln!(
            text,
            "  {:>8}  {} — {}: {}",
            percent(lang, source.share_percent),
            source.document_id,
            source.title,
            passages.join("; ")
        );
    }
    text
}
