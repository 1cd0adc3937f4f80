//! The reference corpus for staff: list, full-text search, upload a document (extracted in
//! the isolated child like thesis uploads), remove, mark as template.

use super::fields;
use super::theses::{quick_refusal, read_upload};
use crate::auth::{authorize, AccessTarget, Action};
use crate::index::{DocumentKind, DocumentMeta};
use crate::model::Translated;
use crate::pipeline::ingest::{document_from_text, set_template};
use crate::server::error::ApiError;
use crate::server::session::{CurrentUser, FormUser};
use crate::server::state::AppState;
use crate::store::User;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

const RESERVED_ID: Translated = Translated {
    kk: "«thesis-» деп басталатын идентификаторлар студент жұмыстарына арналған. Басқа идентификатор таңдаңыз.",
    ru: "Идентификаторы, начинающиеся с «thesis-», зарезервированы для работ студентов. Выберите другой.",
    en: "Ids starting with \"thesis-\" are reserved for students' theses. Please choose another id.",
};

fn authorize_corpus(user: &User) -> Result<(), ApiError> {
    authorize(user, Action::ManageCorpus, &AccessTarget::Institution)?;
    Ok(())
}

/// `GET /api/corpus`: every document's metadata.
pub async fn list(State(state): State<AppState>, current: CurrentUser) -> Result<Json<Value>, ApiError> {
    authorize_corpus(&current.user)?;
    let documents = state.blocking(|state| state.index.list().map_err(ApiError::internal)).await?;
    Ok(Json(json!({ "documents": documents })))
}

#[derive(Deserialize)]
pub struct SearchQuery {
    pub q: String,
    pub limit: Option<usize>,
}

/// `GET /api/corpus/search?q=…`: full-text search with snippets.
pub async fn search(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Value>, ApiError> {
    authorize_corpus(&current.user)?;
    let limit = query.limit.unwrap_or(20).min(100);
    let hits =
        state.blocking(move |state| state.index.search(&query.q, limit).map_err(ApiError::internal)).await?;
    Ok(Json(json!({ "hits": hits })))
}

/// `POST /api/corpus` (multipart `file`, optional `id`, `title`, `authors`, `year`, `kind`):
/// extracts and adds one document.
pub async fn upload(
    State(state): State<AppState>,
    form_user: FormUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    authorize_corpus(&form_user.current.user)?;
    let limit = state.config.max_upload_bytes;
    let (file, fields) = read_upload(multipart, limit).await?;
    form_user.verify_form_token(&state, fields.get("csrf_token").map(String::as_str))?;
    let Some((file_name, bytes)) = file else {
        return Err(ApiError::invalid("file_required", super::MISSING_FIELD));
    };
    if let Some(refusal) = quick_refusal(&bytes) {
        return Err(refusal);
    }
    if let Some(id) = fields.get("id") {
        fields::check_length("id", id, fields::MAX_NAME_CHARS)?;
        if crate::pipeline::thesis::is_reserved_document_id(id) {
            return Err(ApiError::invalid("reserved_id", RESERVED_ID));
        }
    }
    for (field, max) in [("title", fields::MAX_TITLE_CHARS), ("authors", fields::MAX_TITLE_CHARS)] {
        if let Some(text) = fields.get(field) {
            fields::check_length(field, text, max)?;
        }
    }
    let outcome = state
        .blocking(move |state| {
            let extracted = state.extractor.extract_document(&bytes).map_err(ApiError::Refused)?;
            let stem = file_name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(&file_name).to_string();
            let id =
                fields.get("id").map(|id| fields::clean_line(id)).filter(|id| !id.is_empty()).unwrap_or_else(
                    || format!("upload-{}", &crate::index::content_hash(&extracted.text)[..12]),
                );
            let title =
                fields.get("title").map(|title| fields::clean_line(title)).filter(|title| !title.is_empty());
            let mut meta = DocumentMeta::new(id, title.unwrap_or_else(|| fields::clean_line(&stem)));
            meta.authors =
                fields.get("authors").map(|authors| fields::clean_line(authors)).unwrap_or_default();
            meta.year = fields.get("year").and_then(|year| year.trim().parse().ok());
            meta.kind = fields.get("kind").and_then(|kind| DocumentKind::from_code(kind)).unwrap_or_default();
            meta.language = crate::text::detect_language(&extracted.text);
            let document = document_from_text(meta, extracted.text);
            let mut outcomes = state.index.add_documents(vec![document]).map_err(ApiError::internal)?;
            state.index.reload().map_err(ApiError::internal)?;
            outcomes.pop().ok_or_else(|| ApiError::internal("no add outcome"))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "outcome": outcome }))))
}

/// `DELETE /api/corpus/{id}`: removes a document.
pub async fn remove(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    authorize_corpus(&current.user)?;
    let removed = state.blocking(move |state| state.index.remove(&id).map_err(ApiError::internal)).await?;
    if removed {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

#[derive(Deserialize)]
pub struct TemplateRequest {
    pub template: bool,
}

/// `POST /api/corpus/{id}/template` with `{"template": true}`: template text (title pages,
/// standard forms) never counts as borrowing.
pub async fn mark_template(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    Json(request): Json<TemplateRequest>,
) -> Result<Json<Value>, ApiError> {
    authorize_corpus(&current.user)?;
    let found = state
        .blocking(move |state| set_template(&state.index, &id, request.template).map_err(ApiError::internal))
        .await?;
    if !found {
        return Err(ApiError::NotFound);
    }
    Ok(Json(json!({ "template": request.template })))
}
