//! Home (a redirect by role), login and logout pages. Login and logout go through the API's
//! handlers (rate limit, password check, session cookie), the pages only redirect.

use crate::http::error::ApiError;
use crate::http::login::{self, client_ip, LoginRequest};
use crate::http::state::AppState;
use crate::store::Role;
use crate::web::Page;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;

/// `GET /`: the visitor's start page.
pub async fn home(page: Page) -> Response {
    let target = match page.user() {
        Ok(current) => match current.user.role {
            Role::Student => "/theses",
            Role::Supervisor => "/review",
            Role::Staff | Role::Admin => "/staff",
        },
        Err(_) => "/login",
    };
    Redirect::to(target).into_response()
}

/// A local path to go to after logging in: a path of this site with no control characters,
/// white space or backslashes (browsers drop tabs and newlines from a `Location`, so
/// `/\t/evil.example` would become `//evil.example`); anything else goes home.
pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    if local {
        next
    } else {
        "/"
    }
}

/// The cookie holding the login form's nonce (login CSRF: a site cannot log a visitor into an
/// account of its choosing, because it can read neither the cookie nor the form's token).
const LOGIN_NONCE_COOKIE: &str = "adal_login";

/// The form token of a login nonce.
fn login_form_token(state: &AppState, nonce: &str) -> String {
    crate::auth::csrf_token(&state.csrf_secret, &format!("login:{nonce}"))
}

/// Whether the login form's token belongs to the nonce cookie it was issued with.
fn login_token_matches(state: &AppState, headers: &HeaderMap, token: &str) -> bool {
    let nonce = crate::http::session::cookie_value(headers, LOGIN_NONCE_COOKIE).unwrap_or_default();
    !nonce.is_empty() && crate::auth::verify_csrf_token(&state.csrf_secret, &format!("login:{nonce}"), token)
}

/// Renders the login form with a fresh nonce cookie and its token.
fn login_form(
    state: &AppState,
    page: &Page,
    status: StatusCode,
    error: Option<String>,
    email: &str,
    next: &str,
) -> Response {
    let nonce = match crate::auth::new_session_id() {
        Ok(nonce) => nonce,
        Err(error) => return page.finish(Err(ApiError::internal(error))),
    };
    let token = login_form_token(state, &nonce);
    let context = json!({ "error": error, "email": email, "next": safe_next(next), "login_token": token });
    let result = page
        .render_with_status(state, status, "login.html", context)
        .map(|response| with_nonce_cookie(state, response, &nonce));
    page.finish(result)
}

/// `response` with the login form's nonce cookie (two hours, the login path only).
fn with_nonce_cookie(state: &AppState, mut response: Response, nonce: &str) -> Response {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let cookie =
        format!("{LOGIN_NONCE_COOKIE}={nonce}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=7200{secure}");
    if let Ok(value) = header::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `GET /login`.
pub async fn login_page(State(state): State<AppState>, page: Page) -> Response {
    let next = page.next.clone().unwrap_or_else(|| "/".to_string());
    login_form(&state, &page, StatusCode::OK, None, "", &next)
}

#[derive(Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub next: String,
    #[serde(default)]
    pub login_token: String,
}

const LOGIN_FORM_EXPIRED: crate::model::Translated = crate::messages::text("login_form_expired");

/// `POST /login`: the API login; a refusal shows the form again with the reason. The form's
/// token must match the nonce cookie set with the form.
pub async fn login_submit(
    State(state): State<AppState>,
    page: Page,
    connect_info: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if !login_token_matches(&state, &headers, &form.login_token) {
        let message = Some(LOGIN_FORM_EXPIRED.get(page.lang).to_string());
        return login_form(&state, &page, StatusCode::FORBIDDEN, message, &form.email, &form.next);
    }
    let request = LoginRequest { email: form.email.clone(), password: form.password };
    let ip = client_ip(&state, connect_info, &headers);
    match login::start_session(&state, ip, request).await {
        Ok(started) => {
            ([(header::SET_COOKIE, started.cookie)], Redirect::to(safe_next(&form.next))).into_response()
        }
        Err(error @ (ApiError::BadCredentials | ApiError::RateLimited(_))) => {
            let message = Some(error.message(page.lang));
            login_form(&state, &page, error.status(), message, &form.email, &form.next)
        }
        Err(error) => page.finish(Err(error)),
    }
}

/// `POST /logout`: ends the session through the API and goes to the login page.
pub async fn logout(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Form(form): Form<super::CsrfForm>,
) -> Response {
    let result = async {
        page.verified_user(&state, &form.csrf_token)?;
        let cookie = login::end_session(&state, &headers).await?;
        Ok::<_, ApiError>(([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response())
    }
    .await;
    page.finish(result)
}
