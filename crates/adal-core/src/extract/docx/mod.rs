//! DOCX extraction: the body text of a Word document with its footnotes, endnotes, tables,
//! headings and hidden text, read from the ZIP package with a decompression budget.
//!
//! Paragraphs (`w:p`) are joined with a blank line and the text ends with one `\n`, so for a
//! document made of plain paragraphs the text equals the paragraphs joined with `\n\n` plus a
//! final `\n`. Footnotes, then endnotes, follow the body, one paragraph each, in the order they
//! are referenced. Headers, footers and comments are not read.
//!
//! Why quick-xml and not docx-rs: docx-rs 0.4 reads every part it knows into memory with no
//! size limit (a zip bomb walks straight through it) and `unwrap()`s on read errors, ignores
//! footnotes and endnotes, and keeps both the DrawingML and the VML copy of text boxes. The
//! reader here is one streaming pass per part over quick-xml, bounded by [`ExtractLimits`],
//! that matches elements by namespace (so ISO 29500 Strict files read too). A `catch_unwind`
//! guards it as the last line of defence.
//!
//! This module knows nothing about PDF, plain text, normalization or what happens to the text.

mod archive;
mod body;
mod package;
mod paragraph;
mod props;
mod styles;
#[cfg(test)]
mod tests;
mod xml;

use super::{ExtractError, ExtractLimits};
use crate::model::{DocumentFormat, ExtractWarning, ExtractedDocument, PageRange, Region, RegionKind, Span};
use archive::DocxArchive;
use paragraph::{NoteKey, Paragraph, StoryContent};
use std::panic::{catch_unwind, AssertUnwindSafe};
use styles::StyleSheet;

pub(crate) fn extract_docx(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    match catch_unwind(AssertUnwindSafe(|| extract_docx_unguarded(bytes, limits))) {
        Ok(result) => result,
        Err(_) => Err(ExtractError::Corrupt { reason: "the DOCX reader failed on this file".into() }),
    }
}

fn extract_docx_unguarded(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    let mut archive = DocxArchive::open(bytes, limits)?;
    let parts = package::locate_parts(&mut archive)?;
    let mut warnings = Vec::new();
    let main = archive
        .read_part(&parts.main)?
        .ok_or_else(|| ExtractError::Corrupt { reason: format!("{} is missing", parts.main) })?;
    let styles = match archive.read_part(&parts.styles) {
        Ok(Some(part)) => StyleSheet::parse(&xml::decode_part(&part)).unwrap_or_else(|reason| {
            warnings.push(ExtractWarning::PartSkipped { part: parts.styles.clone(), reason });
            StyleSheet::default()
        }),
        Ok(None) => StyleSheet::default(),
        Err(ExtractError::Corrupt { reason }) => {
            warnings.push(ExtractWarning::PartSkipped { part: parts.styles.clone(), reason });
            StyleSheet::default()
        }
        Err(other) => return Err(other),
    };
    let body = body::read_story(&xml::decode_part(&main), &styles)
        .map_err(|reason| ExtractError::Corrupt { reason: format!("{}: {reason}", parts.main) })?;
    drop(main);
    let footnotes = read_notes_part(&mut archive, &parts.footnotes, &styles, &mut warnings)?;
    let endnotes = read_notes_part(&mut archive, &parts.endnotes, &styles, &mut warnings)?;
    let notes = order_notes(&body.note_references, footnotes, endnotes);
    assemble(body.paragraphs, notes, warnings, limits)
}

/// Reads a notes part; a damaged one is skipped with a warning, but a zip bomb still refuses
/// the whole file.
fn read_notes_part(
    archive: &mut DocxArchive<'_>,
    part: &str,
    styles: &StyleSheet,
    warnings: &mut Vec<ExtractWarning>,
) -> Result<Vec<Paragraph>, ExtractError> {
    let bytes = match archive.read_part(part) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(Vec::new()),
        Err(ExtractError::Corrupt { reason }) => {
            warnings.push(ExtractWarning::PartSkipped { part: part.into(), reason });
            return Ok(Vec::new());
        }
        Err(other) => return Err(other),
    };
    match body::read_story(&xml::decode_part(&bytes), styles) {
        Ok(StoryContent { paragraphs, .. }) => Ok(paragraphs),
        Err(reason) => {
            warnings.push(ExtractWarning::PartSkipped { part: part.into(), reason });
            Ok(Vec::new())
        }
    }
}

