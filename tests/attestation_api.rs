//! The final attestation over the JSON API (issue #18), part one: commissions and their seats
//! with the §65 checks, the defense documents admission needs, and the schedule (built, moved,
//! published with its notifications, exported as iCalendar), every change in the audit log.

mod attestation_support;
mod server_support;

use adal::store::Role;
use attestation_support::*;
use axum::http::StatusCode;
use serde_json::{json, Value};
use server_support::*;

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
    check_and_clear(&router, &student, &supervisor, thesis, text).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_is_built_moved_published_and_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let router = app.router();
    let p = people(&app);
    let staff = Auth::of(&p.staff);
    let programmes = ["6B01", "6B01", "6B01", "6B02"];
    let (students, theses) = admitted_students(&app, &router, &staff, &programmes).await;
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
    // The online sitting's link (§29) must be one http(s) address.
    let mut with_link = plan(15, 30);
    with_link["meeting_link"] = json!("javascript:alert(1)");
    let refused = post_json(&router, &schedule_uri, &staff, with_link.clone()).await;
    assert_eq!(refused.body["error"]["code"], "meeting_link_invalid", "{}", refused.text);
    with_link["meeting_link"] = json!(" https://meet.university.kz/gak-6b01 ");
    let built = post_json(&router, &schedule_uri, &staff, with_link).await;
    assert_eq!(built.status, StatusCode::CREATED, "{}", built.text);
    assert_eq!(built.body["meeting_link"], "https://meet.university.kz/gak-6b01");
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
    // The act reaches everyone on the commission the same day (§23).
    for person in [&p.chair, &p.member, &p.secretary] {
        let notes = get(&router, "/notifications?lang=ru", &Auth::of(person)).await.text;
        assert!(notes.contains("Акт о технической неисправности №1: GAK 6B01"), "{notes}");
    }
    // The commission may go on with an interrupted defense (§31): the act only, no move.
    let continued = json!({ "reason": "technical_failure", "student": s3, "description": "Sound lost for a minute.", "continued": true });
    let kept = post_json(&router, &move_uri, &Auth::of(&p.secretary), continued).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.text);
    assert!(slots(&kept).contains(&(s3, "2026-03-24".to_string(), "09:00".to_string())), "{}", kept.text);
    assert_eq!(kept.body["acts"][1]["number"], 2, "{}", kept.text);
    assert_eq!(kept.body["acts"][1]["description"], "Sound lost for a minute.");
    // Not without the student's written request with a supporting document (§22).
    let absence = json!({ "reason": "valid_absence", "student": s2 });
    let answer = post_json(&router, &move_uri, &Auth::of(&p.member), absence.clone()).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    let answer = post_json(&router, &move_uri, &Auth::of(&p.chair), absence.clone()).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    assert!(answer.body["error"]["message"].as_str().unwrap_or_default().contains("§22"), "{}", answer.text);
    let stranger = json!({ "reason": "valid_absence", "student": s4 });
    let answer = post_json(&router, &move_uri, &Auth::of(&p.chair), stranger).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);

    // The student sees the state, and the time only once the schedule is published.
    let student_auth = Auth::of(&students[0]);
    let defense = get(&router, &format!("/api/theses/{}/defense", theses[0]), &student_auth).await;
    assert_eq!(defense.status, StatusCode::OK, "{}", defense.text);
    assert_eq!((defense.body["state"].as_str(), defense.body["date"].as_str()), (Some("scheduled"), None));
    assert_eq!(defense.body["meeting_link"], Value::Null, "the link comes with the time");
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
    assert_eq!(defense.body["meeting_link"], "https://meet.university.kz/gak-6b01", "{}", defense.text);

    // The second student writes to the chair with a certificate; the chair grants it by moving
    // the defense to the next sitting day with room.
    let absence_uri = format!("/api/theses/{}/absence?lang=en", theses[1]);
    let request =
        request_absence(&router, &absence_uri, &Auth::of(&students[1]), "Ill; certificate attached.").await;
    assert_eq!(request.status, StatusCode::CREATED, "{}", request.text);
    assert_eq!(request.body["state"], "waiting");
    let moved = post_json(&router, &move_uri, &Auth::of(&p.chair), absence).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert!(slots(&moved).contains(&(s2, "2026-03-25".to_string(), "09:00".to_string())), "{}", moved.text);
    let answered = get(&router, &absence_uri, &Auth::of(&students[1])).await;
    assert_eq!(answered.body["state"], "granted", "{}", answered.text);
    let ics =
        get(&router, &format!("/api/commissions/{first}/schedule.ics?lang=ru"), &Auth::of(&p.member)).await;
    assert_eq!(ics.status, StatusCode::OK, "{}", ics.text);
    assert!(ics.headers["content-type"].to_str().unwrap_or_default().starts_with("text/calendar"));
    let text = ics.text.replace("\r\n ", "");
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3, "{text}");
    assert!(text.contains("SUMMARY:Защита: Student 1"), "{text}");
    assert!(text.contains("DTSTART:20260324T041500Z") && text.contains("DTEND:20260324T043000Z"), "{text}");
    assert!(text.contains("URL:https://meet.university.kz/gak-6b01"), "{text}");
    assert!(text.contains("LOCATION:https://meet.university.kz/gak-6b01"), "{text}");
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
    assert_eq!(of("failure_act_recorded").len(), 1, "the continued defense's act");
    // What the flow wrote passes the store's self-checks (the attestation's included).
    let (problems, _) = app.state.store.consistency_problems().expect("verify");
    assert_eq!(problems, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_computed_before_another_commission_took_the_chair_is_refused_when_stored() {
    use adal::attestation::date::{Date, TimeOfDay};
    use adal::attestation::schedule::{build_schedule, ScheduleContext, SchedulePlan};
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let router = app.router();
    let p = people(&app);
    let staff = Auth::of(&p.staff);
    let supervisor = create_user(&app, "Their Supervisor", Role::Supervisor, Some("Science"), None, None);
    let (chair, secretary) = (p.chair.user.id, p.secretary.user.id);
    let mut commissions = Vec::new();
    for (programme, member) in [("6B01", p.member.user.id), ("6B02", p.outsider.user.id)] {
        let student =
            create_user(&app, programme, Role::Student, Some("Science"), Some(supervisor.user.id), None);
        let thesis =
            admitted_thesis(&router, &Auth::of(&student), &Auth::of(&supervisor), &staff, programme).await;
        let body = json!({ "name": format!("GAK {programme}"), "programmes": [programme], "year": 2026 });
        let commission = create_commission(&router, &staff, body).await;
        let seats =
            json!({ "kind": "attestation", "chair": chair, "members": [member], "secretary": secretary });
        let answer = put_json(&router, &format!("/api/commissions/{commission}/seats"), &staff, seats).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        commissions.push((commission, student.user.id, thesis));
    }

    // Both schedules computed from the same moment, when neither commission had one: both put
    // the shared chair at 09:00 on 20 March 2026. Whichever is stored second is refused.
    let store = &app.state.store;
    let plan = SchedulePlan {
        first_day: Date::parse("2026-03-20").expect("date"),
        daily_start: TimeOfDay::hm(9, 0).expect("time"),
        slot_minutes: 15,
        sitting_minutes: 300,
    };
    let calendar = adal::attestation::calendar::Calendar::kazakhstan();
    let records: Vec<adal::store::CommissionSchedule> = commissions
        .iter()
        .map(|&(commission, student, thesis)| {
            let people = store.commission(commission).expect("commission").people();
            let context =
                ScheduleContext { plan: &plan, calendar: &calendar, commission: &people, busy: &[] };
            adal::store::CommissionSchedule {
                commission,
                plan,
                schedule: build_schedule(&[student], &context).expect("schedule"),
                theses: vec![(student, thesis)],
                published_at: None,
                acts: Vec::new(),
                meeting_link: None,
                created_at: 1,
                updated_at: 1,
            }
        })
        .collect();
    let actor = adal::store::Actor::User(p.staff.user.id);
    store.put_new_schedule(&records[1], actor, 2).expect("the first one stored");
    let refused = store.put_new_schedule(&records[0], actor, 3).expect_err("the chair in two places");
    let expected = adal::attestation::AttestationError::PersonInTwoPlaces {
        person: chair,
        date: Date::parse("2026-03-20").expect("date"),
    };
    assert_eq!(refused.to_string(), adal::store::StoreError::from(expected).to_string());
    assert!(store.schedule_of(commissions[0].0).expect("read").is_none(), "nothing of it was written");
    assert!(store.defense(commissions[0].2).expect("read").is_none());

    // Built again through the API, it goes around the chair's other defense.
    let plan = json!({ "first_day": "2026-03-20", "daily_start": "09:00", "slot_minutes": 15, "sitting_minutes": 300 });
    let built =
        post_json(&router, &format!("/api/commissions/{}/schedule", commissions[0].0), &staff, plan).await;
    assert_eq!(built.status, StatusCode::CREATED, "{}", built.text);
    assert_eq!(built.body["slots"][0]["start"], "09:15", "{}", built.text);
}

/// The student's absence request over the API: the reason and a small supporting document.
async fn request_absence(router: &axum::Router, uri: &str, auth: &Auth, reason: &str) -> Answer {
    let (content_type, body) =
        multipart_body("certificate.pdf", b"%PDF-1.4 a certificate", &[("reason", reason)]);
    send(router, axum::http::Method::POST, uri, auth, Some(&content_type), body).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_asks_the_chair_to_move_the_defense_and_the_chair_refuses_or_grants() {
    let s = sitting().await;
    let (router, p, c) = (&s.router, &s.people, s.commission);
    let (t1, t2) = (s.theses[0], s.theses[1]);
    let (student, chair) = (Auth::of(&s.students[0]), Auth::of(&p.chair));
    let uri = format!("/api/theses/{t1}/absence?lang=ru");

    // Only the student, with a reason and a document; one request waits at a time.
    let no_reason = request_absence(router, &uri, &student, " ").await;
    assert_eq!(no_reason.body["error"]["code"], "absence_reason_required", "{}", no_reason.text);
    assert!(no_reason.text.contains("Укажите причину"), "{}", no_reason.text);
    let (content_type, body) = multipart_body("empty.pdf", b"", &[("reason", "Ill.")]);
    let no_file = send(router, axum::http::Method::POST, &uri, &student, Some(&content_type), body).await;
    assert_eq!(no_file.body["error"]["code"], "absence_document_required", "{}", no_file.text);
    let other = request_absence(router, &uri, &Auth::of(&s.students[1]), "Not mine.").await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.text);
    let filed = request_absence(router, &uri, &student, "A family emergency; the notice is attached.").await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let again = request_absence(router, &uri, &student, "Again.").await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);

    // The chair is told and reads the document; a member may not.
    let notes = get(router, "/notifications?lang=en", &chair).await.text;
    assert!(notes.contains("A request to move a defense"), "{notes}");
    let file_uri = format!("/api/theses/{t1}/absence/file");
    let file = get(router, &file_uri, &chair).await;
    assert_eq!((file.status, file.text.as_str()), (StatusCode::OK, "%PDF-1.4 a certificate"));
    assert_eq!(get(router, &file_uri, &Auth::of(&p.member)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(router, &file_uri, &student).await.status, StatusCode::OK);

    // Refused by the chair (not by a member); the student is told; the time stays.
    let refuse_uri = format!("/api/commissions/{c}/absences/{t1}/refuse");
    assert_eq!(
        post_json(router, &refuse_uri, &Auth::of(&p.member), json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let refused = post_json(router, &refuse_uri, &chair, json!({})).await;
    assert_eq!(refused.body["state"], "refused", "{}", refused.text);
    assert_eq!(
        post_json(router, &refuse_uri, &chair, json!({})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let notes = get(router, "/notifications?lang=en", &student).await.text;
    assert!(notes.contains("Your request to move the defense was refused"), "{notes}");
    let move_uri = format!("/api/commissions/{c}/schedule/reschedule");
    let absence = json!({ "reason": "valid_absence", "student": s.students[0].user.id });
    let after_refusal = post_json(router, &move_uri, &chair, absence.clone()).await;
    assert_eq!(after_refusal.status, StatusCode::UNPROCESSABLE_ENTITY, "a refused request grants nothing");

    // A new request, granted: the defense moves to the next sitting day and the student is told.
    let filed = request_absence(router, &uri, &student, "The hospital certificate.").await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let moved = post_json(router, &move_uri, &chair, absence).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    let defense = get(router, &format!("/api/theses/{t1}/defense"), &student).await;
    assert_ne!(defense.body["date"], "2026-03-20", "{}", defense.text);
    let notes = get(router, "/notifications?lang=en", &student).await.text;
    assert!(notes.contains("Your defense was moved"), "{notes}");
    assert_eq!(get(router, &format!("/api/theses/{t2}/absence"), &chair).await.status, StatusCode::NOT_FOUND);
    let audit = get(router, "/api/audit?limit=1000", &Auth::of(&p.admin)).await;
    let actions: Vec<&str> = audit.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|entry| entry["action"].as_str())
        .collect();
    assert_eq!(actions.iter().filter(|action| **action == "absence_requested").count(), 2);
    assert_eq!(actions.iter().filter(|action| **action == "absence_refused").count(), 1);
    let (problems, _) = s._app.state.store.consistency_problems().expect("verify");
    assert_eq!(problems, Vec::<String>::new());
}
