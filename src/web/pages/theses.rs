//! Thesis pages: the list (a student's own theses, with the form for a new one), a thesis with
//! its status timeline, versions, upload form and decisions, and the supervisor's review queue.
//! Creating, uploading, deciding and admitting call the API handlers that do it.

use super::lists::{filter_form, paging_view};
use super::{date_label, similarity_of, thesis_row, user_name, CsrfForm};
use crate::app;
use crate::app::access::authorize_on_thesis;
use crate::app::comments::Comment;
use crate::app::theses::{DecisionInput, NewThesisInput, UploadedFile, MISSING_FIELD};
use crate::app::thesis_list::{filter_theses, review_queue, ListedThesis, ThesisListQuery};
use crate::app::thesis_page::{
    history_page, thesis_page, timeline, HistoryEntry, ReportAccess, StepStatus, ThesisPage, VersionFacts,
};
use crate::app::views::ExtractionView;
use crate::auth::{thesis_scope, Action};
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::http::upload::read_upload;
use crate::model::{DocLang, UiLang};
use crate::store::{Actor, CalendarDate, Decision, DecisionKind, Role, Thesis};
use crate::web::i18n::{format_percent, format_size, format_time, msg, msg_with};
use crate::web::Page;
use crate::workflow::ThesisState;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use serde_json::{json, Value};

/// The sorts the theses list offers, its default (newest change first) first.
const LIST_SORTS: [&str; 5] = ["updated", "title", "student", "defense", "similarity"];

/// `GET /theses?q=&state=&faculty=&year=&above=&sort=&page=`: the theses the visitor may see,
/// filtered, sorted and paged on the server.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<ThesisListQuery>,
) -> Response {
    let result = (|| {
        let current = page.user()?;
        let visible = state.store.list_theses(&thesis_scope(&current.user))?;
        let filters = filter_form(page.lang, "/theses", &query, &visible, &LIST_SORTS, true);
        let rows = filter_theses(&state.services, &current.user, visible, &query, "updated")?;
        let paged = query.page_of(rows);
        let paging = paging_view(page.lang, &paged, "/theses", &query.params());
        let rows = listed_rows(&state, &page, &paged.items)?;
        let is_student = current.user.role == Role::Student;
        let heading = msg(page.lang, if is_student { "nav_my_theses" } else { "nav_theses" });
        let context = json!({ "heading": heading, "theses": rows, "show_student": !is_student,
                              "can_create": is_student, "filters": filters, "paging": paging });
        page.render(&state, "theses.html", context)
    })();
    page.finish(result)
}

/// The rows of listed theses as the visitor sees them (figures only where they may).
fn listed_rows(state: &AppState, page: &Page, listed: &[ListedThesis]) -> Result<Vec<Value>, ApiError> {
    let current = page.user()?;
    let students_see_reports = state.store.settings()?.students_see_reports;
    Ok(listed
        .iter()
        .map(|row| thesis_row(&state.store, &current.user, &row.thesis, page.lang, students_see_reports))
        .collect())
}

#[derive(Deserialize)]
pub struct NewThesisForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    programme: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    planned_defense: String,
}

/// A `YYYY-MM-DD` date of a form (the API refuses a day that does not exist).
fn parse_date(text: &str) -> Option<CalendarDate> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some(CalendarDate { year, month, day })
}

/// `POST /theses`: a student registers a thesis (the API's `create`).
pub async fn create(State(state): State<AppState>, page: Page, Form(form): Form<NewThesisForm>) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let input = new_thesis_input(form);
        let thesis =
            state.run(move |services| app::theses::create_thesis(services, &current.user, input)).await?;
        Ok(Redirect::to(&format!("/theses/{}?flash=created", thesis.id)).into_response())
    }
    .await;
    page.finish(result)
}

/// What the new-thesis form asks for (the student and supervisor are the API's to decide).
fn new_thesis_input(form: NewThesisForm) -> NewThesisInput {
    let language = match form.language.as_str() {
        "ru" => DocLang::Ru,
        "en" => DocLang::En,
        _ => DocLang::Kk,
    };
    NewThesisInput {
        title: form.title,
        student: None,
        supervisor: None,
        programme: form.programme,
        language: Some(language),
        planned_defense: parse_date(&form.planned_defense),
    }
}

