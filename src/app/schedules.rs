//! A commission's defense schedule (issue #18): staff build it from the admission list with
//! `attestation::schedule` (≤ 15-minute slots, ≤ 5-hour sittings, working days and
//! Kazakhstan's holidays, other commissions' slots as busy times for everyone involved), move a
//! defense for a valid absence (the chair or staff) or a technical failure (the technical
//! secretary or staff, with the act), and publish it. The store records each step with its
//! audit entry and moves the defenses through `attestation::state`.

use super::commissions::visible_commission;
use super::{fields, AppError, Services};
use crate::attestation::calendar::Calendar;
use crate::attestation::date::{Date, TimeOfDay};
use crate::attestation::schedule::{self, BusyTime, RescheduleReason, ScheduleContext, SchedulePlan};
use crate::auth::{authorize, AccessTarget, Action, CommissionRef};
use crate::model::Translated;
use crate::store::{
    Actor, Commission, CommissionId, CommissionSchedule, TechnicalFailureAct, ThesisId, ThesisScope, User,
    UserId,
};
use crate::workflow::ThesisState;

const PLAN_MALFORMED: Translated = crate::messages::text("schedule_plan_malformed");
const MEETING_LINK_INVALID: Translated = crate::messages::text("meeting_link_invalid");
const NO_STUDENTS: Translated = crate::messages::text("schedule_no_students");
const ACT_DESCRIPTION_REQUIRED: Translated = crate::messages::text("schedule_act_description_required");

/// The plan of a schedule as people write it.
#[derive(Clone, Debug)]
pub struct PlanInput {
    /// `YYYY-MM-DD`.
    pub first_day: String,
    /// `HH:MM`.
    pub daily_start: String,
    pub slot_minutes: u16,
    pub sitting_minutes: u16,
    /// The online sitting's link (§29), `http(s)://…`; empty for none.
    pub meeting_link: Option<String>,
}

/// The most characters of a meeting link.
pub const MAX_MEETING_LINK_CHARS: usize = 500;

/// A meeting link as typed: `None` when empty, refused unless it is one `http://` or `https://`
/// address without spaces (a page may show it as a link).
fn meeting_link(typed: Option<&str>) -> Result<Option<String>, AppError> {
    let link = typed.map(str::trim).filter(|link| !link.is_empty());
    let Some(link) = link else { return Ok(None) };
    let has_scheme = link.starts_with("https://") || link.starts_with("http://");
    let is_one_address =
        !link.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if has_scheme && is_one_address && link.chars().count() <= MAX_MEETING_LINK_CHARS {
        Ok(Some(link.to_string()))
    } else {
        Err(AppError::invalid("meeting_link_invalid", MEETING_LINK_INVALID))
    }
}

impl PlanInput {
    fn parse(&self) -> Result<SchedulePlan, AppError> {
        let malformed = || AppError::invalid("schedule_plan_malformed", PLAN_MALFORMED);
        let first_day = Date::parse(self.first_day.trim()).ok_or_else(malformed)?;
        let (hour, minute) = self.daily_start.trim().split_once(':').ok_or_else(malformed)?;
        let daily_start = match (hour.parse(), minute.parse()) {
            (Ok(hour), Ok(minute)) => TimeOfDay::hm(hour, minute).ok_or_else(malformed)?,
            _ => return Err(malformed()),
        };
        Ok(SchedulePlan {
            first_day,
            daily_start,
            slot_minutes: self.slot_minutes,
            sitting_minutes: self.sitting_minutes,
        })
    }
}

/// The calendar of working days: Kazakhstan's, from the file shipped with Adal.
pub fn calendar() -> Calendar {
    Calendar::kazakhstan()
}

/// The commission the caller may do `action` on (not found when they may not even view it).
pub(super) fn commission_for(
    services: &Services,
    caller: &User,
    id: CommissionId,
    action: Action,
) -> Result<Commission, AppError> {
    let commission = visible_commission(services, caller, id)?;
    authorize(caller, action, &AccessTarget::Commission(CommissionRef::from(&commission)))?;
    Ok(commission)
}

