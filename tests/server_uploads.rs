//! Bad uploads: wrong type, too large and empty files are refused at once (4xx); encrypted,
//! scanned and corrupt files fail their check job. Either way the student gets a clear message
//! in Kazakh, Russian and English, and nothing half-written is left: no version for a refused
//! upload, no check for a failed one. Extraction runs in a child process: a crash, hang or
//! memory limit fails the job and the server keeps answering.

mod server_support;

use adal::extract::{extract, sniff_format, ExtractError, ExtractLimits, SniffedFormat};
use adal::jobs::isolated::IsolatedExtractor;
use adal::model::UiLang;
use adal::pipeline::thesis::{DocumentExtractor, RefusalRecord};
use adal::server::App;
use adal::store::{FileStore, Role};
use axum::http::StatusCode;
use server_support::*;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A PDF from object bodies (numbered from 1) with a correct cross-reference table.
fn pdf_with(objects: &[&str], trailer_extra: &str) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", index + 1).as_bytes());
    }
    let xref_offset = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let trailer = format!(
        "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref_offset}\n%%EOF\n",
        objects.len() + 1
    );
    pdf.extend_from_slice(trailer.as_bytes());
    pdf
}

const PAGE_OBJECTS: [&str; 4] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    "<< /Length 0 >>\nstream\n\nendstream",
];

/// One page without any text: what a scan without OCR looks like to a text extractor.
fn scanned_pdf() -> Vec<u8> {
    pdf_with(&PAGE_OBJECTS, "")
}

/// A PDF protected with a user password (RC4, revision 2) that Adal does not have.
fn encrypted_pdf() -> Vec<u8> {
    let mut objects = PAGE_OBJECTS.to_vec();
    let key = "8A3F0C5E7B1D2F4A6C8E0A2B4D6F8091A3C5E7092B4D6F81A3C5E7092B4D6F81";
    let encrypt = format!("<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <{key}> /U <{key}> >>");
    objects.push(&encrypt);
    let id = "<0123456789ABCDEF0123456789ABCDEF>";
    pdf_with(&objects, &format!("/Encrypt 5 0 R /ID [{id} {id}]"))
}

fn corrupt_docx() -> Vec<u8> {
    let docx = std::fs::read(repo_path("tests/fixtures/clean.docx")).expect("fixture");
    docx[..docx.len() / 2].to_vec()
}

fn message_in_every_language(error: &ExtractError) -> Vec<(UiLang, String)> {
    UiLang::ALL.iter().map(|lang| (*lang, error.message(*lang))).collect()
}

struct Setup {
    router: axum::Router,
    student: Auth,
    app: App,
    _dir: tempfile::TempDir,
}

