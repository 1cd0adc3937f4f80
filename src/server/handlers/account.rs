//! Login, logout, the caller's own account and API tokens for scripts.

use super::ErrorAnswer;
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
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

pub use crate::http::login::{client_ip, LoginRequest, LOGIN_BODY_LIMIT_BYTES, MAX_EMAIL_CHARS};

/// The caller and, for cookie sessions, the CSRF token changes must send (`X-CSRF-Token`).
#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionAnswer {
    pub user: UserView,
    pub csrf_token: Option<String>,
}

/// Log in with e-mail and password
///
/// Rate-limited per e-mail and per address; sets the HttpOnly session cookie and answers the
/// user and the session's CSRF token.
#[utoipa::path(post, path = "/api/login", tag = "account", request_body = LoginRequest, security(()),
    responses((status = 200, body = SessionAnswer), (status = "default", body = ErrorAnswer)))]
pub async fn login(
    State(state): State<AppState>,
    connect_info: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    let ip = client_ip(&state, connect_info, &headers);
    let started = login::start_session(&state, ip, request).await?;
    let body = SessionAnswer { user: UserView::from(&started.user), csrf_token: Some(started.csrf_token) };
    Ok(([(header::SET_COOKIE, started.cookie)], Json(body)).into_response())
}

/// End the session
#[utoipa::path(post, path = "/api/logout", tag = "account",
    responses((status = 204), (status = "default", body = ErrorAnswer)))]
pub async fn logout(
    State(state): State<AppState>,
    _current: CurrentUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let cookie = login::end_session(&state, &headers).await?;
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

/// The caller and the session's CSRF token
#[utoipa::path(get, path = "/api/me", tag = "account",
    responses((status = 200, body = SessionAnswer), (status = "default", body = ErrorAnswer)))]
pub async fn me(State(state): State<AppState>, current: CurrentUser) -> Json<SessionAnswer> {
    let csrf_token = current.csrf_token(&state);
    Json(SessionAnswer { user: UserView::from(&current.user), csrf_token })
}

fn own_tokens_target(current: &CurrentUser) -> AccessTarget {
    AccessTarget::User(UserRef::from(&current.user))
}

/// An API token without its secret.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenView {
    pub id: u64,
    pub label: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked: bool,
}

/// The caller's API tokens.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TokensAnswer {
    pub tokens: Vec<TokenView>,
}

/// The caller's API tokens (without their secrets)
#[utoipa::path(get, path = "/api/tokens", tag = "account",
    responses((status = 200, body = TokensAnswer), (status = "default", body = ErrorAnswer)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<TokensAnswer>, ApiError> {
    authorize(&current.user, Action::ManageApiTokens, &own_tokens_target(&current))?;
    let tokens = state.store.api_tokens_of(current.user.id)?;
    let tokens = tokens
        .into_iter()
        .filter(|token| token.purpose == crate::records::TokenPurpose::Api)
        .map(|token| TokenView {
            id: token.id,
            label: token.label,
            created_at: token.created_at,
            expires_at: token.expires_at,
            revoked: token.revoked,
        })
        .collect();
    Ok(Json(TokensAnswer { tokens }))
}

/// How long an API token lives when the request names no lifetime.
pub const DEFAULT_TOKEN_DAYS: u32 = 90;
/// The longest lifetime an API token may have.
pub const MAX_TOKEN_DAYS: u32 = 365;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewTokenRequest {
    pub label: String,
    pub expires_in_days: Option<u32>,
}

/// A new API token; its secret is shown this once.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewTokenAnswer {
    pub id: u64,
    pub label: String,
    /// Send it as `Authorization: Bearer …`.
    pub token: String,
    pub expires_at: Option<i64>,
}

/// Create an API token (shown once); use it as Authorization: Bearer
#[utoipa::path(post, path = "/api/tokens", tag = "account", request_body = NewTokenRequest,
    responses((status = 201, body = NewTokenAnswer), (status = "default", body = ErrorAnswer)))]
pub async fn create_token(
    State(state): State<AppState>,
    current: CurrentUser,
    Json(request): Json<NewTokenRequest>,
) -> Result<(StatusCode, Json<NewTokenAnswer>), ApiError> {
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
    let body = NewTokenAnswer { id: record.id, label: record.label, token, expires_at: record.expires_at };
    Ok((StatusCode::CREATED, Json(body)))
}

/// Revoke an API token
#[utoipa::path(delete, path = "/api/tokens/{id}", tag = "account", params(("id" = u64, Path)),
    responses((status = 204), (status = "default", body = ErrorAnswer)))]
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

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordChangeRequest {
    pub current_password: String,
    pub new_password: String,
}

/// Change one's password
///
/// The current password is needed; every session and API token of the account ends.
#[utoipa::path(post, path = "/api/me/password", tag = "account", request_body = PasswordChangeRequest,
    responses((status = 204), (status = "default", body = ErrorAnswer)))]
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

/// A one-time password link; the token is shown this once.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ResetLinkAnswer {
    pub token: String,
    /// `/reset/{token}`.
    pub path: String,
    pub valid_hours: i64,
}

/// A one-time link for the user to set a new password (admin; 72 hours)
#[utoipa::path(post, path = "/api/users/{id}/reset-link", tag = "users", params(("id" = u64, Path)),
    responses((status = 201, body = ResetLinkAnswer), (status = "default", body = ErrorAnswer)))]
pub async fn reset_link(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(user_id): Path<u64>,
) -> Result<(StatusCode, Json<ResetLinkAnswer>), ApiError> {
    let token = state
        .run(move |services| crate::app::accounts::issue_password_reset(services, &current.user, user_id))
        .await?;
    let path = format!("/reset/{token}");
    let body = ResetLinkAnswer { token, path, valid_hours: crate::app::accounts::RESET_LINK_HOURS };
    Ok((StatusCode::CREATED, Json(body)))
}