/// The status timeline in the visitor's language.
fn timeline_view(lang: UiLang, facts: &ThesisPage) -> Vec<Value> {
    timeline(facts)
        .into_iter()
        .map(|step| {
            let status_key = match step.status {
                StepStatus::Current => "status_current",
                StepStatus::Pending => "status_pending",
                StepStatus::Done | StepStatus::Returned => "status_done",
            };
            json!({ "label": msg(lang, step.label_key), "status": step.status.name(), "status_label": msg(lang, status_key),
                    "when": step.when.map(|at| format_time(lang, at)), "note": step.note })
        })
        .collect()
}

/// The decision form's context: may the visitor decide now, and the threshold note.
pub fn decision_context(state: &AppState, page: &Page, thesis: &Thesis) -> Result<(bool, String), ApiError> {
    let current = page.user()?;
    let decidable = matches!(thesis.state, ThesisState::Checked { .. } | ThesisState::Cleared { .. });
    let can_decide = decidable && authorize_on_thesis(&current.user, Action::DecideThesis, thesis).is_ok();
    let settings = state.store.settings()?;
    let similarity = similarity_of(&thesis.state).map(|value| format_percent(page.lang, value));
    let note = msg_with(
        page.lang,
        "threshold_note",
        &[
            ("threshold", &format_percent(page.lang, settings.similarity_threshold_percent)),
            ("similarity", similarity.as_deref().unwrap_or("—")),
        ],
    );
    Ok((can_decide, note))
}

/// The thesis fields the pages show.
pub fn thesis_view(state: &AppState, thesis: &Thesis, lang: UiLang, show_figures: bool) -> Value {
    let similarity =
        similarity_of(&thesis.state).filter(|_| show_figures).map(|value| format_percent(lang, value));
    json!({
        "id": thesis.id, "title": thesis.title, "programme": thesis.programme,
        "student_name": user_name(&state.store, Some(thesis.student)),
        "supervisor_name": user_name(&state.store, thesis.supervisor),
        "planned_defense": date_label(lang, thesis.planned_defense),
        "state": thesis.state.name(), "state_label": thesis.state.label().get(lang), "similarity": similarity,
    })
}

/// The decision form's state: the choice made in advance, the text typed, a refusal. Above the
/// threshold nothing is chosen in advance (clearing then needs a justification); a cleared
/// thesis offers returning it.
pub fn decision_form(state: &AppState, thesis: &Thesis) -> Result<Value, ApiError> {
    let settings = state.store.settings()?;
    let above = similarity_of(&thesis.state).is_some_and(|value| settings.needs_justification(value));
    let choice = match thesis.state {
        ThesisState::Cleared { .. } => "return",
        _ if above => "",
        _ => "clear",
    };
    Ok(json!({ "choice": choice, "text": "", "error": null, "above": above }))
}

/// `GET /theses/{id}`.
pub async fn detail(State(state): State<AppState>, page: Page, Path(thesis_id): Path<u64>) -> Response {
    let result = detail_context(&state, &page, thesis_id)
        .and_then(|context| page.render(&state, "thesis.html", context));
    page.finish(result)
}

/// Everything the thesis page shows.
fn detail_context(state: &AppState, page: &Page, thesis_id: u64) -> Result<Value, ApiError> {
    let current = page.user()?;
    let lang = page.lang;
    let facts = thesis_page(state, &current.user, thesis_id)?;
    let thesis = &facts.thesis;
    let (can_decide, threshold_note) = decision_context(state, page, thesis)?;
    let limit = format_size(lang, state.config.max_upload_bytes);
    let (back_href, back_key) = back_link(current.user.role);
    let (report_href, report_note) = report_link(lang, facts.report);
    let (versions, decisions, comments) = thesis_rows(state, lang, &facts);
    Ok(json!({
            "thesis": thesis_view(state, thesis, lang, facts.show_figures),
            "timeline": timeline_view(lang, &facts),
            "versions": versions, "decisions": decisions, "show_figures": facts.show_figures,
            "comments": comments, "can_comment": facts.can_comment,
            "report_href": report_href, "report_note": report_note,
            "can_upload": facts.can_upload, "upload_help": msg_with(lang, "upload_help", &[("limit", &limit)]),
            "can_decide": can_decide, "threshold_note": threshold_note, "can_admit": facts.can_admit,
            "decision": decision_form(state, thesis)?,
            "defense_documents": super::documents::documents_view(state, &current.user, thesis, lang)?,
            "back_href": back_href, "back_label": msg(lang, back_key),
    }))
}

