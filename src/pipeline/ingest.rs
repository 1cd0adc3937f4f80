//! Corpus ingest: files and folders in, documents in the corpus index out.
//!
//! Folders are walked recursively (hidden entries, READMEs and manifests skipped); metadata
//! comes from the folder's `manifest.tsv` when it lists the file, else the title is the file
//! name and the language is detected. Files are read, extracted, analyzed and fingerprinted in
//! parallel with rayon and added in batches, one commit per batch. One bad file never stops a
//! batch: it ends up in the [`IngestSummary`] with its reason.
//!
//! Marking a document as a template re-indexes it (from its stored text) with its fingerprints
//! in the template field, so that its text never seeds a match (see `crate::index`).

use super::manifest::{ManifestEntry, ManifestIndex, MANIFEST_FILE_NAME};
use crate::extract::{extract, ExtractError, ExtractLimits};
use crate::fingerprint::{retrieval_hashes, FingerprintConfig, CORPUS_PAIR_SAMPLE, SCHEME_VERSION};
use crate::index::{
    content_hash, AddOutcome, CorpusIndex, CorpusWriter, DocumentKind, DocumentMeta, IndexError, NewDocument,
    StoredDocument,
};
use crate::text::{analyze, detect_language};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// How files are ingested.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// The kind of documents the manifest does not classify.
    pub default_kind: DocumentKind,
    /// Add every document as a template.
    pub template: bool,
    /// A batch (one commit) holds files of at most this many bytes in total...
    pub batch_bytes: u64,
    /// ...and at most this many files.
    pub batch_files: usize,
    pub limits: ExtractLimits,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            default_kind: DocumentKind::Other,
            template: false,
            batch_bytes: 64_000_000,
            batch_files: 256,
            limits: ExtractLimits::DEFAULT,
        }
    }
}

/// One file to ingest, with its manifest entry if a manifest lists it.
#[derive(Clone, Debug)]
pub struct IngestInput {
    pub path: PathBuf,
    pub manifest_entry: Option<ManifestEntry>,
}

/// Why a file was neither added nor refused by extraction.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IngestFailure {
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error("the id `{0}` is already used by another document")]
    IdTaken(String),
}

/// What an ingest did, file by file.
#[derive(Debug, Default)]
pub struct IngestSummary {
    /// Files added, with their new document ids.
    pub added: Vec<(PathBuf, String)>,
    /// Files whose text was already in the corpus, with the id of the document that has it.
    pub already_present: Vec<(PathBuf, String)>,
    /// Files extraction refused (encrypted, scanned, corrupt, ...).
    pub refused: Vec<(PathBuf, ExtractError)>,
    /// Files that could not be read or whose manifest id is taken.
    pub failed: Vec<(PathBuf, IngestFailure)>,
}

/// Walks the given files and folders; returns the files to ingest and the paths that could not
/// be read. Folder contents are sorted, so the order is stable.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<IngestInput>, Vec<(PathBuf, IngestFailure)>) {
    let mut manifests = ManifestIndex::default();
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk_folder(path, &mut manifests, &mut files, &mut failures);
        } else if path.is_file() {
            if let Some(parent) = path.parent() {
                let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
                if let Err(error) = manifests.load_folder(parent) {
                    failures.push((
                        parent.join(MANIFEST_FILE_NAME),
                        IngestFailure::Unreadable(error.to_string()),
                    ));
                }
            }
            files.push(path.clone());
        } else {
            failures.push((path.clone(), IngestFailure::Unreadable("no such file or folder".to_string())));
        }
    }
    let inputs = files
        .into_iter()
        .map(|path| {
            let manifest_entry = manifests.entry_for(&path).cloned();
            IngestInput { path, manifest_entry }
        })
        .collect();
    (inputs, failures)
}

