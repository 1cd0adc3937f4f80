//! Plain data shared by every step of the pipeline: spans, languages, extracted documents,
//! regions and alerts.
//!
//! This module owns no behaviour beyond small helpers on the data. It must not know about
//! extraction, indexing, storage or HTTP; every other module may import it.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a UTF-8 text.
///
/// Byte offsets are used everywhere inside Adal because they slice a `&str` in O(1).
/// Reports and PAN output convert them to Unicode code points with [`CharIndex`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two spans share at least one byte.
    pub const fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub const fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn union(&self, other: &Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Converts byte offsets of one text into Unicode code point offsets (what PAN ground truth,
/// JavaScript on BMP text and most people mean by "character").
pub struct CharIndex {
    /// `char_starts[i]` is the byte offset of the i-th code point; one extra entry for the end.
    char_starts: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut char_starts: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
        char_starts.push(text.len());
        CharIndex { char_starts }
    }

    /// The code point offset of a byte offset (a byte inside a code point maps to that code point).
    pub fn char_offset(&self, byte_offset: usize) -> usize {
        match self.char_starts.binary_search(&byte_offset) {
            Ok(index) => index,
            Err(index) => index.saturating_sub(1),
        }
    }

    /// The byte offset of a code point offset, clamped to the end of the text.
    pub fn byte_offset(&self, char_offset: usize) -> usize {
        let last = self.char_starts.len() - 1;
        self.char_starts[char_offset.min(last)]
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_starts.len() - 1
    }
}

/// A user-interface language. Kazakh comes first: it is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UiLang {
    #[default]
    Kk,
    Ru,
    En,
}

impl UiLang {
    pub const ALL: [UiLang; 3] = [UiLang::Kk, UiLang::Ru, UiLang::En];

    pub fn code(self) -> &'static str {
        match self {
            UiLang::Kk => "kk",
            UiLang::Ru => "ru",
            UiLang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<UiLang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "kk" | "kz" | "kk-kz" => Some(UiLang::Kk),
            "ru" | "ru-ru" | "ru-kz" => Some(UiLang::Ru),
            "en" | "en-us" | "en-gb" => Some(UiLang::En),
            _ => None,
        }
    }
}

/// A message written by hand in the three languages of Adal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Translated {
    pub kk: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
}

impl Translated {
    pub fn get(&self, lang: UiLang) -> &'static str {
        match lang {
            UiLang::Kk => self.kk,
            UiLang::Ru => self.ru,
            UiLang::En => self.en,
        }
    }
}

/// The language a document is written in, as far as Adal tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocLang {
    Kk,
    Ru,
    En,
    Other,
}

impl DocLang {
    pub fn code(self) -> &'static str {
        match self {
            DocLang::Kk => "kk",
            DocLang::Ru => "ru",
            DocLang::En => "en",
            DocLang::Other => "other",
        }
    }
}

/// The file format a document was extracted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    Pdf,
    Docx,
    Txt,
}

/// Why a stretch of extracted text would not be seen by a reader of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HiddenKind {
    /// Text coloured white or nearly the background colour.
    WhiteText,
    /// DOCX `w:vanish` / `w:specVanish` runs.
    Vanished,
    /// Text under 2 pt.
    TinyText,
    /// PDF text render mode 3 or 7 (neither filled nor stroked).
    InvisibleRenderMode,
}

/// What a region of the extracted text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "detail")]
pub enum RegionKind {
    Hidden(HiddenKind),
    Footnote,
    Table,
    /// A heading with its outline level (1 = top level).
    Heading(u8),
}

/// A stretch of the extracted text with a role, e.g. a footnote or hidden text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    #[serde(flatten)]
    pub kind: RegionKind,
    pub span: Span,
}

/// The text of one page (PDF) in the extracted text. DOCX and TXT have one page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRange {
    /// 1-based page number.
    pub number: u32,
    pub span: Span,
}

/// Something odd the extractor noticed that did not stop it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum ExtractWarning {
    /// A font without a usable ToUnicode map or known encoding; its text may be wrong.
    FontWithoutUnicode { font: String },
    /// Some characters of the text layer decode to scripts not expected in kk/ru/en text.
    SuspiciousCharacters { count: usize, share_per_mille: u32 },
    /// A page could not be read and was skipped.
    PageSkipped { page: u32, reason: String },
    /// A part of the file (e.g. footnotes.xml) could not be read and was skipped.
    PartSkipped { part: String, reason: String },
    /// The text file was decoded from a legacy encoding.
    LegacyEncoding { encoding: String },
    /// The document has pages without any text (possibly scanned images).
    PagesWithoutText { count: u32 },
}

/// The outcome of extraction: plain text with its structure and what looked suspicious.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractedDocument {
    pub format: DocumentFormat,
    /// The text, paragraphs separated by a blank line (`\n\n`), lines by `\n`.
    pub text: String,
    pub pages: Vec<PageRange>,
    /// Footnotes, tables, headings and hidden text, sorted by start.
    pub regions: Vec<Region>,
    pub warnings: Vec<ExtractWarning>,
}

impl ExtractedDocument {
    /// A plain-text document with one page and no regions.
    pub fn plain(format: DocumentFormat, text: String) -> Self {
        let span = Span::new(0, text.len());
        ExtractedDocument {
            format,
            text,
            pages: vec![PageRange { number: 1, span }],
            regions: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The hidden regions only.
    pub fn hidden_regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter().filter(|region| matches!(region.kind, RegionKind::Hidden(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_maps_cyrillic_bytes_to_code_points() {
        let text = "әб c";
        let index = CharIndex::new(text);
        assert_eq!(index.char_offset(0), 0);
        assert_eq!(index.char_offset(2), 1);
        assert_eq!(index.char_offset(4), 2);
        assert_eq!(index.char_offset(5), 3);
        assert_eq!(index.char_offset(6), 4);
        assert_eq!(index.byte_offset(3), 5);
        assert_eq!(index.char_len(), 4);
    }
}
