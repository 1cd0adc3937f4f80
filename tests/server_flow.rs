//! The whole thesis flow over HTTP: a student uploads (202 + job), the job finishes, the report
//! finds the planted borrowings, the supervisor excludes a source and clears, staff admit, the
//! thesis is on the admission list and joins the corpus; a returned thesis is resubmitted.
//! One test logs in over a real socket on 127.0.0.1 (cookie, CSRF, logout).

mod server_support;

use adal::store::Role;
use axum::http::StatusCode;
use serde_json::{json, Value};
use server_support::*;
use std::time::Duration;

fn source_ids(report: &Value) -> Vec<String> {
    let sources = report["report"]["sources"].as_array().cloned().unwrap_or_default();
    sources.iter().filter_map(|source| source["document_id"].as_str().map(str::to_string)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_check_clear_admit_and_resubmit_after_return() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-en-01", "demo-en-02", "demo-en-03", "demo-en-04"]);
    let supervisor = create_user(&app, "Supervisor One", Role::Supervisor, Some("Science"), None, None);
    let student = create_user(
        &app,
        "Aruzhan Temirkhanova",
        Role::Student,
        Some("Science"),
        Some(supervisor.user.id),
        None,
    );
    let second =
        create_user(&app, "Student Two", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let staff = create_user(&app, "Staff Member", Role::Staff, None, None, None);
    let router = app.router();
    let (student_auth, supervisor_auth, staff_auth) =
        (Auth::of(&student), Auth::of(&supervisor), Auth::of(&staff));

    // The student uploads; the answer is 202 with a job, and the job completes.
    let thesis = create_thesis(&router, &student_auth, "Water management in the Syr Darya basin", "en").await;
    let thesis_text = std::fs::read(repo_path("demo/en-thesis.txt")).expect("demo thesis");
    let job = upload_and_wait(&router, &student_auth, thesis, "en-thesis.txt", &thesis_text).await;
    assert_eq!(job["state"], "done", "{job}");
    let version = job["version"].as_u64().expect("version");
    let detail = get(&router, &format!("/api/theses/{thesis}"), &student_auth).await;
    assert_eq!(detail.body["state"]["state"], "checked", "{}", detail.text);
    assert_eq!(detail.body["versions"][0]["extraction"]["outcome"], "extracted");
    // Reports are hidden from students by default, and so are the figures in the thesis view.
    assert!(detail.body["state"].get("similarity_percent").is_none(), "{}", detail.text);
    assert!(detail.body["versions"][0]["latest_check"].is_null(), "{}", detail.text);
    let supervisor_view = get(&router, &format!("/api/theses/{thesis}"), &supervisor_auth).await;
    assert!(supervisor_view.body["state"]["similarity_percent"].is_number(), "{}", supervisor_view.text);

    // Students do not see reports by default; the supervisor does, with the planted sources.
    let report_uri = format!("/api/versions/{version}/report");
    assert_eq!(get(&router, &report_uri, &student_auth).await.status, StatusCode::FORBIDDEN);
    let report = get(&router, &report_uri, &supervisor_auth).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let sources = source_ids(&report.body);
    assert!(sources.contains(&"demo-en-02".to_string()), "{sources:?}");
    assert!(sources.contains(&"demo-en-03".to_string()), "{sources:?}");
    let similarity = report.body["report"]["figures"]["similarity"].as_f64().expect("similarity");
    assert!(similarity > 5.0, "similarity {similarity}");

    let html = get(&router, &format!("/api/versions/{version}/report.html?lang=ru"), &supervisor_auth).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.headers[axum::http::header::CONTENT_TYPE]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/html"));
    assert!(html.headers["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .contains("frame-ancestors 'none'"));

    // Excluding a source lowers the figure, recomputed from the stored report, and is kept.
    let excluded = post_json(
        &router,
        &format!("/api/theses/{thesis}/exclusions"),
        &supervisor_auth,
        json!({ "exclude_sources": ["demo-en-02"], "reason": "cited as a standard" }),
    )
    .await;
    assert_eq!(excluded.status, StatusCode::OK, "{}", excluded.text);
    let lowered = excluded.body["figures"]["similarity"].as_f64().expect("figure");
    assert!(lowered < similarity, "{lowered} < {similarity}");
    let again = get(&router, &report_uri, &supervisor_auth).await;
    assert_eq!(again.body["report"]["figures"]["similarity"].as_f64(), Some(lowered));

    // A rescan makes a new check of the same version; the reviewer's exclusion still applies.
    let rescan =
        post_json(&router, "/api/rescans", &staff_auth, json!({ "selection": "theses", "theses": [thesis] }))
            .await;
    assert_eq!(rescan.status, StatusCode::ACCEPTED, "{}", rescan.text);
    let rescan_job = wait_for_job(&router, &staff_auth, rescan.body["id"].as_u64().expect("job id")).await;
    assert_eq!(rescan_job["state"], "done", "{rescan_job}");
    let after_rescan = get(&router, &report_uri, &supervisor_auth).await;
    assert_ne!(after_rescan.body["check"]["id"], again.body["check"]["id"], "{}", after_rescan.text);
    assert_eq!(after_rescan.body["report"]["figures"]["similarity"].as_f64(), Some(lowered));

    // Clear (with a justification, whatever the threshold), admit, admission list.
    let cleared = post_json(
        &router,
        &format!("/api/theses/{thesis}/decision"),
        &supervisor_auth,
        json!({ "decision": "clear", "justification": "Borrowings are quoted standards." }),
    )
    .await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.text);
    assert_eq!(cleared.body["state"]["state"], "cleared");
    file_defense_documents(&router, thesis, &supervisor_auth, &staff_auth).await;
    let admitted = post_json(&router, &format!("/api/theses/{thesis}/admit"), &staff_auth, json!({})).await;
    assert_eq!(admitted.status, StatusCode::OK, "{}", admitted.text);
    assert_eq!(admitted.body["state"]["state"], "admitted");
    let list = get(&router, "/api/admission-list", &staff_auth).await;
    let on_list: Vec<u64> =
        list.body["theses"].as_array().expect("list").iter().filter_map(|row| row["id"].as_u64()).collect();
    assert_eq!(on_list, vec![thesis]);
    let csv = get(&router, "/api/admission-list.csv", &staff_auth).await;
    assert!(csv.text.contains("Water management in the Syr Darya basin"), "{}", csv.text);
    assert!(csv.text.contains(",admitted,"), "{}", csv.text);

    // Another student's copy of the admitted thesis is found against it (it joined the corpus),
    // then returned and resubmitted.
    let copy = create_thesis(&router, &Auth::of(&second), "Copied thesis", "en").await;
    let job = upload_and_wait(&router, &Auth::of(&second), copy, "copy.txt", &thesis_text).await;
    assert_eq!(job["state"], "done", "{job}");
    let copy_report =
        get(&router, &format!("/api/versions/{}/report", job["version"]), &supervisor_auth).await;
    let joined_id = format!("thesis-{thesis}-v{version}");
    assert!(source_ids(&copy_report.body).contains(&joined_id), "{:?}", source_ids(&copy_report.body));

    let no_reason = post_json(
        &router,
        &format!("/api/theses/{copy}/decision"),
        &supervisor_auth,
        json!({ "decision": "return", "reason": " " }),
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::CONFLICT, "{}", no_reason.text);
    let returned = post_json(
        &router,
        &format!("/api/theses/{copy}/decision"),
        &supervisor_auth,
        json!({ "decision": "return", "reason": "Please write your own text." }),
    )
    .await;
    assert_eq!(returned.body["state"]["state"], "returned", "{}", returned.text);
    let rewritten =
        b"My own thesis about irrigation in the Aral region, written from scratch with my own words.";
    let job = upload_and_wait(&router, &Auth::of(&second), copy, "rewritten.txt", rewritten).await;
    assert_eq!(job["state"], "done", "{job}");
    let detail = get(&router, &format!("/api/theses/{copy}"), &Auth::of(&second)).await;
    assert_eq!(detail.body["state"]["state"], "checked");
    assert_eq!(detail.body["versions"].as_array().map(Vec::len), Some(2));
    assert_eq!(detail.body["decisions"][0]["kind"]["kind"], "returned");
}

/// Sends one HTTP/1.1 request over a socket and answers the raw response.
async fn raw_request(address: std::net::SocketAddr, request: String) -> String {
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        stream.write_all(request.as_bytes()).expect("write");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        String::from_utf8_lossy(&response).to_string()
    })
    .await
    .expect("the socket client thread")
}

fn request(method: &str, path: &str, headers: &[String], body: &str) -> String {
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for header in headers {
        text.push_str(header);
        text.push_str("\r\n");
    }
    text.push_str("\r\n");
    text.push_str(body);
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_csrf_and_logout_over_a_real_socket() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.workers = 0;
    let app = open_app(config);
    create_user(&app, "Socket User", Role::Supervisor, None, None, Some("correct horse"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let service = app.router().into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, service).await });

    let json_header = "Content-Type: application/json".to_string();
    let wrong = raw_request(
        address,
        request(
            "POST",
            "/api/login?lang=en",
            std::slice::from_ref(&json_header),
            r#"{"email":"socket.user@test.adal","password":"wrong"}"#,
        ),
    )
    .await;
    assert!(wrong.starts_with("HTTP/1.1 401"), "{wrong}");
    assert!(wrong.contains("\"code\":\"bad_credentials\""), "{wrong}");
    assert!(wrong.contains("Wrong e-mail address or password."), "{wrong}");

    let login = raw_request(
        address,
        request(
            "POST",
            "/api/login",
            std::slice::from_ref(&json_header),
            r#"{"email":"socket.user@test.adal","password":"correct horse"}"#,
        ),
    )
    .await;
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    let cookie_line =
        login.lines().find(|line| line.to_ascii_lowercase().starts_with("set-cookie:")).expect("cookie");
    assert!(cookie_line.contains("HttpOnly") && cookie_line.contains("SameSite=Lax"), "{cookie_line}");
    assert!(login.to_ascii_lowercase().contains("x-content-type-options: nosniff"), "{login}");
    let cookie = cookie_line
        .split_once(':')
        .map(|(_, value)| value.trim())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    let body = login.split("\r\n\r\n").nth(1).unwrap_or_default();
    let csrf =
        serde_json::from_str::<Value>(body).expect("json")["csrf_token"].as_str().expect("csrf").to_string();

    let me = raw_request(address, request("GET", "/api/me", &[format!("Cookie: {cookie}")], "")).await;
    assert!(me.starts_with("HTTP/1.1 200") && me.contains("socket.user@test.adal"), "{me}");
    let no_csrf =
        raw_request(address, request("POST", "/api/logout?lang=kk", &[format!("Cookie: {cookie}")], ""))
            .await;
    assert!(no_csrf.starts_with("HTTP/1.1 403") && no_csrf.contains("csrf_rejected"), "{no_csrf}");
    let logout = raw_request(
        address,
        request("POST", "/api/logout", &[format!("Cookie: {cookie}"), format!("X-CSRF-Token: {csrf}")], ""),
    )
    .await;
    assert!(logout.starts_with("HTTP/1.1 204"), "{logout}");
    let after = raw_request(address, request("GET", "/api/me", &[format!("Cookie: {cookie}")], "")).await;
    assert!(after.starts_with("HTTP/1.1 401"), "{after}");

    server.abort();
    let _ = tokio::time::timeout(Duration::from_secs(5), server).await;
}

