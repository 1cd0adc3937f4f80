//! One student's defense in one attestation period: a pure state machine, enforced in [`apply`].
//!
//! ```text
//! admitted ──schedule──▶ scheduled ──defend──▶ defended ──grade──▶ graded ──publish──▶ published
//!                         │    ▲                                                      │      │
//!                         └────┘ reschedule (valid absence, technical failure)  appeal│      │close
//!                                                                                      ▼      ▼
//!                                                              appealed ──decide──▶ closed
//! ```
//!
//! The rules:
//! - Only an admitted student is scheduled; a scheduled defense may be rescheduled (§22, §23)
//!   any number of times before it takes place.
//! - After the defense there is no second one: not to raise a grade (§25), and not to retake an
//!   unsatisfactory grade in the same attestation period (§26). A later period starts a new
//!   machine.
//! - The degree can be awarded only with a satisfactory grade (A … D).
//! - Publishing records the appeal deadline (computed by [`super::appeals::filing_deadline`]);
//!   an appeal is accepted up to it, and the defense closes without an appeal only after it.
//! - The appeal commission's decision keeps or changes the grade and closes the defense. A grade
//!   changed to unsatisfactory withdraws the degree; a grade raised from unsatisfactory does not
//!   award one by itself (that needs a vote of the attestation commission, outside this machine).
//!
//! Plain functions on data: dates come from the caller, the store calls [`apply`] inside the
//! transaction that records the event, and every refusal carries kk/ru/en messages.

use super::date::Date;
use super::error::AttestationError;
use super::grading::Grade;
use super::schedule::RescheduleReason;
use crate::model::Translated;
use serde::{Deserialize, Serialize};

/// Where a student's defense stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DefenseState {
    /// On the admission list, not yet given a time.
    #[default]
    Admitted,
    /// Given a time; `reschedules` counts the moves.
    Scheduled { reschedules: u32 },
    /// The defense took place; the grades are being given.
    Defended,
    /// The final grade and the degree vote are recorded, not yet published.
    Graded { grade: Grade, degree_awarded: bool },
    /// The result is published; appeals are accepted up to `appeal_deadline`.
    Published { grade: Grade, degree_awarded: bool, published_on: Date, appeal_deadline: Date },
    /// An appeal was filed and waits for the appeal commission.
    Appealed { grade: Grade, degree_awarded: bool, filed_on: Date },
    /// Final: nothing changes any more.
    Closed { grade: Grade, degree_awarded: bool, appealed: bool },
}

impl DefenseState {
    /// The grade, once given.
    pub fn grade(&self) -> Option<Grade> {
        match *self {
            DefenseState::Graded { grade, .. }
            | DefenseState::Published { grade, .. }
            | DefenseState::Appealed { grade, .. }
            | DefenseState::Closed { grade, .. } => Some(grade),
            _ => None,
        }
    }

    /// A stable machine name.
    pub fn name(&self) -> &'static str {
        match self {
            DefenseState::Admitted => "admitted",
            DefenseState::Scheduled { .. } => "scheduled",
            DefenseState::Defended => "defended",
            DefenseState::Graded { .. } => "graded",
            DefenseState::Published { .. } => "published",
            DefenseState::Appealed { .. } => "appealed",
            DefenseState::Closed { .. } => "closed",
        }
    }

    /// The state's label for people.
    pub fn label(&self) -> Translated {
        use crate::messages::text;
        match self {
            DefenseState::Admitted => const { text("step_admitted") },
            DefenseState::Scheduled { .. } => const { text("defense_state_scheduled") },
            DefenseState::Defended => const { text("defense_state_defended") },
            DefenseState::Graded { .. } => const { text("defense_state_graded") },
            DefenseState::Published { .. } => const { text("defense_state_published") },
            DefenseState::Appealed { .. } => const { text("defense_state_appealed") },
            DefenseState::Closed { .. } => const { text("defense_state_closed") },
        }
    }

    /// The step's position in the flow, to tell "not yet" from "already done".
    fn step(&self) -> u8 {
        match self {
            DefenseState::Admitted => 0,
            DefenseState::Scheduled { .. } => 1,
            DefenseState::Defended => 2,
            DefenseState::Graded { .. } => 3,
            DefenseState::Published { .. } => 4,
            DefenseState::Appealed { .. } => 5,
            DefenseState::Closed { .. } => 6,
        }
    }
}

/// Something that happens to a student's defense.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum DefenseEvent {
    /// Staff put the defense on the commission's schedule.
    Scheduled,
    /// The defense moves to another time.
    Rescheduled { reason: RescheduleReason },
    /// The defense took place.
    Defended,
    /// The final grade and the outcome of the degree vote are recorded.
    Graded { grade: Grade, degree_awarded: bool },
    /// The result is published; `appeal_deadline` is the last day to appeal (from
    /// [`super::appeals::filing_deadline`]); a deadline not after `on` is refused as a window too
    /// short.
    Published { on: Date, appeal_deadline: Date },
    /// The student appeals.
    AppealFiled { on: Date },
    /// The appeal commission decided: `changed_grade` is the new grade, `None` keeps the old one.
    AppealDecided { changed_grade: Option<Grade> },
    /// No appeal came within the window; the defense closes.
    Closed { on: Date },
}

