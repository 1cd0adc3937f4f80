//! The tantivy schema of the corpus index and the mapping between [`DocumentMeta`] and fields.
//!
//! Metadata lives in fast fields, so listing documents and naming candidates never decompresses
//! the document store; the document store holds the text (and a copy of the metadata for
//! anyone inspecting the index with other tools). Fingerprints are indexed, never stored.

use super::error::IndexError;
use super::meta::{doc_lang_from_code, DocumentKind, DocumentMeta};
use super::tokenizer::{AdalTokenizer, TOKENIZER_NAME};
use crate::model::DocLang;
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, Index, SegmentReader, TantivyDocument};

/// The fields of the corpus schema, resolved once.
#[derive(Clone, Copy, Debug)]
pub struct CorpusFields {
    pub id: Field,
    pub title: Field,
    pub authors: Field,
    pub year: Field,
    pub language: Field,
    pub kind: Field,
    pub institution: Field,
    pub external_ref: Field,
    pub content_hash: Field,
    pub template: Field,
    pub words: Field,
    pub text_bytes: Field,
    pub fingerprint_count: Field,
    pub scheme_version: Field,
    /// The document number under which the fingerprint table holds the document's keys.
    pub docnum: Field,
    /// The extracted text: stored (to show and align matches) and indexed for staff search.
    pub text: Field,
    /// Fingerprint hashes of template documents, kept apart so that template text can be
    /// subtracted from every query (see `candidates`).
    pub template_fingerprints: Field,
}

/// The name of the document-number fast field.
pub const DOCNUM_FIELD: &str = "docnum";

const FIELD_NAMES: [&str; 17] = [
    "id",
    "title",
    "authors",
    "year",
    "language",
    "kind",
    "institution",
    "external_ref",
    "content_hash",
    "template",
    "words",
    "text_bytes",
    "fingerprint_count",
    "scheme_version",
    DOCNUM_FIELD,
    "text",
    "template_fingerprints",
];

/// Builds the schema of a new corpus index.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    // No positions: they would cost about 0.15 byte per byte of text, for phrase search only.
    let searchable = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqs);
    let raw_fast_stored = TextOptions::default().set_stored().set_fast("raw");
    let indexed_u64 = NumericOptions::default().set_indexed();
    builder.add_text_field("id", STRING | STORED | FAST);
    builder.add_text_field("title", raw_fast_stored.clone().set_indexing_options(searchable.clone()));
    builder.add_text_field("authors", raw_fast_stored.clone());
    builder.add_u64_field("year", FAST | STORED);
    builder.add_text_field("language", STRING | STORED | FAST);
    builder.add_text_field("kind", STRING | STORED | FAST);
    builder.add_text_field("institution", raw_fast_stored.clone());
    builder.add_text_field("external_ref", raw_fast_stored);
    builder.add_text_field("content_hash", STRING | STORED | FAST);
    builder.add_u64_field("template", FAST | STORED | INDEXED);
    builder.add_u64_field("words", FAST | STORED);
    builder.add_u64_field("text_bytes", FAST | STORED);
    builder.add_u64_field("fingerprint_count", FAST | STORED);
    builder.add_u64_field("scheme_version", FAST | STORED);
    builder.add_u64_field(DOCNUM_FIELD, FAST);
    builder.add_text_field("text", TextOptions::default().set_stored().set_indexing_options(searchable));
    builder.add_u64_field("template_fingerprints", indexed_u64);
    builder.build()
}

impl CorpusFields {
    /// Resolves the fields of an opened index, failing when one is missing.
    pub fn resolve(schema: &Schema, path_for_errors: &str) -> Result<CorpusFields, IndexError> {
        let field = |name: &str| {
            schema.get_field(name).map_err(|_| IndexError::IncompatibleSchema {
                path: path_for_errors.to_string(),
                field: name.to_string(),
            })
        };
        for name in FIELD_NAMES {
            field(name)?;
        }
        Ok(CorpusFields {
            id: field("id")?,
            title: field("title")?,
            authors: field("authors")?,
            year: field("year")?,
            language: field("language")?,
            kind: field("kind")?,
            institution: field("institution")?,
            external_ref: field("external_ref")?,
            content_hash: field("content_hash")?,
            template: field("template")?,
            words: field("words")?,
            text_bytes: field("text_bytes")?,
            fingerprint_count: field("fingerprint_count")?,
            scheme_version: field("scheme_version")?,
            docnum: field(DOCNUM_FIELD)?,
            text: field("text")?,
            template_fingerprints: field("template_fingerprints")?,
        })
    }

    /// The tantivy document for a document with its document number; `template_keys` are the
    /// distinct fingerprint keys of a template document (see [`fingerprint_key`]), empty for
    /// ordinary documents, whose keys go to the fingerprint table.
    pub fn to_tantivy(
        self,
        meta: &DocumentMeta,
        text: &str,
        docnum: u32,
        template_keys: &[u64],
    ) -> TantivyDocument {
        let mut document = TantivyDocument::new();
        document.add_text(self.id, &meta.id);
        document.add_text(self.title, &meta.title);
        document.add_text(self.authors, &meta.authors);
        if let Some(year) = meta.year {
            document.add_u64(self.year, u64::from(year));
        }
        document.add_text(self.language, meta.language.code());
        document.add_text(self.kind, meta.kind.code());
        document.add_text(self.institution, &meta.institution);
        document.add_text(self.external_ref, &meta.external_ref);
        document.add_text(self.content_hash, &meta.content_hash);
        document.add_u64(self.template, u64::from(meta.template));
        document.add_u64(self.words, meta.words);
        document.add_u64(self.text_bytes, meta.text_bytes);
        document.add_u64(self.fingerprint_count, meta.fingerprints);
        document.add_u64(self.scheme_version, u64::from(meta.scheme_version));
        document.add_u64(self.docnum, u64::from(docnum));
        document.add_text(self.text, text);
        for &key in template_keys {
            document.add_u64(self.template_fingerprints, key);
        }
        document
    }
}