#[tokio::test]
async fn repeated_failed_logins_are_rate_limited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.workers = 0;
    let app = open_app(config);
    let router = app.router();
    let attempt = json!({ "email": "nobody@test.adal", "password": "guess" });
    for _ in 0..5 {
        let answer = post_json(&router, "/api/login", &Auth::None, attempt.clone()).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text);
    }
    let limited = post_json(&router, "/api/login?lang=en", &Auth::None, attempt).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.text);
    assert_eq!(limited.body["error"]["code"], "rate_limited");
    assert!(limited.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn a_cookie_session_form_upload_needs_the_csrf_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.workers = 0;
    let app = open_app(config);
    let student = create_user(&app, "Form Student", Role::Student, None, None, Some("secret words"));
    let router = app.router();
    let login = post_json(
        &router,
        "/api/login",
        &Auth::None,
        json!({ "email": "form.student@test.adal", "password": "secret words" }),
    )
    .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    let cookie =
        login.headers["set-cookie"].to_str().expect("cookie").split(';').next().expect("pair").to_string();
    let csrf = login.body["csrf_token"].as_str().expect("csrf").to_string();
    let thesis = create_thesis(&router, &Auth::of(&student), "Form upload", "kk").await;
    let uri = format!("/api/theses/{thesis}/versions");
    let session = Auth::Session { cookie, csrf: None };
    let bytes = "Мәтін.".as_bytes();

    let (content_type, body) = multipart_body("../../etc/thesis.txt", bytes, &[]);
    let refused = send(&router, axum::http::Method::POST, &uri, &session, Some(&content_type), body).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    assert_eq!(refused.body["error"]["code"], "csrf_rejected");
    let (content_type, body) = multipart_body("../../etc/thesis.txt", bytes, &[("csrf_token", "0000")]);
    let wrong = send(&router, axum::http::Method::POST, &uri, &session, Some(&content_type), body).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN, "{}", wrong.text);
    let (content_type, body) = multipart_body("../../etc/thesis.txt", bytes, &[("csrf_token", &csrf)]);
    let accepted = send(&router, axum::http::Method::POST, &uri, &session, Some(&content_type), body).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{}", accepted.text);
    let detail = get(&router, &uri.replace("/versions", ""), &Auth::of(&student)).await;
    assert_eq!(detail.body["versions"][0]["file_name"], "thesis.txt");
    // A JSON post with the cookie and without the header is refused too.
    let json_post = post_json(&router, "/api/theses", &session, json!({ "title": "x" })).await;
    assert_eq!(json_post.status, StatusCode::FORBIDDEN);
}
