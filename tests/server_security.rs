//! Attacks on the HTTP API: session fixation, CSRF on every kind of change, path traversal in
//! upload names and download paths, content-type tricks, internal error text in responses,
//! security headers, and a flood of tiny uploads (refused with 429 while the server keeps
//! answering). The authz matrix itself is in `server_authz.rs`.

mod server_support;

use adal::model::UiLang;
use adal::server::App;
use adal::store::Role;
use axum::http::{Method, StatusCode};
use serde_json::json;
use server_support::*;

struct Setup {
    app: App,
    router: axum::Router,
    student: TestUser,
    supervisor: TestUser,
    _dir: tempfile::TempDir,
}

fn setup(configure: impl FnOnce(&mut adal::config::Config)) -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    configure(&mut config);
    let app = open_app(config);
    let supervisor = create_user(&app, "Supervisor", Role::Supervisor, None, None, Some("supervisor pass"));
    let student =
        create_user(&app, "Student", Role::Student, None, Some(supervisor.user.id), Some("student pass"));
    Setup { router: app.router(), app, student, supervisor, _dir: dir }
}

fn session_of(answer: &Answer) -> Option<String> {
    let cookie = answer.headers.get("set-cookie")?.to_str().ok()?;
    let pair = cookie.split(';').next()?;
    pair.strip_prefix("adal_session=").map(str::to_string)
}

