//! Login, logout, the caller's own account and API tokens for scripts.

use super::UserView;
use crate::auth::{authorize, hash_token, new_api_token};
use crate::auth::{AccessTarget, Action, UserRef};
use crate::http::error::ApiError;
use crate::http::login;
use crate::http::session::CurrentUser;
use crate::http::state::AppState;
use crate::pipeline::thesis::now_ms;
use crate::store::Actor;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use std::net::SocketAddr;

pub use crate::http::login::{client_ip, LoginRequest, LOGIN_BODY_LIMIT_BYTES, MAX_EMAIL_CHARS};

/// `POST /api/login`: checks the password (rate-limited per e-mail and per address) and starts
/// a session cookie; answers the user and the session's CSRF token.
pub async fn login(
    State(state): State<AppState>,
    connect_info: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    let ip = client_ip(&state, connect_info, &headers);
    let started = login::start_session(&state, ip, request).await?;
    let body = serde_json::json!({ "user": UserView::from(&started.user), "csrf_token": started.csrf_token });
    Ok(([(header::SET_COOKIE, started.cookie)], Json(body)).into_response())
}

/// `POST /api/logout`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    _current: CurrentUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let cookie = login::end_session(&state, &headers).await?;
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

/// `GET /api/me`: the caller and, for cookie sessions, the CSRF token.
pub async fn me(State(state): State<AppState>, current: CurrentUser) -> Json<serde_json::Value> {
    let csrf = current.csrf_token(&state);
    Json(serde_json::json!({ "user": UserView::from(&current.user), "csrf_token": csrf }))
}

fn own_tokens_target(current: &CurrentUser) -> AccessTarget {
    AccessTarget::User(UserRef::from(&current.user))
}

/// `GET /api/tokens`: the caller's API tokens (without their secrets).
pub async fn list_tokens(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    authorize(&current.user, Action::ManageApiTokens, &own_tokens_target(&current))?;
    let tokens = state.store.api_tokens_of(current.user.id)?;
    let views: Vec<_> = tokens
        .iter()
        .filter(|token| token.purpose == crate::records::TokenPurpose::Api)
        .map(|token| {
            serde_json::json!({
                "id": token.id, "label": token.label, "created_at": token.created_at,
                "expires_at": token.expires_at, "revoked": token.revoked,
            })
        })
        .collect();
    Ok(Json(serde_json::json!({ "tokens": views })))
}

/// How long an API token lives when the request names no lifetime.
pub const DEFAULT_TOKEN_DAYS: u32 = 90;
/// The longest lifetime an API token may have.
pub const MAX_TOKEN_DAYS: u32 = 365;

#[derive(Deserialize)]
pub struct NewTokenRequest {
    pub label: String,
    pub expires_in_days: Option<u32>,
}

/// `POST /api/tokens`: a new API token, shown once.
pub async fn create_token(
    State(state): State<AppState>,
    current: CurrentUser,
    Json(request): Json<NewTokenRequest>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    authorize(&current.user, Action::ManageApiTokens, &own_tokens_target(&current))?;
    let label = super::fields::line("label", &request.label, super::fields::MAX_LABEL_CHARS)?;
    let user_id = current.user.id;
    let (token, record) = state
        .blocking(move |state| {
            let now = now_ms();
            let token = new_api_token().map_err(ApiError::internal)?;
            let days = request.expires_in_days.unwrap_or(DEFAULT_TOKEN_DAYS).clamp(1, MAX_TOKEN_DAYS);
            let expires_at = Some(now + i64::from(days) * 86_400_000);
            let record =
                state.store.create_api_token(user_id, &label, &hash_token(&token), expires_at, now)?;
            Ok((token, record))
        })
        .await?;
    let body = serde_json::json!({ "id": record.id, "label": record.label, "token": token, "expires_at": record.expires_at });
    Ok((StatusCode::CREATED, Json(body)))
}

/// `DELETE /api/tokens/{id}`: revokes one of the caller's tokens.
pub async fn revoke_token(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(token_id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    authorize(&current.user, Action::ManageApiTokens, &own_tokens_target(&current))?;
    let owns = state.store.api_tokens_of(current.user.id)?.iter().any(|token| token.id == token_id);
    if !owns {
        return Err(ApiError::NotFound);
    }
    let actor = Actor::User(current.user.id);
    state.blocking(move |state| Ok(state.store.revoke_api_token(token_id, actor, now_ms())?)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct PasswordChangeRequest {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /api/me/password`: the caller's new password (the current one needed); every session
/// and API token of the account ends.
pub async fn change_password(
    State(state): State<AppState>,
    current: CurrentUser,
    Json(request): Json<PasswordChangeRequest>,
) -> Result<StatusCode, ApiError> {
    let new_password = crate::app::accounts::NewPassword {
        password: request.new_password.clone(),
        repeated: request.new_password,
    };
    let current_password = request.current_password;
    state
        .run(move |services| {
            crate::app::accounts::change_own_password(
                services,
                &current.user,
                &current_password,
                new_password,
            )
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/users/{id}/reset-link` (admin): a one-time link (`/reset/{token}`, 72 hours) for
/// the user to set a new password; the token is shown once.
pub async fn reset_link(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(user_id): Path<u64>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let token = state
        .run(move |services| crate::app::accounts::issue_password_reset(services, &current.user, user_id))
        .await?;
    let body = serde_json::json!({ "token": token, "path": format!("/reset/{token}"),
                                   "valid_hours": crate::app::accounts::RESET_LINK_HOURS });
    Ok((StatusCode::CREATED, Json(body)))
}
