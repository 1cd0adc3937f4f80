//! Jobs and rescans: the state and progress of a job, starting a bulk rescan, and the rescan's
//! summary of score changes as CSV.
//!
//! A check job is visible to whoever may view its thesis (the student polls it after an
//! upload); rescans and the job list are for staff (`Action::ViewJobs`, `Action::StartRescan`).

use super::ErrorAnswer;
use crate::app;
use crate::auth::{authorize, AccessTarget, Action};
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, RequestLang};
use crate::http::state::AppState;
use crate::jobs::rescan::{rescan_summary, rescan_summary_csv};
use crate::model::{Translated, UiLang};
use crate::pipeline::thesis::{now_ms, RefusalRecord};
use crate::store::{ExtractionOutcome, Job, JobKind, JobState, RescanSelection};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

const CHECK_FAILED: Translated = crate::messages::text("check_failed");

/// The job as the API shows it, with a failure message in the caller's language.
fn job_view(state: &AppState, job: &Job, lang: UiLang) -> Value {
    let progress = job.progress(now_ms());
    let (state_name, error) = match &job.state {
        JobState::Queued => ("queued", None),
        JobState::Running => ("running", None),
        JobState::Done => ("done", None),
        JobState::Failed { message } => ("failed", Some(failure_view(state, job, message, lang))),
    };
    let (version, number) = match job.kind {
        JobKind::Check { version } => (Some(version), None),
        JobKind::Rescan { .. } => (None, Some(job.rescan_number())),
    };
    json!({
        "id": job.id, "number": number, "kind": job.kind, "state": state_name, "error": error, "version": version,
        "progress": { "done": progress.done, "total": progress.total, "failed": progress.failed,
                      "items_per_minute": progress.items_per_minute, "eta_ms": progress.eta_ms },
        "created_at": job.created_at, "started_at": job.started_at, "finished_at": job.finished_at,
    })
}

fn failure_view(state: &AppState, job: &Job, message: &str, lang: UiLang) -> Value {
    if let JobKind::Check { version } = job.kind {
        if let Ok(ExtractionOutcome::Failed { reason }) =
            state.store.version(version).map(|version| version.extraction)
        {
            let refusal = RefusalRecord::from_stored_reason(&reason);
            return json!({ "code": refusal.code(), "message": refusal.message(lang) });
        }
    }
    json!({ "code": message, "message": CHECK_FAILED.get(lang) })
}

/// May the caller see this job? (`app::rescans::authorize_job`.)
pub fn authorize_job(state: &AppState, current: &CurrentUser, job: &Job) -> Result<(), ApiError> {
    app::rescans::authorize_job(state, &current.user, job)
}

/// `GET /api/jobs/{id}`: state and progress (done/total, rate, ETA); for a distributed rescan
/// also the queue's view (`distributed`).
#[utoipa::path(get, path = "/api/jobs/{id}", tag = "jobs", params(("id" = u64, Path)), responses((status = 200, body = serde_json::Value, description = "State and progress (done/total, rate, ETA)"), (status = "default", body = ErrorAnswer)))]
pub async fn job(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Path(job_id): Path<u64>,
) -> Result<Json<Value>, ApiError> {
    let job = state.store.job(job_id)?;
    authorize_job(&state, &current, &job)?;
    let mut view = job_view(&state, &job, lang);
    if matches!(job.kind, JobKind::Rescan { .. }) && state.rescan_queue.is_some() {
        view["distributed"] = state.blocking(move |state| Ok(distributed_view(state, job_id))).await?;
    }
    Ok(Json(view))
}

/// A distributed rescan as the shared queue sees it: rows by state, rows taken over from a
/// dead or slow worker, and the workers seen in the last two minutes. Null when the queue
/// cannot be read (the job's own progress above still answers).
fn distributed_view(state: &AppState, job_id: u64) -> Value {
    let Some(queue) = &state.rescan_queue else { return Value::Null };
    let read = || -> Result<Value, crate::index::sharded::ShardError> {
        let progress = queue.progress(job_id)?;
        let workers = queue.active_workers(std::time::Duration::from_secs(120))?;
        Ok(json!({
            "queued": progress.queued, "pending": progress.pending, "taken": progress.taken,
            "done": progress.done, "failed": progress.failed, "retried": progress.retried,
            "workers": workers.iter().map(|worker| json!({
                "name": worker.name, "items_done": worker.items_done, "seen_ms_ago": worker.seen_ms_ago,
            })).collect::<Vec<_>>(),
        }))
    };
    read().unwrap_or_else(|error| {
        tracing::warn!("reading the rescan queue failed: {error}");
        Value::Null
    })
}

/// `GET /api/jobs`: every job, newest first (staff).
#[utoipa::path(get, path = "/api/jobs", tag = "jobs", responses((status = 200, body = serde_json::Value, description = "`{jobs: [...]}`"), (status = "default", body = ErrorAnswer)))]
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
) -> Result<Json<Value>, ApiError> {
    authorize(&current.user, Action::ViewJobs, &AccessTarget::Institution)?;
    let jobs = state.store.jobs()?;
    let views: Vec<Value> = jobs
        .iter()
        .rev()
        .filter(|job| authorize_job(&state, &current, job).is_ok())
        .map(|job| job_view(&state, job, lang))
        .collect();
    Ok(Json(json!({ "jobs": views })))
}

/// `POST /api/rescans` with `{"selection": "all"}`, `{"selection": "faculty", "faculty": …}`,
/// `{"selection": "year", "year": 2026}` or `{"selection": "theses", "theses": [1, 2]}`.
#[utoipa::path(post, path = "/api/rescans", tag = "jobs", request_body = RescanSelection, responses((status = 202, body = serde_json::Value, description = "The rescan job"), (status = "default", body = ErrorAnswer)))]
pub async fn start_rescan(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Json(selection): Json<RescanSelection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let job =
        state.run(move |services| app::rescans::start_rescan(services, &current.user, selection)).await?;
    Ok((StatusCode::ACCEPTED, Json(job_view(&state, &job, lang))))
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
