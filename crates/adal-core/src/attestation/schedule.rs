//! A commission's defense schedule (§21, §22, §23, §32–33 of the Ministry's recommendations).
//!
//! The rules:
//! - A defense slot lasts at most 15 minutes ([`MAX_SLOT_MINUTES`]); a sitting lasts at most 5 hours
//!   a day ([`MAX_SITTING_MINUTES`]). A day's sitting is the window from the daily start time to
//!   the start plus the sitting length; every slot lies inside it, so a day never has more.
//! - Sittings are held on working days only ([`Calendar`]), from the plan's first day on.
//! - Students defend in the order of the admission list; one slot follows another. When the
//!   student or a commission member is busy elsewhere (another commission's slot), the slot moves
//!   to the first free minute, leaving a gap; when the day's window is used up, the next working
//!   day begins.
//! - Rescheduling ([`reschedule`]): a student absent for a valid reason (§22) defends on the
//!   commission's next sitting day: the first later day of the schedule with room left, or else
//!   a new sitting on the next working day after the last one. After a technical failure (§23) the
//!   student gets another time at the end of the same day's sitting when it has room, or else as
//!   for an absence. The new slot goes after the day's last slot.
//!
//! Plain functions on data: other commissions' slots come in as [`BusyTime`]s, dates from the
//! caller; nothing here reads a clock or a store.

use super::calendar::Calendar;
use super::date::{Date, TimeOfDay, MINUTES_PER_DAY};
use super::error::AttestationError;
use super::PersonId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The longest defense, questions included (§33).
pub const MAX_SLOT_MINUTES: u16 = 15;
/// The longest sitting in a day (§21).
pub const MAX_SITTING_MINUTES: u16 = 5 * 60;
/// How many calendar days the scheduler looks ahead for a free time before it gives up.
pub const SEARCH_HORIZON_DAYS: i64 = 366;

/// When and how long a commission sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulePlan {
    /// The first day defenses may be held (moved to the next working day when it is not one).
    pub first_day: Date,
    /// When each day's sitting starts.
    pub daily_start: TimeOfDay,
    /// The length of one defense slot: 1 to 15 minutes.
    pub slot_minutes: u16,
    /// The length of a day's sitting: at least one slot, at most 5 hours.
    pub sitting_minutes: u16,
}

impl SchedulePlan {
    /// The plan's figures within the Ministry's limits, or why not.
    pub fn validate(&self) -> Result<(), AttestationError> {
        if self.slot_minutes == 0 || self.slot_minutes > MAX_SLOT_MINUTES {
            return Err(AttestationError::SlotLengthOutOfRange { minutes: self.slot_minutes });
        }
        if self.sitting_minutes < self.slot_minutes || self.sitting_minutes > MAX_SITTING_MINUTES {
            return Err(AttestationError::SittingLengthOutOfRange { minutes: self.sitting_minutes });
        }
        if self.daily_start.minutes() + self.sitting_minutes > MINUTES_PER_DAY {
            return Err(AttestationError::SittingPastMidnight);
        }
        Ok(())
    }

    fn window_end(&self) -> u16 {
        self.daily_start.minutes() + self.sitting_minutes
    }
}

/// A time a person is already taken elsewhere (another commission's slot), `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusyTime {
    pub person: PersonId,
    pub date: Date,
    pub start: TimeOfDay,
    pub end_minutes: u16,
}

/// The times a schedule keeps people busy: each slot for everyone on its commission
/// (`commission`) and for the student who defends.
pub fn busy_times_of(schedule: &Schedule, commission: &[PersonId]) -> Vec<BusyTime> {
    let mut busy = Vec::with_capacity(schedule.slots.len() * (commission.len() + 1));
    for slot in &schedule.slots {
        for &person in commission.iter().chain(std::iter::once(&slot.student)) {
            busy.push(BusyTime {
                person,
                date: slot.date,
                start: slot.start,
                end_minutes: slot.end_minutes(),
            });
        }
    }
    busy
}

/// The first person a schedule would put in two places at once: someone of `commission`, or the
/// student of a slot, who is busy elsewhere (`busy`) at an overlapping time; `None` when nobody.
/// The store asks it again in the transaction that records a schedule, since other commissions'
/// schedules may have changed since this one was computed.
pub fn first_clash(
    schedule: &Schedule,
    commission: &[PersonId],
    busy: &[BusyTime],
) -> Option<(PersonId, Date)> {
    schedule.slots.iter().find_map(|slot| {
        busy.iter()
            .find(|busy| {
                busy.date == slot.date
                    && (busy.person == slot.student || commission.contains(&busy.person))
                    && busy.start.minutes() < slot.end_minutes()
                    && slot.start.minutes() < busy.end_minutes
            })
            .map(|busy| (busy.person, slot.date))
    })
}

/// One student's defense.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefenseSlot {
    pub student: PersonId,
    pub date: Date,
    pub start: TimeOfDay,
    pub minutes: u16,
}

impl DefenseSlot {
    /// Minutes after midnight when the slot ends.
    pub fn end_minutes(&self) -> u16 {
        self.start.minutes() + self.minutes
    }
}

/// A commission's schedule, in time order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub slots: Vec<DefenseSlot>,
}

impl Schedule {
    /// The student's slot, if scheduled.
    pub fn slot_of(&self, student: PersonId) -> Option<&DefenseSlot> {
        self.slots.iter().find(|slot| slot.student == student)
    }

