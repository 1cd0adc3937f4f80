//! Why an attestation rule refuses, with hand-written messages in Kazakh, Russian and English
//! (the catalogue keys `attestation_error_*` in [`crate::messages`]).

use super::date::Date;
use super::PersonId;
use crate::model::{Translated, UiLang};

/// A refusal by one of the attestation rules: schedule, grading, vote, appeals or the state machine.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AttestationError {
    // The calendar.
    #[error("line {line} of the holiday file is malformed")]
    MalformedHolidayLine { line: usize },
    // The schedule.
    #[error("a defense slot of {minutes} minutes is outside 1–15 minutes")]
    SlotLengthOutOfRange { minutes: u16 },
    #[error("a sitting of {minutes} minutes is shorter than a slot or longer than 5 hours")]
    SittingLengthOutOfRange { minutes: u16 },
    #[error("the sitting would end after midnight")]
    SittingPastMidnight,
    #[error("the commission has no members")]
    CommissionEmpty,
    #[error("student {student} is listed twice")]
    StudentListedTwice { student: PersonId },
    #[error("student {student} sits on the same commission")]
    StudentOnCommission { student: PersonId },
    #[error("no free time for student {student} within a year")]
    NoFreeTime { student: PersonId },
    #[error("student {student} is not on the schedule")]
    StudentNotScheduled { student: PersonId },
    #[error("person {person} would be at two defenses at once on {date}")]
    PersonInTwoPlaces { person: PersonId, date: Date },
    #[error("the student has not asked to defend on another day")]
    NoAbsenceRequest,
    #[error("an absence request is already waiting for the chair")]
    AbsenceRequestPending,
    // Grading.
    #[error("a mark of {percent}% is outside 0–100")]
    PercentOutOfRange { percent: u8 },
    #[error("person {member} does not grade this student")]
    NotAGrader { member: PersonId },
    #[error("member {member} has already graded this student")]
    AlreadyGraded { member: PersonId },
    #[error("{missing} member(s) have not graded the student yet")]
    MarksMissing { missing: usize },
    // The degree vote.
    #[error("person {person} is not a voting member of the commission")]
    NotAVotingMember { person: PersonId },
    #[error("an open vote needs every member present")]
    OpenVoteNeedsAllMembers,
    #[error("member {person} voted twice")]
    VotedTwice { person: PersonId },
    #[error("more ballots than members present")]
    MoreBallotsThanMembersPresent,
    #[error("no vote was cast")]
    NoVotesCast,
    #[error("the vote is tied and the chair has not decided")]
    TieNeedsChair,
    // Appeals.
    #[error("an appeal window of {working_days} working days is shorter than 2")]
    FilingWindowTooShort { working_days: u32 },
    #[error("an appeal cannot precede the publication of the results")]
    AppealBeforePublication,
    #[error("the appeal window closed on {deadline}")]
    AppealWindowClosed { deadline: Date },
    #[error("person {person} is listed twice on the appeal commission")]
    AppealMemberListedTwice { person: PersonId },
    #[error("an appeal commission of {members} members is not odd")]
    AppealCommissionNotOdd { members: usize },
    #[error("person {person} sits on the attestation commission")]
    AppealMemberOnAttestationCommission { person: PersonId },
    #[error("person {person} is an administrator")]
    AppealMemberIsAdministrator { person: PersonId },
    // The defense state machine.
    #[error("the defense is not scheduled")]
    NotScheduled,
    #[error("the defense is already scheduled")]
    AlreadyScheduled,
    #[error("the student has not defended yet")]
    NotDefended,
    #[error("the final grade is not given yet")]
    NotGraded,
    #[error("the result is not published yet")]
    NotPublished,
    #[error("no appeal was filed")]
    NotAppealed,
    #[error("this step is already done")]
    StepAlreadyDone,
    #[error("the defense is closed")]
    AlreadyClosed,
    #[error("no re-defense to raise a grade")]
    NoRedefense,
    #[error("an unsatisfactory grade cannot be retaken in the same attestation period")]
    NoRetakeInSamePeriod,
    #[error("the degree needs a satisfactory grade")]
    DegreeNeedsSatisfactoryGrade,
    #[error("the appeal window is open until {deadline}")]
    AppealWindowStillOpen { deadline: Date },
    #[error("an appeal is pending")]
    AppealPending,
}

