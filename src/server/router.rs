//! The routes of the service and the layers around them: error localization, security headers,
//! body size limit, request timeout, and a panic guard that turns a panicking handler into the
//! generic localized 500 (the panic message goes to the log, never to the client). Every route
//! here is listed in `openapi.rs` (a test checks it); the pages of `crate::web` are merged in.

use super::handlers::{
    absences, account, admin, appeals, commissions, corpus, documents, grading, jobs, protocols, reports,
    schedules, theses,
};
use crate::http::error::localize_errors;
use crate::http::error::ApiError;
use crate::http::state::AppState;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post, put};
use axum::Router;
use std::time::Duration;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// Multipart framing around an upload, on top of the file size limit.
const MULTIPART_OVERHEAD_BYTES: u64 = 1_000_000;

/// The largest body of every route that takes no file: JSON requests and plain forms. Routes
/// that take a file raise it to the upload limit ([`upload_body_limit`]); the login routes
/// lower it to [`account::LOGIN_BODY_LIMIT_BYTES`].
pub const JSON_BODY_LIMIT_BYTES: usize = 64 * 1024;

/// The body limit of the routes that take a file (uploads, corpus documents, user imports).
pub fn upload_body_limit(max_upload_bytes: u64) -> DefaultBodyLimit {
    DefaultBodyLimit::max(max_upload_bytes.saturating_add(MULTIPART_OVERHEAD_BYTES) as usize)
}

/// The body limit of the login routes: a body whose declared length is over it is refused from
/// the head (without waiting for it), and a body without a declared length is cut there.
pub fn login_body_limit() -> tower_http::limit::RequestBodyLimitLayer {
    tower_http::limit::RequestBodyLimitLayer::new(account::LOGIN_BODY_LIMIT_BYTES)
}

/// The whole HTTP API.
pub fn router(state: AppState) -> Router {
    let uploads = upload_body_limit(state.config.max_upload_bytes);
    let timeout = Duration::from_secs(state.config.request_timeout_secs.max(1));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(super::openapi::openapi_json))
        .route("/api/login", post(account::login).layer(login_body_limit()))
        .route("/api/logout", post(account::logout))
        .route("/api/me", get(account::me))
        .route("/api/me/password", post(account::change_password))
        .route("/api/tokens", get(account::list_tokens).post(account::create_token))
        .route("/api/tokens/{id}", delete(account::revoke_token))
        .route("/api/theses", get(theses::list).post(theses::create))
        .route("/api/theses/{id}", get(theses::detail))
        .route("/api/theses/{id}/versions", post(theses::upload_version).layer(uploads))
        .route("/api/theses/{id}/decision", post(theses::decide))
        .route("/api/theses/{id}/admit", post(theses::admit))
        .route("/api/theses/{id}/exclusions", post(reports::exclude))
        .route("/api/theses/{id}/documents", get(documents::list))
        .route("/api/theses/{id}/defense", get(schedules::defense))
        .route("/api/theses/{id}/documents/{kind}", get(documents::file).post(documents::add).layer(uploads))
        .route("/api/versions/{id}/report", get(reports::report_json))
        .route("/api/versions/{id}/file", get(reports::original_file))
        .route("/api/versions/{id}/report.html", get(reports::report_html))
        .route("/api/admission-list", get(reports::admission_list))
        .route("/api/admission-list.csv", get(reports::admission_list_csv))
        .route("/api/corpus", get(corpus::list).post(corpus::upload).layer(uploads))
        .route("/api/corpus/search", get(corpus::search))
        .route("/api/corpus/{id}", delete(corpus::remove))
        .route("/api/corpus/{id}/template", post(corpus::mark_template))
        .route("/api/rescans", post(jobs::start_rescan))
        .route("/api/rescans/{id}/summary.csv", get(jobs::rescan_summary_csv_handler))
        .route("/api/jobs", get(jobs::list))
        .route("/api/jobs/{id}", get(jobs::job))
        .route("/api/users", get(admin::list_users).post(admin::create_user))
        .route("/api/users/{id}", patch(admin::update_user))
        .route("/api/users/import", post(admin::import_users).layer(uploads))
        .route("/api/users/{id}/reset-link", post(account::reset_link))
        .route("/api/settings", get(admin::get_settings).put(admin::put_settings))
        .route("/api/audit", get(admin::audit))
        .route("/api/admin/backup", post(admin::backup))
        .route("/api/commissions", get(commissions::list).post(commissions::create))
        .route("/api/commissions/{id}", get(commissions::detail))
        .route("/api/commissions/{id}/seats", put(commissions::assign_seats))
        .route("/api/commissions/{id}/recommendations", put(commissions::recommendations))
        .route("/api/commissions/{id}/schedule", get(schedules::detail).post(schedules::build))
        .route("/api/commissions/{id}/schedule/reschedule", post(schedules::reschedule))
        .route("/api/commissions/{id}/schedule/publish", post(schedules::publish))
        .route("/api/commissions/{id}/schedule.ics", get(schedules::ics))
        .route("/api/commissions/{id}/defenses/{thesis}/grading", get(grading::view))
        .route("/api/commissions/{id}/defenses/{thesis}/held", post(grading::held))
        .route("/api/commissions/{id}/defenses/{thesis}/marks", post(grading::mark))
        .route("/api/commissions/{id}/defenses/{thesis}/vote", post(grading::vote))
        .route("/api/commissions/{id}/defenses/{thesis}/confirm", post(grading::confirm))
        .route("/api/commissions/{id}/results/publish", post(grading::publish))
        .route("/api/commissions/{id}/results/close", post(grading::close))
        .route("/api/commissions/{id}/defenses/{thesis}/protocol.docx", get(protocols::protocol))
        .route("/api/commissions/{id}/report.docx", get(protocols::report))
        .route("/api/commissions/{id}/acts/{number}/docx", get(protocols::act))
        .route("/api/theses/{id}/appeal", get(appeals::detail).post(appeals::file))
        .route("/api/theses/{id}/absence", get(absences::detail).post(absences::request).layer(uploads))
        .route("/api/theses/{id}/absence/file", get(absences::file))
        .route("/api/commissions/{id}/absences/{thesis}/refuse", post(absences::refuse))
        .route("/api/theses/{id}/appeal/meeting", post(appeals::meeting))
        .route("/api/theses/{id}/appeal/decision", post(appeals::decision))
        .route("/api/appeals", get(appeals::list))
        .merge(crate::web::router(uploads))
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT_BYTES))
        .layer(RequestBodyTimeoutLayer::new(timeout))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(catch_panics())
        .layer(middleware::from_fn(localize_errors))
        .layer(middleware::from_fn_with_state(state.config.secure_cookies, security_headers))
        .with_state(state)
}

