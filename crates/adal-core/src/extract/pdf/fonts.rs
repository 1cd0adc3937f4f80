//! PDF fonts as the text extractor needs them: how a shown string splits into codes, the text of
//! each code, and each glyph's advance width.
//!
//! The text of a code comes from `/ToUnicode` first and only then from `/Encoding` (a base
//! encoding, `/Differences` glyph names, or a predefined Unicode CMap of a composite font):
//! Chromium's Type3 fonts carry an `/Encoding` of meaningless glyph names next to a correct
//! `/ToUnicode`. Widths come from `/FirstChar` + `/Widths` (simple fonts), `/W` and `/DW`
//! (composite fonts), scaled by `/FontMatrix` for Type3 fonts. This module knows nothing about
//! the page, colours or layout.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::CMap;
use super::encoding::{text_of_glyph_name, BaseEncoding, CodeTable};

/// Most explicit CID widths kept for one font.
const MAX_CID_WIDTHS: usize = 100_000;
/// Largest decoded font stream (ToUnicode or embedded CMap).
const MAX_CMAP_BYTES: usize = 8_000_000;

/// How the text of a code is found when `/ToUnicode` has no entry for it.
#[derive(Debug)]
enum Fallback {
    /// A simple font: a 256-entry table plus multi-character glyph names.
    Table { table: Box<CodeTable>, ligatures: HashMap<u8, String> },
    /// A composite font whose CMap codes are UTF-16 code units (`Uni…-UCS2-H`, `Uni…-UTF16-H`).
    Utf16,
    /// Nothing: the code has no known text.
    None,
}

/// Advance widths in glyph-space thousandths (before the `/FontMatrix` scale).
#[derive(Debug)]
enum Widths {
    Simple { first_code: u32, widths: Vec<f64>, missing: f64 },
    Composite { default: f64, widths: HashMap<u32, f64>, ranges: Vec<(u32, u32, f64)> },
}

/// A font, ready to decode shown strings.
#[derive(Debug)]
pub(crate) struct Font {
    /// `/BaseFont`, for warnings.
    pub name: String,
    to_unicode: Option<CMap>,
    /// The codespace (and CIDs) of a composite font's embedded `/Encoding` CMap.
    encoding_cmap: Option<CMap>,
    /// Bytes per code when no codespace says otherwise: 1 for simple fonts, 2 for composite.
    default_code_length: usize,
    fallback: Fallback,
    widths: Widths,
    /// Glyph-space units → text-space units (0.001, or `/FontMatrix` `a` for Type3 fonts).
    width_scale: f64,
    composite: bool,
}

/// One code of a shown string.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Code {
    pub value: u32,
    pub length: usize,
}

impl Font {
    /// Reads a font dictionary. Never fails: a damaged font decodes to fewer characters.
    pub fn load(document: &Document, font: &Dictionary) -> Font {
        let subtype = name_of(document, font.get(b"Subtype").ok()).unwrap_or_default();
        let name = name_of(document, font.get(b"BaseFont").ok())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_else(|| String::from_utf8_lossy(&subtype).into_owned());
        let to_unicode = stream_of(document, font.get(b"ToUnicode").ok())
            .map(|data| CMap::parse(&data))
            .filter(|cmap| !cmap.has_no_text());
        if subtype == b"Type0" {
            Font::load_composite(document, font, name, to_unicode)
        } else {
            Font::load_simple(document, font, name, to_unicode, subtype == b"Type3", subtype == b"TrueType")
        }
    }

    fn load_composite(
        document: &Document,
        font: &Dictionary,
        name: String,
        to_unicode: Option<CMap>,
    ) -> Font {
        let encoding = font.get(b"Encoding").ok().map(|object| resolve(document, object));
        let (encoding_cmap, fallback) = match encoding {
            Some(Object::Name(cmap_name)) => {
                let unicode_cmap = cmap_name.starts_with(b"Uni")
                    && (cmap_name.windows(4).any(|w| w == b"UCS2")
                        || cmap_name.windows(5).any(|w| w == b"UTF16"));
                (None, if unicode_cmap { Fallback::Utf16 } else { Fallback::None })
            }
            Some(Object::Stream(stream)) => {
                let data = stream.get_plain_content_with_limit(MAX_CMAP_BYTES).unwrap_or_default();
                (Some(CMap::parse(&data)), Fallback::None)
            }
            _ => (None, Fallback::None),
        };
        let descendant = font
            .get(b"DescendantFonts")
            .ok()
            .map(|object| resolve(document, object))
            .and_then(|object| object.as_array().ok())
            .and_then(|array| array.first())
            .map(|object| resolve(document, object))
            .and_then(|object| object.as_dict().ok());
        let widths = descendant.map_or(
            Widths::Composite { default: 1000.0, widths: HashMap::new(), ranges: Vec::new() },
            |descendant| composite_widths(document, descendant),
        );
        Font {
            name,
            to_unicode,
            encoding_cmap,
            default_code_length: 2,
            fallback,
            widths,
            width_scale: 0.001,
            composite: true,
        }
    }