/// Footnotes in the order the body first refers to them, then unreferenced ones in file order;
/// then endnotes the same way. Each inner vector holds the paragraphs of one note.
fn order_notes(
    references: &[NoteKey],
    footnotes: Vec<Paragraph>,
    endnotes: Vec<Paragraph>,
) -> Vec<Vec<Paragraph>> {
    let mut ordered = Vec::new();
    for paragraphs in [footnotes, endnotes] {
        let mut notes: Vec<(Option<NoteKey>, Vec<Paragraph>)> = Vec::new();
        for paragraph in paragraphs {
            match notes.last_mut() {
                Some((key, group)) if *key == paragraph.note => group.push(paragraph),
                _ => notes.push((paragraph.note.clone(), vec![paragraph])),
            }
        }
        let rank = |key: &Option<NoteKey>| {
            key.as_ref()
                .and_then(|key| references.iter().position(|reference| reference == key))
                .unwrap_or(usize::MAX)
        };
        // A stable sort keeps unreferenced notes in file order after the referenced ones.
        notes.sort_by_key(|(key, _)| rank(key));
        ordered.extend(notes.into_iter().map(|(_, group)| group));
    }
    ordered
}

/// Joins body paragraphs and notes into the text, recording headings, tables, footnotes and
/// hidden text as regions.
fn assemble(
    body: Vec<Paragraph>,
    notes: Vec<Vec<Paragraph>>,
    warnings: Vec<ExtractWarning>,
    limits: &ExtractLimits,
) -> Result<ExtractedDocument, ExtractError> {
    let mut text = String::new();
    let mut regions = Vec::new();
    let mut open_table: Option<(u32, Span)> = None;
    for paragraph in body {
        let span = push_paragraph(&mut text, &mut regions, &paragraph);
        if let Some(level) = paragraph.heading_level {
            regions.push(Region { kind: RegionKind::Heading(level), span });
        }
        open_table = match (open_table, paragraph.table) {
            (Some((table, table_span)), Some(current)) if table == current => {
                Some((table, table_span.union(&span)))
            }
            (previous, current) => {
                if let Some((_, table_span)) = previous {
                    regions.push(Region { kind: RegionKind::Table, span: table_span });
                }
                current.map(|table| (table, span))
            }
        };
    }
    if let Some((_, table_span)) = open_table {
        regions.push(Region { kind: RegionKind::Table, span: table_span });
    }
    for note in notes {
        let mut note_span: Option<Span> = None;
        for paragraph in &note {
            let span = push_paragraph(&mut text, &mut regions, paragraph);
            note_span = Some(note_span.map_or(span, |so_far| so_far.union(&span)));
        }
        if let Some(span) = note_span {
            regions.push(Region { kind: RegionKind::Footnote, span });
        }
    }
    if text.is_empty() {
        return Err(ExtractError::NoTextLayer);
    }
    text.push('\n');
    if text.len() as u64 > limits.max_text_bytes {
        return Err(ExtractError::TooComplex {
            reason: format!("the text is longer than {} bytes", limits.max_text_bytes),
        });
    }
    regions.sort_by_key(|region| region.span.start);
    let span = Span::new(0, text.len());
    Ok(ExtractedDocument {
        format: DocumentFormat::Docx,
        text,
        pages: vec![PageRange { number: 1, span }],
        regions,
        warnings,
    })
}

/// Appends one paragraph (after a blank line if text precedes it) with its hidden regions,
/// and returns its span.
fn push_paragraph(text: &mut String, regions: &mut Vec<Region>, paragraph: &Paragraph) -> Span {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let start = text.len();
    text.push_str(&paragraph.text);
    for hidden in &paragraph.hidden {
        let span = Span::new(start + hidden.start, start + hidden.end);
        regions.push(Region { kind: RegionKind::Hidden(hidden.kind), span });
    }
    Span::new(start, text.len())
}