/// Applies one event to a state: the new state, or why the event is refused.
pub fn apply(state: DefenseState, event: &DefenseEvent) -> Result<DefenseState, AttestationError> {
    let is_defense_event =
        matches!(event, DefenseEvent::Scheduled | DefenseEvent::Rescheduled { .. } | DefenseEvent::Defended);
    if !is_defense_event && matches!(state, DefenseState::Closed { .. }) {
        return Err(AttestationError::AlreadyClosed);
    }
    match (*event, state) {
        (DefenseEvent::Scheduled, DefenseState::Admitted) => Ok(DefenseState::Scheduled { reschedules: 0 }),
        (DefenseEvent::Scheduled, DefenseState::Scheduled { .. }) => Err(AttestationError::AlreadyScheduled),
        (DefenseEvent::Rescheduled { .. }, DefenseState::Scheduled { reschedules }) => {
            Ok(DefenseState::Scheduled { reschedules: reschedules + 1 })
        }
        (DefenseEvent::Defended, DefenseState::Scheduled { .. }) => Ok(DefenseState::Defended),
        (DefenseEvent::Rescheduled { .. } | DefenseEvent::Defended, DefenseState::Admitted) => {
            Err(AttestationError::NotScheduled)
        }
        // After the defense (closed included) a defense event is a second defense.
        (DefenseEvent::Scheduled | DefenseEvent::Rescheduled { .. } | DefenseEvent::Defended, _) => {
            Err(no_second_defense(&state))
        }
        (DefenseEvent::Graded { grade, degree_awarded }, DefenseState::Defended) => {
            if degree_awarded && !grade.letter.is_satisfactory() {
                return Err(AttestationError::DegreeNeedsSatisfactoryGrade);
            }
            Ok(DefenseState::Graded { grade, degree_awarded })
        }
        (DefenseEvent::Graded { .. }, _) => Err(order_error(&state, 2, AttestationError::NotDefended)),
        (DefenseEvent::Published { on, appeal_deadline }, DefenseState::Graded { grade, degree_awarded }) => {
            if appeal_deadline <= on {
                return Err(AttestationError::FilingWindowTooShort { working_days: 0 });
            }
            Ok(DefenseState::Published { grade, degree_awarded, published_on: on, appeal_deadline })
        }
        (DefenseEvent::Published { .. }, _) => Err(order_error(&state, 3, AttestationError::NotGraded)),
        (
            DefenseEvent::AppealFiled { on },
            DefenseState::Published { grade, degree_awarded, published_on, appeal_deadline },
        ) => {
            super::appeals::check_filing(on, published_on, appeal_deadline)?;
            Ok(DefenseState::Appealed { grade, degree_awarded, filed_on: on })
        }
        (DefenseEvent::AppealFiled { .. }, _) => Err(order_error(&state, 4, AttestationError::NotPublished)),
        (
            DefenseEvent::AppealDecided { changed_grade },
            DefenseState::Appealed { grade, degree_awarded, .. },
        ) => {
            let grade = changed_grade.unwrap_or(grade);
            let degree_awarded = degree_awarded && grade.letter.is_satisfactory();
            Ok(DefenseState::Closed { grade, degree_awarded, appealed: true })
        }
        (DefenseEvent::AppealDecided { .. }, _) => Err(AttestationError::NotAppealed),
        (
            DefenseEvent::Closed { on },
            DefenseState::Published { grade, degree_awarded, appeal_deadline, .. },
        ) => {
            if on <= appeal_deadline {
                return Err(AttestationError::AppealWindowStillOpen { deadline: appeal_deadline });
            }
            Ok(DefenseState::Closed { grade, degree_awarded, appealed: false })
        }
        (DefenseEvent::Closed { .. }, DefenseState::Appealed { .. }) => Err(AttestationError::AppealPending),
        (DefenseEvent::Closed { .. }, _) => Err(AttestationError::NotPublished),
    }
}

/// Why a defense event after the defense is refused: an unsatisfactory grade cannot be retaken in
/// the same period, any other result cannot be improved by defending again.
fn no_second_defense(state: &DefenseState) -> AttestationError {
    match state.grade() {
        Some(grade) if !grade.letter.is_satisfactory() => AttestationError::NoRetakeInSamePeriod,
        _ => AttestationError::NoRedefense,
    }
}

/// `not_yet` when the state is before `required_step`, else "already done".
fn order_error(state: &DefenseState, required_step: u8, not_yet: AttestationError) -> AttestationError {
    if state.step() < required_step {
        not_yet
    } else {
        AttestationError::StepAlreadyDone
    }
}
