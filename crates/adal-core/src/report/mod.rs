//! The similarity report: a versioned serde model, built from aligned passages, whose figures
//! can be recomputed from the stored report alone when a reviewer switches an exclusion.
//!
//! Renderers: JSON ([`Report::to_json`]) and a self-contained HTML page ([`render_html`]),
//! whose body ([`ReportBody`], `report_body.html`) is the same template the web report page
//! renders.
//! This module knows nothing about indexes, storage or HTTP; the pipeline hands it the
//! detections, the source metadata and the timings.

pub mod body;
mod build;
mod figures;
mod html;
pub mod labels;
pub mod numbers;
pub mod summary;
pub mod view;

pub use body::ReportBody;
pub use build::{build_report, ReportInput, SourceInfo};
pub use figures::compute_figures;
pub use html::{render_html, RenderError, BODY_TEMPLATE};

use crate::model::{DocLang, DocumentFormat, HiddenKind};
use serde::{Deserialize, Serialize};

/// Version of the report's JSON shape. Bump it on any incompatible change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// A half-open range of Unicode code points of a text (what JavaScript on BMP text, PAN and
/// people call characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CharSpan {
    pub start: u32,
    pub end: u32,
}

/// A half-open range of word indexes of the submission.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct WordRange {
    pub start: u32,
    pub end: u32,
}

impl WordRange {
    pub fn len(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// A complete similarity report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub submission: SubmissionInfo,
    /// The extracted text of the submission; all submission spans point into it.
    pub text: String,
    pub sources: Vec<ReportSource>,
    pub passages: Vec<ReportPassage>,
    pub alerts: Vec<ReportAlert>,
    /// The bibliography section of the submission, if one was found.
    pub bibliography: Option<BibliographyInfo>,
    pub exclusions: Exclusions,
    /// Figures under the current exclusions.
    pub figures: Figures,
    pub provenance: Provenance,
}

/// What was checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionInfo {
    pub title: String,
    pub format: DocumentFormat,
    pub language: DocLang,
    /// Number of words (tokens) of the submission.
    pub words: u32,
    pub characters: u32,
    pub pages: u32,
}

/// What kind of document a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Thesis,
    Article,
    Web,
    Other,
}

/// One corpus document the submission shares text with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportSource {
    /// Position in `Report::sources`; passages refer to it.
    pub number: u32,
    pub document_id: String,
    pub title: String,
    pub authors: String,
    pub year: Option<u32>,
    pub kind: SourceKind,
    pub external_ref: String,
    /// True when the source shares an author with the submission.
    pub same_author: bool,
    /// Share of the submission's words inside this source's passages (0–100), all passages.
    pub share_percent: f64,
    pub shared_fingerprints: u32,
}

/// How a passage counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageCategory {
    /// Text taken from a source without being marked as a quotation.
    Borrowing,
    /// A quotation with a reference.
    Citation,
    /// Text from the same author's other document.
    SelfCitation,
}

/// What was done to the text on its way from the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rewriting {
    /// Copied word for word.
    Verbatim,
    /// Words inserted, deleted or replaced.
    Edited,
    /// Rewritten so that few word sequences survive (synonyms, word order, changed word forms):
    /// found by comparing sentences as bags of stems.
    Paraphrased,
    /// Sentences or word groups in another order.
    Reordered,
    /// Letters swapped for look-alikes of another script.
    Homoglyphs,
    /// Invisible characters put inside words.
    InvisibleCharacters,
    /// Written in another alphabet (Kazakh Cyrillic ↔ 2021 Latin).
    Transliterated,
    /// Hidden from the reader (white, vanished or tiny text).
    HiddenText,
    /// Translated from a source in another language (Kazakh, Russian, English): found by
    /// comparing sentences in dictionary concepts. The passage's `translation` says from which
    /// language and which sentences and words matched.
    Translated,
}

/// A passage shared with a source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPassage {
    /// Position in `Report::passages`.
    pub number: u32,
    /// The source's `number`.
    pub source: u32,
    pub submission_span: CharSpan,
    pub submission_words: WordRange,
    /// Code points of the source's text.
    pub source_span: CharSpan,
    /// The source's text of the passage, so that a side-by-side view needs no corpus access.
    pub source_text: String,
    /// Submission words covered by matching word sequences.
    pub matched_words: u32,
    pub category: PassageCategory,
    pub rewriting: Vec<Rewriting>,
    /// True when the passage lies in the bibliography section.
    pub in_bibliography: bool,
    /// For a translated passage: the source's language and the aligned sentence pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<PassageTranslation>,
}

