//! Issue #16, point 10: the report page prints as a compact certificate (figures, sources, the
//! list of passages) plus the marked text, with no controls or instructions. The Kazakh demo
//! thesis is checked against the demo corpus, its report page (with the stylesheet inlined) is
//! printed to PDF by headless Chromium, and the PDF's pages are counted and its text read back
//! with Adal's own PDF extraction.
//!
//! Skipped when `/usr/bin/chromium` is missing, unless `ADAL_REQUIRE_BROWSER=1`.

mod server_support;

use adal::store::Role;
use axum::http::StatusCode;
use server_support::*;
use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

/// The Kazakh demo report printed in 10 A4 pages with the old stylesheet (certificate parts
/// spread between the text, switches, instructions and every side-by-side view printed); the
/// certificate plus the marked text now take 7.
const MAX_PAGES: usize = 8;

fn chromium_available() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var("ADAL_REQUIRE_BROWSER").is_ok_and(|value| value == "1") {
        panic!("ADAL_REQUIRE_BROWSER=1 but {CHROMIUM} is missing");
    }
    eprintln!("skipped: {CHROMIUM} is not installed");
    false
}

/// Prints `html_file` to `pdf_file` with headless Chromium (A4 is the default paper in the
/// stylesheet's `@page`).
fn print_to_pdf(html_file: &Path, pdf_file: &Path) {
    let status = Command::new(CHROMIUM)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", pdf_file.display()))
        .arg(format!("file://{}", html_file.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("chromium runs");
    assert!(status.success(), "chromium printed the page: {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_report_prints_as_a_compact_certificate_without_controls() {
    if !chromium_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(dir.path()));
    load_corpus_documents(&app, &["demo-kk-03", "demo-kk-04", "demo-kk-05"]);
    let supervisor = create_user(&app, "Supervisor Print", Role::Supervisor, Some("Science"), None, None);
    let student =
        create_user(&app, "Student Print", Role::Student, Some("Science"), Some(supervisor.user.id), None);
    let router = app.router();
    let thesis = create_thesis(&router, &Auth::of(&student), "Demo", "kk").await;
    let bytes = std::fs::read(repo_path("demo/kk-thesis.docx")).expect("the demo thesis");
    let job = upload_and_wait(&router, &Auth::of(&student), thesis, "kk-thesis.docx", &bytes).await;
    let version = job["version"].as_u64().expect("version");
    let page = get(&router, &format!("/versions/{version}/report?lang=kk"), &Auth::of(&supervisor)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let css_url =
        page.text.split("<link rel=\"stylesheet\" href=\"").nth(1).and_then(|rest| rest.split('"').next());
    let css_url = css_url.expect("the stylesheet link").replace("&#x2f;", "/");
    let css = get(&router, &css_url, &Auth::of(&supervisor)).await;
    assert_eq!(css.status, StatusCode::OK);
    let html = page.text.replace(
        &format!("<link rel=\"stylesheet\" href=\"{}\">", css_url.replace('/', "&#x2f;")),
        &format!("<style>{}</style>", css.text),
    );
    assert!(html.contains("<style>"), "the stylesheet is inlined");
    let print_dir = tempfile::tempdir().expect("tempdir");
    let html_file = print_dir.path().join("report.html");
    std::fs::write(&html_file, html).expect("write the page");
    let pdf_file = print_dir.path().join("report.pdf");
    print_to_pdf(&html_file, &pdf_file);
    let pdf = std::fs::read(&pdf_file).expect("the PDF");
    let artifacts = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo_path("target"))
        .join("browser-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifacts");
    std::fs::write(artifacts.join("report-print-kk.pdf"), &pdf).expect("keep the PDF");
    std::fs::copy(&html_file, artifacts.join("report-print-kk.html")).expect("keep the page");

    let extracted =
        adal::extract::extract(&pdf, &adal::extract::ExtractLimits::default()).expect("the PDF's text");
    let pages = extracted.pages.len();
    eprintln!("the demo report prints in {pages} pages");
    assert!(pages <= MAX_PAGES, "the demo report prints in {pages} pages (at most {MAX_PAGES})");
    let text = extracted.text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The certificate comes first: figures, then sources, then the list of passages, then the text.
    let figure = text.find("Ұқсастық").expect("the figures");
    let sources = text.find("Дереккөздер").expect("the sources");
    let passages = text.find("Сәйкес үзінділер").expect("the passages");
    let submission = text.find("Жұмыстың мәтіні").expect("the marked text");
    assert!(figure < sources && sources < passages && passages < submission, "{text}");
    // No controls and no instructions for the screen.
    for absent in [
        "Есептеу: дереккөз",
        "Шешімнің себебі",
        "Есептен шығару: үзінді",
        "Белгіні алып тастасаңыз",
        "Үзіндіні ашсаңыз",
    ] {
        assert!(!text.contains(absent), "'{absent}' is not printed: {text}");
    }
}
