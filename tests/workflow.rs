//! The workflow state machine as a table: every state × every event → the expected outcome,
//! plus the corpus effects of the transitions under both corpus settings.

use adal::model::UiLang;
use adal::workflow::{
    apply, corpus_effect, CorpusEffect, CorpusJoin, DocumentsOnFile, Settings, ThesisState, WorkflowError,
    WorkflowEvent,
};

const V: u64 = 10;
const OLDER: u64 = 7;
const NEWER: u64 = 12;

fn draft() -> ThesisState {
    ThesisState::Draft
}
fn submitted() -> ThesisState {
    ThesisState::Submitted { version: V }
}
fn checked(similarity_percent: f64) -> ThesisState {
    ThesisState::Checked { version: V, similarity_percent }
}
fn cleared(similarity_percent: f64) -> ThesisState {
    ThesisState::Cleared { version: V, similarity_percent }
}
fn returned() -> ThesisState {
    ThesisState::Returned { version: V }
}
fn admitted(similarity_percent: f64) -> ThesisState {
    ThesisState::Admitted { version: V, similarity_percent }
}

fn upload(version: u64) -> WorkflowEvent {
    WorkflowEvent::VersionUploaded { version }
}
fn check(version: u64, similarity_percent: f64) -> WorkflowEvent {
    WorkflowEvent::CheckCompleted { version, similarity_percent }
}
fn clear(justification: Option<&str>) -> WorkflowEvent {
    WorkflowEvent::Cleared { justification: justification.map(str::to_string) }
}
fn give_back(reason: &str) -> WorkflowEvent {
    WorkflowEvent::Returned { reason: reason.to_string() }
}

/// Checks one row of the table with the default settings (threshold 25%).
#[track_caller]
/// Staff admit a thesis with both defense documents on file.
fn admit() -> WorkflowEvent {
    WorkflowEvent::Admitted { documents: DocumentsOnFile { feedback: true, review: true } }
}

fn case(state: ThesisState, event: WorkflowEvent, expected: Result<ThesisState, WorkflowError>) {
    let outcome = apply(state, &event, &Settings::default());
    assert_eq!(outcome, expected, "{state:?} + {event:?}");
}

#[test]
fn draft_accepts_only_an_upload() {
    case(draft(), upload(NEWER), Ok(ThesisState::Submitted { version: NEWER }));
    case(draft(), check(V, 5.0), Err(WorkflowError::NoVersion));
    case(draft(), clear(Some("fine")), Err(WorkflowError::NoVersion));
    case(draft(), give_back("redo"), Err(WorkflowError::NoVersion));
    case(draft(), admit(), Err(WorkflowError::NotCleared));
}

#[test]
fn submitted_waits_for_the_report_of_its_current_version() {
    case(submitted(), upload(NEWER), Ok(ThesisState::Submitted { version: NEWER }));
    case(submitted(), check(V, 12.5), Ok(checked(12.5)));
    case(submitted(), check(OLDER, 90.0), Ok(submitted()));
    case(submitted(), check(NEWER, 1.0), Err(WorkflowError::UnknownVersion { version: NEWER }));
    case(submitted(), clear(Some("fine")), Err(WorkflowError::NotChecked));
    case(submitted(), give_back("redo"), Err(WorkflowError::NotChecked));
    case(submitted(), admit(), Err(WorkflowError::NotCleared));
}

#[test]
fn checked_thesis_is_cleared_or_returned() {
    case(checked(10.0), clear(None), Ok(cleared(10.0)));
    case(checked(25.0), clear(None), Ok(cleared(25.0)));
    case(
        checked(25.1),
        clear(None),
        Err(WorkflowError::JustificationRequired { similarity_percent: 25.1, threshold_percent: 25.0 }),
    );
    case(
        checked(60.0),
        clear(Some("   ")),
        Err(WorkflowError::JustificationRequired { similarity_percent: 60.0, threshold_percent: 25.0 }),
    );
    case(checked(60.0), clear(Some("Quoted legal texts, properly cited.")), Ok(cleared(60.0)));
    case(checked(40.0), give_back("Chapter 2 is copied."), Ok(returned()));
    case(checked(40.0), give_back(""), Err(WorkflowError::ReasonRequired));
    case(checked(40.0), give_back(" \n "), Err(WorkflowError::ReasonRequired));
    case(checked(40.0), admit(), Err(WorkflowError::NotCleared));
    case(checked(40.0), upload(NEWER), Ok(ThesisState::Submitted { version: NEWER }));
    case(checked(40.0), check(V, 30.0), Ok(checked(30.0)));
    case(checked(40.0), check(OLDER, 1.0), Ok(checked(40.0)));
}

#[test]
fn broken_similarity_figure_needs_a_justification() {
    let outcome = apply(checked(f64::NAN), &clear(None), &Settings::default());
    assert!(matches!(outcome, Err(WorkflowError::JustificationRequired { .. })));
}

#[test]
fn threshold_comes_from_settings() {
    let strict = Settings { similarity_threshold_percent: 10.0, ..Settings::default() };
    let outcome = apply(checked(15.0), &clear(None), &strict);
    assert_eq!(
        outcome,
        Err(WorkflowError::JustificationRequired { similarity_percent: 15.0, threshold_percent: 10.0 })
    );
}

