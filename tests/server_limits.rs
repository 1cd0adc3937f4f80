//! Resource limits over a real socket and on hostile documents: a 100 MB upload (declared and
//! streamed without a length) is refused with the limit in the message while `/healthz` keeps
//! answering; a trickled upload is cut off by the request timeout; PDFs with self-referencing
//! or deeply nested objects, a 5,000-level page tree and 100,000 pages are refused or read
//! within bounded time. (DOCX zip bombs: `extract_docx.rs`.)

mod server_support;

use adal::extract::{extract, ExtractError, ExtractLimits};
use adal::store::Role;
use server_support::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

struct Running {
    address: SocketAddr,
    token: String,
    thesis: u64,
    _app: adal::server::App,
    _dir: tempfile::TempDir,
}

async fn serve(request_timeout_secs: u64) -> Running {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.workers = 0;
    config.request_timeout_secs = request_timeout_secs;
    let app = open_app(config);
    let supervisor = create_user(&app, "Supervisor", Role::Supervisor, None, None, None);
    let student = create_user(&app, "Student", Role::Student, None, Some(supervisor.user.id), None);
    let router = app.router();
    let thesis = create_thesis(&router, &Auth::of(&student), "Limits", "ru").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    Running { address, token: student.token, thesis, _app: app, _dir: dir }
}

/// Sends the head, then `body_chunks` chunks of `chunk` bytes with `pause` between them (stops
/// early when the server closed the connection); answers the response text and the time to it.
fn send_slowly(
    address: SocketAddr,
    head: String,
    chunk: &[u8],
    body_chunks: usize,
    pause: Duration,
) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    stream.write_all(head.as_bytes()).expect("head");
    for _ in 0..body_chunks {
        if stream.write_all(chunk).is_err() {
            break;
        }
        if !pause.is_zero() {
            std::thread::sleep(pause);
        }
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    (String::from_utf8_lossy(&response).to_string(), started.elapsed())
}

fn healthz_answers_within(address: SocketAddr, within: Duration) -> bool {
    let started = Instant::now();
    let Ok(mut stream) = TcpStream::connect(address) else { return false };
    let _ = stream.set_read_timeout(Some(within));
    let _ = stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200") && started.elapsed() < within
}

fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mb_upload_is_refused_and_the_server_keeps_answering() {
    let running = serve(120).await;
    let address = running.address;
    let boundary = "limit-boundary";
    let part_head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.txt\"\r\n\r\n"
    );
    let path = format!("/api/theses/{}/versions?lang=ru", running.thesis);
    let auth = format!("Authorization: Bearer {}", running.token);
    let declared = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n{part_head}",
        100_000_000 + part_head.len()
    );
    let chunked = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{part_head}\r\n",
        part_head.len()
    );
    // 100 chunks of 1 MB: with a declared length, and as chunked transfer without one.
    let megabyte = vec![b'a'; 1_000_000];
    let mut chunk = format!("{:x}\r\n", megabyte.len()).into_bytes();
    chunk.extend_from_slice(&megabyte);
    chunk.extend_from_slice(b"\r\n");
    let rss_before = peak_rss_kb();
    for (name, head, body_chunk) in [("declared", declared, megabyte.clone()), ("chunked", chunked, chunk)] {
        let sender = std::thread::spawn(move || send_slowly(address, head, &body_chunk, 100, Duration::ZERO));
        let health =
            tokio::task::spawn_blocking(move || healthz_answers_within(address, Duration::from_secs(2)));
        assert!(health.await.expect("health"), "{name}: /healthz did not answer during the upload");
        let (response, elapsed) =
            tokio::task::spawn_blocking(move || sender.join().expect("sender")).await.expect("join");
        assert!(response.starts_with("HTTP/1.1 413"), "{name}: {response}");
        assert!(
            response.contains("Файл слишком большой") || response.contains("Запрос слишком большой"),
            "{name}: {response}"
        );
        assert!(elapsed < Duration::from_secs(60), "{name}: {elapsed:?}");
        eprintln!("{name} 100 MB upload refused in {elapsed:?}");
    }
    let rss_growth_mb = peak_rss_kb().saturating_sub(rss_before) / 1024;
    eprintln!("peak resident memory grew by {rss_growth_mb} MB");
    assert!(rss_growth_mb < 400, "memory grew by {rss_growth_mb} MB for two refused uploads");
    assert!(healthz_answers_within(address, Duration::from_secs(2)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickled_upload_is_cut_off_by_the_request_timeout() {
    let running = serve(2).await;
    let address = running.address;
    let head = format!(
        "POST /api/theses/{}/versions?lang=en HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Authorization: Bearer {}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n",
        running.thesis, running.token
    );
    // One byte every 200 ms: 100,000 bytes would take hours.
    let sender =
        std::thread::spawn(move || send_slowly(address, head, b"-", 100_000, Duration::from_millis(200)));
    let health = tokio::task::spawn_blocking(move || healthz_answers_within(address, Duration::from_secs(2)));
    assert!(health.await.expect("health"));
    let (response, elapsed) =
        tokio::task::spawn_blocking(move || sender.join().expect("sender")).await.expect("join");
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(
        response.contains("request_timeout") && response.contains("The request took too long."),
        "{response}"
    );
    assert!(elapsed < Duration::from_secs(10), "cut off after {elapsed:?}");
}

/// A PDF from object bodies (numbered from 1) with a correct cross-reference table.
fn pdf_with(objects: &[String]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", index + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    pdf
}

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

fn stream(content: &str) -> String {
    format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len())
}

fn page(parent: u32, contents: u32, font: u32) -> String {
    format!(
        "<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R \
         /Resources << /Font << /F1 {font} 0 R >> >> >>"
    )
}

fn hostile_pdfs() -> Vec<(&'static str, Vec<u8>)> {
    let text = stream("BT /F1 12 Tf 72 720 Td (A few words of ordinary thesis text.) Tj ET");
    let self_kids = pdf_with(&[
        CATALOG.into(),
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>".into(),
        page(2, 4, 5),
        text.clone(),
        FONT.into(),
    ]);
    let self_contents = pdf_with(&[
        CATALOG.into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [3 0 R 4 0 R] /Resources 3 0 R >>"
            .into(),
        "<< /Length 4 0 R >>\nstream\nBT ET\nendstream".into(),
    ]);
    let nested_dictionary = pdf_with(&[
        format!("<< /Type /Catalog /Pages 2 0 R /X {}{} >>", "[".repeat(200_000), "]".repeat(200_000)),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        page(2, 4, 5),
        text.clone(),
        FONT.into(),
    ]);
    let nested_content = pdf_with(&[
        CATALOG.into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        page(2, 4, 5),
        stream(&format!(
            "BT /F1 12 Tf {}{} TJ {} ET",
            "[".repeat(100_000),
            "]".repeat(100_000),
            "q ".repeat(100_000)
        )),
        FONT.into(),
    ]);
    // A page tree 5,000 levels deep.
    let depth = 5_000u32;
    let mut deep = vec![CATALOG.to_string()];
    for level in 0..depth {
        deep.push(format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", level + 3));
    }
    deep.push(page(depth + 1, depth + 3, depth + 4));
    deep.push(text.clone());
    deep.push(FONT.into());
    // 100,000 pages, all the same page object.
    let kids = "3 0 R ".repeat(100_000);
    let many_pages = pdf_with(&[
        CATALOG.into(),
        format!("<< /Type /Pages /Kids [{kids}] /Count 100000 >>"),
        page(2, 4, 5),
        text,
        FONT.into(),
    ]);
    // 3,000 distinct pages: more than the reader's page limit.
    let n_pages = 3_000u32;
    let page_kids: String = (0..n_pages).map(|number| format!("{} 0 R ", number + 5)).collect();
    let mut distinct = vec![
        CATALOG.to_string(),
        format!("<< /Type /Pages /Kids [{page_kids}] /Count {n_pages} >>"),
        stream("BT /F1 12 Tf 72 720 Td (Page text.) Tj ET"),
        FONT.into(),
    ];
    for _ in 0..n_pages {
        distinct.push(page(2, 3, 4));
    }
    vec![
        ("3,000 distinct pages", pdf_with(&distinct)),
        ("self-referencing page tree", self_kids),
        ("self-referencing contents and length", self_contents),
        ("200,000 nested arrays in the catalog", nested_dictionary),
        ("100,000 nested arrays and saves in a content stream", nested_content),
        ("5,000-level page tree", pdf_with(&deep)),
        ("100,000 pages", many_pages),
    ]
}

#[test]
fn hostile_pdfs_are_refused_or_read_in_bounded_time() {
    for (name, bytes) in hostile_pdfs() {
        let started = Instant::now();
        let outcome = extract(&bytes, &ExtractLimits::DEFAULT);
        let elapsed = started.elapsed();
        eprintln!(
            "{name}: {:?} in {elapsed:?}",
            outcome.as_ref().map(|document| document.text.len()).map_err(ExtractError::code)
        );
        assert!(elapsed < Duration::from_secs(20), "{name} took {elapsed:?}");
        if name == "3,000 distinct pages" {
            assert!(matches!(outcome, Err(ExtractError::TooComplex { .. })), "{name}: {outcome:?}");
        }
        if let Ok(document) = &outcome {
            assert!(document.pages.len() <= ExtractLimits::DEFAULT.max_pages as usize, "{name}");
        }
        if let Err(error) = &outcome {
            assert!(!error.message(adal::model::UiLang::Kk).is_empty());
        }
    }
}
