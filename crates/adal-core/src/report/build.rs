//! Building a report from the detections of each source.

use super::{
    AlertKind, BibliographyInfo, CharSpan, Exclusions, PassageCategory, PassageTranslation, Provenance,
    Report, ReportAlert, ReportPassage, ReportSource, Rewriting, SentencePair, SourceKind, SubmissionInfo,
    WordRange, REPORT_SCHEMA_VERSION,
};
use crate::compare::{find_bibliography, Detection};
use crate::model::{CharIndex, ExtractWarning, ExtractedDocument, RegionKind, Span};
use crate::text::{detect_language, AnalyzedText, TextAlert, Token};

/// One source and what alignment found in it.
pub struct SourceInfo {
    pub document_id: String,
    pub title: String,
    pub authors: String,
    pub year: Option<u32>,
    pub kind: SourceKind,
    pub external_ref: String,
    pub same_author: bool,
    pub shared_fingerprints: u32,
    /// The source's stored text (detection spans point into it).
    pub text: String,
    pub detections: Vec<Detection>,
}

/// Everything a report is made from.
pub struct ReportInput<'a> {
    pub title: String,
    pub document: &'a ExtractedDocument,
    pub analyzed: &'a AnalyzedText,
    pub sources: Vec<SourceInfo>,
    pub exclusions: Exclusions,
    pub provenance: Provenance,
}

fn char_span(index: &CharIndex, span: Span) -> CharSpan {
    CharSpan { start: index.char_offset(span.start) as u32, end: index.char_offset(span.end) as u32 }
}

/// The word range of the tokens that start inside `span`.
fn word_range(tokens: &[Token], span: Span) -> WordRange {
    let start = tokens.partition_point(|token| token.span.start < span.start) as u32;
    let end = tokens.partition_point(|token| token.span.start < span.end) as u32;
    WordRange { start, end }
}

/// Which alphabet most letters of a text are written in: true for Latin.
fn mostly_latin(text: &str) -> bool {
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    for character in text.chars().filter(|c| c.is_alphabetic()) {
        if ('\u{0400}'..='\u{04FF}').contains(&character) {
            cyrillic += 1;
        } else if character.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&character) {
            latin += 1;
        }
    }
    latin > cyrillic
}

fn rewriting_of(
    detection: &Detection,
    submission_text: &str,
    source_text: &str,
    alerts: &[TextAlert],
    document: &ExtractedDocument,
) -> Vec<Rewriting> {
    let span = detection.submission_span;
    let mut kinds = Vec::new();
    let passage = &detection.passage;
    if passage.found_by == crate::compare::FoundBy::Translation {
        kinds.push(Rewriting::Translated);
        if !passage.in_order {
            kinds.push(Rewriting::Reordered);
        }
    } else if passage.found_by == crate::compare::FoundBy::Sentences {
        kinds.push(Rewriting::Paraphrased);
        if !passage.in_order {
            kinds.push(Rewriting::Reordered);
        }
    } else if !passage.in_order {
        kinds.push(Rewriting::Reordered);
    } else if passage.matched_words as f64 >= 0.97 * passage.submission_tokens.len() as f64
        && passage.submission_tokens.len().abs_diff(passage.source_tokens.len()) <= 1
    {
        kinds.push(Rewriting::Verbatim);
    } else {
        kinds.push(Rewriting::Edited);
    }
    if alerts.iter().any(|alert| matches!(alert, TextAlert::Homoglyph { .. }) && span.overlaps(&alert.span()))
    {
        kinds.push(Rewriting::Homoglyphs);
    }
    if alerts
        .iter()
        .any(|alert| matches!(alert, TextAlert::InvisibleCharacters { .. }) && span.overlaps(&alert.span()))
    {
        kinds.push(Rewriting::InvisibleCharacters);
    }
    let submission_latin = mostly_latin(&submission_text[span.start..span.end]);
    let source_latin = mostly_latin(&source_text[detection.source_span.start..detection.source_span.end]);
    let translated = kinds.contains(&Rewriting::Translated);
    if submission_latin != source_latin && !kinds.contains(&Rewriting::Homoglyphs) && !translated {
        kinds.push(Rewriting::Transliterated);
    }
    if document.hidden_regions().any(|region| region.span.overlaps(&span)) {
        kinds.push(Rewriting::HiddenText);
    }
    kinds
}

