//! The store: records round-trip, a decision and its audit entry are one transaction, indexes
//! stay consistent, listings follow the access rules, and jobs resume after a restart.

use adal::auth::{authorize, thesis_scope, AccessTarget, Action, ThesisRef};
use adal::model::DocLang;
use adal::store::{
    Actor, AuditAction, CalendarDate, CheckTimings, CorpusChange, DecisionKind, DefenseDocument,
    DefenseDocumentKind, ExcludedItem, ExtractionOutcome, FileStore, JobKind, JobState, NewCheck, NewThesis,
    NewUser, NewVersion, RescanItemOutcome, RescanSelection, Role, Session, Store, StoreError, Thesis,
    ThesisScope, User,
};
use adal::workflow::{CorpusEffect, CorpusJoin, Settings, ThesisState, WorkflowError};

const NOW: i64 = 1_750_000_000_000;

fn new_user(name: &str, role: Role, faculty: &str, supervisor: Option<u64>) -> NewUser {
    NewUser {
        name: name.to_string(),
        email: format!("{}@uni.kz", name.to_lowercase()),
        role,
        faculty: Some(faculty.to_string()),
        department: None,
        supervisor,
        password_hash: None,
    }
}

/// An institution with two faculties, two supervisors and three students.
struct Campus {
    store: Store,
    _dir: tempfile::TempDir,
    admin: User,
    supervisor_1: User,
    supervisor_2: User,
    student_1: User,
    student_2: User,
    law_student: User,
    it_staff: User,
}

fn campus() -> Campus {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = Store::open(dir.path()).expect("store opens");
    let create = |new: NewUser| store.create_user(&new, Actor::System, NOW).expect("user is created");
    let admin = create(NewUser { faculty: None, ..new_user("Admin", Role::Admin, "", None) });
    let supervisor_1 = create(new_user("Saule", Role::Supervisor, "IT", None));
    let supervisor_2 = create(new_user("Bolat", Role::Supervisor, "Law", None));
    let student_1 = create(new_user("Aruzhan", Role::Student, "IT", Some(supervisor_1.id)));
    let student_2 = create(new_user("Dias", Role::Student, "IT", Some(supervisor_2.id)));
    let law_student = create(new_user("Madina", Role::Student, "Law", Some(supervisor_2.id)));
    let it_staff = create(new_user("Gulnar", Role::Staff, "IT", None));
    Campus {
        store,
        _dir: dir,
        admin,
        supervisor_1,
        supervisor_2,
        student_1,
        student_2,
        law_student,
        it_staff,
    }
}

fn thesis_of(store: &Store, student: &User, title: &str) -> Thesis {
    let new_thesis = NewThesis {
        title: title.to_string(),
        student: student.id,
        supervisor: None,
        faculty: None,
        programme: "6B06102".to_string(),
        language: DocLang::Kk,
        planned_defense: Some(CalendarDate { year: 2025, month: 6, day: 10 }),
    };
    store.create_thesis(&new_thesis, Actor::User(student.id), NOW).expect("thesis is created")
}

fn upload(store: &Store, thesis: &Thesis, bytes: &[u8]) -> (adal::store::Version, u64) {
    let file_hash = store.files().put(bytes).expect("file is stored");
    let new_version =
        NewVersion { file_hash, file_name: "thesis.pdf".to_string(), byte_len: bytes.len() as u64 };
    store
        .add_version(thesis.id, &new_version, Actor::User(thesis.student), NOW + 1)
        .expect("version is added")
}

fn report(store: &Store, version: u64, similarity: f64) -> adal::store::Check {
    let new_check = NewCheck {
        job: None,
        version,
        similarity,
        corpus_version: 4,
        scheme_version: 1,
        timings: CheckTimings { extract_ms: 5, analyze_ms: 6, candidates_ms: 7, align_ms: 8, total_ms: 26 },
        report_json: br#"{"matches":[]}"#.to_vec(),
    };
    store.record_check(&new_check, NOW + 2).expect("check is recorded")
}

fn audit_actions(store: &Store) -> Vec<AuditAction> {
    let entries = store.audit_log(1, usize::MAX).expect("audit log reads");
    entries.into_iter().map(|entry| entry.action).collect()
}

