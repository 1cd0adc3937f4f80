//! Logging in and out over HTTP, for the API (`POST /api/login`, `/api/logout`) and the
//! login form alike: the rate-limited password check, the session and its cookie, and the
//! client address a request is counted under.

use super::error::ApiError;
use super::session::{expired_session_cookie, session_cookie, SESSION_COOKIE};
use super::state::AppState;
use crate::auth::{hash_token, new_session_id, verify_login_password};
use crate::pipeline::thesis::now_ms;
use crate::store::{Session, User};
use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use axum::Extension;
use serde::Deserialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// The longest e-mail address a login accepts (RFC 5321's path limit); longer ones are refused
/// before anything is looked up or counted.
pub const MAX_EMAIL_CHARS: usize = 254;

/// The largest body `POST /api/login` and `POST /login` read (the router sets it).
pub const LOGIN_BODY_LIMIT_BYTES: usize = 4096;

/// A session just started: the user, the `Set-Cookie` value and the session's CSRF token.
pub struct StartedSession {
    pub user: User,
    pub cookie: String,
    pub csrf_token: String,
}

/// The client address of a request: the peer, or, when the peer is a trusted reverse proxy,
/// the last address its `X-Forwarded-For` names that is not itself a trusted proxy.
pub fn client_address(peer: IpAddr, headers: &axum::http::HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>();
    forwarded.into_iter().rev().find(|address| !trusted_proxies.contains(address)).unwrap_or(peer)
}

/// The client address a request is counted under: the peer, or behind a trusted reverse proxy
/// the client it names.
pub fn client_ip(
    state: &AppState,
    connect_info: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: &HeaderMap,
) -> IpAddr {
    let peer = connect_info
        .map(|Extension(ConnectInfo(address))| address.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    client_address(peer, headers, &state.config.trusted_proxies)
}

/// Checks the password (rate-limited per e-mail and per address; the attempt is counted before
/// the password is checked) and starts a session. Unknown addresses cost the same password
/// check as known ones.
pub async fn start_session(
    state: &AppState,
    ip: IpAddr,
    request: LoginRequest,
) -> Result<StartedSession, ApiError> {
    if request.email.chars().count() > MAX_EMAIL_CHARS {
        return Err(ApiError::BadCredentials);
    }
    let (user, session_id) = state
        .blocking(move |state| {
            let now = now_ms();
            state.rate_limiter.begin_attempt(&request.email, ip, now).map_err(ApiError::RateLimited)?;
            let user = state.store.user_by_email(&request.email)?;
            let stored_hash = user.as_ref().and_then(|user| user.password_hash.as_deref());
            let password_matches = verify_login_password(&request.password, stored_hash);
            let Some(user) = user.filter(|user| user.active && password_matches) else {
                return Err(ApiError::BadCredentials);
            };
            state.rate_limiter.attempt_succeeded(&request.email, ip, now);
            let session_id = new_session_id().map_err(ApiError::internal)?;
            let hours = i64::from(state.config.session_hours);
            let session = Session { user: user.id, created_at: now, expires_at: now + hours * 3_600_000 };
            state.store.create_session(&hash_token(&session_id), &session, now)?;
            Ok((user, session_id))
        })
        .await?;
    let max_age = u64::from(state.config.session_hours) * 3600;
    let cookie = session_cookie(&session_id, max_age, state.config.secure_cookies);
    let csrf_token = crate::auth::csrf_token(&state.csrf_secret, &session_id);
    Ok(StartedSession { user, cookie, csrf_token })
}

/// Ends the request's cookie session (if it has one); answers the `Set-Cookie` value that
/// removes the cookie.
pub async fn end_session(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    if let Some(session_id) = super::session::cookie_value(headers, SESSION_COOKIE) {
        state.blocking(move |state| Ok(state.store.end_session(&hash_token(&session_id), now_ms())?)).await?;
    }
    Ok(expired_session_cookie(state.config.secure_cookies))
}
