//! Checking a stored thesis version and keeping the corpus in step with the workflow.
//!
//! - [`check_version`]: load the uploaded file from the store → extract it (through a
//!   [`DocumentExtractor`], in production an isolated child process; or read the extraction
//!   an earlier check of the same bytes kept) → [`check_document`]
//!   excluding the student's own theses from the sources and naming the student as author →
//!   [`Store::record_check`].
//! - [`apply_corpus_outbox`]: the store queues "this version joins / leaves the corpus" when a
//!   thesis is admitted or cleared (see `workflow::corpus_effect`); this adds the version's
//!   extracted text to the index as a thesis, or removes it, then marks the change applied.
//!
//! A refused file marks the version's extraction as failed and records nothing else, so no
//! half-written state is left. This module knows nothing about HTTP, jobs or processes.

use crate::extract::ExtractError;
use crate::index::{CorpusIndex, DocumentKind, DocumentMeta, IndexError};
use crate::model::{ExtractedDocument, Span, Translated, UiLang};
use crate::pipeline::check::{check_document, CheckError, CheckOptions};
use crate::pipeline::extracted_cache;
use crate::pipeline::ingest::document_from_text;
use crate::report::Report;
use crate::store::{
    Check, CheckTimings, ExcludedItem, ExtractionOutcome, NewCheck, Store, StoreError, ThesisId, UserId,
    VersionId,
};
use crate::workflow::CorpusEffect;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Extracts the text of an uploaded file. The service runs it in a child process; tests may
/// run it in-process.
pub trait DocumentExtractor: Sync {
    fn extract_document(&self, bytes: &[u8]) -> Result<ExtractedDocument, RefusalRecord>;

    /// Extracts a file that is already on disk (a stored upload). The default reads it and
    /// calls [`Self::extract_document`]; the isolated extractor hands the path to its child
    /// instead of writing the same bytes to a temporary file again.
    fn extract_file(&self, path: &std::path::Path) -> Result<ExtractedDocument, RefusalRecord> {
        let bytes = std::fs::read(path).map_err(|error| RefusalRecord::ExtractionFailed {
            detail: format!("cannot read {}: {error}", path.display()),
        })?;
        self.extract_document(&bytes)
    }
}

/// Why a file yielded no text, as stored with the version and sent between processes: the
/// extractor's refusal, or a crash, hang or memory blow-up of the extraction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RefusalRecord {
    EmptyFile,
    FileTooLarge {
        size: u64,
        limit: u64,
    },
    Encrypted,
    NoTextLayer,
    GarbledTextLayer {
        share_per_mille: u32,
    },
    CorruptFile {
        reason: String,
    },
    UnsupportedFormat {
        detected: String,
    },
    DecompressionBomb {
        limit: u64,
    },
    TooComplex {
        reason: String,
    },
    /// The extraction process crashed, ran out of time or memory; `detail` is for the log.
    ExtractionFailed {
        detail: String,
    },
}

const EXTRACTION_FAILED: Translated = crate::messages::text("extraction_failed");

impl RefusalRecord {
    /// The extractor's refusal, if this is one.
    pub fn to_extract_error(&self) -> Option<ExtractError> {
        Some(match self.clone() {
            RefusalRecord::EmptyFile => ExtractError::Empty,
            RefusalRecord::FileTooLarge { size, limit } => ExtractError::TooLarge { size, limit },
            RefusalRecord::Encrypted => ExtractError::Encrypted,
            RefusalRecord::NoTextLayer => ExtractError::NoTextLayer,
            RefusalRecord::GarbledTextLayer { share_per_mille } => {
                ExtractError::GarbledTextLayer { share_per_mille }
            }
            RefusalRecord::CorruptFile { reason } => ExtractError::Corrupt { reason },
            RefusalRecord::UnsupportedFormat { detected } => ExtractError::Unsupported { detected },
            RefusalRecord::DecompressionBomb { limit } => ExtractError::DecompressionBomb { limit },
            RefusalRecord::TooComplex { reason } => ExtractError::TooComplex { reason },
            RefusalRecord::ExtractionFailed { .. } => return None,
        })
    }

    /// A stable machine-readable code (the same as `ExtractError::code` for refusals).
    pub fn code(&self) -> &'static str {
        match self.to_extract_error() {
            Some(error) => error.code(),
            None => "extraction_failed",
        }
    }

    /// The message for the student, translated by hand.
    pub fn message(&self, lang: UiLang) -> String {
        match self.to_extract_error() {
            Some(error) => error.message(lang),
            None => EXTRACTION_FAILED.get(lang).to_string(),
        }
    }

    /// Reads the record stored in a failed [`ExtractionOutcome`]; unknown text counts as a crash.
    pub fn from_stored_reason(reason: &str) -> RefusalRecord {
        serde_json::from_str(reason)
            .unwrap_or_else(|_| RefusalRecord::ExtractionFailed { detail: reason.to_string() })
    }

    /// The text stored in a failed [`ExtractionOutcome`].
    pub fn to_stored_reason(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| self.code().to_string())
    }
}

