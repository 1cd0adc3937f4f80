//! Users: creating one, changing one (role, faculty, activity, password), and importing many
//! from a CSV file as Excel writes it — every row checked first, then all created or none.

use super::{fields, AppError, Services};
use crate::auth::{authorize, hash_password, new_session_id, AccessTarget, Action, UserRef};
use crate::model::Translated;
use crate::store::{Actor, NewUser, Role, User, UserId};

/// A user to create.
#[derive(Clone, Debug)]
pub struct NewUserInput {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub faculty: Option<String>,
    pub department: Option<String>,
    pub supervisor: Option<UserId>,
    pub password: Option<String>,
}

/// An admin creates a user.
pub fn create_user(services: &Services, caller: &User, input: NewUserInput) -> Result<User, AppError> {
    authorize(caller, Action::ManageUsers, &AccessTarget::Institution)?;
    let new_user = NewUser {
        name: fields::line("name", &input.name, fields::MAX_NAME_CHARS)?,
        email: fields::line("email", &input.email, fields::MAX_EMAIL_CHARS)?,
        role: input.role,
        faculty: fields::optional_line("faculty", input.faculty.as_deref(), fields::MAX_NAME_CHARS)?,
        department: fields::optional_line("department", input.department.as_deref(), fields::MAX_NAME_CHARS)?,
        supervisor: input.supervisor,
        password_hash: input
            .password
            .map(|password| hash_password(&password).map_err(AppError::internal))
            .transpose()?,
    };
    Ok(services.store.create_user(&new_user, Actor::User(caller.id), services.now())?)
}

