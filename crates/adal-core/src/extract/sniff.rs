//! Telling file formats apart by their bytes, never by their names.
//!
//! This module owns the decision "which reader gets these bytes": PDF, DOCX, plain text, or a
//! refusal naming the format (legacy Word, ODT, RTF, images, other ZIP or OLE containers).
//! It reads at most the ZIP central directory and one tiny `mimetype` entry; it never parses a
//! document. It must not know how any format is read.

use std::io::{Cursor, Read};

/// What the bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SniffedFormat {
    Pdf,
    Docx,
    /// Anything unrecognised; the plain-text reader decides whether it really is text.
    Text,
    /// An OLE container holding an encrypted OOXML package (a password-protected DOCX).
    EncryptedOffice,
    /// A recognised format Adal does not read, named for the student (e.g. "DOC", "ODT", "RTF").
    Unsupported(&'static str),
}

/// How far into the file a `%PDF` header may start. PDF readers accept some junk before the
/// header (Acrobat looks at the first 1024 bytes), and so do we.
const PDF_HEADER_SEARCH_BYTES: usize = 1024;

/// The OLE compound file signature (legacy .doc/.xls/.ppt and encrypted OOXML).
const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Detects the format of a file from its content.
pub fn sniff_format(bytes: &[u8]) -> SniffedFormat {
    if bytes.starts_with(b"%PDF") {
        return SniffedFormat::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(OLE_SIGNATURE) {
        return sniff_ole(bytes);
    }
    let head = &bytes[..bytes.len().min(PDF_HEADER_SEARCH_BYTES)];
    if find_subslice(head, b"%PDF-").is_some() {
        return SniffedFormat::Pdf;
    }
    if let Some(name) = sniff_other_binary(bytes) {
        return SniffedFormat::Unsupported(name);
    }
    if let Some(name) = sniff_markup(bytes) {
        return SniffedFormat::Unsupported(name);
    }
    SniffedFormat::Text
}

/// How much of a text file is looked at for a markup document's opening.
const MARKUP_HEAD_BYTES: usize = 4096;

/// Markup documents passed off as text: a flat ODF file (`.fodt`), Word's XML formats, HTML and
/// other XML. Read as text they would be checked as tags and attributes (a Flat ODT scored 16.0 %
/// where its PDF scored 27.9 %), so they are refused and named. Only the opening counts: a text
/// whose first non-blank characters open an XML declaration, a doctype, `<html` or an office
/// document element; a thesis that merely mentions tags later on is text.
fn sniff_markup(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(MARKUP_HEAD_BYTES)];
    // UTF-16 (with its byte-order mark) is looked at through its low bytes.
    let narrowed: Vec<u8> = match head {
        [0xFF, 0xFE, rest @ ..] => rest.iter().step_by(2).copied().collect(),
        [0xFE, 0xFF, rest @ ..] => rest.iter().skip(1).step_by(2).copied().collect(),
        [0xEF, 0xBB, 0xBF, rest @ ..] => rest.to_vec(),
        _ => head.to_vec(),
    };
    let text = String::from_utf8_lossy(&narrowed).to_ascii_lowercase();
    let opening = text.trim_start();
    if !opening.starts_with('<') {
        return None;
    }
    let starts_document =
        ["<?xml", "<!doctype", "<html", "<office:document", "<w:document", "<w:worddocument"]
            .iter()
            .any(|start| opening.starts_with(start));
    if !starts_document {
        return None;
    }
    let name =
        if text.contains("application/vnd.oasis.opendocument.text") || text.contains("<office:document") {
            "FODT"
        } else if text.contains("<w:worddocument")
            || text.contains("<w:document")
            || text.contains("mso-application")
        {
            "Word XML"
        } else if text.contains("<html") || text.contains("<!doctype html") {
            "HTML"
        } else {
            "XML"
        };
    Some(name)
}

/// Formats recognised by a fixed signature at the start of the file.
fn sniff_other_binary(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"{\\rtf", "RTF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"\x1F\x8B", "GZIP"),
        (b"Rar!\x1A\x07", "RAR"),
        (b"7z\xBC\xAF\x27\x1C", "7Z"),
        (b"AT&TFORM", "DJVU"),
    ];
    let found = SIGNATURES.iter().find(|(signature, _)| bytes.starts_with(signature));
    if let Some((_, name)) = found {
        return Some(name);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("WEBP");
    }
    None
}

/// A ZIP is a DOCX only if it holds a WordprocessingML main part (`word/document.xml`, or a
/// part [Content_Types].xml declares as the main document); ODF, other Office formats and
/// plain archives are named.
fn sniff_zip(bytes: &[u8]) -> SniffedFormat {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive,
        // A ZIP whose directory cannot be read is damaged (usually truncated); the DOCX reader
        // reports it as such, which is what the student needs to hear.
        Err(_) => return SniffedFormat::Docx,
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|name| name.ok())
        .map(|name| name.replace('\\', "/").trim_start_matches('/').to_ascii_lowercase())
        .collect();
    let has = |wanted: &str| names.iter().any(|name| name == wanted);
    if has("word/document.xml") || declares_wordprocessing_main_part(&mut archive) {
        return SniffedFormat::Docx;
    }
    if has("mimetype") {
        if let Some(name) = odf_format_name(&mut archive) {
            return SniffedFormat::Unsupported(name);
        }
    }
    if has("content.xml") && has("meta-inf/manifest.xml") {
        return SniffedFormat::Unsupported("ODF");
    }
    if has("xl/workbook.xml") {
        return SniffedFormat::Unsupported("XLSX");
    }
    if has("ppt/presentation.xml") {
        return SniffedFormat::Unsupported("PPTX");
    }
    SniffedFormat::Unsupported("ZIP")
}