impl From<&ExtractError> for RefusalRecord {
    fn from(error: &ExtractError) -> Self {
        match error.clone() {
            ExtractError::Empty => RefusalRecord::EmptyFile,
            ExtractError::TooLarge { size, limit } => RefusalRecord::FileTooLarge { size, limit },
            ExtractError::Encrypted => RefusalRecord::Encrypted,
            ExtractError::NoTextLayer => RefusalRecord::NoTextLayer,
            ExtractError::GarbledTextLayer { share_per_mille } => {
                RefusalRecord::GarbledTextLayer { share_per_mille }
            }
            ExtractError::Corrupt { reason } => RefusalRecord::CorruptFile { reason },
            ExtractError::Unsupported { detected } => RefusalRecord::UnsupportedFormat { detected },
            ExtractError::DecompressionBomb { limit } => RefusalRecord::DecompressionBomb { limit },
            ExtractError::TooComplex { reason } => RefusalRecord::TooComplex { reason },
        }
    }
}

/// Why checking a stored version failed.
#[derive(Debug, thiserror::Error)]
pub enum ThesisCheckError {
    /// The file yielded no text; the version records why.
    #[error("extraction refused the file: {}", .0.code())]
    Refused(RefusalRecord),
    /// The thesis has no uploaded version to check.
    #[error("the thesis has no version")]
    NoVersion,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Check(#[from] CheckError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

pub use crate::clock::now_ms;

/// The prefix of the corpus ids of thesis versions; reserved: no other document may use it.
pub const THESIS_DOCUMENT_ID_PREFIX: &str = "thesis-";

/// The corpus id of a thesis version that joined the corpus.
pub fn thesis_document_id(thesis: ThesisId, version: VersionId) -> String {
    format!("{THESIS_DOCUMENT_ID_PREFIX}{thesis}-v{version}")
}

/// True for ids in the space reserved for thesis versions (compared case-insensitively, since
/// ids are typed by people).
pub fn is_reserved_document_id(id: &str) -> bool {
    id.trim().to_lowercase().starts_with(THESIS_DOCUMENT_ID_PREFIX)
}

/// The corpus ids of every version of every thesis of a student: never a source of their own
/// check.
fn own_document_ids(store: &Store, student: UserId) -> Result<Vec<String>, StoreError> {
    let mut ids = Vec::new();
    for thesis in store.thesis_ids_of_student(student)? {
        for version in store.versions_of(thesis)? {
            ids.push(thesis_document_id(thesis, version.id));
        }
    }
    Ok(ids)
}

/// Checks one stored version against the corpus and records the check.
pub fn check_version(
    store: &Store,
    index: &CorpusIndex,
    extractor: &dyn DocumentExtractor,
    version_id: VersionId,
    job: Option<u64>,
) -> Result<Check, ThesisCheckError> {
    if let Some(job) = job {
        // A job rerun after a crash: the check it already recorded stands.
        if let Some(check) = store.check_of_job(version_id, job)? {
            return Ok(check);
        }
    }
    let (extracted, extract_ms) = extract_version(store, extractor, version_id)?;
    index.reload()?;
    let options = check_options_for(store, version_id, extract_ms)?;
    let report = check_document(index, &extracted, &options)?;
    record_report(store, version_id, job, &report)
}

/// Extracts a stored version (recording the extraction outcome on the version); returns the
/// document and the milliseconds extraction took. An extraction of the same bytes kept by an
/// earlier check is read instead (see [`extracted_cache`]); a new one is kept.
pub fn extract_version(
    store: &Store,
    extractor: &dyn DocumentExtractor,
    version_id: VersionId,
) -> Result<(ExtractedDocument, f64), ThesisCheckError> {
    let version = store.version(version_id)?;
    let extract_started = Instant::now();
    let extracted = match extracted_cache::load(store, &version.file_hash) {
        Some(kept) => kept,
        None => {
            let path = store
                .files()
                .path_of(&version.file_hash)
                .ok_or(StoreError::Invalid { reason: "the content hash is not 32 hex digits" })?;
            match extractor.extract_file(&path) {
                Ok(document) => {
                    extracted_cache::save(store, &version.file_hash, &document);
                    document
                }
                Err(refusal) => {
                    let outcome = ExtractionOutcome::Failed { reason: refusal.to_stored_reason() };
                    store.set_extraction_outcome(version_id, &outcome, now_ms())?;
                    return Err(ThesisCheckError::Refused(refusal));
                }
            }
        }
    };
    let extract_ms = extract_started.elapsed().as_secs_f64() * 1000.0;
    let outcome = ExtractionOutcome::Extracted {
        n_chars: extracted.text.chars().count() as u64,
        n_warnings: extracted.warnings.len() as u32,
    };
    if version.extraction != outcome {
        store.set_extraction_outcome(version_id, &outcome, now_ms())?;
    }
    Ok((extracted, extract_ms))
}

/// The options a thesis version is checked with: its title, its student's own corpus
/// documents left out, the student's name for self-citations.
pub fn check_options_for(
    store: &Store,
    version_id: VersionId,
    extract_ms: f64,
) -> Result<CheckOptions, StoreError> {
    let version = store.version(version_id)?;
    let thesis = store.thesis(version.thesis)?;
    let student = store.user(thesis.student)?;
    Ok(CheckOptions {
        title: thesis.title.clone(),
        exclude_document_ids: own_document_ids(store, student.id)?,
        author_names: vec![student.name.clone()],
        exclusions: None,
        max_sources: None,
        extract_ms,
    })
}

/// Records a report as a check of a version (made by `job`, when a job made it).
pub fn record_report(
    store: &Store,
    version_id: VersionId,
    job: Option<u64>,
    report: &Report,
) -> Result<Check, ThesisCheckError> {
    let timings = &report.provenance.timings;
    let new_check = NewCheck {
        version: version_id,
        job,
        similarity: report.figures.similarity,
        corpus_version: report.provenance.corpus_version,
        scheme_version: report.provenance.fingerprint_scheme,
        timings: CheckTimings {
            extract_ms: timings.extract_ms as u64,
            analyze_ms: timings.analyze_ms as u64,
            candidates_ms: timings.candidates_ms as u64,
            align_ms: timings.align_ms as u64,
            total_ms: timings.total_ms as u64,
        },
        report_json: report.to_json().into_bytes(),
    };
    Ok(store.record_check(&new_check, now_ms())?)
}

/// Checks the current version of a thesis again (one item of a rescan).
pub fn recheck_thesis(
    store: &Store,
    index: &CorpusIndex,
    extractor: &dyn DocumentExtractor,
    thesis_id: ThesisId,
    job: Option<u64>,
) -> Result<Check, ThesisCheckError> {
    let thesis = store.thesis(thesis_id)?;
    let version = thesis.state.current_version().ok_or(ThesisCheckError::NoVersion)?;
    check_version(store, index, extractor, version, job)
}

/// The stored report of a check, if it can be read.
pub fn stored_report(check: &Check) -> Option<Report> {
    let json = std::str::from_utf8(&check.report_json).ok()?;
    Report::from_json(json).ok()
}

/// Applies the pending corpus changes to the index; returns how many were applied.
///
/// A thesis version whose corpus id another document already holds (with other text) cannot
/// join: the change is logged and stays pending, so it is tried again at every pass (the
/// workers apply the outbox before each job) and staff see it on their dashboard
/// ([`stalled_corpus_joins`]) until the conflicting document is removed. Other changes go on.
pub fn apply_corpus_outbox(store: &Store, index: &CorpusIndex) -> Result<usize, ThesisCheckError> {
    let changes = store.pending_corpus_changes()?;
    let mut applied = 0;
    for change in &changes {
        match change.effect {
            CorpusEffect::Add { version } => {
                if let Err(taken_id) = add_version_to_corpus(store, index, change.thesis, version)? {
                    tracing::warn!(
                        "adal: thesis {} version {version} cannot join the corpus: another document uses \
                         the id {taken_id}; will retry",
                        change.thesis
                    );
                    continue;
                }
            }
            CorpusEffect::Remove { version } => {
                index.remove(&thesis_document_id(change.thesis, version))?;
            }
        }
        match store.mark_corpus_change_applied(change.seq, now_ms()) {
            // Another worker applied the same change at the same time: nothing left to do.
            Err(StoreError::NotFound { .. }) => {}
            outcome => outcome?,
        }
        applied += 1;
    }
    if applied > 0 {
        index.reload()?;
    }
    Ok(applied)
}

/// Corpus changes still pending more than `older_than_ms` after they were queued: joins that
/// keep failing (the dashboard alerts staff about them).
pub fn stalled_corpus_joins(
    store: &Store,
    now: i64,
    older_than_ms: i64,
) -> Result<Vec<ThesisId>, StoreError> {
    let changes = store.pending_corpus_changes()?;
    Ok(changes.iter().filter(|change| change.at < now - older_than_ms).map(|change| change.thesis).collect())
}

fn add_version_to_corpus(
    store: &Store,
    index: &CorpusIndex,
    thesis_id: ThesisId,
    version: VersionId,
) -> Result<Result<(), String>, ThesisCheckError> {
    let thesis = store.thesis(thesis_id)?;
    let student = store.user(thesis.student)?;
    let report = store.latest_check(version)?.as_ref().and_then(stored_report);
    let Some(report) = report else {
        // Only checked versions can be cleared or admitted, so this means a damaged report.
        tracing::warn!(
            "adal: version {version} of thesis {thesis_id} has no readable report; not added to the corpus"
        );
        return Ok(Ok(()));
    };
    let mut meta = DocumentMeta::new(thesis_document_id(thesis_id, version), thesis.title.clone());
    meta.authors = student.name.clone();
    meta.year = thesis.planned_defense.map(|date| date.year.max(0) as u32);
    meta.language = thesis.language;
    meta.kind = DocumentKind::Thesis;
    meta.institution = thesis.faculty.clone();
    let outcomes = index.add_documents(vec![document_from_text(meta, report.text)])?;
    match outcomes.into_iter().next() {
        Some(crate::index::AddOutcome::IdTaken { id }) => Ok(Err(id)),
        _ => Ok(Ok(())),
    }
}

/// The stored report of a check with the exclusions reviewers recorded applied and the figures
/// recomputed; `None` when the stored report cannot be read.
///
/// Exclusions recorded on earlier checks of the same version apply too, in the order they were
/// made: a rescan makes a new check of the same text, and a reviewer's switches (sources by
/// corpus id, passages by byte range of that text, options) keep their meaning on it.
/// The numbers of the report's passages that overlap the byte range `start..end` of its text.
fn passages_overlapping(
    report: &Report,
    char_index: &crate::model::CharIndex,
    start: u64,
    end: u64,
) -> Vec<u32> {
    let range = Span::new(start as usize, end as usize);
    report
        .passages
        .iter()
        .filter(|passage| {
            let span = passage.submission_span;
            let bytes = Span::new(
                char_index.byte_offset(span.start as usize),
                char_index.byte_offset(span.end as usize),
            );
            bytes.overlaps(&range)
        })
        .map(|passage| passage.number)
        .collect()
}

pub fn report_with_exclusions(store: &Store, check: &Check) -> Result<Option<Report>, StoreError> {
    let Some(mut report) = stored_report(check) else {
        return Ok(None);
    };
    let mut exclusions = report.exclusions.clone();
    let char_index = crate::model::CharIndex::new(&report.text);
    let mut recorded = Vec::new();
    for earlier in store.checks_of(check.version)? {
        if earlier.id <= check.id {
            recorded.extend(store.exclusions_of(earlier.id)?);
        }
    }
    recorded.sort_by_key(|exclusion| exclusion.id);
    for exclusion in recorded {
        match exclusion.item {
            ExcludedItem::Source { source_id } => {
                let numbers = report.sources.iter().filter(|source| source.document_id == source_id);
                exclusions.excluded_sources.extend(numbers.map(|source| source.number));
            }
            ExcludedItem::SourceRestored { source_id } => {
                let restored: Vec<u32> = report
                    .sources
                    .iter()
                    .filter(|source| source.document_id == source_id)
                    .map(|source| source.number)
                    .collect();
                exclusions.excluded_sources.retain(|number| !restored.contains(number));
            }
            ExcludedItem::Passage { start, end } => {
                let numbers = passages_overlapping(&report, &char_index, start, end);
                exclusions.excluded_passages.extend(numbers);
            }
            ExcludedItem::PassageRestored { start, end } => {
                let restored = passages_overlapping(&report, &char_index, start, end);
                exclusions.excluded_passages.retain(|number| !restored.contains(number));
            }
            ExcludedItem::Options { quotes, bibliography, min_match_words } => {
                exclusions.quotes = quotes;
                exclusions.bibliography = bibliography;
                exclusions.min_match_words = min_match_words;
            }
            ExcludedItem::CrossLanguage { on } => exclusions.cross_language = on,
        }
    }
    exclusions.excluded_sources.sort_unstable();
    exclusions.excluded_sources.dedup();
    exclusions.excluded_passages.sort_unstable();
    exclusions.excluded_passages.dedup();
    report.set_exclusions(exclusions);
    Ok(Some(report))
}
