//! The defense documents of a thesis (issue #18): the supervisor uploads the feedback (отзыв /
//! пікір) on an assigned student's thesis; staff of the faculty upload the external review
//! (рецензия) on the reviewer's behalf, naming the reviewer (external reviewers seldom have an
//! account). Whoever may view the thesis reads them. Admission checks that both are on file
//! (in the store's transaction, through the workflow).

use super::access::{authorize_on_thesis, visible_thesis};
use super::theses::{clean_file_name, quick_refusal, OriginalFile, UploadedFile};
use super::{fields, AppError, Services};
use crate::auth::Action;
use crate::model::Translated;
use crate::store::{DefenseDocument, DefenseDocumentKind, Thesis, ThesisId, User, UserId};
use crate::workflow::DocumentsOnFile;
use serde::Serialize;

const REVIEWER_NAME_REQUIRED: Translated = crate::messages::text("document_reviewer_name_required");

/// A defense document as the API and the pages show it (not the file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DefenseDocumentView {
    pub kind: DefenseDocumentKind,
    pub file_name: String,
    pub byte_len: u64,
    /// The reviewer's name for a review; `None` for the supervisor's feedback.
    pub author_name: Option<String>,
    pub uploaded_by: UserId,
    pub uploaded_by_name: String,
    pub uploaded_at: i64,
    /// `/api/theses/{id}/documents/{kind}`.
    pub file_url: String,
}

impl DefenseDocumentView {
    fn of(services: &Services, document: &DefenseDocument) -> DefenseDocumentView {
        let kind = match document.kind {
            DefenseDocumentKind::Feedback => "feedback",
            DefenseDocumentKind::Review => "review",
        };
        DefenseDocumentView {
            kind: document.kind,
            file_name: document.file_name.clone(),
            byte_len: document.byte_len,
            author_name: document.author_name.clone(),
            uploaded_by: document.uploaded_by,
            uploaded_by_name: services
                .store
                .user(document.uploaded_by)
                .map(|user| user.name)
                .unwrap_or_default(),
            uploaded_at: document.uploaded_at,
            file_url: format!("/api/theses/{}/documents/{kind}", document.thesis),
        }
    }
}

/// Who uploads a kind of document.
fn upload_action(kind: DefenseDocumentKind) -> Action {
    match kind {
        DefenseDocumentKind::Feedback => Action::UploadFeedback,
        DefenseDocumentKind::Review => Action::UploadReview,
    }
}

/// The thesis a caller may upload a document of `kind` to (checked before the body is read).
pub fn thesis_for_document(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    kind: DefenseDocumentKind,
) -> Result<Thesis, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    authorize_on_thesis(caller, upload_action(kind), &thesis)?;
    Ok(thesis)
}

/// Stores a defense document, replacing an earlier one of its kind. A review needs the
/// reviewer's name; a file refused at a glance (empty, unsupported, encrypted) is not stored.
pub fn upload_document(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    kind: DefenseDocumentKind,
    upload: UploadedFile,
    reviewer_name: Option<&str>,
) -> Result<DefenseDocumentView, AppError> {
    thesis_for_document(services, caller, thesis_id, kind)?;
    let author_name = match kind {
        DefenseDocumentKind::Feedback => None,
        DefenseDocumentKind::Review => {
            let name = fields::optional_line("reviewer_name", reviewer_name, fields::MAX_NAME_CHARS)?;
            Some(name.ok_or(AppError::invalid("reviewer_name_required", REVIEWER_NAME_REQUIRED))?)
        }
    };
    if let Some(refusal) = quick_refusal(&upload.bytes) {
        return Err(refusal);
    }
    services.upload_limiter.admit(caller.id, services.now()).map_err(AppError::UploadLimited)?;
    let document = DefenseDocument {
        thesis: thesis_id,
        kind,
        file_hash: services.store.files().put(&upload.bytes)?,
        file_name: clean_file_name(&upload.file_name),
        byte_len: upload.bytes.len() as u64,
        author_name,
        uploaded_by: caller.id,
        uploaded_at: services.now(),
    };
    services.store.put_defense_document(&document, services.now())?;
    Ok(DefenseDocumentView::of(services, &document))
}

/// The defense documents of a thesis the caller may view (feedback first).
pub fn documents_of(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
) -> Result<Vec<DefenseDocumentView>, AppError> {
    visible_thesis(services, caller, thesis_id)?;
    let documents = services.store.defense_documents(thesis_id)?;
    Ok(documents.iter().map(|document| DefenseDocumentView::of(services, document)).collect())
}

/// The file of a thesis's document of one kind, for whoever may view the thesis.
pub fn document_file(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    kind: DefenseDocumentKind,
) -> Result<OriginalFile, AppError> {
    visible_thesis(services, caller, thesis_id)?;
    let documents = services.store.defense_documents(thesis_id)?;
    let document = documents.into_iter().find(|document| document.kind == kind).ok_or(AppError::NotFound)?;
    let bytes = services.store.files().get(&document.file_hash)?;
    Ok(OriginalFile { file_name: document.file_name, bytes })
}

/// Which documents a thesis has on file (none when they cannot be read: a list row only).
pub fn documents_on_file(services: &Services, thesis_id: ThesisId) -> DocumentsOnFile {
    let documents = services.store.defense_documents(thesis_id).unwrap_or_default();
    let has = |kind| documents.iter().any(|document| document.kind == kind);
    DocumentsOnFile { feedback: has(DefenseDocumentKind::Feedback), review: has(DefenseDocumentKind::Review) }
}
