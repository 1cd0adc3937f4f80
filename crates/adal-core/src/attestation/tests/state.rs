//! Tests of the defense state machine: the whole flow, refusals, no second defense.

use super::day;
use crate::attestation::grading::Grade;
use crate::attestation::schedule::RescheduleReason;
use crate::attestation::state::{apply, DefenseEvent, DefenseState};
use crate::attestation::AttestationError;
use crate::model::UiLang;

fn grade(percent: u8) -> Grade {
    Grade::from_percent(percent).unwrap()
}

fn run(events: &[DefenseEvent]) -> Result<DefenseState, AttestationError> {
    events.iter().try_fold(DefenseState::Admitted, apply)
}

fn published(percent: u8, degree_awarded: bool) -> Vec<DefenseEvent> {
    vec![
        DefenseEvent::Scheduled,
        DefenseEvent::Defended,
        DefenseEvent::Graded { grade: grade(percent), degree_awarded },
        DefenseEvent::Published { on: day("2026-06-11"), appeal_deadline: day("2026-06-15") },
    ]
}

fn then(mut events: Vec<DefenseEvent>, more: &[DefenseEvent]) -> Vec<DefenseEvent> {
    events.extend_from_slice(more);
    events
}

#[test]
fn the_whole_flow_without_an_appeal() {
    let events = [
        DefenseEvent::Scheduled,
        DefenseEvent::Rescheduled { reason: RescheduleReason::ValidAbsence },
        DefenseEvent::Rescheduled { reason: RescheduleReason::TechnicalFailure },
        DefenseEvent::Defended,
    ];
    assert_eq!(run(&events[..3]), Ok(DefenseState::Scheduled { reschedules: 2 }));
    assert_eq!(run(&events), Ok(DefenseState::Defended));
    let closed = then(published(82, true), &[DefenseEvent::Closed { on: day("2026-06-16") }]);
    assert_eq!(
        run(&closed),
        Ok(DefenseState::Closed { grade: grade(82), degree_awarded: true, appealed: false })
    );
}

#[test]
fn the_defense_closes_only_after_the_appeal_window() {
    let early = then(published(82, true), &[DefenseEvent::Closed { on: day("2026-06-15") }]);
    assert_eq!(run(&early), Err(AttestationError::AppealWindowStillOpen { deadline: day("2026-06-15") }));
}

#[test]
fn an_appeal_within_the_window_is_decided_and_closes_the_defense() {
    let appealed = then(published(82, true), &[DefenseEvent::AppealFiled { on: day("2026-06-15") }]);
    let state = run(&appealed).unwrap();
    assert_eq!(state.name(), "appealed");
    assert_eq!(
        apply(state, &DefenseEvent::Closed { on: day("2026-06-20") }),
        Err(AttestationError::AppealPending)
    );
    let changed = apply(state, &DefenseEvent::AppealDecided { changed_grade: Some(grade(86)) });
    assert_eq!(changed, Ok(DefenseState::Closed { grade: grade(86), degree_awarded: true, appealed: true }));
    let kept = apply(state, &DefenseEvent::AppealDecided { changed_grade: None });
    assert_eq!(kept, Ok(DefenseState::Closed { grade: grade(82), degree_awarded: true, appealed: true }));
    let lowered = apply(state, &DefenseEvent::AppealDecided { changed_grade: Some(grade(40)) });
    assert_eq!(lowered, Ok(DefenseState::Closed { grade: grade(40), degree_awarded: false, appealed: true }));
}

#[test]
fn a_late_or_second_appeal_is_refused() {
    let late = then(published(82, true), &[DefenseEvent::AppealFiled { on: day("2026-06-16") }]);
    assert_eq!(run(&late), Err(AttestationError::AppealWindowClosed { deadline: day("2026-06-15") }));
    let twice = then(
        published(82, true),
        &[
            DefenseEvent::AppealFiled { on: day("2026-06-12") },
            DefenseEvent::AppealFiled { on: day("2026-06-12") },
        ],
    );
    assert_eq!(run(&twice), Err(AttestationError::StepAlreadyDone));
}

#[test]
fn no_redefense_to_raise_a_grade() {
    for after in [&published(70, true)[..3], &published(70, true)[..], &published(70, true)[..2]] {
        for event in [
            DefenseEvent::Scheduled,
            DefenseEvent::Defended,
            DefenseEvent::Rescheduled { reason: RescheduleReason::ValidAbsence },
        ] {
            assert_eq!(run(&then(after.to_vec(), &[event])), Err(AttestationError::NoRedefense), "{event:?}");
        }
    }
}

