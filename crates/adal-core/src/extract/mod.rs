//! Bytes in, an [`ExtractedDocument`] out: PDF, DOCX and plain text.
//!
//! Extraction takes bytes, never paths, reads no clock or environment, and never panics on any
//! input: it either returns the text with its structure (pages, footnotes, tables, headings,
//! hidden regions) or a typed [`ExtractError`] whose message a student understands.
//! Work is bounded by [`ExtractLimits`].
//!
//! This module knows nothing about normalization, fingerprints, storage or HTTP.

mod docx;
mod error;
mod pdf;
mod plain;
#[cfg(test)]
mod revision_pin;
mod sniff;

pub use error::ExtractError;
pub use sniff::{sniff_format, SniffedFormat};

use crate::model::ExtractedDocument;

/// The revision of what extraction makes of given bytes. Bump it with every change that can
/// give another text, page or region for the same file: extractions kept beside uploads
/// (`pipeline::extracted_cache`) are only read by the revision that made them.
pub const EXTRACTION_REVISION: u32 = 2;

/// Limits that bound the time and memory of one extraction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtractLimits {
    /// Largest accepted input, in bytes (default 50 MB).
    pub max_file_bytes: u64,
    /// Largest total size of the parts a DOCX unpacks to, and of decoded PDF streams.
    pub max_decompressed_bytes: u64,
    /// Most pages read from a PDF.
    pub max_pages: u32,
    /// Most content-stream operations interpreted over a whole PDF.
    pub max_pdf_operations: u64,
    /// Largest extracted text, in bytes.
    pub max_text_bytes: u64,
}

impl ExtractLimits {
    /// The defaults for a thesis upload.
    pub const DEFAULT: ExtractLimits = ExtractLimits {
        max_file_bytes: 50_000_000,
        max_decompressed_bytes: 400_000_000,
        max_pages: 2_000,
        max_pdf_operations: 50_000_000,
        max_text_bytes: 20_000_000,
    };
}

impl Default for ExtractLimits {
    fn default() -> Self {
        ExtractLimits::DEFAULT
    }
}

/// Extracts a document of any supported format, detected from its bytes (the file name is only
/// a hint used in messages about unsupported formats).
pub fn extract(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ExtractError::TooLarge { size: bytes.len() as u64, limit: limits.max_file_bytes });
    }
    match sniff_format(bytes) {
        SniffedFormat::Pdf => pdf::extract_pdf(bytes, limits),
        SniffedFormat::Docx => docx::extract_docx(bytes, limits),
        SniffedFormat::Text => plain::extract_plain(bytes, limits),
        SniffedFormat::EncryptedOffice => Err(ExtractError::Encrypted),
        SniffedFormat::Unsupported(name) => Err(ExtractError::Unsupported { detected: name.to_string() }),
    }
}

/// Extracts bytes as a PDF whatever they look like: the fuzzing and regression-test entry point
/// of the PDF reader (`fuzz/`, `tests/fuzz_regressions.rs`). Same guarantees as [`extract`].
pub fn extract_as_pdf(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    pdf::extract_pdf(bytes, limits)
}

/// Extracts bytes as a DOCX package whatever they look like (fuzzing entry point).
pub fn extract_as_docx(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    docx::extract_docx(bytes, limits)
}

/// Extracts bytes as plain text whatever they look like (fuzzing entry point).
pub fn extract_as_text(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    plain::extract_plain(bytes, limits)
}
