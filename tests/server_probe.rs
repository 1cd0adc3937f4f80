//! Regression tests for the findings of an attacker's probe of a running service (issue #13),
//! one test (or more) per finding, each failing on the code before the fix: staff making
//! admins by CSV, memory growth through huge login e-mails, slowloris connections, a student
//! choosing a supervisor of another faculty, other faculties' jobs and rescan summaries,
//! squatting a thesis's corpus id, parallel password guesses, unbounded text fields and thesis
//! creation, login timing, credentials surviving a password reset, half-created CSV imports,
//! CSV formula injection, open redirects and login CSRF, impossible dates, and the small
//! findings (report CSP, bidi controls, health check, error paths, id probing, proxies).
//! The authorization matrix (`server_authz.rs`) covers the import and supervisor choices too.

mod server_support;

use adal::store::Role;
use axum::http::{header, Method, StatusCode};
use serde_json::json;
use server_support::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

struct Setup {
    app: adal::server::App,
    router: axum::Router,
    admin: TestUser,
    staff_law: TestUser,
    staff_science: TestUser,
    supervisor_science: TestUser,
    supervisor_law: TestUser,
    student_science: TestUser,
    _dir: tempfile::TempDir,
}

fn setup(configure: impl FnOnce(&mut adal::config::Config)) -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    configure(&mut config);
    let app = open_app(config);
    let admin = create_user(&app, "Admin", Role::Admin, None, None, Some("admin pass"));
    let staff_law = create_user(&app, "Staff Law", Role::Staff, Some("Law"), None, Some("staff pass"));
    let staff_science = create_user(&app, "Staff Science", Role::Staff, Some("Science"), None, None);
    let supervisor_science =
        create_user(&app, "Supervisor Science", Role::Supervisor, Some("Science"), None, None);
    let supervisor_law = create_user(&app, "Supervisor Law", Role::Supervisor, Some("Law"), None, None);
    let student_science = create_user(
        &app,
        "Student Science",
        Role::Student,
        Some("Science"),
        Some(supervisor_science.user.id),
        Some("student pass"),
    );
    Setup {
        router: app.router(),
        app,
        admin,
        staff_law,
        staff_science,
        supervisor_science,
        supervisor_law,
        student_science,
        _dir: dir,
    }
}

async fn import(setup: &Setup, auth: &Auth, csv: &str) -> Answer {
    upload(&setup.router, "/api/users/import", auth, "users.csv", csv.as_bytes()).await
}

fn user_named(setup: &Setup, email: &str) -> Option<adal::store::User> {
    setup.app.state.store.user_by_email(email).expect("store")
}

/// Finding 1 (critical): faculty staff created an admin, and staff without a faculty, by CSV.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faculty_staff_cannot_import_admins_staff_or_users_of_every_faculty() {
    let setup = setup(|_| {});
    let staff = Auth::of(&setup.staff_law);
    for row in ["Evil,evil@x.kz,admin,Law,", "Evil Staff,evil.staff@x.kz,staff,Law,"] {
        let answer = import(&setup, &staff, row).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{row}: {}", answer.text);
        assert_eq!(answer.body["error"]["code"], "role_not_importable");
    }
    assert!(user_named(&setup, "evil@x.kz").is_none() && user_named(&setup, "evil.staff@x.kz").is_none());
    // Another faculty: refused.
    let other = import(&setup, &staff, "Other,other@x.kz,student,Science,").await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "{}", other.text);
    // An empty faculty means the importer's own faculty, never "all".
    let own = import(&setup, &staff, "Own Student,own@x.kz,student,,").await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text);
    assert_eq!(user_named(&setup, "own@x.kz").expect("created").faculty.as_deref(), Some("Law"));
    // An admin may create staff, but must name their faculty in an import.
    let admin = Auth::of(&setup.admin);
    let no_faculty = import(&setup, &admin, "Staff X,staff.x@x.kz,staff,,").await;
    assert_eq!(no_faculty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_faculty.text);
    assert_eq!(no_faculty.body["error"]["code"], "faculty_required");
    let with_faculty = import(&setup, &admin, "Staff Y,staff.y@x.kz,staff,Law,").await;
    assert_eq!(with_faculty.status, StatusCode::CREATED, "{}", with_faculty.text);
    // A student's supervisor must be a supervisor of the same faculty.
    let foreign = format!("S,s.foreign@x.kz,student,Law,{}", setup.supervisor_science.user.email);
    let answer = import(&setup, &staff, &foreign).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    assert_eq!(answer.body["error"]["code"], "bad_supervisor");
}

