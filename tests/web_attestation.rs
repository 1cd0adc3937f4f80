//! The attestation's pages (issue #18) without a browser: the sitting walked through its forms,
//! the thesis page's defense documents, and the staff's commission page (create, seats, appeal
//! commission, schedule, publication, the chair's valid-absence move).

mod attestation_support;
mod server_support;

use adal::store::Role;
use attestation_support::*;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use server_support::*;

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
    let chair_form = get(router, &form_uri, &chair).await.text;
    assert!(chair_form.contains("id=\"mark-form\""), "{chair_form}");
    assert!(
        chair_form.contains("<td>A-</td><td class=\"num\">90–94</td><td class=\"num\">3.67</td>"),
        "{chair_form}"
    );
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
    // The chair writes the report's conclusions and recommendations there; a member reads them.
    assert!(protocols.text.contains("id=\"recommendations-form\""), "{}", protocols.text);
    let saved = submit(
        router,
        &format!("/commissions/{c}/recommendations"),
        &chair,
        &[("text", "Good preparation.")],
    )
    .await;
    assert!(saved.contains("flash=recommendations"), "{saved}");
    let member_view = get(router, &format!("/commissions/{c}/protocols?lang=en"), &member).await.text;
    assert!(!member_view.contains("id=\"recommendations-form\""), "{member_view}");
    assert!(member_view.contains("Good preparation."), "{member_view}");

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
    check_and_clear(&router, &student, &supervisor, thesis, text).await;
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

/// The caller's notifications page in English.
async fn notifications(router: &axum::Router, auth: &Auth) -> String {
    get(router, "/notifications?lang=en", auth).await.text
}