fn setup_with(max_upload_bytes: u64, extractor: Option<Arc<dyn DocumentExtractor + Send + Sync>>) -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.max_upload_bytes = max_upload_bytes;
    let app = App::open(config, extractor.unwrap_or_else(isolated_extractor)).expect("open");
    let supervisor = create_user(&app, "Supervisor", Role::Supervisor, None, None, None);
    let student = create_user(&app, "Student", Role::Student, None, Some(supervisor.user.id), None);
    Setup { router: app.router(), student: Auth::of(&student), app, _dir: dir }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_at_once_with_a_message_in_each_language_and_nothing_stored() {
    let setup = setup_with(20_000, None);
    let thesis = create_thesis(&setup.router, &setup.student, "Refusals", "kk").await;
    let uri = format!("/api/theses/{thesis}/versions");
    let rtf = std::fs::read(repo_path("tests/fixtures/clean.rtf")).expect("rtf");
    let SniffedFormat::Unsupported(detected) = sniff_format(&rtf) else {
        panic!("RTF is not sniffed as unsupported")
    };
    let unsupported = ExtractError::Unsupported { detected: detected.to_string() };
    let too_large = vec![b'a'; 30_000];
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        ("thesis.rtf", rtf, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_format"),
        ("big.txt", too_large.clone(), StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        ("empty.txt", Vec::new(), StatusCode::UNPROCESSABLE_ENTITY, "empty_file"),
    ];
    for (file_name, bytes, status, code) in &cases {
        for lang in UiLang::ALL {
            let answer = upload(
                &setup.router,
                &format!("{uri}?lang={}", lang.code()),
                &setup.student,
                file_name,
                bytes,
            )
            .await;
            assert_eq!(answer.status, *status, "{file_name}: {}", answer.text);
            assert_eq!(answer.body["error"]["code"], *code, "{}", answer.text);
            let message = answer.body["error"]["message"].as_str().expect("message").to_string();
            match *code {
                "unsupported_format" => assert_eq!(message, unsupported.message(lang)),
                "empty_file" => assert_eq!(message, ExtractError::Empty.message(lang)),
                _ => assert!(message.contains("20 KB"), "{message}"),
            }
        }
        assert!(
            !setup.app.state.store.files().contains(&FileStore::hash_of(bytes)),
            "{file_name} was stored"
        );
    }
    let detail = get(&setup.router, &format!("/api/theses/{thesis}"), &setup.student).await;
    assert_eq!(detail.body["state"]["state"], "draft");
    assert_eq!(detail.body["versions"].as_array().map(Vec::len), Some(0));
    assert!(message_in_every_language(&unsupported).iter().all(|(_, message)| !message.is_empty()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_files_fail_their_job_with_the_students_message_and_record_no_check() {
    let cases: Vec<(&str, Vec<u8>, ExtractError)> = vec![
        ("encrypted.pdf", encrypted_pdf(), ExtractError::Encrypted),
        ("scan.pdf", scanned_pdf(), ExtractError::NoTextLayer),
        ("broken.docx", corrupt_docx(), ExtractError::Corrupt { reason: String::new() }),
    ];
    for (file_name, bytes, expected) in &cases {
        let refusal = extract(bytes, &ExtractLimits::DEFAULT).expect_err(file_name);
        assert_eq!(refusal.code(), expected.code(), "{file_name}: {refusal:?}");
    }
    let setup = setup_with(50_000_000, None);
    let thesis = create_thesis(&setup.router, &setup.student, "Unreadable", "ru").await;
    for (file_name, bytes, expected) in &cases {
        let job = upload_and_wait(&setup.router, &setup.student, thesis, file_name, bytes).await;
        assert_eq!(job["state"], "failed", "{file_name}: {job}");
        let version = job["version"].as_u64().expect("version");
        let refusal = extract(bytes, &ExtractLimits::DEFAULT).expect_err(file_name);
        for lang in UiLang::ALL {
            let job =
                get(&setup.router, &format!("/api/jobs/{}?lang={}", job["id"], lang.code()), &setup.student)
                    .await;
            assert_eq!(job.body["error"]["code"], expected.code());
            assert_eq!(job.body["error"]["message"], refusal.message(lang), "{file_name} {lang:?}");
        }
        assert!(
            setup.app.state.store.latest_check(version).expect("store").is_none(),
            "{file_name}: a check was recorded"
        );
        let detail = get(&setup.router, &format!("/api/theses/{thesis}?lang=en"), &setup.student).await;
        assert_eq!(detail.body["state"]["state"], "submitted", "{}", detail.text);
        let last = detail.body["versions"]
            .as_array()
            .and_then(|versions| versions.last().cloned())
            .expect("version");
        assert_eq!(last["extraction"]["outcome"], "failed");
        assert_eq!(last["extraction"]["message"], refusal.message(UiLang::En));
    }
    // The server is fine and the next, readable version is checked.
    let job = upload_and_wait(
        &setup.router,
        &setup.student,
        thesis,
        "good.txt",
        "Жақсы мәтін. Хороший текст.".as_bytes(),
    )
    .await;
    assert_eq!(job["state"], "done", "{job}");
}

fn shell_extractor(script: &str, timeout: Duration, memory_limit_bytes: u64) -> IsolatedExtractor {
    IsolatedExtractor {
        program: PathBuf::from("/bin/sh"),
        args: vec![OsString::from("-c"), OsString::from(script), OsString::from("sh")],
        timeout,
        memory_limit_bytes,
    }
}

#[test]
fn a_crash_a_hang_and_the_memory_limit_stay_in_the_child() {
    let crash = shell_extractor("kill -SEGV $$", Duration::from_secs(60), 2_000_000_000);
    assert!(matches!(crash.extract_document(b"x"), Err(RefusalRecord::ExtractionFailed { .. })));
    let hang = shell_extractor("sleep 30", Duration::from_millis(300), 2_000_000_000);
    let Err(RefusalRecord::ExtractionFailed { detail }) = hang.extract_document(b"x") else {
        panic!("no timeout")
    };
    assert!(detail.contains("timed out"), "{detail}");
    // The child answers a refusal only when its address-space limit is the one configured.
    let script = r#"if [ "$(ulimit -v)" = "204800" ]; then printf '{"outcome":"refused","refusal":{"code":"encrypted"}}'; fi"#;
    let limited = shell_extractor(script, Duration::from_secs(60), 204_800 * 1024);
    assert_eq!(limited.extract_document(b"x").expect_err("refused"), RefusalRecord::Encrypted);
    let garbage = shell_extractor("echo not json", Duration::from_secs(60), 2_000_000_000);
    assert!(matches!(garbage.extract_document(b"x"), Err(RefusalRecord::ExtractionFailed { .. })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashing_extraction_fails_the_job_and_the_server_keeps_running() {
    let crash: Arc<dyn DocumentExtractor + Send + Sync> =
        Arc::new(shell_extractor("kill -SEGV $$", Duration::from_secs(60), 2_000_000_000));
    let setup = setup_with(50_000_000, Some(crash));
    let thesis = create_thesis(&setup.router, &setup.student, "Crash", "en").await;
    let job =
        upload_and_wait(&setup.router, &setup.student, thesis, "thesis.txt", b"Some text of a thesis.").await;
    assert_eq!(job["state"], "failed");
    assert_eq!(job["error"]["code"], "extraction_failed");
    let answer = get(&setup.router, &format!("/api/jobs/{}?lang=kk", job["id"]), &setup.student).await;
    assert!(answer.body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Файлды оқу мүмкін болмады"));
    assert_eq!(get(&setup.router, "/healthz", &Auth::None).await.status, StatusCode::OK);
}
