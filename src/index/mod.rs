//! The corpus index: one tantivy index holding every reference document (theses, articles, web
//! pages) with its metadata, its stored extracted text, a full-text field for staff search and
//! its fingerprint hashes.
//!
//! It owns the tantivy schema, idempotent adds (by content hash), removals, the template flag,
//! the commit record (in the payload of every commit: corpus version, fingerprint scheme
//! version, fingerprint runs), the fingerprint table beside tantivy (`runs`, `table`) and
//! candidate retrieval by shared fingerprints.
//!
//! It takes fingerprints as plain `u64` hashes and never tokenizes or fingerprints text itself
//! (the pipeline does); it must not know about the sled store, HTTP or the CLI.

mod backend;
mod backup;
mod candidates;
mod corpus;
mod error;
mod meta;
mod runs;
mod schema;
pub mod sharded;
mod table;
mod tokenizer;
mod writer;

pub use backend::{EmbeddedPostings, PostingsBackend, PostingsSnapshot, SharedCounts};
pub use candidates::{Candidate, CandidateQuery};
pub use corpus::{CorpusIndex, CorpusStats, SearchHit, SpaceBreakdown};
pub use error::IndexError;
pub use meta::{
    content_hash, doc_lang_from_code, AddOutcome, CorpusVersion, DocumentKind, DocumentMeta, NewDocument,
    StoredDocument,
};
pub use schema::{fingerprint_key, FINGERPRINT_KEY_BITS};
pub use table::{MERGE_FAN_IN, RUNS_FOLDER};
pub use tokenizer::{fold_word, AdalTokenizer, TOKENIZER_NAME};
pub use writer::{CorpusWriter, WRITER_MEMORY_BUDGET_BYTES};
