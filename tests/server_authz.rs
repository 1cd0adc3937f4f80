//! The access matrix over HTTP: every role × every endpoint, against a thesis of faculty
//! "Science" whose student and supervisor are `student_a` and `supervisor_a`.
//!
//! Design: a thesis the caller may not view answers 404 (as if it did not exist); an action on
//! a thesis the caller may view but not do answers 403; institution-wide actions answer 403;
//! without credentials everything answers 401. Allowed calls that the workflow refuses answer
//! 409 and allowed calls with an empty upload 422: they passed the access check.

mod server_support;

use adal::attestation::date::{Date, TimeOfDay};
use adal::attestation::schedule::SchedulePlan;
use adal::store::{Actor, CommissionKind, CommissionSchedule, Composition, NewCommission, Role};
use axum::http::{Method, StatusCode};
use serde_json::json;
use server_support::*;

/// The callers, in the column order of the matrix.
const ROLES: [&str; 9] = [
    "anonymous",
    "admin",
    "staff_all",
    "staff_a",
    "staff_b",
    "supervisor_a",
    "supervisor_b",
    "student_a",
    "student_b",
];

struct Fixture {
    router: axum::Router,
    auths: Vec<Auth>,
    thesis_a: u64,
    thesis_b: u64,
    version_a: u64,
    job_a: u64,
    rescan: u64,
    /// A rescan of thesis A only (faculty "Science").
    rescan_a: u64,
    student_a: u64,
    supervisor_a: u64,
    /// An attestation commission of faculty "Science": `supervisor_a` chairs it, `staff_b`
    /// (of "Law") is a member, `staff_all` its technical secretary.
    commission: u64,
    /// The composition of `commission`, as `PUT /api/commissions/{id}/seats` takes it.
    seats: serde_json::Value,
    supervisor_b: u64,
    _app: adal::server::App,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let admin = create_user(&app, "Admin", Role::Admin, None, None, None);
    let staff_all = create_user(&app, "Staff All", Role::Staff, None, None, None);
    let staff_a = create_user(&app, "Staff A", Role::Staff, Some("Science"), None, None);
    let staff_b = create_user(&app, "Staff B", Role::Staff, Some("Law"), None, None);
    let supervisor_a = create_user(&app, "Supervisor A", Role::Supervisor, Some("Science"), None, None);
    let supervisor_b = create_user(&app, "Supervisor B", Role::Supervisor, Some("Law"), None, None);
    let student_a =
        create_user(&app, "Student A", Role::Student, Some("Science"), Some(supervisor_a.user.id), None);
    let student_b =
        create_user(&app, "Student B", Role::Student, Some("Law"), Some(supervisor_b.user.id), None);
    let router = app.router();
    let users =
        [&admin, &staff_all, &staff_a, &staff_b, &supervisor_a, &supervisor_b, &student_a, &student_b];
    let mut auths = vec![Auth::None];
    auths.extend(users.iter().map(|user| Auth::of(user)));