/// The rows of a thesis page's versions, decisions and comments.
fn thesis_rows(state: &AppState, lang: UiLang, facts: &ThesisPage) -> (Vec<Value>, Vec<Value>, Vec<Value>) {
    (
        facts.versions.iter().map(|version| version_row(lang, version)).collect(),
        facts.decisions.iter().map(|decision| decision_row(state, lang, decision)).collect(),
        facts.comments.iter().map(|comment| comment_row(state, lang, comment, facts)).collect(),
    )
}

/// Where "back" leads from a thesis, by role.
fn back_link(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Student => ("/theses", "nav_my_theses"),
        Role::Supervisor => ("/review", "nav_review"),
        Role::Staff | Role::Admin => ("/theses", "nav_theses"),
    }
}

/// The link to the current report, or why there is none.
fn report_link(lang: UiLang, report: ReportAccess) -> (Option<String>, Option<&'static str>) {
    match report {
        ReportAccess::Readable { version } => (Some(format!("/versions/{version}/report")), None),
        ReportAccess::Hidden => (None, Some(msg(lang, "report_hidden"))),
        ReportAccess::NotReady => (None, Some(msg(lang, "report_not_ready"))),
        ReportAccess::Nothing => (None, None),
    }
}

/// One row of the versions table.
fn version_row(lang: UiLang, facts: &VersionFacts) -> Value {
    let version = &facts.version;
    let check = facts.visible_check.as_ref();
    let (outcome, failed) = version_outcome(lang, facts);
    json!({
        "number": version.number, "file_name": version.file_name,
        "file_href": format!("/api/versions/{}/file", version.id),
        "size": format_size(lang, version.byte_len), "uploaded": format_time(lang, version.uploaded_at),
        "outcome": outcome, "failed": failed,
        "similarity": check.map(|check| format_percent(lang, check.similarity)).unwrap_or_default(),
        "report_href": check.map(|_| format!("/versions/{}/report", version.id)),
    })
}

/// The result of a version in words a student understands (and whether it failed): the figure
/// when the visitor may see it, otherwise that the supervisor reviews the report.
fn version_outcome(lang: UiLang, facts: &VersionFacts) -> (String, bool) {
    match ExtractionView::of(&facts.version.extraction, lang) {
        ExtractionView::Failed { message, .. } => (message, true),
        ExtractionView::Extracted { .. } if facts.checked => match &facts.visible_check {
            Some(check) => {
                let percent = format_percent(lang, check.similarity);
                (msg_with(lang, "outcome_similarity", &[("percent", &percent)]), false)
            }
            None => (msg(lang, "outcome_checked_hidden").to_string(), false),
        },
        ExtractionView::Extracted { .. } if facts.superseded => {
            (msg(lang, "outcome_superseded").to_string(), false)
        }
        ExtractionView::Extracted { .. } => (msg(lang, "outcome_extracted").to_string(), false),
        ExtractionView::Pending => (msg(lang, "outcome_pending").to_string(), false),
    }
}

/// One recorded decision.
fn decision_row(state: &AppState, lang: UiLang, decision: &Decision) -> Value {
    let (key, text) = match &decision.kind {
        DecisionKind::Cleared { justification } => ("step_cleared", justification.clone()),
        DecisionKind::Returned { reason } => ("step_returned", Some(reason.clone())),
        DecisionKind::Admitted => ("step_admitted", None),
    };
    json!({ "label": msg(lang, key), "by": user_name(&state.store, Some(decision.by)),
            "when": format_time(lang, decision.at), "text": text })
}

