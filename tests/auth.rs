//! Authentication primitives and the access matrix: every role × every action, including
//! another student's thesis, another supervisor's student and another faculty.

use adal::auth::{
    authorize, csrf_token, hash_password, hash_token, new_api_token, new_session_id, thesis_scope,
    verify_csrf_token, verify_password, AccessTarget, Action, AuthError, CommissionRef, DenialReason,
    LoginRateLimiter, RateLimitConfig, ThesisRef, UserRef, API_TOKEN_PREFIX, MAX_PASSWORD_BYTES,
};
use adal::store::{Role, ThesisScope, User};
use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};

const STUDENT_A: u64 = 1;
const STUDENT_B: u64 = 2;
const SUPERVISOR_OF_A: u64 = 3;
const SUPERVISOR_OF_B: u64 = 4;

fn user(id: u64, role: Role, faculty: Option<&str>, supervisor: Option<u64>) -> User {
    User {
        id,
        name: format!("user {id}"),
        email: format!("user{id}@example.kz"),
        role,
        faculty: faculty.map(str::to_string),
        department: None,
        supervisor,
        password_hash: None,
        active: true,
        credentials_valid_from: 0,
        created_at: 0,
    }
}

/// The actors of the matrix, in the column order of the table below.
fn actors() -> [User; 6] {
    [
        user(STUDENT_A, Role::Student, Some("IT"), Some(SUPERVISOR_OF_A)),
        user(SUPERVISOR_OF_A, Role::Supervisor, Some("IT"), None),
        user(5, Role::Staff, Some("IT"), None),
        user(6, Role::Staff, Some("Law"), None),
        user(7, Role::Staff, None, None),
        user(8, Role::Admin, None, None),
    ]
}

fn thesis(student: u64, supervisor: u64, faculty: &str) -> ThesisRef {
    ThesisRef { student, supervisor: Some(supervisor), faculty: faculty.to_string() }
}
fn thesis_a() -> AccessTarget {
    AccessTarget::Thesis(thesis(STUDENT_A, SUPERVISOR_OF_A, "IT"))
}
fn thesis_b() -> AccessTarget {
    AccessTarget::Thesis(thesis(STUDENT_B, SUPERVISOR_OF_B, "IT"))
}
fn thesis_law() -> AccessTarget {
    AccessTarget::Thesis(thesis(9, SUPERVISOR_OF_B, "Law"))
}
fn report_a(students_see_reports: bool) -> AccessTarget {
    AccessTarget::Report { thesis: thesis(STUDENT_A, SUPERVISOR_OF_A, "IT"), students_see_reports }
}
fn report_b() -> AccessTarget {
    AccessTarget::Report { thesis: thesis(STUDENT_B, SUPERVISOR_OF_B, "IT"), students_see_reports: true }
}
fn user_a() -> AccessTarget {
    AccessTarget::User(UserRef {
        id: STUDENT_A,
        role: Role::Student,
        faculty: Some("IT".into()),
        supervisor: Some(SUPERVISOR_OF_A),
    })
}
fn user_b() -> AccessTarget {
    AccessTarget::User(UserRef {
        id: STUDENT_B,
        role: Role::Student,
        faculty: Some("IT".into()),
        supervisor: Some(SUPERVISOR_OF_B),
    })
}
fn supervisor_a_profile() -> AccessTarget {
    AccessTarget::User(UserRef {
        id: SUPERVISOR_OF_A,
        role: Role::Supervisor,
        faculty: None,
        supervisor: None,
    })
}
/// A commission of faculty IT on which the supervisor of A holds a seat.
fn commission_it() -> AccessTarget {
    AccessTarget::Commission(CommissionRef {
        faculty: "IT".into(),
        people: vec![SUPERVISOR_OF_A, 6],
        chair: Some(SUPERVISOR_OF_A),
        secretary: Some(6),
        voting: vec![SUPERVISOR_OF_A],
    })
}
fn commission_law() -> AccessTarget {
    AccessTarget::Commission(CommissionRef {
        faculty: "Law".into(),
        people: vec![SUPERVISOR_OF_B],
        chair: Some(SUPERVISOR_OF_B),
        secretary: None,
        voting: vec![SUPERVISOR_OF_B],
    })
}
fn faculty(name: &str) -> AccessTarget {
    AccessTarget::Faculty(name.to_string())
}

const Y: bool = true;
const N: bool = false;

