//! Grading and the degree vote (issue #18): the technical secretary records that a defense was
//! held; each of the chair and the members gives their mark once, on the form made for that
//! student (§56–57); the secretary records the degree vote, open or secret, whose totals the
//! system counts (§59–60), and confirms the totals, which gives the defense its final grade;
//! staff publish a commission's results, opening the appeal window (§61–64), and close those
//! whose window passed without an appeal.

use super::commissions::visible_commission;
use super::ics::KAZAKHSTAN_UTC_OFFSET_MINUTES;
use super::schedules::calendar;
use super::{AppError, Services};
use crate::attestation::appeals::filing_deadline;
use crate::attestation::date::Date;
use crate::attestation::grading::GradeSheet;
use crate::attestation::vote::{count_degree_vote, DegreeVote, VotingCommission};
use crate::auth::{authorize, AccessTarget, Action, CommissionRef};
use crate::store::{Actor, Commission, CommissionId, Composition, RecordedVote, ThesisId, User, UserId};
use serde::Serialize;

/// The institution's date on `now_ms` (Kazakhstan, UTC+5).
pub fn local_date(now_ms: i64) -> Date {
    let local_ms = now_ms + KAZAKHSTAN_UTC_OFFSET_MINUTES * 60_000;
    Date::from_days_since_epoch(local_ms.div_euclid(86_400_000))
}

/// The commission the caller may do `action` on, and its defense of `thesis`.
fn on_defense(
    services: &Services,
    caller: &User,
    id: CommissionId,
    thesis: ThesisId,
    action: Action,
) -> Result<Commission, AppError> {
    let commission = visible_commission(services, caller, id)?;
    authorize(caller, action, &AccessTarget::Commission(CommissionRef::from(&commission)))?;
    let defense = services.store.defense(thesis)?;
    if defense.is_none_or(|defense| defense.commission != id) {
        return Err(AppError::NotFound);
    }
    Ok(commission)
}

fn voting_members(commission: &Commission) -> Vec<UserId> {
    commission.composition.as_ref().map(Composition::voting_members).unwrap_or_default()
}

/// The technical secretary records that the defense was held.
pub fn mark_defended(
    services: &Services,
    caller: &User,
    id: CommissionId,
    thesis: ThesisId,
) -> Result<(), AppError> {
    on_defense(services, caller, id, thesis, Action::RecordSitting)?;
    services.store.mark_defended(thesis, id, Actor::User(caller.id), services.now())?;
    Ok(())
}

/// A member gives their mark (a percentage) for a held defense, once.
pub fn grade(
    services: &Services,
    caller: &User,
    id: CommissionId,
    thesis: ThesisId,
    percent: u8,
) -> Result<(), AppError> {
    let commission = on_defense(services, caller, id, thesis, Action::GradeDefense)?;
    let graders = voting_members(&commission);
    services.store.record_mark(thesis, id, caller.id, percent, &graders, services.now())?;
    Ok(())
}

/// The technical secretary records the degree vote; the system counts it.
pub fn record_vote(
    services: &Services,
    caller: &User,
    id: CommissionId,
    thesis: ThesisId,
    vote: DegreeVote,
    present: Vec<UserId>,
) -> Result<(), AppError> {
    let commission = on_defense(services, caller, id, thesis, Action::RecordSitting)?;
    let Some(Composition::Attestation { chair, .. }) = commission.composition else {
        return Err(AppError::Store(crate::attestation::AttestationError::CommissionEmpty.into()));
    };
    let members = voting_members(&commission);
    let voting = VotingCommission { chair, members: &members, present: &present };
    let totals = count_degree_vote(&vote, &voting).map_err(|error| AppError::Store(error.into()))?;
    let recorded =
        RecordedVote { vote, present, totals, recorded_by: caller.id, recorded_at: services.now() };
    services.store.record_vote(thesis, id, &recorded, services.now())?;
    Ok(())
}

/// The technical secretary confirms the totals: the defense is graded.
pub fn confirm(
    services: &Services,
    caller: &User,
    id: CommissionId,
    thesis: ThesisId,
) -> Result<(), AppError> {
    let commission = on_defense(services, caller, id, thesis, Action::RecordSitting)?;
    let graders = voting_members(&commission);
    services.store.confirm_grading(thesis, id, &graders, caller.id, services.now())?;
    Ok(())
}

/// The theses on a commission's schedule, for staff who manage the commission.
fn managed_scheduled_theses(
    services: &Services,
    caller: &User,
    id: CommissionId,
) -> Result<Vec<ThesisId>, AppError> {
    let commission = visible_commission(services, caller, id)?;
    authorize(
        caller,
        Action::ManageCommissions,
        &AccessTarget::Commission(CommissionRef::from(&commission)),
    )?;
    let stored = services.store.schedule_of(id)?.ok_or(AppError::NotFound)?;
    Ok(stored.theses.iter().map(|&(_, thesis)| thesis).collect())
}

