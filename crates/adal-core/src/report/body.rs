//! The report body as readers see it, typed and serializable, for the one template that renders
//! it (`report_body.html`): the downloadable HTML report (`html.rs`) and the web report page
//! (`web::pages::report`) both hand a [`ReportBody`] to that template, so the two show the same
//! figures, sources, marked text, alerts, passages and provenance with the same markup.
//!
//! Every number is formatted (`numbers`) and every label that depends on the data is resolved
//! in the reader's language here; fixed headings are read by the template from the message
//! catalogue (`t.key`). The text is cut once by [`view`]. No markup lives here.

use super::labels as l;
use super::numbers;
use super::view::{self, AlignedPair, MarkedPiece, TextSegment};
use super::{AlertKind, PassageCategory, Report, ReportAlert, ReportPassage, ReportSource};
use crate::messages::msg_with;
use crate::model::{CharIndex, UiLang};
use serde::Serialize;

/// Source colours: `.src-0` … `.src-11` in both stylesheets.
pub const N_COLOURS: u32 = 12;

/// Everything the report body shows, ready for the template.
#[derive(Clone, Debug, Serialize)]
pub struct ReportBody {
    /// The reader's language (`kk`, `ru`, `en`): the page's numbers follow it.
    pub lang: &'static str,
    pub figures: FiguresView,
    pub sources: Vec<SourceView>,
    /// The submission text cut once by [`view::text_segments`].
    pub segments: Vec<SegmentView>,
    pub n_alerts: usize,
    /// The alerts grouped by kind, in the order kinds first appear.
    pub alert_groups: Vec<AlertGroup>,
    pub passages: Vec<PassageView>,
    pub exclusions: ExclusionsView,
    /// Which Adal, which corpus, how long, in a sentence.
    pub provenance: String,
    pub fingerprint_scheme: u32,
}

/// The figures, formatted for the reader.
#[derive(Clone, Debug, Serialize)]
pub struct FiguresView {
    pub similarity: String,
    pub borrowings: String,
    pub citations: String,
    pub self_citations: String,
    pub originality: String,
    pub sc1: String,
    pub sc2: String,
    pub counted_words: String,
    /// The four shares as a bar (borrowings, self-citations, citations, originality).
    pub bar: Vec<BarPiece>,
}

/// One share of the bar: its CSS class and its width in percent.
#[derive(Clone, Debug, Serialize)]
pub struct BarPiece {
    pub class: &'static str,
    pub width: String,
}

/// A source as the sources panel shows it.
#[derive(Clone, Debug, Serialize)]
pub struct SourceView {
    /// The source's `number` (0-based), as the switches and `data-source` name it.
    pub number: u32,
    /// The number readers see (1-based).
    pub number_label: u32,
    pub document_id: String,
    pub title: String,
    pub authors: String,
    pub year: Option<u32>,
    pub kind: &'static str,
    pub share: String,
    pub excluded: bool,
    pub colour: u32,
}

/// A piece of the submission text with its highlight.
#[derive(Clone, Debug, Serialize)]
pub struct SegmentView {
    pub text: String,
    /// True when the piece lies in an alert marked in the text.
    pub alert: bool,
    /// `a-N` on the first piece of alert N.
    pub alert_anchor: Option<String>,
    pub passage: Option<SegmentPassage>,
}

/// The passage a piece of text belongs to.
#[derive(Clone, Debug, Serialize)]
pub struct SegmentPassage {
    /// The passage's number as readers see it (1-based); the piece links to `#pp-N`.
    pub label: u32,
    pub source: u32,
    pub source_label: u32,
    pub colour: u32,
    /// True when the passage is left out of the figures.
    pub off: bool,
    pub translated: bool,
    pub citation: bool,
    /// `p-N` on the first piece of passage N.
    pub anchor: Option<String>,
    /// "№1 · Source 1: title · borrowing".
    pub title: String,
}

/// The alerts of one kind.
#[derive(Clone, Debug, Serialize)]
pub struct AlertGroup {
    pub label: &'static str,
    pub items: Vec<AlertItem>,
}

/// One alert: the marked text as the link to it.
#[derive(Clone, Debug, Serialize)]
pub struct AlertItem {
    /// `a-N`, or `submission-text` for an alert about the whole document.
    pub anchor: String,
    pub snippet: String,
    pub detail: String,
}