/// `GET /healthz`: the process answers and can write its data: a small file is written to the
/// file store and read back (503 `unhealthy` when not, e.g. a full disk or a store gone
/// read-only; the detail goes to the log).
#[utoipa::path(get, path = "/healthz", tag = "service", security(()),
    responses((status = 200, description = "The process answers and can write its data"), (status = 503, description = "unhealthy")))]
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    // In the file store's root, where uploads are written (backups copy only hex-named files).
    let probe = state.store.files().root().join(".healthz");
    let written = state
        .blocking(move |_| {
            let stamp = crate::pipeline::thesis::now_ms().to_string();
            std::fs::write(&probe, &stamp)
                .and_then(|()| std::fs::read_to_string(&probe))
                .map_err(|error| ApiError::internal(format!("{}: {error}", probe.display())))
                .and_then(
                    |read| if read == stamp { Ok(()) } else { Err(ApiError::internal("probe mismatch")) },
                )
        })
        .await;
    match written {
        Ok(()) => "ok".into_response(),
        Err(error) => {
            tracing::error!("health check failed: {error:?}");
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, "unhealthy").into_response()
        }
    }
}

/// Headers every response carries: no MIME sniffing, no framing, no referrer, no caching of
/// personal data unless the handler chose its caching (static assets); a strict CSP unless the
/// handler set its own (the HTML report, the pages of `crate::web`). Behind TLS
/// (`secure_cookies`) browsers are also told to use HTTPS only; without TLS the header would be
/// ignored or, worse, lock users out of a plain-HTTP intranet install.
async fn security_headers(State(behind_tls): State<bool>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if behind_tls {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
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

/// The answer to a panicking handler: the generic internal error (localized by
/// `localize_errors`), instead of a dropped connection. The panic message is printed by the
/// panic hook (the log), never sent.
fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("a request handler panicked").into_response()
}

/// The panic guard of the router (tower-http's `CatchPanicLayer`).
pub fn catch_panics(
) -> tower_http::catch_panic::CatchPanicLayer<fn(Box<dyn std::any::Any + Send + 'static>) -> Response> {
    tower_http::catch_panic::CatchPanicLayer::custom(panic_response as fn(_) -> Response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;

    async fn panicking_handler() -> &'static str {
        panic!("secret detail /var/lib/adal/store")
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_the_generic_localized_500() {
        // (Not written as a `.route(` line: the OpenAPI test reads those lines as the API.)
        let routes = Router::new().route("/boom", get(panicking_handler));
        let app = routes.layer(catch_panics()).layer(middleware::from_fn(localize_errors));
        let request = Request::builder().uri("/boom?lang=en").body(Body::empty()).expect("request");
        let response = app.oneshot(request).await.expect("an answer, not a dropped connection");
        assert_eq!(response.status(), axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("internal_error") && text.contains("tell the administrator"), "{text}");
        assert!(!text.contains("secret") && !text.contains("/var/lib"), "{text}");
    }
}
