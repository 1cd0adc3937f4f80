//! The attestation's DOCX documents (issue #18), in the request's language (`?lang=kk|ru`;
//! Kazakh by default; English is refused): a defense's vote protocol, the chair's report and a
//! technical-failure act.

use super::ErrorAnswer;
use crate::app;
use crate::app::protocols::DocxFile;
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, RequestLang};
use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The content type of a DOCX file.
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn download(file: DocxFile) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    ([(header::CONTENT_TYPE, DOCX.to_string()), (header::CONTENT_DISPOSITION, disposition)], file.bytes)
        .into_response()
}

/// `GET /api/commissions/{id}/defenses/{thesis}/protocol.docx`: the protocol of a confirmed
/// defense's vote, with the marks and the signature lines of the chair and the secretary.
#[utoipa::path(get, path = "/api/commissions/{id}/defenses/{thesis}/protocol.docx", tag = "attestation", params(("id" = u64, Path), ("thesis" = u64, Path)), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>), (status = "default", body = ErrorAnswer)))]
pub async fn protocol(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Path((id, thesis)): Path<(u64, u64)>,
) -> Result<Response, ApiError> {
    let file = state
        .run(move |services| app::protocols::vote_protocol(services, &current.user, id, thesis, lang))
        .await?;
    Ok(download(file))
}

/// `GET /api/commissions/{id}/report.docx`: the chair's report on the commission's attestation.
#[utoipa::path(get, path = "/api/commissions/{id}/report.docx", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>), (status = "default", body = ErrorAnswer)))]
pub async fn report(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Path(id): Path<u64>,
) -> Result<Response, ApiError> {
    let file =
        state.run(move |services| app::protocols::chair_report(services, &current.user, id, lang)).await?;
    Ok(download(file))
}

/// `GET /api/commissions/{id}/acts/{number}/docx`: a technical-failure act, signed by the
/// technical secretary.
#[utoipa::path(get, path = "/api/commissions/{id}/acts/{number}/docx", tag = "attestation", params(("id" = u64, Path), ("number" = u32, Path)), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>), (status = "default", body = ErrorAnswer)))]
pub async fn act(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Path((id, number)): Path<(u64, u32)>,
) -> Result<Response, ApiError> {
    let file = state
        .run(move |services| app::protocols::failure_act(services, &current.user, id, number, lang))
        .await?;
    Ok(download(file))
}
