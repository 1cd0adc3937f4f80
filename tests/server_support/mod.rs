//! Helpers shared by the `server_*` tests: a service on a temporary data directory with a small
//! corpus, users with API tokens, JSON and multipart requests through the router in-process,
//! and polling a job until it ends.

#![allow(dead_code)]

use adal::auth::{hash_password, hash_token};
use adal::config::Config;
use adal::jobs::isolated::IsolatedExtractor;
use adal::pipeline::ingest::{collect_inputs, ingest_inputs, IngestOptions};
use adal::pipeline::thesis::{now_ms, DocumentExtractor};
use adal::server::App;
use adal::store::{Actor, NewUser, Role, User};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The real isolated extractor: this package's `adal` binary as the child.
pub fn isolated_extractor() -> Arc<dyn DocumentExtractor + Send + Sync> {
    let program = PathBuf::from(env!("CARGO_BIN_EXE_adal"));
    Arc::new(IsolatedExtractor::new(program, Duration::from_secs(120), 2_000_000_000))
}

/// A test configuration for a data directory.
pub fn test_config(data_dir: &Path) -> Config {
    let mut config = Config::defaults(data_dir.to_path_buf());
    config.workers = 1;
    config
}

/// Opens the service with the isolated extractor.
pub fn open_app(config: Config) -> App {
    App::open(config, isolated_extractor()).expect("the service opens")
}

/// Adds the demo corpus documents with these ids (a small corpus keeps the tests fast).
pub fn load_corpus_documents(app: &App, ids: &[&str]) {
    let (inputs, failures) = collect_inputs(&[repo_path("corpus")]);
    assert!(failures.is_empty(), "{failures:?}");
    let wanted: Vec<_> = inputs
        .into_iter()
        .filter(|input| {
            let id = input.manifest_entry.as_ref().and_then(|entry| entry.id.as_deref());
            id.is_some_and(|id| ids.contains(&id))
        })
        .collect();
    assert_eq!(wanted.len(), ids.len(), "all requested corpus documents exist");
    let summary =
        ingest_inputs(&app.state.index, &wanted, &IngestOptions::default(), &|_| {}).expect("ingest");
    assert_eq!(summary.added.len(), ids.len());
    app.state.index.reload().expect("reload");
}

/// A user created in the store with an API token; `password` also sets a login password.
pub struct TestUser {
    pub user: User,
    pub token: String,
}

pub fn create_user(
    app: &App,
    name: &str,
    role: Role,
    faculty: Option<&str>,
    supervisor: Option<u64>,
    password: Option<&str>,
) -> TestUser {
    let email = format!("{}@test.adal", name.to_lowercase().replace(' ', "."));
    let new_user = NewUser {
        name: name.to_string(),
        email,
        role,
        faculty: faculty.map(str::to_string),
        department: None,
        supervisor,
        password_hash: password.map(|password| hash_password(password).expect("hash")),
    };
    let user = app.state.store.create_user(&new_user, Actor::System, now_ms()).expect("user");
    let token = format!("adal_test_token_{}", user.id);
    app.state.store.create_api_token(user.id, "tests", &hash_token(&token), None, now_ms()).expect("token");
    TestUser { user, token }
}

/// How a request authenticates.
#[derive(Clone, Debug)]
pub enum Auth {
    None,
    Bearer(String),
    /// A session cookie, and the CSRF token to send (if any).
    Session {
        cookie: String,
        csrf: Option<String>,
    },
}

impl Auth {
    pub fn of(user: &TestUser) -> Auth {
        Auth::Bearer(user.token.clone())
    }
}

/// A response: status, headers and the body as JSON (or `Value::String` when not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
}

