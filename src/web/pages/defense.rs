//! The attestation's pages for students and appeal commissions (issue #18): a thesis's defense —
//! its time once published, the student's request to move it for a valid reason, the result,
//! the appeal deadline and the appeal form (`/theses/{id}/defense`) — and the appeals queue with the appeal commission's meeting and
//! decision forms (`/appeals`).

use crate::app;
use crate::app::absences::AbsenceView;
use crate::app::appeals::AppealView;
use crate::auth::{authorize, AccessTarget, Action, CommissionRef};
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::web::Page;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use serde_json::json;

/// `GET /theses/{id}/defense`: the defense, its result and the appeal.
pub async fn defense(State(state): State<AppState>, page: Page, Path(thesis): Path<u64>) -> Response {
    let result = (|| {
        let current = page.user()?;
        let thesis_record = app::access::visible_thesis(&state, &current.user, thesis)?;
        let view = app::schedules::defense_of_thesis(&state, &current.user, thesis).ok();
        let appeal = app::appeals::appeal_for(&state, &current.user, thesis)
            .ok()
            .map(|appeal| AppealView::of(&state, &appeal));
        let may_appeal = view.as_ref().is_some_and(|view| view.appeal_deadline.is_some())
            && appeal.is_none()
            && app::access::authorize_on_thesis(&current.user, Action::FileAppeal, &thesis_record).is_ok();
        let state_label = view.as_ref().map(|view| super::attestation::state_label(page.lang, view.state));
        let absence = app::absences::absence_for(&state, &current.user, thesis)
            .ok()
            .map(|request| AbsenceView::of(&state, &request));
        let may_request_absence =
            view.as_ref().is_some_and(|view| view.state == "scheduled" && view.date.is_some())
                && absence.as_ref().is_none_or(|absence| absence.state != "waiting")
                && app::access::authorize_on_thesis(&current.user, Action::RequestAbsence, &thesis_record)
                    .is_ok();
        let context = json!({
            "thesis": { "id": thesis, "title": thesis_record.title }, "state_label": state_label,
            "defense": view, "appeal": appeal, "may_appeal": may_appeal,
            "absence": absence, "may_request_absence": may_request_absence,
            "rules": defense_rules(&state, page.lang)?,
        });
        page.render(&state, "defense.html", context)
    })();
    page.finish(result)
}

/// The rules a student reads before the defense, with the institution's appeal window.
fn defense_rules(state: &AppState, lang: crate::model::UiLang) -> Result<String, ApiError> {
    let days = state.store.settings()?.appeal_window_working_days.to_string();
    Ok(crate::messages::msg_with(lang, "defense_rules", &[("days", &days)]))
}

/// The appeal form.
#[derive(Deserialize)]
pub struct AppealForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub reason: String,
}

/// `POST /theses/{id}/appeal`: the student's appeal, then back to the defense page.
pub async fn file(
    State(state): State<AppState>,
    page: Page,
    Path(thesis): Path<u64>,
    Form(form): Form<AppealForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let reason = form.reason;
        state
            .run(move |services| app::appeals::file_appeal(services, &current.user, thesis, &reason))
            .await?;
        Ok(Redirect::to(&format!("/theses/{thesis}/defense")).into_response())
    }
    .await;
    page.finish(result)
}

/// `POST /theses/{id}/absence` (multipart `reason`, `file`, without JavaScript): the student's
/// request to the chair with its supporting document, then back to the defense page.
pub async fn request_absence(
    State(state): State<AppState>,
    page: Page,
    Path(thesis): Path<u64>,
    multipart: axum::extract::Multipart,
) -> Response {
    let result = async {
        let form_user = page.form_user()?;
        let user = form_user.current.user.clone();
        let (file, fields) =
            crate::http::upload::read_upload(multipart, state.config.max_upload_bytes).await?;
        form_user.verify_form_token(&state, fields.get("csrf_token").map(String::as_str))?;
        let (file_name, bytes) = file.unwrap_or_default();
        let upload = app::theses::UploadedFile { file_name, bytes };
        let reason = fields.get("reason").cloned().unwrap_or_default();
        let filed =
            move |services: &_| app::absences::request_absence(services, &user, thesis, &reason, upload);
        state.run(filed).await?;
        Ok(Redirect::to(&format!("/theses/{thesis}/defense?flash=absence_requested#absence")).into_response())
    }
    .await;
    page.finish(result)
}

/// `GET /appeals`: the appeals the caller sees, with the forms for those they hear.
pub async fn queue(State(state): State<AppState>, page: Page) -> Response {
    let result = (|| {
        let current = page.user()?;
        let appeals = app::appeals::appeals_for(&state, &current.user)?;
        let rows: Vec<serde_json::Value> = appeals
            .iter()
            .map(|appeal| {
                let hears = state.store.commission(appeal.appeal_commission).is_ok_and(|commission| {
                    let target = AccessTarget::Commission(CommissionRef::from(&commission));
                    commission.seat_of(current.user.id).is_some()
                        && authorize(&current.user, Action::HearAppeal, &target).is_ok()
                });
                json!({ "appeal": AppealView::of(&state, appeal), "hears": hears })
            })
            .collect();
        page.render(&state, "appeals.html", json!({ "appeals": rows }))
    })();
    page.finish(result)
}

/// A form with only the CSRF token.
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf_token: String,
}

/// `POST /appeals/{thesis}/meeting`.
pub async fn meeting(
    State(state): State<AppState>,
    page: Page,
    Path(thesis): Path<u64>,
    Form(form): Form<TokenForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        state.run(move |services| app::appeals::record_meeting(services, &current.user, thesis)).await?;
        Ok(Redirect::to(&format!("/appeals#appeal-{thesis}")).into_response())
    }
    .await;
    page.finish(result)
}

/// The decision form: an empty grade keeps the grade.
#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub changed_percent: String,
}

/// `POST /appeals/{thesis}/decision`.
pub async fn decision(
    State(state): State<AppState>,
    page: Page,
    Path(thesis): Path<u64>,
    Form(form): Form<DecisionForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let text = form.changed_percent.trim().to_string();
        let changed = if text.is_empty() {
            None
        } else {
            Some(text.parse::<u8>().map_err(|_| {
                ApiError::invalid("bad_request", const { crate::messages::text("bad_request") })
            })?)
        };
        state.run(move |services| app::appeals::decide(services, &current.user, thesis, changed)).await?;
        Ok(Redirect::to(&format!("/appeals#appeal-{thesis}")).into_response())
    }
    .await;
    page.finish(result)
}
