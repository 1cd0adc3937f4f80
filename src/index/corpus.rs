//! [`CorpusIndex`]: opening the index and every read-only operation on it (look-ups, listing,
//! statistics, staff search). Writes live in `writer`, candidate retrieval in `candidates`.

use super::backend::{EmbeddedPostings, PostingsBackend, PostingsSnapshot};
use super::error::IndexError;
use super::meta::{CorpusVersion, DocumentMeta, StoredDocument};
use super::schema::{build_schema, register_tokenizers, CorpusFields, MetaColumns};
use super::table::{CommitRecord, FingerprintTable};
use super::tokenizer::AdalTokenizer;
use crate::fingerprint::SCHEME_VERSION;
use crate::model::Span;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy::{DocAddress, DocSet, Index, IndexReader, IndexSettings, ReloadPolicy, TantivyDocument, Term};

/// The tantivy corpus index: documents, their stored text, a full-text field and fingerprints.
pub struct CorpusIndex {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: CorpusFields,
    /// The fingerprints of ordinary documents (see `table`).
    pub(super) table: FingerprintTable,
    /// Serializes writers inside this process (tantivy's lock file does it across processes).
    pub(super) write_lock: Mutex<()>,
    /// Where candidate retrieval counts shared keys (see `backend`); embedded by default.
    pub(super) postings: RwLock<Arc<dyn PostingsBackend>>,
}

/// Figures about the corpus, for `adal corpus stats`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CorpusStats {
    pub documents: u64,
    pub template_documents: u64,
    pub words: u64,
    pub text_bytes: u64,
    /// Distinct fingerprints per document, summed over live documents.
    pub fingerprint_postings: u64,
    /// Pairs in the fingerprint table (removed documents included until their run is merged).
    pub fingerprint_table_pairs: u64,
    /// Runs of the fingerprint table.
    pub fingerprint_runs: u64,
    pub segments: u64,
    /// Bytes of the segment files and the fingerprint runs on disk (or in memory).
    pub index_bytes: u64,
    pub corpus_version: u64,
    pub scheme_version: u32,
    pub current_scheme_version: u32,
    pub reindex_needed: bool,
    /// What the index bytes are made of.
    pub space: SpaceBreakdown,
}

/// The index bytes by what they hold, summed over segments.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceBreakdown {
    /// The document store: compressed text (and a copy of the metadata).
    pub stored_documents: u64,
    /// The fingerprint table's runs.
    pub fingerprint_runs: u64,
    /// Term dictionary and postings of the template documents' fingerprints.
    pub template_fingerprints: u64,
    /// Term dictionaries, postings and positions of the full-text fields (text and title).
    pub search_terms: u64,
    pub search_postings: u64,
    pub search_positions: u64,
    pub fast_fields: u64,
    /// Everything else: field norms, deletes, id and content-hash look-up terms.
    pub other: u64,
}

/// One result of a staff search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub title: String,
    pub score: f32,
    /// A short passage of the text around the matched words.
    pub snippet: String,
    /// The matched words, as byte ranges of `snippet`.
    pub highlights: Vec<Span>,
}

impl CorpusIndex {
    /// Opens the index in `directory`, creating the directory and an empty index if needed.
    pub fn open_or_create(directory: &Path) -> Result<CorpusIndex, IndexError> {
        std::fs::create_dir_all(directory)?;
        let mmap = MmapDirectory::open(directory).map_err(tantivy::TantivyError::from)?;
        let index = if Index::exists(&mmap).map_err(tantivy::TantivyError::from)? {
            Index::open(mmap)?
        } else {
            Index::builder().schema(build_schema()).settings(index_settings()).create_in_dir(directory)?
        };
        let table = FingerprintTable::in_directory(directory);
        CorpusIndex::from_index(index, table, &directory.display().to_string())
    }