pub async fn send(
    router: &Router,
    method: Method,
    uri: &str,
    auth: &Auth,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Answer {
    let mut builder = Request::builder().method(method).uri(uri);
    match auth {
        Auth::None => {}
        Auth::Bearer(token) => builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}")),
        Auth::Session { cookie, csrf } => {
            builder = builder.header(header::COOKIE, cookie.clone());
            if let Some(csrf) = csrf {
                builder = builder.header("x-csrf-token", csrf.clone());
            }
        }
    }
    if let Some(content_type) = content_type {
        builder = builder.header(header::CONTENT_TYPE, content_type);
    }
    let request = builder.body(Body::from(body)).expect("request");
    let response = router.clone().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    let text = String::from_utf8_lossy(&bytes).to_string();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::String(text.clone()));
    Answer { status, headers, body, text }
}

pub async fn get(router: &Router, uri: &str, auth: &Auth) -> Answer {
    send(router, Method::GET, uri, auth, None, Vec::new()).await
}

pub async fn post_json(router: &Router, uri: &str, auth: &Auth, body: Value) -> Answer {
    send(router, Method::POST, uri, auth, Some("application/json"), body.to_string().into_bytes()).await
}

const BOUNDARY: &str = "adal-test-boundary-7MA4YWxkTrZu0gW";