/// Finding 11 and the code review: a CSV with one new user and one duplicate created the first;
/// quoted fields, Excel's byte-order mark and `;` separators failed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_import_is_all_or_nothing_and_reads_real_excel_csv() {
    let setup = setup(|_| {});
    let admin = Auth::of(&setup.admin);
    let csv = format!(
        "New Person,new.person@x.kz,student,Law,\nDup,{},student,Law,\n",
        setup.student_science.user.email
    );
    let answer = import(&setup, &admin, &csv).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.text);
    assert!(user_named(&setup, "new.person@x.kz").is_none(), "nothing is created when a row fails");
    let twice = import(&setup, &admin, "A,twice@x.kz,student,Law,\nB,twice@x.kz,student,Law,\n").await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    assert!(user_named(&setup, "twice@x.kz").is_none());
    // Russian Excel: BOM, `;`, quoted names with the separator inside, a supervisor listed first.
    let excel = "\u{feff}ФИО;Email;Роль;Факультет;Руководитель\r\n\
                 \"Иванов; Иван\";ivanov@x.kz;supervisor;Law;\r\n\
                 \"Сейткали, Айгерим \"\"Айка\"\"\";aigerim@x.kz;student;Law;ivanov@x.kz\r\n";
    let answer = import(&setup, &admin, excel).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let supervisor = user_named(&setup, "ivanov@x.kz").expect("supervisor");
    assert_eq!(supervisor.name, "Иванов; Иван");
    let student = user_named(&setup, "aigerim@x.kz").expect("student");
    assert_eq!(student.name, "Сейткали, Айгерим \"Айка\"");
    assert_eq!(student.supervisor, Some(supervisor.id));
    assert_eq!(answer.body["created"].as_array().expect("created").len(), 2);
}

/// Finding 2 (high): eight logins with a 40 MB e-mail grew the server by 350 MB for good.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_login_body_is_refused_before_it_is_read_or_remembered() {
    let setup = setup(|_| {});
    let address = serve_on_loopback(&setup.app).await;
    // The head announces a 40 MB body, which is never sent: the limit answers from the head.
    let response = tokio::task::spawn_blocking(move || {
        raw_exchange(address, &post_head("/api/login", "application/json", 40_000_000), b"")
    })
    .await
    .expect("join");
    assert!(response.starts_with("HTTP/1.1 413"), "{}", &response[..response.len().min(300)]);
    // A long but small body: refused as bad credentials, without a store lookup.
    let long = json!({ "email": format!("{}@x.kz", "b".repeat(300)), "password": "x" });
    let answer = post_json(&setup.router, "/api/login", &Auth::None, long).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text);
    // The page's form has the same limit.
    let form = format!("email={}&password=x", "c".repeat(10_000));
    let answer = send(
        &setup.router,
        Method::POST,
        "/login",
        &Auth::None,
        Some("application/x-www-form-urlencoded"),
        form.into_bytes(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.text);
}

fn post_head(path: &str, content_type: &str, length: usize) -> String {
    format!("POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n")
}

/// Writes a request over a fresh connection and reads the answer (until the server closes).
fn raw_exchange(address: SocketAddr, head: &str, body: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    stream.write_all(head.as_bytes()).expect("head");
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).to_string()
}

