//! Simple-font encodings: the standard code → character tables (WinAnsi, MacRoman, Standard,
//! MacExpert) and glyph names (`/Differences`, `bfchar` names) → text.
//!
//! lopdf carries the tables and the Adobe Glyph List but keeps them private; its only public
//! door to them is a font dictionary's encoding. So we ask through that door: a throw-away
//! `/Font` dictionary with the encoding (or a one-name `/Differences`) decodes one code at a
//! time. The tables are built once per process. This module knows nothing about pages or
//! layout.

use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object};

/// A code → text table for one-byte codes.
pub(crate) type CodeTable = [Option<char>; 256];

/// The named base encodings of simple fonts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    MacExpert,
}

impl BaseEncoding {
    pub fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            b"MacExpertEncoding" => Some(BaseEncoding::MacExpert),
            _ => None,
        }
    }

    /// The code table of this encoding.
    pub fn table(self) -> &'static CodeTable {
        static TABLES: [OnceLock<CodeTable>; 4] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let (slot, name): (usize, &[u8]) = match self {
            BaseEncoding::Standard => (0, b"StandardEncoding"),
            BaseEncoding::WinAnsi => (1, b"WinAnsiEncoding"),
            BaseEncoding::MacRoman => (2, b"MacRomanEncoding"),
            BaseEncoding::MacExpert => (3, b"MacExpertEncoding"),
        };
        TABLES[slot].get_or_init(|| build_table(Object::Name(name.to_vec())))
    }
}

/// Asks lopdf for the 256 characters of a named encoding.
fn build_table(encoding: Object) -> CodeTable {
    let mut table: CodeTable = [None; 256];
    let document = Document::new();
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", encoding);
    let Ok(decoder) = font.get_font_encoding(&document) else { return table };
    for (code, slot) in table.iter_mut().enumerate() {
        if let Ok(text) = decoder.bytes_to_string(&[code as u8]) {
            let mut chars = text.chars();
            if let (Some(first), None) = (chars.next(), chars.next()) {
                *slot = Some(first);
            }
        }
    }
    // WinAnsi maps the unused code 0xA0 and others to spaces and bullets; lopdf follows the spec.
    table
}

/// The text of a glyph name, following the Adobe Glyph List rules: `uniXXXX` sequences,
/// `uXXXX[XX]`, ligature names joined by `_`, suffixes after `.` dropped, and AGL names.
pub(crate) fn text_of_glyph_name(name: &[u8]) -> Option<String> {
    let base = name.split(|&b| b == b'.').next().unwrap_or_default();
    if base.is_empty() {
        return None;
    }
    let mut text = String::new();
    for component in base.split(|&b| b == b'_') {
        text.push_str(&text_of_component(component)?);
    }
    (!text.is_empty()).then_some(text)
}

fn text_of_component(component: &[u8]) -> Option<String> {
    let as_text = std::str::from_utf8(component).ok()?;
    if let Some(hex) = as_text.strip_prefix("uni") {
        if !hex.is_empty() && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = hex
                .as_bytes()
                .chunks(4)
                .filter_map(|chunk| u16::from_str_radix(std::str::from_utf8(chunk).ok()?, 16).ok())
                .collect();
            return Some(String::from_utf16_lossy(&units));
        }
    }
    if let Some(hex) = as_text.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(String::from);
        }
    }
    lopdf_glyph_name(component)
}

/// Looks a glyph name up in lopdf's Adobe Glyph List through a one-entry `/Differences`.
fn lopdf_glyph_name(name: &[u8]) -> Option<String> {
    let document = Document::new();
    let mut differences = Dictionary::new();
    differences.set("Differences", Object::Array(vec![Object::Integer(0), Object::Name(name.to_vec())]));
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Dictionary(differences));
    let decoder = font.get_font_encoding(&document).ok()?;
    // An unknown name makes lopdf fall back to StandardEncoding, which has nothing at code 0.
    let text = decoder.bytes_to_string(&[0]).ok()?;
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_tables_come_from_lopdf() {
        assert_eq!(BaseEncoding::WinAnsi.table()[b'A' as usize], Some('A'));
        assert_eq!(BaseEncoding::WinAnsi.table()[0x97], Some('—'));
        assert_eq!(BaseEncoding::Standard.table()[0x27], Some('’'));
        assert_eq!(BaseEncoding::MacRoman.table()[0x8A], Some('ä'));
    }

    #[test]
    fn glyph_names_follow_the_glyph_list() {
        let check = |name: &str, expected: Option<&str>| {
            assert_eq!(text_of_glyph_name(name.as_bytes()).as_deref(), expected, "{name}");
        };
        check("A", Some("A"));
        check("afii10017", Some("А"));
        check("schwacyrillic", Some("ә"));
        check("uni04D9", Some("ә"));
        check("uni00660069", Some("fi"));
        check("u1F600", Some("😀"));
        check("f_i", Some("fi"));
        check("a.sc", Some("a"));
        check("g123", None);
        check(".notdef", None);
    }
}
