//! The defense documents on the thesis page (issue #18): the supervisor's feedback and the
//! external review, each with its file or a note that it is missing, and an upload form for
//! whoever may file it (the supervisor the feedback, faculty staff the review on the
//! reviewer's behalf) until the thesis is admitted. Admission needs both.

use super::user_name;
use crate::app;
use crate::app::documents::DefenseDocumentView;
use crate::app::theses::{UploadedFile, MISSING_FIELD};
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::http::upload::read_upload;
use crate::model::UiLang;
use crate::store::{DefenseDocumentKind, Thesis, User};
use crate::web::i18n::{format_time, msg};
use crate::web::Page;
use crate::workflow::ThesisState;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{json, Value};

/// The two kinds, in the order the page lists them, with their URL names.
const KINDS: [(DefenseDocumentKind, &str, &str); 2] = [
    (DefenseDocumentKind::Feedback, "feedback", "document_feedback"),
    (DefenseDocumentKind::Review, "review", "document_review"),
];

/// The documents section of a thesis page: one row per kind; empty when the visitor neither
/// sees a document nor may upload one.
pub fn documents_view(
    state: &AppState,
    user: &User,
    thesis: &Thesis,
    lang: UiLang,
) -> Result<Vec<Value>, ApiError> {
    let on_file = app::documents::documents_of(&state.services, user, thesis.id)?;
    let open = !matches!(thesis.state, ThesisState::Admitted { .. });
    let may_upload =
        |kind| open && app::documents::thesis_for_document(&state.services, user, thesis.id, kind).is_ok();
    if on_file.is_empty() && !KINDS.iter().any(|&(kind, ..)| may_upload(kind)) {
        return Ok(Vec::new());
    }
    Ok(KINDS
        .iter()
        .map(|&(kind, name, label)| {
            let document = on_file.iter().find(|document| document.kind == kind);
            document_row(state, lang, (name, label), document, may_upload(kind))
        })
        .collect())
}

/// One kind's row: the file (with the reviewer and who filed it, when) or "not uploaded yet".
fn document_row(
    state: &AppState,
    lang: UiLang,
    (kind, label): (&str, &str),
    document: Option<&DefenseDocumentView>,
    can_upload: bool,
) -> Value {
    json!({
        "kind": kind, "label": msg(lang, label), "can_upload": can_upload,
        "href": document.map(|document| document.file_url.clone()),
        "file_name": document.map(|document| document.file_name.clone()),
        "author": document.and_then(|document| document.author_name.clone()),
        "uploaded_by": document.map(|document| user_name(&state.store, Some(document.uploaded_by))),
        "uploaded": document.map(|document| format_time(lang, document.uploaded_at)),
    })
}

/// `POST /theses/{id}/documents/{kind}` (multipart, without JavaScript): files the document
/// through the application layer, then back to the thesis.
pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    Path((thesis_id, kind)): Path<(u64, DefenseDocumentKind)>,
    multipart: Multipart,
) -> Response {
    let result = async {
        let form_user = page.form_user()?;
        let user = form_user.current.user.clone();
        app::documents::thesis_for_document(&state, &user, thesis_id, kind)?;
        let (file, fields) = read_upload(multipart, state.config.max_upload_bytes).await?;
        form_user.verify_form_token(&state, fields.get("csrf_token").map(String::as_str))?;
        let (file_name, bytes) = file.ok_or(ApiError::invalid("file_required", MISSING_FIELD))?;
        let (upload, reviewer) = (UploadedFile { file_name, bytes }, fields.get("reviewer_name").cloned());
        let filed = move |services: &_| {
            app::documents::upload_document(services, &user, thesis_id, kind, upload, reviewer.as_deref())
        };
        state.run(filed).await?;
        Ok(Redirect::to(&format!("/theses/{thesis_id}?flash=document_uploaded#defense-documents"))
            .into_response())
    }
    .await;
    page.finish(result)
}
