//! Issue #16, point 7: the theses list (every role's), the supervisor's review queue and the
//! defense admission list are searched, filtered (state, faculty, year, above the threshold),
//! sorted and paged on the server, by plain GET links that keep the filters; the JSON list
//! endpoints take the same query; rescans are chosen by faculty or a list of theses in the UI
//! and have their own numbers, without gaps.

mod server_support;

use adal::model::DocLang;
use adal::pipeline::thesis::now_ms;
use adal::store::{Actor, CalendarDate, NewThesis, Role};
use axum::http::StatusCode;
use server_support::*;

/// `count` draft theses, alternating between the faculties "Science" and "Humanities" and the
/// defense years 2026 and 2027, each of a new student; titles "Draft thesis NN".
fn create_drafts(app: &adal::server::App, count: usize) {
    for number in 0..count {
        let faculty = if number % 2 == 0 { "Science" } else { "Humanities" };
        let student =
            create_user(app, &format!("Drafter {number:02}"), Role::Student, Some(faculty), None, None);
        let year = if number % 4 < 2 { 2026 } else { 2027 };
        let thesis = NewThesis {
            title: format!("Draft thesis {number:02}"),
            student: student.user.id,
            supervisor: None,
            faculty: None,
            programme: "6B01".to_string(),
            language: DocLang::En,
            planned_defense: Some(CalendarDate { year, month: 6, day: 1 }),
        };
        app.state.store.create_thesis(&thesis, Actor::System, now_ms()).expect("thesis");
    }
}

/// The href of the page's "next page" link, as a browser would follow it.
fn next_link(html: &str) -> Option<String> {
    let html = html.replace("&#x2f;", "/").replace("&amp;", "&");
    let before = &html[..html.find("\" rel=\"next\"")?];
    Some(before[before.rfind("href=\"")? + 6..].to_string())
}