/// True when `[Content_Types].xml` declares a WordprocessingML main document part, wherever
/// it is (some producers name it `word/document2.xml`).
fn declares_wordprocessing_main_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> bool {
    const MAX_CONTENT_TYPES_BYTES: u64 = 256 * 1024;
    let Ok(entry) = archive.by_name("[Content_Types].xml") else { return false };
    let mut content_types = Vec::new();
    if entry.take(MAX_CONTENT_TYPES_BYTES).read_to_end(&mut content_types).is_err() {
        return false;
    }
    find_subslice(&content_types, b"wordprocessingml.document.main+xml").is_some()
        || find_subslice(&content_types, b"wordprocessingml.template.main+xml").is_some()
        || find_subslice(&content_types, b"ms-word.document.macroEnabled.main+xml").is_some()
}

/// Reads the first bytes of the `mimetype` entry of an OpenDocument (or EPUB) package.
fn odf_format_name(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<&'static str> {
    let entry = archive.by_name("mimetype").ok()?;
    let mut mimetype = Vec::with_capacity(128);
    entry.take(128).read_to_end(&mut mimetype).ok()?;
    let mimetype = String::from_utf8_lossy(&mimetype);
    let mimetype = mimetype.trim();
    let name = if mimetype.starts_with("application/vnd.oasis.opendocument.text") {
        "ODT"
    } else if mimetype.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
        "ODS"
    } else if mimetype.starts_with("application/vnd.oasis.opendocument.presentation") {
        "ODP"
    } else if mimetype.starts_with("application/vnd.oasis.opendocument") {
        "ODF"
    } else if mimetype.starts_with("application/epub+zip") {
        "EPUB"
    } else {
        return None;
    };
    Some(name)
}

/// An OLE compound file: an encrypted OOXML package if it holds the `EncryptionInfo` or
/// `EncryptedPackage` stream, otherwise a legacy Office file named by its main stream.
///
/// Stream names are stored in UTF-16LE in the directory sectors, so a byte search for the
/// encoded names finds them without parsing the FAT chains.
fn sniff_ole(bytes: &[u8]) -> SniffedFormat {
    let contains_stream = |name: &str| {
        let encoded: Vec<u8> = name.encode_utf16().flat_map(|unit| unit.to_le_bytes()).collect();
        find_subslice(bytes, &encoded).is_some()
    };
    if contains_stream("EncryptionInfo") || contains_stream("EncryptedPackage") {
        return SniffedFormat::EncryptedOffice;
    }
    if contains_stream("WordDocument") {
        return SniffedFormat::Unsupported("DOC");
    }
    if contains_stream("Workbook") || contains_stream("Book") {
        return SniffedFormat::Unsupported("XLS");
    }
    if contains_stream("PowerPoint Document") {
        return SniffedFormat::Unsupported("PPT");
    }
    SniffedFormat::Unsupported("OLE")
}

/// The position of the first occurrence of `needle` in `haystack`.
pub(crate) fn find_subslice(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: SniffedFormat) {
        assert_eq!(sniff_format(bytes), expected, "{:?}", String::from_utf8_lossy(bytes));
    }

    #[test]
    fn markup_documents_passed_off_as_text_are_named() {
        let fodt = br#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text><text:p>Su resurstary</text:p></office:text></office:body></office:document>"#;
        check(fodt, SniffedFormat::Unsupported("FODT"));
        check(
            b"\xEF\xBB\xBF  <!DOCTYPE html><html><body>thesis</body></html>",
            SniffedFormat::Unsupported("HTML"),
        );
        check(
            b"<?xml version=\"1.0\"?><?mso-application progid=\"Word.Document\"?><w:wordDocument>",
            SniffedFormat::Unsupported("Word XML"),
        );
        check(b"<?xml version=\"1.0\"?><data><row>1</row></data>", SniffedFormat::Unsupported("XML"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<html><body>x</body></html>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        check(&utf16, SniffedFormat::Unsupported("HTML"));
        // Text that only mentions tags, or opens with an angle-bracketed heading, is text.
        check(b"A thesis about HTML: the <html> element opens a page.", SniffedFormat::Text);
        check("<Кіріспе> Бұл жұмыста су ресурстары қарастырылады.".as_bytes(), SniffedFormat::Text);
    }

    #[test]
    fn signatures_are_recognised() {
        check(b"%PDF-1.7\n", SniffedFormat::Pdf);
        check(b"\r\n\x00junk%PDF-1.4\n", SniffedFormat::Pdf);
        check(b"{\\rtf1\\ansi", SniffedFormat::Unsupported("RTF"));
        check(b"\x89PNG\r\n\x1a\n\0\0", SniffedFormat::Unsupported("PNG"));
        check(b"\xFF\xD8\xFF\xE0", SniffedFormat::Unsupported("JPEG"));
        check(b"II*\x00\x08\x00", SniffedFormat::Unsupported("TIFF"));
        check(b"GIF89a", SniffedFormat::Unsupported("GIF"));
        check("Қазақ тілі".as_bytes(), SniffedFormat::Text);
        check(b"PK\x03\x04 truncated", SniffedFormat::Docx);
    }

    #[test]
    fn ole_containers_are_told_apart() {
        let mut encrypted = OLE_SIGNATURE.to_vec();
        encrypted.extend("EncryptedPackage".encode_utf16().flat_map(|unit| unit.to_le_bytes()));
        check(&encrypted, SniffedFormat::EncryptedOffice);
        let mut doc = OLE_SIGNATURE.to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(|unit| unit.to_le_bytes()));
        check(&doc, SniffedFormat::Unsupported("DOC"));
    }
}