/// Staff publish the results of every graded defense of the commission today; the appeal
/// window is the institution's setting (2 working days after today unless an admin gave more).
pub fn publish_results(
    services: &Services,
    caller: &User,
    id: CommissionId,
) -> Result<Vec<ThesisId>, AppError> {
    let theses = managed_scheduled_theses(services, caller, id)?;
    let today = local_date(services.now());
    let window = services.store.settings()?.appeal_window_working_days;
    let deadline = filing_deadline(&calendar(), today, window).map_err(|e| AppError::Store(e.into()))?;
    Ok(services.store.publish_results(
        id,
        &theses,
        today,
        deadline,
        Actor::User(caller.id),
        services.now(),
    )?)
}

/// One member's mark as the grading view shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MarkView {
    pub member: UserId,
    pub name: String,
    pub percent: u8,
    /// `A`, `A-`, … `F`.
    pub letter: &'static str,
}

/// The grading of one defense as the commission sees it: the marks, who has still to mark,
/// the vote's totals, the final grade once every mark is in, and whether it is confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct GradingView {
    pub thesis: ThesisId,
    pub student: UserId,
    pub student_name: String,
    pub title: String,
    /// The defense's state (`scheduled`, `defended`, `graded`, …).
    pub state: &'static str,
    pub marks: Vec<MarkView>,
    pub missing: Vec<UserId>,
    /// The caller's own mark, if they gave one.
    pub your_mark: Option<u8>,
    /// `open` or `secret`, once recorded.
    pub vote_mode: Option<&'static str>,
    pub votes_for: Option<u32>,
    pub votes_against: Option<u32>,
    pub not_voting: Option<u32>,
    pub degree_awarded: Option<bool>,
    pub decided_by_chair: Option<bool>,
    /// The half-up mean once every member has marked.
    pub final_percent: Option<u8>,
    pub final_letter: Option<&'static str>,
    pub confirmed: bool,
}

/// The grading of a defense for whoever may view the commission.
pub fn grading_view(
    services: &Services,
    caller: &User,
    id: CommissionId,
    thesis: ThesisId,
) -> Result<GradingView, AppError> {
    let commission = on_defense(services, caller, id, thesis, Action::ViewCommission)?;
    let defense = services.store.defense(thesis)?.ok_or(AppError::NotFound)?;
    let grading = services.store.grading_of(thesis)?;
    let sheet = grading
        .as_ref()
        .map(|grading| grading.sheet.clone())
        .unwrap_or_else(|| GradeSheet::new(defense.student));
    let graders = voting_members(&commission);
    let name = |user: UserId| services.store.user(user).map(|user| user.name).unwrap_or_default();
    let vote = grading.as_ref().and_then(|grading| grading.vote.as_ref());
    let final_grade = sheet.final_grade(&graders).ok();
    Ok(GradingView {
        thesis,
        student: defense.student,
        student_name: name(defense.student),
        title: services.store.thesis(thesis).map(|thesis| thesis.title).unwrap_or_default(),
        state: defense.state.name(),
        marks: sheet
            .marks
            .iter()
            .map(|mark| MarkView {
                member: mark.member,
                name: name(mark.member),
                percent: mark.grade.percent,
                letter: mark.grade.letter.symbol(),
            })
            .collect(),
        missing: sheet.missing(&graders),
        your_mark: sheet.marks.iter().find(|mark| mark.member == caller.id).map(|mark| mark.grade.percent),
        vote_mode: vote.map(|vote| match vote.vote {
            DegreeVote::Open { .. } => "open",
            DegreeVote::Secret { .. } => "secret",
        }),
        votes_for: vote.map(|vote| vote.totals.votes_for),
        votes_against: vote.map(|vote| vote.totals.votes_against),
        not_voting: vote.map(|vote| vote.totals.not_voting),
        degree_awarded: vote.map(|vote| vote.totals.degree_awarded),
        decided_by_chair: vote.map(|vote| vote.totals.decided_by_chair),
        final_percent: final_grade.map(|grade| grade.percent),
        final_letter: final_grade.map(|grade| grade.letter.symbol()),
        confirmed: grading.as_ref().is_some_and(|grading| grading.confirmed.is_some()),
    })
}

/// Staff close the published results whose appeal window has passed without an appeal.
pub fn close_results(
    services: &Services,
    caller: &User,
    id: CommissionId,
) -> Result<Vec<ThesisId>, AppError> {
    let theses = managed_scheduled_theses(services, caller, id)?;
    let today = local_date(services.now());
    Ok(services.store.close_results(id, &theses, today, Actor::User(caller.id), services.now())?)
}