/// The admitted theses of the commission's faculty, programmes and year that are on no
/// schedule yet, as (student, thesis), in the admission list's order.
fn students_to_schedule(
    services: &Services,
    commission: &Commission,
) -> Result<Vec<(UserId, ThesisId)>, AppError> {
    let theses = services.store.admission_list(&ThesisScope::Faculty(commission.faculty.clone()))?;
    let mut students = Vec::new();
    for thesis in theses {
        let in_year = thesis.planned_defense.is_none_or(|date| date.year == commission.year);
        let is_admitted = matches!(thesis.state, ThesisState::Admitted { .. });
        let of_commission = is_admitted && in_year && commission.programmes.contains(&thesis.programme);
        if of_commission && services.store.defense(thesis.id)?.is_none() {
            students.push((thesis.student, thesis.id));
        }
    }
    Ok(students)
}

/// How many admitted theses of the commission wait for a schedule, for staff who manage it.
pub fn students_waiting(services: &Services, caller: &User, id: CommissionId) -> Result<usize, AppError> {
    let commission = commission_for(services, caller, id, Action::ManageCommissions)?;
    Ok(students_to_schedule(services, &commission)?.len())
}

/// Every other commission's slots, as busy times of everyone who sits on it and of the
/// student who defends. (Read outside the transaction that records the result: the store checks
/// again, `Store::put_new_schedule` and `Store::reschedule_defense`.)
fn busy_times(services: &Services, except: CommissionId) -> Result<Vec<BusyTime>, AppError> {
    let mut busy = Vec::new();
    for other in services.store.schedules()? {
        if other.commission != except {
            let people = services.store.commission(other.commission)?.people();
            busy.extend(schedule::busy_times_of(&other.schedule, &people));
        }
    }
    Ok(busy)
}

/// Staff build a commission's schedule from the admission list (once per commission).
pub fn build_schedule(
    services: &Services,
    caller: &User,
    id: CommissionId,
    plan: PlanInput,
) -> Result<CommissionSchedule, AppError> {
    let commission = commission_for(services, caller, id, Action::ManageCommissions)?;
    if services.store.schedule_of(id)?.is_some() {
        return Err(AppError::Store(crate::attestation::AttestationError::AlreadyScheduled.into()));
    }
    let link = meeting_link(plan.meeting_link.as_deref())?;
    let plan = plan.parse()?;
    let students = students_to_schedule(services, &commission)?;
    if students.is_empty() {
        return Err(AppError::invalid("schedule_no_students", NO_STUDENTS));
    }
    let calendar = calendar();
    let people = commission.people();
    let busy = busy_times(services, id)?;
    let context = ScheduleContext { plan: &plan, calendar: &calendar, commission: &people, busy: &busy };
    let ids: Vec<UserId> = students.iter().map(|&(student, _)| student).collect();
    let built = schedule::build_schedule(&ids, &context).map_err(|error| AppError::Store(error.into()))?;
    let now = services.now();
    let record = CommissionSchedule {
        commission: id,
        plan,
        schedule: built,
        theses: students,
        published_at: None,
        acts: Vec::new(),
        meeting_link: link,
        created_at: now,
        updated_at: now,
    };
    services.store.put_new_schedule(&record, Actor::User(caller.id), now)?;
    Ok(record)
}

/// Why a defense moves, with the technical-failure act's description when it failed.
#[derive(Clone, Debug)]
pub enum RescheduleInput {
    ValidAbsence,
    /// `continued`: the commission decided to go on with the interrupted defense (§31); the act
    /// is drawn up and the defense keeps its time.
    TechnicalFailure {
        description: String,
        continued: bool,
    },
}

