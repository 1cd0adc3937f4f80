//! Typed views the JSON API answers and the pages read: a user without secrets, a thesis (its
//! figures only for those who may read its report) with its versions and decisions, the
//! outcome of a version's extraction in the caller's language, a row of the defense admission
//! list. They serialize to the API's documented shapes.

use crate::model::{DocLang, UiLang};
use crate::pipeline::thesis::RefusalRecord;
use crate::store::{CalendarDate, Check, ExtractionOutcome, Role, Thesis, User, Version};
use crate::workflow::{DocumentsOnFile, ThesisState};
use serde::Serialize;
use serde_json::Value;

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
    /// The supervisor's feedback is on file (admission needs it).
    pub feedback_on_file: bool,
    /// The external review is on file (admission needs it).
    pub review_on_file: bool,
}

impl AdmissionRow {
    pub fn of(
        thesis: &Thesis,
        student_name: String,
        documents: DocumentsOnFile,
        lang: UiLang,
    ) -> AdmissionRow {
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
            feedback_on_file: documents.feedback,
            review_on_file: documents.review,
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

/// Removes the similarity figure from a serialized state, decision or check.
fn without_figures(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove("similarity_percent");
        object.remove("similarity");
    }
    value
}

/// A thesis in listings; the similarity figure only for those who may read the report.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ThesisSummary {
    pub id: u64,
    pub title: String,
    pub student: u64,
    pub supervisor: Option<u64>,
    pub faculty: String,
    pub department: Option<String>,
    pub programme: String,
    /// `kk`, `ru` or `en`.
    #[schema(value_type = String)]
    pub language: DocLang,
    /// `{year, month, day}`.
    #[schema(value_type = Option<Object>)]
    pub planned_defense: Option<CalendarDate>,
    /// The workflow state (`{"state": "checked", "version": …, "similarity_percent": …}`),
    /// without the figure for callers who may not read the report.
    #[schema(value_type = Object)]
    pub state: Value,
    pub state_label: &'static str,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ThesisSummary {
    pub fn of(thesis: &Thesis, lang: UiLang, show_figures: bool) -> ThesisSummary {
        let state = serde_json::to_value(thesis.state).unwrap_or(Value::Null);
        ThesisSummary {
            id: thesis.id,
            title: thesis.title.clone(),
            student: thesis.student,
            supervisor: thesis.supervisor,
            faculty: thesis.faculty.clone(),
            department: thesis.department.clone(),
            programme: thesis.programme.clone(),
            language: thesis.language,
            planned_defense: thesis.planned_defense,
            state: if show_figures { state } else { without_figures(state) },
            state_label: thesis.state.label().get(lang),
            created_at: thesis.created_at,
            updated_at: thesis.updated_at,
        }
    }
}

/// The latest check of a version, for those who may see figures.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CheckSummary {
    pub id: u64,
    pub similarity: f64,
    pub created_at: i64,
    pub corpus_version: u64,
}

impl From<&Check> for CheckSummary {
    fn from(check: &Check) -> Self {
        CheckSummary {
            id: check.id,
            similarity: check.similarity,
            created_at: check.created_at,
            corpus_version: check.corpus_version,
        }
    }
}

/// One uploaded version of a thesis.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct VersionView {
    pub id: u64,
    pub number: u32,
    pub file_name: String,
    pub byte_len: u64,
    pub uploaded_at: i64,
    pub extraction: ExtractionView,
    pub latest_check: Option<CheckSummary>,
}

impl VersionView {
    pub fn of(version: &Version, latest_check: Option<&Check>, lang: UiLang) -> VersionView {
        VersionView {
            id: version.id,
            number: version.number,
            file_name: version.file_name.clone(),
            byte_len: version.byte_len,
            uploaded_at: version.uploaded_at,
            extraction: ExtractionView::of(&version.extraction, lang),
            latest_check: latest_check.map(CheckSummary::from),
        }
    }
}

/// A thesis with its versions (newest last) and its decisions.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ThesisDetail {
    #[serde(flatten)]
    pub summary: ThesisSummary,
    pub versions: Vec<VersionView>,
    /// The recorded decisions (clear, return, admit), without figures for callers who may not
    /// read the report.
    #[schema(value_type = Vec<Object>)]
    pub decisions: Vec<Value>,
}

impl ThesisDetail {
    /// Removes the figures of serialized decisions unless `show_figures`.
    pub fn decision(value: Value, show_figures: bool) -> Value {
        if show_figures {
            value
        } else {
            without_figures(value)
        }
    }
}
