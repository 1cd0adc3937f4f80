//! Theses: listing, creation, details with versions and decisions, uploads (answered 202 with
//! the check job), and the supervisor's and staff's decisions.

use super::{ErrorAnswer, UploadForm};
use crate::app;
use crate::app::theses::{DecisionInput, DecisionOutcome, NewThesisInput};
use crate::app::thesis_list::{answer_rows, filter_theses, Paging, ThesisListQuery};
use crate::app::views::{ThesisDetail, ThesisSummary};
use crate::auth::thesis_scope;
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, FormUser, RequestLang};
use crate::http::state::AppState;
use crate::model::DocLang;
use crate::store::CalendarDate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};

pub use crate::app::access::may_see_figures;

/// `GET /api/theses`: the theses the caller may see, in store order. Accepts the lists' query
/// (`q`, `state`, `faculty`, `year`, `above`, `sort`, and `page`/`per_page` for one page of 50
/// rows with its `paging`); without it, every thesis as before.
#[utoipa::path(get, path = "/api/theses", tag = "theses", params(ThesisListQuery), responses((status = 200, body = ThesisList), (status = "default", body = ErrorAnswer)))]
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Query(query): Query<ThesisListQuery>,
) -> Result<Json<ThesisList>, ApiError> {
    let theses = state.store.list_theses(&thesis_scope(&current.user))?;
    let students_see_reports = state.store.settings()?.students_see_reports;
    let rows = filter_theses(&state.services, &current.user, theses, &query, "none")?;
    let (theses, paging) = answer_rows(&query, rows, |row| {
        let thesis = &row.thesis;
        ThesisSummary::of(thesis, lang, may_see_figures(&current.user, thesis, students_see_reports))
    });
    Ok(Json(ThesisList { theses, paging }))
}

/// The answer of `GET /api/theses`: the theses, and with `page`/`per_page` the `paging`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ThesisList {
    pub theses: Vec<ThesisSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewThesisRequest {
    pub title: String,
    /// Staff and admins create theses for a student; a student's own request leaves it out.
    pub student: Option<u64>,
    pub supervisor: Option<u64>,
    #[serde(default)]
    pub programme: String,
    /// `kk`, `ru` or `en`.
    #[schema(value_type = Option<String>)]
    pub language: Option<DocLang>,
    /// `{year, month, day}`.
    #[schema(value_type = Option<Object>)]
    pub planned_defense: Option<CalendarDate>,
}

/// `POST /api/theses`: a new draft thesis.
#[utoipa::path(post, path = "/api/theses", tag = "theses", request_body = NewThesisRequest, responses((status = 201, body = ThesisSummary), (status = "default", body = ErrorAnswer)))]
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Json(request): Json<NewThesisRequest>,
) -> Result<(StatusCode, Json<ThesisSummary>), ApiError> {
    let input = NewThesisInput {
        title: request.title,
        student: request.student,
        supervisor: request.supervisor,
        programme: request.programme,
        language: request.language,
        planned_defense: request.planned_defense,
    };
    let thesis =
        state.run(move |services| app::theses::create_thesis(services, &current.user, input)).await?;
    Ok((StatusCode::CREATED, Json(ThesisSummary::of(&thesis, lang, false))))
}

/// `GET /api/theses/{id}`: the thesis with its versions, state and decisions.
#[utoipa::path(get, path = "/api/theses/{id}", tag = "theses", params(("id" = u64, Path)), responses((status = 200, body = ThesisDetail), (status = "default", body = ErrorAnswer)))]
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Path(thesis_id): Path<u64>,
) -> Result<Json<ThesisDetail>, ApiError> {
    let detail = state
        .run(move |services| app::theses::thesis_detail(services, &current.user, thesis_id, lang))
        .await?;
    Ok(Json(detail))
}

pub use crate::app::theses::{clean_file_name, quick_refusal};
pub use crate::http::upload::{read_form_upload, read_upload};

/// The answer to an upload: the check job to follow and the new version.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct UploadAnswer {
    pub job: u64,
    pub version: u64,
    pub number: u32,
    /// `/api/jobs/{job}`.
    pub job_url: String,
}

/// `POST /api/theses/{id}/versions` (multipart `file`): stores the file, records the version,
/// queues its check and answers 202 with the job id at once. Access is checked before the body
/// is read.
#[utoipa::path(post, path = "/api/theses/{id}/versions", tag = "theses", params(("id" = u64, Path)), request_body(content = UploadForm, content_type = "multipart/form-data"), responses((status = 202, body = UploadAnswer), (status = "default", body = ErrorAnswer)))]
pub async fn upload_version(
    State(state): State<AppState>,
    form_user: FormUser,
    Path(thesis_id): Path<u64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<(StatusCode, Json<UploadAnswer>), ApiError> {
    let user = form_user.current.user.clone();
    app::theses::thesis_for_upload(&state, &user, thesis_id)?;
    let limit = state.config.max_upload_bytes;
    let upload = read_form_upload(&state, &form_user, &headers, multipart, limit).await?.file;
    let uploaded =
        state.run(move |services| app::theses::upload_version(services, &user, thesis_id, upload)).await?;
    let (job, version) = (uploaded.job, uploaded.version);
    let body = UploadAnswer {
        job,
        version: version.id,
        number: version.number,
        job_url: format!("/api/jobs/{job}"),
    };
    Ok((StatusCode::ACCEPTED, Json(body)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum DecisionRequest {
    Clear { justification: Option<String> },
    Return { reason: String },
}

impl From<DecisionRequest> for DecisionInput {
    fn from(request: DecisionRequest) -> Self {
        match request {
            DecisionRequest::Clear { justification } => DecisionInput::Clear { justification },
            DecisionRequest::Return { reason } => DecisionInput::Return { reason },
        }
    }
}

/// `POST /api/theses/{id}/decision`: the supervisor clears (justified above the threshold) or
/// returns (with a reason) the current version.
#[utoipa::path(post, path = "/api/theses/{id}/decision", tag = "theses", params(("id" = u64, Path)), request_body = DecisionRequest, responses((status = 200, body = DecisionOutcome, description = "The decision and the thesis's state after it"), (status = "default", body = ErrorAnswer)))]
pub async fn decide(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis_id): Path<u64>,
    Json(request): Json<DecisionRequest>,
) -> Result<Json<DecisionOutcome>, ApiError> {
    let input = DecisionInput::from(request);
    let outcome =
        state.run(move |services| app::theses::decide(services, &current.user, thesis_id, input)).await?;
    Ok(Json(outcome))
}

/// `POST /api/theses/{id}/admit`: staff admit a cleared thesis to defense.
#[utoipa::path(post, path = "/api/theses/{id}/admit", tag = "theses", params(("id" = u64, Path)), responses((status = 200, body = DecisionOutcome, description = "The decision and the thesis's state after it"), (status = "default", body = ErrorAnswer)))]
pub async fn admit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis_id): Path<u64>,
) -> Result<Json<DecisionOutcome>, ApiError> {
    let outcome = state.run(move |services| app::theses::admit(services, &current.user, thesis_id)).await?;
    Ok(Json(outcome))
}