/// A passage with its side-by-side view.
#[derive(Clone, Debug, Serialize)]
pub struct PassageView {
    /// The number readers see (1-based).
    pub number: u32,
    /// The passage's position in the report (what the passage switch sends).
    pub id: u32,
    pub source: u32,
    pub colour: u32,
    pub excluded: bool,
    pub translated: bool,
    pub in_bibliography: bool,
    /// "1. title" of the source.
    pub source_title: String,
    /// "120 words".
    pub words: String,
    /// "95 matched words".
    pub matched: String,
    pub category: &'static str,
    /// How it was rewritten, the labels joined with commas.
    pub rewriting: String,
    /// A translated passage's sentence pairs (then shown instead of the two texts).
    pub pairs: Option<Vec<AlignedPair>>,
    pub submission_pieces: Vec<MarkedPiece>,
    pub source_pieces: Vec<MarkedPiece>,
}

/// The exclusions the report's figures apply, for the printed list.
#[derive(Clone, Debug, Serialize)]
pub struct ExclusionsView {
    pub quotes: bool,
    pub bibliography: bool,
    pub min_match_words: u32,
    /// The numbers readers see of the excluded sources, joined with commas.
    pub excluded_sources: String,
    pub cross_language: bool,
}

impl ReportBody {
    /// The body of `report` for a reader of `lang`.
    pub fn new(report: &Report, lang: UiLang) -> Self {
        let segments = view::text_segments(report);
        ReportBody {
            lang: lang.code(),
            figures: figures(report, lang),
            sources: report.sources.iter().map(|source| source_view(report, source, lang)).collect(),
            segments: segments.into_iter().map(|segment| segment_view(report, segment, lang)).collect(),
            n_alerts: report.alerts.len(),
            alert_groups: alert_groups(report, lang),
            passages: report.passages.iter().map(|passage| passage_view(report, passage, lang)).collect(),
            exclusions: exclusions(report),
            provenance: provenance(report, lang),
            fingerprint_scheme: report.provenance.fingerprint_scheme,
        }
    }
}

fn figures(report: &Report, lang: UiLang) -> FiguresView {
    let figures = &report.figures;
    let percent = |value: f64| numbers::percent(lang, value);
    let bar = [
        ("b-borrow", figures.borrowings),
        ("b-self", figures.self_citations),
        ("b-cite", figures.citations),
        ("b-orig", figures.originality),
    ];
    FiguresView {
        similarity: percent(figures.similarity),
        borrowings: percent(figures.borrowings),
        citations: percent(figures.citations),
        self_citations: percent(figures.self_citations),
        originality: percent(figures.originality),
        sc1: percent(figures.sc1),
        sc2: percent(figures.sc2),
        counted_words: numbers::count(lang, u64::from(figures.counted_words)),
        bar: bar.into_iter().map(|(class, share)| BarPiece { class, width: format!("{share:.2}") }).collect(),
    }
}

fn source_view(report: &Report, source: &ReportSource, lang: UiLang) -> SourceView {
    SourceView {
        number: source.number,
        number_label: view::source_label(source.number),
        document_id: source.document_id.clone(),
        title: source.title.clone(),
        authors: source.authors.clone(),
        year: source.year,
        kind: l::source_kind(source.kind).get(lang),
        share: numbers::percent(lang, source.share_percent),
        excluded: report.exclusions.excluded_sources.contains(&source.number),
        colour: source.number % N_COLOURS,
    }
}

/// The source a passage was taken from.
fn source_of<'a>(report: &'a Report, passage: &ReportPassage) -> Option<&'a ReportSource> {
    report.sources.iter().find(|source| source.number == passage.source)
}

fn segment_view(report: &Report, segment: TextSegment<'_>, lang: UiLang) -> SegmentView {
    let alert_anchor = segment.alert.filter(|_| segment.alert_starts).map(|(index, _)| format!("a-{index}"));
    SegmentView {
        text: segment.text.to_string(),
        alert: segment.alert.is_some(),
        alert_anchor,
        passage: segment
            .passage
            .map(|passage| segment_passage(report, passage, segment.passage_starts, lang)),
    }
}

fn segment_passage(report: &Report, passage: &ReportPassage, starts: bool, lang: UiLang) -> SegmentPassage {
    let label = view::passage_label(passage);
    let source_title = source_of(report, passage).map(|source| source.title.as_str()).unwrap_or_default();
    let title = format!(
        "№{label} · {} {}: {source_title} · {}",
        l::SOURCE.get(lang),
        view::source_label(passage.source),
        l::category(passage.category).get(lang)
    );
    SegmentPassage {
        label,
        source: passage.source,
        source_label: view::source_label(passage.source),
        colour: passage.source % N_COLOURS,
        off: !report.exclusions.keeps(passage),
        translated: passage.translation.is_some(),
        citation: passage.category != PassageCategory::Borrowing,
        anchor: starts.then(|| format!("p-{label}")),
        title,
    }
}

