//! The reference corpus for staff: adding an uploaded document (extracted in the isolated child,
//! then added with the same metadata and id rules as `adal corpus add`), with the `thesis-` id
//! space reserved for students' theses.

use super::theses::{clean_file_name, quick_refusal, UploadedFile};
use super::{fields, AppError, Services};
use crate::auth::{authorize, AccessTarget, Action};
use crate::index::{AddOutcome, DocumentKind, DocumentMeta};
use crate::model::Translated;
use crate::pipeline::ingest::{ingest_extracted, IngestOptions};
use crate::pipeline::manifest::ManifestEntry;
use crate::store::User;

const RESERVED_ID: Translated = crate::messages::text("reserved_id");

/// What staff may say about an uploaded corpus document; everything else is derived.
#[derive(Clone, Debug, Default)]
pub struct CorpusDocumentInput {
    pub id: Option<String>,
    pub title: Option<String>,
    pub authors: Option<String>,
    pub year: Option<u32>,
    pub kind: Option<DocumentKind>,
}

/// Staff may manage the corpus (shared by all faculties).
pub fn authorize_corpus(caller: &User) -> Result<(), AppError> {
    authorize(caller, Action::ManageCorpus, &AccessTarget::Institution)?;
    Ok(())
}

/// Checks the fields staff typed (lengths, the reserved id space) before the file is extracted.
pub fn check_document_input(input: &CorpusDocumentInput) -> Result<(), AppError> {
    if let Some(id) = &input.id {
        fields::check_length("id", id, fields::MAX_NAME_CHARS)?;
        if crate::pipeline::thesis::is_reserved_document_id(id) {
            return Err(AppError::invalid("reserved_id", RESERVED_ID));
        }
    }
    for (field, text) in [("title", &input.title), ("authors", &input.authors)] {
        if let Some(text) = text {
            fields::check_length(field, text, fields::MAX_TITLE_CHARS)?;
        }
    }
    Ok(())
}

/// Extracts an uploaded document in the isolated child and adds it to the corpus.
pub fn add_document(
    services: &Services,
    caller: &User,
    upload: UploadedFile,
    input: CorpusDocumentInput,
) -> Result<AddOutcome, AppError> {
    authorize_corpus(caller)?;
    check_document_input(&input)?;
    if let Some(refusal) = quick_refusal(&upload.bytes) {
        return Err(refusal);
    }
    let extracted = services.extractor.extract_document(&upload.bytes).map_err(AppError::Refused)?;
    let clean =
        |text: Option<String>| text.map(|text| fields::clean_line(&text)).filter(|text| !text.is_empty());
    let entry = ManifestEntry {
        id: clean(input.id),
        title: clean(input.title),
        authors: clean(input.authors),
        year: input.year,
        kind: input.kind,
        ..ManifestEntry::default()
    };
    let options = IngestOptions { default_kind: DocumentKind::Other, ..IngestOptions::default() };
    let file_name = clean_file_name(&upload.file_name);
    ingest_extracted(&services.index, &file_name, extracted.text, entry, &options).map_err(AppError::internal)
}

/// Removes a corpus document (not found when there is none with this id).
pub fn remove_document(services: &Services, caller: &User, id: &str) -> Result<(), AppError> {
    authorize_corpus(caller)?;
    match services.index.remove(id).map_err(AppError::internal)? {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

/// Marks or unmarks a corpus document as a template: template text (title pages, standard
/// forms) never counts as borrowing.
pub fn set_template(services: &Services, caller: &User, id: &str, template: bool) -> Result<(), AppError> {
    authorize_corpus(caller)?;
    match crate::pipeline::ingest::set_template(&services.index, id, template).map_err(AppError::internal)? {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

/// The most hits a corpus search answers.
pub const MAX_SEARCH_HITS: usize = 100;

/// Full-text search of the corpus with snippets (staff), at most `limit` hits (20 when `None`,
/// never over [`MAX_SEARCH_HITS`]).
pub fn search(
    services: &Services,
    caller: &User,
    query: &str,
    limit: Option<usize>,
) -> Result<Vec<crate::index::SearchHit>, AppError> {
    authorize_corpus(caller)?;
    let limit = limit.unwrap_or(20).min(MAX_SEARCH_HITS);
    services.index.search(query, limit).map_err(AppError::internal)
}

/// The corpus documents a staff list shows: those of `kind` (any when empty) whose id, title or
/// authors contain `filter`, sorted by `sort` (`title`, `year` newest first, `words` longest
/// first; otherwise by id, as the index lists them).
pub fn list_documents(
    services: &Services,
    caller: &User,
    kind: &str,
    filter: &str,
    sort: &str,
) -> Result<Vec<DocumentMeta>, AppError> {
    authorize_corpus(caller)?;
    let mut metas = services.index.list().map_err(AppError::internal)?;
    metas.retain(|meta| {
        let kind_matches = kind.is_empty() || meta.kind.code() == kind;
        kind_matches && super::listing::matches_text(filter, &[&meta.id, &meta.title, &meta.authors])
    });
    match sort {
        "title" => metas.sort_by_key(|meta| meta.title.to_lowercase()),
        "year" => metas.sort_by_key(|meta| std::cmp::Reverse(meta.year)),
        "words" => metas.sort_by_key(|meta| std::cmp::Reverse(meta.words)),
        _ => {}
    }
    Ok(metas)
}
