//! A commission's defense schedule (issue #18): build it from the admission list, read it,
//! move a defense (valid absence, technical failure with its act), publish it, and export it
//! as iCalendar.

use super::ErrorAnswer;
use crate::app;
use crate::app::schedules::{PlanInput, RescheduleInput, ScheduleView};
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, RequestLang};
use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

/// How a commission sits: the first day, the daily start, the slot and the sitting lengths.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct PlanRequest {
    /// `YYYY-MM-DD`; moved to the next working day when it is not one.
    pub first_day: String,
    /// `HH:MM`.
    pub daily_start: String,
    /// 1–15.
    pub slot_minutes: u16,
    /// At least one slot, at most 300.
    pub sitting_minutes: u16,
    /// The online sitting's link (`https://…`), when the defenses are online (§29).
    #[serde(default)]
    pub meeting_link: Option<String>,
}

/// `POST /api/commissions/{id}/schedule`: staff build the schedule of the admitted theses of
/// the commission's programmes and year, once.
#[utoipa::path(post, path = "/api/commissions/{id}/schedule", tag = "attestation", params(("id" = u64, Path)), request_body = PlanRequest, responses((status = 201, body = ScheduleView), (status = "default", body = ErrorAnswer)))]
pub async fn build(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<u64>,
    Json(request): Json<PlanRequest>,
) -> Result<(StatusCode, Json<ScheduleView>), ApiError> {
    let PlanRequest { first_day, daily_start, slot_minutes, sitting_minutes, meeting_link } = request;
    let plan = PlanInput { first_day, daily_start, slot_minutes, sitting_minutes, meeting_link };
    let view = state
        .run(move |services| {
            let stored = app::schedules::build_schedule(services, &current.user, id, plan)?;
            Ok(ScheduleView::of(services, &stored))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /api/commissions/{id}/schedule`: the schedule, for whoever may view the commission.
#[utoipa::path(get, path = "/api/commissions/{id}/schedule", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = ScheduleView), (status = "default", body = ErrorAnswer)))]
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<u64>,
) -> Result<Json<ScheduleView>, ApiError> {
    let view = state
        .run(move |services| {
            let (_, stored) = app::schedules::schedule_for(services, &current.user, id)?;
            Ok(ScheduleView::of(services, &stored))
        })
        .await?;
    Ok(Json(view))
}

/// Why a defense moves.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum RescheduleRequest {
    /// The student is absent for a valid reason (the chair's permission, §22).
    ValidAbsence { student: u64 },
    /// The defense failed for a technical reason; `description` is the act's text (§23). With
    /// `continued` the commission went on with the defense after the interruption (§31): only
    /// the act is drawn up and the defense keeps its time.
    TechnicalFailure {
        student: u64,
        description: String,
        #[serde(default)]
        continued: bool,
    },
}

/// `POST /api/commissions/{id}/schedule/reschedule`: the chair (or staff) moves a defense for
/// a valid absence; the technical secretary (or staff) records a technical failure with its act.
#[utoipa::path(post, path = "/api/commissions/{id}/schedule/reschedule", tag = "attestation", params(("id" = u64, Path)), request_body = RescheduleRequest, responses((status = 200, body = ScheduleView), (status = "default", body = ErrorAnswer)))]
pub async fn reschedule(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<u64>,
    Json(request): Json<RescheduleRequest>,
) -> Result<Json<ScheduleView>, ApiError> {
    let (student, input) = match request {
        RescheduleRequest::ValidAbsence { student } => (student, RescheduleInput::ValidAbsence),
        RescheduleRequest::TechnicalFailure { student, description, continued } => {
            (student, RescheduleInput::TechnicalFailure { description, continued })
        }
    };
    let view = state
        .run(move |services| {
            let stored = app::schedules::reschedule(services, &current.user, id, student, input)?;
            Ok(ScheduleView::of(services, &stored))
        })
        .await?;
    Ok(Json(view))
}

/// `POST /api/commissions/{id}/schedule/publish`: staff publish the schedule (again after a
/// change).
#[utoipa::path(post, path = "/api/commissions/{id}/schedule/publish", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = ScheduleView), (status = "default", body = ErrorAnswer)))]
pub async fn publish(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<u64>,
) -> Result<Json<ScheduleView>, ApiError> {
    let view = state
        .run(move |services| {
            let stored = app::schedules::publish(services, &current.user, id)?;
            Ok(ScheduleView::of(services, &stored))
        })
        .await?;
    Ok(Json(view))
}

/// `GET /api/commissions/{id}/schedule.ics`: the schedule as iCalendar, in the request's
/// language.
#[utoipa::path(get, path = "/api/commissions/{id}/schedule.ics", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, content_type = "text/calendar", body = String), (status = "default", body = ErrorAnswer)))]
pub async fn ics(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Path(id): Path<u64>,
) -> Result<Response, ApiError> {
    let text =
        state.run(move |services| app::schedules::schedule_ics(services, &current.user, id, lang)).await?;
    let disposition = format!("attachment; filename=\"schedule-{id}.ics\"");
    let headers = [
        (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, text).into_response())
}

/// `GET /api/theses/{id}/defense`: the thesis's defense — its time once the schedule is
/// published, its state — for whoever may view the thesis.
#[utoipa::path(get, path = "/api/theses/{id}/defense", tag = "attestation", params(("id" = u64, Path)), responses((status = 200, body = app::schedules::DefenseView), (status = "default", body = ErrorAnswer)))]
pub async fn defense(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis_id): Path<u64>,
) -> Result<Json<app::schedules::DefenseView>, ApiError> {
    let view = state
        .run(move |services| app::schedules::defense_of_thesis(services, &current.user, thesis_id))
        .await?;
    Ok(Json(view))
}