/// The id at the end of a redirect to `/commissions/{id}?…`.
fn commission_of(location: &str) -> u64 {
    let rest = location.strip_prefix("/commissions/").expect("a commission page");
    rest.split(['?', '#']).next().and_then(|id| id.parse().ok()).expect("commission id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_form_seat_and_schedule_a_commission_from_its_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let router = &app.router();
    let p = people(&app);
    let (staff, chair, member) = (Auth::of(&p.staff), Auth::of(&p.chair), Auth::of(&p.member));
    let (students, theses) = admitted_students(&app, router, &staff, &["6B01", "6B01", "6B01"]).await;

    // Staff create the commission from the list page; a teacher sees no such form.
    assert!(get(router, "/attestation?lang=en", &staff).await.text.contains("id=\"commission-form\""));
    assert!(!get(router, "/attestation?lang=en", &chair).await.text.contains("id=\"commission-form\""));
    let no_name =
        post_form(router, "/attestation/commissions?lang=ru", &staff, &[("name", " "), ("year", "2026")])
            .await;
    assert_eq!(no_name.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_name.text);
    assert!(no_name.text.contains("Укажите название комиссии."), "{}", no_name.text);
    let fields = [("name", "GAK 6B01"), ("programmes", "6B01\n6B02"), ("year", "2026")];
    let created = submit(router, "/attestation/commissions", &staff, &fields).await;
    assert!(created.contains("flash=commission_created"), "{created}");
    let c = commission_of(&created);
    let page_uri = format!("/commissions/{c}?lang=en");
    let page = get(router, &page_uri, &staff).await;
    assert!(page.text.contains("6B01, 6B02") && page.text.contains("id=\"seats-form\""), "{}", page.text);
    assert!(!page.text.contains("id=\"schedule-form\""), "no schedule before the seats: {}", page.text);
    assert_eq!(get(router, &page_uri, &chair).await.status, StatusCode::NOT_FOUND, "not on it yet");

    // The seats: a chair alone is refused in words; then chair, member and secretary.
    let (chair_id, member_id, secretary_id) =
        (p.chair.user.id.to_string(), p.member.user.id.to_string(), p.secretary.user.id.to_string());
    let seats_uri = format!("/commissions/{c}/seats?lang=ru");
    let alone =
        post_form(router, &seats_uri, &staff, &[("chair", &chair_id), ("secretary", &secretary_id)]).await;
    assert_eq!(alone.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", alone.text);
    assert!(alone.text.contains("помимо председателя"), "{}", alone.text);
    let member_box = format!("member_{member_id}");
    let seats =
        [("chair", chair_id.as_str()), (member_box.as_str(), "on"), ("secretary", secretary_id.as_str())];
    assert!(submit(router, &seats_uri, &staff, &seats).await.contains("flash=seats_assigned"));
    let page = get(router, &format!("/commissions/{c}?lang=ru"), &chair).await;
    assert!(
        page.text.contains("Председатель: Chair") && page.text.contains("Технический секретарь: Secretary"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("id=\"seats-form\""), "the chair does not assign seats");

    // An appeal commission: an even number, or a member of the attestation commission, is refused.
    let appeal_uri = format!("/commissions/{c}/appeal-commission");
    let appeal = commission_of(&submit(router, &appeal_uri, &staff, &[("name", "Appeal 6B01")]).await);
    let appeal_seats = format!("/commissions/{appeal}/seats?lang=en");
    let boxes: Vec<String> = p.appeal.iter().map(|person| format!("member_{}", person.user.id)).collect();
    let two = [(boxes[0].as_str(), "on"), (boxes[1].as_str(), "on")];
    let refused = post_form(router, &appeal_seats, &staff, &two).await;
    assert!(refused.text.contains("odd number of members"), "{}", refused.text);
    let with_member = [(boxes[0].as_str(), "on"), (boxes[1].as_str(), "on"), (member_box.as_str(), "on")];
    let refused = post_form(router, &appeal_seats, &staff, &with_member).await;
    assert!(refused.text.contains("cannot sit on the appeal commission"), "{}", refused.text);
    let three: Vec<(&str, &str)> = boxes.iter().map(|name| (name.as_str(), "on")).collect();
    assert!(submit(router, &appeal_seats, &staff, &three).await.contains("flash=seats_assigned"));
    let page = get(router, &page_uri, &staff).await;
    assert!(page.text.contains(&format!("id=\"appeal-commission-{appeal}\"")), "{}", page.text);

    // The schedule from the admission list: three waiting, built on Friday 20 March 2026 with
    // two defenses a day (Nauryz skipped), a draft until staff publish it.
    assert!(
        page.text.contains("id=\"schedule-waiting\">Admitted theses waiting for a time: 3<"),
        "{}",
        page.text
    );
    let plan = [
        ("first_day", "2026-03-20"),
        ("daily_start", "09:00"),
        ("slot_minutes", "15"),
        ("sitting_minutes", "30"),
        ("meeting_link", "https://meet.university.kz/gak"),
    ];
    let bad_plan = [
        ("first_day", "20.03.2026"),
        ("daily_start", "09:00"),
        ("slot_minutes", "15"),
        ("sitting_minutes", "30"),
    ];
    let refused = post_form(router, &format!("/commissions/{c}/schedule?lang=en"), &staff, &bad_plan).await;
    assert!(refused.text.contains("YYYY-MM-DD"), "{}", refused.text);
    assert!(submit(router, &format!("/commissions/{c}/schedule"), &staff, &plan)
        .await
        .contains("flash=schedule_built"));
    let page = get(router, &page_uri, &chair).await;
    assert_eq!(page.text.matches("<tr id=\"slot-").count(), 3, "{}", page.text);
    assert!(page.text.contains("href=\"https:&#x2f;&#x2f;meet.university.kz&#x2f;gak\""), "{}", page.text);
    assert!(
        page.text.contains("2026-03-24") && page.text.contains("The schedule is not published yet."),
        "{}",
        page.text
    );
    assert!(!page.text.contains("id=\"absence-"), "no move without a student's request");
    assert!(!page.text.contains("id=\"publish-schedule\""), "only staff publish");
    assert!(
        !notifications(router, &Auth::of(&students[0])).await.contains("Your defense is scheduled"),
        "a draft tells nobody"
    );

    // Published: every student hears of their time, everyone on the commission of the sittings.
    assert!(get(router, &page_uri, &staff).await.text.contains("id=\"publish-schedule\""));
    let published = submit(router, &format!("/commissions/{c}/publish"), &staff, &[]).await;
    assert!(published.contains("flash=schedule_published"), "{published}");
    let notes = notifications(router, &Auth::of(&students[0])).await;
    assert!(notes.contains("Your defense is scheduled") && notes.contains("2026-03-20 at 09:00"), "{notes}");
    let notes = notifications(router, &member).await;
    assert!(notes.contains("sittings are scheduled: GAK 6B01") && notes.contains("3 defenses"), "{notes}");

    // The first student writes to the chair from the defense page, with a certificate.
    let student_auth = Auth::of(&students[0]);
    let defense_uri = format!("/theses/{}/defense?lang=en", theses[0]);
    let defense_page = get(router, &defense_uri, &student_auth).await;
    assert!(defense_page.text.contains("id=\"absence-form\""), "{}", defense_page.text);
    assert!(defense_page.text.contains("You may appeal within 2 working days"), "{}", defense_page.text);
    let (content_type, body) =
        multipart_body("certificate.pdf", b"%PDF-1.4 certificate", &[("reason", "Ill since Monday.")]);
    let uri = format!("/theses/{}/absence", theses[0]);
    let sent = send(router, axum::http::Method::POST, &uri, &student_auth, Some(&content_type), body).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let defense_page = get(router, &defense_uri, &student_auth).await;
    assert!(defense_page.text.contains("The request is waiting for the chair."), "{}", defense_page.text);
    assert!(!defense_page.text.contains("id=\"absence-form\""), "one request at a time");
    let page = get(router, &page_uri, &chair).await;
    assert!(
        page.text.contains("Ill since Monday.") && page.text.contains("certificate.pdf"),
        "{}",
        page.text
    );
    assert!(page.text.contains(&format!("id=\"absence-{}\"", theses[0])), "the chair grants it");
    assert!(page.text.contains(&format!("id=\"absence-refuse-{}\"", theses[0])), "or refuses it");
    let member_page = get(router, &page_uri, &member).await.text;
    assert!(
        !member_page.contains("Ill since Monday.") && !member_page.contains("id=\"absence-"),
        "not a member"
    );

    // The chair grants it: the defense moves; the student is told.
    let absence_uri = format!("/commissions/{c}/absence?lang=en");
    let student_one = students[0].user.id.to_string();
    let refused = post_form(router, &absence_uri, &member, &[("student", &student_one)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    assert!(submit(router, &absence_uri, &chair, &[("student", &student_one)])
        .await
        .contains("flash=defense_moved"));
    let notes = notifications(router, &Auth::of(&students[0])).await;
    assert!(notes.contains("Your defense was moved") && notes.contains("2026-03-24 at 09:15"), "{notes}");
    // What the flow wrote passes the store's self-checks (the attestation's included).
    let (problems, _) = app.state.store.consistency_problems().expect("verify");
    assert_eq!(problems, Vec::<String>::new());
}