/// Columns: student A, supervisor of A, IT staff, Law staff, institution staff, admin.
fn matrix() -> Vec<(Action, AccessTarget, [bool; 6])> {
    use Action::*;
    vec![
        (ViewThesis, thesis_a(), [Y, Y, Y, N, Y, Y]),
        (ViewThesis, thesis_b(), [N, N, Y, N, Y, Y]),
        (ViewThesis, thesis_law(), [N, N, N, Y, Y, Y]),
        (CreateThesis, thesis_a(), [Y, N, Y, N, Y, Y]),
        (CreateThesis, thesis_b(), [N, N, Y, N, Y, Y]),
        (UploadVersion, thesis_a(), [Y, N, N, N, N, Y]),
        (UploadVersion, thesis_b(), [N, N, N, N, N, Y]),
        (ViewReport, report_a(false), [N, Y, Y, N, Y, Y]),
        (ViewReport, report_a(true), [Y, Y, Y, N, Y, Y]),
        (ViewReport, report_b(), [N, N, Y, N, Y, Y]),
        (ExcludeSource, report_a(true), [N, Y, N, N, N, Y]),
        (ExcludeSource, thesis_a(), [N, Y, N, N, N, Y]),
        (ExcludeSource, report_b(), [N, N, N, N, N, Y]),
        (DecideThesis, thesis_a(), [N, Y, N, N, N, Y]),
        (DecideThesis, thesis_b(), [N, N, N, N, N, Y]),
        (AdmitToDefense, thesis_a(), [N, N, Y, N, Y, Y]),
        (AdmitToDefense, thesis_law(), [N, N, N, Y, Y, Y]),
        (ViewAdmissionList, faculty("IT"), [N, N, Y, N, Y, Y]),
        (ViewAdmissionList, AccessTarget::Institution, [N, N, N, N, Y, Y]),
        (ExportAdmissionCsv, faculty("Law"), [N, N, N, Y, Y, Y]),
        (ExportAdmissionCsv, AccessTarget::Institution, [N, N, N, N, Y, Y]),
        (ManageCorpus, AccessTarget::Institution, [N, N, Y, Y, Y, Y]),
        (StartRescan, faculty("IT"), [N, N, Y, N, Y, Y]),
        (StartRescan, AccessTarget::Institution, [N, N, N, N, Y, Y]),
        (StartRescan, thesis_law(), [N, N, N, Y, Y, Y]),
        (ViewJobs, AccessTarget::Institution, [N, N, Y, Y, Y, Y]),
        (ImportUsers, faculty("Law"), [N, N, N, Y, Y, Y]),
        (ImportUsers, AccessTarget::Institution, [N, N, N, N, Y, Y]),
        (ViewUser, user_a(), [Y, Y, Y, N, Y, Y]),
        (ViewUser, user_b(), [N, N, Y, N, Y, Y]),
        (ManageUsers, user_b(), [N, N, N, N, N, Y]),
        (ManageUsers, AccessTarget::Institution, [N, N, N, N, N, Y]),
        (ChangeSettings, AccessTarget::Institution, [N, N, N, N, N, Y]),
        (ViewAuditLog, AccessTarget::Institution, [N, N, N, N, N, Y]),
        (Backup, AccessTarget::Institution, [N, N, N, N, N, Y]),
        (ManageApiTokens, user_a(), [Y, N, N, N, N, Y]),
        (ManageApiTokens, supervisor_a_profile(), [N, Y, N, N, N, Y]),
        (UploadFeedback, thesis_a(), [N, Y, N, N, N, Y]),
        (UploadFeedback, thesis_b(), [N, N, N, N, N, Y]),
        (UploadReview, thesis_a(), [N, N, Y, N, Y, Y]),
        (UploadReview, thesis_law(), [N, N, N, Y, Y, Y]),
        // A seat lets one see a commission (Law staff sit on the IT one), never manage it.
        (ViewCommission, commission_it(), [N, Y, Y, Y, Y, Y]),
        (ViewCommission, commission_law(), [N, N, N, Y, Y, Y]),
        (ManageCommissions, commission_it(), [N, N, Y, N, Y, Y]),
        (ManageCommissions, faculty("Law"), [N, N, N, Y, Y, Y]),
        (ManageCommissions, AccessTarget::Institution, [N, N, N, N, Y, Y]),
        // The chair moves a defense for an absence, the secretary records a technical failure.
        (RescheduleForAbsence, commission_it(), [N, Y, Y, N, Y, Y]),
        (RescheduleForAbsence, commission_law(), [N, N, N, Y, Y, Y]),
        (RecordTechnicalFailure, commission_it(), [N, N, Y, Y, Y, Y]),
        (RecordTechnicalFailure, commission_law(), [N, N, N, Y, Y, Y]),
        // Only the seat holders grade and record the sitting (and the admin, who may all).
        (GradeDefense, commission_it(), [N, Y, N, N, N, Y]),
        (RecordSitting, commission_it(), [N, N, N, Y, N, Y]),
        (RecordSitting, commission_law(), [N, N, N, N, N, Y]),
        (FileAppeal, thesis_a(), [Y, N, N, N, N, Y]),
        (FileAppeal, thesis_b(), [N, N, N, N, N, Y]),
        (RequestAbsence, thesis_a(), [Y, N, N, N, N, Y]),
        (RequestAbsence, thesis_b(), [N, N, N, N, N, Y]),
        (HearAppeal, commission_it(), [N, Y, N, Y, N, Y]),
        // Only the chair writes the report's conclusions and recommendations (and the admin).
        (WriteChairReport, commission_it(), [N, Y, N, N, N, Y]),
        (WriteChairReport, commission_law(), [N, N, N, N, N, Y]),
    ]
}

