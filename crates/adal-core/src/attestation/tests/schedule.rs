//! Tests of the defense scheduler: slot and sitting limits, working days, nobody in two places
//! at once, rescheduling.

use super::{day, kz};
use crate::attestation::calendar::Calendar;
use crate::attestation::date::TimeOfDay;
use crate::attestation::schedule::{
    build_schedule, reschedule, BusyTime, DefenseSlot, RescheduleReason, Schedule, ScheduleContext,
    SchedulePlan,
};
use crate::attestation::{AttestationError, PersonId};

const COMMISSION: [PersonId; 4] = [100, 101, 102, 103];

fn at(hour: u16, minute: u16) -> TimeOfDay {
    TimeOfDay::hm(hour, minute).unwrap()
}

/// From 09:00, 15-minute slots, 5-hour sittings.
fn plan(first_day: &str) -> SchedulePlan {
    SchedulePlan { first_day: day(first_day), daily_start: at(9, 0), slot_minutes: 15, sitting_minutes: 300 }
}

fn students(count: u64) -> Vec<PersonId> {
    (1..=count).collect()
}

fn build(count: u64, plan: &SchedulePlan, busy: &[BusyTime]) -> Result<Schedule, AttestationError> {
    let calendar = kz();
    let context = ScheduleContext { plan, calendar: &calendar, commission: &COMMISSION, busy };
    build_schedule(&students(count), &context)
}

fn moved(
    schedule: &Schedule,
    student: PersonId,
    reason: RescheduleReason,
) -> Result<Schedule, AttestationError> {
    let calendar = kz();
    let plan = plan("2026-06-08");
    let context = ScheduleContext { plan: &plan, calendar: &calendar, commission: &COMMISSION, busy: &[] };
    reschedule(schedule, student, reason, &context)
}

fn slot(schedule: &Schedule, student: PersonId) -> (String, String) {
    let slot = schedule.slot_of(student).unwrap();
    (slot.date.to_string(), slot.start.to_string())
}

fn pair(date: &str, time: &str) -> (String, String) {
    (date.to_string(), time.to_string())
}

fn overlaps(a: &DefenseSlot, b: &DefenseSlot) -> bool {
    a.date == b.date && a.start.minutes() < b.end_minutes() && b.start.minutes() < a.end_minutes()
}

#[test]
fn twenty_fifteen_minute_slots_fill_exactly_five_hours() {
    let schedule = build(21, &plan("2026-06-08"), &[]).unwrap();
    assert_eq!(slot(&schedule, 1), pair("2026-06-08", "09:00"));
    assert_eq!(slot(&schedule, 20), pair("2026-06-08", "13:45"));
    assert_eq!(schedule.slot_of(20).unwrap().end_minutes(), at(14, 0).minutes());
    assert_eq!(slot(&schedule, 21), pair("2026-06-09", "09:00"));
    assert!(schedule.slots.iter().all(|slot| slot.minutes == 15));
    assert_eq!(schedule.sitting_days(), [day("2026-06-08"), day("2026-06-09")]);
}

#[test]
fn students_keep_the_order_of_the_admission_list() {
    let schedule = build(45, &plan("2026-06-08"), &[]).unwrap();
    let order: Vec<PersonId> = schedule.slots.iter().map(|slot| slot.student).collect();
    assert_eq!(order, students(45));
    assert!(schedule
        .slots
        .windows(2)
        .all(|pair| (pair[0].date, pair[0].start) < (pair[1].date, pair[1].start)));
}

#[test]
fn shorter_slots_give_more_defenses_a_day() {
    let ten_minutes = SchedulePlan { slot_minutes: 10, ..plan("2026-06-08") };
    let schedule = build(31, &ten_minutes, &[]).unwrap();
    assert_eq!(slot(&schedule, 30), pair("2026-06-08", "13:50"));
    assert_eq!(slot(&schedule, 31), pair("2026-06-09", "09:00"));
}

#[test]
fn plans_outside_the_limits_are_refused() {
    let base = plan("2026-06-08");
    for (plan, error) in [
        (SchedulePlan { slot_minutes: 16, ..base }, AttestationError::SlotLengthOutOfRange { minutes: 16 }),
        (SchedulePlan { slot_minutes: 0, ..base }, AttestationError::SlotLengthOutOfRange { minutes: 0 }),
        (
            SchedulePlan { sitting_minutes: 301, ..base },
            AttestationError::SittingLengthOutOfRange { minutes: 301 },
        ),
        (
            SchedulePlan { sitting_minutes: 14, ..base },
            AttestationError::SittingLengthOutOfRange { minutes: 14 },
        ),
        (SchedulePlan { daily_start: at(20, 0), ..base }, AttestationError::SittingPastMidnight),
    ] {
        assert_eq!(build(3, &plan, &[]), Err(error));
    }
    assert!(build(3, &SchedulePlan { slot_minutes: 15, sitting_minutes: 300, ..base }, &[]).is_ok());
    assert!(build(1, &SchedulePlan { sitting_minutes: 15, ..base }, &[]).is_ok());
}