    /// The days the commission sits, in order.
    pub fn sitting_days(&self) -> Vec<Date> {
        self.slots.iter().map(|slot| slot.date).collect::<BTreeSet<_>>().into_iter().collect()
    }
}

/// Everything the scheduler needs besides the students.
#[derive(Clone, Copy, Debug)]
pub struct ScheduleContext<'a> {
    pub plan: &'a SchedulePlan,
    pub calendar: &'a Calendar,
    /// The chair, members and technical secretary: all attend every defense.
    pub commission: &'a [PersonId],
    /// Other commissions' slots of any person involved.
    pub busy: &'a [BusyTime],
}

/// Why a student is rescheduled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RescheduleReason {
    /// Absent for a valid reason, with the chair's permission (§22).
    ValidAbsence,
    /// The defense failed for a technical reason (§23).
    TechnicalFailure,
}

/// The schedule of `students` (in the admission list's order) under `context`.
pub fn build_schedule(
    students: &[PersonId],
    context: &ScheduleContext<'_>,
) -> Result<Schedule, AttestationError> {
    context.plan.validate()?;
    if context.commission.is_empty() {
        return Err(AttestationError::CommissionEmpty);
    }
    let mut seen = BTreeSet::new();
    for &student in students {
        if !seen.insert(student) {
            return Err(AttestationError::StudentListedTwice { student });
        }
        if context.commission.contains(&student) {
            return Err(AttestationError::StudentOnCommission { student });
        }
    }
    let mut schedule = Schedule::default();
    let mut day = context.calendar.working_day_on_or_after(context.plan.first_day);
    let mut cursor = context.plan.daily_start.minutes();
    for &student in students {
        let slot = first_free_slot(student, day, cursor, context)?;
        day = slot.date;
        cursor = slot.end_minutes();
        schedule.slots.push(slot);
    }
    Ok(schedule)
}

/// The schedule with `student` moved for `reason` (see the module docs for where to).
pub fn reschedule(
    schedule: &Schedule,
    student: PersonId,
    reason: RescheduleReason,
    context: &ScheduleContext<'_>,
) -> Result<Schedule, AttestationError> {
    context.plan.validate()?;
    let old = *schedule.slot_of(student).ok_or(AttestationError::StudentNotScheduled { student })?;
    let mut rest = schedule.clone();
    rest.slots.retain(|slot| slot.student != student);
    let same_day = match reason {
        RescheduleReason::TechnicalFailure => slot_at_end_of_day(&rest, student, old.date, context),
        RescheduleReason::ValidAbsence => None,
    };
    let later_day = || {
        rest.sitting_days()
            .into_iter()
            .filter(|&day| day > old.date)
            .find_map(|day| slot_at_end_of_day(&rest, student, day, context))
    };
    let new_slot = match same_day.or_else(later_day) {
        Some(slot) => slot,
        None => {
            // No sitting day has room: a new sitting after the last one (or after the old date).
            let last_day = rest.sitting_days().last().copied().unwrap_or(old.date).max(old.date);
            let day = context.calendar.next_working_day(last_day);
            first_free_slot(student, day, context.plan.daily_start.minutes(), context)?
        }
    };
    rest.slots.push(new_slot);
    rest.slots.sort_by_key(|slot| (slot.date, slot.start));
    Ok(rest)
}

/// The student's slot after the last slot of `day`, if it fits in that day's window.
fn slot_at_end_of_day(
    schedule: &Schedule,
    student: PersonId,
    day: Date,
    context: &ScheduleContext<'_>,
) -> Option<DefenseSlot> {
    let last_end = schedule.slots.iter().filter(|slot| slot.date == day).map(DefenseSlot::end_minutes).max();
    let cursor = last_end.unwrap_or(context.plan.daily_start.minutes());
    free_start_within_day(student, day, cursor, context).map(|start| DefenseSlot {
        student,
        date: day,
        start,
        minutes: context.plan.slot_minutes,
    })
}

/// The first free slot for `student` at or after `cursor` on `day`, else on later working days.
fn first_free_slot(
    student: PersonId,
    mut day: Date,
    mut cursor: u16,
    context: &ScheduleContext<'_>,
) -> Result<DefenseSlot, AttestationError> {
    let horizon = day.add_days(SEARCH_HORIZON_DAYS);
    while day <= horizon {
        if let Some(start) = free_start_within_day(student, day, cursor, context) {
            return Ok(DefenseSlot { student, date: day, start, minutes: context.plan.slot_minutes });
        }
        day = context.calendar.next_working_day(day);
        cursor = context.plan.daily_start.minutes();
    }
    Err(AttestationError::NoFreeTime { student })
}

/// The earliest start at or after `cursor` on `day` where the student and the whole commission
/// are free for one slot and the slot ends within the day's window.
fn free_start_within_day(
    student: PersonId,
    day: Date,
    cursor: u16,
    context: &ScheduleContext<'_>,
) -> Option<TimeOfDay> {
    if !context.calendar.is_working_day(day) {
        return None;
    }
    let length = context.plan.slot_minutes;
    let window_end = context.plan.window_end();
    let mut start = cursor.max(context.plan.daily_start.minutes());
    while start + length <= window_end {
        let end = start + length;
        let clash = context.busy.iter().find(|busy| {
            busy.date == day
                && (busy.person == student || context.commission.contains(&busy.person))
                && busy.start.minutes() < end
                && start < busy.end_minutes
        });
        match clash {
            // Jump past the clash; each jump moves forward, so the loop ends.
            Some(busy) => start = busy.end_minutes.max(start + 1),
            None => return TimeOfDay::from_minutes(start),
        }
    }
    None
}
