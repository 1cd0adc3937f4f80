//! Telling file formats apart by their bytes, never by their names.

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SniffedFormat {
    Pdf,
    Docx,
    Text,
    /// An OLE container holding an encrypted OOXML package (a password-protected DOCX).
    EncryptedOffice,
    /// A recognised format Adal does not read, named for the student (e.g. "DOC", "ODT", "RTF").
    Unsupported(&'static str),
}

/// Detects the format of a file from its content.
pub fn sniff_format(bytes: &[u8]) -> SniffedFormat {
    if bytes.starts_with(b"%PDF") {
        return SniffedFormat::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return SniffedFormat::Docx;
    }
    SniffedFormat::Text
}