#[test]
fn sittings_skip_weekends_and_holidays() {
    // Friday 3 July 2026; Monday the 6th is Capital Day.
    let schedule = build(21, &plan("2026-07-03"), &[]).unwrap();
    assert_eq!(slot(&schedule, 20), pair("2026-07-03", "13:45"));
    assert_eq!(slot(&schedule, 21), pair("2026-07-07", "09:00"));
    // A first day on a Saturday starts on Monday; on a holiday, the day after.
    assert_eq!(slot(&build(1, &plan("2026-06-06"), &[]).unwrap(), 1), pair("2026-06-08", "09:00"));
    assert_eq!(slot(&build(1, &plan("2026-05-07"), &[]).unwrap(), 1), pair("2026-05-08", "09:00"));
}

#[test]
fn a_busy_member_or_student_moves_the_slot_and_leaves_a_gap() {
    let monday = day("2026-06-08");
    let busy = [
        BusyTime { person: 101, date: monday, start: at(9, 15), end_minutes: at(9, 45).minutes() },
        BusyTime { person: 3, date: monday, start: at(9, 50), end_minutes: at(10, 5).minutes() },
        // Ends exactly when student 4's slot would start: no clash.
        BusyTime { person: 4, date: monday, start: at(9, 0), end_minutes: at(10, 20).minutes() },
    ];
    let schedule = build(4, &plan("2026-06-08"), &busy).unwrap();
    assert_eq!(slot(&schedule, 1), pair("2026-06-08", "09:00"));
    assert_eq!(slot(&schedule, 2), pair("2026-06-08", "09:45"));
    assert_eq!(slot(&schedule, 3), pair("2026-06-08", "10:05"));
    assert_eq!(slot(&schedule, 4), pair("2026-06-08", "10:20"));
}