/// The alerts grouped by kind, in the order kinds first appear.
fn alert_groups(report: &Report, lang: UiLang) -> Vec<AlertGroup> {
    let chars = CharIndex::new(&report.text);
    let mut groups: Vec<(AlertKind, Vec<AlertItem>)> = Vec::new();
    for (index, alert) in report.alerts.iter().enumerate() {
        let item = alert_item(report, &chars, index, alert, lang);
        match groups.iter_mut().find(|(kind, _)| *kind == alert.kind) {
            Some((_, items)) => items.push(item),
            None => groups.push((alert.kind, vec![item])),
        }
    }
    let group = |(kind, items)| AlertGroup { label: l::alert(kind).get(lang), items };
    groups.into_iter().map(group).collect()
}

fn alert_item(
    report: &Report,
    chars: &CharIndex,
    index: usize,
    alert: &ReportAlert,
    lang: UiLang,
) -> AlertItem {
    let anchor = if view::is_marked_in_text(alert.kind) {
        format!("a-{index}")
    } else {
        "submission-text".to_string()
    };
    let count = alert.count.to_string();
    AlertItem {
        anchor,
        snippet: alert_snippet(report, chars, index, alert),
        detail: msg_with(lang, "alert_count", &[("count", &count)]),
    }
}

/// Up to 40 characters of the marked text without control characters, or "№N" when nothing
/// readable is marked.
fn alert_snippet(report: &Report, chars: &CharIndex, index: usize, alert: &ReportAlert) -> String {
    let n_chars = chars.char_len();
    let (start, end) = ((alert.span.start as usize).min(n_chars), (alert.span.end as usize).min(n_chars));
    let marked: String = report
        .text
        .get(chars.byte_offset(start)..chars.byte_offset(end))
        .unwrap_or_default()
        .chars()
        .filter(|character| !character.is_control())
        .take(40)
        .collect();
    if marked.trim().is_empty() {
        format!("№{}", index + 1)
    } else {
        marked.trim().to_string()
    }
}

fn passage_view(report: &Report, passage: &ReportPassage, lang: UiLang) -> PassageView {
    let text = view::passage_text(report, passage);
    let (submission_pieces, source_pieces) =
        view::shared_words(text, &passage.source_text, report.submission.language);
    PassageView {
        number: view::passage_label(passage),
        id: passage.number,
        source: passage.source,
        colour: passage.source % N_COLOURS,
        excluded: !report.exclusions.keeps(passage),
        translated: passage.translation.is_some(),
        in_bibliography: passage.in_bibliography,
        source_title: source_heading(report, passage),
        words: msg_with(lang, "words_n", &[("n", &passage.words().to_string())]),
        matched: format!("{} {}", passage.matched_words, l::MATCHED_WORDS.get(lang)),
        category: l::category(passage.category).get(lang),
        rewriting: rewriting_labels(passage, lang),
        pairs: view::aligned_pairs(report, passage),
        submission_pieces,
        source_pieces,
    }
}

/// "1. title" of a passage's source.
fn source_heading(report: &Report, passage: &ReportPassage) -> String {
    source_of(report, passage)
        .map(|source| format!("{}. {}", view::source_label(source.number), source.title))
        .unwrap_or_default()
}

/// How a passage was rewritten, its labels joined with commas.
fn rewriting_labels(passage: &ReportPassage, lang: UiLang) -> String {
    let labels: Vec<&str> = l::passage_rewritings(passage).iter().map(|label| label.get(lang)).collect();
    labels.join(", ")
}

fn exclusions(report: &Report) -> ExclusionsView {
    let exclusions = &report.exclusions;
    let excluded: Vec<String> =
        exclusions.excluded_sources.iter().map(|number| view::source_label(*number).to_string()).collect();
    ExclusionsView {
        quotes: exclusions.quotes,
        bibliography: exclusions.bibliography,
        min_match_words: exclusions.min_match_words,
        excluded_sources: excluded.join(", "),
        cross_language: exclusions.cross_language,
    }
}

/// Which Adal, which corpus, how long: the report's provenance in a sentence.
fn provenance(report: &Report, lang: UiLang) -> String {
    let provenance = &report.provenance;
    let seconds = numbers::decimal(lang, provenance.timings.total_ms / 1000.0);
    msg_with(
        lang,
        "provenance",
        &[
            ("version", &provenance.adal_version),
            ("documents", &numbers::count(lang, provenance.corpus_documents)),
            ("corpus", &provenance.corpus_version.to_string()),
            ("seconds", &seconds),
        ],
    )
}
