//! PDF extraction: bytes → [`ExtractedDocument`] with pages, hidden regions and warnings, or a
//! typed refusal (encrypted, no text layer, garbled text layer, corrupt, too complex).
//!
//! lopdf parses the file; our own content-stream walker (`content`) reads the glyphs with
//! their positions, `fonts` decodes them (ToUnicode before /Encoding), `layout` puts them in
//! reading order, and `quality` judges whether the decoded text is real. lopdf's own
//! `extract_text` is not used: it prefers /Encoding over /ToUnicode and follows stream order,
//! which garbles Kazakh letters drawn from fallback fonts after the rest of the line.
//!
//! Work is bounded by [`ExtractLimits`], and a panic inside lopdf on hostile input is caught
//! and reported as a corrupt file. Like all of `extract`, this module reads no clock,
//! environment or file system and knows nothing about normalization or storage.

mod cmap;
mod content;
mod encoding;
mod fonts;
mod geometry;
mod layout;
mod page;
mod quality;
mod visibility;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Document, LoadOptions};

use super::{ExtractError, ExtractLimits};
use crate::model::{
    DocumentFormat, ExtractWarning, ExtractedDocument, HiddenKind, PageRange, Region, RegionKind, Span,
};
use content::Walker;
use page::{Budget, GlyphCounts, PageContent, WalkError};
use quality::{Quality, GARBLED_PER_MILLE};

/// Extracts the text of a PDF. Never panics: a panic inside the parser becomes `Corrupt`.
pub(crate) fn extract_pdf(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    match catch_unwind(AssertUnwindSafe(|| extract_unguarded(bytes, limits))) {
        Ok(result) => result,
        Err(_) => Err(ExtractError::Corrupt { reason: "the PDF parser failed on this file".into() }),
    }
}

fn extract_unguarded(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    let document = load(bytes, limits)?;
    let page_limit = limits.max_pages as usize;
    let page_ids: Vec<_> = document.page_iter().take(page_limit.saturating_add(1)).collect();
    if page_ids.is_empty() {
        return Err(ExtractError::Corrupt { reason: "the PDF has no readable pages".into() });
    }
    if page_ids.len() > page_limit {
        return Err(ExtractError::TooComplex { reason: format!("more than {page_limit} pages") });
    }
    let mut budget = Budget {
        operations_left: limits.max_pdf_operations,
        operations_limit: limits.max_pdf_operations,
        decoded_bytes_left: limits.max_decompressed_bytes,
        decoded_bytes_limit: limits.max_decompressed_bytes,
        text_bytes_limit: limits.max_text_bytes,
    };
    let mut walker = Walker::new(&document);
    let mut assembled = Assembled::default();
    for (index, page_id) in page_ids.into_iter().enumerate() {
        let mut page = walker.walk_page(page_id, &mut budget).map_err(refusal_of_walk)?;
        treat_ocr_layer_as_visible(&mut page);
        assembled.add_page(index as u32 + 1, &page);
        if assembled.text.len() as u64 > limits.max_text_bytes {
            return Err(ExtractError::TooComplex {
                reason: format!("more than {} bytes of text", limits.max_text_bytes),
            });
        }
    }
    assembled.finish()
}

/// Loads the document, telling encrypted and damaged files apart.
fn load(bytes: &[u8], limits: &ExtractLimits) -> Result<Document, ExtractError> {
    let options = LoadOptions {
        max_decompressed_size: Some(usize::try_from(limits.max_decompressed_bytes).unwrap_or(usize::MAX)),
        ..LoadOptions::default()
    };
    match Document::load_mem_with_options(bytes, options) {
        // lopdf opens files whose user password is empty (owner-restricted PDFs any viewer opens)
        // and leaves the others without objects: those need a password we do not have.
        Ok(document) if document.trailer.has(b"Encrypt") && !document.was_encrypted() => {
            Err(ExtractError::Encrypted)
        }
        Ok(document) => Ok(document),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(ExtractError::DecompressionBomb { limit: limits.max_decompressed_bytes })
        }
        Err(_) if declares_encryption(bytes) => Err(ExtractError::Encrypted),
        Err(error) => Err(ExtractError::Corrupt { reason: error.to_string() }),
    }
}

