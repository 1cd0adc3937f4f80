//! The thesis workflow: one pure state machine, enforced in one place.
//!
//! ```text
//! draft ──upload──▶ submitted ──check──▶ checked ──clear──▶ cleared ──admit──▶ admitted
//!                      ▲  ▲                 │                 │
//!                      │  └─────upload──────┤◀──return────────┘ (revoking a clearance)
//!                      │                    ▼
//!                      └──────upload──── returned
//! ```
//!
//! The rules, all in [`apply`]:
//! - A new version (from any state but admitted) makes the thesis `submitted` again; after a
//!   clearance this voids the clearance, and the new version is checked again.
//! - A completed check of the current version moves `submitted` to `checked`; a re-check (rescan)
//!   of a `checked` thesis updates its figure; in the decided states the state keeps the figure
//!   the decision was made on. A check of a superseded version changes nothing.
//! - Only a `checked` thesis can be cleared; above [`Settings::similarity_threshold_percent`] the
//!   clearance needs a written justification.
//! - A `checked` or `cleared` (not yet admitted) thesis can be returned, always with a reason.
//! - Only a `cleared` thesis can be admitted to defense, and only with the supervisor's feedback
//!   and the external review on file (issue #18; the store says which it has,
//!   [`DocumentsOnFile`]); an admitted thesis never changes again.
//!
//! [`corpus_effect`] says when a version joins or leaves the corpus ([`CorpusJoin`]).
//!
//! This module is plain functions on data. It must not know about storage, the clock, access
//! rules or HTTP; the store calls [`apply`] inside the transaction that records the event, so no
//! other code can move a thesis between states.

mod error;
mod settings;

pub use error::WorkflowError;
pub use settings::{CorpusJoin, Settings};

use crate::model::Translated;
use serde::{Deserialize, Serialize};

/// Where a thesis stands. Every state after `Draft` names the thesis's current version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ThesisState {
    /// The thesis exists but no version has been uploaded.
    #[default]
    Draft,
    /// A version was uploaded; its check is queued or running.
    Submitted { version: u64 },
    /// The report of the current version is ready for the supervisor.
    Checked { version: u64, similarity_percent: f64 },
    /// The supervisor cleared the current version (the figure is the one it was cleared on).
    Cleared { version: u64, similarity_percent: f64 },
    /// The supervisor returned the current version; the student has to upload a new one.
    Returned { version: u64 },
    /// The thesis is admitted to defense with this version.
    Admitted { version: u64, similarity_percent: f64 },
}

impl ThesisState {
    /// The current version, if any was uploaded.
    pub fn current_version(&self) -> Option<u64> {
        match *self {
            ThesisState::Draft => None,
            ThesisState::Submitted { version }
            | ThesisState::Checked { version, .. }
            | ThesisState::Cleared { version, .. }
            | ThesisState::Returned { version }
            | ThesisState::Admitted { version, .. } => Some(version),
        }
    }

    /// True for the theses that appear on the defense admission list: cleared ones (waiting for
    /// admission) and admitted ones.
    pub fn is_on_admission_list(&self) -> bool {
        matches!(self, ThesisState::Cleared { .. } | ThesisState::Admitted { .. })
    }

    /// A stable machine name, e.g. for CSV exports and filters.
    pub fn name(&self) -> &'static str {
        match self {
            ThesisState::Draft => "draft",
            ThesisState::Submitted { .. } => "submitted",
            ThesisState::Checked { .. } => "checked",
            ThesisState::Cleared { .. } => "cleared",
            ThesisState::Returned { .. } => "returned",
            ThesisState::Admitted { .. } => "admitted",
        }
    }

    /// The state's label for people.
    pub fn label(&self) -> Translated {
        match self {
            ThesisState::Draft => const { crate::messages::text("thesis_state_draft") },
            ThesisState::Submitted { .. } => const { crate::messages::text("thesis_state_submitted") },
            ThesisState::Checked { .. } => const { crate::messages::text("step_checked") },
            ThesisState::Cleared { .. } => const { crate::messages::text("step_cleared") },
            ThesisState::Returned { .. } => const { crate::messages::text("step_returned") },
            ThesisState::Admitted { .. } => const { crate::messages::text("step_admitted") },
        }
    }
}

/// Something that happens to a thesis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum WorkflowEvent {
    /// The student uploaded a new version (ids grow with every upload).
    VersionUploaded { version: u64 },
    /// The check of a version finished with this similarity in percent.
    CheckCompleted { version: u64, similarity_percent: f64 },
    /// The supervisor clears the current version, with an optional written justification.
    Cleared { justification: Option<String> },
    /// The supervisor returns the current version with a reason for the student.
    Returned { reason: String },
    /// Staff admit the thesis to defense; the store says which defense documents it has.
    Admitted { documents: DocumentsOnFile },
}

/// Which defense documents a thesis has on file, as the store found them for an admission.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentsOnFile {
    /// The supervisor's feedback (отзыв / пікір).
    pub feedback: bool,
    /// The external review (рецензия).
    pub review: bool,
}

