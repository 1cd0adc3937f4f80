//! The HTTP handlers, one file per area. Each one extracts the request, checks access with
//! `auth::authorize`, calls one store or pipeline function (blocking work via
//! `AppState::blocking`) and maps the result; errors go through `server::error`.
//!
//! Rule for things a caller may not see: a thesis (and its versions, reports, decisions) the
//! caller cannot view answers 404, as if it did not exist; an action on a thesis the caller can
//! view but may not do answers 403; institution-wide actions answer 403.

pub mod account;
pub mod admin;
pub mod corpus;
pub use crate::app::fields;
pub mod jobs;
pub mod reports;
pub mod theses;

use crate::model::Translated;
use crate::store::User;
use serde::Serialize;

/// A user as the API shows it (never the password hash).
#[derive(Clone, Debug, Serialize)]
pub struct UserView {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub role: crate::store::Role,
    pub faculty: Option<String>,
    pub department: Option<String>,
    pub supervisor: Option<u64>,
    pub active: bool,
}

impl From<&User> for UserView {
    fn from(user: &User) -> Self {
        UserView {
            id: user.id,
            name: user.name.clone(),
            email: user.email.clone(),
            role: user.role,
            faculty: user.faculty.clone(),
            department: user.department.clone(),
            supervisor: user.supervisor,
            active: user.active,
        }
    }
}

pub use crate::app::access::{authorize_on_thesis, faculty_target, visible_thesis};

pub const MISSING_FIELD: Translated = Translated {
    kk: "Сұраныста міндетті өріс жоқ.",
    ru: "В запросе нет обязательного поля.",
    en: "A required field is missing from the request.",
};