#[test]
fn an_unsatisfactory_grade_is_not_retaken_in_the_same_period() {
    let closed = then(published(40, false), &[DefenseEvent::Closed { on: day("2026-06-16") }]);
    for after in [&closed[..], &closed[..3]] {
        let again = then(after.to_vec(), &[DefenseEvent::Scheduled]);
        assert_eq!(run(&again), Err(AttestationError::NoRetakeInSamePeriod));
    }
}

#[test]
fn the_degree_needs_a_satisfactory_grade() {
    let events = [
        DefenseEvent::Scheduled,
        DefenseEvent::Defended,
        DefenseEvent::Graded { grade: grade(49), degree_awarded: true },
    ];
    assert_eq!(run(&events), Err(AttestationError::DegreeNeedsSatisfactoryGrade));
    let with_d = [
        DefenseEvent::Scheduled,
        DefenseEvent::Defended,
        DefenseEvent::Graded { grade: grade(50), degree_awarded: true },
    ];
    assert!(run(&with_d).is_ok());
}

#[test]
fn events_out_of_order_are_refused() {
    let graded = DefenseEvent::Graded { grade: grade(80), degree_awarded: true };
    let publish = DefenseEvent::Published { on: day("2026-06-11"), appeal_deadline: day("2026-06-15") };
    let appeal = DefenseEvent::AppealFiled { on: day("2026-06-12") };
    let decide = DefenseEvent::AppealDecided { changed_grade: None };
    let close = DefenseEvent::Closed { on: day("2026-06-20") };
    let steps = published(80, true);
    let cases: [(&[DefenseEvent], DefenseEvent, AttestationError); 11] = [
        (&[], DefenseEvent::Defended, AttestationError::NotScheduled),
        (
            &[],
            DefenseEvent::Rescheduled { reason: RescheduleReason::ValidAbsence },
            AttestationError::NotScheduled,
        ),
        (&steps[..1], DefenseEvent::Scheduled, AttestationError::AlreadyScheduled),
        (&steps[..1], graded, AttestationError::NotDefended),
        (&steps[..4], graded, AttestationError::StepAlreadyDone),
        (&steps[..2], publish, AttestationError::NotGraded),
        (&steps[..4], publish, AttestationError::StepAlreadyDone),
        (&steps[..3], appeal, AttestationError::NotPublished),
        (&steps[..4], decide, AttestationError::NotAppealed),
        (&steps[..3], close, AttestationError::NotPublished),
        (&then(steps.clone(), &[close]), appeal, AttestationError::AlreadyClosed),
    ];
    for (before, event, error) in cases {
        assert_eq!(
            run(&then(before.to_vec(), &[event])),
            Err(error),
            "{event:?} after {} events",
            before.len()
        );
    }
}

#[test]
fn publishing_needs_a_deadline_after_the_publication_day() {
    let mut events = published(80, true);
    events[3] = DefenseEvent::Published { on: day("2026-06-11"), appeal_deadline: day("2026-06-11") };
    assert_eq!(run(&events), Err(AttestationError::FilingWindowTooShort { working_days: 0 }));
}

#[test]
fn refusals_speak_three_languages() {
    let error = AttestationError::NoRetakeInSamePeriod;
    assert!(error.localized(UiLang::Ru).contains("неудовлетворительно"));
    assert!(error.localized(UiLang::Kk).contains("Қанағаттанарлықсыз"));
    assert!(error.localized(UiLang::En).contains("same attestation period"));
    let closed = AttestationError::AppealWindowClosed { deadline: day("2026-06-15") };
    assert!(closed.localized(UiLang::Kk).ends_with("(2026-06-15)"));
    assert_eq!(AttestationError::MarksMissing { missing: 2 }.localized(UiLang::En).chars().last(), Some('2'));
}

#[test]
fn states_serialize_with_their_name_and_have_labels() {
    let state = run(&published(82, true)).unwrap();
    let json = serde_json::to_string(&state).unwrap();
    assert!(
        json.contains("\"state\":\"published\"") && json.contains("\"appeal_deadline\":\"2026-06-15\""),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<DefenseState>(&json).unwrap(), state);
    assert_eq!(state.label().ru, "Результат объявлен");
    assert_eq!(DefenseState::Admitted.label().en, "Admitted to defense");
}