fn healthz_over(address: SocketAddr) -> String {
    raw_exchange(address, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", b"")
}

/// Finding 3: a request without its final blank line stayed open for good, and enough of them
/// exhausted the file descriptors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfinished_headers_time_out_and_connections_are_limited() {
    let setup = setup(|config| {
        config.header_read_timeout_secs = 1;
        config.max_connections_per_address = 4;
    });
    let address = serve_on_loopback(&setup.app).await;
    let outcome = tokio::task::spawn_blocking(move || {
        // A slowloris request: the server hangs up after the header timeout.
        let mut slow = TcpStream::connect(address).expect("connect");
        slow.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").expect("partial head");
        let started = Instant::now();
        let mut buffer = Vec::new();
        let _ = slow.read_to_end(&mut buffer);
        let hung_up_after = started.elapsed();
        // Four idle connections take the address's slots; a fifth is closed at once.
        let idle: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(address).expect("connect")).collect();
        std::thread::sleep(Duration::from_millis(200));
        let refused = healthz_over(address);
        drop(idle);
        std::thread::sleep(Duration::from_millis(200));
        let after = healthz_over(address);
        (hung_up_after, refused, after)
    })
    .await
    .expect("join");
    let (hung_up_after, refused, after) = outcome;
    assert!(hung_up_after < Duration::from_secs(15), "the slow connection stayed {hung_up_after:?}");
    assert!(refused.is_empty(), "over the per-address limit the connection is closed: {refused}");
    assert!(after.starts_with("HTTP/1.1 200"), "slots are given back: {after}");
}

/// Finding 4: a student chose a supervisor of another faculty for their thesis.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thesis_gets_its_students_supervisor_or_one_of_its_faculty() {
    let setup = setup(|_| {});
    let student = Auth::of(&setup.student_science);
    let foreign = setup.supervisor_law.user.id;
    let request = json!({ "title": "Steppe soils", "supervisor": foreign });
    let answer = post_json(&setup.router, "/api/theses", &student, request).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    assert_eq!(answer.body["error"]["code"], "bad_supervisor");
    let own = post_json(&setup.router, "/api/theses", &student, json!({ "title": "Steppe soils" })).await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text);
    assert_eq!(own.body["supervisor"], setup.supervisor_science.user.id);
    // Staff choose only an active supervisor of the thesis's faculty.
    let staff = Auth::of(&setup.staff_science);
    let body = json!({ "title": "T", "student": setup.student_science.user.id, "supervisor": foreign });
    let answer = post_json(&setup.router, "/api/theses", &staff, body).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    let supervisor = setup.supervisor_science.user.id;
    let body = json!({ "title": "T", "student": setup.student_science.user.id, "supervisor": supervisor });
    assert_eq!(post_json(&setup.router, "/api/theses", &staff, body).await.status, StatusCode::CREATED);
}

/// Finding 5: faculty staff read another faculty's rescan summary and every faculty's jobs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_see_only_their_facultys_jobs_and_rescan_summaries() {
    let setup = setup(|_| {});
    let student = Auth::of(&setup.student_science);
    let thesis = create_thesis(&setup.router, &student, "Secret Science Title", "en").await;
    let job =
        upload_and_wait(&setup.router, &student, thesis, "a.txt", b"A text about steppe soils and rain.")
            .await;
    let admin = Auth::of(&setup.admin);
    let rescan = post_json(
        &setup.router,
        "/api/rescans",
        &admin,
        json!({ "selection": "theses", "theses": [thesis] }),
    )
    .await;
    assert_eq!(rescan.status, StatusCode::ACCEPTED, "{}", rescan.text);
    let rescan_id = rescan.body["id"].as_u64().expect("id");
    let law = Auth::of(&setup.staff_law);
    let summary = get(&setup.router, &format!("/api/rescans/{rescan_id}/summary.csv"), &law).await;
    assert_eq!(summary.status, StatusCode::NOT_FOUND, "{}", summary.text);
    assert!(!summary.text.contains("Secret Science Title"));
    let jobs = get(&setup.router, "/api/jobs", &law).await;
    assert_eq!(jobs.status, StatusCode::OK);
    assert!(jobs.body["jobs"].as_array().expect("jobs").is_empty(), "{}", jobs.text);
    let science = get(&setup.router, "/api/jobs", &Auth::of(&setup.staff_science)).await;
    let ids: Vec<u64> =
        science.body["jobs"].as_array().expect("jobs").iter().filter_map(|job| job["id"].as_u64()).collect();
    assert!(ids.contains(&rescan_id) && ids.contains(&job["id"].as_u64().expect("job")), "{ids:?}");
    let summary =
        get(&setup.router, &format!("/api/rescans/{rescan_id}/summary.csv"), &Auth::of(&setup.staff_science))
            .await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.text);
}

