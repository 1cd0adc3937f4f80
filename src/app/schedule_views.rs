//! What the API and the pages show of a commission's schedule (`ScheduleView`, with its
//! defenses and technical-failure acts) and of one thesis's defense (`DefenseView`: the time
//! once the schedule is published, the result once it is published), built from the store's
//! records for a caller.

use super::schedules::calendar;
use super::{AppError, Services};
use crate::attestation::date::TimeOfDay;
use crate::attestation::state::DefenseState;
use crate::auth::{authorize, AccessTarget, Action, CommissionRef};
use crate::store::{CommissionId, CommissionSchedule, ThesisId, User, UserId};
use serde::Serialize;

/// One defense of a schedule as the API and the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SlotView {
    pub student: UserId,
    pub student_name: String,
    pub thesis: ThesisId,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub start: String,
    pub end: String,
    pub minutes: u16,
    /// The defense's state (`scheduled`, `defended`, …).
    pub state: &'static str,
}

/// A technical-failure act as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ActView {
    pub number: u32,
    pub date: String,
    pub student: UserId,
    pub thesis: ThesisId,
    pub description: String,
    pub drawn_up_by: UserId,
    pub drawn_up_at: i64,
}

/// A commission's schedule as the API and the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ScheduleView {
    pub commission: CommissionId,
    pub first_day: String,
    pub daily_start: String,
    pub slot_minutes: u16,
    pub sitting_minutes: u16,
    /// `None` while it is a draft.
    pub published_at: Option<i64>,
    /// False when the holiday file has no holidays for a year the schedule reaches: the
    /// working days of that year are weekdays only until the institution adds them.
    pub holidays_known: bool,
    pub slots: Vec<SlotView>,
    pub acts: Vec<ActView>,
    /// The online sitting's link (§29), when there is one.
    pub meeting_link: Option<String>,
}

impl ScheduleView {
    pub fn of(services: &Services, stored: &CommissionSchedule) -> ScheduleView {
        let covered = calendar().years_covered();
        let slots: Vec<SlotView> = stored
            .schedule
            .slots
            .iter()
            .map(|slot| {
                let thesis_id = stored.thesis_of(slot.student).unwrap_or_default();
                let thesis = services.store.thesis(thesis_id).ok();
                let defense = services.store.defense(thesis_id).ok().flatten();
                let end = TimeOfDay::from_minutes(slot.end_minutes()).map(|end| end.to_string());
                SlotView {
                    student: slot.student,
                    student_name: services.store.user(slot.student).map(|user| user.name).unwrap_or_default(),
                    thesis: thesis_id,
                    title: thesis.map(|thesis| thesis.title).unwrap_or_default(),
                    date: slot.date.to_string(),
                    start: slot.start.to_string(),
                    end: end.unwrap_or_else(|| "24:00".to_string()),
                    minutes: slot.minutes,
                    state: defense.map(|defense| defense.state.name()).unwrap_or("admitted"),
                }
            })
            .collect();
        let acts = stored
            .acts
            .iter()
            .map(|act| ActView {
                number: act.number,
                date: act.date.to_string(),
                student: act.student,
                thesis: act.thesis,
                description: act.description.clone(),
                drawn_up_by: act.drawn_up_by,
                drawn_up_at: act.drawn_up_at,
            })
            .collect();
        ScheduleView {
            commission: stored.commission,
            first_day: stored.plan.first_day.to_string(),
            daily_start: stored.plan.daily_start.to_string(),
            slot_minutes: stored.plan.slot_minutes,
            sitting_minutes: stored.plan.sitting_minutes,
            published_at: stored.published_at,
            holidays_known: stored.schedule.slots.iter().all(|slot| covered.contains(&slot.date.year())),
            slots,
            acts,
            meeting_link: stored.meeting_link.clone(),
        }
    }
}

/// A student's defense as the thesis's readers see it: the time once the schedule is
/// published (before that only to those who may view the commission) and the state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DefenseView {
    pub thesis: ThesisId,
    pub commission: CommissionId,
    pub commission_name: String,
    /// The defense's state (`scheduled`, `defended`, …).
    pub state: &'static str,
    pub published: bool,
    /// `YYYY-MM-DD`, `HH:MM`, `HH:MM`; `None` until the schedule is published.
    pub date: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// The result, once published: the final grade, its letter, whether the degree is awarded.
    pub grade_percent: Option<u8>,
    pub grade_letter: Option<&'static str>,
    pub degree_awarded: Option<bool>,
    /// The last day to appeal (while the result is published and not appealed).
    pub appeal_deadline: Option<String>,
    /// The online sitting's link, with the time.
    pub meeting_link: Option<String>,
}

/// The defense of a thesis the caller may view (not found before it is scheduled).
pub fn defense_of_thesis(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
) -> Result<DefenseView, AppError> {
    super::access::visible_thesis(services, caller, thesis_id)?;
    let defense = services.store.defense(thesis_id)?.ok_or(AppError::NotFound)?;
    let commission = services.store.commission(defense.commission)?;
    let stored = services.store.schedule_of(defense.commission)?.ok_or(AppError::NotFound)?;
    let target = AccessTarget::Commission(CommissionRef::from(&commission));
    let sees_drafts = authorize(caller, Action::ViewCommission, &target).is_ok();
    let published = stored.published_at.is_some();
    let slot = stored.schedule.slot_of(defense.student).filter(|_| published || sees_drafts);
    let result = published_result(defense.state);
    let appeal_deadline = match defense.state {
        DefenseState::Published { appeal_deadline, .. } => Some(appeal_deadline.to_string()),
        _ => None,
    };
    Ok(DefenseView {
        thesis: thesis_id,
        commission: commission.id,
        commission_name: commission.name,
        state: defense.state.name(),
        published,
        date: slot.map(|slot| slot.date.to_string()),
        start: slot.map(|slot| slot.start.to_string()),
        end: slot.and_then(|slot| TimeOfDay::from_minutes(slot.end_minutes())).map(|end| end.to_string()),
        grade_percent: result.map(|(grade, _)| grade.percent),
        grade_letter: result.map(|(grade, _)| grade.letter.symbol()),
        degree_awarded: result.map(|(_, degree)| degree),
        appeal_deadline,
        meeting_link: stored.meeting_link.clone().filter(|_| slot.is_some()),
    })
}

/// The grade and the degree of a defense whose result is published (only then do students
/// see them).
fn published_result(state: DefenseState) -> Option<(crate::attestation::grading::Grade, bool)> {
    match state {
        DefenseState::Published { grade, degree_awarded, .. }
        | DefenseState::Appealed { grade, degree_awarded, .. }
        | DefenseState::Closed { grade, degree_awarded, .. } => Some((grade, degree_awarded)),
        _ => None,
    }
}