    fn load_simple(
        document: &Document,
        font: &Dictionary,
        name: String,
        to_unicode: Option<CMap>,
        type3: bool,
        true_type: bool,
    ) -> Font {
        let default_base = if true_type { BaseEncoding::WinAnsi } else { BaseEncoding::Standard };
        let mut table: Box<CodeTable> = Box::new(*default_base.table());
        let mut ligatures = HashMap::new();
        match font.get(b"Encoding").ok().map(|object| resolve(document, object)) {
            Some(Object::Name(base)) => {
                if let Some(base) = BaseEncoding::from_name(base) {
                    table = Box::new(*base.table());
                }
            }
            Some(Object::Dictionary(encoding)) => {
                if let Some(base) = name_of(document, encoding.get(b"BaseEncoding").ok())
                    .and_then(|base| BaseEncoding::from_name(&base))
                {
                    table = Box::new(*base.table());
                }
                apply_differences(document, encoding, &mut table, &mut ligatures);
            }
            _ => {}
        }
        let first_code = font.get(b"FirstChar").ok().and_then(|o| number(document, o)).unwrap_or(0.0);
        let widths: Vec<f64> = font
            .get(b"Widths")
            .ok()
            .map(|object| resolve(document, object))
            .and_then(|object| object.as_array().ok())
            .map(|array| array.iter().take(65_536).map(|w| number(document, w).unwrap_or(0.0)).collect())
            .unwrap_or_default();
        let descriptor =
            font.get(b"FontDescriptor").ok().map(|o| resolve(document, o)).and_then(|o| o.as_dict().ok());
        let missing = descriptor
            .and_then(|descriptor| descriptor.get(b"MissingWidth").ok())
            .and_then(|o| number(document, o))
            .unwrap_or(if widths.is_empty() { 500.0 } else { 0.0 });
        let width_scale = if type3 {
            font.get(b"FontMatrix")
                .ok()
                .map(|o| resolve(document, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|matrix| matrix.first())
                .and_then(|a| number(document, a))
                .filter(|a| a.abs() > 1e-9)
                .map_or(0.001, f64::abs)
        } else {
            0.001
        };
        Font {
            name,
            to_unicode,
            encoding_cmap: None,
            default_code_length: 1,
            fallback: Fallback::Table { table, ligatures },
            widths: Widths::Simple { first_code: first_code.clamp(0.0, 65_535.0) as u32, widths, missing },
            width_scale,
            composite: false,
        }
    }

    /// Splits the next code off a shown string.
    pub fn next_code(&self, bytes: &[u8]) -> Code {
        let cmap = self
            .encoding_cmap
            .as_ref()
            .filter(|cmap| cmap.has_codespace())
            .or(self.to_unicode.as_ref().filter(|cmap| self.composite && cmap.has_codespace()));
        let (value, length) = match cmap {
            Some(cmap) => cmap.next_code(bytes, self.default_code_length),
            None => CMap::default().next_code(bytes, self.default_code_length),
        };
        Code { value, length }
    }

    /// Appends the text of a code to `out`; returns false when the code has no known text.
    pub fn push_text(&self, code: Code, out: &mut String) -> bool {
        if let Some(text) = self.to_unicode.as_ref().and_then(|cmap| cmap.text_of(code.value, code.length)) {
            // A ToUnicode entry to nothing or to control characters is a deliberate "no text".
            for c in text.chars() {
                push_char(c, out);
            }
            return true;
        }
        match &self.fallback {
            Fallback::Table { table, ligatures } => {
                let byte = (code.value & 0xFF) as u8;
                if let Some(text) = ligatures.get(&byte) {
                    text.chars().for_each(|c| push_char(c, out));
                    return true;
                }
                match table[usize::from(byte)] {
                    Some(c) if !c.is_control() => {
                        push_char(c, out);
                        true
                    }
                    _ => false,
                }
            }
            Fallback::Utf16 => match char::from_u32(code.value) {
                Some(c) if !c.is_control() => {
                    out.push(c);
                    true
                }
                _ => false,
            },
            Fallback::None => false,
        }
    }

    /// The advance of a code in text-space units for a font size of 1.
    pub fn advance(&self, code: Code) -> f64 {
        let width = match &self.widths {
            Widths::Simple { first_code, widths, missing } => code
                .value
                .checked_sub(*first_code)
                .and_then(|index| widths.get(index as usize))
                .copied()
                .unwrap_or(*missing),
            Widths::Composite { default, widths, ranges } => {
                let cid = self
                    .encoding_cmap
                    .as_ref()
                    .and_then(|cmap| cmap.cid_of(code.value, code.length))
                    .unwrap_or(code.value);
                widths
                    .get(&cid)
                    .copied()
                    .or_else(|| {
                        ranges
                            .iter()
                            .find(|(first, last, _)| *first <= cid && cid <= *last)
                            .map(|(_, _, width)| *width)
                    })
                    .unwrap_or(*default)
            }
        };
        let advance = width * self.width_scale;
        if advance.is_finite() {
            advance
        } else {
            0.0
        }
    }

    /// True when a one-byte code 32 is shown: the only code word spacing (`Tw`) applies to.
    pub fn is_word_space(&self, code: Code) -> bool {
        code.length == 1 && code.value == 32
    }
}

/// Appends one decoded character: Latin ligature glyphs (U+FB00–U+FB06) are spelled out, tabs
/// become spaces and other control characters (a ToUnicode entry's way of saying "no text") are
/// dropped.
fn push_char(c: char, out: &mut String) {
    let spelled = match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        '\t' => " ",
        c if c.is_control() => "",
        c => {
            out.push(c);
            return;
        }
    };
    out.push_str(spelled);
}

