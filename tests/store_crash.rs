//! Crash safety of the store, proven with `SIGKILL`.
//!
//! The test re-runs its own binary as a child (`--exact crash_child_writer` with
//! `ADAL_CRASH_CHILD_DIR` set). The child writes theses, versions (with their files), checks and
//! decisions in a loop and prints each record's id only after the store call returned, i.e. after
//! `flush`. The parent kills the child at a random moment, reopens the store and verifies that
//! every acknowledged record is intact, that the audit log has no gaps, and that the audit log
//! and the records agree. The same directory is reused across rounds, so every round also
//! recovers from the previous crash.
//!
//! `SIGKILL` loses the process, not the machine: this proves that acknowledged writes are in the
//! kernel and that recovery is consistent; `flush` also fsyncs, for power loss.
//!
//! 20 rounds by default (a few seconds); set `ADAL_CRASH_ROUNDS=500` for a long run.

use adal::store::{
    Actor, AuditAction, CheckTimings, DecisionKind, NewCheck, NewThesis, NewUser, NewVersion, Role, Store,
};
use adal::workflow::ThesisState;
use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasher;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

const CHILD_DIR_VARIABLE: &str = "ADAL_CRASH_CHILD_DIR";
const ROUNDS_VARIABLE: &str = "ADAL_CRASH_ROUNDS";
const DEFAULT_ROUNDS: u32 = 20;

/// The bytes of the file of one version; the parent recomputes them to check the file store.
fn file_bytes(thesis: u64, number: u64) -> Vec<u8> {
    format!("thesis {thesis} version {number}\n").repeat(50).into_bytes()
}

/// Not a test on its own: the body of the child process. Without the variable it does nothing.
#[test]
fn crash_child_writer() {
    let Ok(dir) = std::env::var(CHILD_DIR_VARIABLE) else {
        return;
    };
    let store = Store::open(&dir).expect("child opens the store");
    let mut out = std::io::stdout().lock();
    let mut acknowledge = |line: String| {
        // One write per line so that a kill cannot interleave two acknowledgements.
        out.write_all(format!("{line}\n").as_bytes()).expect("stdout");
        out.flush().expect("stdout");
    };
    let email = "student@uni.kz";
    let student = match store.user_by_email(email).expect("lookup") {
        Some(student) => student,
        None => {
            let supervisor = NewUser {
                name: "Supervisor".into(),
                email: "supervisor@uni.kz".into(),
                role: Role::Supervisor,
                faculty: Some("IT".into()),
                department: None,
                supervisor: None,
                password_hash: None,
            };
            let supervisor = match store.user_by_email(&supervisor.email).expect("lookup") {
                Some(existing) => existing,
                None => store.create_user(&supervisor, Actor::System, 0).expect("supervisor"),
            };
            let student = NewUser {
                name: "Student".into(),
                email: email.into(),
                role: Role::Student,
                supervisor: Some(supervisor.id),
                ..supervisor_less(&supervisor.faculty)
            };
            store.create_user(&student, Actor::System, 0).expect("student")
        }
    };
    let supervisor = student.supervisor.expect("the student has a supervisor");
    for step in 0..1_000_000i64 {
        let new_thesis = NewThesis {
            title: format!("Thesis {step}"),
            student: student.id,
            supervisor: None,
            faculty: None,
            programme: "6B06102".into(),
            language: adal::model::DocLang::Ru,
            planned_defense: None,
        };
        let thesis = store.create_thesis(&new_thesis, Actor::User(student.id), step).expect("thesis");
        acknowledge(format!("thesis {}", thesis.id));
        let n_versions = 1 + (step % 2) as u64;
        for number in 1..=n_versions {
            let bytes = file_bytes(thesis.id, number);
            let file_hash = store.files().put(&bytes).expect("file");
            let new_version =
                NewVersion { file_hash, file_name: "t.docx".into(), byte_len: bytes.len() as u64 };
            let (version, job) =
                store.add_version(thesis.id, &new_version, Actor::User(student.id), step).expect("version");
            acknowledge(format!("version {} {} {number} {job}", thesis.id, version.id));
            let new_check = NewCheck {
                job: None,
                version: version.id,
                similarity: (step % 40) as f64,
                corpus_version: 1,
                scheme_version: 1,
                timings: CheckTimings::default(),
                report_json: format!("{{\"version\":{}}}", version.id).into_bytes(),
            };
            let check = store.record_check(&new_check, step).expect("check");
            acknowledge(format!("check {} {}", version.id, check.id));
            let kind = if step % 3 == 0 {
                DecisionKind::Returned { reason: "Cite chapter 2.".into() }
            } else {
                DecisionKind::Cleared { justification: Some("Cited standards.".into()) }
            };
            let decision = store.decide(thesis.id, &kind, supervisor, step).expect("decision");
            acknowledge(format!("decision {} {}", thesis.id, decision.id));
        }
    }
}