/// What a translated passage shows side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PassageTranslation {
    /// The source's language.
    pub source_language: DocLang,
    /// The aligned sentence pairs, in submission order.
    pub sentence_pairs: Vec<SentencePair>,
}

/// One submission sentence and the source sentence it translates, with the words a
/// dictionary (or a shared name, number or loanword) matched on each side. Submission spans are
/// code points of the report's text, source spans code points of the source's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentencePair {
    pub submission_span: CharSpan,
    pub source_span: CharSpan,
    pub submission_words: Vec<CharSpan>,
    pub source_words: Vec<CharSpan>,
}

impl ReportPassage {
    pub fn words(&self) -> u32 {
        self.submission_words.len()
    }
}

/// A trick or oddity found in the submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportAlert {
    pub kind: AlertKind,
    pub span: CharSpan,
    /// How many letters or characters the alert is about (folded letters, invisible characters).
    pub count: u32,
    /// The passage the alert falls inside, if any.
    pub passage: Option<u32>,
}

/// Kinds of alerts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "detail")]
pub enum AlertKind {
    Homoglyph,
    InvisibleCharacters,
    Hidden(HiddenKind),
    /// The text layer decodes partly to characters not expected in kk/ru/en text.
    BrokenTextLayer,
}

/// The bibliography section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BibliographyInfo {
    pub span: CharSpan,
    pub words: WordRange,
}

/// What is left out of the figures. Stored with the report so that a reviewer can switch them
/// and the figures recompute without a new check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exclusions {
    /// Quotations with references count as citations, not borrowings.
    pub quotes: bool,
    /// The bibliography section is left out of the figures.
    pub bibliography: bool,
    /// Passages shorter than this many words are ignored.
    pub min_match_words: u32,
    /// Sources (by `number`) a reviewer excluded.
    pub excluded_sources: Vec<u32>,
    /// Passages (by `number`) a reviewer excluded.
    pub excluded_passages: Vec<u32>,
    /// Translated passages (found by the cross-language check) count; a reviewer who switches
    /// the cross-language check off for a report leaves them out of the figures.
    #[serde(default = "counts_by_default")]
    pub cross_language: bool,
}

fn counts_by_default() -> bool {
    true
}

impl Exclusions {
    /// True when the reviewer's switches keep `passage` in the figures (sources, passages and
    /// the cross-language switch; the length and citation rules apply on top).
    pub fn keeps(&self, passage: &ReportPassage) -> bool {
        !self.excluded_passages.contains(&passage.number)
            && !self.excluded_sources.contains(&passage.source)
            && (self.cross_language || !passage.rewriting.contains(&Rewriting::Translated))
    }
}

impl Default for Exclusions {
    fn default() -> Self {
        Exclusions {
            quotes: true,
            bibliography: true,
            min_match_words: 8,
            excluded_sources: Vec::new(),
            excluded_passages: Vec::new(),
            cross_language: true,
        }
    }
}

/// The figures of a report, in percent of the counted words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Share of the counted words inside borrowed passages (the headline figure).
    pub similarity: f64,
    /// Antiplagiat's four shares, summing to 100.
    pub borrowings: f64,
    pub citations: f64,
    pub self_citations: f64,
    pub originality: f64,
    /// StrikePlagiarism's similarity coefficients: share of words in matched passages of at
    /// least 5 words (SC1) and at least 25 words (SC2).
    pub sc1: f64,
    pub sc2: f64,
    /// Words counted (the bibliography left out when it is excluded).
    pub counted_words: u32,
}

/// Where the report came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub adal_version: String,
    pub corpus_documents: u64,
    pub corpus_version: u64,
    pub fingerprint_scheme: u32,
    pub candidates_considered: u32,
    pub parameters: String,
    pub timings: Timings,
}

/// How long each step took, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub extract_ms: f64,
    pub analyze_ms: f64,
    pub candidates_ms: f64,
    pub align_ms: f64,
    pub total_ms: f64,
}

impl Report {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|error| format!("{{\"error\":\"{error}\"}}"))
    }

    /// Reads a stored report.
    pub fn from_json(json: &str) -> Result<Report, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Replaces the exclusions and recomputes the figures.
    pub fn set_exclusions(&mut self, exclusions: Exclusions) {
        self.exclusions = exclusions;
        self.figures = compute_figures(self);
        self.update_source_shares();
    }

    fn update_source_shares(&mut self) {
        let total = self.submission.words.max(1) as f64;
        for source in &mut self.sources {
            let mut words: Vec<WordRange> = self
                .passages
                .iter()
                .filter(|p| p.source == source.number)
                .map(|p| p.submission_words)
                .collect();
            source.share_percent = 100.0 * figures::union_words(&mut words) as f64 / total;
        }
    }
}

#[cfg(test)]
mod tests;
