//! The store's typed errors. No sled type appears in them, so callers never depend on sled.

use crate::attestation::AttestationError;
use crate::model::{Translated, UiLang};
use crate::records::CommissionError;
use crate::workflow::WorkflowError;
use std::path::PathBuf;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database itself failed (disk full, corruption detected by sled, …).
    #[error("storage failure: {0}")]
    Storage(String),
    /// A file of the content-addressed file store could not be written or read.
    #[error("file store failure at {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// A stored value could not be decoded; the store never panics on it.
    #[error("stored record {key} in {tree} is unreadable: {reason}")]
    Corrupt { tree: &'static str, key: String, reason: String },
    /// The record does not exist.
    #[error("{kind} {id} not found")]
    NotFound { kind: &'static str, id: u64 },
    /// Another user already has this e-mail address.
    #[error("a user with e-mail {email} already exists")]
    EmailTaken { email: String },
    /// The request contradicts the stored records (e.g. a supervisor who is not a supervisor).
    #[error("invalid request: {reason}")]
    Invalid { reason: &'static str },
    /// The workflow refused the event.
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    /// A commission or its composition is refused by its shape rules.
    #[error(transparent)]
    Commission(#[from] CommissionError),
    /// An attestation rule refused (§65 composition, schedule, grading, vote, appeals, the
    /// defense state machine).
    #[error(transparent)]
    Attestation(#[from] AttestationError),
}

impl StoreError {
    /// The message to show a user. Internal failures get one generic message; their details
    /// belong in the log only.
    pub fn translated(&self) -> Translated {
        match self {
            StoreError::Workflow(workflow_error) => workflow_error.translated(),
            StoreError::Commission(error) => commission_error_text(error),
            StoreError::Attestation(error) => error.translated(),
            StoreError::NotFound { .. } => const { crate::messages::text("not_found") },
            StoreError::EmailTaken { .. } => const { crate::messages::text("store_error_email_taken") },
            StoreError::Invalid { .. } => const { crate::messages::text("store_error_invalid") },
            StoreError::Storage(_) | StoreError::Io { .. } | StoreError::Corrupt { .. } => {
                const { crate::messages::text("store_error_storage") }
            }
        }
    }

    /// The user-facing message in one language, with figures where it has any.
    pub fn localized(&self, lang: UiLang) -> String {
        match self {
            StoreError::Workflow(workflow_error) => workflow_error.localized(lang),
            StoreError::Commission(
                error @ (CommissionError::TwoSeats { person } | CommissionError::NotEligible { person }),
            ) => {
                format!("{} (№{person})", commission_error_text(error).get(lang))
            }
            StoreError::Attestation(error) => error.localized(lang),
            other => other.translated().get(lang).to_string(),
        }
    }
}

/// The message of a commission refusal.
fn commission_error_text(error: &CommissionError) -> Translated {
    use crate::messages::text;
    match error {
        CommissionError::NoMembers => const { text("commission_error_no_members") },
        CommissionError::TwoSeats { .. } => const { text("commission_error_two_seats") },
        CommissionError::NotEligible { .. } => const { text("commission_error_not_eligible") },
        CommissionError::WrongKind => const { text("commission_error_wrong_kind") },
        CommissionError::AppealOfAppeal => const { text("commission_error_appeal_of_appeal") },
        CommissionError::NoProgrammes => const { text("commission_error_no_programmes") },
    }
}

impl From<sled::Error> for StoreError {
    fn from(error: sled::Error) -> Self {
        StoreError::Storage(error.to_string())
    }
}
