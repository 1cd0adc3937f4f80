//! The entry points of the fuzz targets (`fuzz/fuzz_targets/*.rs`), shared with the regression
//! test that replays every input a fuzzer once crashed on (`tests/fuzz_regressions.rs`). Each
//! takes arbitrary bytes and must return without panicking, in bounded time and memory.
//!
//! They live in `server` because the upload parsers do; the extraction and report entry points
//! only call the core.

use crate::extract::{extract_as_docx, extract_as_pdf, extract_as_text, ExtractLimits};
use crate::model::UiLang;
use crate::report::{render_html, Exclusions, Report};
use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::Request;

/// The fuzz targets, by the name of their directory under `tests/fuzz-regressions/`.
pub const TARGETS: [&str; 5] = ["extract_pdf", "extract_docx", "extract_txt", "report_json", "upload"];

/// Runs the named target on `bytes`; `false` for an unknown target name.
pub fn run_target(target: &str, bytes: &[u8]) -> bool {
    match target {
        "extract_pdf" => extract_pdf(bytes),
        "extract_docx" => extract_docx(bytes),
        "extract_txt" => extract_txt(bytes),
        "report_json" => report_json(bytes),
        "upload" => upload(bytes),
        _ => return false,
    }
    true
}

/// The PDF reader with the production limits.
pub fn extract_pdf(bytes: &[u8]) {
    let _ = extract_as_pdf(bytes, &ExtractLimits::DEFAULT);
}

/// The DOCX reader with the production limits.
pub fn extract_docx(bytes: &[u8]) {
    let _ = extract_as_docx(bytes, &ExtractLimits::DEFAULT);
}

/// The plain-text decoder with the production limits.
pub fn extract_txt(bytes: &[u8]) {
    let _ = extract_as_text(bytes, &ExtractLimits::DEFAULT);
}

/// A stored report read back, its exclusions switched (which recomputes the figures and the
/// source shares) and rendered as HTML, as the report endpoints do.
pub fn report_json(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let Ok(mut report) = Report::from_json(text) else { return };
    let mut exclusions = report.exclusions.clone();
    exclusions.quotes = !exclusions.quotes;
    exclusions.excluded_sources.push(1);
    exclusions.excluded_passages.push(1);
    report.set_exclusions(exclusions);
    report.set_exclusions(Exclusions::default());
    let _ = render_html(&report, UiLang::Kk);
    let _ = report.to_json();
}

/// The boundary the `upload` target's multipart bodies use.
pub const FUZZ_BOUNDARY: &str = "adal-fuzz-boundary";

/// The upload parsers: the first byte picks the multipart reader of the upload handlers (with
/// a 1 MB limit), the CSV user import, or the client file-name cleaner; the rest is the input.
pub fn upload(bytes: &[u8]) {
    let Some((&selector, rest)) = bytes.split_first() else { return };
    match selector % 3 {
        0 => read_multipart(rest),
        1 => {
            let _ = super::handlers::admin::parse_import(&String::from_utf8_lossy(rest));
        }
        _ => {
            let name = super::handlers::theses::clean_file_name(&String::from_utf8_lossy(rest));
            assert!(!name.contains(['/', '\\']) && !name.chars().any(char::is_control), "{name:?}");
        }
    }
}

fn read_multipart(body: &[u8]) {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else { return };
    runtime.block_on(async {
        let request = Request::builder()
            .method("POST")
            .header("content-type", format!("multipart/form-data; boundary={FUZZ_BOUNDARY}"))
            .body(Body::from(body.to_vec()));
        let Ok(request) = request else { return };
        let Ok(multipart) = Multipart::from_request(request, &()).await else { return };
        let _ = super::handlers::theses::read_upload(multipart, 1_000_000).await;
    });
}