/// Finding 6: a corpus document uploaded as `thesis-1-v1` kept thesis 1 out of the corpus for
/// good, silently.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_thesis_id_space_is_reserved_and_a_blocked_join_is_retried() {
    let setup = setup(|_| {});
    let staff = Auth::of(&setup.staff_science);
    let text = b"A corpus document that tries to take a thesis's place in the corpus.";
    for id in ["thesis-1-v1", "THESIS-9-v9", " thesis-x"] {
        let (content_type, body) = multipart_body("doc.txt", text, &[("id", id)]);
        let answer =
            send(&setup.router, Method::POST, "/api/corpus", &staff, Some(&content_type), body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{id}: {}", answer.text);
        assert_eq!(answer.body["error"]["code"], "reserved_id");
    }
    // A squatter that got in some other way (an older release, the CLI) blocks the join: the
    // change stays pending and is retried; once the squatter is gone the thesis joins.
    let student = Auth::of(&setup.student_science);
    let thesis = create_thesis(&setup.router, &student, "Joining thesis", "en").await;
    let thesis_text = b"The grazing of livestock in the spring steppe changes the soil and the grass.";
    let job = upload_and_wait(&setup.router, &student, thesis, "t.txt", thesis_text).await;
    let version = job["version"].as_u64().expect("version");
    let squatter_id = adal::pipeline::thesis::thesis_document_id(thesis, version);
    let squatter = adal::pipeline::ingest::document_from_text(
        adal::index::DocumentMeta::new(squatter_id.clone(), "Squatter".to_string()),
        "Completely different text that holds the id of the thesis version.".to_string(),
    );
    setup.app.state.index.add_documents(vec![squatter]).expect("add");
    setup.app.state.index.reload().expect("reload");
    let supervisor = Auth::of(&setup.supervisor_science);
    let clear = post_json(
        &setup.router,
        &format!("/api/theses/{thesis}/decision"),
        &supervisor,
        json!({ "decision": "clear" }),
    )
    .await;
    assert_eq!(clear.status, StatusCode::OK, "{}", clear.text);
    file_defense_documents(&setup.router, thesis, &supervisor, &staff).await;
    let admit = post_json(&setup.router, &format!("/api/theses/{thesis}/admit"), &staff, json!({})).await;
    assert_eq!(admit.status, StatusCode::OK, "{}", admit.text);
    let store = &setup.app.state.store;
    let index = &setup.app.state.index;
    adal::pipeline::thesis::apply_corpus_outbox(store, index).expect("outbox");
    let stalled =
        adal::pipeline::thesis::stalled_corpus_joins(store, adal::pipeline::thesis::now_ms() + 1, 0)
            .expect("stalled");
    assert_eq!(stalled, vec![thesis], "the blocked join stays pending");
    // The dashboard tells staff.
    let stalled_later =
        adal::pipeline::thesis::stalled_corpus_joins(store, i64::MAX / 2, 0).expect("stalled");
    assert_eq!(stalled_later, vec![thesis]);
    assert!(index.remove(&squatter_id).expect("remove"));
    adal::pipeline::thesis::apply_corpus_outbox(store, index).expect("outbox");
    assert!(store.pending_corpus_changes().expect("pending").is_empty(), "the join was retried");
    let listed = index.list().expect("list");
    let joined = listed.iter().find(|meta| meta.id == squatter_id).expect("the thesis joined the corpus");
    assert_eq!(joined.title, "Joining thesis");
}