fn walk_folder(
    folder: &Path,
    manifests: &mut ManifestIndex,
    files: &mut Vec<PathBuf>,
    failures: &mut Vec<(PathBuf, IngestFailure)>,
) {
    if let Err(error) = manifests.load_folder(folder) {
        failures.push((folder.join(MANIFEST_FILE_NAME), IngestFailure::Unreadable(error.to_string())));
    }
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => {
            failures.push((folder.to_path_buf(), IngestFailure::Unreadable(error.to_string())));
            return;
        }
    };
    let mut children: Vec<(PathBuf, std::fs::FileType)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_type().ok().map(|file_type| (entry.path(), file_type)))
        .collect();
    children.sort_by(|left, right| left.0.cmp(&right.0));
    for (path, file_type) in children {
        let name = path.file_name().map(|name| name.to_string_lossy().to_lowercase()).unwrap_or_default();
        // Manifests and their per-language parts (manifest-ru.tsv) describe files; they are not documents.
        let is_manifest = name.starts_with("manifest") && name.ends_with(".tsv");
        if name.starts_with('.') || name.starts_with("readme") || is_manifest {
            continue;
        }
        // Symbolic links to folders are not followed, so a link cycle cannot loop forever.
        if file_type.is_dir() {
            walk_folder(&path, manifests, files, failures);
        } else if path.is_file() {
            files.push(path);
        }
    }
}

/// Walks `paths` and ingests every file found (see [`ingest_inputs`]).
pub fn ingest_paths(
    index: &CorpusIndex,
    paths: &[PathBuf],
    options: &IngestOptions,
    on_file_done: &(dyn Fn(&Path) + Sync),
) -> Result<IngestSummary, IndexError> {
    let (inputs, failures) = collect_inputs(paths);
    let mut summary = ingest_inputs(index, &inputs, options, on_file_done)?;
    summary.failed.splice(0..0, failures);
    Ok(summary)
}

/// Extracts, fingerprints and adds files in batches, in parallel; `on_file_done` is called
/// (from worker threads) after each file is prepared. Only index failures are errors.
///
/// The next batch is extracted and fingerprinted (on the rayon pool) while the current one is
/// indexed and committed, so the cores are not idle while tantivy serializes a segment. An
/// ingest of several batches ends by merging the fingerprint runs into one.
pub fn ingest_inputs(
    index: &CorpusIndex,
    inputs: &[IngestInput],
    options: &IngestOptions,
    on_file_done: &(dyn Fn(&Path) + Sync),
) -> Result<IngestSummary, IndexError> {
    let mut summary = IngestSummary::default();
    let mut writer = index.writer()?;
    let batches = batches(inputs, options);
    let mut prepared = batches.first().map(|batch| prepare_batch(batch, options, on_file_done));
    for position in 0..batches.len() {
        let current = prepared.take().unwrap_or_default();
        let next_batch = batches.get(position + 1).copied();
        let (added, next) = std::thread::scope(|scope| {
            let next =
                next_batch.map(|batch| scope.spawn(move || prepare_batch(batch, options, on_file_done)));
            let added = add_prepared(&mut writer, current, &mut summary);
            let next =
                next.map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            (added, next)
        });
        added?;
        prepared = next;
    }
    // A bulk ingest leaves one fingerprint run and one segment, so that every check searches one
    // run and staff search one term dictionary.
    if batches.len() > 1 {
        writer.merge_all_runs()?;
    }
    writer.finish()?;
    if batches.len() > 1 {
        index.merge_all_segments()?;
    }
    Ok(summary)
}

type PreparedBatch = Vec<(PathBuf, Result<NewDocument, Refusal>)>;

/// Reads, extracts, analyzes and fingerprints the files of a batch in parallel.
fn prepare_batch(
    batch: &[IngestInput],
    options: &IngestOptions,
    on_file_done: &(dyn Fn(&Path) + Sync),
) -> PreparedBatch {
    batch
        .par_iter()
        .map(|input| {
            let result = prepare_file(input, options);
            on_file_done(&input.path);
            (input.path.clone(), result)
        })
        .collect()
}

/// Adds a prepared batch in one commit and records what happened to each file.
fn add_prepared(
    writer: &mut CorpusWriter<'_>,
    prepared: PreparedBatch,
    summary: &mut IngestSummary,
) -> Result<(), IndexError> {
    let mut paths = Vec::with_capacity(prepared.len());
    let mut documents = Vec::with_capacity(prepared.len());
    for (path, result) in prepared {
        match result {
            Ok(document) => {
                paths.push(path);
                documents.push(document);
            }
            Err(Refusal::Extract(error)) => summary.refused.push((path, error)),
            Err(Refusal::Other(failure)) => summary.failed.push((path, failure)),
        }
    }
    for (path, outcome) in paths.into_iter().zip(writer.add_batch(documents)?) {
        match outcome {
            AddOutcome::Added { id } => summary.added.push((path, id)),
            AddOutcome::AlreadyPresent { existing_id } => summary.already_present.push((path, existing_id)),
            AddOutcome::IdTaken { id } => summary.failed.push((path, IngestFailure::IdTaken(id))),
        }
    }
    Ok(())
}