fn supervisor_less(faculty: &Option<String>) -> NewUser {
    NewUser {
        name: String::new(),
        email: String::new(),
        role: Role::Student,
        faculty: faculty.clone(),
        department: None,
        supervisor: None,
        password_hash: None,
    }
}

/// What the children acknowledged, across all rounds.
#[derive(Default)]
struct Acknowledged {
    theses: BTreeSet<u64>,
    /// Version id → (thesis, number within the thesis, check job id).
    versions: BTreeMap<u64, (u64, u64, u64)>,
    /// Check id → version id.
    checks: BTreeMap<u64, u64>,
    /// Decision id → thesis id.
    decisions: BTreeMap<u64, u64>,
}

impl Acknowledged {
    fn add(&mut self, line: &str) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let number = |index: usize| -> u64 {
            fields
                .get(index)
                .and_then(|field| field.parse().ok())
                .unwrap_or_else(|| panic!("bad line {line:?}"))
        };
        match fields.first().copied() {
            Some("thesis") => {
                self.theses.insert(number(1));
            }
            Some("version") => {
                self.versions.insert(number(2), (number(1), number(3), number(4)));
            }
            Some("check") => {
                self.checks.insert(number(2), number(1));
            }
            Some("decision") => {
                self.decisions.insert(number(2), number(1));
            }
            _ => {}
        }
    }
}

/// A random delay before the kill, from the standard library's randomly seeded hasher.
fn random_delay(round: u32) -> Duration {
    let random = RandomState::new().hash_one(round);
    Duration::from_millis(40 + random % 400)
}