#[test]
fn cleared_thesis_is_admitted_revoked_or_voided_by_a_new_version() {
    case(cleared(10.0), admit(), Ok(admitted(10.0)));
    // Without the supervisor's feedback or the external review there is no admission (issue #18).
    for (feedback, review) in [(false, false), (true, false), (false, true)] {
        let event = WorkflowEvent::Admitted { documents: DocumentsOnFile { feedback, review } };
        let missing = WorkflowError::DefenseDocumentsMissing { feedback: !feedback, review: !review };
        case(cleared(10.0), event, Err(missing));
    }
    case(cleared(10.0), upload(NEWER), Ok(ThesisState::Submitted { version: NEWER }));
    case(cleared(10.0), give_back("Wrong file was cleared."), Ok(returned()));
    case(cleared(10.0), give_back(""), Err(WorkflowError::ReasonRequired));
    case(cleared(10.0), clear(None), Err(WorkflowError::AlreadyCleared));
    // A rescan of a cleared thesis records a report but the clearance keeps its own figure.
    case(cleared(10.0), check(V, 70.0), Ok(cleared(10.0)));
}

#[test]
fn returned_thesis_needs_a_new_version() {
    case(returned(), upload(NEWER), Ok(ThesisState::Submitted { version: NEWER }));
    case(returned(), clear(Some("changed my mind")), Err(WorkflowError::AlreadyReturned));
    case(returned(), give_back("again"), Err(WorkflowError::AlreadyReturned));
    case(returned(), admit(), Err(WorkflowError::NotCleared));
    case(returned(), check(V, 3.0), Ok(returned()));
}

#[test]
fn admitted_thesis_never_changes() {
    case(admitted(5.0), upload(NEWER), Err(WorkflowError::AlreadyAdmitted));
    case(admitted(5.0), clear(None), Err(WorkflowError::AlreadyAdmitted));
    case(admitted(5.0), give_back("late"), Err(WorkflowError::AlreadyAdmitted));
    case(admitted(5.0), admit(), Err(WorkflowError::AlreadyAdmitted));
    case(admitted(5.0), check(V, 50.0), Ok(admitted(5.0)));
}

#[test]
fn only_cleared_and_admitted_theses_are_on_the_admission_list() {
    let on_list: Vec<bool> = [draft(), submitted(), checked(1.0), cleared(1.0), returned(), admitted(1.0)]
        .iter()
        .map(ThesisState::is_on_admission_list)
        .collect();
    assert_eq!(on_list, [false, false, false, true, false, true]);
}

#[track_caller]
fn effect(corpus_join: CorpusJoin, before: ThesisState, after: ThesisState, expected: Option<CorpusEffect>) {
    let settings = Settings { corpus_join, ..Settings::default() };
    assert_eq!(corpus_effect(&before, &after, &settings), expected, "{before:?} → {after:?}");
}

#[test]
fn corpus_takes_the_final_version_on_admission_by_default() {
    use CorpusJoin::OnAdmission;
    effect(OnAdmission, checked(1.0), cleared(1.0), None);
    effect(OnAdmission, cleared(1.0), admitted(1.0), Some(CorpusEffect::Add { version: V }));
    effect(OnAdmission, cleared(1.0), ThesisState::Submitted { version: NEWER }, None);
    effect(OnAdmission, admitted(1.0), admitted(1.0), None);
}

#[test]
fn corpus_can_take_the_version_on_clearance_and_give_it_back() {
    use CorpusJoin::OnClearance;
    effect(OnClearance, checked(1.0), cleared(1.0), Some(CorpusEffect::Add { version: V }));
    effect(OnClearance, cleared(1.0), admitted(1.0), None);
    effect(
        OnClearance,
        cleared(1.0),
        ThesisState::Submitted { version: NEWER },
        Some(CorpusEffect::Remove { version: V }),
    );
    effect(OnClearance, cleared(1.0), returned(), Some(CorpusEffect::Remove { version: V }));
    effect(OnClearance, submitted(), checked(1.0), None);
}

#[test]
fn every_refusal_has_three_hand_written_messages() {
    let refusals = [
        WorkflowError::NoVersion,
        WorkflowError::NotChecked,
        WorkflowError::JustificationRequired { similarity_percent: 30.0, threshold_percent: 25.0 },
        WorkflowError::ReasonRequired,
        WorkflowError::AlreadyCleared,
        WorkflowError::AlreadyReturned,
        WorkflowError::NotCleared,
        WorkflowError::AlreadyAdmitted,
        WorkflowError::UnknownVersion { version: 3 },
    ];
    for refusal in refusals {
        let message = refusal.translated();
        assert!(!message.kk.is_empty() && !message.ru.is_empty() && !message.en.is_empty());
        assert_ne!(message.kk, message.ru, "{refusal:?}");
        assert_ne!(message.ru, message.en, "{refusal:?}");
    }
    let with_figures =
        WorkflowError::JustificationRequired { similarity_percent: 30.0, threshold_percent: 25.0 };
    assert!(with_figures.localized(UiLang::Kk).contains("30.0%"));
}

#[test]
fn states_round_trip_through_json() {
    for state in [draft(), submitted(), checked(1.5), cleared(2.5), returned(), admitted(3.5)] {
        let json = serde_json::to_string(&state).expect("a state serializes");
        let back: ThesisState = serde_json::from_str(&json).expect("a state deserializes");
        assert_eq!(back, state);
    }
}