fn composite_widths(document: &Document, descendant: &Dictionary) -> Widths {
    let default = descendant.get(b"DW").ok().and_then(|o| number(document, o)).unwrap_or(1000.0);
    let mut widths = HashMap::new();
    let mut ranges = Vec::new();
    let entries = descendant.get(b"W").ok().map(|o| resolve(document, o)).and_then(|o| o.as_array().ok());
    let entries: &[Object] = entries.map_or(&[], |array| array.as_slice());
    let mut index = 0;
    while index < entries.len() && widths.len() + ranges.len() < MAX_CID_WIDTHS {
        let Some(first) = number(document, &entries[index]) else { break };
        let first = first.clamp(0.0, f64::from(u32::MAX)) as u32;
        match entries.get(index + 1).map(|o| resolve(document, o)) {
            Some(Object::Array(list)) => {
                for (offset, width) in list.iter().enumerate().take(MAX_CID_WIDTHS) {
                    if let Some(width) = number(document, width) {
                        widths.insert(first.saturating_add(offset as u32), width);
                    }
                }
                index += 2;
            }
            Some(last) => {
                let last = number(document, last).map(|n| n.clamp(0.0, f64::from(u32::MAX)) as u32);
                let width = entries.get(index + 2).and_then(|o| number(document, o));
                if let (Some(last), Some(width)) = (last, width) {
                    ranges.push((first, last, width));
                }
                index += 3;
            }
            None => break,
        }
    }
    Widths::Composite { default, widths, ranges }
}

fn apply_differences(
    document: &Document,
    encoding: &Dictionary,
    table: &mut CodeTable,
    ligatures: &mut HashMap<u8, String>,
) {
    let Some(differences) =
        encoding.get(b"Differences").ok().map(|o| resolve(document, o)).and_then(|o| o.as_array().ok())
    else {
        return;
    };
    let mut code: usize = 0;
    for entry in differences {
        match resolve(document, entry) {
            Object::Integer(value) => code = (*value).clamp(0, 255) as usize,
            Object::Name(name) => {
                if code < 256 {
                    let text = text_of_glyph_name(name);
                    let mut chars = text.as_deref().unwrap_or_default().chars();
                    match (chars.next(), chars.next()) {
                        (Some(single), None) => table[code] = Some(single),
                        (Some(_), Some(_)) => {
                            table[code] = None;
                            ligatures.insert(code as u8, text.unwrap_or_default());
                        }
                        // An unknown name (e.g. `/g12`) says nothing about the text: no table entry.
                        _ => table[code] = None,
                    }
                }
                code += 1;
            }
            _ => {}
        }
    }
}

/// Follows references (a bounded number of times).
pub(crate) fn resolve<'a>(document: &'a Document, object: &'a Object) -> &'a Object {
    document.dereference(object).map_or(object, |(_, target)| target)
}

/// A finite number, following a reference.
pub(crate) fn number(document: &Document, object: &Object) -> Option<f64> {
    let value = resolve(document, object).as_float().ok().map(f64::from)?;
    value.is_finite().then_some(value)
}

fn name_of(document: &Document, object: Option<&Object>) -> Option<Vec<u8>> {
    object.and_then(|object| resolve(document, object).as_name().ok()).map(<[u8]>::to_vec)
}

fn stream_of(document: &Document, object: Option<&Object>) -> Option<Vec<u8>> {
    let stream = resolve(document, object?).as_stream().ok()?;
    stream.get_plain_content_with_limit(MAX_CMAP_BYTES).ok()
}