#[test]
fn every_record_round_trips_through_a_reopen() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (thesis, version, check, decision, exclusion, job_id, token) = {
        let store = Store::open(dir.path()).expect("store opens");
        let supervisor = store
            .create_user(&new_user("Saule", Role::Supervisor, "IT", None), Actor::System, NOW)
            .expect("supervisor");
        let student = store
            .create_user(&new_user("Aruzhan", Role::Student, "IT", Some(supervisor.id)), Actor::System, NOW)
            .expect("student");
        let thesis = thesis_of(&store, &student, "Қазақ тіліндегі мәтіндерді өңдеу");
        let (version, job_id) = upload(&store, &thesis, "мәтін".as_bytes());
        let outcome = ExtractionOutcome::Extracted { n_chars: 5, n_warnings: 0 };
        let version = store.set_extraction_outcome(version.id, &outcome, NOW + 2).expect("outcome");
        let check = report(&store, version.id, 12.5);
        let exclusion = store
            .record_exclusion(
                check.id,
                &ExcludedItem::Passage { start: 0, end: 5 },
                "quote",
                supervisor.id,
                NOW,
            )
            .expect("exclusion");
        let decision = store
            .decide(thesis.id, &DecisionKind::Cleared { justification: None }, supervisor.id, NOW + 3)
            .expect("clearance");
        let session = Session { user: student.id, created_at: NOW, expires_at: NOW + 1000 };
        store.create_session("session-hash", &session, NOW).expect("session");
        let token = store.create_api_token(student.id, "script", "token-hash", None, NOW).expect("token");
        let settings = Settings {
            similarity_threshold_percent: 30.0,
            students_see_reports: true,
            corpus_join: CorpusJoin::OnClearance,
            appeal_window_working_days: 5,
        };
        store.update_settings(&settings, Actor::User(supervisor.id), NOW).expect("settings");
        (store.thesis(thesis.id).expect("thesis"), version, check, decision, exclusion, job_id, token)
    };
    let store = Store::open(dir.path()).expect("store reopens");
    assert_eq!(store.thesis(thesis.id).expect("thesis"), thesis);
    assert_eq!(thesis.state, ThesisState::Cleared { version: version.id, similarity_percent: 12.5 });
    assert_eq!(store.version(version.id).expect("version"), version);
    assert_eq!(store.check(check.id).expect("check"), check);
    assert_eq!(check.report_json, br#"{"matches":[]}"#.to_vec());
    assert_eq!(store.decision(decision.id).expect("decision"), decision);
    assert_eq!(store.exclusions_of(check.id).expect("exclusions"), vec![exclusion]);
    let job = store.job(job_id).expect("job");
    assert_eq!((job.kind, job.state), (JobKind::Check { version: version.id }, JobState::Queued));
    assert_eq!(store.session("session-hash", NOW).expect("session").map(|s| s.user), Some(thesis.student));
    assert_eq!(store.session("session-hash", NOW + 1000).expect("session"), None);
    assert_eq!(store.api_token("token-hash", NOW).expect("token"), Some(token));
    assert_eq!(store.settings().expect("settings").similarity_threshold_percent, 30.0);
    assert_eq!(store.files().get(&version.file_hash).expect("file"), "мәтін".as_bytes());
}

#[test]
fn refused_decision_writes_neither_decision_nor_audit_entry() {
    let campus = campus();
    let store = &campus.store;
    let thesis = thesis_of(store, &campus.student_1, "Thesis");
    let (version, _) = upload(store, &thesis, b"v1");
    report(store, version.id, 40.0);
    let last_seq = store.last_audit_seq().expect("audit");

    let refused =
        store.decide(thesis.id, &DecisionKind::Cleared { justification: None }, campus.supervisor_1.id, NOW);
    assert!(matches!(refused, Err(StoreError::Workflow(WorkflowError::JustificationRequired { .. }))));
    assert_eq!(store.last_audit_seq().expect("audit"), last_seq);
    assert!(store.decisions_of(thesis.id).expect("decisions").is_empty());

    let justification = Some("Standard legal definitions, cited.".to_string());
    let decision = store
        .decide(thesis.id, &DecisionKind::Cleared { justification }, campus.supervisor_1.id, NOW)
        .expect("justified clearance");
    let entries = store.audit_log(last_seq + 1, 10).expect("audit");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, AuditAction::ThesisCleared);
    assert_eq!(entries[0].actor, Actor::User(campus.supervisor_1.id));
    assert_eq!(entries[0].details["decision"], decision.id);
    assert_eq!(decision.similarity, Some(40.0));
}

