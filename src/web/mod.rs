//! The web pages of Adal for students, supervisors and staff, in Kazakh, Russian and English:
//! server-rendered minijinja templates, one stylesheet and one small script served from the
//! binary, and forms that work without JavaScript (plain posts with the CSRF token as a field,
//! then a redirect).
//!
//! - `pages/` holds thin handlers. They never decide access or change a record themselves: they
//!   read through `auth::authorize` and the store the way the API does, and every change goes
//!   through the API handler that does the same change (`server::handlers::*`), so the rules
//!   live in one place.
//! - `i18n` holds the hand-translated messages and the localized dates and numbers.
//! - `assets` serves `/static/app.css` and `/static/app.js` with a content hash in the URL.
//! - Errors are `http::error::ApiError`s; [`Page::finish`] shows them as a localized error page
//!   (or sends an unauthenticated visitor to the login page).
//!
//! Every page carries [`PAGE_CSP`]: no inline script or style, nothing from other hosts.
//!
//! Nothing outside `server` (which merges [`router`]) imports this module.

mod assets;
pub mod i18n;
mod pages;
mod render;

use crate::http::error::{request_lang, ApiError};
use crate::http::session::{CurrentUser, FormUser};
use crate::http::state::AppState;
use crate::model::UiLang;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

pub use render::{render_template, PAGE_CSP};

/// The page routes; `server::router` merges them with the API. `uploads` is the body limit of
/// the forms that take a file.
pub fn router(uploads: axum::extract::DefaultBodyLimit) -> Router<AppState> {
    let login_limit =
        tower_http::limit::RequestBodyLimitLayer::new(crate::http::login::LOGIN_BODY_LIMIT_BYTES);
    Router::new()
        .route("/", get(pages::account::home))
        .route(
            "/login",
            get(pages::account::login_page).post(pages::account::login_submit).layer(login_limit),
        )
        .route("/logout", post(pages::account::logout))
        .route("/theses", get(pages::theses::list).post(pages::theses::create))
        .route("/theses/{id}", get(pages::theses::detail))
        .route("/theses/{id}/history", get(pages::theses::history))
        .route("/theses/{id}/versions", post(pages::theses::upload).layer(uploads))
        .route("/theses/{id}/documents/{kind}", post(pages::documents::upload).layer(uploads))
        .route("/theses/{id}/decision", post(pages::theses::decide))
        .route("/theses/{id}/admit", post(pages::theses::admit))
        .route("/theses/{id}/exclusions", post(pages::report::exclusions))
        .route("/theses/{id}/passages", post(pages::staples::passage))
        .route("/theses/{id}/comments", post(pages::staples::comment))
        .route("/notifications", get(pages::notifications::list))
        .route("/notifications/read", post(pages::notifications::mark_read))
        .route("/versions/{id}/report", get(pages::report::report))
        .route("/review", get(pages::theses::review))
        .route("/staff", get(pages::staff::dashboard))
        .route("/staff/rescans", post(pages::staff::rescan))
        .route("/staff/admission", get(pages::staff::admission))
        .route("/staff/corpus", get(pages::staff::corpus).post(pages::staff::corpus_upload).layer(uploads))
        .route("/staff/corpus/remove", post(pages::staff::corpus_remove))
        .route("/staff/corpus/template", post(pages::staff::corpus_template))
        .route("/staff/users", get(pages::staff::users))
        .route("/staff/users/create", post(pages::accounts::create_user))
        .route("/staff/users/{id}/reset", post(pages::accounts::reset_link_for))
        .route("/staff/users/{id}/active", post(pages::accounts::set_active))
        .route("/account", get(pages::accounts::account))
        .route("/account/password", post(pages::accounts::change_password))
        .route("/reset/{token}", get(pages::accounts::reset_form).post(pages::accounts::reset_submit))
        .route("/staff/users/import", post(pages::staff::users_import).layer(uploads))
        .route("/staff/settings", get(pages::staff::settings).post(pages::staff::settings_submit))
        .route("/attestation", get(pages::attestation::list))
        .route("/attestation/commissions", post(pages::commission::create))
        .route("/commissions/{id}", get(pages::commission::detail))
        .route("/commissions/{id}/seats", post(pages::commission::seats))
        .route("/commissions/{id}/appeal-commission", post(pages::commission::create_appeal))
        .route("/commissions/{id}/schedule", post(pages::commission::build))
        .route("/commissions/{id}/publish", post(pages::commission::publish))
        .route("/commissions/{id}/absence", post(pages::commission::absence))
        .route("/commissions/{id}/sitting", get(pages::attestation::sitting))
        .route("/commissions/{id}/protocols", get(pages::attestation::protocols))
        .route("/commissions/{id}/recommendations", post(pages::attestation::recommendations))
        .route("/commissions/{id}/failure", post(pages::attestation::failure))
        .route("/commissions/{id}/results/publish", post(pages::attestation::publish_results))
        .route("/commissions/{id}/defenses/{thesis}", get(pages::attestation::grading_form))
        .route("/commissions/{id}/defenses/{thesis}/held", post(pages::attestation::held))
        .route("/commissions/{id}/defenses/{thesis}/marks", post(pages::attestation::mark))
        .route("/commissions/{id}/defenses/{thesis}/vote", post(pages::attestation::vote))
        .route("/commissions/{id}/defenses/{thesis}/confirm", post(pages::attestation::confirm))
        .route("/theses/{id}/defense", get(pages::defense::defense))
        .route("/theses/{id}/appeal", post(pages::defense::file))
        .route("/theses/{id}/absence", post(pages::defense::request_absence).layer(uploads))
        .route("/commissions/{id}/absence/refuse", post(pages::commission::refuse_absence))
        .route("/appeals", get(pages::defense::queue))
        .route("/appeals/{thesis}/meeting", post(pages::defense::meeting))
        .route("/appeals/{thesis}/decision", post(pages::defense::decision))
        .route("/static/{file}", get(assets::serve))
        .fallback(not_found)
        .layer(middleware::from_fn(remember_language))
}

