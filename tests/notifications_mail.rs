//! Issue #16, point 8: e-mail notifications through a REAL local SMTP server. The test starts
//! `tools/smtp_sink.py` (an aiosmtpd sink) on a free 127.0.0.1 port, writing every message it
//! receives to a directory as JSON; the service is configured with `smtp` pointing at it.
//!
//! Skipped when python3 or aiosmtpd is missing, unless `ADAL_REQUIRE_SMTP=1` (set by
//! `tools/test.sh` after installing aiosmtpd).

mod server_support;

use adal::config::SmtpConfig;
use adal::model::UiLang;
use adal::store::Role;
use axum::http::StatusCode;
use serde_json::Value;
use server_support::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn smtp_sink_available() -> bool {
    let present = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !present {
        if std::env::var("ADAL_REQUIRE_SMTP").is_ok_and(|value| value == "1") {
            panic!("ADAL_REQUIRE_SMTP=1 but python3 with aiosmtpd is missing");
        }
        eprintln!("skipped: python3 with aiosmtpd is not installed (pip install aiosmtpd)");
    }
    present
}

/// The running sink; killed when dropped.
struct Sink {
    child: Child,
    dir: PathBuf,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sink(port: u16, dir: &Path) -> Sink {
    let mut child = Command::new("python3")
        .arg(repo_path("tools/smtp_sink.py"))
        .arg(port.to_string())
        .arg(dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the SMTP sink starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("the sink answers");
    assert_eq!(line.trim(), "ready", "the sink listens");
    Sink { child, dir: dir.to_path_buf() }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

/// Waits until the sink holds `count` messages (or 60 s pass); answers them.
async fn wait_for_mail(sink_dir: &Path, count: usize) -> Vec<Value> {
    let started = Instant::now();
    loop {
        let mut messages: Vec<(String, Value)> = std::fs::read_dir(sink_dir)
            .expect("the sink directory")
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_name().to_string_lossy().ends_with(".json"))
            .map(|entry| {
                let text = std::fs::read_to_string(entry.path()).expect("a message");
                (entry.file_name().to_string_lossy().to_string(), serde_json::from_str(&text).expect("JSON"))
            })
            .collect();
        if messages.len() >= count || started.elapsed() > Duration::from_secs(60) {
            messages.sort_by_key(|(name, _)| name.trim_end_matches(".json").parse::<u32>().unwrap_or(0));
            return messages.into_iter().map(|(_, message)| message).collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn smtp_config(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".to_string(),
        port,
        from: "Adal <adal@test.adal>".to_string(),
        username: None,
        password: None,
        link_base: Some("https://adal.test".to_string()),
    }
}

fn to_of(message: &Value) -> String {
    message["to"][0].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_ready_and_returned_are_mailed_in_the_recipients_language() {
    if !smtp_sink_available() {
        return;
    }
    let sink_dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let sink = start_sink(port, sink_dir.path());
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.smtp = Some(smtp_config(port));
    let app = open_app(config);
    load_corpus_documents(&app, &["demo-en-01"]);
    let supervisor = create_user(&app, "Supervisor M", Role::Supervisor, Some("Science"), None, None);
    let student =
        create_user(&app, "Student M", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    app.state.store.set_user_lang(student.user.id, UiLang::Ru).expect("language");
    app.state.store.set_user_lang(supervisor.user.id, UiLang::Kk).expect("language");
    let router = app.router();
    let thesis = create_thesis(&router, &Auth::of(&student), "Rivers and rain", "en").await;
    upload_and_wait(&router, &Auth::of(&student), thesis, "t.txt", b"A first draft about rivers and rain.")
        .await;

    let messages = wait_for_mail(&sink.dir, 2).await;
    assert_eq!(messages.len(), 2, "report ready, to the student and the supervisor: {messages:?}");
    let to_student =
        messages.iter().find(|message| to_of(message) == student.user.email).expect("to the student");
    assert_eq!(to_student["subject"], "Отчёт о проверке готов: «Rivers and rain»", "in Russian");
    assert!(to_student["body"]
        .as_str()
        .unwrap_or_default()
        .contains(&format!("https://adal.test/theses/{thesis}")));
    let to_supervisor =
        messages.iter().find(|message| to_of(message) == supervisor.user.email).expect("to the supervisor");
    assert_eq!(to_supervisor["subject"], "Тексеру есебі дайын: «Rivers and rain»", "in Kazakh");
    assert_eq!(to_supervisor["from"], "adal@test.adal");

    let returned = post_json(
        &router,
        &format!("/api/theses/{thesis}/decision"),
        &Auth::of(&supervisor),
        serde_json::json!({ "decision": "return", "reason": "Please add the methods chapter." }),
    )
    .await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);
    let messages = wait_for_mail(&sink.dir, 3).await;
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_eq!(to_of(&messages[2]), student.user.email);
    assert_eq!(messages[2]["subject"], "Работа возвращена: «Rivers and rain»");
    assert_eq!(app.state.store.queued_mail().expect("outbox"), 0, "the outbox is empty once sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_waits_durably_while_the_smtp_server_is_down_and_is_sent_when_it_is_back() {
    if !smtp_sink_available() {
        return;
    }
    let port = free_port();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.smtp = Some(smtp_config(port));
    let app = open_app(config);
    let supervisor = create_user(&app, "Supervisor N", Role::Supervisor, Some("Science"), None, None);
    let student =
        create_user(&app, "Student N", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let router = app.router();
    let thesis = create_thesis(&router, &Auth::of(&student), "Offline", "en").await;
    // Nothing listens on the port: the check and its report are not held up or failed.
    let job =
        upload_and_wait(&router, &Auth::of(&student), thesis, "t.txt", b"A draft written offline.").await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(app.state.store.queued_mail().expect("outbox"), 2, "both e-mails wait in the outbox");

    let sink_dir = tempfile::tempdir().expect("tempdir");
    let sink = start_sink(port, sink_dir.path());
    let messages = wait_for_mail(&sink.dir, 2).await;
    assert_eq!(messages.len(), 2, "sent on a later attempt: {messages:?}");
    assert_eq!(messages[0]["subject"], "Тексеру есебі дайын: «Offline»", "Kazakh when no language is known");
}
