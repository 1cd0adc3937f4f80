//! Staff and admin work over HTTP: the corpus (upload, search, template, remove), user import
//! from CSV, settings and the audit log; and the first start with `--demo` (corpus, admin,
//! demo accounts, demo theses checked with their planted sources found).

mod server_support;

use adal::server::setup::{create_admin_if_no_users, create_demo, load_corpus_if_empty, ADMIN_EMAIL};
use adal::store::Role;
use axum::http::{Method, StatusCode};
use serde_json::json;
use server_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_manage_the_corpus() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let staff = Auth::of(&create_user(&app, "Corpus Staff", Role::Staff, None, None, None));
    let router = app.router();
    let text =
        "Жайылымдық мал шаруашылығы және дала экожүйесінің тұрақтылығы туралы мақала мәтіні.".repeat(20);
    let (content_type, body) = multipart_body(
        "article.txt",
        text.as_bytes(),
        &[
            ("id", "local-article-1"),
            ("title", "Дала экожүйесі"),
            ("authors", "Ә. Нұров"),
            ("kind", "article"),
        ],
    );
    let added = send(&router, Method::POST, "/api/corpus", &staff, Some(&content_type), body).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.body["outcome"]["id"], "local-article-1", "{}", added.text);

    let listed = get(&router, "/api/corpus", &staff).await;
    assert_eq!(listed.body["documents"][0]["title"], "Дала экожүйесі");
    let hits = get(
        &router,
        "/api/corpus/search?q=%D0%B6%D0%B0%D0%B9%D1%8B%D0%BB%D1%8B%D0%BC%D0%B4%D1%8B%D2%9B",
        &staff,
    )
    .await;
    assert_eq!(hits.body["hits"][0]["id"], "local-article-1", "{}", hits.text);
    let template =
        post_json(&router, "/api/corpus/local-article-1/template", &staff, json!({ "template": true })).await;
    assert_eq!(template.status, StatusCode::OK, "{}", template.text);
    assert_eq!(get(&router, "/api/corpus", &staff).await.body["documents"][0]["template"], true);

    let remove = send(&router, Method::DELETE, "/api/corpus/local-article-1", &staff, None, Vec::new()).await;
    assert_eq!(remove.status, StatusCode::NO_CONTENT);
    let again = send(&router, Method::DELETE, "/api/corpus/local-article-1", &staff, None, Vec::new()).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_import_users_change_settings_and_read_the_audit_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.workers = 0;
    let app = open_app(config);
    let admin = Auth::of(&create_user(&app, "Admin", Role::Admin, None, None, None));
    let router = app.router();
    let csv = "name,email,role,faculty,supervisor email\n\
               Ерлан Қасымов,erlan@uni.kz,supervisor,Law,\n\
               Айгерім Сәрсенбаева,aigerim@uni.kz,student,Law,erlan@uni.kz\n";
    let imported = upload(&router, "/api/users/import", &admin, "users.csv", csv.as_bytes()).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text);
    let created = imported.body["created"].as_array().expect("created");
    assert_eq!(created.len(), 2);
    assert_eq!(created[1]["user"]["supervisor"], created[0]["user"]["id"]);
    assert!(created[1]["password"].as_str().is_some_and(|password| password.len() >= 12));
    let login = post_json(
        &router,
        "/api/login",
        &Auth::None,
        json!({ "email": "aigerim@uni.kz", "password": created[1]["password"] }),
    )
    .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);

    let bad = upload(&router, "/api/users/import?lang=en", &admin, "bad.csv", b"Someone,,student\n").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["error"]["code"], "bad_csv_row");

    let mut settings = get(&router, "/api/settings", &admin).await.body;
    settings["similarity_threshold_percent"] = json!(30.0);
    settings["students_see_reports"] = json!(true);
    let changed = send(
        &router,
        Method::PUT,
        "/api/settings",
        &admin,
        Some("application/json"),
        settings.to_string().into_bytes(),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(get(&router, "/api/settings", &admin).await.body["similarity_threshold_percent"], 30.0);
    settings["similarity_threshold_percent"] = json!(130.0);
    let refused = send(
        &router,
        Method::PUT,
        "/api/settings",
        &admin,
        Some("application/json"),
        settings.to_string().into_bytes(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    // The appeal window: 2 working days by default; more is allowed up to 10, fewer than the
    // recommendations' 2 is refused with its own code.
    assert_eq!(get(&router, "/api/settings", &admin).await.body["appeal_window_working_days"], 2);
    settings["similarity_threshold_percent"] = json!(30.0);
    for (days, status) in
        [(1, StatusCode::UNPROCESSABLE_ENTITY), (11, StatusCode::UNPROCESSABLE_ENTITY), (7, StatusCode::OK)]
    {
        settings["appeal_window_working_days"] = json!(days);
        let body = settings.to_string().into_bytes();
        let answer =
            send(&router, Method::PUT, "/api/settings", &admin, Some("application/json"), body).await;
        assert_eq!(answer.status, status, "{days} days: {}", answer.text);
        if status != StatusCode::OK {
            assert_eq!(answer.body["error"]["code"], "bad_appeal_window");
        }
    }
    assert_eq!(get(&router, "/api/settings", &admin).await.body["appeal_window_working_days"], 7);

    let audit = get(&router, "/api/audit?from=1&limit=500", &admin).await;
    let actions: Vec<&str> = audit.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|entry| entry["action"].as_str())
        .collect();
    assert!(actions.contains(&"user_created") && actions.contains(&"settings_changed"), "{actions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_with_demo_gives_every_role_something_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    let added = load_corpus_if_empty(&app.state, &repo_path("corpus")).expect("corpus");
    assert!(added >= 30, "{added} corpus documents");
    assert_eq!(load_corpus_if_empty(&app.state, &repo_path("corpus")).expect("second start"), 0);
    let password = create_admin_if_no_users(&app.state, Some("admin password".into())).expect("admin");
    assert_eq!(password.as_deref(), Some("admin password"));
    assert!(create_demo(&app.state, &repo_path("demo")).expect("demo"));
    assert!(!create_demo(&app.state, &repo_path("demo")).expect("demo again"));
    let router = app.router();

    let admin = post_json(
        &router,
        "/api/login",
        &Auth::None,
        json!({ "email": ADMIN_EMAIL, "password": "admin password" }),
    )
    .await;
    assert_eq!(admin.status, StatusCode::OK);
    let supervisor = post_json(
        &router,
        "/api/login",
        &Auth::None,
        json!({ "email": "supervisor@demo.adal", "password": "supervisor-demo" }),
    )
    .await;
    assert_eq!(supervisor.status, StatusCode::OK, "{}", supervisor.text);
    let cookie = supervisor.headers["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_string();
    let supervisor = Auth::Session { cookie, csrf: None };
    for (email, password) in [
        ("staff@demo.adal", "staff-demo"),
        ("student@demo.adal", "student-demo"),
        ("student.ru@demo.adal", "student-demo"),
        ("student.en@demo.adal", "student-demo"),
    ] {
        let answer =
            post_json(&router, "/api/login", &Auth::None, json!({ "email": email, "password": password }))
                .await;
        assert_eq!(answer.status, StatusCode::OK, "{email}");
    }

    // The three demo theses are checked; each report finds sources the demo README names.
    let expected_sources =
        [("kk-thesis.docx", "demo-kk-03"), ("ru-thesis.pdf", "demo-ru-10"), ("en-thesis.txt", "demo-en-02")];
    for (job_id, (file_name, source)) in (1u64..=3).zip(expected_sources) {
        let job = wait_for_job(&router, &supervisor, job_id).await;
        assert_eq!(job["state"], "done", "{file_name}: {job}");
        let report = get(&router, &format!("/api/versions/{}/report", job["version"]), &supervisor).await;
        let sources: Vec<&str> = report.body["report"]["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .filter_map(|source| source["document_id"].as_str())
            .collect();
        assert!(sources.contains(&source), "{file_name}: {sources:?}");
    }
}