/// Finding 7: 40 parallel wrong passwords for one account: 31 were checked (limit 5).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_are_counted_before_the_password_is_checked() {
    let setup = setup(|_| {});
    let address = serve_on_loopback(&setup.app).await;
    let email = setup.student_science.user.email.clone();
    let statuses = tokio::task::spawn_blocking(move || {
        let guesses: Vec<_> = (0..40)
            .map(|guess| {
                let email = email.clone();
                std::thread::spawn(move || {
                    let body = format!("{{\"email\":\"{email}\",\"password\":\"guess {guess}\"}}");
                    let head = post_head("/api/login", "application/json", body.len());
                    let answer = raw_exchange(address, &head, body.as_bytes());
                    answer.get(9..12).unwrap_or_default().to_string()
                })
            })
            .collect();
        guesses.into_iter().map(|guess| guess.join().expect("thread")).collect::<Vec<_>>()
    })
    .await
    .expect("join");
    let checked = statuses.iter().filter(|status| *status == "401").count();
    let refused = statuses.iter().filter(|status| *status == "429").count();
    assert_eq!(checked + refused, 40, "{statuses:?}");
    assert!(checked <= 5, "{checked} guesses were checked: {statuses:?}");
}

/// Finding 8: a 20 MB title was stored and sent with every list; thesis creation had no limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_fields_and_json_bodies_have_limits_and_creation_is_rate_limited() {
    let setup = setup(|config| config.theses_per_hour = 3);
    let student = Auth::of(&setup.student_science);
    let huge = json!({ "title": "T".repeat(1_000_000) });
    let answer = post_json(&setup.router, "/api/theses", &student, huge).await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        &answer.text[..answer.text.len().min(200)]
    );
    let long = json!({ "title": "Т".repeat(501) });
    let answer = post_json(&setup.router, "/api/theses", &student, long).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    assert_eq!(answer.body["error"]["code"], "field_too_long");
    let long_reason = json!({ "decision": "return", "reason": "r".repeat(5_001) });
    let thesis = create_thesis(&setup.router, &student, "One", "en").await;
    let supervisor = Auth::of(&setup.supervisor_science);
    let answer =
        post_json(&setup.router, &format!("/api/theses/{thesis}/decision"), &supervisor, long_reason).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    let token = json!({ "label": "l".repeat(101) });
    assert_eq!(
        post_json(&setup.router, "/api/tokens", &student, token).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    for title in ["Two", "Three"] {
        create_thesis(&setup.router, &student, title, "en").await;
    }
    let fourth = post_json(&setup.router, "/api/theses", &student, json!({ "title": "Four" })).await;
    assert_eq!(fourth.status, StatusCode::TOO_MANY_REQUESTS, "{}", fourth.text);
    assert_eq!(fourth.body["error"]["code"], "creation_rate_limited");
}

/// Finding 9: login time told which e-mails exist (0.7 ms against 15–37 ms).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_emails_cost_the_same_password_check_as_known_ones() {
    let setup = setup(|_| {});
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for attempt in 0..4 {
        for (email, times) in [
            (setup.student_science.user.email.clone(), &mut known),
            (format!("nobody{attempt}@x.kz"), &mut unknown),
        ] {
            let started = Instant::now();
            let answer = post_json(
                &setup.router,
                "/api/login",
                &Auth::None,
                json!({ "email": email, "password": "wrong" }),
            )
            .await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text);
            times.push(started.elapsed());
        }
    }
    known.sort();
    unknown.sort();
    let (known, unknown) = (known[known.len() / 2], unknown[unknown.len() / 2]);
    // Both run one argon2id verification; without it an unknown e-mail answers ~20× faster.
    assert!(unknown * 3 >= known, "unknown {unknown:?} vs known {known:?}");
}

