//! Users (list, create, change, CSV import), institution settings and the audit log.

use super::account::hash_password_blocking;
use super::{faculty_target, UserView, MISSING_FIELD};
use crate::auth::{authorize, hash_password, new_session_id, AccessTarget, Action, UserRef};
use crate::model::Translated;
use crate::pipeline::thesis::now_ms;
use crate::server::error::ApiError;
use crate::server::session::{CurrentUser, FormUser};
use crate::server::state::AppState;
use crate::store::{Actor, NewUser, Role, User};
use crate::workflow::Settings;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// `GET /api/users`: the users the caller may view.
pub async fn list_users(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Value>, ApiError> {
    let users = state.store.users()?;
    let visible: Vec<UserView> = users
        .iter()
        .filter(|user| {
            authorize(&current.user, Action::ViewUser, &AccessTarget::User(UserRef::from(*user))).is_ok()
        })
        .map(UserView::from)
        .collect();
    Ok(Json(json!({ "users": visible })))
}

#[derive(Deserialize)]
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
pub async fn create_user(
    State(state): State<AppState>,
    current: CurrentUser,
    Json(request): Json<NewUserRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    authorize(&current.user, Action::ManageUsers, &AccessTarget::Institution)?;
    let password_hash = match request.password {
        Some(password) => Some(hash_password_blocking(&state, password).await?),
        None => None,
    };
    let new_user = NewUser {
        name: request.name,
        email: request.email,
        role: request.role,
        faculty: request.faculty,
        department: request.department,
        supervisor: request.supervisor,
        password_hash,
    };
    let actor = Actor::User(current.user.id);
    let user = state.blocking(move |state| Ok(state.store.create_user(&new_user, actor, now_ms())?)).await?;
    Ok((StatusCode::CREATED, Json(json!(UserView::from(&user)))))
}

#[derive(Deserialize)]
pub struct UserChangeRequest {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub faculty: Option<String>,
    pub supervisor: Option<u64>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

/// `PATCH /api/users/{id}` (admin): change a user's fields, role, activity or password.
pub async fn update_user(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(user_id): Path<u64>,
    Json(request): Json<UserChangeRequest>,
) -> Result<Json<Value>, ApiError> {
    let before = state.store.user(user_id)?;
    authorize(&current.user, Action::ManageUsers, &AccessTarget::User(UserRef::from(&before)))?;
    let password_hash = match request.password {
        Some(password) => Some(hash_password_blocking(&state, password).await?),
        None => before.password_hash.clone(),
    };
    let updated = User {
        name: request.name.unwrap_or(before.name.clone()),
        role: request.role.unwrap_or(before.role),
        faculty: request.faculty.or(before.faculty.clone()),
        supervisor: request.supervisor.or(before.supervisor),
        active: request.active.unwrap_or(before.active),
        password_hash,
        ..before
    };
    let actor = Actor::User(current.user.id);
    let user = state.blocking(move |state| Ok(state.store.update_user(&updated, actor, now_ms())?)).await?;
    Ok(Json(json!(UserView::from(&user))))
}

const BAD_CSV_ROW: Translated = Translated {
    kk: "CSV жолы дұрыс емес: аты, пошта, рөлі, факультеті, жетекшінің поштасы болуы керек.",
    ru: "Неверная строка CSV: нужны имя, почта, роль, факультет, почта руководителя.",
    en: "Invalid CSV row: expected name, email, role, faculty, supervisor email.",
};

/// One parsed row of a user import.
pub struct ImportRow {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub faculty: Option<String>,
    pub supervisor_email: Option<String>,
}

/// Parses the CSV of a user import (also the fuzzing entry point of the upload parsers).
pub fn parse_import(text: &str) -> Result<Vec<ImportRow>, ApiError> {
    let mut rows = Vec::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let cells: Vec<String> =
            line.split(',').map(|cell| cell.trim().trim_matches('"').to_string()).collect();
        if cells.first().is_some_and(|cell| cell.eq_ignore_ascii_case("name")) {
            continue;
        }
        let non_empty = |index: usize| cells.get(index).filter(|cell| !cell.is_empty()).cloned();
        let (Some(name), Some(email), Some(role)) = (non_empty(0), non_empty(1), non_empty(2)) else {
            return Err(ApiError::invalid("bad_csv_row", BAD_CSV_ROW));
        };
        let role = Role::from_code(&role).ok_or(ApiError::invalid("bad_csv_row", BAD_CSV_ROW))?;
        rows.push(ImportRow { name, email, role, faculty: non_empty(3), supervisor_email: non_empty(4) });
    }
    Ok(rows)
}

/// `POST /api/users/import` (multipart `file`, or a `text/csv` body is not accepted): creates
/// users from CSV rows `name, email, role, faculty, supervisor email` and answers each new
/// user's one-time password. Supervisors should come before their students.
pub async fn import_users(
    State(state): State<AppState>,
    form_user: FormUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let current = form_user.current.clone();
    let (file, fields) = super::theses::read_upload(multipart, state.config.max_upload_bytes).await?;
    form_user.verify_form_token(&state, fields.get("csrf_token").map(String::as_str))?;
    let Some((_, bytes)) = file else {
        return Err(ApiError::invalid("file_required", MISSING_FIELD));
    };
    authorize(&current.user, Action::ImportUsers, &faculty_target(&current.user))?;
    let rows = parse_import(&String::from_utf8_lossy(&bytes))?;
    for row in &rows {
        let target = match &row.faculty {
            Some(faculty) => AccessTarget::Faculty(faculty.clone()),
            None => faculty_target(&current.user),
        };
        authorize(&current.user, Action::ImportUsers, &target)?;
    }
    let actor = Actor::User(current.user.id);
    let created = state
        .blocking(move |state| {
            let mut created = Vec::new();
            for row in rows {
                let supervisor = match &row.supervisor_email {
                    Some(email) => Some(state.store.user_by_email(email)?.ok_or(ApiError::NotFound)?.id),
                    None => None,
                };
                let password = new_session_id().map_err(ApiError::internal)?[..16].to_string();
                let new_user = NewUser {
                    name: row.name,
                    email: row.email,
                    role: row.role,
                    faculty: row.faculty,
                    department: None,
                    supervisor,
                    password_hash: Some(hash_password(&password).map_err(ApiError::internal)?),
                };
                let user = state.store.create_user(&new_user, actor, now_ms())?;
                created.push(json!({ "user": UserView::from(&user), "password": password }));
            }
            Ok(created)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "created": created }))))
}