    let text = b"A short thesis about steppe ecology and the grazing of livestock in spring.";
    let thesis_a = create_thesis(&router, &Auth::of(&student_a), "Steppe ecology", "en").await;
    let job = upload_and_wait(&router, &Auth::of(&student_a), thesis_a, "a.txt", text).await;
    assert_eq!(job["state"], "done", "{job}");
    let thesis_b = create_thesis(&router, &Auth::of(&student_b), "Contract law", "en").await;
    let job_b = upload_and_wait(&router, &Auth::of(&student_b), thesis_b, "b.txt", text).await;
    assert_eq!(job_b["state"], "done", "{job_b}");
    let rescan =
        post_json(&router, "/api/rescans", &Auth::of(&admin), json!({ "selection": "theses", "theses": [] }))
            .await;
    assert_eq!(rescan.status, StatusCode::ACCEPTED, "{}", rescan.text);
    let rescan_a = post_json(
        &router,
        "/api/rescans",
        &Auth::of(&admin),
        json!({ "selection": "theses", "theses": [thesis_a] }),
    )
    .await;
    assert_eq!(rescan_a.status, StatusCode::ACCEPTED, "{}", rescan_a.text);
    let new_commission = NewCommission {
        kind: CommissionKind::Attestation,
        name: "GAK".into(),
        faculty: "Science".into(),
        programmes: vec!["6B01".into()],
        year: 2026,
    };
    let store = &app.state.store;
    let commission = store.create_commission(&new_commission, Actor::System, 1).expect("commission");
    let composition = Composition::Attestation {
        chair: supervisor_a.user.id,
        members: vec![staff_b.user.id],
        secretary: staff_all.user.id,
    };
    store.assign_seats(commission.id, &composition, Actor::System, 2).expect("seats");
    // An empty schedule: the routes that read, move and publish it answer.
    let plan = SchedulePlan {
        first_day: Date::from_ymd(2026, 6, 8).expect("date"),
        daily_start: TimeOfDay::hm(9, 0).expect("time"),
        slot_minutes: 15,
        sitting_minutes: 300,
    };
    let schedule = CommissionSchedule {
        commission: commission.id,
        plan,
        schedule: Default::default(),
        theses: Vec::new(),
        published_at: None,
        acts: Vec::new(),
        meeting_link: None,
        created_at: 3,
        updated_at: 3,
    };
    store.put_new_schedule(&schedule, Actor::System, 3).expect("schedule");
    let seats = json!({
        "kind": "attestation",
        "chair": supervisor_a.user.id,
        "members": [staff_b.user.id],
        "secretary": staff_all.user.id,
    });
    Fixture {
        router,
        auths,
        thesis_a,
        thesis_b,
        version_a: job["version"].as_u64().expect("version"),
        job_a: job["id"].as_u64().expect("job"),
        rescan: rescan.body["id"].as_u64().expect("rescan id"),
        rescan_a: rescan_a.body["id"].as_u64().expect("rescan id"),
        student_a: student_a.user.id,
        supervisor_a: supervisor_a.user.id,
        commission: commission.id,
        seats,
        supervisor_b: supervisor_b.user.id,
        _app: app,
        _dir: dir,
    }
}

/// One endpoint and the status each role gets, in the order of [`ROLES`].
struct Case {
    method: Method,
    uri: String,
    body: Option<serde_json::Value>,
    /// A multipart upload of this file content instead of a JSON body.
    upload: Option<&'static [u8]>,
    expected: [u16; 9],
}

fn case(method: Method, uri: String, body: Option<serde_json::Value>, expected: [u16; 9]) -> Case {
    Case { method, uri, body, upload: None, expected }
}