/// A multipart body with one file field and text fields.
pub fn multipart_body(file_name: &str, bytes: &[u8], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

pub async fn upload(router: &Router, uri: &str, auth: &Auth, file_name: &str, bytes: &[u8]) -> Answer {
    let (content_type, body) = multipart_body(file_name, bytes, &[]);
    send(router, Method::POST, uri, auth, Some(&content_type), body).await
}

/// Creates a thesis for the caller (a student) and answers its id.
pub async fn create_thesis(router: &Router, auth: &Auth, title: &str, language: &str) -> u64 {
    let answer = post_json(
        router,
        "/api/theses",
        auth,
        serde_json::json!({ "title": title, "programme": "6B01", "language": language }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.body["id"].as_u64().expect("thesis id")
}

/// Polls a job until it is done or failed and answers its last view. The bound only stops a
/// broken test from hanging forever; it is not a timing assertion.
pub async fn wait_for_job(router: &Router, auth: &Auth, job: u64) -> Value {
    for _ in 0..60_000 {
        let answer = get(router, &format!("/api/jobs/{job}"), auth).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let state = answer.body["state"].as_str().unwrap_or_default().to_string();
        if state == "done" || state == "failed" {
            return answer.body;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("job {job} never ended");
}

/// Uploads a file to a thesis, waits for its check job, answers the job's last view.
pub async fn upload_and_wait(
    router: &Router,
    auth: &Auth,
    thesis: u64,
    file_name: &str,
    bytes: &[u8],
) -> Value {
    let answer = upload(router, &format!("/api/theses/{thesis}/versions"), auth, file_name, bytes).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
    let job = answer.body["job"].as_u64().expect("job id");
    wait_for_job(router, auth, job).await
}

/// For each upload, a new student of `supervisor` (faculty "Science") creates a thesis and
/// uploads the file; answers (thesis id, the check job's last view) per upload.
pub async fn submit_as_new_students(
    app: &App,
    router: &Router,
    supervisor: &TestUser,
    uploads: &[(&str, Vec<u8>)],
) -> Vec<(u64, Value)> {
    let mut submitted = Vec::with_capacity(uploads.len());
    for (number, (file_name, bytes)) in uploads.iter().enumerate() {
        let student = create_user(
            app,
            &format!("Student {number}"),
            Role::Student,
            Some("Science"),
            Some(supervisor.user.id),
            None,
        );
        let auth = Auth::of(&student);
        let thesis = create_thesis(router, &auth, &format!("Thesis {number}"), "en").await;
        let job = upload_and_wait(router, &auth, thesis, file_name, bytes).await;
        submitted.push((thesis, job));
    }
    submitted
}

/// Serves the app's router on a fresh 127.0.0.1 port with the production accept loop (header
/// read timeout, connection limits from the app's configuration); answers the address.
pub async fn serve_on_loopback(app: &App) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let limits = adal::server::listen::ConnectionLimits::from_config(&app.state.config);
    let router = app.router();
    tokio::spawn(async move {
        adal::server::listen::serve(listener, router, limits, std::future::pending()).await
    });
    address
}

/// Opens the login page as a browser would: answers the nonce cookie (`adal_login=…`) and the
/// form's `login_token`, which `POST /login` needs.
pub async fn login_form_token(router: &Router) -> (String, String) {
    let page = get(router, "/login", &Auth::None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let cookie = page
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("adal_login="))
        .and_then(|value| value.split(';').next())
        .expect("the login page sets its nonce cookie")
        .to_string();
    let marker = "name=\"login_token\" value=\"";
    let from = page.text.find(marker).expect("the login form has its token") + marker.len();
    let to = page.text[from..].find('"').expect("token end") + from;
    (cookie, page.text[from..to].to_string())
}

/// A url-encoded form body, as a browser sends it.
pub fn form_body(pairs: &[(&str, &str)]) -> Vec<u8> {
    let encode = |text: &str| {
        text.bytes()
            .map(|byte| match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (byte as char).to_string(),
                b' ' => "+".to_string(),
                other => format!("%{other:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// Posts a url-encoded form.
pub async fn post_form(router: &Router, uri: &str, auth: &Auth, pairs: &[(&str, &str)]) -> Answer {
    send(router, Method::POST, uri, auth, Some("application/x-www-form-urlencoded"), form_body(pairs)).await
}

/// The `Location` of a redirect.
pub fn location(answer: &Answer) -> String {
    answer.headers.get(header::LOCATION).and_then(|value| value.to_str().ok()).unwrap_or_default().to_string()
}

/// Logs in through the JSON API; answers the cookie session (without the CSRF header) and its
/// CSRF token.
pub async fn api_session(router: &Router, email: &str, password: &str) -> (Auth, String) {
    let body = serde_json::json!({ "email": email, "password": password });
    let answer = post_json(router, "/api/login", &Auth::None, body).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let cookie = answer.headers[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_string();
    let csrf = answer.body["csrf_token"].as_str().expect("csrf").to_string();
    (Auth::Session { cookie, csrf: None }, csrf)
}

/// The text between `start` and the next `end` after it (minijinja writes `/` in attributes as
/// `&#x2f;`; it is read back as `/`).
pub fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let text = text.replace("&#x2f;", "/");
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(text[from..to].to_string())
}

/// Logs in through the login form; answers the session cookie and the page's CSRF token.
pub async fn log_in(router: &axum::Router, email: &str, password: &str) -> (Auth, String) {
    let (nonce_cookie, login_token) = login_form_token(router).await;
    let with_nonce = Auth::Session { cookie: nonce_cookie, csrf: None };
    let fields =
        [("email", email), ("password", password), ("next", "/"), ("login_token", login_token.as_str())];
    let answer = post_form(router, "/login", &with_nonce, &fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let cookie = answer
        .headers
        .get(header::SET_COOKIE)
        .and_then(|value| value.to_str().ok())
        .expect("a session cookie");
    let cookie = cookie.split(';').next().unwrap_or_default().to_string();
    let auth = Auth::Session { cookie, csrf: None };
    let page = get(router, "/theses?lang=en", &auth).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let csrf = between(&page.text, "<meta name=\"csrf-token\" content=\"", "\"").expect("the CSRF token");
    (auth, csrf)
}

/// Files the defense documents a thesis needs for admission: the supervisor's feedback (as
/// `supervisor`) and the external review (as `staff`, on the reviewer's behalf).
pub async fn file_defense_documents(router: &Router, thesis: u64, supervisor: &Auth, staff: &Auth) {
    let uri = format!("/api/theses/{thesis}/documents/feedback");
    let feedback =
        upload(router, &uri, supervisor, "feedback.txt", b"The supervisor's feedback on the thesis.").await;
    assert_eq!(feedback.status, StatusCode::CREATED, "{}", feedback.text);
    let (content_type, body) = multipart_body(
        "review.txt",
        b"The external review of the thesis.",
        &[("reviewer_name", "Dr. Aigerim Sadykova")],
    );
    let uri = format!("/api/theses/{thesis}/documents/review");
    let review = send(router, Method::POST, &uri, staff, Some(&content_type), body).await;
    assert_eq!(review.status, StatusCode::CREATED, "{}", review.text);
}
