//! The HTTP handlers, one file per area. Each one extracts the request, checks access with
//! `auth::authorize`, calls one store or pipeline function (blocking work via
//! `AppState::blocking`) and maps the result; errors go through `http::error`.
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

pub use crate::app::views::UserView;

pub use crate::app::access::{authorize_on_thesis, faculty_target, visible_thesis};

pub use crate::http::upload::MISSING_FIELD;