/// One comment, with the version it was written on.
fn comment_row(state: &AppState, lang: UiLang, comment: &Comment, facts: &ThesisPage) -> Value {
    let number = comment
        .version
        .and_then(|id| facts.versions_in_order.iter().find(|version| version.id == id))
        .map(|version| msg_with(lang, "comment_on_version", &[("number", &version.number.to_string())]));
    json!({ "by": user_name(&state.store, comment.by), "when": format_time(lang, comment.at),
            "text": comment.text, "version": number })
}

/// `POST /theses/{id}/versions` (multipart, without JavaScript): the upload, then back.
pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    Path(thesis_id): Path<u64>,
    multipart: Multipart,
) -> Response {
    let result = async {
        let form_user = page.form_user()?;
        let user = form_user.current.user.clone();
        app::theses::thesis_for_upload(&state, &user, thesis_id)?;
        let (file, fields) = read_upload(multipart, state.config.max_upload_bytes).await?;
        form_user.verify_form_token(&state, fields.get("csrf_token").map(String::as_str))?;
        let (file_name, bytes) = file.ok_or(ApiError::invalid("file_required", MISSING_FIELD))?;
        let upload = UploadedFile { file_name, bytes };
        state.run(move |services| app::theses::upload_version(services, &user, thesis_id, upload)).await?;
        Ok(Redirect::to(&format!("/theses/{thesis_id}?flash=uploaded")).into_response())
    }
    .await;
    page.finish(result)
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    text: String,
}

const DECISION_REQUIRED: crate::model::Translated = crate::messages::text("decision_required");

/// The decision a form asks for, with the flash shown after it.
fn decision_input(form: &DecisionForm) -> Result<(DecisionInput, &'static str), ApiError> {
    let text = form.text.trim().to_string();
    match form.decision.as_str() {
        "return" => Ok((DecisionInput::Return { reason: text }, "returned")),
        "clear" => {
            Ok((DecisionInput::Clear { justification: (!text.is_empty()).then_some(text) }, "cleared"))
        }
        _ => Err(ApiError::invalid("decision_required", DECISION_REQUIRED)),
    }
}

/// `POST /theses/{id}/decision`: clear (with an optional justification) or return (with a
/// reason) through the API's `decide`.
pub async fn decide(
    State(state): State<AppState>,
    page: Page,
    Path(thesis_id): Path<u64>,
    Form(form): Form<DecisionForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let decided = match decision_input(&form) {
            Ok((input, flash)) => state
                .run(move |services| app::theses::decide(services, &current.user, thesis_id, input))
                .await
                .map(|_| flash),
            Err(error) => Err(error),
        };
        match decided {
            Ok(flash) => Ok(Redirect::to(&format!("/theses/{thesis_id}?flash={flash}")).into_response()),
            Err(error @ (ApiError::Invalid { .. } | ApiError::Store(_)))
                if error.status().is_client_error() =>
            {
                decision_refused(&state, &page, thesis_id, &form, error)
            }
            Err(error) => Err(error),
        }
    }
    .await;
    page.finish(result)
}

/// A refused decision (a justification missing above the threshold, a reason missing): the
/// thesis page again with the reason and what was typed, not a dead end.
fn decision_refused(
    state: &AppState,
    page: &Page,
    thesis_id: u64,
    form: &DecisionForm,
    error: ApiError,
) -> Result<Response, ApiError> {
    let mut context = detail_context(state, page, thesis_id)?;
    context["decision"]["error"] = json!(error.message(page.lang));
    context["decision"]["text"] = json!(form.text);
    context["decision"]["choice"] = json!(form.decision);
    page.render_with_status(state, error.status(), "thesis.html", context)
}

/// `POST /theses/{id}/admit`: staff admit a cleared thesis through the API's `admit`.
pub async fn admit(
    State(state): State<AppState>,
    page: Page,
    Path(thesis_id): Path<u64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        state.run(move |services| app::theses::admit(services, &current.user, thesis_id)).await?;
        Ok(Redirect::to("/staff/admission?flash=admitted").into_response())
    }
    .await;
    page.finish(result)
}

