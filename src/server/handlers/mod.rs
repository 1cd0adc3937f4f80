//! The HTTP handlers, one file per area. Each one extracts the request, checks access with
//! `auth::authorize`, calls one store or pipeline function (blocking work via
//! `AppState::blocking`) and maps the result; errors go through `http::error`.
//!
//! Rule for things a caller may not see: a thesis (and its versions, reports, decisions) the
//! caller cannot view answers 404, as if it did not exist; an action on a thesis the caller can
//! view but may not do answers 403; institution-wide actions answer 403.

pub mod absences;
pub mod account;
pub mod admin;
pub mod appeals;
pub mod commissions;
pub mod corpus;
pub mod documents;
pub mod grading;
pub use crate::app::fields;
pub mod jobs;
pub mod protocols;
pub mod reports;
pub mod schedules;
pub mod theses;

pub use crate::app::views::UserView;

pub use crate::app::access::{authorize_on_thesis, faculty_target, visible_thesis};

pub use crate::http::upload::MISSING_FIELD;

/// Every error answer: a stable code and a message in the request's language (`?lang=`, the
/// `lang` cookie or `Accept-Language`; Kazakh by default).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorAnswer {
    pub error: ErrorDetail,
}

/// The code and message of an error answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

/// A multipart upload (documentation only): the file, and the CSRF token for cookie sessions
/// that do not send the `X-CSRF-Token` header.
#[derive(utoipa::ToSchema)]
pub struct UploadForm {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    pub csrf_token: Option<String>,
}

/// A corpus upload (documentation only): the file and its optional metadata.
#[derive(utoipa::ToSchema)]
pub struct CorpusUploadForm {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// The document's id; made from the file name when not given.
    pub id: Option<String>,
    pub title: Option<String>,
    pub authors: Option<String>,
    pub year: Option<i32>,
    /// `article`, `thesis`, `web` or `other`.
    pub kind: Option<String>,
    pub csrf_token: Option<String>,
}