async fn call(fixture: &Fixture, case: &Case, auth: &Auth, call_number: usize) -> Answer {
    if let Some(bytes) = case.upload {
        let bytes =
            String::from_utf8_lossy(bytes).replace("NEW_EMAIL", &format!("new{call_number}@test.adal"));
        return upload(&fixture.router, &case.uri, auth, "upload.csv", bytes.as_bytes()).await;
    }
    // A fresh e-mail per call, so that only authorization decides the outcome of user creation.
    let body = case
        .body
        .as_ref()
        .map(|body| body.to_string().replace("NEW_EMAIL", &format!("new{call_number}@test.adal")));
    match body {
        Some(body) => {
            send(
                &fixture.router,
                case.method.clone(),
                &case.uri,
                auth,
                Some("application/json"),
                body.into_bytes(),
            )
            .await
        }
        None => send(&fixture.router, case.method.clone(), &case.uri, auth, None, Vec::new()).await,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_on_every_endpoint() {
    let fixture = fixture().await;
    let (t, v, j, r) = (fixture.thesis_a, fixture.version_a, fixture.job_a, fixture.rescan);
    let c = fixture.commission;
    let thesis_view = [401, 200, 200, 200, 404, 200, 404, 200, 404];
    let report_view = [401, 200, 200, 200, 404, 200, 404, 403, 404];
    let everyone = [401, 200, 200, 200, 200, 200, 200, 200, 200];
    let staff_only = [401, 200, 200, 200, 200, 403, 403, 403, 403];
    let admin_only = [401, 200, 403, 403, 403, 403, 403, 403, 403];
    let settings = serde_json::to_value(adal::workflow::Settings::default()).expect("settings");
    let cases = vec![
        case(Method::GET, "/api/me".into(), None, everyone),
        case(Method::GET, "/api/tokens".into(), None, everyone),
        case(Method::GET, "/api/theses".into(), None, everyone),
        case(Method::GET, "/api/users".into(), None, everyone),
        case(Method::GET, format!("/api/theses/{t}"), None, thesis_view),
        case(Method::GET, format!("/api/jobs/{j}"), None, thesis_view),
        case(Method::GET, format!("/api/versions/{v}/report"), None, report_view),
        case(Method::GET, format!("/api/versions/{v}/file"), None, thesis_view),
        case(Method::GET, format!("/api/versions/{v}/report.html"), None, report_view),
        case(
            Method::POST,
            format!("/api/theses/{t}/exclusions"),
            Some(json!({})),
            [401, 200, 403, 403, 404, 200, 404, 403, 404],
        ),
        case(
            Method::POST,
            format!("/api/theses/{t}/decision"),
            Some(json!({ "decision": "return", "reason": "" })),
            [401, 409, 403, 403, 404, 409, 404, 403, 404],
        ),
        case(
            Method::POST,
            format!("/api/theses/{t}/admit"),
            Some(json!({})),
            [401, 409, 409, 409, 404, 403, 404, 403, 404],
        ),
        Case {
            method: Method::POST,
            uri: format!("/api/theses/{t}/versions"),
            body: None,
            upload: Some(b""),
            expected: [401, 422, 403, 403, 404, 403, 404, 422, 404],
        },
        case(
            Method::POST,
            "/api/theses".into(),
            Some(json!({ "title": "New", "student": fixture.student_a })),
            [401, 201, 201, 201, 403, 403, 403, 201, 201],
        ),
        case(Method::GET, "/api/admission-list".into(), None, staff_only),
        case(Method::GET, "/api/admission-list.csv".into(), None, staff_only),
        case(Method::GET, "/api/corpus".into(), None, staff_only),
        case(Method::GET, "/api/corpus/search?q=water".into(), None, staff_only),
        case(
            Method::DELETE,
            "/api/corpus/no-such-document".into(),
            None,
            [401, 404, 404, 404, 404, 403, 403, 403, 403],
        ),
        case(
            Method::POST,
            "/api/corpus/no-such-document/template".into(),
            Some(json!({ "template": true })),
            [401, 404, 404, 404, 404, 403, 403, 403, 403],
        ),
        case(
            Method::POST,
            "/api/rescans".into(),
            Some(json!({ "selection": "theses", "theses": [] })),
            [401, 202, 202, 202, 202, 403, 403, 403, 403],
        ),
        case(
            Method::POST,
            "/api/rescans".into(),
            Some(json!({ "selection": "theses", "theses": [t] })),
            [401, 202, 202, 202, 404, 403, 403, 403, 403],
        ),
        case(
            Method::POST,
            "/api/rescans".into(),
            Some(json!({ "selection": "year", "year": 2026 })),
            [401, 202, 202, 403, 403, 403, 403, 403, 403],
        ),
        // A student may not pick a supervisor; staff only one of the thesis's faculty.
        case(
            Method::POST,
            "/api/theses".into(),
            Some(json!({ "title": "New", "student": fixture.student_a, "supervisor": fixture.supervisor_b })),
            [401, 422, 422, 422, 403, 403, 403, 422, 201],
        ),
        case(
            Method::POST,
            "/api/theses".into(),
            Some(json!({ "title": "New", "student": fixture.student_a, "supervisor": fixture.supervisor_a })),
            [401, 201, 201, 201, 403, 403, 403, 201, 422],
        ),
        case(Method::GET, "/api/jobs".into(), None, staff_only),
        case(Method::GET, format!("/api/rescans/{r}/summary.csv"), None, staff_only),
        // A rescan of faculty A's thesis is not faculty B's staff's business.
        case(
            Method::GET,
            format!("/api/rescans/{}/summary.csv", fixture.rescan_a),
            None,
            [401, 200, 200, 200, 404, 403, 403, 403, 403],
        ),
        case(
            Method::GET,
            format!("/api/jobs/{}", fixture.rescan_a),
            None,
            [401, 200, 200, 200, 404, 404, 404, 404, 404],
        ),
        // User imports: only an admin creates admins and staff; faculty staff only their own
        // faculty's users; a row without a faculty takes the importer's, or is refused.
        Case {
            method: Method::POST,
            uri: "/api/users/import".into(),
            body: None,
            upload: Some(b"Evil,NEW_EMAIL,admin,Science,\n"),
            expected: [401, 201, 422, 422, 422, 403, 403, 403, 403],
        },
        Case {
            method: Method::POST,
            uri: "/api/users/import".into(),
            body: None,
            upload: Some(b"Evil,NEW_EMAIL,staff,Science,\n"),
            expected: [401, 201, 422, 422, 422, 403, 403, 403, 403],
        },
        Case {
            method: Method::POST,
            uri: "/api/users/import".into(),
            body: None,
            upload: Some(b"New,NEW_EMAIL,student,Science,\n"),
            expected: [401, 201, 201, 201, 403, 403, 403, 403, 403],
        },
        Case {
            method: Method::POST,
            uri: "/api/users/import".into(),
            body: None,
            upload: Some(b"New,NEW_EMAIL,student,,\n"),
            expected: [401, 422, 422, 201, 201, 403, 403, 403, 403],
        },
        Case {
            method: Method::POST,
            uri: "/api/users/import".into(),
            body: None,
            upload: Some(b"name,email,role,faculty,supervisor\n"),
            expected: [401, 201, 201, 201, 201, 403, 403, 403, 403],
        },
        case(
            Method::POST,
            "/api/users".into(),
            Some(json!({ "name": "New", "email": "NEW_EMAIL", "role": "student" })),
            {
                let mut expected = admin_only;
                expected[1] = 201;
                expected
            },
        ),
        case(
            Method::PATCH,
            format!("/api/users/{}", fixture.student_a),
            Some(json!({ "name": "Student A" })),
            admin_only,
        ),
        case(Method::GET, "/api/settings".into(), None, admin_only),
        case(Method::PUT, "/api/settings".into(), Some(settings), admin_only),
        case(Method::GET, "/api/audit".into(), None, admin_only),
        case(Method::POST, "/api/admin/backup".into(), None, admin_only),
        // Defense documents: the supervisor files the feedback, staff the review (here without
        // the reviewer's name: 422 once access is granted); whoever views the thesis reads them.
        Case {
            method: Method::POST,
            uri: format!("/api/theses/{t}/documents/feedback"),
            body: None,
            upload: Some(b"The supervisor's feedback."),
            expected: [401, 201, 403, 403, 404, 201, 404, 403, 404],
        },
        Case {
            method: Method::POST,
            uri: format!("/api/theses/{t}/documents/review"),
            body: None,
            upload: Some(b"The external review."),
            expected: [401, 422, 422, 422, 404, 403, 404, 403, 404],
        },
        case(Method::GET, format!("/api/theses/{t}/documents"), None, thesis_view),
        // Thesis A is on no schedule: only access decides between 404s, so all are 404.
        case(
            Method::GET,
            format!("/api/theses/{t}/defense"),
            None,
            [401, 404, 404, 404, 404, 404, 404, 404, 404],
        ),
        case(Method::GET, format!("/api/theses/{t}/documents/feedback"), None, thesis_view),
        // Commissions: staff of the faculty manage them; whoever holds a seat sees one.
        case(Method::GET, "/api/commissions".into(), None, everyone),
        case(
            Method::GET,
            format!("/api/commissions/{c}"),
            None,
            [401, 200, 200, 200, 200, 200, 404, 404, 404],
        ),
        case(
            Method::POST,
            "/api/commissions".into(),
            Some(json!({ "name": "New", "faculty": "Science", "programmes": ["6B01"], "year": 2026 })),
            [401, 201, 201, 201, 403, 403, 403, 403, 403],
        ),
        case(
            Method::POST,
            "/api/commissions".into(),
            Some(json!({ "name": "Appeals", "appeal_of": c })),
            [401, 201, 201, 201, 403, 403, 404, 404, 404],
        ),
        case(
            Method::PUT,
            format!("/api/commissions/{c}/seats"),
            Some(fixture.seats.clone()),
            [401, 200, 200, 200, 403, 403, 404, 404, 404],
        ),
        // Schedules: staff build and publish; the chair moves for an absence (student A is
        // not on the empty schedule: 422 once access is granted); seat holders read and export.
        case(
            Method::POST,
            format!("/api/commissions/{c}/schedule"),
            Some(
                json!({ "first_day": "2026-06-08", "daily_start": "09:00", "slot_minutes": 15, "sitting_minutes": 300 }),
            ),
            [401, 409, 409, 409, 403, 403, 404, 404, 404],
        ),
        case(
            Method::GET,
            format!("/api/commissions/{c}/schedule"),
            None,
            [401, 200, 200, 200, 200, 200, 404, 404, 404],
        ),
        case(
            Method::GET,
            format!("/api/commissions/{c}/schedule.ics"),
            None,
            [401, 200, 200, 200, 200, 200, 404, 404, 404],
        ),
        case(
            Method::POST,
            format!("/api/commissions/{c}/schedule/reschedule"),
            Some(json!({ "reason": "valid_absence", "student": fixture.student_a })),
            [401, 422, 422, 422, 403, 422, 404, 404, 404],
        ),
        case(
            Method::POST,
            format!("/api/commissions/{c}/schedule/reschedule"),
            Some(
                json!({ "reason": "technical_failure", "student": fixture.student_a, "description": "Lost." }),
            ),
            [401, 422, 422, 422, 403, 403, 404, 404, 404],
        ),
        case(
            Method::POST,
            format!("/api/commissions/{c}/schedule/publish"),
            None,
            [401, 200, 200, 200, 403, 403, 404, 404, 404],
        ),
        // Grading: only the chair and the members mark, only the secretary records the sitting
        // (thesis A has no defense here: 404 once access is granted); staff publish results
        // (none graded: 409 once access is granted).
        case(
            Method::POST,
            format!("/api/commissions/{c}/defenses/{t}/marks"),
            Some(json!({ "percent": 90 })),
            [401, 404, 403, 403, 404, 404, 404, 404, 404],
        ),
        case(
            Method::POST,
            format!("/api/commissions/{c}/defenses/{t}/held"),
            None,
            [401, 404, 404, 403, 403, 403, 404, 404, 404],
        ),
        case(
            Method::POST,
            format!("/api/commissions/{c}/results/publish"),
            None,
            [401, 409, 409, 409, 403, 403, 404, 404, 404],
        ),
        case(
            Method::POST,
            format!("/api/commissions/{c}/results/close"),
            None,
            [401, 409, 409, 409, 403, 403, 404, 404, 404],
        ),
        // Appeals: only the student files one (thesis A has no published result: 404 once
        // access is granted); everyone lists the appeals they see.
        case(
            Method::POST,
            format!("/api/theses/{t}/appeal"),
            Some(json!({ "reason": "Grounds." })),
            [401, 404, 403, 403, 404, 403, 404, 404, 404],
        ),
        case(Method::GET, "/api/appeals".into(), None, everyone),
        // Absence requests (§22): only the student asks (here without a reason: 422 once access
        // is granted); there is none to read or refuse (404 once access is granted); only the
        // chair and staff who manage the commission refuse one.
        Case {
            method: Method::POST,
            uri: format!("/api/theses/{t}/absence"),
            body: None,
            upload: Some(b"A certificate."),
            expected: [401, 422, 403, 403, 404, 403, 404, 422, 404],
        },
        case(
            Method::GET,
            format!("/api/theses/{t}/absence"),
            None,
            [401, 404, 404, 404, 404, 404, 404, 404, 404],
        ),
        case(
            Method::GET,
            format!("/api/theses/{t}/absence/file"),
            None,
            [401, 404, 404, 404, 404, 404, 404, 404, 404],
        ),
        case(
            Method::POST,
            format!("/api/commissions/{c}/absences/{t}/refuse"),
            None,
            [401, 404, 404, 404, 403, 404, 404, 404, 404],
        ),
        // The report's conclusions and recommendations: the chair alone (and the admin).
        case(
            Method::PUT,
            format!("/api/commissions/{c}/recommendations"),
            Some(json!({ "text": "Recommendations." })),
            [401, 200, 403, 403, 403, 200, 404, 404, 404],
        ),
        // The chair's report: whoever sees the commission.
        case(
            Method::GET,
            format!("/api/commissions/{c}/report.docx"),
            None,
            [401, 200, 200, 200, 200, 200, 404, 404, 404],
        ),
        case(Method::POST, "/api/logout".into(), None, [401, 204, 204, 204, 204, 204, 204, 204, 204]),
    ];
    let mut failures = Vec::new();
    let mut call_number = 0;
    for case in &cases {
        for (role_index, auth) in fixture.auths.iter().enumerate() {
            call_number += 1;
            let answer = call(&fixture, case, auth, call_number).await;
            let expected = case.expected[role_index];
            if answer.status.as_u16() != expected {
                failures.push(format!(
                    "{} {} as {}: {} (expected {expected}) {}",
                    case.method, case.uri, ROLES[role_index], answer.status, answer.text
                ));
            }
            if answer.status.is_client_error() {
                let has_shape =
                    answer.body["error"]["code"].is_string() && answer.body["error"]["message"].is_string();
                assert!(has_shape, "{} {}: error shape {}", case.method, case.uri, answer.text);
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listings_show_only_what_each_role_may_see() {
    let fixture = fixture().await;
    let (a, b) = (fixture.thesis_a, fixture.thesis_b);
    let expected: [&[u64]; 9] = [&[], &[a, b], &[a, b], &[a], &[b], &[a], &[b], &[a], &[b]];
    for (role_index, auth) in fixture.auths.iter().enumerate().skip(1) {
        let answer = get(&fixture.router, "/api/theses", auth).await;
        let ids: Vec<u64> = answer.body["theses"]
            .as_array()
            .expect("theses")
            .iter()
            .filter_map(|thesis| thesis["id"].as_u64())
            .collect();
        assert_eq!(ids, expected[role_index], "{}", ROLES[role_index]);
    }
    // Health and the API description need no login.
    assert_eq!(get(&fixture.router, "/healthz", &Auth::None).await.status, StatusCode::OK);
    let openapi = get(&fixture.router, "/api/openapi.json", &Auth::None).await;
    assert_eq!(openapi.status, StatusCode::OK);
    assert!(openapi.body["paths"]["/api/theses/{id}/versions"]["post"]["requestBody"].is_object());
    // A bogus session cookie and a bogus token are unauthenticated, in the request's language.
    let bogus_cookie = Auth::Session { cookie: "adal_session=0123".into(), csrf: None };
    let answer = get(&fixture.router, "/api/theses?lang=ru", &bogus_cookie).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.body["error"]["message"], "Войдите в систему.");
    let answer = get(&fixture.router, "/api/theses", &Auth::Bearer("adal_nope".into())).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.body["error"]["message"], "Жүйеге кіріңіз.");
}
