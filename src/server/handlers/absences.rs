//! A student's request to defend on another day for a valid reason (§22, issue #18): filed with
//! its supporting document, read back with its state, the document downloaded, and refused by
//! the chair. Granting it is moving the defense (`POST /api/commissions/{id}/schedule/reschedule`
//! with `valid_absence`).

use super::ErrorAnswer;
use crate::app;
use crate::app::absences::AbsenceView;
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, FormUser};
use crate::http::state::AppState;
use crate::http::upload::read_form_upload;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An absence request's upload (documentation only): the reason, the supporting document, and
/// the CSRF token for cookie sessions without the `X-CSRF-Token` header.
#[derive(utoipa::ToSchema)]
pub struct AbsenceUploadForm {
    pub reason: String,
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    pub csrf_token: Option<String>,
}

/// `POST /api/theses/{id}/absence` (multipart `reason`, `file`): the student asks the chair to
/// move their published defense; the chair is notified.
#[utoipa::path(post, path = "/api/theses/{id}/absence", tag = "attestation", params(("id" = u64, Path)), request_body(content = AbsenceUploadForm, content_type = "multipart/form-data"), responses((status = 201, body = AbsenceView), (status = "default", body = ErrorAnswer)))]
pub async fn request(
    State(state): State<AppState>,
    form_user: FormUser,
    Path(thesis): Path<u64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<(StatusCode, Json<AbsenceView>), ApiError> {
    let user = form_user.current.user.clone();
    let form =
        read_form_upload(&state, &form_user, &headers, multipart, state.config.max_upload_bytes).await?;
    let reason = form.fields.get("reason").cloned().unwrap_or_default();
    let view = state
        .run(move |services| {
            let request = app::absences::request_absence(services, &user, thesis, &reason, form.file)?;
            Ok(AbsenceView::of(services, &request))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /api/theses/{id}/absence`: the latest request with its state, for the student, the
/// chair and staff who manage the commission.
#[utoipa::path(get, path = "/api/theses/{id}/absence", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = AbsenceView), (status = "default", body = ErrorAnswer)))]
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis): Path<u64>,
) -> Result<Json<AbsenceView>, ApiError> {
    let view = state
        .run(move |services| {
            let request = app::absences::absence_for(services, &current.user, thesis)?;
            Ok(AbsenceView::of(services, &request))
        })
        .await?;
    Ok(Json(view))
}

/// `GET /api/theses/{id}/absence/file`: the supporting document as a download.
#[utoipa::path(get, path = "/api/theses/{id}/absence/file", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = "default", body = ErrorAnswer)))]
pub async fn file(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis): Path<u64>,
) -> Result<Response, ApiError> {
    let file =
        state.run(move |services| app::absences::absence_file(services, &current.user, thesis)).await?;
    let encoded = app::export::percent_encode(&file.file_name);
    let disposition = format!("attachment; filename=\"absence-{thesis}\"; filename*=UTF-8''{encoded}");
    let headers = [
        (header::CONTENT_TYPE, "application/octet-stream".to_string()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox".to_string()),
    ];
    Ok((headers, file.bytes).into_response())
}

/// `POST /api/commissions/{id}/absences/{thesis}/refuse`: the chair (or staff) refuses the
/// waiting request; the student is notified.
#[utoipa::path(post, path = "/api/commissions/{id}/absences/{thesis}/refuse", tag = "attestation", params(("id" = u64, Path), ("thesis" = u64, Path)), responses((status = 200, body = AbsenceView), (status = "default", body = ErrorAnswer)))]
pub async fn refuse(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, thesis)): Path<(u64, u64)>,
) -> Result<Json<AbsenceView>, ApiError> {
    let view = state
        .run(move |services| {
            let request = app::absences::refuse_absence(services, &current.user, id, thesis)?;
            Ok(AbsenceView::of(services, &request))
        })
        .await?;
    Ok(Json(view))
}
