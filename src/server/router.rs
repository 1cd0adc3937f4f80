//! The routes of the service and the layers around them: error localization, security headers,
//! body size limit and request timeout. Every route here is listed in `openapi.rs` (a test
//! checks it).

use super::error::localize_errors;
use super::handlers::{account, admin, corpus, jobs, reports, theses};
use super::state::AppState;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{delete, get, patch, post};
use axum::Router;
use std::time::Duration;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// Multipart framing around an upload, on top of the file size limit.
const MULTIPART_OVERHEAD_BYTES: u64 = 1_000_000;

/// The whole HTTP API.
pub fn router(state: AppState) -> Router {
    let body_limit = (state.config.max_upload_bytes + MULTIPART_OVERHEAD_BYTES) as usize;
    let timeout = Duration::from_secs(state.config.request_timeout_secs.max(1));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(super::openapi::openapi_json))
        .route("/api/login", post(account::login))
        .route("/api/logout", post(account::logout))
        .route("/api/me", get(account::me))
        .route("/api/tokens", get(account::list_tokens).post(account::create_token))
        .route("/api/tokens/{id}", delete(account::revoke_token))
        .route("/api/theses", get(theses::list).post(theses::create))
        .route("/api/theses/{id}", get(theses::detail))
        .route("/api/theses/{id}/versions", post(theses::upload_version))
        .route("/api/theses/{id}/decision", post(theses::decide))
        .route("/api/theses/{id}/admit", post(theses::admit))
        .route("/api/theses/{id}/exclusions", post(reports::exclude))
        .route("/api/versions/{id}/report", get(reports::report_json))
        .route("/api/versions/{id}/report.html", get(reports::report_html))
        .route("/api/admission-list", get(reports::admission_list))
        .route("/api/admission-list.csv", get(reports::admission_list_csv))
        .route("/api/corpus", get(corpus::list).post(corpus::upload))
        .route("/api/corpus/search", get(corpus::search))
        .route("/api/corpus/{id}", delete(corpus::remove))
        .route("/api/corpus/{id}/template", post(corpus::mark_template))
        .route("/api/rescans", post(jobs::start_rescan))
        .route("/api/rescans/{id}/summary.csv", get(jobs::rescan_summary_csv_handler))
        .route("/api/jobs", get(jobs::list))
        .route("/api/jobs/{id}", get(jobs::job))
        .route("/api/users", get(admin::list_users).post(admin::create_user))
        .route("/api/users/{id}", patch(admin::update_user))
        .route("/api/users/import", post(admin::import_users))
        .route("/api/settings", get(admin::get_settings).put(admin::put_settings))
        .route("/api/audit", get(admin::audit))
        .merge(crate::web::router())
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(RequestBodyTimeoutLayer::new(timeout))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(middleware::from_fn(localize_errors))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// `GET /healthz`: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Headers every response carries: no MIME sniffing, no framing, no referrer, no caching of
/// personal data unless the handler chose its caching (static assets); a strict CSP unless the
/// handler set its own (the HTML report, the pages of `crate::web`).
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    response
}