/// Applies one event to a state: the new state, or why the event is refused.
pub fn apply(
    state: ThesisState,
    event: &WorkflowEvent,
    settings: &Settings,
) -> Result<ThesisState, WorkflowError> {
    match event {
        WorkflowEvent::VersionUploaded { version } => apply_upload(state, *version),
        WorkflowEvent::CheckCompleted { version, similarity_percent } => {
            apply_check(state, *version, *similarity_percent)
        }
        WorkflowEvent::Cleared { justification } => apply_clear(state, justification, settings),
        WorkflowEvent::Returned { reason } => apply_return(state, reason),
        WorkflowEvent::Admitted { documents } => apply_admit(state, *documents),
    }
}

fn apply_upload(state: ThesisState, version: u64) -> Result<ThesisState, WorkflowError> {
    match state {
        ThesisState::Admitted { .. } => Err(WorkflowError::AlreadyAdmitted),
        // Every other state, a clearance included, gives way to the new version.
        _ => Ok(ThesisState::Submitted { version }),
    }
}

fn apply_check(
    state: ThesisState,
    checked_version: u64,
    similarity_percent: f64,
) -> Result<ThesisState, WorkflowError> {
    let Some(current) = state.current_version() else {
        return Err(WorkflowError::NoVersion);
    };
    if checked_version > current {
        return Err(WorkflowError::UnknownVersion { version: checked_version });
    }
    if checked_version < current {
        // The report of a superseded version is kept for the record but moves nothing.
        return Ok(state);
    }
    match state {
        ThesisState::Submitted { version } | ThesisState::Checked { version, .. } => {
            Ok(ThesisState::Checked { version, similarity_percent })
        }
        // A rescan of a decided thesis adds a report; the decision stands on its own figure.
        decided => Ok(decided),
    }
}

fn apply_clear(
    state: ThesisState,
    justification: &Option<String>,
    settings: &Settings,
) -> Result<ThesisState, WorkflowError> {
    match state {
        ThesisState::Draft => Err(WorkflowError::NoVersion),
        ThesisState::Submitted { .. } => Err(WorkflowError::NotChecked),
        ThesisState::Checked { version, similarity_percent } => {
            let has_justification = justification.as_deref().is_some_and(|text| !text.trim().is_empty());
            if settings.needs_justification(similarity_percent) && !has_justification {
                return Err(WorkflowError::JustificationRequired {
                    similarity_percent,
                    threshold_percent: settings.similarity_threshold_percent,
                });
            }
            Ok(ThesisState::Cleared { version, similarity_percent })
        }
        ThesisState::Cleared { .. } => Err(WorkflowError::AlreadyCleared),
        ThesisState::Returned { .. } => Err(WorkflowError::AlreadyReturned),
        ThesisState::Admitted { .. } => Err(WorkflowError::AlreadyAdmitted),
    }
}

fn apply_return(state: ThesisState, reason: &str) -> Result<ThesisState, WorkflowError> {
    match state {
        ThesisState::Draft => Err(WorkflowError::NoVersion),
        ThesisState::Submitted { .. } => Err(WorkflowError::NotChecked),
        ThesisState::Checked { version, .. } | ThesisState::Cleared { version, .. } => {
            if reason.trim().is_empty() {
                return Err(WorkflowError::ReasonRequired);
            }
            Ok(ThesisState::Returned { version })
        }
        ThesisState::Returned { .. } => Err(WorkflowError::AlreadyReturned),
        ThesisState::Admitted { .. } => Err(WorkflowError::AlreadyAdmitted),
    }
}

fn apply_admit(state: ThesisState, documents: DocumentsOnFile) -> Result<ThesisState, WorkflowError> {
    match state {
        ThesisState::Cleared { version, similarity_percent } => {
            if !documents.feedback || !documents.review {
                return Err(WorkflowError::DefenseDocumentsMissing {
                    feedback: !documents.feedback,
                    review: !documents.review,
                });
            }
            Ok(ThesisState::Admitted { version, similarity_percent })
        }
        ThesisState::Admitted { .. } => Err(WorkflowError::AlreadyAdmitted),
        _ => Err(WorkflowError::NotCleared),
    }
}

/// A change to the corpus that a state transition calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum CorpusEffect {
    /// The version becomes part of the corpus that other theses are checked against.
    Add { version: u64 },
    /// The version leaves the corpus (its clearance was voided or revoked).
    Remove { version: u64 },
}

/// What a transition from `before` to `after` means for the corpus under `settings`.
pub fn corpus_effect(before: &ThesisState, after: &ThesisState, settings: &Settings) -> Option<CorpusEffect> {
    let was_in_corpus = is_in_corpus(before, settings.corpus_join);
    let is_now_in_corpus = is_in_corpus(after, settings.corpus_join);
    match (was_in_corpus, is_now_in_corpus) {
        (false, true) => after.current_version().map(|version| CorpusEffect::Add { version }),
        (true, false) => before.current_version().map(|version| CorpusEffect::Remove { version }),
        _ => None,
    }
}

/// True when a thesis in this state has its current version in the corpus.
pub fn is_in_corpus(state: &ThesisState, corpus_join: CorpusJoin) -> bool {
    match corpus_join {
        CorpusJoin::OnAdmission => matches!(state, ThesisState::Admitted { .. }),
        CorpusJoin::OnClearance => state.is_on_admission_list(),
    }
}
