//! Small helpers over quick-xml shared by the DOCX part readers: decoding a part's bytes to
//! text, telling WordprocessingML elements from others, and reading `w:val`-style attributes.
//!
//! It knows the two WordprocessingML namespaces (Transitional and ISO 29500 Strict) and the
//! markup-compatibility namespace, nothing about what the elements mean.

use quick_xml::events::{BytesRef, BytesStart};
use quick_xml::name::ResolveResult;
use quick_xml::XmlVersion;
use std::borrow::Cow;

const WORDPROCESSING_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const WORDPROCESSING_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MARKUP_COMPATIBILITY: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Elements deeper than this are refused: real documents nest a few dozen levels at most.
pub(super) const MAX_ELEMENT_DEPTH: usize = 2_000;

/// Which vocabulary an element belongs to, as far as the DOCX readers care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Vocabulary {
    /// WordprocessingML (`w:`), Transitional or Strict.
    Word,
    /// Markup compatibility (`mc:AlternateContent`, `mc:Choice`, `mc:Fallback`).
    MarkupCompatibility,
    Other,
}

pub(super) fn vocabulary(namespace: &ResolveResult<'_>) -> Vocabulary {
    match namespace {
        ResolveResult::Bound(namespace) => match namespace.0 {
            WORDPROCESSING_TRANSITIONAL | WORDPROCESSING_STRICT => Vocabulary::Word,
            MARKUP_COMPATIBILITY => Vocabulary::MarkupCompatibility,
            _ => Vocabulary::Other,
        },
        _ => Vocabulary::Other,
    }
}

/// Decodes an XML part to text: strips a UTF-8 BOM, decodes UTF-16 with a BOM, and replaces
/// invalid UTF-8 rather than failing (a damaged byte costs one character, not the document).
pub(super) fn decode_part(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Cow::Owned(encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0.into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Cow::Owned(encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0.into_owned());
    }
    String::from_utf8_lossy(bytes)
}

/// The unescaped value of the attribute whose local name is `local_name`, whatever its prefix.
pub(super) fn attribute(element: &BytesStart<'_>, local_name: &str) -> Option<String> {
    let mut attributes = element.attributes();
    attributes.with_checks(false);
    for attribute in attributes.flatten() {
        if attribute.key.local_name().as_ref() == local_name {
            let value = attribute.normalized_value(XmlVersion::Implicit1_0).unwrap_or(Cow::Borrowed(""));
            return Some(value.into_owned());
        }
    }
    None
}

/// The value of an on/off property such as `<w:vanish/>` or `<w:vanish w:val="false"/>`.
pub(super) fn on_off(element: &BytesStart<'_>) -> bool {
    match attribute(element, "val") {
        None => true,
        Some(value) => !matches!(value.trim(), "0" | "false" | "off"),
    }
}

/// The text an entity or character reference such as `&amp;` or `&#x4D9;` stands for.
pub(super) fn resolve_reference(reference: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(character)) = reference.resolve_char_ref() {
        return Some(character);
    }
    match &**reference {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}
