//! Users (list, create, change, CSV import), institution settings and the audit log.

use super::{ErrorAnswer, UploadForm};
use super::{UserView, MISSING_FIELD};
use crate::app;
use crate::app::backups::BackupSummary;
use crate::app::users::{NewUserInput, UserChangeInput};
use crate::auth::{authorize, AccessTarget, Action};
use crate::http::error::ApiError;
use crate::http::session::{CurrentUser, FormUser};
use crate::http::state::AppState;
use crate::store::{AuditEntry, Role};
use crate::workflow::Settings;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

/// The users the caller may view.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct UsersAnswer {
    pub users: Vec<UserView>,
}

/// `GET /api/users`: the users the caller may view.
#[utoipa::path(get, path = "/api/users", tag = "users", responses((status = 200, body = UsersAnswer), (status = "default", body = ErrorAnswer)))]
pub async fn list_users(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<UsersAnswer>, ApiError> {
    let users = app::users::visible_users(&state, &current.user)?;
    Ok(Json(UsersAnswer { users: users.iter().map(UserView::from).collect() }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewUserRequest {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub faculty: Option<String>,
    pub department: Option<String>,
    pub supervisor: Option<u64>,
    pub password: Option<String>,
}

/// `POST /api/users` (admin): a new user.
#[utoipa::path(post, path = "/api/users", tag = "users", request_body = NewUserRequest, responses((status = 201, body = UserView), (status = "default", body = ErrorAnswer)))]
pub async fn create_user(
    State(state): State<AppState>,
    current: CurrentUser,
    Json(request): Json<NewUserRequest>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let input = NewUserInput {
        name: request.name,
        email: request.email,
        role: request.role,
        faculty: request.faculty,
        department: request.department,
        supervisor: request.supervisor,
        password: request.password,
    };
    let user = state.run(move |services| app::users::create_user(services, &current.user, input)).await?;
    Ok((StatusCode::CREATED, Json(UserView::from(&user))))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct UserChangeRequest {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub faculty: Option<String>,
    pub supervisor: Option<u64>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

/// `PATCH /api/users/{id}` (admin): change a user's fields, role, activity or password.
#[utoipa::path(patch, path = "/api/users/{id}", tag = "users", params(("id" = u64, Path)), request_body = UserChangeRequest, responses((status = 200, body = UserView), (status = "default", body = ErrorAnswer)))]
pub async fn update_user(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(user_id): Path<u64>,
    Json(request): Json<UserChangeRequest>,
) -> Result<Json<UserView>, ApiError> {
    let input = UserChangeInput {
        name: request.name,
        role: request.role,
        faculty: request.faculty,
        supervisor: request.supervisor,
        active: request.active,
        password: request.password,
    };
    let user =
        state.run(move |services| app::users::update_user(services, &current.user, user_id, input)).await?;
    Ok(Json(UserView::from(&user)))
}

pub use crate::app::users::{parse_import, ImportRow};

/// A user made by an import, with the one-time password shown this once.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ImportedUser {
    pub user: UserView,
    pub password: String,
}

/// The users an import made (all rows or none).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ImportAnswer {
    pub created: Vec<ImportedUser>,
}

/// `POST /api/users/import` (multipart `file`): creates users from CSV rows `name, email, role,
/// faculty, supervisor email` and answers each new user's one-time password (all or none).
#[utoipa::path(post, path = "/api/users/import", tag = "users", request_body(content = UploadForm, content_type = "multipart/form-data"), responses((status = 201, body = ImportAnswer), (status = "default", body = ErrorAnswer)))]
pub async fn import_users(
    State(state): State<AppState>,
    form_user: FormUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<ImportAnswer>), ApiError> {
    let current = form_user.current.clone();
    let (file, fields) = super::theses::read_upload(multipart, state.config.max_upload_bytes).await?;
    form_user.verify_form_token(&state, fields.get("csrf_token").map(String::as_str))?;
    let Some((_, bytes)) = file else {
        return Err(ApiError::invalid("file_required", MISSING_FIELD));
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let created = state.run(move |services| app::users::import_users(services, &current.user, &text)).await?;
    let created = created
        .into_iter()
        .map(|new| ImportedUser { user: UserView::from(&new.user), password: new.password })
        .collect();
    Ok((StatusCode::CREATED, Json(ImportAnswer { created })))
}

/// `GET /api/settings` (admin).
#[utoipa::path(get, path = "/api/settings", tag = "settings", responses((status = 200, body = Settings), (status = "default", body = ErrorAnswer)))]
pub async fn get_settings(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Settings>, ApiError> {
    Ok(Json(app::users::settings(&state, &current.user)?))
}

/// `PUT /api/settings` (admin): threshold, students seeing reports, when theses join the corpus.
#[utoipa::path(put, path = "/api/settings", tag = "settings", request_body = Settings, responses((status = 200, body = Settings), (status = "default", body = ErrorAnswer)))]
pub async fn put_settings(
    State(state): State<AppState>,
    current: CurrentUser,
    Json(settings): Json<Settings>,
) -> Result<Json<Settings>, ApiError> {
    let stored = settings.clone();
    state.run(move |services| app::users::update_settings(services, &current.user, stored)).await?;
    Ok(Json(settings))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub from: Option<u64>,
    pub limit: Option<usize>,
}

/// `GET /api/audit?from=1&limit=100` (admin): the audit log.
#[utoipa::path(get, path = "/api/audit", tag = "settings", params(AuditQuery), responses((status = 200, body = AuditLog), (status = "default", body = ErrorAnswer)))]
pub async fn audit(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> Result<Json<AuditLog>, ApiError> {
    authorize(&current.user, Action::ViewAuditLog, &AccessTarget::Institution)?;
    let entries = state.store.audit_log(query.from.unwrap_or(1), query.limit.unwrap_or(100).min(1000))?;
    Ok(Json(AuditLog { entries }))
}

/// The answer of `GET /api/audit`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditLog {
    /// The entries from `from` on, in order (sequence number, time, actor, action, target).
    #[schema(value_type = Vec<Object>)]
    pub entries: Vec<AuditEntry>,
}

/// `POST /api/admin/backup` (admin): a consistent backup of the store, the uploaded files and
/// the corpus index while the service runs, written to `<data>/backups/backup-<time>` on the
/// server (the client names no path). Answers the directory and the manifest's totals.
#[utoipa::path(post, path = "/api/admin/backup", tag = "settings", responses((status = 200, body = BackupSummary), (status = "default", body = ErrorAnswer)))]
pub async fn backup(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<BackupSummary>, ApiError> {
    Ok(Json(state.run(move |services| app::backups::backup(services, &current.user)).await?))
}
