//! Account pages: one's own account with the password change (the current password needed),
//! the one-time link page where a user sets a new password, and the admin's user management
//! (create a user, hand out a reset link, switch an account off and on). Every change is an
//! `app::accounts` or `app::users` function.

use crate::app;
use crate::app::accounts::NewPassword;
use crate::app::users::NewUserInput;
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::store::Role;
use crate::web::render::role_label;
use crate::web::Page;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use serde_json::{json, Value};

fn account_context(page: &Page, error: Option<String>) -> Result<Value, ApiError> {
    let user = &page.user()?.user;
    Ok(json!({
        "account": { "name": user.name, "email": user.email, "role": role_label(page.lang, user.role),
                     "faculty": user.faculty.clone().unwrap_or_else(|| "—".to_string()) },
        "error": error,
    }))
}

/// `GET /account`: the visitor's account and the password form.
pub async fn account(State(state): State<AppState>, page: Page) -> Response {
    let result =
        account_context(&page, None).and_then(|context| page.render(&state, "account.html", context));
    page.finish(result)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

/// `POST /account/password`: a new password; every session of the account ends, so the visitor
/// logs in again. A refusal shows the form again with the reason.
pub async fn change_password(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<PasswordForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let new_password = NewPassword { password: form.new_password, repeated: form.repeat_password };
        let (user, current_password) = (current.user.clone(), form.current_password);
        let change = move |services: &_| {
            app::accounts::change_own_password(services, &user, &current_password, new_password)
        };
        match state.run(change).await {
            Ok(_) => Ok(Redirect::to("/login?flash=password_changed").into_response()),
            Err(error @ ApiError::Invalid { .. }) => {
                let context = account_context(&page, Some(error.message(page.lang)))?;
                page.render_with_status(&state, StatusCode::UNPROCESSABLE_ENTITY, "account.html", context)
            }
            Err(error) => Err(error),
        }
    }
    .await;
    page.finish(result)
}

/// `GET /reset/{token}`: the form that sets a new password with a one-time link.
pub async fn reset_form(State(state): State<AppState>, page: Page, Path(token): Path<String>) -> Response {
    let result = async {
        let found = {
            let token = token.clone();
            state.run(move |services| app::accounts::reset_link_user(services, &token)).await
        };
        let context = match found {
            Ok(user) => json!({ "name": user.name, "token": token, "error": null, "valid": true }),
            Err(error) => {
                json!({ "name": "", "token": "", "error": error.message(page.lang), "valid": false })
            }
        };
        page.render(&state, "reset.html", context)
    }
    .await;
    page.finish(result)
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

/// `POST /reset/{token}`: sets the password and uses the link up. (The link itself is the
/// secret, so the form needs no session.)
pub async fn reset_submit(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
) -> Response {
    let result = async {
        let new_password = NewPassword { password: form.new_password, repeated: form.repeat_password };
        let link = token.clone();
        match state.run(move |services| app::accounts::reset_password(services, &link, new_password)).await {
            Ok(_) => Ok(Redirect::to("/login?flash=password_set").into_response()),
            Err(error @ ApiError::Invalid { .. }) => {
                let valid = error.code() != "reset_link_invalid";
                let context = json!({ "name": "", "token": if valid { token } else { String::new() },
                                      "error": error.message(page.lang), "valid": valid });
                page.render_with_status(&state, StatusCode::UNPROCESSABLE_ENTITY, "reset.html", context)
            }
            Err(error) => Err(error),
        }
    }
    .await;
    page.finish(result)
}

/// The address of a reset link as the admin's browser reached this server.
fn reset_link(headers: &HeaderMap, secure: bool, token: &str) -> String {
    let host =
        headers.get(axum::http::header::HOST).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let scheme = if secure { "https" } else { "http" };
    if host.is_empty() {
        format!("/reset/{token}")
    } else {
        format!("{scheme}://{host}/reset/{token}")
    }
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    faculty: String,
}

impl NewUserForm {
    /// The new user the form describes (a student unless a known role is chosen).
    fn input(&self) -> NewUserInput {
        NewUserInput {
            name: self.name.clone(),
            email: self.email.clone(),
            role: Role::from_code(&self.role).unwrap_or(Role::Student),
            faculty: Some(self.faculty.clone()).filter(|faculty| !faculty.trim().is_empty()),
            department: None,
            supervisor: None,
            password: None,
        }
    }
}

/// `POST /staff/users/create` (admin): a new user without a password, and a one-time link for
/// them to set one, shown once on the users page.
pub async fn create_user(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Form(form): Form<NewUserForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let input = form.input();
        let (user, token) = state
            .run(move |services| app::accounts::create_user_with_reset_link(services, &current.user, input))
            .await?;
        let link = reset_link(&headers, state.config.secure_cookies, &token);
        let mut context = super::staff::users_context(&state, &page).await?;
        context["reset"] = json!({ "name": user.name, "link": link });
        page.render(&state, "users.html", context)
    }
    .await;
    page.finish(result)
}

/// `POST /staff/users/{id}/reset` (admin): a one-time link for the user to set a new password.
pub async fn reset_link_for(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Path(user_id): Path<u64>,
    Form(form): Form<super::CsrfForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let token = state
            .run(move |services| app::accounts::issue_password_reset(services, &current.user, user_id))
            .await?;
        let name = state.store.user(user_id)?.name;
        let link = reset_link(&headers, state.config.secure_cookies, &token);
        let mut context = super::staff::users_context(&state, &page).await?;
        context["reset"] = json!({ "name": name, "link": link });
        page.render(&state, "users.html", context)
    }
    .await;
    page.finish(result)
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    active: String,
}

/// `POST /staff/users/{id}/active` (admin): switches an account off (its sessions and tokens
/// end) or on.
pub async fn set_active(
    State(state): State<AppState>,
    page: Page,
    Path(user_id): Path<u64>,
    Form(form): Form<ActiveForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let active = form.active == "true";
        state
            .run(move |services| app::accounts::set_active(services, &current.user, user_id, active))
            .await?;
        let flash = if active { "user_activated" } else { "user_deactivated" };
        Ok(Redirect::to(&format!("/staff/users?flash={flash}")).into_response())
    }
    .await;
    page.finish(result)
}
