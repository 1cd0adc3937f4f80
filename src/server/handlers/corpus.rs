//! The reference corpus for staff: list, full-text search, upload a document (extracted in
//! the isolated child like thesis uploads), remove, mark as template.

use super::{CorpusUploadForm, ErrorAnswer};
use crate::app;
use crate::app::corpus::CorpusDocumentInput;
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, FormUser};
use crate::http::state::AppState;
use crate::http::upload::{read_form_upload, FormUpload};
use crate::index::{AddOutcome, DocumentKind, DocumentMeta, SearchHit};
use crate::store::User;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

fn authorize_corpus(user: &User) -> Result<(), ApiError> {
    app::corpus::authorize_corpus(user)
}

/// The answer of `GET /api/corpus`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CorpusList {
    /// Every document's metadata (id, title, authors, year, kind, language, template, …).
    #[schema(value_type = Vec<Object>)]
    pub documents: Vec<DocumentMeta>,
}

/// `GET /api/corpus`: every document's metadata.
#[utoipa::path(get, path = "/api/corpus", tag = "corpus", responses((status = 200, body = CorpusList), (status = "default", body = ErrorAnswer)))]
pub async fn list(State(state): State<AppState>, current: CurrentUser) -> Result<Json<CorpusList>, ApiError> {
    authorize_corpus(&current.user)?;
    let documents = state.blocking(|state| state.index.list().map_err(ApiError::internal)).await?;
    Ok(Json(CorpusList { documents }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    pub q: String,
    pub limit: Option<usize>,
}

/// The answer of `GET /api/corpus/search`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchAnswer {
    /// The best hits with their snippets.
    #[schema(value_type = Vec<Object>)]
    pub hits: Vec<SearchHit>,
}

/// `GET /api/corpus/search?q=…`: full-text search with snippets.
#[utoipa::path(get, path = "/api/corpus/search", tag = "corpus", params(SearchQuery), responses((status = 200, body = SearchAnswer), (status = "default", body = ErrorAnswer)))]
pub async fn search(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<SearchQuery>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let hits = state
        .run(move |services| app::corpus::search(services, &current.user, &query.q, query.limit))
        .await?;
    Ok(Json(SearchAnswer { hits }))
}

/// The answer of `POST /api/corpus`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CorpusAdded {
    /// The added document's id, or the id of the same document already in the corpus.
    #[schema(value_type = Object)]
    pub outcome: AddOutcome,
}

/// `POST /api/corpus` (multipart `file`, optional `id`, `title`, `authors`, `year`, `kind`):
/// extracts and adds one document.
#[utoipa::path(post, path = "/api/corpus", tag = "corpus", request_body(content = CorpusUploadForm, content_type = "multipart/form-data"), responses((status = 201, body = CorpusAdded, description = "The added document"), (status = "default", body = ErrorAnswer)))]
pub async fn upload(
    State(state): State<AppState>,
    form_user: FormUser,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<(StatusCode, Json<CorpusAdded>), ApiError> {
    authorize_corpus(&form_user.current.user)?;
    let limit = state.config.max_upload_bytes;
    let FormUpload { file: upload, fields } =
        read_form_upload(&state, &form_user, &headers, multipart, limit).await?;
    let input = CorpusDocumentInput {
        id: fields.get("id").cloned(),
        title: fields.get("title").cloned(),
        authors: fields.get("authors").cloned(),
        year: fields.get("year").and_then(|year| year.trim().parse().ok()),
        kind: fields.get("kind").and_then(|kind| DocumentKind::from_code(kind)),
    };
    let user = form_user.current.user;
    let outcome =
        state.run(move |services| app::corpus::add_document(services, &user, upload, input)).await?;
    Ok((StatusCode::CREATED, Json(CorpusAdded { outcome })))
}

/// `DELETE /api/corpus/{id}`: removes a document.
#[utoipa::path(delete, path = "/api/corpus/{id}", tag = "corpus", params(("id" = String, Path)), responses((status = 204), (status = "default", body = ErrorAnswer)))]
pub async fn remove(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.run(move |services| app::corpus::remove_document(services, &current.user, &id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The request and the answer of `POST /api/corpus/{id}/template`.
#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct TemplateRequest {
    pub template: bool,
}

/// `POST /api/corpus/{id}/template` with `{"template": true}`: template text (title pages,
/// standard forms) never counts as borrowing.
#[utoipa::path(post, path = "/api/corpus/{id}/template", tag = "corpus", params(("id" = String, Path)), request_body = TemplateRequest, responses((status = 200, body = TemplateRequest), (status = "default", body = ErrorAnswer)))]
pub async fn mark_template(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    Json(request): Json<TemplateRequest>,
) -> Result<Json<TemplateRequest>, ApiError> {
    let template = request.template;
    state.run(move |services| app::corpus::set_template(services, &current.user, &id, template)).await?;
    Ok(Json(TemplateRequest { template }))
}
