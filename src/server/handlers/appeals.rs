//! Appeals (issue #18): the student files one against a published result; the appeal
//! commission's members record their meeting and decision; everyone concerned reads it with
//! its deadlines.

use super::ErrorAnswer;
use crate::app;
use crate::app::appeals::AppealView;
use crate::http::error::ApiError;
use crate::http::session::CurrentUser;
use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

/// An appeal's grounds.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct AppealRequest {
    pub reason: String,
}

/// `POST /api/theses/{id}/appeal`: the student appeals against the published result of their
/// defense, within the window.
#[utoipa::path(post, path = "/api/theses/{id}/appeal", tag = "attestation", params(("id" = u64, Path)), request_body = AppealRequest, responses((status = 201, body = AppealView), (status = "default", body = ErrorAnswer)))]
pub async fn file(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis): Path<u64>,
    Json(request): Json<AppealRequest>,
) -> Result<(StatusCode, Json<AppealView>), ApiError> {
    let view = state
        .run(move |services| {
            let appeal = app::appeals::file_appeal(services, &current.user, thesis, &request.reason)?;
            Ok(AppealView::of(services, &appeal))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /api/theses/{id}/appeal`: the appeal with its deadlines.
#[utoipa::path(get, path = "/api/theses/{id}/appeal", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = AppealView), (status = "default", body = ErrorAnswer)))]
pub async fn detail(
    state: State<AppState>,
    current: CurrentUser,
    thesis: Path<u64>,
) -> Result<Json<AppealView>, ApiError> {
    appeal_view(state, current, thesis, app::appeals::appeal_for).await
}

/// The view of the appeal against `thesis` after `step(services, caller, thesis)` (a read or
/// a change of the application layer).
async fn appeal_view(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis): Path<u64>,
    step: fn(&app::Services, &crate::store::User, u64) -> Result<crate::store::Appeal, app::AppError>,
) -> Result<Json<AppealView>, ApiError> {
    let view = state
        .run(move |services| {
            let appeal = step(services, &current.user, thesis)?;
            Ok(AppealView::of(services, &appeal))
        })
        .await?;
    Ok(Json(view))
}

/// `POST /api/theses/{id}/appeal/meeting`: a member of the appeal commission records that it
/// met today.
#[utoipa::path(post, path = "/api/theses/{id}/appeal/meeting", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = AppealView), (status = "default", body = ErrorAnswer)))]
pub async fn meeting(
    state: State<AppState>,
    current: CurrentUser,
    thesis: Path<u64>,
) -> Result<Json<AppealView>, ApiError> {
    appeal_view(state, current, thesis, app::appeals::record_meeting).await
}

/// The appeal commission's decision.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct AppealDecisionRequest {
    /// The new grade in percent; left out, the grade stands.
    pub changed_percent: Option<u8>,
}

/// `POST /api/theses/{id}/appeal/decision`: a member of the appeal commission records its
/// decision today; the student reads it at once and the defense closes.
#[utoipa::path(post, path = "/api/theses/{id}/appeal/decision", tag = "attestation", params(("id" = u64, Path)), request_body = AppealDecisionRequest, responses((status = 200, body = AppealView), (status = "default", body = ErrorAnswer)))]
pub async fn decision(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis): Path<u64>,
    Json(request): Json<AppealDecisionRequest>,
) -> Result<Json<AppealView>, ApiError> {
    let view = state
        .run(move |services| {
            let appeal = app::appeals::decide(services, &current.user, thesis, request.changed_percent)?;
            Ok(AppealView::of(services, &appeal))
        })
        .await?;
    Ok(Json(view))
}

/// The answer of `GET /api/appeals`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AppealList {
    pub appeals: Vec<AppealView>,
}

/// `GET /api/appeals`: the appeals the caller sees (their own, their faculty's, or those their
/// appeal commission hears), each with its deadlines and whether one is overdue.
#[utoipa::path(get, path = "/api/appeals", tag = "attestation", responses((status = 200, body = AppealList), (status = "default", body = ErrorAnswer)))]
pub async fn list(State(state): State<AppState>, current: CurrentUser) -> Result<Json<AppealList>, ApiError> {
    let appeals = state
        .run(move |services| {
            let appeals = app::appeals::appeals_for(services, &current.user)?;
            Ok(appeals.iter().map(|appeal| AppealView::of(services, appeal)).collect())
        })
        .await?;
    Ok(Json(AppealList { appeals }))
}