    /// The documents of an index written in an older layout (one this build cannot open), read
    /// by field name so that they can be indexed again; `None` when `directory` holds no index.
    pub fn read_documents_of_older_layout(
        directory: &Path,
    ) -> Result<Option<Vec<StoredDocument>>, IndexError> {
        let mmap = MmapDirectory::open(directory).map_err(tantivy::TantivyError::from)?;
        if !Index::exists(&mmap).map_err(tantivy::TantivyError::from)? {
            return Ok(None);
        }
        let index = Index::open(mmap)?;
        let text_field = index.schema().get_field("text").map_err(|_| IndexError::IncompatibleSchema {
            path: directory.display().to_string(),
            field: "text".to_string(),
        })?;
        let reader = index.reader()?;
        let searcher = reader.searcher();
        let mut documents = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let columns = MetaColumns::open(segment)?;
            for doc in segment.doc_ids_alive() {
                let meta = columns.meta(doc)?;
                let stored: TantivyDocument = searcher.doc(DocAddress::new(segment_ord as u32, doc))?;
                let text = stored.get_first(text_field).and_then(|value| value.as_str()).unwrap_or_default();
                documents.push(StoredDocument { meta, text: text.to_string() });
            }
        }
        Ok(Some(documents))
    }

    /// An index held in memory only (tests, benchmarks).
    pub fn create_in_ram() -> Result<CorpusIndex, IndexError> {
        let index = Index::builder().schema(build_schema()).settings(index_settings()).create_in_ram()?;
        CorpusIndex::from_index(index, FingerprintTable::in_memory(), "(memory)")
    }

    fn from_index(
        index: Index,
        table: FingerprintTable,
        path_for_errors: &str,
    ) -> Result<CorpusIndex, IndexError> {
        let fields = CorpusFields::resolve(&index.schema(), path_for_errors)?;
        register_tokenizers(&index);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        Ok(CorpusIndex {
            index,
            reader,
            fields,
            table,
            write_lock: Mutex::new(()),
            postings: RwLock::new(Arc::new(EmbeddedPostings)),
        })
    }

    /// Makes `backend` the place where candidate retrieval counts and written postings go.
    /// Call it right after opening, before any check or write.
    pub fn set_postings_backend(&self, backend: Arc<dyn PostingsBackend>) {
        *self.postings.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = backend;
    }

    /// The current postings backend.
    pub fn postings_backend(&self) -> Arc<dyn PostingsBackend> {
        self.postings.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// The number the next added document will get: every committed document has a lower one.
    pub fn next_docnum(&self) -> Result<u32, IndexError> {
        Ok(self.commit_record()?.next_docnum)
    }

    /// Every posting of the live ordinary documents (`key << 32 | docnum`), in key order, read
    /// from the embedded runs: what a sharded backend is loaded from. Calls `sink` with chunks
    /// of at most `chunk` pairs.
    pub fn live_postings(
        &self,
        chunk: usize,
        sink: &mut dyn FnMut(&[u64]) -> Result<(), IndexError>,
    ) -> Result<(), IndexError> {
        let snapshot = self.postings_snapshot()?;
        let mut buffer: Vec<u64> = Vec::with_capacity(chunk.max(1));
        for run in &snapshot.runs {
            for pair in run.pairs_iter() {
                let (key, docnum) = pair?;
                if !snapshot.is_live(docnum) {
                    continue;
                }
                buffer.push((u64::from(key) << 32) | u64::from(docnum));
                if buffer.len() >= chunk.max(1) {
                    sink(&buffer)?;
                    buffer.clear();
                }
            }
        }
        if !buffer.is_empty() {
            sink(&buffer)?;
        }
        Ok(())
    }

    /// The runs and live documents of the current commit.
    pub(super) fn postings_snapshot(&self) -> Result<PostingsSnapshot, IndexError> {
        let searcher = self.reader.searcher();
        let record = self.commit_record()?;
        Ok(PostingsSnapshot {
            runs: self.table.runs(&record)?,
            live: self.table.live_documents(&searcher)?,
            next_docnum: record.next_docnum,
        })
    }

    /// The corpus version record of the last commit (zero for a new index).
    pub fn version(&self) -> Result<CorpusVersion, IndexError> {
        let record = self.commit_record()?;
        Ok(CorpusVersion { corpus_version: record.corpus_version, scheme_version: record.scheme_version })
    }

    /// The record of the last commit: version, next document number, fingerprint runs.
    pub(super) fn commit_record(&self) -> Result<CommitRecord, IndexError> {
        let metas = self.index.load_metas()?;
        parse_commit_record(metas.payload.as_deref())
    }

    /// `Some(stored)` when the index holds documents fingerprinted with another scheme than
    /// [`SCHEME_VERSION`]: candidates are meaningless until `adal corpus reindex` is run.
    pub fn reindex_needed(&self) -> Result<Option<u32>, IndexError> {
        let version = self.version()?;
        let has_documents = self.reader.searcher().num_docs() > 0;
        Ok((has_documents && version.scheme_version != SCHEME_VERSION).then_some(version.scheme_version))
    }

    /// Number of live documents.
    pub fn num_documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Makes the latest commit visible to readers of this process.
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload()?;
        Ok(())
    }

    /// The live document whose `field` holds exactly `value` (ids and content hashes are unique).
    pub(super) fn find_by_term(&self, field: Field, value: &str) -> Result<Option<DocAddress>, IndexError> {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(field, value);
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted_index = segment.inverted_index(field)?;
            let Some(mut postings) = inverted_index.read_postings(&term, IndexRecordOption::Basic)? else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if !segment.is_deleted(doc) {
                    return Ok(Some(DocAddress::new(segment_ord as u32, doc)));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }

    /// The document number of the document at `address` (of the current searcher).
    pub(super) fn docnum_at(&self, address: DocAddress) -> Result<u32, IndexError> {
        let searcher = self.reader.searcher();
        let segment = searcher.segment_reader(address.segment_ord);
        let column = segment.fast_fields().u64(super::schema::DOCNUM_FIELD)?;
        column
            .first(address.doc_id)
            .map(|docnum| docnum as u32)
            .ok_or_else(|| IndexError::CorruptRun(format!("document {address:?} has no number")))
    }

    /// The document number (the key of its postings) of the live document with this id.
    pub fn docnum_of(&self, id: &str) -> Result<Option<u32>, IndexError> {
        match self.find_by_term(self.fields.id, id)? {
            Some(address) => Ok(Some(self.docnum_at(address)?)),
            None => Ok(None),
        }
    }

    /// The metadata of the live document with this id, read from fast fields.
    pub fn get_meta(&self, id: &str) -> Result<Option<DocumentMeta>, IndexError> {
        let Some(address) = self.find_by_term(self.fields.id, id)? else {
            return Ok(None);
        };
        let searcher = self.reader.searcher();
        let columns = MetaColumns::open(searcher.segment_reader(address.segment_ord))?;
        Ok(Some(columns.meta(address.doc_id)?))
    }

    /// The metadata and stored text of the live document with this id.
    pub fn get_document(&self, id: &str) -> Result<Option<StoredDocument>, IndexError> {
        let Some(address) = self.find_by_term(self.fields.id, id)? else {
            return Ok(None);
        };
        let searcher = self.reader.searcher();
        let columns = MetaColumns::open(searcher.segment_reader(address.segment_ord))?;
        let meta = columns.meta(address.doc_id)?;
        let stored: TantivyDocument = searcher.doc(address)?;
        let text = stored.get_first(self.fields.text).and_then(|value| value.as_str()).unwrap_or_default();
        Ok(Some(StoredDocument { meta, text: text.to_string() }))
    }

    /// The id of the live document with exactly this text, if any.
    pub fn find_by_content_hash(&self, content_hash: &str) -> Result<Option<String>, IndexError> {
        let Some(address) = self.find_by_term(self.fields.content_hash, content_hash)? else {
            return Ok(None);
        };
        let searcher = self.reader.searcher();
        let columns = MetaColumns::open(searcher.segment_reader(address.segment_ord))?;
        Ok(Some(columns.id(address.doc_id)?))
    }

    /// The metadata of every live document, sorted by id.
    pub fn list(&self) -> Result<Vec<DocumentMeta>, IndexError> {
        let searcher = self.reader.searcher();
        let mut metas = Vec::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let columns = MetaColumns::open(segment)?;
            for doc in segment.doc_ids_alive() {
                metas.push(columns.meta(doc)?);
            }
        }
        metas.sort_by(|left, right| left.id.cmp(&right.id));
        Ok(metas)
    }

    /// Counts documents, words, fingerprints and bytes.
    pub fn stats(&self) -> Result<CorpusStats, IndexError> {
        let searcher = self.reader.searcher();
        let version = self.version()?;
        let mut stats = CorpusStats {
            corpus_version: version.corpus_version,
            scheme_version: version.scheme_version,
            current_scheme_version: SCHEME_VERSION,
            reindex_needed: self.reindex_needed()?.is_some(),
            segments: searcher.segment_readers().len() as u64,
            ..CorpusStats::default()
        };
        let space_usage = searcher.space_usage()?;
        let record = self.commit_record()?;
        stats.space = space_breakdown(&space_usage);
        stats.space.fingerprint_runs = self.table.bytes(&record)?;
        stats.index_bytes = space_usage.total().get_bytes() + stats.space.fingerprint_runs;
        stats.fingerprint_table_pairs = record.runs.iter().map(|run| run.pairs).sum();
        stats.fingerprint_runs = record.runs.len() as u64;
        for segment in searcher.segment_readers() {
            let columns = MetaColumns::open(segment)?;
            for doc in segment.doc_ids_alive() {
                let meta = columns.meta(doc)?;
                stats.documents += 1;
                stats.template_documents += u64::from(meta.template);
                stats.words += meta.words;
                stats.text_bytes += meta.text_bytes;
                stats.fingerprint_postings += meta.fingerprints;
            }
        }
        Ok(stats)
    }

    /// Staff full-text search over titles and texts: every word of the query must occur (in
    /// the title or the text); Kazakh, Russian and English words match regardless of case and
    /// of the folding described in `tokenizer`. There is no query syntax and no phrase search
    /// (positions are not indexed, to keep the index small). Returns at most `limit` hits.
    pub fn search(&self, query_text: &str, limit: usize) -> Result<Vec<SearchHit>, IndexError> {
        let searcher = self.reader.searcher();
        let mut tokenizer = AdalTokenizer::default();
        let mut stream = tokenizer.token_stream(query_text);
        let mut words: Vec<String> = Vec::new();
        while stream.advance() {
            if !words.contains(&stream.token().text) {
                words.push(stream.token().text.clone());
            }
        }
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let word_clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|word| {
                let in_title_or_text: Vec<(Occur, Box<dyn Query>)> = [self.fields.title, self.fields.text]
                    .into_iter()
                    .map(|field| {
                        let term = Term::from_field_text(field, word);
                        let query: Box<dyn Query> =
                            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                        (Occur::Should, query)
                    })
                    .collect();
                let query: Box<dyn Query> = Box::new(BooleanQuery::new(in_title_or_text));
                (Occur::Must, query)
            })
            .collect();
        let query = BooleanQuery::new(word_clauses);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut snippets = SnippetGenerator::create(&searcher, &query, self.fields.text)?;
        snippets.set_max_num_chars(200);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let columns = MetaColumns::open(searcher.segment_reader(address.segment_ord))?;
            let meta = columns.meta(address.doc_id)?;
            let stored: TantivyDocument = searcher.doc(address)?;
            let snippet = snippets.snippet_from_doc(&stored);
            let highlights =
                snippet.highlighted().iter().map(|range| Span::new(range.start, range.end)).collect();
            hits.push(SearchHit {
                id: meta.id,
                title: meta.title,
                score,
                snippet: snippet.fragment().to_string(),
                highlights,
            });
        }
        Ok(hits)
    }
}

