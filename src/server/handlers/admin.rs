//! Users (list, create, change, CSV import), institution settings and the audit log.

use super::account::hash_password_blocking;
use super::{faculty_target, fields, UserView, MISSING_FIELD};
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
        name: fields::line("name", &request.name, fields::MAX_NAME_CHARS)?,
        email: fields::line("email", &request.email, fields::MAX_EMAIL_CHARS)?,
        role: request.role,
        faculty: fields::optional_line("faculty", request.faculty.as_deref(), fields::MAX_NAME_CHARS)?,
        department: fields::optional_line(
            "department",
            request.department.as_deref(),
            fields::MAX_NAME_CHARS,
        )?,
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
    // Permission first: a caller who may manage no user learns nothing about which ids exist.
    authorize(&current.user, Action::ManageUsers, &AccessTarget::Institution)?;
    let before = state.store.user(user_id)?;
    authorize(&current.user, Action::ManageUsers, &AccessTarget::User(UserRef::from(&before)))?;
    let password_hash = match request.password {
        Some(password) => Some(hash_password_blocking(&state, password).await?),
        None => before.password_hash.clone(),
    };
    let name = request.name.map(|name| fields::line("name", &name, fields::MAX_NAME_CHARS)).transpose()?;
    let faculty = fields::optional_line("faculty", request.faculty.as_deref(), fields::MAX_NAME_CHARS)?;
    let updated = User {
        name: name.unwrap_or(before.name.clone()),
        role: request.role.unwrap_or(before.role),
        faculty: faculty.or(before.faculty.clone()),
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

const ROLE_NOT_IMPORTABLE: Translated = Translated {
    kk: "Әкімші мен қызметкер есептік жазбаларын тек әкімші жасай алады.",
    ru: "Учётные записи администраторов и сотрудников может создавать только администратор.",
    en: "Only an administrator can create administrator and staff accounts.",
};

const FACULTY_REQUIRED: Translated = Translated {
    kk: "Әр жолда факультет көрсетілуі керек.",
    ru: "В каждой строке нужно указать факультет.",
    en: "Every row needs a faculty.",
};

const BAD_IMPORT_SUPERVISOR: Translated = Translated {
    kk: "Жетекшінің поштасы сол факультеттің белсенді жетекшісіне тиесілі болуы керек (файлда ол студенттерінен бұрын тұруы керек).",
    ru: "Почта руководителя должна принадлежать активному руководителю того же факультета (в файле он должен стоять раньше своих студентов).",
    en: "The supervisor's e-mail must belong to an active supervisor of the same faculty (listed before their students in the file).",
};

const DUPLICATE_EMAIL: Translated = Translated {
    kk: "Бұл пошта бұрыннан тіркелген немесе файлда екі рет кездеседі. Ешбір пайдаланушы құрылған жоқ.",
    ru: "Эта почта уже зарегистрирована или встречается в файле дважды. Ни один пользователь не создан.",
    en: "This e-mail is already registered or appears twice in the file. No user was created.",
};

/// One parsed row of a user import.
pub struct ImportRow {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub faculty: Option<String>,
    pub supervisor_email: Option<String>,
}

/// Parses the CSV of a user import (also the fuzzing entry point of the upload parsers): UTF-8
/// with or without Excel's byte-order mark, `,` or `;` between fields (Russian and Kazakh
/// Excel write `;`), quoted fields, an optional header row. Columns: name, email, role,
/// faculty, supervisor email.
pub fn parse_import(text: &str) -> Result<Vec<ImportRow>, ApiError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default();
    let delimiter =
        if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let bad_row = || ApiError::invalid("bad_csv_row", BAD_CSV_ROW);
    let mut rows = Vec::new();
    let mut first = true;
    for record in reader.records() {
        let record = record.map_err(|_| bad_row())?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        // A header row, in any language: its e-mail column holds no address and its role column
        // no role.
        let is_header = first
            && !record.get(1).unwrap_or_default().contains('@')
            && Role::from_code(record.get(2).unwrap_or_default()).is_none();
        first = false;
        if is_header {
            continue;
        }
        let cell = |index: usize| record.get(index).map(fields::clean_line).filter(|cell| !cell.is_empty());
        let (Some(name), Some(email), Some(role)) = (cell(0), cell(1), cell(2)) else {
            return Err(bad_row());
        };
        fields::check_length("name", &name, fields::MAX_NAME_CHARS)?;
        fields::check_length("email", &email, fields::MAX_EMAIL_CHARS)?;
        let faculty = cell(3);
        if let Some(faculty) = &faculty {
            fields::check_length("faculty", faculty, fields::MAX_NAME_CHARS)?;
        }
        let role = Role::from_code(&role).ok_or_else(bad_row)?;
        rows.push(ImportRow { name, email, role, faculty, supervisor_email: cell(4) });
    }
    Ok(rows)
}