async fn login(setup: &Setup, auth: &Auth, email: &str, password: &str) -> Answer {
    post_json(&setup.router, "/api/login", auth, json!({ "email": email, "password": password })).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_id_chosen_before_login_is_never_accepted() {
    let setup = setup(|_| {});
    let planted = "attacker-chosen-session-id-0123456789";
    let planted_cookie = Auth::Session { cookie: format!("adal_session={planted}"), csrf: None };
    let answer = login(&setup, &planted_cookie, "student@test.adal", "student pass").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let issued = session_of(&answer).expect("login sets a session cookie");
    assert_ne!(issued, planted, "login must issue a fresh session id");
    assert!(issued.len() >= 32, "session ids are long random values: {issued}");
    let cookie_header = answer.headers["set-cookie"].to_str().expect("cookie");
    assert!(cookie_header.contains("HttpOnly") && cookie_header.contains("SameSite=Lax"), "{cookie_header}");
    // The planted id is still nobody's session.
    assert_eq!(get(&setup.router, "/api/me", &planted_cookie).await.status, StatusCode::UNAUTHORIZED);
    // Two logins give two different sessions; logging out ends the session for good.
    let second =
        session_of(&login(&setup, &Auth::None, "student@test.adal", "student pass").await).expect("cookie");
    assert_ne!(second, issued);
    let session = Auth::Session { cookie: format!("adal_session={issued}"), csrf: None };
    assert_eq!(get(&setup.router, "/api/me", &session).await.status, StatusCode::OK);
    let csrf =
        get(&setup.router, "/api/me", &session).await.body["csrf_token"].as_str().expect("csrf").to_string();
    let with_csrf = Auth::Session { cookie: format!("adal_session={issued}"), csrf: Some(csrf) };
    let logout = send(&setup.router, Method::POST, "/api/logout", &with_csrf, None, Vec::new()).await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&setup.router, "/api/me", &session).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookie_sessions_need_the_csrf_token_for_every_change() {
    let setup = setup(|_| {});
    let answer = login(&setup, &Auth::None, "supervisor@test.adal", "supervisor pass").await;
    let cookie = format!("adal_session={}", session_of(&answer).expect("cookie"));
    let token = answer.body["csrf_token"].as_str().expect("csrf").to_string();
    let other = login(&setup, &Auth::None, "student@test.adal", "student pass").await;
    let foreign_token = other.body["csrf_token"].as_str().expect("csrf").to_string();
    let changes = [
        (Method::POST, "/api/tokens", json!({ "label": "script" })),
        (Method::PUT, "/api/settings", json!({})),
        (Method::PATCH, &*format!("/api/users/{}", setup.student.user.id), json!({ "name": "X" })),
        (Method::DELETE, "/api/tokens/1", json!({})),
        (Method::POST, "/api/rescans", json!({ "selection": "all" })),
    ];
    for (method, uri, body) in &changes {
        for csrf in [None, Some("0".repeat(64)), Some(foreign_token.clone())] {
            let auth = Auth::Session { cookie: cookie.clone(), csrf };
            let body = body.to_string().into_bytes();
            let answer =
                send(&setup.router, method.clone(), uri, &auth, Some("application/json"), body).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method} {uri}: {}", answer.text);
            assert_eq!(answer.body["error"]["code"], "csrf_rejected", "{method} {uri}");
        }
    }
    // With the session's own token the change goes through to the access rules.
    let auth = Auth::Session { cookie, csrf: Some(token) };
    let created = post_json(&setup.router, "/api/tokens", &auth, json!({ "label": "script" })).await;
    assert!(created.status.is_success(), "{}", created.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traversal_in_upload_names_and_download_paths_goes_nowhere() {
    let setup = setup(|_| {});
    let student = Auth::of(&setup.student);
    let thesis = create_thesis(&setup.router, &student, "Traversal", "en").await;
    let names = [
        "../../../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "/abs/path/x.txt",
        "a/../../b.txt",
        "..\u{1f}",
    ];
    for name in names {
        let answer = upload(
            &setup.router,
            &format!("/api/theses/{thesis}/versions"),
            &student,
            name,
            format!("A thesis text uploaded as {name:?}.").as_bytes(),
        )
        .await;
        // A control character in a header value is refused by the multipart reader itself.
        let expected = if name.chars().any(char::is_control) {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::ACCEPTED
        };
        assert_eq!(answer.status, expected, "{name}: {}", answer.text);
    }
    let detail = get(&setup.router, &format!("/api/theses/{thesis}"), &student).await;
    for version in detail.body["versions"].as_array().expect("versions") {
        let stored = version["file_name"].as_str().expect("file name");
        assert!(!stored.contains(['/', '\\']) && !stored.contains(".."), "{stored}");
        assert!(!stored.chars().any(char::is_control), "{stored:?}");
    }
    // Nothing was written outside the data directory's file store.
    assert!(!std::path::Path::new("/etc/passwd.adal").exists());
    let downloads = [
        "/api/versions/..%2F..%2F..%2Fetc%2Fpasswd/report",
        "/api/versions/1%2F..%2F..%2Fstore/report.html",
        "/api/versions/../../etc/passwd",
        "/api/rescans/..%2Fstore%2Fdb/summary.csv",
        "/api/versions/-1/report",
        "/api/versions/99999999999999999999999/report",
        "/api/theses/%2e%2e/versions",
    ];
    for uri in downloads {
        let answer = get(&setup.router, uri, &Auth::of(&setup.supervisor)).await;
        assert!(answer.status.is_client_error(), "{uri}: {}", answer.status);
        assert!(answer.body["error"]["code"].is_string(), "{uri}: {}", answer.text);
        assert!(!answer.text.contains("root:") && !answer.text.contains("/store"), "{uri}: {}", answer.text);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_disguised_as_a_pdf_is_never_served_as_markup() {
    let setup = setup(|_| {});
    let student = Auth::of(&setup.student);
    let thesis = create_thesis(&setup.router, &student, "<script>alert('title')</script>", "en").await;
    // A real HTML document is refused as the markup it is (issue #16: markup passed off as text
    // was checked as tags and lowered the score).
    let page = b"<html><body><p>A thesis about web security.</p></body></html>";
    let (content_type, body) = multipart_body("thesis.pdf", page, &[]);
    let uri = format!("/api/theses/{thesis}/versions");
    let refused = send(&setup.router, Method::POST, &uri, &student, Some(&content_type), body).await;
    assert_eq!(refused.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", refused.text);
    assert!(refused.text.contains("HTML"), "{}", refused.text);
    let html = b"A thesis about web security and the escaping of untrusted text in reports: \
                 <script>alert(document.cookie)</script><img src=x onerror=alert(1)>";
    // A multipart part claiming text/html, with a .pdf name: the content decides (text).
    let (content_type, body) = multipart_body("<img src=x onerror=alert(2)>.pdf", html, &[]);
    let body = String::from_utf8_lossy(&body).replace("application/octet-stream", "text/html").into_bytes();
    let answer = send(&setup.router, Method::POST, &uri, &student, Some(&content_type), body).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
    let job = wait_for_job(&setup.router, &student, answer.body["job"].as_u64().expect("job")).await;
    assert_eq!(job["state"], "done", "{job}");
    let version = answer.body["version"].as_u64().expect("version");
    let supervisor = Auth::of(&setup.supervisor);
    let page = get(&setup.router, &format!("/api/versions/{version}/report.html"), &supervisor).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    for raw in ["<script>alert", "<img src=x"] {
        assert!(!page.text.contains(raw), "unescaped {raw} in the report page");
    }
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(page.headers["content-security-policy"]
        .to_str()
        .expect("csp")
        .contains("frame-ancestors 'none'"));
    let json = get(&setup.router, &format!("/api/versions/{version}/report"), &supervisor).await;
    assert!(json.headers["content-type"].to_str().expect("type").starts_with("application/json"));
    assert_eq!(json.headers["x-content-type-options"], "nosniff");
    // A PDF declared as text/html is read as the PDF it is.
    let pdf = std::fs::read(repo_path("tests/fixtures/clean.pdf")).expect("fixture");
    let (content_type, body) = multipart_body("thesis.html", &pdf, &[]);
    let body_text = body.clone();
    let answer = send(&setup.router, Method::POST, &uri, &student, Some(&content_type), body_text).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
}

fn leaks_internals(text: &str) -> Option<&'static str> {
    let signs = [
        "panicked",
        "RUST_BACKTRACE",
        "src/",
        "/tmp/",
        "/root",
        "sled",
        "tantivy",
        "os error",
        "Error {",
        "No such file",
        "stack backtrace",
        "thread '",
    ];
    signs.into_iter().find(|sign| text.contains(sign))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_error_response_carries_internal_text() {
    let setup = setup(|_| {});
    let student = Auth::of(&setup.student);
    let bad_json = Some("application/json");
    let cases: Vec<(Method, &str, Option<&str>, Vec<u8>)> = vec![
        (Method::POST, "/api/theses", bad_json, b"{not json".to_vec()),
        (Method::POST, "/api/theses", bad_json, b"{\"title\": 5}".to_vec()),
        (Method::POST, "/api/theses", Some("text/plain"), b"title".to_vec()),
        (
            Method::POST,
            "/api/theses/1/versions",
            Some("multipart/form-data; boundary=x"),
            b"--x\r\nbroken".to_vec(),
        ),
        (Method::POST, "/api/theses/1/versions", Some("multipart/form-data"), b"".to_vec()),
        (Method::GET, "/api/theses/18446744073709551615", None, Vec::new()),
        (Method::GET, "/api/theses/abc", None, Vec::new()),
        (Method::GET, "/api/nothing-here", None, Vec::new()),
        (Method::DELETE, "/api/theses", None, Vec::new()),
        (Method::GET, "/api/versions/1/report", None, Vec::new()),
        (Method::POST, "/api/login", bad_json, vec![0xff, 0xfe, 0x00]),
        (Method::GET, "/api/audit?from=x&limit=-1", None, Vec::new()),
        (Method::POST, "/api/admin/backup", None, Vec::new()),
    ];
    for (method, uri, content_type, body) in cases {
        for lang in UiLang::ALL {
            let uri = format!("{uri}{}lang={}", if uri.contains('?') { '&' } else { '?' }, lang.code());
            let answer =
                send(&setup.router, method.clone(), &uri, &student, content_type, body.clone()).await;
            assert!(answer.status.is_client_error() || answer.status.is_server_error(), "{method} {uri}");
            assert!(answer.body["error"]["code"].is_string(), "{method} {uri}: {}", answer.text);
            assert!(answer.body["error"]["message"].is_string(), "{method} {uri}: {}", answer.text);
            if let Some(sign) = leaks_internals(&answer.text) {
                panic!("{method} {uri} leaks {sign:?}: {}", answer.text);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_headers_on_every_response_and_hsts_only_behind_tls() {
    let plain = setup(|_| {});
    let behind_tls = setup(|config| config.secure_cookies = true);
    for (setup, expect_hsts) in [(&plain, false), (&behind_tls, true)] {
        for (uri, auth) in [
            ("/healthz", Auth::None),
            ("/api/theses", Auth::of(&setup.student)),
            ("/api/nothing", Auth::None),
            ("/api/me", Auth::None),
        ] {
            let answer = get(&setup.router, uri, &auth).await;
            let headers = &answer.headers;
            assert_eq!(headers["x-content-type-options"], "nosniff", "{uri}");
            assert_eq!(headers["x-frame-options"], "DENY", "{uri}");
            assert_eq!(headers["referrer-policy"], "no-referrer", "{uri}");
            assert_eq!(headers["cache-control"], "no-store", "{uri}");
            let csp = headers["content-security-policy"].to_str().expect("csp");
            assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
            assert_eq!(headers.contains_key("strict-transport-security"), expect_hsts, "{uri}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_thousand_tiny_uploads_are_limited_per_user_and_the_server_keeps_answering() {
    let setup = setup(|config| config.workers = 0);
    let per_minute = setup.app.state.config.uploads_per_minute as usize;
    let mut students = Vec::new();
    for number in 0..4 {
        let user = create_user(
            &setup.app,
            &format!("Flood{number}"),
            Role::Student,
            None,
            Some(setup.supervisor.user.id),
            None,
        );
        let auth = Auth::of(&user);
        let thesis = create_thesis(&setup.router, &auth, "Flood", "en").await;
        students.push((auth, thesis));
    }
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for (auth, thesis) in students.clone() {
        let router = setup.router.clone();
        tasks.push(tokio::spawn(async move {
            let (mut accepted, mut limited) = (0usize, 0usize);
            for number in 0..500 {
                let uri = format!("/api/theses/{thesis}/versions?lang=ru");
                let text = format!("Крошечная загрузка номер {number}.");
                let answer = upload(&router, &uri, &auth, "tiny.txt", text.as_bytes()).await;
                match answer.status {
                    StatusCode::ACCEPTED => accepted += 1,
                    StatusCode::TOO_MANY_REQUESTS => {
                        assert_eq!(answer.body["error"]["code"], "upload_rate_limited");
                        assert_eq!(
                            answer.body["error"]["message"],
                            "Слишком много загрузок подряд. Повторите через минуту."
                        );
                        assert!(answer.headers.contains_key("retry-after"));
                        limited += 1;
                    }
                    other => panic!("unexpected {other}: {}", answer.text),
                }
            }
            (accepted, limited)
        }));
    }
    // The server answers others while the flood runs.
    for _ in 0..20 {
        let health = get(&setup.router, "/healthz", &Auth::None).await;
        assert_eq!(health.status, StatusCode::OK);
        let list = get(&setup.router, "/api/theses", &Auth::of(&setup.supervisor)).await;
        assert_eq!(list.status, StatusCode::OK);
    }
    let mut total_accepted = 0;
    for task in tasks {
        let (accepted, limited) = task.await.expect("flood task");
        assert_eq!(accepted, per_minute, "each user gets exactly the limit");
        assert_eq!(accepted + limited, 500);
        total_accepted += accepted;
    }
    let elapsed = started.elapsed();
    assert!(elapsed < std::time::Duration::from_secs(120), "2,000 uploads took {elapsed:?}");
    // Only the accepted uploads were stored: one version and one queued job each.
    let mut versions = 0;
    for (auth, thesis) in &students {
        let detail = get(&setup.router, &format!("/api/theses/{thesis}"), auth).await;
        versions += detail.body["versions"].as_array().map(Vec::len).unwrap_or(0);
    }
    assert_eq!(versions, total_accepted);
    let kk = upload(
        &setup.router,
        &format!("/api/theses/{}/versions?lang=kk", students[0].1),
        &students[0].0,
        "tiny.txt",
        b"one more",
    )
    .await;
    assert_eq!(kk.body["error"]["message"], "Файл тым жиі жүктелді. Бір минуттан кейін қайталаңыз.");
    let en = upload(
        &setup.router,
        &format!("/api/theses/{}/versions?lang=en", students[0].1),
        &students[0].0,
        "tiny.txt",
        b"one more",
    )
    .await;
    assert_eq!(en.body["error"]["message"], "Too many uploads in a row. Please try again in a minute.");
}
