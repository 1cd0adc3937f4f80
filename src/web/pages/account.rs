//! Home (a redirect by role), login and logout pages. Login and logout go through the API's
//! handlers (rate limit, password check, session cookie), the pages only redirect.

use crate::server::error::ApiError;
use crate::server::handlers::account::{self as api, LoginRequest};
use crate::server::state::AppState;
use crate::store::Role;
use crate::web::Page;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
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

/// A local path to go to after logging in (never another host).
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/"
    }
}

/// `GET /login`.
pub async fn login_page(State(state): State<AppState>, page: Page) -> Response {
    let next = page.next.clone().unwrap_or_else(|| "/".to_string());
    let result = page.render(&state, "login.html", json!({ "error": null, "email": "", "next": next }));
    page.finish(result)
}

#[derive(Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub next: String,
}

/// `POST /login`: the API login; a refusal shows the form again with the reason.
pub async fn login_submit(
    State(state): State<AppState>,
    page: Page,
    connect_info: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<LoginForm>,
) -> Response {
    let request = LoginRequest { email: form.email.clone(), password: form.password };
    match api::login(State(state.clone()), connect_info, Json(request)).await {
        Ok(response) => {
            let mut redirect = Redirect::to(safe_next(&form.next)).into_response();
            if let Some(cookie) = response.headers().get(header::SET_COOKIE) {
                redirect.headers_mut().insert(header::SET_COOKIE, cookie.clone());
            }
            redirect
        }
        Err(error @ (ApiError::BadCredentials | ApiError::RateLimited(_))) => {
            let own = json!({ "error": error.message(page.lang), "email": form.email, "next": form.next });
            let result = page.render_with_status(&state, error.status(), "login.html", own);
            page.finish(result)
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
        let current = page.verified_user(&state, &form.csrf_token)?;
        let response = api::logout(State(state.clone()), current, headers).await?;
        let mut redirect = Redirect::to("/login").into_response();
        if let Some(cookie) = response.headers().get(header::SET_COOKIE) {
            redirect.headers_mut().insert(header::SET_COOKIE, cookie.clone());
        }
        Ok::<_, ApiError>(redirect)
    }
    .await;
    page.finish(result)
}
