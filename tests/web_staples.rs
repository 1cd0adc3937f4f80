//! Issue #16, point 8 and 10 (the staples): leaving one passage of a report out through the
//! page with a reason, and counting it again; a comment from the supervisor to the student,
//! shown on the thesis page and in its history; the student reads the outcome of a check in
//! words (the figure), not "text extracted". Through the router in-process, without JavaScript.

mod server_support;

use adal::store::{AuditAction, ExcludedItem, Role};
use axum::http::StatusCode;
use server_support::*;

/// A thesis of `student` whose text borrows the first 200 words of the first demo source,
/// checked; answers (thesis, version).
async fn checked_thesis(router: &axum::Router, student: &TestUser) -> (u64, u64) {
    let source =
        std::fs::read_to_string(repo_path("corpus/en/en-01-trilingual-education-policy.txt")).expect("text");
    let borrowed: String = source.split_whitespace().take(200).collect::<Vec<_>>().join(" ");
    let text =
        format!("My own introduction about rivers, rain and the harvest of this year.\n\n{borrowed}\n");
    let thesis = create_thesis(router, &Auth::of(student), "Staples", "en").await;
    let job = upload_and_wait(router, &Auth::of(student), thesis, "t.txt", text.as_bytes()).await;
    (thesis, job["version"].as_u64().expect("version"))
}