#[test]
fn new_version_voids_clearance_and_queues_a_check() {
    let campus = campus();
    let store = &campus.store;
    let thesis = thesis_of(store, &campus.student_1, "Thesis");
    let (first, _) = upload(store, &thesis, b"v1");
    report(store, first.id, 5.0);
    store
        .decide(thesis.id, &DecisionKind::Cleared { justification: None }, campus.supervisor_1.id, NOW)
        .expect("clear");
    let (second, job) = upload(store, &thesis, b"v2");
    assert_eq!(second.number, 2);
    assert_eq!(store.thesis(thesis.id).expect("thesis").state, ThesisState::Submitted { version: second.id });
    assert_eq!(store.job(job).expect("job").kind, JobKind::Check { version: second.id });
    // The late report of the first version is kept but changes nothing.
    report(store, first.id, 80.0);
    assert_eq!(store.thesis(thesis.id).expect("thesis").state, ThesisState::Submitted { version: second.id });
    assert_eq!(store.checks_of(first.id).expect("checks").len(), 2);
    let admit = store.decide(thesis.id, &DecisionKind::Admitted, campus.it_staff.id, NOW);
    assert!(matches!(admit, Err(StoreError::Workflow(WorkflowError::NotCleared))));
}

#[test]
fn admission_queues_the_final_version_for_the_corpus() {
    let campus = campus();
    let store = &campus.store;
    let thesis = thesis_of(store, &campus.student_1, "Thesis");
    let (version, _) = upload(store, &thesis, b"final");
    report(store, version.id, 3.0);
    store
        .decide(thesis.id, &DecisionKind::Cleared { justification: None }, campus.supervisor_1.id, NOW)
        .expect("clear");
    assert!(store.pending_corpus_changes().expect("outbox").is_empty());
    // Admission needs the supervisor's feedback and the external review on file (issue #18).
    let document = |kind, by: &User| DefenseDocument {
        thesis: thesis.id,
        kind,
        file_hash: store.files().put(b"a document").expect("file"),
        file_name: "document.txt".into(),
        byte_len: 10,
        author_name: None,
        uploaded_by: by.id,
        uploaded_at: NOW,
    };
    for (kind, by, missing) in [
        (None, &campus.it_staff, (true, true)),
        (Some(DefenseDocumentKind::Feedback), &campus.supervisor_1, (false, true)),
    ] {
        if let Some(kind) = kind {
            store.put_defense_document(&document(kind, by), NOW).expect("document");
        }
        let admit = store.decide(thesis.id, &DecisionKind::Admitted, campus.it_staff.id, NOW);
        let expected = WorkflowError::DefenseDocumentsMissing { feedback: missing.0, review: missing.1 };
        assert!(matches!(admit, Err(StoreError::Workflow(ref error)) if *error == expected), "{admit:?}");
    }
    store
        .put_defense_document(&document(DefenseDocumentKind::Review, &campus.it_staff), NOW)
        .expect("review");
    store.decide(thesis.id, &DecisionKind::Admitted, campus.it_staff.id, NOW).expect("admit");
    // The admission fixes the documents the commission reads.
    let late = store.put_defense_document(&document(DefenseDocumentKind::Review, &campus.it_staff), NOW);
    assert!(matches!(late, Err(StoreError::Workflow(WorkflowError::AlreadyAdmitted))), "{late:?}");
    assert_eq!(store.defense_documents(thesis.id).expect("documents").len(), 2);
    let pending = store.pending_corpus_changes().expect("outbox");
    assert_eq!(
        pending.iter().map(|change| (change.thesis, change.effect)).collect::<Vec<_>>(),
        vec![(thesis.id, CorpusEffect::Add { version: version.id })]
    );
    let CorpusChange { seq, .. } = pending[0];
    store.mark_corpus_change_applied(seq, NOW).expect("applied");
    assert!(store.pending_corpus_changes().expect("outbox").is_empty());
    let admitted = store.admission_list(&ThesisScope::All).expect("list");
    assert_eq!(admitted.iter().map(|thesis| thesis.id).collect::<Vec<_>>(), vec![thesis.id]);
}