/// Runs one child, kills it at a random moment, and returns its acknowledged lines.
fn run_and_kill_child(dir: &std::path::Path, round: u32) -> Vec<String> {
    let test_binary = std::env::current_exe().expect("test binary path");
    let mut child = Command::new(test_binary)
        .args(["--exact", "crash_child_writer", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR_VARIABLE, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("child starts");
    let mut stdout = child.stdout.take().expect("child stdout");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    std::thread::sleep(random_delay(round));
    let still_running = child.try_wait().expect("child status").is_none();
    if !still_running {
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        panic!("the child stopped on its own in round {round}:\n{stderr}");
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("child is reaped");
    let bytes = reader.join().expect("reader thread");
    let text = String::from_utf8_lossy(&bytes);
    // Only complete lines were acknowledged; a line cut by the kill is ignored.
    let complete = match text.rfind('\n') {
        Some(end) => &text[..end],
        None => "",
    };
    complete.lines().map(str::to_string).collect()
}

fn verify(store: &Store, acknowledged: &Acknowledged, round: u32) {
    for &thesis_id in &acknowledged.theses {
        store.thesis(thesis_id).unwrap_or_else(|error| panic!("round {round}: thesis {thesis_id}: {error}"));
    }
    for (&version_id, &(thesis_id, number, job)) in &acknowledged.versions {
        let version = store.version(version_id).unwrap_or_else(|error| panic!("round {round}: {error}"));
        assert_eq!((version.thesis, u64::from(version.number)), (thesis_id, number), "round {round}");
        let bytes = store.files().get(&version.file_hash).expect("the file of an acknowledged version");
        assert_eq!(bytes, file_bytes(thesis_id, number), "round {round}: file of version {version_id}");
        store.job(job).unwrap_or_else(|error| panic!("round {round}: job {job}: {error}"));
    }
    for (&check_id, &version_id) in &acknowledged.checks {
        let check = store.check(check_id).unwrap_or_else(|error| panic!("round {round}: {error}"));
        assert_eq!(check.version, version_id);
        assert_eq!(check.report_json, format!("{{\"version\":{version_id}}}").into_bytes());
    }
    for (&decision_id, &thesis_id) in &acknowledged.decisions {
        let decision = store.decision(decision_id).unwrap_or_else(|error| panic!("round {round}: {error}"));
        assert_eq!(decision.thesis, thesis_id);
    }
    verify_audit_agrees_with_records(store, round);
}

/// The audit log has no gaps, and every versions / checks / decisions record has exactly one
/// audit entry and every such entry names an existing record.
fn verify_audit_agrees_with_records(store: &Store, round: u32) {
    let entries = store.audit_log(1, usize::MAX).expect("audit log");
    for (index, entry) in entries.iter().enumerate() {
        assert_eq!(entry.seq, index as u64 + 1, "round {round}: gap in the audit log");
    }
    let mut audited_versions = BTreeSet::new();
    let mut audited_checks = BTreeSet::new();
    let mut audited_decisions = BTreeSet::new();
    for entry in &entries {
        let id = |field: &str| entry.details[field].as_u64().expect("audit detail id");
        let fresh = match entry.action {
            AuditAction::VersionUploaded => audited_versions.insert(id("version")),
            AuditAction::CheckRecorded => audited_checks.insert(id("check")),
            AuditAction::ThesisCleared | AuditAction::ThesisReturned => {
                audited_decisions.insert(id("decision"))
            }
            _ => true,
        };
        assert!(fresh, "round {round}: record audited twice: {entry:?}");
    }
    let theses = store.list_theses(&adal::store::ThesisScope::All).expect("theses");
    let (mut versions, mut checks, mut decisions) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for thesis in &theses {
        let thesis_versions = store.versions_of(thesis.id).expect("versions");
        assert_eq!(
            thesis.state.current_version(),
            thesis_versions.last().map(|version| version.id),
            "round {round}"
        );
        for version in &thesis_versions {
            versions.insert(version.id);
            checks.extend(store.checks_of(version.id).expect("checks").iter().map(|check| check.id));
        }
        let thesis_decisions = store.decisions_of(thesis.id).expect("decisions");
        decisions.extend(thesis_decisions.iter().map(|decision| decision.id));
        let expected_kind = match thesis.state {
            ThesisState::Cleared { .. } => Some("cleared"),
            ThesisState::Returned { .. } => Some("returned"),
            _ => None,
        };
        if let Some(expected_kind) = expected_kind {
            let last = thesis_decisions.last().expect("a decided thesis has a decision");
            let kind = serde_json::to_value(&last.kind).expect("kind")["kind"].clone();
            assert_eq!(kind, expected_kind, "round {round}: thesis {}", thesis.id);
        }
    }
    assert_eq!(audited_versions, versions, "round {round}: audit and versions disagree");
    assert_eq!(audited_checks, checks, "round {round}: audit and checks disagree");
    assert_eq!(audited_decisions, decisions, "round {round}: audit and decisions disagree");
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    let rounds =
        std::env::var(ROUNDS_VARIABLE).ok().and_then(|value| value.parse().ok()).unwrap_or(DEFAULT_ROUNDS);
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut acknowledged = Acknowledged::default();
    let mut n_acknowledged_lines = 0;
    for round in 0..rounds {
        let lines = run_and_kill_child(dir.path(), round);
        n_acknowledged_lines += lines.len();
        for line in &lines {
            acknowledged.add(line);
        }
        let store = Store::open(dir.path()).unwrap_or_else(|error| panic!("round {round}: reopen: {error}"));
        verify(&store, &acknowledged, round);
    }
    assert!(n_acknowledged_lines > 0, "the children acknowledged nothing; the test proved nothing");
    eprintln!(
        "{rounds} kills, {n_acknowledged_lines} acknowledged writes, {} decisions verified",
        acknowledged.decisions.len()
    );
}
