//! Reports (JSON and rendered HTML), exclusions with recomputed figures, and the defense
//! admission list (JSON and CSV).

use super::ErrorAnswer;
use crate::app;
use crate::app::admission::{admission_row, admission_rows};
use crate::app::reviews::ExclusionInput;
use crate::app::thesis_list::{answer_rows, Paging, ThesisListQuery};
use crate::app::views::AdmissionRow;
use crate::auth::Action;
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, RequestLang};
use crate::http::state::AppState;
use crate::report::{render_html, Exclusions, Figures, Report};
use crate::store::Check;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// The latest check of a version the caller may read the report of, with its report.
pub fn readable_report(
    state: &AppState,
    current: &CurrentUser,
    version_id: u64,
) -> Result<(Check, Report), ApiError> {
    app::reviews::readable_report(state, &current.user, version_id)
}

/// `GET /api/versions/{id}/file`: the uploaded file as it was sent, as a download (never shown
/// in the browser: `attachment`, an opaque type and a sandboxing CSP).
#[utoipa::path(get, path = "/api/versions/{id}/file", tag = "theses", params(("id" = u64, Path)), responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = "default", body = ErrorAnswer)))]
pub async fn original_file(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(version_id): Path<u64>,
) -> Result<Response, ApiError> {
    let file =
        state.run(move |services| app::theses::original_file(services, &current.user, version_id)).await?;
    let encoded = app::export::percent_encode(&file.file_name);
    let disposition = format!("attachment; filename=\"version-{version_id}\"; filename*=UTF-8''{encoded}");
    let headers = [
        (header::CONTENT_TYPE, "application/octet-stream".to_string()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox".to_string()),
    ];
    Ok((headers, file.bytes).into_response())
}

/// The answer of `GET /api/versions/{id}/report`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportAnswer {
    pub check: CheckOfReport,
    /// The similarity report with the recorded exclusions applied.
    #[schema(value_type = Object)]
    pub report: Report,
}

/// The check a report belongs to.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CheckOfReport {
    pub id: u64,
    pub version: u64,
    /// Similarity in percent (0–100).
    pub similarity: f64,
    pub created_at: i64,
}

impl From<&Check> for CheckOfReport {
    fn from(check: &Check) -> Self {
        CheckOfReport {
            id: check.id,
            version: check.version,
            similarity: check.similarity,
            created_at: check.created_at,
        }
    }
}

/// `GET /api/versions/{id}/report`: the report as JSON with the recorded exclusions applied.
#[utoipa::path(get, path = "/api/versions/{id}/report", tag = "reports", params(("id" = u64, Path)), responses((status = 200, body = ReportAnswer, description = "The similarity report"), (status = "default", body = ErrorAnswer)))]
pub async fn report_json(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(version_id): Path<u64>,
) -> Result<Json<ReportAnswer>, ApiError> {
    let (check, report) = state.blocking(move |state| readable_report(state, &current, version_id)).await?;
    Ok(Json(ReportAnswer { check: CheckOfReport::from(&check), report }))
}