/// Finding 10: a password reset or deactivation left old sessions and tokens valid; tokens
/// never expired by default.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_or_deactivation_ends_old_sessions_and_tokens() {
    let setup = setup(|_| {});
    let (session, _) = api_session(&setup.router, &setup.student_science.user.email, "student pass").await;
    let token = Auth::of(&setup.student_science);
    assert_eq!(get(&setup.router, "/api/me", &session).await.status, StatusCode::OK);
    assert_eq!(get(&setup.router, "/api/me", &token).await.status, StatusCode::OK);
    let created = post_json(&setup.router, "/api/tokens", &token, json!({ "label": "script" })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert!(created.body["expires_at"].as_i64().is_some(), "tokens expire by default: {}", created.text);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let admin = Auth::of(&setup.admin);
    let reset = setup.student_science.user.id;
    let answer = send(
        &setup.router,
        Method::PATCH,
        &format!("/api/users/{reset}"),
        &admin,
        Some("application/json"),
        json!({ "password": "new pass 2026" }).to_string().into_bytes(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(get(&setup.router, "/api/me", &session).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(get(&setup.router, "/api/me", &token).await.status, StatusCode::UNAUTHORIZED);
    let fresh = Auth::Bearer(created.body["token"].as_str().expect("token").to_string());
    assert_eq!(get(&setup.router, "/api/me", &fresh).await.status, StatusCode::UNAUTHORIZED);
    // Deactivation does the same to a staff member's token.
    let staff = Auth::of(&setup.staff_law);
    let id = setup.staff_law.user.id;
    for active in [false, true] {
        let body = json!({ "active": active }).to_string().into_bytes();
        let uri = format!("/api/users/{id}");
        let answer = send(&setup.router, Method::PATCH, &uri, &admin, Some("application/json"), body).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    }
    let answer = send(
        &setup.router,
        Method::PATCH,
        &format!("/api/users/{id}"),
        &admin,
        Some("application/json"),
        json!({ "active": true }).to_string().into_bytes(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        get(&setup.router, "/api/me", &staff).await.status,
        StatusCode::UNAUTHORIZED,
        "reactivation does not revive old tokens"
    );
}

/// Finding 12: a leading tab or CR before `=` was not neutralized; NUL bytes were exported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_exports_neutralize_formulas_after_control_characters() {
    use adal::jobs::rescan::csv_field;
    assert_eq!(csv_field("\t=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    assert_eq!(csv_field("\r=1+2"), "'=1+2");
    assert_eq!(csv_field("  @SUM(A1)"), "'  @SUM(A1)");
    assert_eq!(csv_field("a\u{0}b"), "ab");
    assert_eq!(csv_field("plain, text"), "\"plain, text\"");
    let setup = setup(|_| {});
    let student = Auth::of(&setup.student_science);
    let thesis = create_thesis(&setup.router, &student, "=cmd|' /C calc'!A0", "en").await;
    upload_and_wait(&setup.router, &student, thesis, "a.txt", b"A text about steppe soils and spring rain.")
        .await;
    let supervisor = Auth::of(&setup.supervisor_science);
    post_json(
        &setup.router,
        &format!("/api/theses/{thesis}/decision"),
        &supervisor,
        json!({ "decision": "clear" }),
    )
    .await;
    let csv = get(&setup.router, "/api/admission-list.csv", &Auth::of(&setup.staff_science)).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    assert!(csv.text.contains("'=cmd"), "{}", csv.text);
    assert!(!csv.text.contains(",=cmd"), "{}", csv.text);
}

/// Finding 13: `next=/%09/evil.example/x` redirected off-site, a newline in `next` gave a 500
/// after creating the session, and the login form had no CSRF token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_redirects_stay_on_site_and_the_login_form_needs_its_token() {
    let setup = setup(|_| {});
    let email = setup.student_science.user.email.clone();
    let form = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(key, value)| format!("{key}={}", percent(value)))
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes()
    };
    let urlencoded = Some("application/x-www-form-urlencoded");
    // Without the form's token (a cross-site login form): refused, nobody logged in.
    let forged = form(&[("email", &email), ("password", "student pass"), ("next", "/")]);
    let answer = send(&setup.router, Method::POST, "/login", &Auth::None, urlencoded, forged).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    assert!(answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .all(|value| !value.to_str().unwrap_or_default().starts_with("adal_session=")));
    for next in [
        "/\t/evil.example/x",
        "/\n/evil.example",
        "/\r\nSet-Cookie: x=1",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
    ] {
        let (cookie, token) = login_form_token(&setup.router).await;
        let body =
            form(&[("email", &email), ("password", "student pass"), ("next", next), ("login_token", &token)]);
        let auth = Auth::Session { cookie, csrf: None };
        let answer = send(&setup.router, Method::POST, "/login", &auth, urlencoded, body).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{next:?}: {}", answer.text);
        assert_eq!(answer.headers[header::LOCATION], "/", "{next:?}");
    }
    let (cookie, token) = login_form_token(&setup.router).await;
    let body = form(&[
        ("email", &email),
        ("password", "student pass"),
        ("next", "/theses/1"),
        ("login_token", &token),
    ]);
    let answer =
        send(&setup.router, Method::POST, "/login", &Auth::Session { cookie, csrf: None }, urlencoded, body)
            .await;
    assert_eq!(answer.headers[header::LOCATION], "/theses/1", "a local path is kept");
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Finding 14: a planned defense on day 99 of month 13 of year −99999 was accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn impossible_defense_dates_are_refused() {
    let setup = setup(|_| {});
    let student = Auth::of(&setup.student_science);
    for date in [
        json!({ "year": -99999, "month": 13, "day": 99 }),
        json!({ "year": 2026, "month": 2, "day": 29 }),
        json!({ "year": 2026, "month": 4, "day": 31 }),
    ] {
        let answer = post_json(
            &setup.router,
            "/api/theses",
            &student,
            json!({ "title": "Dated", "planned_defense": date }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{date}: {}", answer.text);
        assert_eq!(answer.body["error"]["code"], "bad_date");
    }
    let leap = json!({ "title": "Dated", "planned_defense": { "year": 2028, "month": 2, "day": 29 } });
    assert_eq!(post_json(&setup.router, "/api/theses", &student, leap).await.status, StatusCode::CREATED);
}

/// Finding 15 (info): the report's CSP, bidi controls, a health check that writes, the path in
/// a startup error, 403 before 404 on users, and client addresses behind a trusted proxy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_small_findings_are_mended() {
    let setup = setup(|config| config.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")]);
    let student = Auth::of(&setup.student_science);
    let thesis = create_thesis(&setup.router, &student, "report\u{202e}fdp.exe", "en").await;
    let job =
        upload_and_wait(&setup.router, &student, thesis, "thesis\u{202e}txt.exe", b"A text about rain.")
            .await;
    let detail = get(&setup.router, &format!("/api/theses/{thesis}"), &student).await;
    assert_eq!(detail.body["title"], "reportfdp.exe");
    assert_eq!(detail.body["versions"][0]["file_name"], "thesistxt.exe");
    let version = job["version"].as_u64().expect("version");
    let page = get(
        &setup.router,
        &format!("/api/versions/{version}/report.html"),
        &Auth::of(&setup.supervisor_science),
    )
    .await;
    let policy = page.headers[header::CONTENT_SECURITY_POLICY].to_str().expect("csp");
    assert!(
        policy.contains("script-src 'none'") && !policy.contains("script-src 'unsafe-inline'"),
        "{policy}"
    );
    // PATCH /api/users/{id}: permission before lookup (no 403/404 oracle for ids).
    for id in [setup.admin.user.id, 999_999] {
        let answer = send(
            &setup.router,
            Method::PATCH,
            &format!("/api/users/{id}"),
            &Auth::of(&setup.staff_law),
            Some("application/json"),
            b"{}".to_vec(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{id}: {}", answer.text);
    }
    // Behind the trusted proxy every client is counted under its own address.
    let address = serve_on_loopback(&setup.app).await;
    let statuses = tokio::task::spawn_blocking(move || {
        (0..60)
            .map(|attempt| {
                let body = format!("{{\"email\":\"nobody{attempt}@x.kz\",\"password\":\"x\"}}");
                let head = format!(
                    "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Forwarded-For: 10.9.{}.{}\r\nConnection: close\r\n\r\n",
                    body.len(),
                    attempt / 200,
                    attempt % 200 + 1
                );
                raw_exchange(address, &head, body.as_bytes()).get(9..12).unwrap_or_default().to_string()
            })
            .collect::<Vec<_>>()
    })
    .await
    .expect("join");
    assert!(
        statuses.iter().all(|status| status == "401"),
        "60 clients behind the proxy are not one address: {statuses:?}"
    );
    // The health check writes: with the file store gone it answers 503.
    assert!(healthz_over(address).starts_with("HTTP/1.1 200"));
    let files = setup.app.state.store.files().root().to_path_buf();
    std::fs::rename(&files, files.with_extension("moved")).expect("move the file store away");
    std::fs::write(&files, b"not a directory").expect("block it");
    let unhealthy = healthz_over(address);
    assert!(unhealthy.starts_with("HTTP/1.1 503"), "{unhealthy}");
    std::fs::remove_file(&files).expect("unblock");
    std::fs::rename(files.with_extension("moved"), &files).expect("restore");
    assert!(healthz_over(address).starts_with("HTTP/1.1 200"));
}

#[test]
fn a_data_directory_that_cannot_be_written_is_named_in_the_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    // (As root, permissions do not stop a write; a file where the store's folder should be does.)
    std::fs::write(dir.path().join("store"), b"in the way").expect("file");
    let error = match adal::server::App::open(test_config(dir.path()), isolated_extractor()) {
        Ok(_) => panic!("the store cannot open"),
        Err(error) => error.to_string(),
    };
    assert!(error.contains(&dir.path().join("store").display().to_string()), "{error}");
}

/// Code review: `ADAL_MAX_UPLOAD_BYTES` raised only the HTTP limit; the extraction child kept
/// 50 MB, so a 55 MB upload was accepted and then failed as "too large".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_extraction_child_accepts_what_the_upload_limit_accepts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.max_upload_bytes = 60_000_000;
    let program = std::path::PathBuf::from(env!("CARGO_BIN_EXE_adal"));
    let extractor = adal::jobs::isolated::IsolatedExtractor::for_service(program, &config);
    let app = adal::server::App::open(config, std::sync::Arc::new(extractor)).expect("open");
    let supervisor = create_user(&app, "Sup", Role::Supervisor, None, None, None);
    let student = create_user(&app, "Stu", Role::Student, None, Some(supervisor.user.id), None);
    let router = app.router();
    let thesis = create_thesis(&router, &Auth::of(&student), "Big", "en").await;
    let docx = big_docx(55_000_000);
    assert!(docx.len() > 50_000_000);
    let job = upload_and_wait(&router, &Auth::of(&student), thesis, "big.docx", &docx).await;
    assert_eq!(job["state"], "done", "{job}");
    let detail = get(&router, &format!("/api/theses/{thesis}"), &Auth::of(&student)).await;
    assert_eq!(detail.body["versions"][0]["extraction"]["outcome"], "extracted", "{}", detail.text);
}

/// A DOCX with one paragraph of text and a stored (uncompressed) picture of `padding` bytes.
fn big_docx(padding: usize) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buffer);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &str); 3] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        (
            "word/document.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>A thesis with a very large picture about the steppe and its rivers.</w:t></w:r></w:p></w:body></w:document>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, stored).expect("part");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.start_file("word/media/picture.bin", stored).expect("picture");
    zip.write_all(&vec![7u8; padding]).expect("padding");
    zip.finish().expect("finish");
    buffer.into_inner()
}