/// The fields of a user to change; `None` keeps the current value.
#[derive(Clone, Debug, Default)]
pub struct UserChangeInput {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub faculty: Option<String>,
    pub supervisor: Option<UserId>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

/// An admin changes a user. Permission is checked before the user is looked up, so a caller
/// who may manage no user learns nothing about which ids exist.
pub fn update_user(
    services: &Services,
    caller: &User,
    user_id: UserId,
    input: UserChangeInput,
) -> Result<User, AppError> {
    authorize(caller, Action::ManageUsers, &AccessTarget::Institution)?;
    let before = services.store.user(user_id)?;
    authorize(caller, Action::ManageUsers, &AccessTarget::User(UserRef::from(&before)))?;
    let name = input.name.map(|name| fields::line("name", &name, fields::MAX_NAME_CHARS)).transpose()?;
    let faculty = fields::optional_line("faculty", input.faculty.as_deref(), fields::MAX_NAME_CHARS)?;
    let password_hash = match input.password {
        Some(password) => Some(hash_password(&password).map_err(AppError::internal)?),
        None => before.password_hash.clone(),
    };
    let updated = User {
        name: name.unwrap_or(before.name.clone()),
        role: input.role.unwrap_or(before.role),
        faculty: faculty.or(before.faculty.clone()),
        supervisor: input.supervisor.or(before.supervisor),
        active: input.active.unwrap_or(before.active),
        password_hash,
        ..before
    };
    Ok(services.store.update_user(&updated, Actor::User(caller.id), services.now())?)
}

/// A user created by an import, with the one-time password to hand over.
#[derive(Clone, Debug)]
pub struct ImportedUser {
    pub user: User,
    pub password: String,
}

/// Imports users from CSV rows `name, email, role, faculty, supervisor email` (supervisors
/// before their students): every row is checked against what the caller may create, then all
/// users are created in one transaction, or none.
pub fn import_users(
    services: &Services,
    caller: &User,
    csv_text: &str,
) -> Result<Vec<ImportedUser>, AppError> {
    authorize(caller, Action::ImportUsers, &super::access::faculty_target(caller))?;
    let mut rows = parse_import(csv_text)?;
    validate_import(services, caller, &mut rows)?;
    let mut new_users = Vec::with_capacity(rows.len());
    let mut passwords = Vec::with_capacity(rows.len());
    for row in rows {
        let password = new_session_id().map_err(AppError::internal)?[..16].to_string();
        let new_user = NewUser {
            name: row.name,
            email: row.email,
            role: row.role,
            faculty: row.faculty,
            department: None,
            supervisor: None,
            password_hash: Some(hash_password(&password).map_err(AppError::internal)?),
        };
        new_users.push((new_user, row.supervisor_email));
        passwords.push(password);
    }
    let users = services.store.create_users(&new_users, Actor::User(caller.id), services.now())?;
    Ok(users.into_iter().zip(passwords).map(|(user, password)| ImportedUser { user, password }).collect())
}

const BAD_CSV_ROW: Translated = crate::messages::text("bad_csv_row");

const ROLE_NOT_IMPORTABLE: Translated = crate::messages::text("role_not_importable");

const FACULTY_REQUIRED: Translated = crate::messages::text("faculty_required");

const BAD_IMPORT_SUPERVISOR: Translated = crate::messages::text("bad_import_supervisor");

const DUPLICATE_EMAIL: Translated = crate::messages::text("duplicate_email");

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
pub fn parse_import(text: &str) -> Result<Vec<ImportRow>, AppError> {
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
    let bad_row = || AppError::invalid("bad_csv_row", BAD_CSV_ROW);
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
fn validate_import(services: &Services, importer: &User, rows: &mut [ImportRow]) -> Result<(), AppError> {
    let mut seen_emails = std::collections::HashSet::new();
    for index in 0..rows.len() {
        let row = &mut rows[index];
        if matches!(row.role, Role::Admin | Role::Staff) && importer.role != Role::Admin {
            return Err(AppError::invalid("role_not_importable", ROLE_NOT_IMPORTABLE));
        }
        if row.faculty.is_none() && importer.role == Role::Staff {
            row.faculty = importer.faculty.clone();
        }
        let Some(faculty) = row.faculty.clone() else {
            return Err(AppError::invalid("faculty_required", FACULTY_REQUIRED));
        };
        authorize(importer, Action::ImportUsers, &AccessTarget::Faculty(faculty.clone()))?;
        let email = row.email.trim().to_lowercase();
        if !seen_emails.insert(email.clone()) || services.store.user_by_email(&email)?.is_some() {
            return Err(AppError::Conflict { code: "email_taken", message: DUPLICATE_EMAIL });
        }
        let Some(supervisor_email) = rows[index].supervisor_email.clone() else { continue };
        let bad_supervisor = || AppError::invalid("bad_supervisor", BAD_IMPORT_SUPERVISOR);
        let supervisor_ok = match services.store.user_by_email(&supervisor_email)? {
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

/// An admin changes the institution's settings (threshold, students seeing reports, when
/// theses join the corpus).
const BAD_APPEAL_WINDOW: crate::model::Translated = crate::messages::text("bad_appeal_window");

/// An admin replaces the institution's settings; an appeal window outside 2–10 working days is
/// refused.
pub fn update_settings(
    services: &Services,
    caller: &User,
    settings: crate::workflow::Settings,
) -> Result<(), AppError> {
    authorize(caller, Action::ChangeSettings, &AccessTarget::Institution)?;
    if !settings.is_valid_appeal_window() {
        return Err(AppError::invalid("bad_appeal_window", BAD_APPEAL_WINDOW));
    }
    Ok(services.store.update_settings(&settings, Actor::User(caller.id), services.now())?)
}

/// The users the caller may view, in store order.
pub fn visible_users(services: &Services, caller: &User) -> Result<Vec<User>, AppError> {
    let users = services.store.users()?;
    Ok(users
        .into_iter()
        .filter(|user| authorize(caller, Action::ViewUser, &AccessTarget::User(UserRef::from(user))).is_ok())
        .collect())
}

/// The institution's settings, for the admin.
pub fn settings(services: &Services, caller: &User) -> Result<crate::workflow::Settings, AppError> {
    authorize(caller, Action::ChangeSettings, &AccessTarget::Institution)?;
    Ok(services.store.settings()?)
}
