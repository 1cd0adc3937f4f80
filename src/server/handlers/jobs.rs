//! Jobs and rescans: the state and progress of a job, starting a bulk rescan, and the rescan's
//! summary of score changes as CSV.
//!
//! A check job is visible to whoever may view its thesis (the student polls it after an
//! upload); rescans and the job list are for staff (`Action::ViewJobs`, `Action::StartRescan`).

use super::ErrorAnswer;
use crate::app;
use crate::app::rescans::JobView;
use crate::auth::{authorize, AccessTarget, Action};
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, RequestLang};
use crate::http::state::AppState;
use crate::jobs::rescan::{rescan_summary, rescan_summary_csv};
use crate::store::{Job, JobKind, RescanSelection};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// The answer of `GET /api/jobs`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct JobList {
    pub jobs: Vec<JobView>,
}

/// May the caller see this job? (`app::rescans::authorize_job`.)
pub fn authorize_job(state: &AppState, current: &CurrentUser, job: &Job) -> Result<(), ApiError> {
    app::rescans::authorize_job(state, &current.user, job)
}

/// `GET /api/jobs/{id}`: state and progress (done/total, rate, ETA); for a distributed rescan
/// also the queue's view (`distributed`).
#[utoipa::path(get, path = "/api/jobs/{id}", tag = "jobs", params(("id" = u64, Path)), responses((status = 200, body = JobView, description = "State and progress (done/total, rate, ETA)"), (status = "default", body = ErrorAnswer)))]
pub async fn job(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Path(job_id): Path<u64>,
) -> Result<Json<JobView>, ApiError> {
    let job = state.store.job(job_id)?;
    authorize_job(&state, &current, &job)?;
    let mut view = app::rescans::job_view(&state, &job, lang);
    if let (JobKind::Rescan { .. }, Some(queue)) = (&job.kind, state.rescan_queue.clone()) {
        let distributed = state.blocking(move |_| Ok(app::rescans::distributed_view(&queue, job_id))).await?;
        view.distributed = Some(distributed);
    }
    Ok(Json(view))
}

/// `GET /api/jobs`: every job, newest first (staff).
#[utoipa::path(get, path = "/api/jobs", tag = "jobs", responses((status = 200, body = JobList), (status = "default", body = ErrorAnswer)))]
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
) -> Result<Json<JobList>, ApiError> {
    let jobs = app::rescans::job_views(&state, &current.user, lang)?;
    Ok(Json(JobList { jobs }))
}

/// `POST /api/rescans` with `{"selection": "all"}`, `{"selection": "faculty", "faculty": …}`,
/// `{"selection": "year", "year": 2026}` or `{"selection": "theses", "theses": [1, 2]}`.
#[utoipa::path(post, path = "/api/rescans", tag = "jobs", request_body = RescanSelection, responses((status = 202, body = JobView, description = "The rescan job"), (status = "default", body = ErrorAnswer)))]
pub async fn start_rescan(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Json(selection): Json<RescanSelection>,
) -> Result<(StatusCode, Json<JobView>), ApiError> {
    let job =
        state.run(move |services| app::rescans::start_rescan(services, &current.user, selection)).await?;
    Ok((StatusCode::ACCEPTED, Json(app::rescans::job_view(&state, &job, lang))))
}

/// `GET /api/rescans/{id}/summary.csv`: thesis, title, old and new similarity, change.
#[utoipa::path(get, path = "/api/rescans/{id}/summary.csv", tag = "jobs", params(("id" = u64, Path)), responses((status = 200, content_type = "text/csv", body = String), (status = "default", body = ErrorAnswer)))]
pub async fn rescan_summary_csv_handler(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(job_id): Path<u64>,
) -> Result<Response, ApiError> {
    authorize(&current.user, Action::ViewJobs, &AccessTarget::Institution)?;
    let job = state.store.job(job_id)?;
    if !matches!(job.kind, JobKind::Rescan { .. }) {
        return Err(ApiError::NotFound);
    }
    authorize_job(&state, &current, &job)?;
    let number = job.rescan_number();
    let csv =
        state.blocking(move |state| Ok(rescan_summary_csv(&rescan_summary(&state.store, &job)?))).await?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"rescan-{number}.csv\"")),
    ];
    Ok((headers, csv).into_response())
}
