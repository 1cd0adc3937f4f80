//! The defense documents of a thesis (issue #18): the supervisor's feedback and the external
//! review, uploaded as files and read back by whoever may view the thesis.

use super::ErrorAnswer;
use crate::app;
use crate::app::documents::DefenseDocumentView;
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, FormUser};
use crate::http::state::AppState;
use crate::http::upload::read_form_upload;
use crate::store::DefenseDocumentKind;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// The answer of `GET /api/theses/{id}/documents`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DocumentList {
    /// The documents on file: the feedback first, then the review.
    pub documents: Vec<DefenseDocumentView>,
}

/// A defense document's upload (documentation only): the file, the reviewer's name for a
/// review, and the CSRF token for cookie sessions without the `X-CSRF-Token` header.
#[derive(utoipa::ToSchema)]
pub struct DocumentUploadForm {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// Required for `review`: who wrote it.
    pub reviewer_name: Option<String>,
    pub csrf_token: Option<String>,
}

/// `GET /api/theses/{id}/documents`: the thesis's defense documents on file.
#[utoipa::path(get, path = "/api/theses/{id}/documents", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = DocumentList), (status = "default", body = ErrorAnswer)))]
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis_id): Path<u64>,
) -> Result<Json<DocumentList>, ApiError> {
    let documents =
        state.run(move |services| app::documents::documents_of(services, &current.user, thesis_id)).await?;
    Ok(Json(DocumentList { documents }))
}

/// `POST /api/theses/{id}/documents/{kind}` (multipart `file`; `reviewer_name` for a review):
/// the supervisor uploads the `feedback`, staff the `review` on the reviewer's behalf. Replaces
/// an earlier one of the kind until the thesis is admitted.
#[utoipa::path(post, path = "/api/theses/{id}/documents/{kind}", tag = "attestation", params(("id" = u64, Path), ("kind" = DefenseDocumentKind, Path)), request_body(content = DocumentUploadForm, content_type = "multipart/form-data"), responses((status = 201, body = DefenseDocumentView), (status = "default", body = ErrorAnswer)))]
pub async fn add(
    State(state): State<AppState>,
    form_user: FormUser,
    Path((thesis_id, kind)): Path<(u64, DefenseDocumentKind)>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<(StatusCode, Json<DefenseDocumentView>), ApiError> {
    let user = form_user.current.user.clone();
    app::documents::thesis_for_document(&state, &user, thesis_id, kind)?;
    let form =
        read_form_upload(&state, &form_user, &headers, multipart, state.config.max_upload_bytes).await?;
    let reviewer = form.fields.get("reviewer_name").cloned();
    let view = state
        .run(move |services| {
            app::documents::upload_document(services, &user, thesis_id, kind, form.file, reviewer.as_deref())
        })
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /api/theses/{id}/documents/{kind}`: the document's file as a download.
#[utoipa::path(get, path = "/api/theses/{id}/documents/{kind}", tag = "attestation", params(("id" = u64, Path), ("kind" = DefenseDocumentKind, Path)), responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = "default", body = ErrorAnswer)))]
pub async fn file(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((thesis_id, kind)): Path<(u64, DefenseDocumentKind)>,
) -> Result<Response, ApiError> {
    let file = state
        .run(move |services| app::documents::document_file(services, &current.user, thesis_id, kind))
        .await?;
    let encoded = app::export::percent_encode(&file.file_name);
    let disposition = format!("attachment; filename=\"document-{thesis_id}\"; filename*=UTF-8''{encoded}");
    let headers = [
        (header::CONTENT_TYPE, "application/octet-stream".to_string()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox".to_string()),
    ];
    Ok((headers, file.bytes).into_response())
}