/// `GET /api/settings` (admin).
pub async fn get_settings(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Settings>, ApiError> {
    authorize(&current.user, Action::ChangeSettings, &AccessTarget::Institution)?;
    Ok(Json(state.store.settings()?))
}

/// `PUT /api/settings` (admin): threshold, students seeing reports, when theses join the corpus.
pub async fn put_settings(
    State(state): State<AppState>,
    current: CurrentUser,
    Json(settings): Json<Settings>,
) -> Result<Json<Settings>, ApiError> {
    authorize(&current.user, Action::ChangeSettings, &AccessTarget::Institution)?;
    let actor = Actor::User(current.user.id);
    let stored = settings.clone();
    state.blocking(move |state| Ok(state.store.update_settings(&stored, actor, now_ms())?)).await?;
    Ok(Json(settings))
}

#[derive(Deserialize)]
pub struct AuditQuery {
    pub from: Option<u64>,
    pub limit: Option<usize>,
}

/// `GET /api/audit?from=1&limit=100` (admin): the audit log.
pub async fn audit(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Value>, ApiError> {
    authorize(&current.user, Action::ViewAuditLog, &AccessTarget::Institution)?;
    let entries = state.store.audit_log(query.from.unwrap_or(1), query.limit.unwrap_or(100).min(1000))?;
    Ok(Json(json!({ "entries": entries })))
}

/// `POST /api/admin/backup` (admin): a consistent backup of the store, the uploaded files and
/// the corpus index while the service runs, written to `<data>/backups/backup-<time>` on the
/// server (the client names no path). Answers the directory and the manifest's totals.
pub async fn backup(State(state): State<AppState>, current: CurrentUser) -> Result<Json<Value>, ApiError> {
    authorize(&current.user, Action::Backup, &AccessTarget::Institution)?;
    let actor = current.user.id;
    let (path, manifest) = state
        .blocking(move |state| {
            let now = now_ms();
            let out = state.config.data_dir.join("backups").join(format!("backup-{now}"));
            let manifest = crate::pipeline::backup::backup(
                &state.store,
                &state.index,
                &state.config.index_dir(),
                &out,
                now,
            )
            .map_err(ApiError::internal)?;
            eprintln!("adal server: user {actor} made a backup in {}", out.display());
            Ok((out, manifest))
        })
        .await?;
    let bytes: u64 = manifest.files.iter().map(|file| file.bytes).sum();
    Ok(Json(json!({
        "path": path.display().to_string(),
        "files": manifest.files.len(),
        "bytes": bytes,
        "store_entries": manifest.store_entries,
        "index_files": manifest.index_files,
        "created_at_ms": manifest.created_at_ms,
    })))
}
