//! `GET /notifications` (the person's own notifications, newest first, unread ones marked) and
//! `POST /notifications/read` (mark one or all read), over `app::notifications`.

use crate::app;
use crate::http::state::AppState;
use crate::web::i18n::format_time;
use crate::web::Page;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use serde_json::{json, Value};

/// `GET /notifications`.
pub async fn list(State(state): State<AppState>, page: Page) -> Response {
    let result = async {
        let current = page.user()?.clone();
        let lang = page.lang;
        let shown =
            state.run(move |services| app::notifications::list(services, &current.user, lang)).await?;
        let rows: Vec<Value> = shown
            .iter()
            .map(|item| {
                json!({ "id": item.notification.id, "read": item.notification.read,
                        "when": format_time(lang, item.notification.at), "subject": item.text.subject,
                        "body": item.text.body, "link": item.text.link })
            })
            .collect();
        page.render(&state, "notifications.html", json!({ "notifications": rows }))
    }
    .await;
    page.finish(result)
}

/// The form of "mark read": one notification's id, or none for all.
#[derive(Deserialize)]
pub struct ReadForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub id: Option<u64>,
}

/// `POST /notifications/read`.
pub async fn mark_read(State(state): State<AppState>, page: Page, Form(form): Form<ReadForm>) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let only = form.id;
        state.run(move |services| app::notifications::mark_read(services, &current.user, only)).await?;
        Ok(Redirect::to("/notifications").into_response())
    }
    .await;
    page.finish(result)
}