/// `GET /api/versions/{id}/report.html?lang=kk`: the self-contained rendered report.
#[utoipa::path(get, path = "/api/versions/{id}/report.html", tag = "reports", params(("id" = u64, Path)), responses((status = 200, content_type = "text/html", body = String), (status = "default", body = ErrorAnswer)))]
pub async fn report_html(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Path(version_id): Path<u64>,
) -> Result<Response, ApiError> {
    let html = state
        .blocking(move |state| {
            let (_, report) = readable_report(state, &current, version_id)?;
            render_html(&report, lang).map_err(|error| ApiError::Internal(error.to_string()))
        })
        .await?;
    // The page carries its own styles and script; it still must not be framed or load anything.
    let policy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; img-src data:; frame-ancestors 'none'";
    Ok(([(header::CONTENT_SECURITY_POLICY, policy)], Html(html)).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ExclusionRequest {
    /// Corpus ids of sources to leave out.
    #[serde(default)]
    pub exclude_sources: Vec<String>,
    /// Corpus ids of excluded sources to count again.
    #[serde(default)]
    pub restore_sources: Vec<String>,
    /// Passage numbers of the current report to leave out.
    #[serde(default)]
    pub exclude_passages: Vec<u32>,
    /// Passage numbers of the current report to count again.
    #[serde(default)]
    pub restore_passages: Vec<u32>,
    pub quotes: Option<bool>,
    pub bibliography: Option<bool>,
    pub min_match_words: Option<u32>,
    /// `false` switches the cross-language check off for this report (translated passages leave
    /// the figures), `true` back on.
    pub cross_language: Option<bool>,
    #[serde(default)]
    pub reason: String,
}

impl From<ExclusionRequest> for ExclusionInput {
    fn from(request: ExclusionRequest) -> Self {
        ExclusionInput {
            exclude_sources: request.exclude_sources,
            restore_sources: request.restore_sources,
            exclude_passages: request.exclude_passages,
            restore_passages: request.restore_passages,
            quotes: request.quotes,
            bibliography: request.bibliography,
            min_match_words: request.min_match_words,
            cross_language: request.cross_language,
            reason: request.reason,
        }
    }
}

/// The answer of `POST /api/theses/{id}/exclusions`: the figures recomputed.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ExclusionAnswer {
    #[schema(value_type = Object)]
    pub figures: Figures,
    #[schema(value_type = Object)]
    pub exclusions: Exclusions,
}

/// `POST /api/theses/{id}/exclusions`: records exclusions on the current report and answers the
/// figures recomputed from the stored report.
#[utoipa::path(post, path = "/api/theses/{id}/exclusions", tag = "reports", params(("id" = u64, Path)), request_body = ExclusionRequest, responses((status = 200, body = ExclusionAnswer, description = "The figures recomputed"), (status = "default", body = ErrorAnswer)))]
pub async fn exclude(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis_id): Path<u64>,
    Json(request): Json<ExclusionRequest>,
) -> Result<Json<ExclusionAnswer>, ApiError> {
    let input = ExclusionInput::from(request);
    let report =
        state.run(move |services| app::reviews::exclude(services, &current.user, thesis_id, input)).await?;
    Ok(Json(ExclusionAnswer { figures: report.figures, exclusions: report.exclusions }))
}

/// `GET /api/admission-list`: cleared and admitted theses. Accepts the theses lists' query
/// (`q`, `state`, `faculty`, `year`, `above`, `sort`); with `page` or `per_page` it answers one
/// page (50 rows unless `per_page` says otherwise) and its `paging`, without them every row as
/// before.
#[utoipa::path(get, path = "/api/admission-list", tag = "admission", params(ThesisListQuery), responses((status = 200, body = AdmissionList), (status = "default", body = ErrorAnswer)))]
pub async fn admission_list(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Query(query): Query<ThesisListQuery>,
) -> Result<Json<AdmissionList>, ApiError> {
    let (_, rows) = admission_rows(&state, &current.user, Action::ViewAdmissionList, &query)?;
    let (theses, paging) = answer_rows(&query, rows, |row| admission_row(&state, &row.thesis, lang));
    Ok(Json(AdmissionList { theses, paging }))
}

/// The answer of `GET /api/admission-list`: the rows, and with `page`/`per_page` the `paging`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AdmissionList {
    pub theses: Vec<AdmissionRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// `GET /api/admission-list.csv`: the same list as CSV (the same filters, never paged).
#[utoipa::path(get, path = "/api/admission-list.csv", tag = "admission", params(ThesisListQuery), responses((status = 200, content_type = "text/csv", body = String), (status = "default", body = ErrorAnswer)))]
pub async fn admission_list_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<ThesisListQuery>,
) -> Result<Response, ApiError> {
    let csv =
        state.run(move |services| app::admission::admission_csv(services, &current.user, &query)).await?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"admission-list.csv\""),
    ];
    Ok((headers, csv).into_response())
}