/// Splits the inputs into batches bounded in file bytes and in number of files.
fn batches<'a>(inputs: &'a [IngestInput], options: &IngestOptions) -> Vec<&'a [IngestInput]> {
    let mut batches = Vec::new();
    let mut start = 0;
    let mut bytes = 0u64;
    for (position, input) in inputs.iter().enumerate() {
        let size = std::fs::metadata(&input.path).map(|metadata| metadata.len()).unwrap_or(0);
        if position > start && (bytes + size > options.batch_bytes || position - start >= options.batch_files)
        {
            batches.push(&inputs[start..position]);
            start = position;
            bytes = 0;
        }
        bytes += size;
    }
    if start < inputs.len() {
        batches.push(&inputs[start..]);
    }
    batches
}

enum Refusal {
    Extract(ExtractError),
    Other(IngestFailure),
}

fn prepare_file(input: &IngestInput, options: &IngestOptions) -> Result<NewDocument, Refusal> {
    let bytes = std::fs::read(&input.path)
        .map_err(|error| Refusal::Other(IngestFailure::Unreadable(error.to_string())))?;
    let extracted = extract(&bytes, &options.limits).map_err(Refusal::Extract)?;
    drop(bytes);
    let entry = input.manifest_entry.clone().unwrap_or_default();
    Ok(document_for(&input.path, extracted.text, entry, options))
}

/// The document of an extracted text: metadata from the manifest entry, else the id and title
/// made from the file name (the one id rule of every way into the corpus), the language
/// detected, the kind the options give.
fn document_for(path: &Path, text: String, entry: ManifestEntry, options: &IngestOptions) -> NewDocument {
    let mut meta = DocumentMeta::new(
        entry.id.unwrap_or_else(|| default_id(path, &text)),
        entry.title.unwrap_or_else(|| title_from_path(path)),
    );
    meta.authors = entry.authors.unwrap_or_default();
    meta.year = entry.year;
    meta.language = entry.language.unwrap_or_else(|| detect_language(&text));
    meta.kind = entry.kind.unwrap_or(options.default_kind);
    meta.institution = entry.institution.unwrap_or_default();
    meta.external_ref = entry.external_ref.unwrap_or_default();
    meta.template = options.template;
    document_from_text(meta, text)
}

/// Adds one already extracted document (a staff upload; the service extracts it in its
/// isolated child) with the same metadata and id rules as a file ingest, commits and reloads.
/// `file_name` stands for the file's path: its stem gives the default id and title.
pub fn ingest_extracted(
    index: &CorpusIndex,
    file_name: &str,
    text: String,
    entry: ManifestEntry,
    options: &IngestOptions,
) -> Result<AddOutcome, IndexError> {
    let document = document_for(Path::new(file_name), text, entry, options);
    let mut outcomes = index.add_documents(vec![document])?;
    index.reload()?;
    Ok(outcomes.pop().unwrap_or(AddOutcome::AlreadyPresent { existing_id: String::new() }))
}

/// Analyzes and fingerprints a text with the current scheme (the corpus selection,
/// [`FingerprintConfig::CORPUS`], the corpus sample of sentence stem pairs and, with the
/// active lexicon's translations, the corpus sample of concept pairs) and wraps it for the
/// index.
pub fn document_from_text(mut meta: DocumentMeta, text: String) -> NewDocument {
    let analyzed = analyze(&text);
    let mut fingerprint_hashes =
        retrieval_hashes(&text, &analyzed.tokens, &FingerprintConfig::CORPUS, CORPUS_PAIR_SAMPLE);
    fingerprint_hashes.extend(crate::xlang::retrieval::corpus_concept_keys(
        &text,
        &analyzed.tokens,
        crate::text::detect_language(&text),
        &crate::text::lexicon::active(),
    ));
    meta.words = analyzed.tokens.len() as u64;
    NewDocument { meta, text, fingerprint_hashes }
}

/// The title of a file without a manifest entry: its name without extension, `_` as spaces.
fn title_from_path(path: &Path) -> String {
    path.file_stem().map(|stem| stem.to_string_lossy().replace('_', " ")).unwrap_or_default()
}

