//! Why a workflow event was refused, with hand-written messages in Kazakh, Russian and English.

use crate::model::{Translated, UiLang};

/// A workflow event that the rules refuse in the thesis's current state.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum WorkflowError {
    /// A check or decision arrived for a thesis that has no version yet.
    #[error("the thesis has no uploaded version yet")]
    NoVersion,
    /// A decision was requested before the report of the current version was ready.
    #[error("the current version has not been checked yet")]
    NotChecked,
    /// Clearing above the similarity threshold needs a written justification.
    #[error("similarity {similarity_percent:.1}% is above the threshold of {threshold_percent:.1}%: a written justification is required")]
    JustificationRequired { similarity_percent: f64, threshold_percent: f64 },
    /// Returning a thesis needs a reason for the student.
    #[error("a thesis can only be returned with a reason")]
    ReasonRequired,
    /// The thesis is already cleared; it can be returned, admitted, or replaced by a new version.
    #[error("the thesis is already cleared")]
    AlreadyCleared,
    /// The thesis was returned; the student has to upload a new version first.
    #[error("the thesis was returned; a new version is needed")]
    AlreadyReturned,
    /// Only a cleared thesis can be admitted to defense.
    #[error("only a cleared thesis can be admitted to defense")]
    NotCleared,
    /// The thesis is admitted to defense; nothing about it can change any more.
    #[error("the thesis is already admitted to defense")]
    AlreadyAdmitted,
    /// Admission needs the supervisor's feedback and the external review; `true` marks each
    /// one that is missing.
    #[error(
        "admission needs the defense documents (feedback missing: {feedback}, review missing: {review})"
    )]
    DefenseDocumentsMissing { feedback: bool, review: bool },
    /// A check reported a version that is newer than the thesis's current version.
    #[error("version {version} is not a version of this thesis")]
    UnknownVersion { version: u64 },
}

impl WorkflowError {
    /// The message to show a user, without figures.
    pub fn translated(&self) -> Translated {
        match self {
            WorkflowError::NoVersion => const { crate::messages::text("workflow_error_no_version") },
            WorkflowError::NotChecked => const { crate::messages::text("workflow_error_not_checked") },
            WorkflowError::JustificationRequired { .. } => {
                const { crate::messages::text("workflow_error_justification_required") }
            }
            WorkflowError::ReasonRequired => {
                const { crate::messages::text("workflow_error_reason_required") }
            }
            WorkflowError::AlreadyCleared => {
                const { crate::messages::text("workflow_error_already_cleared") }
            }
            WorkflowError::AlreadyReturned => {
                const { crate::messages::text("workflow_error_already_returned") }
            }
            WorkflowError::NotCleared => const { crate::messages::text("workflow_error_not_cleared") },
            WorkflowError::AlreadyAdmitted => {
                const { crate::messages::text("workflow_error_already_admitted") }
            }
            WorkflowError::UnknownVersion { .. } => {
                const { crate::messages::text("workflow_error_unknown_version") }
            }
            WorkflowError::DefenseDocumentsMissing { feedback: true, review: true } => {
                const { crate::messages::text("workflow_error_documents_missing") }
            }
            WorkflowError::DefenseDocumentsMissing { feedback: true, .. } => {
                const { crate::messages::text("workflow_error_feedback_missing") }
            }
            WorkflowError::DefenseDocumentsMissing { .. } => {
                const { crate::messages::text("workflow_error_review_missing") }
            }
        }
    }

    /// The message in one language, with the figures where the message has any.
    pub fn localized(&self, lang: UiLang) -> String {
        let text = self.translated().get(lang);
        match self {
            WorkflowError::JustificationRequired { similarity_percent, threshold_percent } => {
                format!("{text} ({similarity_percent:.1}% > {threshold_percent:.1}%)")
            }
            _ => text.to_string(),
        }
    }
}