#[test]
fn two_commissions_sharing_a_member_never_overlap() {
    let first = build(12, &plan("2026-06-08"), &[]).unwrap();
    // The second commission shares member 101 and starts at 11:00 on the same day.
    let busy: Vec<BusyTime> = first
        .slots
        .iter()
        .map(|slot| BusyTime {
            person: 101,
            date: slot.date,
            start: slot.start,
            end_minutes: slot.end_minutes(),
        })
        .collect();
    let calendar = kz();
    let second_plan = SchedulePlan { daily_start: at(11, 0), ..plan("2026-06-08") };
    let second_commission = [101, 200, 201];
    let context = ScheduleContext {
        plan: &second_plan,
        calendar: &calendar,
        commission: &second_commission,
        busy: &busy,
    };
    let second = build_schedule(&[50, 51, 52], &context).unwrap();
    assert_eq!(slot(&second, 50), pair("2026-06-08", "12:00"));
    for a in &first.slots {
        for b in &second.slots {
            assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn a_member_busy_all_day_pushes_the_sitting_to_the_next_working_day() {
    let friday = day("2026-07-03");
    let busy = [BusyTime { person: 100, date: friday, start: at(8, 0), end_minutes: at(18, 0).minutes() }];
    let schedule = build(1, &plan("2026-07-03"), &busy).unwrap();
    assert_eq!(slot(&schedule, 1), pair("2026-07-07", "09:00"));
}

#[test]
fn bad_lists_and_commissions_are_refused() {
    let calendar = Calendar::kazakhstan();
    let plan = plan("2026-06-08");
    let context = ScheduleContext { plan: &plan, calendar: &calendar, commission: &COMMISSION, busy: &[] };
    assert_eq!(
        build_schedule(&[1, 2, 1], &context),
        Err(AttestationError::StudentListedTwice { student: 1 })
    );
    assert_eq!(
        build_schedule(&[1, 101], &context),
        Err(AttestationError::StudentOnCommission { student: 101 })
    );
    let nobody = ScheduleContext { commission: &[], ..context };
    assert_eq!(build_schedule(&[1], &nobody), Err(AttestationError::CommissionEmpty));
    assert_eq!(build_schedule(&[], &context), Ok(Schedule::default()));
}

#[test]
fn an_absent_student_defends_on_the_next_sitting_day_after_its_last_slot() {
    let schedule = build(25, &plan("2026-06-08"), &[]).unwrap();
    let after = moved(&schedule, 3, RescheduleReason::ValidAbsence).unwrap();
    assert_eq!(slot(&after, 3), pair("2026-06-09", "10:15"));
    assert_eq!(after.slots.len(), 25);
    assert_eq!(slot(&after, 4), slot(&schedule, 4), "the others keep their times");
}

#[test]
fn an_absent_student_on_the_last_day_gets_a_new_sitting_day() {
    let schedule = build(25, &plan("2026-06-08"), &[]).unwrap();
    let after = moved(&schedule, 22, RescheduleReason::ValidAbsence).unwrap();
    assert_eq!(slot(&after, 22), pair("2026-06-10", "09:00"));
}

#[test]
fn a_full_next_sitting_day_sends_the_absent_student_further() {
    let schedule = build(40, &plan("2026-06-08"), &[]).unwrap();
    let after = moved(&schedule, 3, RescheduleReason::ValidAbsence).unwrap();
    assert_eq!(slot(&after, 3), pair("2026-06-10", "09:00"));
}

#[test]
fn a_technical_failure_gets_another_time_the_same_day_when_it_has_room() {
    let schedule = build(10, &plan("2026-06-08"), &[]).unwrap();
    let after = moved(&schedule, 3, RescheduleReason::TechnicalFailure).unwrap();
    assert_eq!(slot(&after, 3), pair("2026-06-08", "11:30"));
    assert_eq!(after.slots.last().unwrap().student, 3);
}

#[test]
fn a_technical_failure_on_a_full_day_moves_to_the_next_sitting_day() {
    let schedule = build(25, &plan("2026-06-08"), &[]).unwrap();
    let after = moved(&schedule, 3, RescheduleReason::TechnicalFailure).unwrap();
    assert_eq!(slot(&after, 3), pair("2026-06-09", "10:15"));
}

#[test]
fn rescheduling_someone_not_on_the_schedule_is_refused() {
    let schedule = build(2, &plan("2026-06-08"), &[]).unwrap();
    assert_eq!(
        moved(&schedule, 9, RescheduleReason::ValidAbsence),
        Err(AttestationError::StudentNotScheduled { student: 9 })
    );
}

#[test]
fn no_two_slots_overlap_after_any_rescheduling() {
    let schedule = build(33, &plan("2026-06-08"), &[]).unwrap();
    for student in students(33) {
        for reason in [RescheduleReason::ValidAbsence, RescheduleReason::TechnicalFailure] {
            let after = moved(&schedule, student, reason).unwrap();
            assert_eq!(after.slots.len(), 33);
            let moved_slot = after.slot_of(student).unwrap();
            assert!(moved_slot.date >= schedule.slot_of(student).unwrap().date);
            for (index, a) in after.slots.iter().enumerate() {
                assert!(a.end_minutes() <= at(14, 0).minutes(), "{a:?} ends after the 5-hour sitting");
                for b in &after.slots[index + 1..] {
                    assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
                }
            }
        }
    }
}

#[test]
fn a_member_never_free_within_a_year_gives_no_free_time() {
    let first = day("2026-06-08");
    let busy: Vec<BusyTime> = (0..400)
        .map(|offset| BusyTime {
            person: 102,
            date: first.add_days(offset),
            start: at(0, 0),
            end_minutes: 1440,
        })
        .collect();
    assert_eq!(build(1, &plan("2026-06-08"), &busy), Err(AttestationError::NoFreeTime { student: 1 }));
}

#[test]
fn a_clash_is_found_for_a_commission_member_or_the_student_and_only_on_overlap() {
    use crate::attestation::schedule::{busy_times_of, first_clash};
    let ours = build(2, &plan("2026-06-08"), &[]).unwrap();
    // Another commission shares member 101 and sat the same morning, 09:10–09:25.
    let theirs = Schedule {
        slots: vec![DefenseSlot { student: 50, date: day("2026-06-08"), start: at(9, 10), minutes: 15 }],
    };
    let busy = busy_times_of(&theirs, &[101, 200]);
    assert_eq!(busy.len(), 3, "both of its people and its student");
    assert_eq!(first_clash(&ours, &COMMISSION, &busy), Some((101, day("2026-06-08"))));
    // Nobody shared: no clash. Our student 2 defends there too: a clash on the student.
    assert_eq!(first_clash(&ours, &COMMISSION, &busy_times_of(&theirs, &[200])), None);
    let student_elsewhere = Schedule {
        slots: vec![DefenseSlot { student: 2, date: day("2026-06-08"), start: at(9, 20), minutes: 10 }],
    };
    assert_eq!(
        first_clash(&ours, &COMMISSION, &busy_times_of(&student_elsewhere, &[])),
        Some((2, day("2026-06-08")))
    );
    // Back to back (ours ends 09:30, theirs starts 09:30) is no clash.
    let after = Schedule {
        slots: vec![DefenseSlot { student: 60, date: day("2026-06-08"), start: at(9, 30), minutes: 15 }],
    };
    assert_eq!(first_clash(&ours, &COMMISSION, &busy_times_of(&after, &[101])), None);
}