/// A readable, stable id for a file without a manifest id: the file name in lowercase with
/// punctuation as dashes, then 8 hex digits of the content hash (so two different files with
/// the same name get different ids, and the same file always gets the same id).
fn default_id(path: &Path, text: &str) -> String {
    let stem = path.file_stem().map(|stem| stem.to_string_lossy().to_lowercase()).unwrap_or_default();
    let mut slug = String::new();
    for character in stem.chars().take(60) {
        if character.is_alphanumeric() {
            slug.push(character);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let hash = content_hash(text);
    format!("{}-{}", slug.trim_end_matches('-'), &hash[..8]).trim_start_matches('-').to_string()
}

/// Opens the corpus index in `directory` (creating an empty one if needed) and brings an index
/// written by an earlier release up to date:
/// - an index of an older layout (fingerprints in tantivy's term dictionary, no document
///   numbers) is rebuilt from its stored texts, and the old one is kept beside it as
///   `<directory>.old-layout` until the operator deletes it;
/// - an index whose fingerprints were made with an older scheme is re-indexed.
///
/// `on_upgrade` is told what is being done (for a log line).
pub fn open_corpus_index(directory: &Path, on_upgrade: &dyn Fn(&str)) -> Result<CorpusIndex, IndexError> {
    let index = match CorpusIndex::open_or_create(directory) {
        Err(IndexError::IncompatibleSchema { .. }) => {
            let documents = CorpusIndex::read_documents_of_older_layout(directory)?.unwrap_or_default();
            on_upgrade(&format!(
                "rebuilding the corpus index ({} documents) in the current layout",
                documents.len()
            ));
            let rebuilt = directory.with_extension("rebuilding");
            if rebuilt.exists() {
                std::fs::remove_dir_all(&rebuilt)?;
            }
            {
                let fresh = CorpusIndex::open_or_create(&rebuilt)?;
                let mut writer = fresh.writer()?;
                let mut documents = documents.into_iter().peekable();
                while documents.peek().is_some() {
                    let batch: Vec<StoredDocument> = documents.by_ref().take(256).collect();
                    let batch: Vec<NewDocument> = batch
                        .into_par_iter()
                        .map(|stored| document_from_text(stored.meta, stored.text))
                        .collect();
                    writer.add_batch(batch)?;
                }
                writer.merge_all_runs()?;
                writer.finish()?;
                fresh.merge_all_segments()?;
            }
            let old = directory.with_extension("old-layout");
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(directory, &old)?;
            std::fs::rename(&rebuilt, directory)?;
            CorpusIndex::open_or_create(directory)?
        }
        other => other?,
    };
    if let Some(stored) = index.reindex_needed()? {
        on_upgrade(&format!("re-indexing the corpus: fingerprint scheme {stored} → {SCHEME_VERSION}"));
        reindex(&index, &|_| {})?;
    }
    Ok(index)
}

/// Marks a document as a template (or back as an ordinary document) by re-indexing it from its
/// stored text. Returns false when no document has this id.
pub fn set_template(index: &CorpusIndex, id: &str, template: bool) -> Result<bool, IndexError> {
    let Some(stored) = index.get_document(id)? else {
        return Ok(false);
    };
    if stored.meta.template == template {
        return Ok(true);
    }
    let mut meta = stored.meta;
    meta.template = template;
    let mut writer = index.writer()?;
    let scheme_after = writer.version().scheme_version;
    writer.replace(vec![document_from_text(meta, stored.text)], scheme_after)?;
    writer.finish()?;
    Ok(true)
}

/// Re-fingerprints every document made with another scheme from its stored text, in batches,
/// then records the current scheme. Returns the number of documents re-indexed.
pub fn reindex(index: &CorpusIndex, on_document_done: &(dyn Fn(&str) + Sync)) -> Result<usize, IndexError> {
    let stale: Vec<String> = index
        .list()?
        .into_iter()
        .filter(|meta| meta.scheme_version != SCHEME_VERSION)
        .map(|meta| meta.id)
        .collect();
    let mut writer = index.writer()?;
    let scheme_before = writer.version().scheme_version;
    for ids in stale.chunks(64) {
        let documents: Vec<NewDocument> = ids
            .par_iter()
            .map(|id| {
                let document = index.get_document(id);
                on_document_done(id);
                document
            })
            .collect::<Result<Vec<_>, IndexError>>()?
            .into_par_iter()
            .flatten()
            .map(|stored| document_from_text(stored.meta, stored.text))
            .collect();
        writer.replace(documents, scheme_before)?;
    }
    // The last commit records the current scheme: from now on adds are accepted again.
    writer.replace(Vec::new(), SCHEME_VERSION)?;
    writer.finish()?;
    Ok(stale.len())
}
