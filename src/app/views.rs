//! Typed views the JSON API answers and the pages read: a user without secrets, the outcome
//! of a version's extraction in the caller's language, a row of the defense admission list.
//! They serialize to the API's documented shapes.

use crate::model::UiLang;
use crate::pipeline::thesis::RefusalRecord;
use crate::store::{ExtractionOutcome, Role, Thesis, User};
use crate::workflow::ThesisState;
use serde::Serialize;

/// A user as the API shows it (never the password hash).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub role: Role,
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

/// The extraction outcome of a version, with a refusal's message in the caller's language.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ExtractionView {
    /// Not extracted yet.
    Pending,
    /// Extracted: the characters of text and the warnings.
    Extracted { n_chars: u64, n_warnings: u32 },
    /// Refused: the refusal's code and its message.
    Failed { code: String, message: String },
}

impl ExtractionView {
    pub fn of(outcome: &ExtractionOutcome, lang: UiLang) -> ExtractionView {
        match outcome {
            ExtractionOutcome::Pending => ExtractionView::Pending,
            ExtractionOutcome::Extracted { n_chars, n_warnings } => {
                ExtractionView::Extracted { n_chars: *n_chars, n_warnings: *n_warnings }
            }
            ExtractionOutcome::Failed { reason } => {
                let refusal = RefusalRecord::from_stored_reason(reason);
                ExtractionView::Failed { code: refusal.code().to_string(), message: refusal.message(lang) }
            }
        }
    }
}

/// One row of the defense admission list.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AdmissionRow {
    pub id: u64,
    pub title: String,
    pub student: u64,
    pub student_name: String,
    pub faculty: String,
    pub programme: String,
    /// The state's name (`cleared`, `admitted`).
    pub state: &'static str,
    pub state_label: &'static str,
    /// The similarity figure the thesis was cleared with.
    pub similarity: Option<f64>,
}

impl AdmissionRow {
    pub fn of(thesis: &Thesis, student_name: String, lang: UiLang) -> AdmissionRow {
        AdmissionRow {
            id: thesis.id,
            title: thesis.title.clone(),
            student: thesis.student,
            student_name,
            faculty: thesis.faculty.clone(),
            programme: thesis.programme.clone(),
            state: thesis.state.name(),
            state_label: thesis.state.label().get(lang),
            similarity: cleared_similarity(&thesis.state),
        }
    }
}

/// The figure a thesis was cleared with (also once admitted).
pub fn cleared_similarity(state: &ThesisState) -> Option<f64> {
    match *state {
        ThesisState::Cleared { similarity_percent, .. }
        | ThesisState::Admitted { similarity_percent, .. } => Some(similarity_percent),
        _ => None,
    }
}
