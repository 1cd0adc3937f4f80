//! Two small reviewer actions as plain forms: a comment to the student on a thesis
//! (`POST /theses/{id}/comments`) and leaving one passage of the report out or counting it again
//! (`POST /theses/{id}/passages`), each with an optional reason kept in the audit log. Both call
//! the same `app` functions as the JSON API and redirect back.

use crate::app;
use crate::app::access::visible_thesis;
use crate::app::reviews::ExclusionInput;
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::web::Page;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

/// The comment form.
#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub text: String,
}

/// `POST /theses/{id}/comments`: records the comment, then back to the thesis page.
pub async fn comment(
    State(state): State<AppState>,
    page: Page,
    Path(thesis_id): Path<u64>,
    Form(form): Form<CommentForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let text = form.text;
        state
            .run(move |services| app::comments::add_comment(services, &current.user, thesis_id, &text))
            .await?;
        Ok(Redirect::to(&format!("/theses/{thesis_id}?flash=commented")).into_response())
    }
    .await;
    page.finish(result)
}

/// The form of one passage's switch: its number, what to do and the reason.
#[derive(Deserialize)]
pub struct PassageForm {
    #[serde(default)]
    pub csrf_token: String,
    pub passage: u32,
    /// `exclude` or `restore`.
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub reason: String,
}

/// `POST /theses/{id}/passages`: leaves one passage out of the figures or counts it again, then
/// back to the passage in the report.
pub async fn passage(
    State(state): State<AppState>,
    page: Page,
    Path(thesis_id): Path<u64>,
    Form(form): Form<PassageForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let thesis = visible_thesis(&state, &current.user, thesis_id)?;
        let version = thesis.state.current_version().ok_or(ApiError::NotFound)?;
        let mut input = ExclusionInput { reason: form.reason, ..ExclusionInput::default() };
        match form.action.as_str() {
            "restore" => input.restore_passages.push(form.passage),
            _ => input.exclude_passages.push(form.passage),
        }
        state.run(move |services| app::reviews::exclude(services, &current.user, thesis_id, input)).await?;
        let to = format!("/versions/{version}/report?flash=exclusions#pp-{}", form.passage);
        Ok(Redirect::to(&to).into_response())
    }
    .await;
    page.finish(result)
}