/// Builds the report and computes its figures under `input.exclusions`.
pub fn build_report(input: ReportInput<'_>) -> Report {
    let text = &input.document.text;
    let chars = CharIndex::new(text);
    let tokens = &input.analyzed.tokens;
    let bibliography = find_bibliography(text)
        .map(|span| BibliographyInfo { span: char_span(&chars, span), words: word_range(tokens, span) });

    let mut sources: Vec<SourceInfo> =
        input.sources.into_iter().filter(|source| !source.detections.is_empty()).collect();
    // Sources with more shared words first.
    sources.sort_by_key(|source| {
        std::cmp::Reverse(source.detections.iter().map(|d| d.passage.submission_tokens.len()).sum::<u32>())
    });

    let mut report_sources = Vec::with_capacity(sources.len());
    let mut passages = Vec::new();
    for (number, source) in sources.iter().enumerate() {
        let source_chars = CharIndex::new(&source.text);
        for detection in &source.detections {
            let category = if detection.citation.is_some() {
                PassageCategory::Citation
            } else if source.same_author {
                PassageCategory::SelfCitation
            } else {
                PassageCategory::Borrowing
            };
            let in_bibliography = bibliography.is_some_and(|b| {
                (b.words.start..b.words.end).contains(&detection.passage.submission_tokens.start)
            });
            passages.push(ReportPassage {
                number: 0,
                source: number as u32,
                submission_span: char_span(&chars, detection.submission_span),
                submission_words: WordRange {
                    start: detection.passage.submission_tokens.start,
                    end: detection.passage.submission_tokens.end,
                },
                source_span: char_span(&source_chars, detection.source_span),
                source_text: source.text[detection.source_span.start..detection.source_span.end].to_string(),
                matched_words: detection.passage.matched_words,
                category,
                rewriting: rewriting_of(
                    detection,
                    text,
                    &source.text,
                    &input.analyzed.alerts,
                    input.document,
                ),
                in_bibliography,
                translation: detection.translation.as_ref().map(|evidence| PassageTranslation {
                    source_language: evidence.source_language,
                    sentence_pairs: evidence
                        .sentence_pairs
                        .iter()
                        .map(|pair| SentencePair {
                            submission_span: char_span(&chars, pair.submission_span),
                            source_span: char_span(&source_chars, pair.source_span),
                            submission_words: pair
                                .submission_words
                                .iter()
                                .map(|span| char_span(&chars, *span))
                                .collect(),
                            source_words: pair
                                .source_words
                                .iter()
                                .map(|span| char_span(&source_chars, *span))
                                .collect(),
                        })
                        .collect(),
                }),
            });
        }
        report_sources.push(ReportSource {
            number: number as u32,
            document_id: source.document_id.clone(),
            title: source.title.clone(),
            authors: source.authors.clone(),
            year: source.year,
            kind: source.kind,
            external_ref: source.external_ref.clone(),
            same_author: source.same_author,
            share_percent: 0.0,
            shared_fingerprints: source.shared_fingerprints,
        });
    }
    passages.sort_by_key(|passage| (passage.submission_span.start, passage.source));
    for (number, passage) in passages.iter_mut().enumerate() {
        passage.number = number as u32;
    }

    let alerts = collect_alerts(input.document, input.analyzed, &chars, &passages);
    let mut report = Report {
        schema_version: REPORT_SCHEMA_VERSION,
        submission: SubmissionInfo {
            title: input.title,
            format: input.document.format,
            language: detect_language(text),
            words: tokens.len() as u32,
            characters: chars.char_len() as u32,
            pages: input.document.pages.len() as u32,
        },
        text: text.clone(),
        sources: report_sources,
        passages,
        alerts,
        bibliography,
        exclusions: Exclusions::default(),
        figures: Default::default(),
        provenance: input.provenance,
    };
    report.set_exclusions(input.exclusions);
    report
}

fn passage_holding(passages: &[ReportPassage], span: CharSpan) -> Option<u32> {
    passages
        .iter()
        .find(|passage| passage.submission_span.start < span.end && span.start < passage.submission_span.end)
        .map(|passage| passage.number)
}

fn collect_alerts(
    document: &ExtractedDocument,
    analyzed: &AnalyzedText,
    chars: &CharIndex,
    passages: &[ReportPassage],
) -> Vec<ReportAlert> {
    let mut alerts = Vec::new();
    for alert in &analyzed.alerts {
        let (kind, count) = match alert {
            TextAlert::Homoglyph { letters, .. } => (AlertKind::Homoglyph, *letters),
            TextAlert::InvisibleCharacters { count, .. } => (AlertKind::InvisibleCharacters, *count),
        };
        let span = char_span(chars, alert.span());
        alerts.push(ReportAlert { kind, span, count, passage: passage_holding(passages, span) });
    }
    for region in &document.regions {
        if let RegionKind::Hidden(hidden) = region.kind {
            let span = char_span(chars, region.span);
            alerts.push(ReportAlert {
                kind: AlertKind::Hidden(hidden),
                span,
                count: span.end - span.start,
                passage: passage_holding(passages, span),
            });
        }
    }
    for warning in &document.warnings {
        if let ExtractWarning::SuspiciousCharacters { count, .. } = warning {
            alerts.push(ReportAlert {
                kind: AlertKind::BrokenTextLayer,
                span: CharSpan { start: 0, end: chars.char_len() as u32 },
                count: *count as u32,
                passage: None,
            });
        }
    }
    alerts.sort_by_key(|alert| alert.span.start);
    alerts
}