impl AttestationError {
    /// The message to show a user, without figures.
    pub fn translated(&self) -> Translated {
        use crate::messages::text;
        use AttestationError as E;
        match self {
            E::MalformedHolidayLine { .. } => const { text("attestation_error_malformed_holiday_line") },
            E::SlotLengthOutOfRange { .. } => const { text("attestation_error_slot_length") },
            E::SittingLengthOutOfRange { .. } => const { text("attestation_error_sitting_length") },
            E::SittingPastMidnight => const { text("attestation_error_sitting_past_midnight") },
            E::CommissionEmpty => const { text("attestation_error_commission_empty") },
            E::StudentListedTwice { .. } => const { text("attestation_error_student_listed_twice") },
            E::StudentOnCommission { .. } => const { text("attestation_error_student_on_commission") },
            E::NoFreeTime { .. } => const { text("attestation_error_no_free_time") },
            E::StudentNotScheduled { .. } => const { text("attestation_error_student_not_scheduled") },
            E::PersonInTwoPlaces { .. } => const { text("attestation_error_person_in_two_places") },
            E::NoAbsenceRequest => const { text("attestation_error_no_absence_request") },
            E::AbsenceRequestPending => const { text("attestation_error_absence_request_pending") },
            E::PercentOutOfRange { .. } => const { text("attestation_error_percent_out_of_range") },
            E::NotAGrader { .. } => const { text("attestation_error_not_a_grader") },
            E::AlreadyGraded { .. } => const { text("attestation_error_already_graded") },
            E::MarksMissing { .. } => const { text("attestation_error_marks_missing") },
            E::NotAVotingMember { .. } => const { text("attestation_error_not_a_voting_member") },
            E::OpenVoteNeedsAllMembers => const { text("attestation_error_open_vote_needs_all") },
            E::VotedTwice { .. } => const { text("attestation_error_voted_twice") },
            E::MoreBallotsThanMembersPresent => const { text("attestation_error_too_many_ballots") },
            E::NoVotesCast => const { text("attestation_error_no_votes") },
            E::TieNeedsChair => const { text("attestation_error_tie_needs_chair") },
            E::FilingWindowTooShort { .. } => const { text("attestation_error_filing_window_too_short") },
            E::AppealBeforePublication => const { text("attestation_error_appeal_before_publication") },
            E::AppealWindowClosed { .. } => const { text("attestation_error_appeal_window_closed") },
            E::AppealMemberListedTwice { .. } => const { text("attestation_error_appeal_member_twice") },
            E::AppealCommissionNotOdd { .. } => const { text("attestation_error_appeal_commission_not_odd") },
            E::AppealMemberOnAttestationCommission { .. } => {
                const { text("attestation_error_appeal_member_on_commission") }
            }
            E::AppealMemberIsAdministrator { .. } => {
                const { text("attestation_error_appeal_member_administrator") }
            }
            E::NotScheduled => const { text("attestation_error_not_scheduled") },
            E::AlreadyScheduled => const { text("attestation_error_already_scheduled") },
            E::NotDefended => const { text("attestation_error_not_defended") },
            E::NotGraded => const { text("attestation_error_not_graded") },
            E::NotPublished => const { text("attestation_error_not_published") },
            E::NotAppealed => const { text("attestation_error_not_appealed") },
            E::StepAlreadyDone => const { text("attestation_error_step_already_done") },
            E::AlreadyClosed => const { text("attestation_error_already_closed") },
            E::NoRedefense => const { text("attestation_error_no_redefense") },
            E::NoRetakeInSamePeriod => const { text("attestation_error_no_retake_in_same_period") },
            E::DegreeNeedsSatisfactoryGrade => const { text("attestation_error_degree_needs_satisfactory") },
            E::AppealWindowStillOpen { .. } => const { text("attestation_error_appeal_window_open") },
            E::AppealPending => const { text("attestation_error_appeal_pending") },
        }
    }

    /// The message in one language, with the figure or date where it helps the reader.
    pub fn localized(&self, lang: UiLang) -> String {
        let text = self.translated().get(lang);
        match self {
            AttestationError::MalformedHolidayLine { line } => format!("{text} (№{line})"),
            AttestationError::SlotLengthOutOfRange { minutes }
            | AttestationError::SittingLengthOutOfRange { minutes } => format!("{text} ({minutes})"),
            AttestationError::PercentOutOfRange { percent } => format!("{text} ({percent})"),
            AttestationError::MarksMissing { missing } => format!("{text} {missing}"),
            AttestationError::AppealCommissionNotOdd { members } => format!("{text} ({members})"),
            AttestationError::PersonInTwoPlaces { date, .. } => format!("{text} ({date})"),
            AttestationError::AppealWindowClosed { deadline }
            | AttestationError::AppealWindowStillOpen { deadline } => format!("{text} ({deadline})"),
            _ => text.to_string(),
        }
    }
}