fn space_breakdown(usage: &tantivy::space_usage::SearcherSpaceUsage) -> SpaceBreakdown {
    let is_fingerprint = |name: &str| name == "template_fingerprints";
    let is_search = |name: &str| name == "text" || name == "title";
    let sum = |per_field: &tantivy::space_usage::PerFieldSpaceUsage, keep: &dyn Fn(&str) -> bool| -> u64 {
        per_field
            .fields()
            .filter(|field| keep(field.field_name()))
            .map(|field| field.total().get_bytes())
            .sum()
    };
    let mut breakdown = SpaceBreakdown::default();
    for segment in usage.segments() {
        breakdown.stored_documents += segment.store().total().get_bytes();
        breakdown.template_fingerprints +=
            sum(segment.termdict(), &is_fingerprint) + sum(segment.postings(), &is_fingerprint);
        breakdown.search_terms += sum(segment.termdict(), &is_search);
        breakdown.search_postings += sum(segment.postings(), &is_search);
        breakdown.search_positions += sum(segment.positions(), &is_search);
        breakdown.fast_fields += segment.fast_fields().total().get_bytes();
    }
    let counted = breakdown.stored_documents
        + breakdown.template_fingerprints
        + breakdown.search_terms
        + breakdown.search_postings
        + breakdown.search_positions
        + breakdown.fast_fields;
    breakdown.other = usage.total().get_bytes().saturating_sub(counted);
    breakdown
}

/// Index settings: the document store (mostly extracted text) is compressed with zstd, which
/// roughly halves it compared with lz4 on Cyrillic text, in blocks of 128 KB (instead of 16 KB)
/// so that short articles and web pages compress together. Level 6 rather than 3: on 1,000
/// synthetic articles the stored text takes 0.324 instead of 0.344 bytes per byte of text,
/// which brings the whole index under 0.5; level 9 saves only 0.004 more at twice the cost
/// (BENCHMARKS.md).
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor { compression_level: Some(6) }),
        docstore_blocksize: 128 * 1024,
        ..IndexSettings::default()
    }
}

/// Reads the commit record from a commit payload (absent on a new index).
pub(super) fn parse_commit_record(payload: Option<&str>) -> Result<CommitRecord, IndexError> {
    match payload {
        None | Some("") => Ok(CommitRecord { scheme_version: SCHEME_VERSION, ..CommitRecord::default() }),
        Some(json) => {
            serde_json::from_str(json).map_err(|error| IndexError::BadVersionRecord(error.to_string()))
        }
    }
}
