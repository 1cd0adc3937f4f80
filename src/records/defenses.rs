//! A commission's defense schedule and each student's defense (issue #18), as plain serde
//! records around the attestation module's types: the plan and the slots
//! (`attestation::schedule`), the defense's state (`attestation::state`), and the
//! technical-failure acts the technical secretary draws up (§23), and a student's request to
//! defend on another day for a valid reason (§22).

use super::{CommissionId, ThesisId, UserId};
use crate::attestation::date::Date;
use crate::attestation::schedule::{Schedule, SchedulePlan};
use crate::attestation::state::DefenseState;
use serde::{Deserialize, Serialize};

/// The act the technical secretary draws up the day a defense fails for a technical reason
/// (§23); every member receives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnicalFailureAct {
    /// 1, 2, 3, … per commission.
    pub number: u32,
    /// The day of the failed defense (the act's date).
    pub date: Date,
    pub student: UserId,
    pub thesis: ThesisId,
    /// What happened, in the secretary's words.
    pub description: String,
    pub drawn_up_by: UserId,
    pub drawn_up_at: i64,
}

/// The schedule of one attestation commission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionSchedule {
    pub commission: CommissionId,
    pub plan: SchedulePlan,
    /// The slots, in time order; a slot's `student` is the student's user id.
    pub schedule: Schedule,
    /// The thesis each scheduled student defends.
    pub theses: Vec<(UserId, ThesisId)>,
    /// When staff published it to the students and the members; `None` while it is a draft.
    pub published_at: Option<i64>,
    pub acts: Vec<TechnicalFailureAct>,
    /// The link of the online sitting (§29: defenses are held online), when there is one.
    #[serde(default)]
    pub meeting_link: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl CommissionSchedule {
    /// The thesis `student` defends before this commission.
    pub fn thesis_of(&self, student: UserId) -> Option<ThesisId> {
        self.theses.iter().find(|&&(holder, _)| holder == student).map(|&(_, thesis)| thesis)
    }
}

/// One student's defense of one thesis before one commission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Defense {
    pub thesis: ThesisId,
    pub student: UserId,
    pub commission: CommissionId,
    /// Changed only by the store, through `attestation::state::apply`.
    pub state: DefenseState,
    pub updated_at: i64,
}

/// The degree vote as the technical secretary recorded it, with the totals the system counted
/// (`attestation::vote::count_degree_vote`). A secret ballot keeps only its totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedVote {
    pub vote: crate::attestation::vote::DegreeVote,
    /// The voting members present.
    pub present: Vec<UserId>,
    pub totals: crate::attestation::vote::VoteTotals,
    pub recorded_by: UserId,
    pub recorded_at: i64,
}

/// The grading of one defense: the members' marks (one each, §57), the degree vote, and the
/// technical secretary's confirmation, which gives the defense its final grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grading {
    pub thesis: ThesisId,
    pub commission: CommissionId,
    pub sheet: crate::attestation::grading::GradeSheet,
    pub vote: Option<RecordedVote>,
    /// Who confirmed the totals, and when.
    pub confirmed: Option<(UserId, i64)>,
}

/// A student's appeal against a published result (§64–67), heard by the appeal commission
/// formed for the attestation commission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    pub thesis: ThesisId,
    pub student: UserId,
    /// The attestation commission whose result is appealed.
    pub commission: CommissionId,
    pub appeal_commission: CommissionId,
    pub reason: String,
    pub filed_on: Date,
    pub filed_at: i64,
    /// The day the appeal commission met on it.
    pub met_on: Option<Date>,
    /// The day its decision reached the student (recorded with the decision, which the student
    /// reads at once).
    pub decided_on: Option<Date>,
    /// The grade the appeal commission set; `None` keeps the grade (or no decision yet).
    pub changed_grade: Option<crate::attestation::grading::Grade>,
    pub decided_by: Option<UserId>,
}

/// A student's request to defend on another day for a valid reason (§22): written to the chair
/// with a supporting document (a medical certificate, a summons). The chair grants it by moving
/// the defense to the commission's next sitting day with room, or refuses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenceRequest {
    pub thesis: ThesisId,
    pub student: UserId,
    pub commission: CommissionId,
    /// The student's explanation.
    pub reason: String,
    /// The supporting document in the `FileStore`.
    pub file_hash: String,
    pub file_name: String,
    pub byte_len: u64,
    pub filed_at: i64,
    /// `None` while the chair has not answered.
    pub answer: Option<AbsenceAnswer>,
}

/// The chair's answer to an absence request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenceAnswer {
    /// Granted: the defense was moved in the same transaction.
    pub granted: bool,
    pub by: UserId,
    pub at: i64,
}
