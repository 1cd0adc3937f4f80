//! Who is calling: the session cookie or an `Authorization: Bearer` API token, and the CSRF
//! rule for cookie sessions.
//!
//! - Bearer-token requests need no CSRF token (a browser never sends the header by itself).
//! - Cookie-session requests that change something (`POST`, `PUT`, `PATCH`, `DELETE`) need the
//!   session's CSRF token in the `X-CSRF-Token` header; multipart form posts may send it as the
//!   `csrf_token` field instead, and so may the plain url-encoded forms of the pages; the
//!   handlers taking [`FormUser`] verify it.
//!
//! Access itself is never decided here: handlers call `auth::authorize`.

use super::error::ApiError;
use super::state::AppState;
use crate::auth::{csrf_token, hash_token, verify_csrf_token};
use crate::pipeline::thesis::now_ms;
use crate::store::User;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "adal_session";
/// The CSRF header's name.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The value of a cookie of the request.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|value| value.to_str().ok()).find_map(|cookies| {
        cookies.split(';').find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| value.trim().to_string())
        })
    })
}

/// The `Set-Cookie` value of a new session.
pub fn session_cookie(session_id: &str, max_age_secs: u64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn expired_session_cookie(secure: bool) -> String {
    session_cookie("", 0, secure)
}

/// How the caller authenticated.
#[derive(Clone, Debug)]
pub enum Credentials {
    Session { session_id: String },
    ApiToken,
}

/// The authenticated caller of a request whose CSRF check (if any) passed.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: User,
    pub credentials: Credentials,
}

impl CurrentUser {
    /// The CSRF token of the caller's session, if they use one.
    pub fn csrf_token(&self, state: &AppState) -> Option<String> {
        match &self.credentials {
            Credentials::Session { session_id } => Some(csrf_token(&state.csrf_secret, session_id)),
            Credentials::ApiToken => None,
        }
    }
}

/// The caller of a multipart form post: the CSRF token may still have to be checked against
/// the form's `csrf_token` field with [`FormUser::verify_form_token`].
#[derive(Clone, Debug)]
pub struct FormUser {
    pub current: CurrentUser,
    header_verified: bool,
}

impl FormUser {
    /// Checks the form's CSRF field unless the header or a bearer token already settled it.
    pub fn verify_form_token(&self, state: &AppState, field: Option<&str>) -> Result<(), ApiError> {
        match (&self.current.credentials, self.header_verified) {
            (Credentials::ApiToken, _) | (_, true) => Ok(()),
            (Credentials::Session { session_id }, false) => match field {
                Some(token) if verify_csrf_token(&state.csrf_secret, session_id, token) => Ok(()),
                _ => Err(ApiError::CsrfRejected),
            },
        }
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::trim)
}

fn changes_something(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Authenticates a request; `Ok((user, header_verified))`.
fn authenticate(parts: &Parts, state: &AppState) -> Result<(CurrentUser, bool), ApiError> {
    let now = now_ms();
    if let Some(token) = bearer_token(&parts.headers) {
        let token = state.store.api_token(&hash_token(token), now)?.ok_or(ApiError::Unauthenticated)?;
        let user = state.store.user(token.user).map_err(|_| ApiError::Unauthenticated)?;
        if token.purpose != crate::records::TokenPurpose::Api
            || token.created_at < user.credentials_valid_from
        {
            return Err(ApiError::Unauthenticated);
        }
        return Ok((CurrentUser { user, credentials: Credentials::ApiToken }, true));
    }
    let session_id = cookie_value(&parts.headers, SESSION_COOKIE).ok_or(ApiError::Unauthenticated)?;
    let session = state.store.session(&hash_token(&session_id), now)?.ok_or(ApiError::Unauthenticated)?;
    let user = state.store.user(session.user).map_err(|_| ApiError::Unauthenticated)?;
    if session.created_at < user.credentials_valid_from {
        return Err(ApiError::Unauthenticated);
    }
    let header_verified = match parts.headers.get(CSRF_HEADER).and_then(|value| value.to_str().ok()) {
        Some(token) => {
            if !verify_csrf_token(&state.csrf_secret, &session_id, token) {
                return Err(ApiError::CsrfRejected);
            }
            true
        }
        None => !changes_something(&parts.method),
    };
    Ok((CurrentUser { user, credentials: Credentials::Session { session_id } }, header_verified))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (current, header_verified) = authenticate(parts, state)?;
        if !header_verified {
            return Err(ApiError::CsrfRejected);
        }
        Ok(current)
    }
}

impl FromRequestParts<AppState> for FormUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (current, header_verified) = authenticate(parts, state)?;
        // Browser forms (multipart uploads and the plain forms of the pages) carry the token as
        // a `csrf_token` field, which the handler checks with `verify_form_token`.
        let is_form = parts.headers.get(header::CONTENT_TYPE).is_some_and(|value| {
            let value = value.as_bytes();
            value.starts_with(b"multipart/form-data")
                || value.starts_with(b"application/x-www-form-urlencoded")
        });
        if !header_verified && !is_form {
            return Err(ApiError::CsrfRejected);
        }
        Ok(FormUser { current, header_verified })
    }
}

/// The language of the request, for handlers that render text (HTML reports, job messages).
pub struct RequestLang(pub crate::model::UiLang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLang(super::error::request_lang(parts.uri.query(), &parts.headers)))
    }
}