/// Unknown addresses: a localized page for people; the API keeps its JSON answer (written by
/// `http::error::localize_errors`).
async fn not_found(page: Page) -> Response {
    if page.path.starts_with("/api/") {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    page.finish(Err(ApiError::NotFound))
}

/// The cookie that keeps the language chosen with `?lang=`.
const LANG_COOKIE_MAX_AGE_SECS: u64 = 365 * 24 * 3600;

/// A `?lang=kk|ru|en` switch is remembered in the `lang` cookie (read by `request_lang`).
async fn remember_language(request: Request, next: Next) -> Response {
    let chosen = request.uri().query().and_then(|query| {
        query.split('&').find_map(|pair| pair.strip_prefix("lang=")).and_then(UiLang::from_code)
    });
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie =
            format!("lang={}; Path=/; Max-Age={LANG_COOKIE_MAX_AGE_SECS}; SameSite=Lax", lang.code());
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// What every page handler knows about its request: the language, the visitor (if logged in),
/// the path and the message to show after a redirect (`?flash=`).
pub struct Page {
    pub lang: UiLang,
    /// The logged-in visitor; the CSRF token of a form post is still to be checked.
    visitor: Option<FormUser>,
    pub path: String,
    pub flash: Option<String>,
    /// Where to go after logging in (`?next=`).
    pub next: Option<String>,
}

impl FromRequestParts<AppState> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = request_lang(parts.uri.query(), &parts.headers);
        let visitor = FormUser::from_request_parts(parts, state).await.ok();
        let query_value = |name: &str| {
            parts.uri.query().and_then(|query| {
                let prefix = format!("{name}=");
                query.split('&').find_map(|pair| pair.strip_prefix(prefix.as_str())).map(encode_path)
            })
        };
        let (flash, next) = (query_value("flash"), query_value("next"));
        Ok(Page { lang, visitor, path: parts.uri.path().to_string(), flash, next })
    }
}

impl Page {
    /// The logged-in visitor, for reading.
    pub fn user(&self) -> Result<&CurrentUser, ApiError> {
        self.visitor.as_ref().map(|visitor| &visitor.current).ok_or(ApiError::Unauthenticated)
    }

    /// The visitor of a form post whose `csrf_token` field is valid.
    pub fn verified_user(&self, state: &AppState, csrf_field: &str) -> Result<CurrentUser, ApiError> {
        let visitor = self.visitor.as_ref().ok_or(ApiError::Unauthenticated)?;
        visitor.verify_form_token(state, Some(csrf_field))?;
        Ok(visitor.current.clone())
    }

    /// The visitor of a multipart post; the API handler it is passed to checks the token field.
    pub fn form_user(&self) -> Result<FormUser, ApiError> {
        self.visitor.clone().ok_or(ApiError::Unauthenticated)
    }

    /// The page, or the error as a page: an unauthenticated visitor goes to the login page.
    pub fn finish(&self, result: Result<Response, ApiError>) -> Response {
        match result {
            Ok(response) => response,
            Err(ApiError::Unauthenticated) => {
                // After logging in, come back to the page (a form's own page, not its action).
                let next = render::back_path(&self.path);
                Redirect::to(&format!("/login?next={}", encode_path(&next))).into_response()
            }
            Err(error) => render::error_page(self, &error),
        }
    }
}

/// A local path for a `next=` or `flash=` parameter (only `/`, letters, digits, `-`, `_` and `.`
/// pass).
fn encode_path(path: &str) -> String {
    path.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.')).collect()
}