#[test]
fn access_matrix_for_every_role_and_action() {
    let actors = actors();
    let mut failures = Vec::new();
    for (action, target, expected_row) in matrix() {
        for (actor, expected) in actors.iter().zip(expected_row) {
            let allowed = authorize(actor, action, &target).is_ok();
            if allowed != expected {
                failures.push(format!("{:?} {action:?} on {target:?}: allowed={allowed}", actor.role));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn matrix_covers_every_action() {
    let covered: HashSet<Action> = matrix().into_iter().map(|(action, _, _)| action).collect();
    let missing: Vec<Action> = Action::ALL.into_iter().filter(|action| !covered.contains(action)).collect();
    assert!(missing.is_empty(), "actions without a row: {missing:?}");
}

#[test]
fn denials_say_why() {
    let [student, supervisor, it_staff, ..] = actors();
    let reason = |actor: &User, action, target: AccessTarget| {
        authorize(actor, action, &target).err().map(|denied| denied.reason)
    };
    assert_eq!(reason(&student, Action::ViewThesis, thesis_b()), Some(DenialReason::NotYourThesis));
    assert_eq!(reason(&student, Action::ViewReport, report_a(false)), Some(DenialReason::ReportsHidden));
    assert_eq!(reason(&supervisor, Action::DecideThesis, thesis_b()), Some(DenialReason::NotYourStudent));
    assert_eq!(reason(&it_staff, Action::ViewThesis, thesis_law()), Some(DenialReason::OutsideYourFaculty));
    assert_eq!(
        reason(&student, Action::ChangeSettings, AccessTarget::Institution),
        Some(DenialReason::RoleNotAllowed)
    );
    assert_eq!(
        reason(&student, Action::ViewThesis, AccessTarget::Institution),
        Some(DenialReason::WrongTarget)
    );
}

#[test]
fn deactivated_user_may_do_nothing() {
    let mut admin = actors()[5].clone();
    admin.active = false;
    for action in Action::ALL {
        let denied = authorize(&admin, action, &AccessTarget::Institution);
        assert_eq!(denied.map_err(|denied| denied.reason), Err(DenialReason::Inactive));
    }
    assert_eq!(thesis_scope(&admin), ThesisScope::Nothing);
}

#[test]
fn listing_scope_follows_the_role() {
    let [student, supervisor, it_staff, _, institution_staff, admin] = actors();
    assert_eq!(thesis_scope(&student), ThesisScope::Student(STUDENT_A));
    assert_eq!(thesis_scope(&supervisor), ThesisScope::Supervisor(SUPERVISOR_OF_A));
    assert_eq!(thesis_scope(&it_staff), ThesisScope::Faculty("IT".into()));
    assert_eq!(thesis_scope(&institution_staff), ThesisScope::All);
    assert_eq!(thesis_scope(&admin), ThesisScope::All);
}

#[test]
fn passwords_hash_with_argon2id_and_verify() {
    let hash = hash_password("Qazaqstan-2025!").expect("hashing works");
    assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
    assert!(verify_password("Qazaqstan-2025!", &hash));
    assert!(!verify_password("qazaqstan-2025!", &hash));
    assert!(!verify_password("", &hash));
    let second = hash_password("Qazaqstan-2025!").expect("hashing works");
    assert_ne!(hash, second, "every hash has its own salt");
    assert!(verify_password("Қазақстан", &hash_password("Қазақстан").expect("hashing works")));
}

#[test]
fn malformed_stored_hash_never_matches() {
    for stored in ["", "plain", "$argon2id$v=19$", "$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB"] {
        assert!(!verify_password("anything", stored), "{stored}");
    }
}

#[test]
fn overlong_password_is_refused() {
    let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
    assert!(matches!(hash_password(&long), Err(AuthError::PasswordTooLong)));
    assert!(!verify_password(&long, "$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB"));
}

#[test]
fn session_ids_and_tokens_are_random_and_stored_as_hashes() {
    let first = new_session_id().expect("random source works");
    let second = new_session_id().expect("random source works");
    assert_eq!(first.len(), 64);
    assert!(first.bytes().all(|byte| byte.is_ascii_hexdigit()));
    assert_ne!(first, second);
    let token = new_api_token().expect("random source works");
    assert!(token.starts_with(API_TOKEN_PREFIX));
    assert_eq!(hash_token(&token), hash_token(&token));
    assert_ne!(hash_token(&token), token);
    assert_ne!(hash_token(&first), hash_token(&second));
}

#[test]
fn csrf_token_is_bound_to_the_session_and_the_secret() {
    let secret = [7u8; 32];
    let token = csrf_token(&secret, "session-one");
    assert!(verify_csrf_token(&secret, "session-one", &token));
    assert!(!verify_csrf_token(&secret, "session-two", &token));
    assert!(!verify_csrf_token(&[8u8; 32], "session-one", &token));
    assert!(!verify_csrf_token(&secret, "session-one", ""));
    let mut tampered = token.clone();
    tampered.replace_range(0..1, if token.starts_with('0') { "1" } else { "0" });
    assert!(!verify_csrf_token(&secret, "session-one", &tampered));
}

const MINUTE: i64 = 60_000;

fn ip(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(10, 0, 0, last))
}

fn limiter() -> LoginRateLimiter {
    LoginRateLimiter::new(RateLimitConfig {
        window_ms: 10 * MINUTE,
        max_failures_per_email: 3,
        max_failures_per_ip: 5,
        max_tracked_keys: 100,
    })
}

#[test]
fn rate_limiter_blocks_an_account_after_repeated_failures_within_the_window() {
    let limiter = limiter();
    for minute in 0..3 {
        assert!(limiter.check("aigerim@example.kz", ip(1), minute * MINUTE).is_ok());
        limiter.record_failure("aigerim@example.kz", ip(1), minute * MINUTE);
    }
    let refusal = limiter.check("Aigerim@Example.kz ", ip(2), 3 * MINUTE).expect_err("blocked");
    // The first failure (minute 0) leaves the ten-minute window at minute 10.
    assert_eq!(refusal.retry_after_ms, 7 * MINUTE);
    assert!(limiter.check("aigerim@example.kz", ip(2), 10 * MINUTE).is_ok());
    assert!(limiter.check("other@example.kz", ip(2), 3 * MINUTE).is_ok());
}

#[test]
fn rate_limiter_blocks_an_address_that_guesses_across_accounts() {
    let limiter = limiter();
    for attempt in 0..5 {
        limiter.record_failure(&format!("user{attempt}@example.kz"), ip(9), attempt * MINUTE);
    }
    assert!(limiter.check("fresh@example.kz", ip(9), 5 * MINUTE).is_err());
    assert!(limiter.check("fresh@example.kz", ip(10), 5 * MINUTE).is_ok());
}

#[test]
fn successful_login_clears_the_account_but_not_the_address() {
    let limiter = limiter();
    for attempt in 0..3 {
        limiter.record_failure("dana@example.kz", ip(3), attempt);
    }
    limiter.record_success("dana@example.kz");
    assert!(limiter.check("dana@example.kz", ip(4), 10).is_ok());
    limiter.record_failure("dana@example.kz", ip(3), 11);
    limiter.record_failure("dana@example.kz", ip(3), 12);
    // Five failures from address 3 in all: the address stays blocked.
    assert!(limiter.check("someone@example.kz", ip(3), 13).is_err());
}

#[test]
fn rate_limiter_memory_stays_bounded() {
    let limiter = limiter();
    for index in 0..1000u32 {
        let address = IpAddr::V4(Ipv4Addr::from(index));
        limiter.record_failure(&format!("u{index}@example.kz"), address, i64::from(index));
    }
    // The newest account is still tracked after the oldest ones were forgotten.
    for _ in 0..2 {
        limiter.record_failure("u999@example.kz", ip(200), 1000);
    }
    assert!(limiter.check("u999@example.kz", ip(201), 1001).is_err());
}