/// True when the raw bytes carry an `/Encrypt` entry (for files lopdf cannot load).
fn declares_encryption(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|window| window == b"/Encrypt")
}

fn refusal_of_walk(error: WalkError) -> ExtractError {
    match error {
        WalkError::Operations { limit } => {
            ExtractError::TooComplex { reason: format!("more than {limit} drawing operations") }
        }
        WalkError::DecodedBytes { limit } => ExtractError::DecompressionBomb { limit },
        WalkError::TextBytes { limit } => {
            ExtractError::TooComplex { reason: format!("more than {limit} bytes of text") }
        }
    }
}

/// Invisible text over a scanned image is the OCR layer of the scan: the reader sees the same
/// words in the image, so it is not hidden text.
fn treat_ocr_layer_as_visible(page: &mut PageContent) {
    let images = &page.images;
    for glyph in &mut page.glyphs {
        if glyph.hidden == Some(HiddenKind::InvisibleRenderMode) {
            let centre = ((glyph.x0 + glyph.x1) / 2.0, glyph.y + glyph.size * 0.3);
            let (x, y) = page::turn_forward(centre, glyph.direction);
            if images.iter().any(|image| image.contains(x, y)) {
                glyph.hidden = None;
            }
        }
    }
}

/// The document text being assembled page by page.
#[derive(Default)]
struct Assembled {
    text: String,
    pages: Vec<PageRange>,
    regions: Vec<Region>,
    glyphs_by_font: BTreeMap<String, GlyphCounts>,
    pages_without_text: u32,
}

impl Assembled {
    fn add_page(&mut self, number: u32, page: &PageContent) {
        let laid_out = layout::lay_out(page);
        for (font, counts) in &page.glyphs_by_font {
            let total = self.glyphs_by_font.entry(font.clone()).or_default();
            total.known += counts.known;
            total.unknown += counts.unknown;
        }
        if laid_out.text.trim().is_empty() {
            self.pages_without_text += 1;
        }
        if !self.text.is_empty() && !laid_out.text.is_empty() {
            // A word hyphenated across the page break stays joinable: "-\n" like any line end.
            self.text.push_str(if self.text.ends_with('-') { "\n" } else { "\n\n" });
        }
        let start = self.text.len();
        self.text.push_str(&laid_out.text);
        self.pages.push(PageRange { number, span: Span::new(start, self.text.len()) });
        for (span, kind) in laid_out.hidden {
            let span = Span::new(span.start + start, span.end + start);
            self.regions.push(Region { kind: RegionKind::Hidden(kind), span });
        }
    }

    fn finish(self) -> Result<ExtractedDocument, ExtractError> {
        let undecodable: Vec<(&String, &GlyphCounts)> =
            self.glyphs_by_font.iter().filter(|(_, counts)| counts.is_undecodable()).collect();
        let unknown_glyphs: usize = undecodable.iter().map(|(_, counts)| counts.unknown).sum();
        let quality = Quality::measure(&self.text, unknown_glyphs);
        let has_letters = self.text.chars().any(char::is_alphanumeric);
        if !has_letters && unknown_glyphs == 0 {
            return Err(ExtractError::NoTextLayer);
        }
        let share_per_mille = quality.share_per_mille();
        if share_per_mille >= GARBLED_PER_MILLE || !has_letters {
            return Err(ExtractError::GarbledTextLayer { share_per_mille });
        }
        let mut warnings = Vec::new();
        if quality.unexpected > 0 {
            warnings
                .push(ExtractWarning::SuspiciousCharacters { count: quality.unexpected, share_per_mille });
        }
        for (font, _) in undecodable.iter().take(20) {
            warnings.push(ExtractWarning::FontWithoutUnicode { font: font.to_string() });
        }
        if self.pages_without_text > 0 {
            warnings.push(ExtractWarning::PagesWithoutText { count: self.pages_without_text });
        }
        Ok(ExtractedDocument {
            format: DocumentFormat::Pdf,
            text: self.text,
            pages: self.pages,
            regions: self.regions,
            warnings,
        })
    }
}
