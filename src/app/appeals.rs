//! Appeals (issue #18, §64–67): the student appeals against a published result within the
//! window (2 working days after publication, holidays counted out); the appeal commission
//! formed for the attestation commission meets within 2 working days and its decision reaches
//! the student within 1 working day of the meeting. Every appeal shows its deadlines; staff see
//! the overdue ones on the dashboard (`attestation::appeals::overdue`).

use super::access::{authorize_on_thesis, visible_thesis};
use super::grading::local_date;
use super::schedules::calendar;
use super::{fields, AppError, Services};
use crate::attestation::appeals::{
    delivery_deadline, meeting_deadline, overdue, AppealProgress, OverdueStep,
};
use crate::attestation::grading::Grade;
use crate::attestation::state::DefenseEvent;
use crate::auth::{authorize, AccessTarget, Action, CommissionRef};
use crate::model::Translated;
use crate::store::{Appeal, Commission, ThesisId, User};
use serde::Serialize;

const NO_APPEAL_COMMISSION: Translated = crate::messages::text("appeal_no_commission");
const REASON_REQUIRED: Translated = crate::messages::text("appeal_reason_required");

/// An appeal as the student, the appeal commission and staff see it, with its deadlines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AppealView {
    pub thesis: ThesisId,
    pub student: u64,
    pub student_name: String,
    pub title: String,
    pub commission: u64,
    pub appeal_commission: u64,
    pub reason: String,
    /// `YYYY-MM-DD` throughout.
    pub filed_on: String,
    /// The last day the appeal commission may meet (2 working days after the appeal).
    pub meeting_deadline: String,
    pub met_on: Option<String>,
    /// The last day the decision may reach the student (1 working day after the meeting).
    pub delivery_deadline: Option<String>,
    pub decided_on: Option<String>,
    /// The grade the appeal commission set, when it changed it.
    pub changed_percent: Option<u8>,
    pub changed_letter: Option<&'static str>,
    /// `meeting` or `delivery` when that step's deadline has passed undone.
    pub overdue: Option<&'static str>,
}

impl AppealView {
    pub fn of(services: &Services, appeal: &Appeal) -> AppealView {
        let calendar = calendar();
        let progress = AppealProgress {
            filed_on: appeal.filed_on,
            met_on: appeal.met_on,
            delivered_on: appeal.decided_on,
        };
        let late = overdue(&calendar, &progress, local_date(services.now())).map(|step| match step {
            OverdueStep::Meeting { .. } => "meeting",
            OverdueStep::Delivery { .. } => "delivery",
        });
        AppealView {
            thesis: appeal.thesis,
            student: appeal.student,
            student_name: services.store.user(appeal.student).map(|user| user.name).unwrap_or_default(),
            title: services.store.thesis(appeal.thesis).map(|thesis| thesis.title).unwrap_or_default(),
            commission: appeal.commission,
            appeal_commission: appeal.appeal_commission,
            reason: appeal.reason.clone(),
            filed_on: appeal.filed_on.to_string(),
            meeting_deadline: meeting_deadline(&calendar, appeal.filed_on).to_string(),
            met_on: appeal.met_on.map(|date| date.to_string()),
            delivery_deadline: appeal.met_on.map(|met_on| delivery_deadline(&calendar, met_on).to_string()),
            decided_on: appeal.decided_on.map(|date| date.to_string()),
            changed_percent: appeal.changed_grade.map(|grade| grade.percent),
            changed_letter: appeal.changed_grade.map(|grade| grade.letter.symbol()),
            overdue: late,
        }
    }
}

/// The student appeals against the published result of their defense.
pub fn file_appeal(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    reason: &str,
) -> Result<Appeal, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    authorize_on_thesis(caller, Action::FileAppeal, &thesis)?;
    let reason = fields::paragraphs("reason", reason, fields::MAX_REASON_CHARS)?;
    if reason.trim().is_empty() {
        return Err(AppError::invalid("appeal_reason_required", REASON_REQUIRED));
    }
    let defense = services.store.defense(thesis_id)?.ok_or(AppError::NotFound)?;
    let today = local_date(services.now());
    // The defense's rules speak first (published? within the window?); the store applies them
    // again in the transaction that records the appeal.
    crate::attestation::state::apply(defense.state, &DefenseEvent::AppealFiled { on: today })
        .map_err(|error| AppError::Store(error.into()))?;
    let attestation = services.store.commission(defense.commission)?;
    let appeal_commission = attestation
        .appeal_commissions
        .iter()
        .filter_map(|&id| services.store.commission(id).ok())
        .find(|commission| commission.composition.is_some())
        .ok_or(AppError::invalid("appeal_no_commission", NO_APPEAL_COMMISSION))?;
    let appeal = Appeal {
        thesis: thesis_id,
        student: thesis.student,
        commission: attestation.id,
        appeal_commission: appeal_commission.id,
        reason,
        filed_on: today,
        filed_at: services.now(),
        met_on: None,
        decided_on: None,
        changed_grade: None,
        decided_by: None,
    };
    services.store.file_appeal(&appeal, services.now())?;
    Ok(appeal)
}

/// The appeal against a thesis's result and its appeal commission, for one of its members.
fn appeal_to_hear(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
) -> Result<(Appeal, Commission), AppError> {
    let appeal = services.store.appeal_of(thesis_id)?.ok_or(AppError::NotFound)?;
    let commission = services.store.commission(appeal.appeal_commission)?;
    let target = AccessTarget::Commission(CommissionRef::from(&commission));
    authorize(caller, Action::ViewCommission, &target).map_err(|_| AppError::NotFound)?;
    authorize(caller, Action::HearAppeal, &target)?;
    Ok((appeal, commission))
}

/// A member of the appeal commission records that it met today.
pub fn record_meeting(services: &Services, caller: &User, thesis_id: ThesisId) -> Result<Appeal, AppError> {
    appeal_to_hear(services, caller, thesis_id)?;
    let today = local_date(services.now());
    Ok(services.store.record_appeal_meeting(thesis_id, today, caller.id, services.now())?)
}

/// A member of the appeal commission records its decision today: the grade kept (`None`) or
/// changed to `changed_percent`; the student reads it at once, and the defense closes.
pub fn decide(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    changed_percent: Option<u8>,
) -> Result<Appeal, AppError> {
    appeal_to_hear(services, caller, thesis_id)?;
    let changed = changed_percent
        .map(Grade::from_percent)
        .transpose()
        .map_err(|error| AppError::Store(error.into()))?;
    let today = local_date(services.now());
    Ok(services.store.decide_appeal(thesis_id, changed, today, caller.id, services.now())?)
}

/// The appeal against a thesis's result, for whoever may view the thesis or sits on its appeal
/// commission.
pub fn appeal_for(services: &Services, caller: &User, thesis_id: ThesisId) -> Result<Appeal, AppError> {
    let appeal = services.store.appeal_of(thesis_id)?.ok_or(AppError::NotFound)?;
    if visible_thesis(services, caller, thesis_id).is_err() {
        appeal_to_hear(services, caller, thesis_id)?;
    }
    Ok(appeal)
}

/// The appeals the caller sees: those of the theses they may view and those their appeal
/// commissions hear, oldest first.
pub fn appeals_for(services: &Services, caller: &User) -> Result<Vec<Appeal>, AppError> {
    let appeals = services.store.appeals()?;
    Ok(appeals.into_iter().filter(|appeal| appeal_for(services, caller, appeal.thesis).is_ok()).collect())
}