#[test]
fn indexes_follow_email_and_supervisor_changes() {
    let campus = campus();
    let store = &campus.store;
    assert_eq!(store.students_of(campus.supervisor_1.id).expect("students"), vec![campus.student_1.clone()]);
    let thesis = thesis_of(store, &campus.student_1, "Thesis");
    assert_eq!(thesis.supervisor, Some(campus.supervisor_1.id));
    let moved = User {
        email: "  Aruzhan.New@UNI.kz ".to_string(),
        supervisor: Some(campus.supervisor_2.id),
        ..campus.student_1.clone()
    };
    let moved = store.update_user(&moved, Actor::User(campus.admin.id), NOW).expect("update");
    assert_eq!(moved.email, "aruzhan.new@uni.kz");
    assert_eq!(store.user_by_email("aruzhan@uni.kz").expect("lookup"), None);
    assert_eq!(store.user_by_email("ARUZHAN.NEW@uni.kz").expect("lookup"), Some(moved.clone()));
    assert!(store.students_of(campus.supervisor_1.id).expect("students").is_empty());
    let ids: Vec<u64> =
        store.students_of(campus.supervisor_2.id).expect("students").iter().map(|u| u.id).collect();
    assert_eq!(ids, vec![campus.student_1.id, campus.student_2.id, campus.law_student.id]);
    // The student's thesis follows the student to the new supervisor.
    assert_eq!(store.thesis(thesis.id).expect("thesis").supervisor, Some(campus.supervisor_2.id));
    assert!(store.list_theses(&ThesisScope::Supervisor(campus.supervisor_1.id)).expect("list").is_empty());
    let listed = store.list_theses(&ThesisScope::Supervisor(campus.supervisor_2.id)).expect("list");
    assert_eq!(listed.iter().map(|thesis| thesis.id).collect::<Vec<_>>(), vec![thesis.id]);

    let taken = User { email: "dias@uni.kz".to_string(), ..moved };
    assert!(matches!(store.update_user(&taken, Actor::System, NOW), Err(StoreError::EmailTaken { .. })));
    let duplicate = store.create_user(&new_user("Dias", Role::Student, "IT", None), Actor::System, NOW);
    assert!(matches!(duplicate, Err(StoreError::EmailTaken { .. })));
    let bad_supervisor = new_user("Erlan", Role::Student, "IT", Some(campus.student_2.id));
    assert!(matches!(
        store.create_user(&bad_supervisor, Actor::System, NOW),
        Err(StoreError::Invalid { .. })
    ));
}

#[test]
fn listing_per_role_agrees_with_authorize() {
    let campus = campus();
    let store = &campus.store;
    let theses = [
        thesis_of(store, &campus.student_1, "one"),
        thesis_of(store, &campus.student_2, "two"),
        thesis_of(store, &campus.law_student, "three"),
    ];
    let everyone = store.users().expect("users");
    assert_eq!(everyone.len(), 7);
    for user in &everyone {
        let listed: Vec<u64> =
            store.list_theses(&thesis_scope(user)).expect("listing").iter().map(|thesis| thesis.id).collect();
        let allowed: Vec<u64> = theses
            .iter()
            .filter(|thesis| {
                authorize(user, Action::ViewThesis, &AccessTarget::Thesis(ThesisRef::from(*thesis))).is_ok()
            })
            .map(|thesis| thesis.id)
            .collect();
        assert_eq!(listed, allowed, "{:?} {}", user.role, user.name);
    }
    let student_view = store.list_theses(&thesis_scope(&campus.student_1)).expect("listing");
    assert_eq!(student_view.len(), 1);
    let law_supervisor_view = store.list_theses(&thesis_scope(&campus.supervisor_2)).expect("listing");
    assert_eq!(law_supervisor_view.len(), 2);
}