/// Moves a student's defense: for a valid absence to the commission's next sitting day with
/// room (the chair or staff, on the student's waiting request), after a technical failure to the
/// end of the same day's sitting when it has room (the technical secretary or staff, who draws
/// up the act) — or only draws up the act when the defense continued.
pub fn reschedule(
    services: &Services,
    caller: &User,
    id: CommissionId,
    student: UserId,
    input: RescheduleInput,
) -> Result<CommissionSchedule, AppError> {
    let action = match input {
        RescheduleInput::ValidAbsence => Action::RescheduleForAbsence,
        RescheduleInput::TechnicalFailure { .. } => Action::RecordTechnicalFailure,
    };
    let commission = commission_for(services, caller, id, action)?;
    let stored = services.store.schedule_of(id)?.ok_or(AppError::NotFound)?;
    let actor = Actor::User(caller.id);
    let (reason, act) = match input {
        RescheduleInput::ValidAbsence => (RescheduleReason::ValidAbsence, None),
        RescheduleInput::TechnicalFailure { description, continued } => {
            let act = failure_act(services, caller, &stored, student, &description)?;
            if continued {
                return Ok(services.store.record_continued_failure(id, &act, actor, services.now())?);
            }
            (RescheduleReason::TechnicalFailure, Some(act))
        }
    };
    let (calendar, people, busy) = (calendar(), commission.people(), busy_times(services, id)?);
    let context =
        ScheduleContext { plan: &stored.plan, calendar: &calendar, commission: &people, busy: &busy };
    let moved = schedule::reschedule(&stored.schedule, student, reason, &context)
        .map_err(|error| AppError::Store(error.into()))?;
    Ok(services.store.reschedule_defense(id, student, reason, &moved, act.as_ref(), actor, services.now())?)
}

/// The technical-failure act the caller draws up for a student's defense on the schedule,
/// dated the day of that defense.
fn failure_act(
    services: &Services,
    caller: &User,
    stored: &CommissionSchedule,
    student: UserId,
    description: &str,
) -> Result<TechnicalFailureAct, AppError> {
    let description = fields::paragraphs("description", description, fields::MAX_REASON_CHARS)?;
    if description.trim().is_empty() {
        return Err(AppError::invalid("act_description_required", ACT_DESCRIPTION_REQUIRED));
    }
    let failed = stored.schedule.slot_of(student).map(|slot| slot.date);
    let (Some(date), Some(thesis)) = (failed, stored.thesis_of(student)) else {
        let error = crate::attestation::AttestationError::StudentNotScheduled { student };
        return Err(AppError::Store(error.into()));
    };
    Ok(TechnicalFailureAct {
        number: 0,
        date,
        student,
        thesis,
        description,
        drawn_up_by: caller.id,
        drawn_up_at: services.now(),
    })
}

/// Staff publish the schedule to its students and members.
pub fn publish(services: &Services, caller: &User, id: CommissionId) -> Result<CommissionSchedule, AppError> {
    commission_for(services, caller, id, Action::ManageCommissions)?;
    Ok(services.store.publish_schedule(id, Actor::User(caller.id), services.now())?)
}

/// The schedule of a commission the caller may view.
pub fn schedule_for(
    services: &Services,
    caller: &User,
    id: CommissionId,
) -> Result<(Commission, CommissionSchedule), AppError> {
    let commission = visible_commission(services, caller, id)?;
    let stored = services.store.schedule_of(id)?.ok_or(AppError::NotFound)?;
    Ok((commission, stored))
}

/// The schedule of a commission the caller may view as an iCalendar file, the events' titles
/// in `lang`.
pub fn schedule_ics(
    services: &Services,
    caller: &User,
    id: CommissionId,
    lang: crate::model::UiLang,
) -> Result<String, AppError> {
    let (commission, stored) = schedule_for(services, caller, id)?;
    let names: Vec<(String, String)> = stored
        .schedule
        .slots
        .iter()
        .map(|slot| {
            let student = services.store.user(slot.student).map(|user| user.name).unwrap_or_default();
            let thesis = stored.thesis_of(slot.student).and_then(|thesis| services.store.thesis(thesis).ok());
            (student, thesis.map(|thesis| thesis.title).unwrap_or_default())
        })
        .collect();
    let defenses: Vec<super::ics::CalendarDefense<'_>> = stored
        .schedule
        .slots
        .iter()
        .zip(&names)
        .map(|(slot, (student_name, title))| super::ics::CalendarDefense {
            slot,
            commission: id,
            thesis: stored.thesis_of(slot.student).unwrap_or_default(),
            student_name,
            title,
        })
        .collect();
    let link = stored.meeting_link.as_deref();
    Ok(super::ics::defenses_calendar(&commission.name, &defenses, link, stored.updated_at, lang))
}

pub use super::schedule_views::{defense_of_thesis, ActView, DefenseView, ScheduleView, SlotView};
