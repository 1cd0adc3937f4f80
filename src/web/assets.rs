//! The stylesheet and the script of the pages, embedded in the binary and served under
//! `/static/` with a content hash in the URL, so browsers may keep them for a year.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;

const APP_CSS: &str = include_str!("static/app.css");
const APP_JS: &str = include_str!("static/app.js");

/// A short content hash of both files: it changes whenever either changes.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let hash = xxhash_rust::xxh3::xxh3_64(format!("{APP_CSS}\u{0}{APP_JS}").as_bytes());
        format!("{:012x}", hash & 0xffff_ffff_ffff)
    })
}

pub fn css_url() -> String {
    format!("/static/app.css?v={}", version())
}

pub fn js_url() -> String {
    format!("/static/app.js?v={}", version())
}

/// `GET /static/{file}`.
pub async fn serve(Path(file): Path<String>) -> Response {
    let (content_type, body) = match file.as_str() {
        "app.css" => ("text/css; charset=utf-8", APP_CSS),
        "app.js" => ("text/javascript; charset=utf-8", APP_JS),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
    ];
    (headers, body).into_response()
}
