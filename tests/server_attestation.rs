//! The final attestation over HTTP (issue #18), layer by layer: commissions and their seats
//! with the §65 checks, and every change in the audit log.

mod server_support;

use adal::store::Role;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use server_support::*;

/// The people of an attestation: staff of faculty "Science", teachers who sit on commissions,
/// an administrator account and a student.
struct People {
    admin: TestUser,
    staff: TestUser,
    staff_law: TestUser,
    chair: TestUser,
    member: TestUser,
    secretary: TestUser,
    outsider: TestUser,
    appeal: [TestUser; 3],
    student: TestUser,
}

fn people(app: &adal::server::App) -> People {
    let teacher = |name: &str| create_user(app, name, Role::Supervisor, Some("Science"), None, None);
    let supervisor = teacher("Supervisor");
    People {
        admin: create_user(app, "Admin", Role::Admin, None, None, None),
        staff: create_user(app, "Staff", Role::Staff, Some("Science"), None, None),
        staff_law: create_user(app, "Staff Law", Role::Staff, Some("Law"), None, None),
        chair: teacher("Chair"),
        member: teacher("Member"),
        secretary: create_user(app, "Secretary", Role::Staff, Some("Science"), None, None),
        outsider: teacher("Outsider"),
        appeal: [teacher("Appeal One"), teacher("Appeal Two"), teacher("Appeal Three")],
        student: create_user(app, "Student", Role::Student, Some("Science"), Some(supervisor.user.id), None),
    }
}

async fn put_json(router: &axum::Router, uri: &str, auth: &Auth, body: Value) -> Answer {
    send(router, Method::PUT, uri, auth, Some("application/json"), body.to_string().into_bytes()).await
}