/// Checks every row of an import against what the importer may create, before anything is
/// created: only an admin creates admin and staff accounts; faculty staff create users of
/// their own faculty only; a row without a faculty gets the importer's faculty, and is refused
/// when the importer has none (an empty faculty never means "every faculty"); a supervisor
/// named by e-mail must be an active supervisor of the row's faculty, already registered or
/// listed earlier in the file.
fn validate_import(state: &AppState, importer: &User, rows: &mut [ImportRow]) -> Result<(), ApiError> {
    let mut seen_emails = std::collections::HashSet::new();
    for index in 0..rows.len() {
        let row = &mut rows[index];
        if matches!(row.role, Role::Admin | Role::Staff) && importer.role != Role::Admin {
            return Err(ApiError::invalid("role_not_importable", ROLE_NOT_IMPORTABLE));
        }
        if row.faculty.is_none() && importer.role == Role::Staff {
            row.faculty = importer.faculty.clone();
        }
        let Some(faculty) = row.faculty.clone() else {
            return Err(ApiError::invalid("faculty_required", FACULTY_REQUIRED));
        };
        authorize(importer, Action::ImportUsers, &AccessTarget::Faculty(faculty.clone()))?;
        let email = row.email.trim().to_lowercase();
        if !seen_emails.insert(email.clone()) || state.store.user_by_email(&email)?.is_some() {
            return Err(ApiError::Conflict { code: "email_taken", message: DUPLICATE_EMAIL });
        }
        let Some(supervisor_email) = rows[index].supervisor_email.clone() else { continue };
        let bad_supervisor = || ApiError::invalid("bad_supervisor", BAD_IMPORT_SUPERVISOR);
        let supervisor_ok = match state.store.user_by_email(&supervisor_email)? {
            Some(user) => {
                user.role == Role::Supervisor
                    && user.active
                    && user.faculty.as_deref() == Some(faculty.as_str())
            }
            None => rows[..index].iter().any(|earlier| {
                earlier.email.trim().eq_ignore_ascii_case(supervisor_email.trim())
                    && earlier.role == Role::Supervisor
                    && earlier.faculty.as_deref() == Some(faculty.as_str())
            }),
        };
        if rows[index].role != Role::Student || !supervisor_ok {
            return Err(bad_supervisor());
        }
    }
    Ok(())
}

/// `POST /api/users/import` (multipart `file`): creates users from CSV rows `name, email, role,
/// faculty, supervisor email` and answers each new user's one-time password. Every row is
/// checked first; then all users are created in one transaction, or none.
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
    let mut rows = parse_import(&String::from_utf8_lossy(&bytes))?;
    let actor = Actor::User(current.user.id);
    let created = state
        .blocking(move |state| {
            validate_import(state, &current.user, &mut rows)?;
            let mut new_users = Vec::with_capacity(rows.len());
            let mut passwords = Vec::with_capacity(rows.len());
            for row in rows {
                let password = new_session_id().map_err(ApiError::internal)?[..16].to_string();
                let new_user = NewUser {
                    name: row.name,
                    email: row.email,
                    role: row.role,
                    faculty: row.faculty,
                    department: None,
                    supervisor: None,
                    password_hash: Some(hash_password(&password).map_err(ApiError::internal)?),
                };
                new_users.push((new_user, row.supervisor_email));
                passwords.push(password);
            }
            let users = state.store.create_users(&new_users, actor, now_ms())?;
            Ok(users
                .iter()
                .zip(passwords)
                .map(|(user, password)| json!({ "user": UserView::from(user), "password": password }))
                .collect::<Vec<_>>())
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
