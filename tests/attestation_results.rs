//! The final attestation over the JSON API (issue #18), part two: grading and the degree vote,
//! the published results, the DOCX protocol, report and act (opened by LibreOffice when it is
//! installed), and appeals with their deadlines.

mod attestation_support;
mod server_support;

use attestation_support::*;
use axum::http::StatusCode;
use serde_json::{json, Value};
use server_support::*;

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
    // The protocol's electronic copy reaches everyone on the commission (§63), not the student.
    for person in [&p.chair, &p.member, &p.secretary] {
        let notes = get(router, "/notifications?lang=en", &Auth::of(person)).await.text;
        assert!(notes.contains("The vote protocol is ready"), "{notes}");
    }
    let student = Auth::of(&s.students[0]);
    assert!(!get(router, "/notifications?lang=en", &student).await.text.contains("vote protocol"));
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

    // The chair writes the conclusions and recommendations (a member may not; not empty).
    let recommendations_uri = format!("/api/commissions/{c}/recommendations?lang=ru");
    let text =
        json!({ "text": "Подготовка выпускников хорошая.\nРекомендуется усилить методы исследования." });
    assert_eq!(
        put_json(router, &recommendations_uri, &member, text.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let empty = put_json(router, &recommendations_uri, &Auth::of(&p.chair), json!({ "text": " " })).await;
    assert!(empty.text.contains("Напишите выводы и рекомендации."), "{}", empty.text);
    let written = put_json(router, &recommendations_uri, &Auth::of(&p.chair), text).await;
    assert_eq!(written.status, StatusCode::OK, "{}", written.text);
    let report =
        docx_text(&answer_bytes(router, &format!("/api/commissions/{c}/report.docx?lang=ru"), &member).await);
    for expected in [
        "Выводы и рекомендации:",
        "Подготовка выпускников хорошая.",
        "Рекомендуется усилить методы исследования.",
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
    // What the flow wrote passes the store's self-checks (the attestation's included).
    let (problems, _) = s._app.state.store.consistency_problems().expect("verify");
    assert_eq!(problems, Vec::<String>::new());
}

/// The caller's notifications page in English.
async fn notifications(router: &axum::Router, auth: &Auth) -> String {
    get(router, "/notifications?lang=en", auth).await.text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_appeal_window_is_the_institutions_and_results_and_appeals_are_notified() {
    let s = sitting_with_documents().await;
    let (router, p, c, t1) = (&s.router, &s.people, s.commission, s.theses[0]);
    let (student, staff) = (Auth::of(&s.students[0]), Auth::of(&p.staff));

    // An admin gives students 5 working days instead of the minimum 2.
    let admin = Auth::of(&p.admin);
    let mut settings = get(router, "/api/settings", &admin).await.body;
    settings["appeal_window_working_days"] = json!(5);
    let saved = put_json(router, "/api/settings", &admin, settings).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert!(!notifications(router, &student).await.contains("result is published"), "not before");
    let published =
        post_json(router, &format!("/api/commissions/{c}/results/publish"), &staff, json!({})).await;
    assert_eq!(published.body["theses"], json!([t1]), "{}", published.text);
    let today = adal::app::grading::local_date(adal::pipeline::thesis::now_ms());
    let calendar = adal::attestation::calendar::Calendar::kazakhstan();
    let deadline = calendar.add_working_days(today, 5).to_string();
    let defense = get(router, &format!("/api/theses/{t1}/defense"), &student).await;
    assert_eq!(defense.body["appeal_deadline"], deadline, "{}", defense.text);

    // The student is told, with the last day to appeal; the ungraded student is not.
    let notes = notifications(router, &student).await;
    assert!(notes.contains("Your defense result is published"), "{notes}");
    assert!(notes.contains(&format!("You may appeal until {deadline} inclusive")), "{notes}");
    assert!(!notifications(router, &Auth::of(&s.students[1])).await.contains("result is published"));

    // The appeal reaches every member of the appeal commission; the decision reaches the student.
    let appeal_commission =
        create_commission(router, &staff, json!({ "name": "Appeals 6B01", "appeal_of": c })).await;
    let members: Vec<Value> = p.appeal.iter().map(|member| json!({ "user": member.user.id })).collect();
    let seats_uri = format!("/api/commissions/{appeal_commission}/seats");
    let seated = put_json(router, &seats_uri, &staff, json!({ "kind": "appeal", "members": members })).await;
    assert_eq!(seated.status, StatusCode::OK, "{}", seated.text);
    let grounds = json!({ "reason": "The questions were outside the thesis." });
    let filed = post_json(router, &format!("/api/theses/{t1}/appeal"), &student, grounds).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    for member in &p.appeal {
        let notes = notifications(router, &Auth::of(member)).await;
        assert!(notes.contains("A new appeal") && notes.contains("within 2 working days"), "{notes}");
    }
    assert!(!notifications(router, &Auth::of(&p.chair)).await.contains("A new appeal"));
    let hearer = Auth::of(&p.appeal[0]);
    let decision_uri = format!("/api/theses/{t1}/appeal/decision");
    let decided = post_json(router, &decision_uri, &hearer, json!({})).await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    let notes = notifications(router, &student).await;
    assert!(notes.contains("The decision on your appeal"), "{notes}");
}