#[test]
fn audit_log_is_numbered_without_gaps() {
    let campus = campus();
    let store = &campus.store;
    let thesis = thesis_of(store, &campus.student_1, "Thesis");
    let (version, _) = upload(store, &thesis, b"bytes");
    report(store, version.id, 1.0);
    let entries = store.audit_log(1, usize::MAX).expect("audit");
    let seqs: Vec<u64> = entries.iter().map(|entry| entry.seq).collect();
    assert_eq!(seqs, (1..=entries.len() as u64).collect::<Vec<_>>());
    let tail: Vec<AuditAction> = audit_actions(store).into_iter().rev().take(4).collect();
    assert_eq!(
        tail,
        [
            AuditAction::CheckRecorded,
            AuditAction::JobQueued,
            AuditAction::VersionUploaded,
            AuditAction::ThesisCreated
        ]
    );
}

#[test]
fn checks_run_before_rescans_and_a_rescan_resumes_after_a_restart() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (rescan_id, remaining_before) = {
        let store = Store::open(dir.path()).expect("store opens");
        let create = |new: NewUser| store.create_user(&new, Actor::System, NOW).expect("user");
        let supervisor = create(new_user("Saule", Role::Supervisor, "IT", None));
        let mut theses = Vec::new();
        for index in 0..5 {
            let student =
                create(new_user(&format!("Student{index}"), Role::Student, "IT", Some(supervisor.id)));
            theses.push(thesis_of(&store, &student, "t"));
        }
        let rescan = store
            .enqueue_rescan(&RescanSelection::Faculty { faculty: "IT".into() }, Actor::System, NOW)
            .expect("rescan");
        assert_eq!(rescan.total, 5);
        let (version, check_job) = upload(&store, &theses[0], b"urgent");
        let first = store.claim_next_job(NOW).expect("claim").expect("a job");
        assert_eq!(first.id, check_job, "the check overtakes the earlier rescan");
        assert_eq!(first.kind, JobKind::Check { version: version.id });
        store.finish_job(first.id, NOW + 10).expect("finish");
        let claimed = store.claim_next_job(NOW + 20).expect("claim").expect("the rescan");
        assert_eq!(claimed.id, rescan.id);
        store.record_rescan_item(rescan.id, theses[0].id, &RescanItemOutcome::Done).expect("item");
        let failure = RescanItemOutcome::Failed { message: "encrypted PDF".into() };
        let job = store.record_rescan_item(rescan.id, theses[1].id, &failure).expect("item");
        // Recording the same item again after a crash counts it once.
        let job_again = store.record_rescan_item(rescan.id, theses[1].id, &failure).expect("item");
        assert_eq!((job.done, job.failed), (2, 1));
        assert_eq!(job_again, job);
        assert_eq!(store.claim_next_job(NOW).expect("claim"), None);
        (rescan.id, store.rescan_remaining(rescan.id).expect("remaining"))
    };
    // The process stopped while the rescan was running.
    let store = Store::open(dir.path()).expect("store reopens");
    assert_eq!(store.requeue_interrupted_jobs(NOW + 60_000).expect("requeue"), vec![rescan_id]);
    let resumed = store.claim_next_job(NOW + 60_000).expect("claim").expect("the rescan again");
    assert_eq!((resumed.id, resumed.done, resumed.done_at_start), (rescan_id, 2, 2));
    assert_eq!(store.rescan_remaining(rescan_id).expect("remaining"), remaining_before);
    assert_eq!(remaining_before.len(), 3);
    let next = remaining_before[0];
    let job = store.record_rescan_item(rescan_id, next, &RescanItemOutcome::Done).expect("item");
    let progress = job.progress(NOW + 120_000);
    assert_eq!((progress.done, progress.total, progress.failed), (3, 5, 1));
    assert_eq!(progress.items_per_minute, Some(1.0));
    assert_eq!(progress.eta_ms, Some(120_000));
    let finished = store.finish_job(rescan_id, NOW + 130_000).expect("finish");
    assert_eq!(finished.state, JobState::Done);
    assert!(store.finish_job(rescan_id, NOW).is_err(), "a job ends once");
    assert_eq!(store.rescan_items(rescan_id).expect("items").len(), 3);
}