fn similarity(answer: &Answer) -> f64 {
    answer.body["report"]["figures"]["similarity"].as_f64().expect("the figure")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewer_leaves_one_passage_out_with_a_reason_and_counts_it_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01"]);
    let supervisor =
        create_user(&app, "Supervisor X", Role::Supervisor, Some("Science"), None, Some("sup-password"));
    let student =
        create_user(&app, "Student X", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let router = app.router();
    let (thesis, version) = checked_thesis(&router, &student).await;
    let report_uri = format!("/api/versions/{version}/report");
    let before = similarity(&get(&router, &report_uri, &Auth::of(&supervisor)).await);
    assert!(before > 50.0, "the borrowing counts: {before}");

    let (auth, csrf) = api_session(&router, "supervisor.x@test.adal", "sup-password").await;
    let page = get(&router, &format!("/versions/{version}/report?lang=en"), &auth).await;
    assert!(page.text.contains("id=\"passage-exclude-1\""), "each passage has its own switch");
    assert!(page.text.contains("id=\"passage-reason-1\""), "with a reason");
    // The form names the report's passage number, which the API's `exclude_passages` takes.
    let passage_id = page
        .text
        .split("name=\"passage\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the passage field")
        .to_string();
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("passage", passage_id.as_str()),
        ("action", "exclude"),
        ("reason", "Properly cited in the appendix"),
    ];
    let answer = post_form(&router, &format!("/theses/{thesis}/passages"), &auth, &fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert!(location(&answer).starts_with(&format!("/versions/{version}/report")), "back to the report");
    let excluded = similarity(&get(&router, &report_uri, &Auth::of(&supervisor)).await);
    assert!(excluded < before, "the figure without the passage: {excluded} < {before}");
    let check = app.state.store.latest_check(version).expect("store").expect("check");
    let exclusions = app.state.store.exclusions_of(check.id).expect("exclusions");
    assert!(
        exclusions.iter().any(|exclusion| matches!(exclusion.item, ExcludedItem::Passage { .. })
            && exclusion.reason == "Properly cited in the appendix"),
        "the reason is kept: {exclusions:?}"
    );
    let audit = app.state.store.audit_log(1, 1000).expect("audit");
    assert!(audit.iter().any(|entry| entry.action == AuditAction::PassageExcluded
        && entry.details["reason"] == "Properly cited in the appendix"));

    let page = get(&router, &format!("/versions/{version}/report?lang=en"), &auth).await;
    assert!(page.text.contains("id=\"passage-restore-1\""), "an excluded passage can be counted again");
    assert!(page.text.contains("Not counted"), "and says it is not counted");
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("passage", passage_id.as_str()),
        ("action", "restore"),
        ("reason", "Not cited after all"),
    ];
    let answer = post_form(&router, &format!("/theses/{thesis}/passages"), &auth, &fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let after = similarity(&get(&router, &report_uri, &Auth::of(&supervisor)).await);
    assert_eq!(after, before, "counted again");

    // The student may not switch passages.
    let (student_auth, student_csrf) = {
        let student_user =
            create_user(&app, "Student Y", Role::Student, Some("Science"), None, Some("stu-password"));
        let _ = student_user;
        api_session(&router, "student.y@test.adal", "stu-password").await
    };
    let fields =
        [("csrf_token", student_csrf.as_str()), ("passage", passage_id.as_str()), ("action", "exclude")];
    let refused = post_form(&router, &format!("/theses/{thesis}/passages"), &student_auth, &fields).await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_supervisor_comments_and_the_student_reads_it_on_the_thesis_page_and_in_its_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01"]);
    let supervisor =
        create_user(&app, "Supervisor C", Role::Supervisor, Some("Science"), None, Some("sup-password"));
    let student = create_user(
        &app,
        "Student C",
        Role::Student,
        Some("Science"),
        Some(supervisor.user.id),
        Some("stu-password"),
    );
    let router = app.router();
    let (thesis, _) = checked_thesis(&router, &student).await;
    let (auth, csrf) = api_session(&router, "supervisor.c@test.adal", "sup-password").await;
    let page = get(&router, &format!("/theses/{thesis}?lang=en"), &auth).await;
    assert!(page.text.contains("id=\"comment-text\""), "the supervisor has a comment form");
    let comment = "Section 2 copies the policy paper; please rewrite it in your own words.";
    let fields = [("csrf_token", csrf.as_str()), ("text", comment)];
    let answer = post_form(&router, &format!("/theses/{thesis}/comments"), &auth, &fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);

    let page = get(&router, &format!("/theses/{thesis}?lang=ru"), &Auth::of(&student)).await;
    assert!(page.text.contains(comment), "the student reads the comment");
    assert!(page.text.contains("Комментарии руководителя"), "under its heading");
    assert!(page.text.contains("Supervisor C"), "with its author");
    assert!(!page.text.contains("id=\"comment-text\""), "the student has no comment form");
    let history = get(&router, &format!("/theses/{thesis}/history?lang=en"), &Auth::of(&student)).await;
    assert!(history.text.contains("Comment from the supervisor"), "{}", history.text);
    assert!(history.text.contains(comment), "the comment is part of the history");

    let (student_auth, student_csrf) = api_session(&router, "student.c@test.adal", "stu-password").await;
    let fields = [("csrf_token", student_csrf.as_str()), ("text", "I comment on myself")];
    let refused = post_form(&router, &format!("/theses/{thesis}/comments"), &student_auth, &fields).await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
    let empty = post_form(
        &router,
        &format!("/theses/{thesis}/comments"),
        &auth,
        &[("csrf_token", &csrf), ("text", "  ")],
    )
    .await;
    assert!(empty.status.is_client_error(), "an empty comment is refused: {}", empty.status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_student_reads_the_outcome_of_a_check_not_text_extracted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01"]);
    let supervisor = create_user(&app, "Supervisor O", Role::Supervisor, Some("Science"), None, None);
    let student =
        create_user(&app, "Student O", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let router = app.router();
    let (thesis, version) = checked_thesis(&router, &student).await;
    let check = app.state.store.latest_check(version).expect("store").expect("check");
    let percent = adal::report::numbers::percent(adal::model::UiLang::En, check.similarity);
    let students_see_reports = app.state.store.settings().expect("settings").students_see_reports;
    let page = get(&router, &format!("/theses/{thesis}?lang=en"), &Auth::of(&student)).await;
    let expected = if students_see_reports {
        format!("Checked: similarity {percent}")
    } else {
        "Checked; your supervisor will review the report".to_string()
    };
    assert!(page.text.contains(&expected), "'{expected}' in {}", page.text);
    assert!(!page.text.contains("Text extracted"), "no 'text extracted' as the outcome");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_are_listed_in_the_app_counted_in_the_top_bar_and_marked_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01"]);
    let supervisor = create_user(&app, "Supervisor N", Role::Supervisor, Some("Science"), None, None);
    let student = create_user(
        &app,
        "Student N",
        Role::Student,
        Some("Science"),
        Some(supervisor.user.id),
        Some("stu-password"),
    );
    let staff = create_user(&app, "Staff N", Role::Admin, None, None, None);
    let router = app.router();
    let (thesis, _) = checked_thesis(&router, &student).await;
    // Without `smtp` nothing is queued for e-mail.
    assert_eq!(app.state.store.queued_mail().expect("outbox"), 0);

    let (auth, csrf) = api_session(&router, "student.n@test.adal", "stu-password").await;
    let page = get(&router, "/theses?lang=en", &auth).await;
    assert!(page.text.contains("id=\"unread-count\">1<"), "one unread notification in the top bar");
    let list = get(&router, "/notifications?lang=en", &auth).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert!(list.text.contains("The similarity report is ready: “Staples”"), "{}", list.text);
    assert!(list.text.replace("&#x2f;", "/").contains(&format!("href=\"/theses/{thesis}")));
    let supervisor_list = get(&router, "/notifications?lang=kk", &Auth::of(&supervisor)).await;
    assert!(supervisor_list.text.contains("Тексеру есебі дайын"), "the supervisor too, in Kazakh");

    let returned = post_json(
        &router,
        &format!("/api/theses/{thesis}/decision"),
        &Auth::of(&supervisor),
        serde_json::json!({ "decision": "return", "reason": "Please rewrite section 2." }),
    )
    .await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);
    let list = get(&router, "/notifications?lang=ru", &auth).await;
    assert!(list.text.contains("Работа возвращена: «Staples»"), "{}", list.text);
    let page = get(&router, "/theses?lang=en", &auth).await;
    assert!(page.text.contains("id=\"unread-count\">2<"), "two unread");

    let marked = post_form(&router, "/notifications/read", &auth, &[("csrf_token", &csrf)]).await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.text);
    let page = get(&router, "/theses?lang=en", &auth).await;
    assert!(!page.text.contains("id=\"unread-count\""), "all read");

    // A rescan's end is told to the staff member who started it.
    let started = post_json(
        &router,
        "/api/rescans",
        &Auth::of(&staff),
        serde_json::json!({ "selection": "theses", "theses": [thesis] }),
    )
    .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text);
    let job = started.body["id"].as_u64().expect("job id");
    wait_for_job(&router, &Auth::of(&staff), job).await;
    let list = get(&router, "/notifications?lang=en", &Auth::of(&staff)).await;
    assert!(list.text.contains(&format!("Rescan №{job} has finished")), "{}", list.text);
    let student_list = get(&router, "/notifications?lang=en", &auth).await;
    assert_eq!(
        student_list.text.matches("The similarity report is ready").count(),
        1,
        "a rescan's reports are not announced one by one"
    );
}
