//! The plain data the corpus index keeps about each document, and the corpus version record.
//!
//! These types know nothing about tantivy; the schema module maps them to fields.

use crate::model::DocLang;
use serde::{Deserialize, Serialize};

/// What sort of text a corpus document is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Thesis,
    Article,
    Web,
    #[default]
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] =
        [DocumentKind::Thesis, DocumentKind::Article, DocumentKind::Web, DocumentKind::Other];

    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Thesis => "thesis",
            DocumentKind::Article => "article",
            DocumentKind::Web => "web",
            DocumentKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<DocumentKind> {
        let code = code.trim().to_ascii_lowercase();
        DocumentKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// Parses a language code as written in manifests and stored in the index.
pub fn doc_lang_from_code(code: &str) -> Option<DocLang> {
    match code.trim().to_ascii_lowercase().as_str() {
        "kk" | "kz" | "kaz" => Some(DocLang::Kk),
        "ru" | "rus" => Some(DocLang::Ru),
        "en" | "eng" => Some(DocLang::En),
        "other" => Some(DocLang::Other),
        _ => None,
    }
}

/// Everything the index knows about one document except its text and fingerprints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// The staff-visible identifier, unique in the corpus.
    pub id: String,
    pub title: String,
    /// Authors as written in the source (e.g. `Абай Қ.; Иванов И.И.`).
    pub authors: String,
    pub year: Option<u32>,
    pub language: DocLang,
    pub kind: DocumentKind,
    pub institution: String,
    /// Where the document comes from: a URL, a DOI, a library call number.
    pub external_ref: String,
    /// Hex xxh3-128 of the text; filled in by the index (see [`content_hash`]).
    pub content_hash: String,
    /// Template documents (official title pages, standard forms) never seed a match.
    pub template: bool,
    /// Number of word tokens in the text.
    pub words: u64,
    /// Bytes of UTF-8 text; filled in by the index.
    pub text_bytes: u64,
    /// Number of distinct fingerprint hashes indexed for the document; filled in by the index.
    pub fingerprints: u64,
    /// The fingerprint scheme the document was fingerprinted with; filled in by the index.
    pub scheme_version: u32,
}

impl DocumentMeta {
    /// Metadata with an id and a title, everything else empty or default.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> DocumentMeta {
        DocumentMeta {
            id: id.into(),
            title: title.into(),
            authors: String::new(),
            year: None,
            language: DocLang::Other,
            kind: DocumentKind::Other,
            institution: String::new(),
            external_ref: String::new(),
            content_hash: String::new(),
            template: false,
            words: 0,
            text_bytes: 0,
            fingerprints: 0,
            scheme_version: 0,
        }
    }
}

/// A document ready to be indexed: metadata, extracted text and fingerprint hashes (made by
/// the caller with the current fingerprint scheme; duplicates are allowed).
#[derive(Clone, Debug)]
pub struct NewDocument {
    pub meta: DocumentMeta,
    pub text: String,
    pub fingerprint_hashes: Vec<u64>,
}

/// A document read back from the index: its metadata and its stored text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDocument {
    pub meta: DocumentMeta,
    pub text: String,
}

/// What happened to one document of an add batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum AddOutcome {
    Added {
        id: String,
    },
    /// The same text is already in the corpus (or earlier in the same batch) under `existing_id`.
    AlreadyPresent {
        existing_id: String,
    },
    /// Another document with different text already uses this id.
    IdTaken {
        id: String,
    },
}

/// The corpus version record, kept in the payload of every tantivy commit so that it changes
/// atomically with the documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusVersion {
    /// Increases by one with every commit that adds, removes or changes documents.
    pub corpus_version: u64,
    /// The fingerprint scheme of the stored fingerprints.
    pub scheme_version: u32,
}

/// The content hash used for idempotent adds: hex xxh3-128 of the exact text.
pub fn content_hash(text: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}