/// The sorts the review queue offers, its default (nearest defense, then the highest
/// similarity) first.
const QUEUE_SORTS: [&str; 5] = ["queue", "similarity", "defense", "title", "student"];

/// `GET /review`: checked theses waiting for the supervisor, nearest defense first, then the
/// highest similarity (filtered, sorted and paged on the server); below, the other theses the
/// supervisor can see, with the same filters, at most one page of them.
pub async fn review(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<ThesisListQuery>,
) -> Response {
    let result = (|| {
        let current = page.user()?;
        let review = review_queue(&state, &current.user, &query)?;
        let filters = filter_form(page.lang, "/review", &query, &review.visible, &QUEUE_SORTS, false);
        let paged = query.page_of(review.queue);
        let paging = paging_view(page.lang, &paged, "/review", &query.params());
        let queue_rows: Vec<Value> = listed_rows(&state, &page, &paged.items)?
            .into_iter()
            .zip(&paged.items)
            .map(|(row, listed)| queued_row(row, listed))
            .collect();
        let others_more = review.others.len() > crate::app::listing::PAGE_SIZE;
        let others = &review.others[..review.others.len().min(crate::app::listing::PAGE_SIZE)];
        let context = json!({ "queue": queue_rows, "others": listed_rows(&state, &page, others)?,
                              "others_more": others_more, "filters": filters, "paging": paging });
        page.render(&state, "review.html", context)
    })();
    page.finish(result)
}

/// One entry of the history page.
fn history_row(state: &AppState, lang: UiLang, entry: &HistoryEntry) -> Value {
    let who = match entry.actor {
        Actor::User(id) => user_name(&state.store, Some(id)),
        Actor::System => "Adal".to_string(),
    };
    let detail = match entry.similarity {
        Some(value) => format_percent(lang, value),
        None => entry.text.clone().unwrap_or_default(),
    };
    json!({ "when": format_time(lang, entry.at), "who": who, "what": msg(lang, action_key(entry.action)),
            "detail": detail })
}

/// A row of the review queue: the list's row with whether the figure is above the threshold and
/// the link to the current report.
fn queued_row(mut row: Value, listed: &ListedThesis) -> Value {
    let report_href =
        listed.thesis.state.current_version().map(|version| format!("/versions/{version}/report"));
    row["above"] = json!(listed.above);
    row["report_href"] = json!(report_href);
    row
}

/// The words of an audit action on the history page.
fn action_key(action: crate::store::AuditAction) -> &'static str {
    use crate::store::AuditAction as A;
    match action {
        A::ThesisCreated => "audit_thesis_created",
        A::VersionUploaded => "audit_version_uploaded",
        A::ExtractionRecorded => "audit_extraction_recorded",
        A::CheckRecorded => "audit_check_recorded",
        A::ThesisCleared => "audit_thesis_cleared",
        A::ThesisReturned => "audit_thesis_returned",
        A::ThesisAdmitted => "step_admitted",
        A::PassageExcluded => "audit_exclusion",
        A::CommentAdded => "audit_comment",
        A::CorpusChangeApplied => "audit_corpus_change",
        _ => "audit_other",
    }
}

/// `GET /theses/{id}/history`: every recorded change of the thesis, oldest first, with who made
/// it and the reason or figure it carried.
pub async fn history(State(state): State<AppState>, page: Page, Path(thesis_id): Path<u64>) -> Response {
    let result = async {
        let current = page.user()?.clone();
        let lang = page.lang;
        let facts = state.run(move |services| history_page(services, &current.user, thesis_id)).await?;
        let rows: Vec<Value> = facts.entries.iter().map(|entry| history_row(&state, lang, entry)).collect();
        let thesis = thesis_view(&state, &facts.thesis, lang, facts.show_figures);
        page.render(&state, "history.html", json!({ "thesis": thesis, "entries": rows }))
    }
    .await;
    page.finish(result)
}