/// Fingerprint hashes are indexed by their low 32 bits.
///
/// 32-bit keys make the fingerprint table's pairs small (see `runs`; a random 64-bit term cost
/// about 18 bytes in tantivy's term dictionary, a 32-bit one about 11). The price is rare false sharing: with `n` distinct keys in
/// the corpus, a query hash also hits an unrelated document with probability `n / 2^32`
/// (0.2% for 1,000 theses), spread evenly over documents, so it never lifts a document to
/// candidate rank; alignment re-checks every match on the stored text anyway.
pub const FINGERPRINT_KEY_BITS: u32 = 32;

/// The index key of a fingerprint hash (see [`FINGERPRINT_KEY_BITS`]).
pub fn fingerprint_key(hash: u64) -> u64 {
    hash & ((1u64 << FINGERPRINT_KEY_BITS) - 1)
}

/// Registers the Adal tokenizer on an index (tokenizers are not persisted by tantivy).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(TOKENIZER_NAME, TextAnalyzer::from(AdalTokenizer::default()));
}

/// Reads document metadata from the fast fields of one segment.
pub struct MetaColumns {
    id: Option<StrColumn>,
    title: Option<StrColumn>,
    authors: Option<StrColumn>,
    language: Option<StrColumn>,
    kind: Option<StrColumn>,
    institution: Option<StrColumn>,
    external_ref: Option<StrColumn>,
    content_hash: Option<StrColumn>,
    year: Option<Column<u64>>,
    template: Option<Column<u64>>,
    words: Option<Column<u64>>,
    text_bytes: Option<Column<u64>>,
    fingerprint_count: Option<Column<u64>>,
    scheme_version: Option<Column<u64>>,
}

impl MetaColumns {
    pub fn open(segment: &SegmentReader) -> Result<MetaColumns, IndexError> {
        let fast = segment.fast_fields();
        Ok(MetaColumns {
            id: fast.str("id")?,
            title: fast.str("title")?,
            authors: fast.str("authors")?,
            language: fast.str("language")?,
            kind: fast.str("kind")?,
            institution: fast.str("institution")?,
            external_ref: fast.str("external_ref")?,
            content_hash: fast.str("content_hash")?,
            year: fast.column_opt("year")?,
            template: fast.column_opt("template")?,
            words: fast.column_opt("words")?,
            text_bytes: fast.column_opt("text_bytes")?,
            fingerprint_count: fast.column_opt("fingerprint_count")?,
            scheme_version: fast.column_opt("scheme_version")?,
        })
    }

    /// The id of a document of the segment (empty if unreadable).
    pub fn id(&self, doc: DocId) -> Result<String, IndexError> {
        read_str(self.id.as_ref(), doc)
    }

    /// The full metadata of a document of the segment.
    pub fn meta(&self, doc: DocId) -> Result<DocumentMeta, IndexError> {
        let language = read_str(self.language.as_ref(), doc)?;
        let kind = read_str(self.kind.as_ref(), doc)?;
        Ok(DocumentMeta {
            id: read_str(self.id.as_ref(), doc)?,
            title: read_str(self.title.as_ref(), doc)?,
            authors: read_str(self.authors.as_ref(), doc)?,
            year: first_u64(self.year.as_ref(), doc).and_then(|year| u32::try_from(year).ok()),
            language: doc_lang_from_code(&language).unwrap_or(DocLang::Other),
            kind: DocumentKind::from_code(&kind).unwrap_or_default(),
            institution: read_str(self.institution.as_ref(), doc)?,
            external_ref: read_str(self.external_ref.as_ref(), doc)?,
            content_hash: read_str(self.content_hash.as_ref(), doc)?,
            template: first_u64(self.template.as_ref(), doc).unwrap_or(0) != 0,
            words: first_u64(self.words.as_ref(), doc).unwrap_or(0),
            text_bytes: first_u64(self.text_bytes.as_ref(), doc).unwrap_or(0),
            fingerprints: first_u64(self.fingerprint_count.as_ref(), doc).unwrap_or(0),
            scheme_version: first_u64(self.scheme_version.as_ref(), doc)
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(0),
        })
    }
}

fn read_str(column: Option<&StrColumn>, doc: DocId) -> Result<String, IndexError> {
    let mut value = String::new();
    if let Some(column) = column {
        if let Some(ord) = column.term_ords(doc).next() {
            column.ord_to_str(ord, &mut value)?;
        }
    }
    Ok(value)
}

fn first_u64(column: Option<&Column<u64>>, doc: DocId) -> Option<u64> {
    column.and_then(|column| column.first(doc))
}