#[test]
fn file_store_is_content_addressed() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let files = FileStore::open(dir.path().join("files")).expect("file store");
    let hash = files.put(b"thesis bytes").expect("put");
    assert_eq!(hash.len(), 32);
    assert_eq!(files.put(b"thesis bytes").expect("put again"), hash);
    assert_eq!(files.get(&hash).expect("get"), b"thesis bytes");
    assert!(files.contains(&hash));
    let path = files.path_of(&hash).expect("path");
    assert!(path.ends_with(format!("{}/{}", &hash[..2], &hash[2..])));
    for malformed in ["", "../etc/passwd", "ABCDEF0123456789ABCDEF0123456789", &hash[..31]] {
        assert!(files.path_of(malformed).is_none(), "{malformed}");
        assert!(files.get(malformed).is_err());
    }
}

#[test]
fn sessions_and_tokens_end() {
    let campus = campus();
    let store = &campus.store;
    let user = &campus.student_1;
    store
        .create_session("h1", &Session { user: user.id, created_at: NOW, expires_at: NOW + 10 }, NOW)
        .expect("s1");
    store
        .create_session("h2", &Session { user: user.id, created_at: NOW, expires_at: NOW + 99 }, NOW)
        .expect("s2");
    assert_eq!(store.remove_expired_sessions(NOW + 50).expect("cleanup"), 1);
    assert!(store.session("h2", NOW + 50).expect("session").is_some());
    store.end_session("h2", NOW + 60).expect("logout");
    assert!(store.session("h2", NOW + 60).expect("session").is_none());

    let token = store.create_api_token(user.id, "ci", "th", Some(NOW + 100), NOW).expect("token");
    assert!(store.api_token("th", NOW + 100).expect("token").is_none(), "expired");
    store.revoke_api_token(token.id, Actor::User(user.id), NOW).expect("revoke");
    assert!(store.api_token("th", NOW).expect("token").is_none(), "revoked");
    assert_eq!(store.api_tokens_of(user.id).expect("tokens").len(), 1);
}

#[test]
fn settings_outside_zero_to_hundred_are_refused() {
    let campus = campus();
    let settings = Settings { similarity_threshold_percent: 120.0, ..Settings::default() };
    let refused = campus.store.update_settings(&settings, Actor::User(campus.admin.id), NOW);
    assert!(matches!(refused, Err(StoreError::Invalid { .. })));
    assert_eq!(campus.store.settings().expect("settings"), Settings::default());
}

#[test]
fn a_job_rerun_after_a_crash_records_no_second_check() {
    let campus = campus();
    let store = &campus.store;
    let thesis = thesis_of(store, &campus.student_1, "Thesis");
    let (version, job) = upload(store, &thesis, b"v1");
    let new_check = NewCheck {
        job: Some(job),
        version: version.id,
        similarity: 12.0,
        corpus_version: 4,
        scheme_version: 1,
        timings: CheckTimings { extract_ms: 1, analyze_ms: 1, candidates_ms: 1, align_ms: 1, total_ms: 4 },
        report_json: br#"{"matches":[]}"#.to_vec(),
    };
    let first = store.record_check(&new_check, NOW + 2).expect("first recording");
    let audit_before = store.last_audit_seq().expect("audit");
    // The worker was killed before it marked the job finished; the rerun records again.
    let again =
        store.record_check(&NewCheck { similarity: 40.0, ..new_check.clone() }, NOW + 3).expect("rerun");
    assert_eq!(again.id, first.id);
    assert_eq!(again.similarity, 12.0);
    assert_eq!(store.checks_of(version.id).expect("checks").len(), 1);
    assert_eq!(store.last_audit_seq().expect("audit"), audit_before, "nothing was written");
    assert_eq!(store.check_of_job(version.id, job).expect("lookup").map(|check| check.id), Some(first.id));
    // Another job (a rescan) may check the same version again.
    let rescan =
        store.record_check(&NewCheck { job: Some(job + 100), ..new_check }, NOW + 4).expect("rescan");
    assert_ne!(rescan.id, first.id);
    assert_eq!(store.checks_of(version.id).expect("checks").len(), 2);
}

/// Checks stored before the timings were named as in the report still read.
#[test]
fn checks_stored_with_the_old_timing_names_still_read() {
    let old = r#"{"extract_ms": 5, "fingerprint_ms": 6, "lookup_ms": 7, "compare_ms": 8, "total_ms": 26}"#;
    let timings: CheckTimings = serde_json::from_str(old).expect("old names");
    assert_eq!((timings.analyze_ms, timings.candidates_ms, timings.align_ms), (6, 7, 8));
}