/// Creates a commission as `auth` and answers its id.
async fn create_commission(router: &axum::Router, auth: &Auth, body: Value) -> u64 {
    let answer = post_json(router, "/api/commissions", auth, body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.body["id"].as_u64().expect("commission id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commissions_seats_and_the_appeal_commission_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let router = app.router();
    let p = people(&app);
    let staff = Auth::of(&p.staff);
    let attestation = create_commission(
        &router,
        &staff,
        json!({ "name": "GAK 6B01", "programmes": ["6B01", " 6B01 ", "6B02"], "year": 2026 }),
    )
    .await;
    let seats_uri = format!("/api/commissions/{attestation}/seats");
    let seats = |chair: u64, members: Vec<u64>, secretary: u64| json!({ "kind": "attestation", "chair": chair, "members": members, "secretary": secretary });
    let (chair, member, secretary) = (p.chair.user.id, p.member.user.id, p.secretary.user.id);

    // The shape: a student, one person in two seats, no member besides the chair.
    for (body, expected_code) in [
        (seats(chair, vec![p.student.user.id], secretary), "commission_refused"),
        (seats(chair, vec![member, chair], secretary), "commission_refused"),
        (seats(chair, vec![], secretary), "commission_refused"),
        (json!({ "kind": "appeal", "members": [{ "user": member }] }), "commission_refused"),
    ] {
        let answer = put_json(&router, &seats_uri, &staff, body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
        assert_eq!(answer.body["error"]["code"], expected_code);
    }
    let answer = put_json(&router, &seats_uri, &staff, seats(chair, vec![member], secretary)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let seat_names: Vec<(&str, &str)> = answer.body["seats"]
        .as_array()
        .expect("seats")
        .iter()
        .map(|seat| (seat["name"].as_str().unwrap_or(""), seat["seat"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(seat_names, [("Chair", "chair"), ("Member", "member"), ("Secretary", "secretary")]);
    assert_eq!(answer.body["programmes"], json!(["6B01", "6B02"]));

    // Staff of another faculty may not create one for Science nor see this one.
    let law = Auth::of(&p.staff_law);
    let answer = post_json(
        &router,
        "/api/commissions",
        &law,
        json!({ "name": "X", "faculty": "Science", "programmes": ["6B01"], "year": 2026 }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    assert_eq!(
        get(&router, &format!("/api/commissions/{attestation}"), &law).await.status,
        StatusCode::NOT_FOUND
    );

    // The appeal commission: odd, nobody from the attestation commission, no administrator.
    let appeal =
        create_commission(&router, &staff, json!({ "name": "Appeals 6B01", "appeal_of": attestation })).await;
    let appeal_uri = format!("/api/commissions/{appeal}/seats");
    let [one, two, three] = [&p.appeal[0], &p.appeal[1], &p.appeal[2]].map(|user| user.user.id);
    let members = |list: &[(u64, bool)]| {
        let members: Vec<Value> = list
            .iter()
            .map(|&(user, is_administrator)| json!({ "user": user, "is_administrator": is_administrator }))
            .collect();
        json!({ "kind": "appeal", "members": members })
    };
    for (list, expected_en) in [
        (vec![(one, false), (two, false)], "odd number"),
        (vec![(one, false), (two, false), (member, false)], "attestation commission cannot sit"),
        (vec![(one, false), (two, false), (secretary, false)], "attestation commission cannot sit"),
        (vec![(one, false), (two, false), (three, true)], "administration"),
        (vec![(one, false), (two, false), (p.admin.user.id, false)], "administration"),
        (vec![(one, false), (one, false), (two, false)], "listed twice"),
    ] {
        let answer = put_json(&router, &format!("{appeal_uri}?lang=en"), &staff, members(&list)).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{list:?}: {}", answer.text);
        assert_eq!(answer.body["error"]["code"], "attestation_refused");
        let message = answer.body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(expected_en), "{list:?}: {message}");
    }
    let answer =
        put_json(&router, &format!("{appeal_uri}?lang=ru"), &staff, members(&[(one, false), (two, false)]))
            .await;
    let message = answer.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("Число членов апелляционной комиссии должно быть нечётным."), "{message}");
    let answer =
        put_json(&router, &appeal_uri, &staff, members(&[(one, false), (two, false), (three, false)])).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["faculty"], "Science");
    assert_eq!(answer.body["attestation_commission"], attestation);

    // §65 the other way: the attestation commission cannot take an appeal member in later.
    let answer = put_json(&router, &seats_uri, &staff, seats(chair, vec![member, two], secretary)).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    assert_eq!(answer.body["error"]["code"], "attestation_refused");
    let detail = get(&router, &format!("/api/commissions/{attestation}"), &staff).await;
    assert_eq!(detail.body["appeal_commissions"], json!([appeal]));
    assert_eq!(detail.body["seats"].as_array().map(Vec::len), Some(3), "the refused change left the seats");

    // Whoever holds a seat sees the commission; others do not.
    for (user, expected) in [(&p.chair, 200), (&p.secretary, 200), (&p.outsider, 404), (&p.student, 404)] {
        let answer = get(&router, &format!("/api/commissions/{attestation}"), &Auth::of(user)).await;
        assert_eq!(answer.status.as_u16(), expected, "{}: {}", user.user.name, answer.text);
        let listed = get(&router, "/api/commissions", &Auth::of(user)).await;
        let ids: Vec<u64> = listed.body["commissions"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|c| c["id"].as_u64())
            .collect();
        assert_eq!(ids.contains(&attestation), expected == 200, "{}", user.user.name);
    }
    let appeal_member = get(&router, "/api/commissions", &Auth::of(&p.appeal[0])).await;
    assert_eq!(appeal_member.body["commissions"].as_array().map(Vec::len), Some(1), "{}", appeal_member.text);

    // Every change is in the audit log, with the composition before and after.
    let audit = get(&router, "/api/audit?limit=1000", &Auth::of(&p.admin)).await;
    let entries: Vec<&Value> = audit.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry["target"]["kind"] == "commission")
        .collect();
    let actions: Vec<&str> = entries.iter().map(|entry| entry["action"].as_str().unwrap_or("")).collect();
    assert_eq!(
        actions,
        [
            "commission_created",
            "commission_seats_assigned",
            "commission_created",
            "commission_seats_assigned"
        ]
    );
    assert_eq!(entries[1]["details"]["before"], Value::Null);
    assert_eq!(entries[1]["details"]["after"]["chair"], chair);
    assert_eq!(entries[1]["actor"]["id"], p.staff.user.id);
}

/// Uploads a defense document of `kind` as `auth`, with the reviewer's name when given.
async fn upload_document(
    router: &axum::Router,
    thesis: u64,
    kind: &str,
    auth: &Auth,
    reviewer: Option<&str>,
) -> Answer {
    let fields: Vec<(&str, &str)> = reviewer.map(|name| ("reviewer_name", name)).into_iter().collect();
    let (content_type, body) =
        multipart_body(&format!("{kind}.txt"), format!("The {kind} of the thesis.").as_bytes(), &fields);
    let uri = format!("/api/theses/{thesis}/documents/{kind}?lang=en");
    send(router, Method::POST, &uri, auth, Some(&content_type), body).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admission_needs_the_feedback_and_the_external_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let router = app.router();
    let staff = create_user(&app, "Staff", Role::Staff, Some("Science"), None, None);
    let supervisor = create_user(&app, "Supervisor", Role::Supervisor, Some("Science"), None, None);
    let other_supervisor = create_user(&app, "Other", Role::Supervisor, Some("Science"), None, None);
    let student =
        create_user(&app, "Student", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let admin = create_user(&app, "Admin", Role::Admin, None, None, None);
    let (staff, supervisor, student) = (Auth::of(&staff), Auth::of(&supervisor), Auth::of(&student));
    let thesis = create_thesis(&router, &student, "Grazing in spring", "en").await;
    let text = b"A short thesis about steppe ecology and the grazing of livestock in spring.";
    let job = upload_and_wait(&router, &student, thesis, "thesis.txt", text).await;
    assert_eq!(job["state"], "done", "{job}");
    let clear = json!({ "decision": "clear", "justification": "Quoted standards." });
    let cleared = post_json(&router, &format!("/api/theses/{thesis}/decision"), &supervisor, clear).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.text);
    let admit_uri = format!("/api/theses/{thesis}/admit?lang=en");
    let refused_admission = |expected: &'static str| {
        let router = router.clone();
        let (staff, admit_uri) = (staff.clone(), admit_uri.clone());
        async move {
            let answer = post_json(&router, &admit_uri, &staff, json!({})).await;
            assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.text);
            assert_eq!(answer.body["error"]["code"], "workflow_refused");
            assert_eq!(answer.body["error"]["message"], expected);
        }
    };
    refused_admission("Admission needs the supervisor's feedback and the external review on file.").await;

    // The supervisor files the feedback; nobody else does.
    for (auth, expected) in [(&student, 403), (&staff, 403), (&Auth::of(&other_supervisor), 404)] {
        let answer = upload_document(&router, thesis, "feedback", auth, None).await;
        assert_eq!(answer.status.as_u16(), expected, "{}", answer.text);
    }
    let feedback = upload_document(&router, thesis, "feedback", &supervisor, None).await;
    assert_eq!(feedback.status, StatusCode::CREATED, "{}", feedback.text);
    assert_eq!(feedback.body["author_name"], Value::Null);
    let list = get(&router, "/api/admission-list", &staff).await;
    let row = &list.body["theses"][0];
    assert_eq!(
        (row["feedback_on_file"].as_bool(), row["review_on_file"].as_bool()),
        (Some(true), Some(false))
    );
    refused_admission("Admission needs the external review on file.").await;

    // Staff file the review on the reviewer's behalf, naming the reviewer.
    let answer = upload_document(&router, thesis, "review", &supervisor, Some("Dr. Sadykova")).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    let answer = upload_document(&router, thesis, "review", &staff, None).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    assert_eq!(answer.body["error"]["code"], "reviewer_name_required");
    let review = upload_document(&router, thesis, "review", &staff, Some("Dr. Aigerim Sadykova")).await;
    assert_eq!(review.status, StatusCode::CREATED, "{}", review.text);

    // The student reads both, and the files come back as uploaded.
    let documents = get(&router, &format!("/api/theses/{thesis}/documents"), &student).await;
    let kinds: Vec<&str> = documents.body["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["feedback", "review"]);
    assert_eq!(documents.body["documents"][1]["author_name"], "Dr. Aigerim Sadykova");
    let file = get(&router, &format!("/api/theses/{thesis}/documents/review"), &student).await;
    assert_eq!(file.text, "The review of the thesis.");

    let admitted = post_json(&router, &admit_uri, &staff, json!({})).await;
    assert_eq!(admitted.status, StatusCode::OK, "{}", admitted.text);
    let late = upload_document(&router, thesis, "feedback", &supervisor, None).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text);
    let audit = get(&router, "/api/audit?limit=1000", &Auth::of(&admin)).await;
    let filed: Vec<&Value> = audit.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry["action"] == "defense_document_added")
        .collect();
    assert_eq!(filed.len(), 2);
    assert_eq!(filed[1]["details"]["author_name"], "Dr. Aigerim Sadykova");
}

/// A thesis of `programme` registered, checked, cleared and admitted with its documents;
/// answers its id.
async fn admitted_thesis(
    router: &axum::Router,
    student: &Auth,
    supervisor: &Auth,
    staff: &Auth,
    programme: &str,
) -> u64 {
    let body =
        json!({ "title": format!("A thesis of {programme}"), "programme": programme, "language": "en" });
    let created = post_json(router, "/api/theses", student, body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let thesis = created.body["id"].as_u64().expect("thesis id");
    let text =
        format!("Thesis {thesis}: a short study of steppe ecology and the grazing of livestock in spring.");
    let job = upload_and_wait(router, student, thesis, "thesis.txt", text.as_bytes()).await;
    assert_eq!(job["state"], "done", "{job}");
    let clear = json!({ "decision": "clear", "justification": "Quoted standards." });
    let cleared = post_json(router, &format!("/api/theses/{thesis}/decision"), supervisor, clear).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.text);
    file_defense_documents(router, thesis, supervisor, staff).await;
    let admitted = post_json(router, &format!("/api/theses/{thesis}/admit"), staff, json!({})).await;
    assert_eq!(admitted.status, StatusCode::OK, "{}", admitted.text);
    thesis
}

/// The (student, date, start) of every slot of a schedule answer.
fn slots(answer: &Answer) -> Vec<(u64, String, String)> {
    answer.body["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|slot| {
            let text = |key: &str| slot[key].as_str().unwrap_or_default().to_string();
            (slot["student"].as_u64().unwrap_or_default(), text("date"), text("start"))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_is_built_moved_published_and_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let router = app.router();
    let p = people(&app);
    let staff = Auth::of(&p.staff);
    let supervisor = create_user(&app, "Their Supervisor", Role::Supervisor, Some("Science"), None, None);
    let students: Vec<TestUser> = (1..=4)
        .map(|n| {
            create_user(
                &app,
                &format!("Student {n}"),
                Role::Student,
                Some("Science"),
                Some(supervisor.user.id),
                None,
            )
        })
        .collect();
    let mut theses = Vec::new();
    for (index, student) in students.iter().enumerate() {
        let programme = if index < 3 { "6B01" } else { "6B02" };
        theses.push(
            admitted_thesis(&router, &Auth::of(student), &Auth::of(&supervisor), &staff, programme).await,
        );
    }
    let [s1, s2, s3, s4] = [0, 1, 2, 3].map(|index| students[index].user.id);
    let (chair, member, secretary) = (p.chair.user.id, p.member.user.id, p.secretary.user.id);
    let seats = json!({ "kind": "attestation", "chair": chair, "members": [member], "secretary": secretary });
    let first = create_commission(
        &router,
        &staff,
        json!({ "name": "GAK 6B01", "programmes": ["6B01"], "year": 2026 }),
    )
    .await;
    let answer = put_json(&router, &format!("/api/commissions/{first}/seats"), &staff, seats).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    // The second commission shares the chair: its defenses avoid the first one's.
    let seats = json!({ "kind": "attestation", "chair": chair, "members": [p.outsider.user.id], "secretary": secretary });
    let second = create_commission(
        &router,
        &staff,
        json!({ "name": "GAK 6B02", "programmes": ["6B02"], "year": 2026 }),
    )
    .await;
    let answer = put_json(&router, &format!("/api/commissions/{second}/seats"), &staff, seats).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);

    // Friday 20 March 2026, two 15-minute defenses a day; Nauryz (21–23 March) is skipped.
    let plan = |slot: u16, sitting: u16| json!({ "first_day": "2026-03-20", "daily_start": "09:00", "slot_minutes": slot, "sitting_minutes": sitting });
    let schedule_uri = format!("/api/commissions/{first}/schedule");
    for (body, code) in [(plan(20, 30), "attestation_refused"), (plan(15, 301), "attestation_refused")] {
        let answer = post_json(&router, &schedule_uri, &staff, body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
        assert_eq!(answer.body["error"]["code"], code);
    }
    let malformed = json!({ "first_day": "20.03.2026", "daily_start": "09:00", "slot_minutes": 15, "sitting_minutes": 30 });
    let answer = post_json(&router, &schedule_uri, &staff, malformed).await;
    assert_eq!(answer.body["error"]["code"], "schedule_plan_malformed", "{}", answer.text);
    let answer = post_json(&router, &schedule_uri, &Auth::of(&p.chair), plan(15, 30)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "the chair does not build: {}", answer.text);
    let built = post_json(&router, &schedule_uri, &staff, plan(15, 30)).await;
    assert_eq!(built.status, StatusCode::CREATED, "{}", built.text);
    let day = |date: &str, start: &str| (date.to_string(), start.to_string());
    let expected = [
        (s1, day("2026-03-20", "09:00")),
        (s2, day("2026-03-20", "09:15")),
        (s3, day("2026-03-24", "09:00")),
    ];
    let expected: Vec<(u64, String, String)> = expected.into_iter().map(|(s, (d, t))| (s, d, t)).collect();
    assert_eq!(slots(&built), expected);
    assert!(built.body["slots"].as_array().expect("slots").iter().all(|slot| slot["state"] == "scheduled"));
    assert_eq!(built.body["published_at"], Value::Null);
    let again = post_json(&router, &schedule_uri, &staff, plan(15, 30)).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    let other =
        post_json(&router, &format!("/api/commissions/{second}/schedule"), &staff, plan(15, 60)).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.text);
    assert_eq!(
        slots(&other),
        [(s4, "2026-03-20".to_string(), "09:30".to_string())],
        "the chair is busy until 09:30"
    );

    // A technical failure: the secretary draws up the act; no room left that day, so the next
    // sitting day with room. A valid absence: the chair permits it, not a member.
    let move_uri = format!("/api/commissions/{first}/schedule/reschedule?lang=en");
    let failure = |description: &str| json!({ "reason": "technical_failure", "student": s1, "description": description });
    let answer = post_json(&router, &move_uri, &Auth::of(&p.secretary), failure("  ")).await;
    assert_eq!(answer.body["error"]["code"], "act_description_required", "{}", answer.text);
    let answer = post_json(&router, &move_uri, &Auth::of(&p.chair), failure("The connection broke.")).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    let moved =
        post_json(&router, &move_uri, &Auth::of(&p.secretary), failure("The connection broke at 09:07."))
            .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert!(slots(&moved).contains(&(s1, "2026-03-24".to_string(), "09:15".to_string())), "{}", moved.text);
    assert_eq!(moved.body["acts"][0]["number"], 1);
    assert_eq!(moved.body["acts"][0]["date"], "2026-03-20");
    assert_eq!(moved.body["acts"][0]["drawn_up_by"], secretary);
    let absence = json!({ "reason": "valid_absence", "student": s2 });
    let answer = post_json(&router, &move_uri, &Auth::of(&p.member), absence.clone()).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    let moved = post_json(&router, &move_uri, &Auth::of(&p.chair), absence).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert!(slots(&moved).contains(&(s2, "2026-03-25".to_string(), "09:00".to_string())), "{}", moved.text);
    let stranger = json!({ "reason": "valid_absence", "student": s4 });
    let answer = post_json(&router, &move_uri, &Auth::of(&p.chair), stranger).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);

    // The student sees the state, and the time only once the schedule is published.
    let student_auth = Auth::of(&students[0]);
    let defense = get(&router, &format!("/api/theses/{}/defense", theses[0]), &student_auth).await;
    assert_eq!(defense.status, StatusCode::OK, "{}", defense.text);
    assert_eq!((defense.body["state"].as_str(), defense.body["date"].as_str()), (Some("scheduled"), None));
    let chair_view = get(&router, &format!("/api/theses/{}/defense", theses[0]), &Auth::of(&p.admin)).await;
    assert_eq!(chair_view.body["date"], "2026-03-24", "{}", chair_view.text);

    // Published by staff; exported as iCalendar in the reader's language, in UTC (UTC+5).
    let publish_uri = format!("/api/commissions/{first}/schedule/publish");
    assert_eq!(
        post_json(&router, &publish_uri, &Auth::of(&p.chair), json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let published = post_json(&router, &publish_uri, &staff, json!({})).await;
    assert!(published.body["published_at"].is_i64(), "{}", published.text);
    let defense = get(&router, &format!("/api/theses/{}/defense", theses[0]), &student_auth).await;
    assert_eq!(
        (defense.body["date"].as_str(), defense.body["start"].as_str()),
        (Some("2026-03-24"), Some("09:15"))
    );
    assert_eq!(defense.body["end"], "09:30");
    let ics =
        get(&router, &format!("/api/commissions/{first}/schedule.ics?lang=ru"), &Auth::of(&p.member)).await;
    assert_eq!(ics.status, StatusCode::OK, "{}", ics.text);
    assert!(ics.headers["content-type"].to_str().unwrap_or_default().starts_with("text/calendar"));
    let text = ics.text.replace("\r\n ", "");
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3, "{text}");
    assert!(text.contains("SUMMARY:Защита: Student 1"), "{text}");
    assert!(text.contains("DTSTART:20260324T041500Z") && text.contains("DTEND:20260324T043000Z"), "{text}");
    assert_eq!(
        get(&router, &format!("/api/commissions/{first}/schedule.ics"), &Auth::of(&p.student)).await.status,
        StatusCode::NOT_FOUND
    );

    // Every step is audited: the defenses' states on their theses, the moves with the act.
    let audit = get(&router, "/api/audit?limit=1000", &Auth::of(&p.admin)).await;
    let entries = audit.body["entries"].as_array().expect("entries");
    let of = |action: &str| entries.iter().filter(|entry| entry["action"] == action).collect::<Vec<_>>();
    assert_eq!(of("defense_state_changed").len(), 6, "4 scheduled, 2 rescheduled");
    assert_eq!(of("schedule_built").len(), 2);
    assert_eq!(of("schedule_published").len(), 1);
    let moves = of("defense_rescheduled");
    assert_eq!(moves.len(), 2);
    assert_eq!(moves[0]["details"]["act"]["description"], "The connection broke at 09:07.");
    assert_eq!(moves[1]["details"]["act"], Value::Null);
}

/// A commission (the chair and one member vote; a technical secretary) with two admitted
/// students scheduled on Friday 20 March 2026 and the schedule published.
struct Sitting {
    router: axum::Router,
    people: People,
    students: Vec<TestUser>,
    theses: Vec<u64>,
    commission: u64,
    _app: adal::server::App,
    _dir: tempfile::TempDir,
}

async fn sitting() -> Sitting {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let router = app.router();
    let people = people(&app);
    let staff = Auth::of(&people.staff);
    let supervisor = create_user(&app, "Their Supervisor", Role::Supervisor, Some("Science"), None, None);
    let students: Vec<TestUser> = (1..=2)
        .map(|n| {
            create_user(
                &app,
                &format!("Student {n}"),
                Role::Student,
                Some("Science"),
                Some(supervisor.user.id),
                None,
            )
        })
        .collect();
    let mut theses = Vec::new();
    for student in &students {
        theses
            .push(admitted_thesis(&router, &Auth::of(student), &Auth::of(&supervisor), &staff, "6B01").await);
    }
    let body = json!({ "name": "GAK 6B01", "programmes": ["6B01"], "year": 2026 });
    let commission = create_commission(&router, &staff, body).await;
    let seats = json!({
        "kind": "attestation",
        "chair": people.chair.user.id,
        "members": [people.member.user.id],
        "secretary": people.secretary.user.id,
    });
    let answer = put_json(&router, &format!("/api/commissions/{commission}/seats"), &staff, seats).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let plan = json!({ "first_day": "2026-03-20", "daily_start": "09:00", "slot_minutes": 15, "sitting_minutes": 300 });
    let built = post_json(&router, &format!("/api/commissions/{commission}/schedule"), &staff, plan).await;
    assert_eq!(built.status, StatusCode::CREATED, "{}", built.text);
    let published =
        post_json(&router, &format!("/api/commissions/{commission}/schedule/publish"), &staff, json!({}))
            .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    Sitting { router, people, students, theses, commission, _app: app, _dir: dir }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_grade_once_the_secretary_records_the_vote_and_staff_publish() {
    let s = sitting().await;
    let (router, p, c) = (&s.router, &s.people, s.commission);
    let (chair, member, secretary) = (Auth::of(&p.chair), Auth::of(&p.member), Auth::of(&p.secretary));
    let uri = |thesis: u64, step: &str| format!("/api/commissions/{c}/defenses/{thesis}/{step}?lang=en");
    let t1 = s.theses[0];

    // Nothing is graded before the secretary records that the defense was held.
    let early = post_json(router, &uri(t1, "marks"), &chair, json!({ "percent": 90 })).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    assert_eq!(post_json(router, &uri(t1, "held"), &chair, json!({})).await.status, StatusCode::FORBIDDEN);
    let held = post_json(router, &uri(t1, "held"), &secretary, json!({})).await;
    assert_eq!(held.body["state"], "defended", "{}", held.text);
    assert_eq!(post_json(router, &uri(t1, "held"), &secretary, json!({})).await.status, StatusCode::CONFLICT);

    // Each voting member marks once; the secretary and outsiders do not mark.
    assert_eq!(
        post_json(router, &uri(t1, "marks"), &secretary, json!({ "percent": 90 })).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post_json(router, &uri(t1, "marks"), &Auth::of(&p.outsider), json!({ "percent": 90 })).await.status,
        StatusCode::NOT_FOUND
    );
    let marked = post_json(router, &uri(t1, "marks"), &chair, json!({ "percent": 90 })).await;
    assert_eq!(marked.status, StatusCode::OK, "{}", marked.text);
    assert_eq!(
        (marked.body["your_mark"].as_u64(), marked.body["missing"].clone()),
        (Some(90), json!([p.member.user.id]))
    );
    let twice = post_json(router, &uri(t1, "marks"), &chair, json!({ "percent": 95 })).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    assert!(twice.body["error"]["message"].as_str().unwrap_or_default().contains("once"), "{}", twice.text);
    let out_of_range = post_json(router, &uri(t1, "marks"), &member, json!({ "percent": 101 })).await;
    assert_eq!(out_of_range.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", out_of_range.text);
    let marked = post_json(router, &uri(t1, "marks"), &member, json!({ "percent": 85 })).await;
    assert_eq!(
        (marked.body["final_percent"].as_u64(), marked.body["final_letter"].as_str()),
        (Some(88), Some("B+"))
    );

    // The vote: an open vote needs everyone; a tied secret ballot needs the chair's decision.
    let no_vote = post_json(router, &uri(t1, "confirm"), &secretary, json!({})).await;
    assert_eq!(no_vote.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_vote.text);
    let (chair_id, member_id) = (p.chair.user.id, p.member.user.id);
    let open = json!({ "mode": "open", "present": [chair_id], "ballots": [{ "member": chair_id, "choice": "for" }] });
    let answer = post_json(router, &uri(t1, "vote"), &secretary, open).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    let tied = |decision: Value| json!({ "mode": "secret", "present": [chair_id, member_id], "votes_for": 1, "votes_against": 1, "chair_deciding_vote": decision });
    let answer = post_json(router, &uri(t1, "vote"), &secretary, tied(Value::Null)).await;
    assert!(
        answer.body["error"]["message"].as_str().unwrap_or_default().contains("chair"),
        "{}",
        answer.text
    );
    assert_eq!(
        post_json(router, &uri(t1, "vote"), &chair, tied(json!("for"))).await.status,
        StatusCode::FORBIDDEN
    );
    let voted = post_json(router, &uri(t1, "vote"), &secretary, tied(json!("for"))).await;
    assert_eq!(voted.status, StatusCode::OK, "{}", voted.text);
    assert_eq!(
        (voted.body["degree_awarded"].as_bool(), voted.body["decided_by_chair"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(voted.body["vote_mode"], "secret");
    assert_eq!(
        post_json(router, &uri(t1, "vote"), &secretary, tied(json!("for"))).await.status,
        StatusCode::CONFLICT
    );

    // The secretary confirms: graded; the student sees nothing before the publication.
    assert_eq!(post_json(router, &uri(t1, "confirm"), &chair, json!({})).await.status, StatusCode::FORBIDDEN);
    let confirmed = post_json(router, &uri(t1, "confirm"), &secretary, json!({})).await;
    assert_eq!(
        (confirmed.body["state"].as_str(), confirmed.body["confirmed"].as_bool()),
        (Some("graded"), Some(true))
    );
    let student = Auth::of(&s.students[0]);
    let before = get(router, &format!("/api/theses/{t1}/defense"), &student).await;
    assert_eq!((before.body["state"].as_str(), before.body["grade_letter"].as_str()), (Some("graded"), None));

    // The second student: an open vote against, an F; the degree is not awarded.
    let t2 = s.theses[1];
    post_json(router, &uri(t2, "held"), &secretary, json!({})).await;
    post_json(router, &uri(t2, "marks"), &chair, json!({ "percent": 20 })).await;
    post_json(router, &uri(t2, "marks"), &member, json!({ "percent": 21 })).await;
    let against = json!({ "mode": "open", "present": [chair_id, member_id], "ballots": [
        { "member": chair_id, "choice": "against" }, { "member": member_id, "choice": "against" }] });
    let voted = post_json(router, &uri(t2, "vote"), &secretary, against).await;
    assert_eq!(
        (voted.body["votes_against"].as_u64(), voted.body["degree_awarded"].as_bool()),
        (Some(2), Some(false))
    );

    // Staff publish: only graded defenses; the appeal window is 2 working days from today.
    let publish_uri = format!("/api/commissions/{c}/results/publish");
    assert_eq!(post_json(router, &publish_uri, &chair, json!({})).await.status, StatusCode::FORBIDDEN);
    let published = post_json(router, &publish_uri, &Auth::of(&p.staff), json!({})).await;
    assert_eq!(published.body["theses"], json!([t1]), "{}", published.text);
    let today = adal::app::grading::local_date(adal::pipeline::thesis::now_ms());
    let calendar = adal::attestation::calendar::Calendar::kazakhstan();
    let deadline = adal::attestation::appeals::filing_deadline(&calendar, today, 2).expect("deadline");
    let result = get(router, &format!("/api/theses/{t1}/defense"), &student).await;
    assert_eq!(result.body["grade_letter"], "B+", "{}", result.text);
    assert_eq!(
        (result.body["grade_percent"].as_u64(), result.body["degree_awarded"].as_bool()),
        (Some(88), Some(true))
    );
    assert_eq!(result.body["appeal_deadline"], deadline.to_string());
    post_json(router, &uri(t2, "confirm"), &secretary, json!({})).await;
    let published = post_json(router, &publish_uri, &Auth::of(&p.staff), json!({})).await;
    assert_eq!(published.body["theses"], json!([t2]), "{}", published.text);
    let second = get(router, &format!("/api/theses/{t2}/defense"), &Auth::of(&s.students[1])).await;
    assert_eq!(
        (second.body["grade_letter"].as_str(), second.body["degree_awarded"].as_bool()),
        (Some("F"), Some(false))
    );
    let nothing = post_json(router, &publish_uri, &Auth::of(&p.staff), json!({})).await;
    assert_eq!(nothing.status, StatusCode::CONFLICT, "{}", nothing.text);

    // Without an appeal the results close once the window has passed, not before.
    let close_uri = format!("/api/commissions/{c}/results/close?lang=en");
    let early = post_json(router, &close_uri, &Auth::of(&p.staff), json!({})).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    assert!(
        early.body["error"]["message"].as_str().unwrap_or_default().contains(&deadline.to_string()),
        "{}",
        early.text
    );
    let mut later_state = s._app.state.clone();
    later_state.services.clock =
        std::sync::Arc::new(adal::clock::FixedClock(adal::pipeline::thesis::now_ms() + 10 * 86_400_000));
    let later = adal::server::router::router(later_state);
    assert_eq!(
        post_json(&later, &close_uri, &Auth::of(&p.chair), json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let closed = post_json(&later, &close_uri, &Auth::of(&p.staff), json!({})).await;
    assert_eq!(closed.body["theses"], json!([t1, t2]), "{}", closed.text);
    let result = get(router, &format!("/api/theses/{t1}/defense"), &student).await;
    assert_eq!(
        (result.body["state"].as_str(), result.body["grade_letter"].as_str()),
        (Some("closed"), Some("B+"))
    );
    let late_appeal =
        post_json(&later, &format!("/api/theses/{t1}/appeal"), &student, json!({ "reason": "Late." })).await;
    assert_eq!(late_appeal.status, StatusCode::CONFLICT, "{}", late_appeal.text);

    let audit = get(router, "/api/audit?limit=1000", &Auth::of(&p.admin)).await;
    let entries = audit.body["entries"].as_array().expect("entries");
    let count = |action: &str| entries.iter().filter(|entry| entry["action"] == action).count();
    assert_eq!((count("mark_recorded"), count("vote_recorded"), count("results_published")), (4, 2, 2));
    let closings = entries.iter().filter(|entry| entry["details"]["event"]["event"] == "closed").count();
    assert_eq!(closings, 2, "each closing is audited on its thesis");
    let secret = entries.iter().find(|entry| entry["action"] == "vote_recorded").expect("vote");
    assert_eq!(secret["details"]["vote"]["mode"], "secret");
    assert!(secret["details"]["vote"].get("ballots").is_none(), "a secret ballot keeps no ballots");
}

/// The text of a DOCX's main part: paragraphs on their own lines, runs and cells joined.
fn docx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a ZIP");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").expect("document.xml"), &mut xml)
        .expect("document.xml reads");
    let xml = xml.replace("</w:p></w:tc>", " | ").replace("</w:tr>", "\n").replace("</w:p>", "\n");
    let mut text = String::new();
    let mut in_tag = false;
    for character in xml.chars() {
        match character {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// A sitting with the first defense held, marked, voted on openly and confirmed, and the
/// second moved for a technical failure.
async fn sitting_with_documents() -> Sitting {
    let s = sitting().await;
    let (router, p, c) = (&s.router, &s.people, s.commission);
    let secretary = Auth::of(&p.secretary);
    let t1 = s.theses[0];
    let uri = |step: &str| format!("/api/commissions/{c}/defenses/{t1}/{step}");
    post_json(router, &uri("held"), &secretary, json!({})).await;
    post_json(router, &uri("marks"), &Auth::of(&p.chair), json!({ "percent": 96 })).await;
    post_json(router, &uri("marks"), &Auth::of(&p.member), json!({ "percent": 93 })).await;
    let (chair, member) = (p.chair.user.id, p.member.user.id);
    let open = json!({ "mode": "open", "present": [chair, member], "ballots": [
        { "member": chair, "choice": "for" }, { "member": member, "choice": "for" }] });
    post_json(router, &uri("vote"), &secretary, open).await;
    let confirmed = post_json(router, &uri("confirm"), &secretary, json!({})).await;
    assert_eq!(confirmed.body["state"], "graded", "{}", confirmed.text);
    let failure = json!({ "reason": "technical_failure", "student": s.students[1].user.id, "description": "Байланыс үзілді." });
    let moved =
        post_json(router, &format!("/api/commissions/{c}/schedule/reschedule"), &secretary, failure).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_protocol_report_and_act_are_docx_in_kazakh_and_russian() {
    let s = sitting_with_documents().await;
    let (router, p, c, t1) = (&s.router, &s.people, s.commission, s.theses[0]);
    let member = Auth::of(&p.member);
    let protocol_uri = |lang: &str| format!("/api/commissions/{c}/defenses/{t1}/protocol.docx?lang={lang}");

    let kk = get(router, &protocol_uri("kk"), &member).await;
    assert_eq!(kk.status, StatusCode::OK, "{}", kk.text);
    assert!(kk.headers["content-type"].to_str().unwrap_or_default().contains("wordprocessingml"));
    let text = docx_text(&answer_bytes(router, &protocol_uri("kk"), &member).await);
    for expected in [
        "Аттестаттау комиссиясы отырысының хаттамасы",
        "Білім алушы: Student 1",
        "Chair | 96 % | A |",
        "Member | 93 % | A- |",
        "Қорытынды баға: 95 % — A (өте жақсы)",
        "ашық дауыс беру",
        "Жақтағандар: 2",
        "Шешім: дәреже берілсін.",
        "Төраға: ____________________ Chair",
        "Техникалық хатшы: ____________________ Secretary",
        "(қолы)",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    let ru = docx_text(&answer_bytes(router, &protocol_uri("ru"), &member).await);
    for expected in [
        "Протокол заседания аттестационной комиссии",
        "Итоговая оценка: 95 % — A (отлично)",
        "Председатель: ____________________ Chair",
        "(подпись)",
    ] {
        assert!(ru.contains(expected), "{expected:?} not in:\n{ru}");
    }
    let english = get(router, &protocol_uri("en"), &member).await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", english.text);
    // Not before the secretary confirms; not for those who do not see the commission.
    let t2 = s.theses[1];
    let early =
        get(router, &format!("/api/commissions/{c}/defenses/{t2}/protocol.docx?lang=ru"), &member).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    assert_eq!(get(router, &protocol_uri("ru"), &Auth::of(&p.student)).await.status, StatusCode::NOT_FOUND);

    let report =
        docx_text(&answer_bytes(router, &format!("/api/commissions/{c}/report.docx?lang=ru"), &member).await);
    for expected in [
        "Отчёт председателя аттестационной комиссии",
        "Число оценённых обучающихся: 1",
        "Число присуждённых степеней: 1",
        "A | 1 |",
        "Student 1 | A thesis of 6B01 | 95 % — A | присуждена |",
    ] {
        assert!(report.contains(expected), "{expected:?} not in:\n{report}");
    }
    let act =
        docx_text(&answer_bytes(router, &format!("/api/commissions/{c}/acts/1/docx?lang=kk"), &member).await);
    for expected in [
        "Техникалық ақау туралы акт №1",
        "Күні: 2026-03-20",
        "Білім алушы: Student 2",
        "Не болды: Байланыс үзілді.",
        "Техникалық хатшы: ____________________ Secretary",
    ] {
        assert!(act.contains(expected), "{expected:?} not in:\n{act}");
    }
    assert_eq!(
        get(router, &format!("/api/commissions/{c}/acts/2/docx"), &member).await.status,
        StatusCode::NOT_FOUND
    );
}

/// The body of a successful GET as bytes.
async fn answer_bytes(router: &axum::Router, uri: &str, auth: &Auth) -> Vec<u8> {
    let Auth::Bearer(token) = auth else { panic!("a bearer token") };
    let request = axum::http::Request::builder()
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .expect("request");
    let response = tower::ServiceExt::oneshot(router.clone(), request).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body").to_vec()
}

/// LibreOffice opens the protocol cleanly: converted to PDF, its text is there. Skipped when
/// `soffice` is not on PATH.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn libreoffice_converts_the_protocol_to_a_pdf_with_its_text() {
    let has_soffice =
        std::process::Command::new("soffice").arg("--version").output().is_ok_and(|out| out.status.success());
    if !has_soffice {
        eprintln!("soffice is not on PATH: skipped");
        return;
    }
    let s = sitting_with_documents().await;
    let (c, t1) = (s.commission, s.theses[0]);
    let work = tempfile::tempdir().expect("tempdir");
    for lang in ["ru", "kk"] {
        let uri = format!("/api/commissions/{c}/defenses/{t1}/protocol.docx?lang={lang}");
        let bytes = answer_bytes(&s.router, &uri, &Auth::of(&s.people.chair)).await;
        let docx = work.path().join(format!("protocol-{lang}.docx"));
        std::fs::write(&docx, bytes).expect("write docx");
        let profile = format!("-env:UserInstallation=file://{}", work.path().join("profile").display());
        let status = std::process::Command::new("soffice")
            .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(work.path())
            .arg(&docx)
            .output()
            .expect("soffice runs");
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        let pdf = std::fs::read(work.path().join(format!("protocol-{lang}.pdf"))).expect("the PDF");
        let extracted =
            adal::extract::extract(&pdf, &adal::extract::ExtractLimits::default()).expect("the PDF reads");
        let text = extracted.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let expected: &[&str] = match lang {
            "ru" => &[
                "Протокол заседания аттестационной комиссии",
                "Student 1",
                "Решение: присудить степень.",
                "(подпись)",
            ],
            _ => &[
                "Аттестаттау комиссиясы отырысының хаттамасы",
                "Student 1",
                "Шешім: дәреже берілсін.",
                "(қолы)",
            ],
        };
        for wanted in expected {
            assert!(text.contains(wanted), "{lang}: {wanted:?} not in:\n{text}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_appeal_is_filed_in_the_window_heard_and_decided_and_overdue_ones_are_flagged() {
    let s = sitting_with_documents().await;
    let (router, p, c) = (&s.router, &s.people, s.commission);
    let (t1, t2) = (s.theses[0], s.theses[1]);
    let (student, staff) = (Auth::of(&s.students[0]), Auth::of(&p.staff));
    let published =
        post_json(router, &format!("/api/commissions/{c}/results/publish"), &staff, json!({})).await;
    assert_eq!(published.body["theses"], json!([t1]), "{}", published.text);
    let appeal_uri = |thesis: u64| format!("/api/theses/{thesis}/appeal?lang=en");
    let grounds = json!({ "reason": "The second member's questions were outside the thesis." });

    // Not before the result is published; not without an appeal commission.
    let early = post_json(router, &appeal_uri(t2), &Auth::of(&s.students[1]), grounds.clone()).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    let no_commission = post_json(router, &appeal_uri(t1), &student, grounds.clone()).await;
    assert_eq!(no_commission.body["error"]["code"], "appeal_no_commission", "{}", no_commission.text);
    let appeal_commission =
        create_commission(router, &staff, json!({ "name": "Appeals 6B01", "appeal_of": c })).await;
    let members: Vec<Value> = p.appeal.iter().map(|member| json!({ "user": member.user.id })).collect();
    let seated = put_json(
        router,
        &format!("/api/commissions/{appeal_commission}/seats"),
        &staff,
        json!({ "kind": "appeal", "members": members }),
    )
    .await;
    assert_eq!(seated.status, StatusCode::OK, "{}", seated.text);

    // Only the student, with grounds, once.
    let empty = post_json(router, &appeal_uri(t1), &student, json!({ "reason": " " })).await;
    assert_eq!(empty.body["error"]["code"], "appeal_reason_required", "{}", empty.text);
    assert_eq!(
        post_json(router, &appeal_uri(t1), &Auth::of(&s.students[1]), grounds.clone()).await.status,
        StatusCode::NOT_FOUND
    );
    let filed = post_json(router, &appeal_uri(t1), &student, grounds.clone()).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let today = adal::app::grading::local_date(adal::pipeline::thesis::now_ms());
    let calendar = adal::attestation::calendar::Calendar::kazakhstan();
    assert_eq!(filed.body["filed_on"], today.to_string());
    assert_eq!(filed.body["meeting_deadline"], calendar.add_working_days(today, 2).to_string());
    assert_eq!(filed.body["overdue"], Value::Null);
    assert_eq!(post_json(router, &appeal_uri(t1), &student, grounds).await.status, StatusCode::CONFLICT);

    // Ten days later, with no meeting, the appeal is overdue on the staff dashboard.
    let mut later_state = s._app.state.clone();
    let ten_days_later = adal::pipeline::thesis::now_ms() + 10 * 86_400_000;
    later_state.services.clock = std::sync::Arc::new(adal::clock::FixedClock(ten_days_later));
    let later = adal::server::router::router(later_state);
    let listed = get(&later, "/api/appeals", &staff).await;
    assert_eq!(listed.body["appeals"][0]["overdue"], "meeting", "{}", listed.text);
    let dashboard = get(&later, "/staff?lang=en", &staff).await;
    assert!(dashboard.text.contains("id=\"overdue-appeals\""), "{}", dashboard.text);
    assert!(dashboard.text.contains("the commission did not meet in time"), "{}", dashboard.text);
    let today_dashboard = get(router, "/staff?lang=en", &staff).await;
    assert!(!today_dashboard.text.contains("id=\"overdue-appeals\""));

    // The appeal commission hears it: not the attestation commission, not staff.
    let meeting_uri = format!("/api/theses/{t1}/appeal/meeting");
    assert_eq!(
        post_json(router, &meeting_uri, &Auth::of(&p.chair), json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(post_json(router, &meeting_uri, &staff, json!({})).await.status, StatusCode::FORBIDDEN);
    let hearer = Auth::of(&p.appeal[1]);
    let met = post_json(router, &meeting_uri, &hearer, json!({})).await;
    assert_eq!(met.body["met_on"], today.to_string(), "{}", met.text);
    assert_eq!(met.body["delivery_deadline"], calendar.add_working_days(today, 1).to_string());
    assert_eq!(post_json(router, &meeting_uri, &hearer, json!({})).await.status, StatusCode::CONFLICT);
    let queue = get(router, "/api/appeals", &hearer).await;
    assert_eq!(queue.body["appeals"].as_array().map(Vec::len), Some(1), "{}", queue.text);
    assert_eq!(get(router, "/api/appeals", &Auth::of(&p.outsider)).await.body["appeals"], json!([]));

    // The decision changes the grade and closes the defense; the student reads it.
    let decided = post_json(
        router,
        &format!("/api/theses/{t1}/appeal/decision"),
        &hearer,
        json!({ "changed_percent": 90 }),
    )
    .await;
    assert_eq!(
        (decided.body["changed_letter"].as_str(), decided.body["decided_on"].clone()),
        (Some("A-"), json!(today.to_string()))
    );
    let result = get(router, &format!("/api/theses/{t1}/defense"), &student).await;
    assert_eq!(
        (result.body["state"].as_str(), result.body["grade_percent"].as_u64()),
        (Some("closed"), Some(90))
    );
    let again = post_json(router, &format!("/api/theses/{t1}/appeal/decision"), &hearer, json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    let audit = get(router, "/api/audit?limit=1000", &Auth::of(&p.admin)).await;
    let actions: Vec<&str> = audit.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|entry| entry["action"].as_str())
        .filter(|action| action.starts_with("appeal_"))
        .collect();
    assert_eq!(actions, ["appeal_filed", "appeal_meeting", "appeal_decided"]);
}

/// Posts a plain form as `auth` and answers the redirect's target.
async fn submit(router: &axum::Router, uri: &str, auth: &Auth, pairs: &[(&str, &str)]) -> String {
    let answer = post_form(router, uri, auth, pairs).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{uri}: {}", answer.text);
    location(&answer)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_walk_a_sitting_from_the_clock_to_the_appeal() {
    let s = sitting().await;
    let (router, p, c, t1) = (&s.router, &s.people, s.commission, s.theses[0]);
    let (secretary, chair, member) = (Auth::of(&p.secretary), Auth::of(&p.chair), Auth::of(&p.member));

    // The commission list and the secretary's sitting view with a clock per defense.
    let list = get(router, "/attestation?lang=ru", &chair).await;
    assert!(list.text.contains("GAK 6B01") && list.text.contains("Председатель"), "{}", list.text);
    let sitting_uri = format!("/commissions/{c}/sitting?lang=kk");
    let view = get(router, &sitting_uri, &secretary).await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.text);
    assert_eq!(view.text.matches("data-clock-start=\"").count(), 2, "{}", view.text);
    assert!(
        view.text.contains("Қорғау кестеге қойылды") && view.text.contains("басталуына"),
        "{}",
        view.text
    );
    // 09:00 in Almaty (UTC+5) on 20 March 2026 is 04:00 UTC.
    assert!(view.text.contains("data-clock-start=\"1773979200000\""), "{}", view.text);
    assert!(
        !get(router, &sitting_uri, &chair).await.text.contains(&format!("id=\"held-{t1}\"")),
        "only the secretary"
    );
    assert_eq!(get(router, &sitting_uri, &Auth::of(&p.student)).await.status, StatusCode::NOT_FOUND);

    // Held, two marks on the members' forms, the open vote, the confirmation.
    submit(router, &format!("/commissions/{c}/defenses/{t1}/held"), &secretary, &[]).await;
    let form_uri = format!("/commissions/{c}/defenses/{t1}?lang=en");
    assert!(get(router, &form_uri, &chair).await.text.contains("id=\"mark-form\""));
    assert!(
        !get(router, &form_uri, &secretary).await.text.contains("id=\"mark-form\""),
        "the secretary does not grade"
    );
    submit(router, &format!("/commissions/{c}/defenses/{t1}/marks"), &chair, &[("percent", "80")]).await;
    submit(router, &format!("/commissions/{c}/defenses/{t1}/marks"), &member, &[("percent", "77")]).await;
    let form = get(router, &form_uri, &member).await;
    assert!(
        form.text.contains("id=\"your-mark\"") && form.text.contains("Final grade: 79 % B-"),
        "{}",
        form.text
    );
    let (chair_id, member_id) = (p.chair.user.id.to_string(), p.member.user.id.to_string());
    let ballot_chair = format!("ballot_{chair_id}");
    let ballot_member = format!("ballot_{member_id}");
    let vote_uri = format!("/commissions/{c}/defenses/{t1}/vote");
    submit(
        router,
        &vote_uri,
        &secretary,
        &[("mode", "open"), (&ballot_chair, "for"), (&ballot_member, "for")],
    )
    .await;
    submit(router, &format!("/commissions/{c}/defenses/{t1}/confirm"), &secretary, &[]).await;
    assert!(get(router, &sitting_uri, &secretary).await.text.contains(&format!("id=\"confirmed-{t1}\"")));

    // The chair's protocol page links the DOCX protocols and the report.
    let protocols = get(router, &format!("/commissions/{c}/protocols?lang=ru"), &chair).await;
    assert!(
        protocols.text.contains(&format!("id=\"protocol-ru-{t1}\""))
            && protocols.text.contains("Отчёт председателя"),
        "{}",
        protocols.text
    );

    // Published: the student reads the result and appeals from the page; the appeal commission
    // hears it from its queue.
    post_json(router, &format!("/api/commissions/{c}/results/publish"), &Auth::of(&p.staff), json!({})).await;
    let appeal_commission =
        create_commission(router, &Auth::of(&p.staff), json!({ "name": "Appeals", "appeal_of": c })).await;
    let members: Vec<Value> = p.appeal.iter().map(|member| json!({ "user": member.user.id })).collect();
    put_json(
        router,
        &format!("/api/commissions/{appeal_commission}/seats"),
        &Auth::of(&p.staff),
        json!({ "kind": "appeal", "members": members }),
    )
    .await;
    let student = Auth::of(&s.students[0]);
    let defense = get(router, &format!("/theses/{t1}/defense?lang=en"), &student).await;
    assert!(defense.text.contains("79 % B-") && defense.text.contains("Degree awarded"), "{}", defense.text);
    assert!(defense.text.contains("id=\"appeal-form\""), "{}", defense.text);
    submit(
        router,
        &format!("/theses/{t1}/appeal"),
        &student,
        &[("reason", "The mark does not reflect the answers.")],
    )
    .await;
    let queue = get(router, "/appeals?lang=en", &Auth::of(&p.appeal[0])).await;
    assert!(queue.text.contains(&format!("id=\"decision-{t1}\"")), "{}", queue.text);
    submit(router, &format!("/appeals/{t1}/meeting"), &Auth::of(&p.appeal[0]), &[]).await;
    submit(router, &format!("/appeals/{t1}/decision"), &Auth::of(&p.appeal[0]), &[("changed_percent", "")])
        .await;
    let closed = get(router, &format!("/theses/{t1}/defense?lang=en"), &student).await;
    assert!(closed.text.contains("Closed") && closed.text.contains("the grade stands"), "{}", closed.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_thesis_page_files_the_defense_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let router = app.router();
    let staff = create_user(&app, "Staff", Role::Staff, Some("Science"), None, None);
    let supervisor = create_user(&app, "Supervisor", Role::Supervisor, Some("Science"), None, None);
    let student =
        create_user(&app, "Student", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let (staff, supervisor, student) = (Auth::of(&staff), Auth::of(&supervisor), Auth::of(&student));
    let thesis = create_thesis(&router, &student, "Grazing in spring", "en").await;
    let text = b"A short thesis about steppe ecology and the grazing of livestock in spring.";
    let job = upload_and_wait(&router, &student, thesis, "thesis.txt", text).await;
    assert_eq!(job["state"], "done", "{job}");
    let clear = json!({ "decision": "clear", "justification": "Quoted standards." });
    let cleared = post_json(&router, &format!("/api/theses/{thesis}/decision"), &supervisor, clear).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.text);
    let page_uri = |lang: &str| format!("/theses/{thesis}?lang={lang}");

    // Nothing on file: the student sees no section; the supervisor the feedback's form only.
    assert!(!get(&router, &page_uri("en"), &student).await.text.contains("id=\"defense-documents\""));
    let page = get(&router, &page_uri("en"), &supervisor).await.text;
    assert!(page.contains("id=\"defense-documents\"") && page.contains("Not uploaded yet"), "{page}");
    assert!(
        page.contains("id=\"document-feedback-submit\"") && !page.contains("id=\"document-review-submit\"")
    );

    // The supervisor files the feedback through the page's form and is sent back to the thesis.
    let post = |uri: String, auth: Auth, name: &'static str, fields: Vec<(&'static str, &'static str)>| {
        let router = router.clone();
        async move {
            let (content_type, body) = multipart_body(name, b"The document's text.", &fields);
            send(&router, Method::POST, &uri, &auth, Some(&content_type), body).await
        }
    };
    let feedback_uri = format!("/theses/{thesis}/documents/feedback");
    let filed = post(feedback_uri.clone(), supervisor.clone(), "feedback.txt", vec![]).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.text);
    assert!(location(&filed).contains("flash=document_uploaded"), "{}", location(&filed));
    let refused = post(feedback_uri, student.clone(), "feedback.txt", vec![]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);

    // Staff file the review: the reviewer's name is required, and said so in Russian.
    let review_uri = format!("/theses/{thesis}/documents/review");
    let refused = post(format!("{review_uri}?lang=ru"), staff.clone(), "review.txt", vec![]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.text.contains("Укажите ФИО рецензента."), "{}", refused.text);
    let named = vec![("reviewer_name", "Dr. Aigerim Sadykova")];
    let filed = post(review_uri, staff.clone(), "review.txt", named).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.text);

    // Both on file, in Russian; the student now sees them without forms; admission then closes them.
    let page = get(&router, &page_uri("ru"), &staff).await.text;
    assert!(page.contains("Отзыв научного руководителя") && page.contains("Внешняя рецензия"), "{page}");
    assert!(page.contains("feedback.txt") && page.contains("Dr. Aigerim Sadykova"), "{page}");
    let page = get(&router, &page_uri("kk"), &student).await.text;
    assert!(
        page.contains("Ғылыми жетекшінің пікірі") && !page.contains("document-feedback-submit"),
        "{page}"
    );
    let admitted = post_json(&router, &format!("/api/theses/{thesis}/admit"), &staff, json!({})).await;
    assert_eq!(admitted.status, StatusCode::OK, "{}", admitted.text);
    let page = get(&router, &page_uri("en"), &supervisor).await.text;
    assert!(page.contains("feedback.txt") && !page.contains("document-feedback-submit"), "{page}");
}