fn rows(html: &str) -> usize {
    html.matches("<tr><td><a href=\"/theses/").count()
        + html.matches("<tr>\n    <td><a href=\"/theses/").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_theses_list_is_filtered_sorted_and_paged_on_the_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    create_drafts(&app, 120);
    let _staff = create_user(&app, "Staff L", Role::Staff, None, None, Some("staff-password"));
    let router = app.router();
    let (auth, _) = log_in(&router, "staff.l@test.adal", "staff-password").await;

    let first = get(&router, "/theses?lang=en", &auth).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(rows(&first.text), 50, "one page of 50");
    assert!(first.text.contains("Page 1 / 3"), "three pages");
    assert!(first.text.contains("id=\"list-filters\"") && first.text.contains("method=\"get\""));

    // The faculty and year filters, and a next-page link that keeps them.
    let science = get(&router, "/theses?faculty=Science&year=2026&lang=en", &auth).await;
    assert_eq!(science.status, StatusCode::OK);
    assert!(science.text.contains("Page 1 / 1") && rows(&science.text) == 30, "{}", rows(&science.text));
    let science_all = get(&router, "/theses?faculty=Science&lang=en", &auth).await;
    assert_eq!(rows(&science_all.text), 50);
    let next = next_link(&science_all.text).expect("a next link");
    assert!(next.contains("page=2") && next.contains("faculty=Science"), "{next}");
    let second = get(&router, &format!("{next}&lang=en"), &auth).await;
    assert_eq!(rows(&second.text), 10, "60 Science theses: 50 + 10");
    assert!(second.text.contains("value=\"Science\" selected"), "the filter keeps its value");

    // Search in the title, state filter, sort by title.
    let found = get(&router, "/theses?q=thesis+07&lang=en", &auth).await;
    assert_eq!(rows(&found.text), 1);
    let checked = get(&router, "/theses?state=checked&lang=en", &auth).await;
    assert_eq!(rows(&checked.text), 0, "no checked theses");
    let by_title = get(&router, "/theses?sort=title&lang=en", &auth).await;
    let first_title = between(&by_title.text, "<td><a href=\"/theses/", "</a>").expect("a row");
    assert!(first_title.ends_with("Draft thesis 00"), "{first_title}");

    // The JSON list: no query answers every thesis as before; a page answers 50 and its paging.
    let everything = get(&router, "/api/theses", &auth).await;
    assert_eq!(everything.body["theses"].as_array().map(Vec::len), Some(120));
    assert!(everything.body.get("paging").is_none(), "unchanged without a page");
    let page = get(&router, "/api/theses?faculty=Humanities&page=2&per_page=25", &auth).await;
    assert_eq!(page.body["theses"].as_array().map(Vec::len), Some(25));
    assert_eq!(page.body["paging"], serde_json::json!({ "page": 2, "pages": 3, "total": 60 }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_queue_and_the_admission_list_are_filtered_on_the_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01", "demo-en-02", "demo-en-03", "demo-en-04"]);
    let supervisor =
        create_user(&app, "Supervisor Q", Role::Supervisor, Some("Science"), None, Some("sup-password"));
    let _staff = create_user(&app, "Staff Q", Role::Staff, None, None, Some("staff-password"));
    let router = app.router();
    let borrowed = std::fs::read(repo_path("corpus/en/en-01-trilingual-education-policy.txt")).expect("text");
    let original = b"Mountain meadows of the Altai bloom in June; shepherds move their flocks upward as the \
        snow line retreats, and the herbs they gather are dried in the shade of larch trees for winter."
        .to_vec();
    let submitted = submit_as_new_students(
        &app,
        &router,
        &supervisor,
        &[("a.txt", borrowed.clone()), ("b.txt", original.clone()), ("c.txt", original)],
    )
    .await;
    let (auth, csrf) = log_in(&router, "supervisor.q@test.adal", "sup-password").await;

    let queue = get(&router, "/review?lang=en", &auth).await;
    assert_eq!(queue.status, StatusCode::OK);
    assert_eq!(queue.text.replace("&#x2f;", "/").matches("/versions/").count(), 3, "three checked theses");
    let above = get(&router, "/review?above=1&lang=en", &auth).await;
    assert_eq!(
        above.text.replace("&#x2f;", "/").matches("/versions/").count(),
        1,
        "only the borrowed one is above"
    );
    assert!(above.text.contains("id=\"list-above\" name=\"above\" type=\"checkbox\" value=\"1\" checked"));
    let searched = get(&router, "/review?q=Thesis+1&lang=en", &auth).await;
    assert_eq!(searched.text.replace("&#x2f;", "/").matches("/versions/").count(), 1, "the title search");

    // Clear the two originals; the admission list then filters by state, above and search.
    for (thesis, _) in &submitted[1..] {
        let answer = post_form(
            &router,
            &format!("/theses/{thesis}/decision"),
            &auth,
            &[("csrf_token", &csrf), ("decision", "clear"), ("text", "")],
        )
        .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    }
    let (staff_auth, _) = log_in(&router, "staff.q@test.adal", "staff-password").await;
    let admission = get(&router, "/staff/admission?lang=en", &staff_auth).await;
    assert_eq!(admission.text.matches("/admit\"").count(), 2, "two cleared theses to admit");
    let one = get(&router, "/staff/admission?q=Thesis+2&lang=en", &staff_auth).await;
    assert_eq!(one.text.matches("/admit\"").count(), 1);
    let none = get(&router, "/staff/admission?state=admitted&lang=en", &staff_auth).await;
    assert_eq!(none.text.matches("/admit\"").count(), 0);
    assert!(none.text.contains("value=\"admitted\" selected"));
    let api = get(&router, "/api/admission-list?q=Thesis+2&page=1", &Auth::of(&supervisor)).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN, "supervisors have no admission list");
    let api = get(&router, "/api/admission-list?q=Thesis+2&page=1", &staff_auth).await;
    assert_eq!(api.body["theses"].as_array().map(Vec::len), Some(1), "{}", api.text);
    assert_eq!(api.body["paging"]["total"], 1);
    let csv = get(&router, "/api/admission-list.csv?q=Thesis+2", &staff_auth).await;
    assert_eq!(csv.text.lines().count(), 2, "header and one row: {}", csv.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rescans_are_chosen_by_faculty_or_list_and_numbered_without_gaps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    create_drafts(&app, 4);
    let _admin = create_user(&app, "Admin R", Role::Admin, None, None, Some("admin-password"));
    let router = app.router();
    let (auth, csrf) = log_in(&router, "admin.r@test.adal", "admin-password").await;
    let dashboard = get(&router, "/staff?lang=en", &auth).await;
    assert!(
        dashboard.text.contains("id=\"rescan-faculty\"") && dashboard.text.contains("id=\"rescan-theses\"")
    );
    assert!(dashboard.text.contains("<option value=\"Humanities\">"), "the faculties to choose from");

    let session = auth.clone();
    let start = |fields: Vec<(&'static str, String)>| {
        let router = router.clone();
        let session = session.clone();
        let csrf = csrf.clone();
        async move {
            let mut pairs: Vec<(&str, &str)> = vec![("csrf_token", csrf.as_str())];
            pairs.extend(fields.iter().map(|(name, value)| (*name, value.as_str())));
            let answer = post_form(&router, "/staff/rescans", &session, &pairs).await;
            assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
        }
    };
    start(vec![("faculty", "Science".to_string())]).await;
    // A check job between the rescans takes a job id.
    let student = create_user(&app, "Student R", Role::Student, Some("Science"), None, None);
    let thesis = create_thesis(&router, &Auth::of(&student), "Checked between", "en").await;
    upload_and_wait(&router, &Auth::of(&student), thesis, "t.txt", b"A short original text.").await;
    start(vec![("theses", "1, 3".to_string()), ("faculty", "Science".to_string())]).await;

    let jobs = get(&router, "/api/jobs", &auth).await;
    let rescans: Vec<&serde_json::Value> = jobs.body["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .filter(|job| job["kind"]["kind"] == "rescan")
        .collect();
    assert_eq!(rescans.len(), 2);
    let (second, first) = (rescans[0], rescans[1]);
    assert_eq!(
        first["kind"]["selection"],
        serde_json::json!({ "selection": "faculty", "faculty": "Science" })
    );
    assert_eq!(second["kind"]["selection"], serde_json::json!({ "selection": "theses", "theses": [1, 3] }));
    assert!(second["id"].as_u64() > first["id"].as_u64().map(|id| id + 1), "job ids skip");
    assert_eq!((first["number"].as_u64(), second["number"].as_u64()), (Some(1), Some(2)), "numbers do not");
    let dashboard = get(&router, "/staff?lang=en", &auth).await;
    assert!(dashboard.text.contains("№2 ·") && dashboard.text.contains("№1 ·"), "the page shows the numbers");
    let csv = get(&router, &format!("/api/rescans/{}/summary.csv", second["id"]), &auth).await;
    let disposition = csv.headers[axum::http::header::CONTENT_DISPOSITION].to_str().expect("disposition");
    assert!(disposition.contains("rescan-2.csv"), "{disposition}");
    // A list that is not numbers is refused with a message, not read as "all".
    let bad =
        post_form(&router, "/staff/rescans?lang=en", &session, &[("csrf_token", &csrf), ("theses", "one")])
            .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("separated by commas"), "{}", bad.text);
}
