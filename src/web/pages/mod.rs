//! Thin page handlers, one file per area. Each reads through the same `auth::authorize`, store
//! and report functions as the API, and makes every change by calling the `app` function the
//! API calls for it; then it renders a template or redirects.

pub mod account;
pub mod accounts;
pub mod attestation;
pub mod commission;
pub mod defense;
pub mod documents;
pub mod lists;
pub mod notifications;
pub mod report;
pub mod staff;
pub mod staples;
pub mod theses;

use super::i18n::{format_date, format_percent, format_time, msg};
use crate::app::access::may_see_figures;
use crate::model::UiLang;
use crate::store::{CalendarDate, Store, Thesis, User, UserId};
use serde::Deserialize;
use serde_json::{json, Value};

pub use crate::app::thesis_list::similarity_of;

/// A plain form's change: checks the CSRF token, runs `change` for the caller through the
/// application layer, then redirects to the path `to` makes of its answer; a refusal becomes
/// the localized error page.
pub async fn change_and_redirect<T, F, R>(
    state: &crate::http::state::AppState,
    page: &crate::web::Page,
    csrf_token: &str,
    change: F,
    to: R,
) -> axum::response::Response
where
    T: Send + 'static,
    F: FnOnce(&crate::app::Services, &User) -> Result<T, crate::app::AppError> + Send + 'static,
    R: FnOnce(T) -> String,
{
    use axum::response::IntoResponse;
    let result = async {
        let current = page.verified_user(state, csrf_token)?;
        let answer = state.run(move |services| change(services, &current.user)).await?;
        Ok(axum::response::Redirect::to(&to(answer)).into_response())
    }
    .await;
    page.finish(result)
}

/// A planned defense date for people, or a dash.
pub fn date_label(lang: UiLang, date: Option<CalendarDate>) -> String {
    date.map(|date| format_date(lang, date.year, date.month, date.day)).unwrap_or_else(|| "—".to_string())
}

/// The name of a user, or a dash when unknown.
pub fn user_name(store: &Store, id: Option<UserId>) -> String {
    id.and_then(|id| store.user(id).ok()).map(|user| user.name).unwrap_or_else(|| "—".to_string())
}

/// A thesis as the lists show it; the figure only for those who may read the report.
pub fn thesis_row(
    store: &Store,
    viewer: &User,
    thesis: &Thesis,
    lang: UiLang,
    students_see_reports: bool,
) -> Value {
    let similarity = similarity_of(&thesis.state)
        .filter(|_| may_see_figures(viewer, thesis, students_see_reports))
        .map(|value| format_percent(lang, value))
        .unwrap_or_default();
    json!({
        "id": thesis.id, "title": thesis.title, "student_name": user_name(store, Some(thesis.student)),
        "state": thesis.state.name(), "state_label": thesis.state.label().get(lang),
        "similarity": similarity, "planned_defense": date_label(lang, thesis.planned_defense),
        "updated": format_time(lang, thesis.updated_at),
    })
}

/// The CSRF field of a page form.
#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf_token: String,
}

/// A yes/no for people.
pub fn yes_no(lang: UiLang, value: bool) -> &'static str {
    msg(lang, if value { "yes" } else { "no" })
}
