//! The pages without JavaScript, through the router in-process: plain form posts with the CSRF
//! field and redirects (login, a new thesis, a multipart upload, the exclusion switches, the
//! decision), the page CSP, the language cookie, and localized HTML error pages.

mod server_support;

use adal::store::Role;
use axum::http::{header, Method, StatusCode};
use server_support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flow_without_javascript() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01", "demo-en-02", "demo-en-03", "demo-en-04"]);
    let supervisor =
        create_user(&app, "Supervisor Web", Role::Supervisor, Some("Science"), None, Some("sup-password"));
    let _student = create_user(
        &app,
        "Student Web",
        Role::Student,
        Some("Science"),
        Some(supervisor.user.id),
        Some("stu-password"),
    );
    let _admin = create_user(&app, "Admin Web", Role::Admin, None, None, Some("adm-password"));
    let router = app.router();

    // Pages for visitors who are not logged in send them to the login page.
    let anonymous = get(&router, "/theses", &Auth::None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&anonymous), "/login?next=/theses");
    // A wrong password shows the form again with the reason, in the chosen language.
    let (nonce_cookie, login_token) = login_form_token(&router).await;
    let refused = post_form(
        &router,
        "/login?lang=ru",
        &Auth::Session { cookie: nonce_cookie, csrf: None },
        &[("email", "student.web@test.adal"), ("password", "no"), ("login_token", login_token.as_str())],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(refused.text.contains("Неверный адрес электронной почты или пароль"), "{}", refused.text);

    // The student registers a thesis and uploads a file with plain forms.
    let (student_auth, csrf) = log_in(&router, "student.web@test.adal", "stu-password").await;
    let created = post_form(
        &router,
        "/theses",
        &student_auth,
        &[
            ("csrf_token", &csrf),
            ("title", "Water in the Syr Darya basin"),
            ("language", "en"),
            ("planned_defense", "2026-06-15"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let thesis_page = location(&created);
    assert!(thesis_page.ends_with("?flash=created"), "{thesis_page}");
    let thesis_path = thesis_page.split('?').next().unwrap_or_default().to_string();
    let thesis_id: u64 = thesis_path.rsplit('/').next().and_then(|id| id.parse().ok()).expect("thesis id");

    // Without the CSRF field a form post is refused with a localized HTML page.
    let forged = post_form(&router, "/theses?lang=kk", &student_auth, &[("title", "Forged")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.headers[header::CONTENT_TYPE].to_str().unwrap_or_default().starts_with("text/html"));
    assert!(forged.text.contains("Сұраныс расталмады"), "{}", forged.text);

    let thesis_text = std::fs::read(repo_path("demo/en-thesis.txt")).expect("demo thesis");
    let (content_type, body) = multipart_body("en-thesis.txt", &thesis_text, &[("csrf_token", &csrf)]);
    let uploaded = send(
        &router,
        Method::POST,
        &format!("{thesis_path}/versions"),
        &student_auth,
        Some(&content_type),
        body,
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.text);
    assert_eq!(location(&uploaded), format!("{thesis_path}?flash=uploaded"));
    let mut checked = false;
    for _ in 0..6000 {
        let page = get(&router, &format!("{thesis_path}?lang=en"), &student_auth).await;
        if page.text.contains("id=\"thesis-state\">Checked<") {
            checked = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(checked, "the check finished");
    let student_page = get(&router, &format!("{thesis_path}?lang=en"), &student_auth).await;
    assert!(student_page.text.contains("does not show check reports to students"), "{}", student_page.text);
    assert!(
        !student_page.text.replace("&#x2f;", "/").contains("/report\""),
        "no report link for the student"
    );

    // The supervisor switches the first source off with the form, then clears with a reason.
    let (supervisor_auth, supervisor_csrf) =
        log_in(&router, "supervisor.web@test.adal", "sup-password").await;
    let queue = get(&router, "/review?lang=en", &supervisor_auth).await;
    assert!(queue.text.contains("Water in the Syr Darya basin"), "{}", queue.text);
    let report_path = between(&queue.text, "href=\"/versions/", "\"")
        .map(|rest| format!("/versions/{rest}"))
        .expect("report link");
    let report = get(&router, &format!("{report_path}?lang=en"), &supervisor_auth).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert_eq!(report.headers[header::CONTENT_SECURITY_POLICY], adal::web::PAGE_CSP);
    assert!(!adal::web::PAGE_CSP.contains("unsafe-inline"));
    let figure = |html: &str| {
        between(html, "data-figure=\"similarity\" aria-live=\"polite\">", "<").unwrap_or_default()
    };
    let before = figure(&report.text);
    let first_source = between(&report.text, "name=\"all_sources\" value=\"", "\"").expect("a source");
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf_token", &supervisor_csrf),
        ("quotes", "on"),
        ("bibliography", "on"),
        ("small", "on"),
        ("min_match_words", "8"),
    ];
    let all_sources: Vec<String> = report
        .text
        .split("name=\"all_sources\" value=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(str::to_string))
        .collect();
    for source in &all_sources {
        fields.push(("all_sources", source));
        if *source != first_source {
            fields.push(("count_source", source));
        }
    }
    let switched =
        post_form(&router, &format!("/theses/{thesis_id}/exclusions"), &supervisor_auth, &fields).await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER, "{}", switched.text);
    let after = get(&router, &format!("{report_path}?lang=en"), &supervisor_auth).await;
    assert_ne!(figure(&after.text), before, "the figure is recomputed");
    assert!(after.text.contains("class=\"source off\""), "the switched-off source is shown off");

    let cleared = post_form(
        &router,
        &format!("/theses/{thesis_id}/decision"),
        &supervisor_auth,
        &[("csrf_token", &supervisor_csrf), ("decision", "clear"), ("text", "Standard definitions, cited.")],
    )
    .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER, "{}", cleared.text);
    let decided = get(&router, &format!("{thesis_path}?lang=en"), &supervisor_auth).await;
    assert!(decided.text.contains("id=\"thesis-state\">Cleared<"), "{}", decided.text);

    // The admin lets students read their reports; the student then sees the report, read-only.
    let (admin_auth, admin_csrf) = log_in(&router, "admin.web@test.adal", "adm-password").await;
    let settings = get(&router, "/staff/settings?lang=en", &admin_auth).await;
    assert_eq!(settings.status, StatusCode::OK, "{}", settings.text);
    let saved = post_form(
        &router,
        "/staff/settings",
        &admin_auth,
        &[
            ("csrf_token", &admin_csrf),
            ("threshold", "25"),
            ("students_see_reports", "on"),
            ("corpus_join", "on_admission"),
            ("appeal_window", "4"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert!(app.state.store.settings().expect("settings").students_see_reports);
    assert_eq!(app.state.store.settings().expect("settings").appeal_window_working_days, 4);
    // An appeal window shorter than the recommendations' 2 working days is refused, in words.
    let short_window = post_form(
        &router,
        "/staff/settings?lang=ru",
        &admin_auth,
        &[
            ("csrf_token", &admin_csrf),
            ("threshold", "25"),
            ("corpus_join", "on_admission"),
            ("appeal_window", "1"),
        ],
    )
    .await;
    assert_eq!(short_window.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", short_window.text);
    assert!(short_window.text.contains("от 2 до 10 рабочих дней"), "{}", short_window.text);
    assert_eq!(app.state.store.settings().expect("settings").appeal_window_working_days, 4);
    let refused_settings = get(&router, "/staff/settings?lang=en", &supervisor_auth).await;
    assert_eq!(refused_settings.status, StatusCode::FORBIDDEN);
    let student_view = get(&router, &format!("{thesis_path}?lang=en"), &student_auth).await;
    assert!(student_view.text.contains("id=\"open-report\""), "{}", student_view.text);
    let student_report = get(&router, &format!("{report_path}?lang=en"), &student_auth).await;
    assert_eq!(student_report.status, StatusCode::OK, "{}", student_report.text);
    assert!(student_report.text.contains("disabled"), "the student's switches are read-only");
    assert!(!student_report.text.contains("id=\"decision-submit\""), "no decision form for the student");

    // The language switch is remembered in a cookie; unknown pages are localized HTML.
    let switched_language = get(&router, "/review?lang=ru", &supervisor_auth).await;
    let cookies: Vec<String> = switched_language
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    assert!(cookies.iter().any(|cookie| cookie.starts_with("lang=ru;")), "{cookies:?}");
    assert!(switched_language.text.contains("<html lang=\"ru\">"));
    let missing = get(&router, "/no-such-page?lang=kk", &supervisor_auth).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text.contains("<html lang=\"kk\">"));
    let missing_api = get(&router, "/api/no-such-thing", &supervisor_auth).await;
    assert_eq!(missing_api.body["error"]["code"], "not_found");

    // The stylesheet and script come from the binary with long caching.
    let css_url = between(&decided.text, "<link rel=\"stylesheet\" href=\"", "\"").expect("stylesheet");
    let css = get(&router, &css_url, &Auth::None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers[header::CACHE_CONTROL].to_str().unwrap_or_default().contains("immutable"));
    assert!(css.text.contains("@media print"));
    app.shutdown();
}

/// Issue #16, point 1: the first passage of a report (number 0 inside) was never highlighted in
/// the web page, and its "show in text" link pointed to an anchor that did not exist; the labels
/// were one off from their anchors. Both renderers now cut the text with `report::view`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_passage_is_highlighted_and_numbers_match_their_anchors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01"]);
    let supervisor = create_user(&app, "Supervisor P", Role::Supervisor, Some("Science"), None, None);
    let student =
        create_user(&app, "Student P", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let router = app.router();
    let source = std::fs::read_to_string(repo_path("corpus/en/en-01-trilingual-education-policy.txt"))
        .expect("corpus text");
    let borrowed: String = source.split_whitespace().take(120).collect::<Vec<_>>().join(" ");
    let text =
        format!("My own introduction about something else entirely, written for this test.\n\n{borrowed}\n");
    let thesis = create_thesis(&router, &Auth::of(&student), "Passages", "en").await;
    let job = upload_and_wait(&router, &Auth::of(&student), thesis, "t.txt", text.as_bytes()).await;
    let version = job["version"].as_u64().expect("version");
    let page = get(&router, &format!("/versions/{version}/report?lang=en"), &Auth::of(&supervisor)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let html = page.text.replace("&#x2f;", "/");
    assert!(html.contains("href=\"#pp-1\""), "the first passage is highlighted and links to its entry");
    assert!(html.contains("id=\"p-1\""), "the first passage has its anchor in the text");
    assert!(html.contains("id=\"pp-1\""), "the list entry of passage №1");
    assert!(html.contains("№1 ·"), "passage №1 is labelled 1");
    assert!(html.contains("href=\"#p-1\""), "its 'show in text' link points to an anchor that exists");
    assert!(!html.contains("id=\"p-0\"") && !html.contains("id=\"pp-0\""), "no anchor is numbered from 0");
    // Issue #16, point 3: the highlight carries its source's number and title.
    assert!(
        html.contains("<sup class=\"hl-num src-0\" aria-hidden=\"true\">1</sup>"),
        "the source number at the passage"
    );
    assert!(
        html.contains("title=\"№1 · Source 1: Teaching Science Through English"),
        "the tooltip names the source"
    );
    let report =
        get(&router, &format!("/api/versions/{version}/report.html?lang=en"), &Auth::of(&supervisor)).await;
    // Issue #15: one template renders the report body for the page and the download.
    let downloaded = report.text.replace("&#x2f;", "/");
    let first_highlight = |html: &str| {
        html.split("<a class=\"hl ").nth(1).and_then(|rest| rest.split('>').next()).map(str::to_string)
    };
    assert!(downloaded.contains(" id=\"p-1\""), "the downloaded report anchors passage №1");
    assert_eq!(
        first_highlight(&downloaded),
        first_highlight(&html),
        "the downloaded report marks passage №1 the same way"
    );
    // Issue #14: the side-by-side view marks the words whose stems both sides share.
    assert!(html.contains("<mark class=\"shared\">"), "shared words marked on the page");
    assert!(downloaded.contains("<mark class=\"shared\">"), "and in the downloaded report");
    // Issue #16, point 8: the student and the supervisor download the file as it was sent.
    for auth in [Auth::of(&student), Auth::of(&supervisor)] {
        let file = get(&router, &format!("/api/versions/{version}/file"), &auth).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.text, text, "the original bytes");
        let disposition =
            file.headers[axum::http::header::CONTENT_DISPOSITION].to_str().expect("disposition");
        assert!(disposition.starts_with("attachment;") && disposition.contains("t.txt"), "{disposition}");
        assert_eq!(file.headers[axum::http::header::CONTENT_TYPE], "application/octet-stream");
    }
    let page = get(&router, &format!("/theses/{thesis}?lang=en"), &Auth::of(&student)).await;
    assert!(
        page.text.replace("&#x2f;", "/").contains(&format!("href=\"/api/versions/{version}/file\"")),
        "a download link"
    );
    // Issue #16, point 10: the thesis's figure is the report's figure, to the last digit (it was
    // stored as f32 and differed in the 7th digit).
    let detail = get(&router, &format!("/api/theses/{thesis}"), &Auth::of(&supervisor)).await;
    let json = get(&router, &format!("/api/versions/{version}/report"), &Auth::of(&supervisor)).await;
    let figure = json.body["report"]["figures"]["similarity"].as_f64().expect("figure");
    assert!(figure > 0.0 && figure.fract() != 0.0, "a figure with decimals: {figure}");
    assert_eq!(detail.body["state"]["similarity_percent"].as_f64(), Some(figure), "{}", detail.text);
}

/// Issue #16, point 4: above the threshold the decision form chose "clear" in advance, and a
/// refused decision (no justification) was a dead-end error page that lost what was typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_decision_keeps_the_page_and_what_was_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01"]);
    let supervisor =
        create_user(&app, "Supervisor D", Role::Supervisor, Some("Science"), None, Some("sup-password"));
    let student =
        create_user(&app, "Student D", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let router = app.router();
    let source =
        std::fs::read_to_string(repo_path("corpus/en/en-01-trilingual-education-policy.txt")).expect("text");
    let borrowed: String = source.split_whitespace().take(200).collect::<Vec<_>>().join(" ");
    let thesis = create_thesis(&router, &Auth::of(&student), "Above", "en").await;
    upload_and_wait(&router, &Auth::of(&student), thesis, "t.txt", borrowed.as_bytes()).await;
    let (auth, csrf) = log_in(&router, "supervisor.d@test.adal", "sup-password").await;
    let page = get(&router, &format!("/theses/{thesis}?lang=en"), &auth).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("id=\"decision-clear\""), "the form is there");
    assert!(
        !page.text.contains("value=\"clear\" required checked"),
        "nothing is chosen in advance above the threshold"
    );
    let typed = "Reviewed the sources with the student; the overlap is the literature review.";
    let refused = post_form(
        &router,
        &format!("/theses/{thesis}/decision?lang=en"),
        &auth,
        &[("csrf_token", &csrf), ("decision", "clear"), ("text", "")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert!(
        refused.text.contains("id=\"decision-error\""),
        "the reason is shown on the thesis page: {}",
        refused.text
    );
    assert!(
        refused.text.contains("id=\"decision-submit\"") && refused.text.contains("id=\"main\""),
        "with the form and the navigation"
    );
    let unchosen = post_form(
        &router,
        &format!("/theses/{thesis}/decision?lang=en"),
        &auth,
        &[("csrf_token", &csrf), ("decision", ""), ("text", typed)],
    )
    .await;
    assert_eq!(unchosen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unchosen.text.contains("Please choose a decision"), "{}", unchosen.text);
    assert!(unchosen.text.contains(typed), "what was typed is kept");
    let cleared = post_form(
        &router,
        &format!("/theses/{thesis}/decision"),
        &auth,
        &[("csrf_token", &csrf), ("decision", "clear"), ("text", typed)],
    )
    .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER, "{}", cleared.text);
}

/// Issue #16, point 2: a source's title was inside the switch's label, so clicking the title
/// excluded the source; now only the switch does, and an exclusion may carry a reason that is
/// kept in the audit log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_switch_excludes_a_source_and_its_reason_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01"]);
    let supervisor =
        create_user(&app, "Supervisor E", Role::Supervisor, Some("Science"), None, Some("sup-password"));
    let student =
        create_user(&app, "Student E", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let router = app.router();
    let source =
        std::fs::read_to_string(repo_path("corpus/en/en-01-trilingual-education-policy.txt")).expect("text");
    let borrowed: String = source.split_whitespace().take(200).collect::<Vec<_>>().join(" ");
    let thesis = create_thesis(&router, &Auth::of(&student), "Switches", "en").await;
    let job = upload_and_wait(&router, &Auth::of(&student), thesis, "t.txt", borrowed.as_bytes()).await;
    let version = job["version"].as_u64().expect("version");
    let (auth, csrf) = log_in(&router, "supervisor.e@test.adal", "sup-password").await;
    let page = get(&router, &format!("/versions/{version}/report?lang=en"), &auth).await;
    let text = page.text.replace("&#x2f;", "/");
    let label_start = text.find("<label for=\"src-switch-0\"").expect("the switch's label");
    let label = &text[label_start..label_start + text[label_start..].find("</label>").expect("label end")];
    assert!(!label.contains("source-title"), "the title is not part of the switch's label: {label}");
    assert!(text.contains("id=\"exclusion-reason\""), "a reason can be given");
    let document_id = between(&text, "name=\"all_sources\" value=\"", "\"").expect("a source");
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("all_sources", document_id.as_str()),
        ("reason", "Our own earlier article"),
    ];
    let answer = post_form(&router, &format!("/theses/{thesis}/exclusions"), &auth, &fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let check = app.state.store.latest_check(version).expect("store").expect("check");
    let exclusions = app.state.store.exclusions_of(check.id).expect("exclusions");
    assert!(
        exclusions.iter().any(|exclusion| exclusion.reason == "Our own earlier article"),
        "{exclusions:?}"
    );
}

/// Issue #16, point 8: the audit trail of a thesis as a page: upload, check, decision with its
/// reason, in order, for whoever may view the thesis (not for others).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thesis_has_its_history_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let supervisor = create_user(&app, "Supervisor H", Role::Supervisor, Some("Science"), None, None);
    let student =
        create_user(&app, "Student H", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let stranger = create_user(&app, "Student Other", Role::Student, Some("Science"), None, None);
    let router = app.router();
    let thesis = create_thesis(&router, &Auth::of(&student), "History", "en").await;
    upload_and_wait(
        &router,
        &Auth::of(&student),
        thesis,
        "draft-1.txt",
        b"A first draft about rivers and rain.",
    )
    .await;
    let returned = post_json(
        &router,
        &format!("/api/theses/{thesis}/decision"),
        &Auth::of(&supervisor),
        serde_json::json!({ "decision": "return", "reason": "Please add the methods chapter." }),
    )
    .await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);
    let page = get(&router, &format!("/theses/{thesis}/history?lang=en"), &Auth::of(&student)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let text = page.text;
    let order = [
        "Thesis registered",
        "Version uploaded",
        "draft-1.txt",
        "Check finished",
        "Returned to the student",
        "Please add the methods chapter.",
    ];
    let mut from = 0;
    for item in order {
        let found = text[from..].find(item).unwrap_or_else(|| panic!("{item} after position {from}: {text}"));
        from += found + item.len();
    }
    assert!(text.contains("Supervisor H"), "who returned it");
    let thesis_page = get(&router, &format!("/theses/{thesis}?lang=en"), &Auth::of(&student)).await;
    assert!(thesis_page.text.contains("id=\"history-link\""));
    assert_eq!(
        get(&router, &format!("/theses/{thesis}/history"), &Auth::of(&stranger)).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Issue #16, point 7: the corpus page listed every document on one page (~12 MB of HTML at
/// 10,000 documents); it now pages by 50 on the server, with a filter, a kind and a sort.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_corpus_list_is_paged_filtered_and_sorted_on_the_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let documents: Vec<_> = (0..120)
        .map(|number| {
            let mut meta = adal::index::DocumentMeta::new(
                format!("doc-{number:03}"),
                format!("Article number {number}"),
            );
            meta.year = Some(2000 + number % 20);
            if number % 10 == 0 {
                meta.kind = adal::index::DocumentKind::Thesis;
            }
            let text =
                format!("Article {number} is about the rivers of region {number} and their {number} lakes.");
            adal::pipeline::ingest::document_from_text(meta, text)
        })
        .collect();
    app.state.index.add_documents(documents).expect("add");
    app.state.index.reload().expect("reload");
    let _staff = create_user(&app, "Staff C", Role::Staff, None, None, Some("staff-password"));
    let router = app.router();
    let (auth, _) = log_in(&router, "staff.c@test.adal", "staff-password").await;
    let rows = |html: &str| html.matches("<td><code>doc-").count();
    let first = get(&router, "/staff/corpus?lang=en", &auth).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(rows(&first.text), 50, "one page of 50");
    assert!(first.text.contains("Page 1 / 3") && first.text.contains("id=\"paging-next\""));
    assert!(first.text.len() < 200_000, "the page stays small: {} bytes", first.text.len());
    let last = get(&router, "/staff/corpus?page=3&lang=en", &auth).await;
    assert_eq!(rows(&last.text), 20);
    assert!(last.text.contains("id=\"paging-previous\"") && !last.text.contains("id=\"paging-next\""));
    let theses = get(&router, "/staff/corpus?kind=thesis&lang=en", &auth).await;
    assert_eq!(rows(&theses.text), 12, "the kind filter");
    let filtered = get(&router, "/staff/corpus?filter=number+11&lang=en", &auth).await;
    assert_eq!(rows(&filtered.text), 11, "11 and 110–119 contain 'number 11'");
    let by_words = get(&router, "/staff/corpus?sort=title&page=1&lang=en", &auth).await;
    let first_title = between(&by_words.text, "<td><code>", "</code>").expect("a row");
    assert_eq!(first_title, "doc-000", "sorted by title, 'Article number 0' comes first");
}
