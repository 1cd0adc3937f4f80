//! Staff pages: the dashboard (theses by state, theses above the threshold, bulk rescans with
//! live progress), the admission list with its CSV export, corpus management and user import.
//! Every read is authorized like the API's; every change is the API handler's.

use super::lists::{filter_form, paging_view, STATES};
use super::{thesis_row, yes_no};
use crate::app;
use crate::app::access::{authorize_on_thesis, faculty_target};
use crate::app::admission::{admission_row, admission_rows};
use crate::app::corpus::CorpusDocumentInput;
use crate::app::listing;
use crate::app::theses::{UploadedFile, MISSING_FIELD};
use crate::app::thesis_list::{ListedThesis, ThesisListQuery};
use crate::auth::{authorize, AccessTarget, Action};
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::http::upload::read_upload;
use crate::index::DocumentMeta;
use crate::model::UiLang;
use crate::pipeline::thesis::now_ms;
use crate::store::{Job, JobState, RescanSelection, Role, Thesis, User};
use crate::web::i18n::{format_count, format_percent, format_time, msg};
use crate::web::render::role_label;
use crate::web::Page;
use crate::workflow::{CorpusJoin, Settings};
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use serde_json::{json, Value};

/// `GET /staff`.
pub async fn dashboard(State(state): State<AppState>, page: Page) -> Response {
    let result = (|| {
        let current = page.user()?;
        let lang = page.lang;
        let facts = app::dashboard::dashboard(&state, &current.user)?;
        let see_reports = facts.settings.students_see_reports;
        let above: Vec<Value> = (facts.above_threshold.iter())
            .map(|thesis| thesis_row(&state.store, &current.user, thesis, lang, see_reports))
            .collect();
        let now = now_ms();
        let jobs: Vec<Value> = facts.rescans.iter().map(|job| rescan_row(lang, job, now)).collect();
        let stalled_joins: Vec<Value> =
            facts.stalled_joins.iter().map(|thesis| json!({ "id": thesis })).collect();
        let overdue_appeals: Vec<Value> = (facts.overdue_appeals.iter())
            .map(|appeal| {
                let step = match appeal.overdue {
                    Some("delivery") => const { crate::messages::text("overdue_delivery") }.get(lang),
                    _ => const { crate::messages::text("overdue_meeting") }.get(lang),
                };
                let deadline = appeal.delivery_deadline.clone().unwrap_or_else(|| appeal.meeting_deadline.clone());
                json!({ "thesis": appeal.thesis, "student_name": appeal.student_name, "step": step, "deadline": deadline })
            })
            .collect();
        page.render(
            &state,
            "dashboard.html",
            json!({
                "faculties": facts.faculties, "counts": state_counts(lang, &facts.theses), "above": above,
                "can_rescan": facts.can_rescan, "jobs": jobs, "stalled_joins": stalled_joins,
                "overdue_appeals": overdue_appeals,
                "threshold": format_percent(lang, facts.settings.similarity_threshold_percent),
            }),
        )
    })();
    page.finish(result)
}

/// The number of theses in each state.
fn state_counts(lang: UiLang, theses: &[Thesis]) -> Vec<Value> {
    STATES
        .iter()
        .map(|sample| {
            let count = theses.iter().filter(|thesis| thesis.state.name() == sample.name()).count();
            json!({ "state": sample.name(), "label": sample.label().get(lang), "count": count })
        })
        .collect()
}

/// A rescan with its progress, as the dashboard lists it.
fn rescan_row(lang: UiLang, job: &Job, now: i64) -> Value {
    let progress = job.progress(now);
    let (name, key) = match job.state {
        JobState::Queued => ("queued", "outcome_pending"),
        JobState::Running => ("running", "job_running"),
        JobState::Done => ("done", "job_done"),
        JobState::Failed { .. } => ("failed", "job_failed"),
    };
    json!({ "id": job.id, "number": job.rescan_number(), "created": format_time(lang, job.created_at), "state": name,
            "done": progress.done, "total": progress.total.max(1),
            "status": format!("{} · {} / {}", msg(lang, key), progress.done, progress.total) })
}

#[derive(Deserialize)]
pub struct RescanForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    faculty: String,
    /// Thesis numbers separated by commas or spaces.
    #[serde(default)]
    theses: String,
}

impl RescanForm {
    /// The first choice filled in: a list of theses, then a faculty, then a year; else all.
    fn selection(&self) -> Result<RescanSelection, ApiError> {
        let numbers: Vec<&str> =
            self.theses.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).collect();
        if !numbers.is_empty() {
            let theses = numbers
                .iter()
                .map(|number| number.trim_start_matches('#').parse::<u64>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| ApiError::invalid("bad_thesis_list", BAD_THESIS_LIST))?;
            return Ok(RescanSelection::Theses { theses });
        }
        if !self.faculty.trim().is_empty() {
            return Ok(RescanSelection::Faculty { faculty: self.faculty.trim().to_string() });
        }
        Ok(match self.year.trim().parse::<i32>() {
            Ok(year) => RescanSelection::Year { year },
            Err(_) => RescanSelection::All,
        })
    }
}

const BAD_THESIS_LIST: crate::model::Translated = crate::messages::text("bad_thesis_list");

/// `POST /staff/rescans`: a rescan of a list of theses, a faculty, a defense year or every
/// thesis (the API's).
pub async fn rescan(State(state): State<AppState>, page: Page, Form(form): Form<RescanForm>) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let selection = form.selection()?;
        state.run(move |services| app::rescans::start_rescan(services, &current.user, selection)).await?;
        Ok(Redirect::to("/staff?flash=rescan").into_response())
    }
    .await;
    page.finish(result)
}

/// The sorts the admission list offers, its default (the store's order) first.
const ADMISSION_SORTS: [&str; 5] = ["none", "title", "student", "similarity", "defense"];

/// A row of the admission list page: the figure in words, and whether the visitor may admit.
fn admission_view(state: &AppState, viewer: &User, listed: &ListedThesis, lang: UiLang) -> Value {
    let row = admission_row(state, &listed.thesis, lang);
    let similarity = row.similarity.map(|value| format_percent(lang, value));
    let can_admit =
        row.state == "cleared" && authorize_on_thesis(viewer, Action::AdmitToDefense, &listed.thesis).is_ok();
    let mut view = json!(row);
    view["similarity"] = json!(similarity.unwrap_or_default());
    view["can_admit"] = json!(can_admit);
    view
}

/// `GET /staff/admission?q=&state=&faculty=&year=&above=&sort=&page=`: the API's admission
/// list, filtered and paged on the server, with an admit button for cleared theses.
pub async fn admission(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<ThesisListQuery>,
) -> Response {
    let result = (|| {
        let current = page.user()?;
        let lang = page.lang;
        let (visible, rows) = admission_rows(&state, &current.user, Action::ViewAdmissionList, &query)?;
        let filters = filter_form(lang, "/staff/admission", &query, &visible, &ADMISSION_SORTS, true);
        let paged = query.page_of(rows);
        let paging = paging_view(lang, &paged, "/staff/admission", &query.params());
        let rows: Vec<Value> =
            paged.items.iter().map(|listed| admission_view(&state, &current.user, listed, lang)).collect();
        let csv_href = crate::app::listing::page_href("/api/admission-list.csv", &query.params(), 1);
        page.render(
            &state,
            "admission.html",
            json!({ "theses": rows, "filters": filters, "paging": paging, "csv_href": csv_href }),
        )
    })();
    page.finish(result)
}

#[derive(Deserialize)]
pub struct CorpusQuery {
    #[serde(default)]
    q: String,
    /// 1-based page of the document list.
    #[serde(default)]
    page: Option<usize>,
    /// Only documents of this kind (`article`, `thesis`, `web`, `other`).
    #[serde(default)]
    kind: String,
    /// `id` (default), `title`, `year` (newest first) or `words` (longest first).
    #[serde(default)]
    sort: String,
    /// Only documents whose id, title or authors contain this text.
    #[serde(default)]
    filter: String,
}

/// The corpus list's choices other than the page, as `listing::page_href` keeps them.
fn corpus_params(query: &CorpusQuery) -> [(&'static str, &str); 3] {
    [("kind", &query.kind), ("sort", &query.sort), ("filter", &query.filter)]
}

fn kind_label(lang: crate::model::UiLang, kind: &str) -> &'static str {
    match kind {
        "thesis" => msg(lang, "kind_thesis"),
        "article" => msg(lang, "kind_article"),
        "web" => msg(lang, "kind_web"),
        _ => msg(lang, "kind_other"),
    }
}

/// `GET /staff/corpus?q=`: the documents, an upload form and full-text search.
pub async fn corpus(State(state): State<AppState>, page: Page, Query(query): Query<CorpusQuery>) -> Response {
    let result = async {
        let (current, lang) = (page.user()?.clone(), page.lang);
        let user = current.user.clone();
        let (kind, filter, sort) = (query.kind.clone(), query.filter.clone(), query.sort.clone());
        let metas = state
            .run(move |services| app::corpus::list_documents(services, &user, &kind, &filter, &sort))
            .await?;
        let paged = listing::paginate(metas, query.page, listing::PAGE_SIZE);
        let documents: Vec<Value> = paged.items.iter().map(|meta| document_row(lang, meta)).collect();
        let paging = paging_view(lang, &paged, "/staff/corpus", &corpus_params(&query));
        let hits = corpus_hits(&state, &current.user, &query.q).await?;
        let context = json!({ "documents": documents, "hits": hits, "query": query.q, "kinds": kind_options(lang),
                              "paging": paging,
                              "list": { "kind": query.kind, "sort": query.sort, "filter": query.filter } });
        page.render(&state, "corpus.html", context)
    }
    .await;
    page.finish(result)
}

/// The corpus search's hits for `q` (none for an empty query).
async fn corpus_hits(
    state: &AppState,
    user: &User,
    q: &str,
) -> Result<Vec<crate::index::SearchHit>, ApiError> {
    if q.trim().is_empty() {
        return Ok(Vec::new());
    }
    let (user, q) = (user.clone(), q.to_string());
    state.run(move |services| app::corpus::search(services, &user, &q, None)).await
}

/// The document kinds the corpus list filters by.
fn kind_options(lang: UiLang) -> Vec<Value> {
    ["article", "thesis", "web", "other"]
        .iter()
        .map(|code| json!({ "code": code, "label": kind_label(lang, code) }))
        .collect()
}

/// One row of the corpus list.
fn document_row(lang: UiLang, meta: &DocumentMeta) -> Value {
    json!({ "id": meta.id, "title": meta.title, "authors": meta.authors, "year": meta.year,
            "kind": kind_label(lang, meta.kind.code()), "words": format_count(lang, meta.words),
            "template": meta.template })
}

/// `POST /staff/corpus` (multipart): the API's corpus upload.
pub async fn corpus_upload(State(state): State<AppState>, page: Page, multipart: Multipart) -> Response {
    let result = async {
        let form_user = page.form_user()?;
        app::corpus::authorize_corpus(&form_user.current.user)?;
        let (file, fields) = read_upload(multipart, state.config.max_upload_bytes).await?;
        form_user.verify_form_token(&state, fields.get("csrf_token").map(String::as_str))?;
        let (file_name, bytes) = file.ok_or(ApiError::invalid("file_required", MISSING_FIELD))?;
        let field = |name: &str| fields.get(name).cloned().filter(|value| !value.trim().is_empty());
        let input = CorpusDocumentInput {
            id: field("id"),
            title: field("title"),
            authors: field("authors"),
            year: field("year").and_then(|year| year.trim().parse().ok()),
            kind: field("kind").and_then(|kind| crate::index::DocumentKind::from_code(&kind)),
        };
        let user = form_user.current.user;
        let upload = UploadedFile { file_name, bytes };
        state.run(move |services| app::corpus::add_document(services, &user, upload, input)).await?;
        Ok(Redirect::to("/staff/corpus?flash=corpus_added").into_response())
    }
    .await;
    page.finish(result)
}

#[derive(Deserialize)]
pub struct CorpusDocumentForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    template: String,
}

/// `POST /staff/corpus/remove`.
pub async fn corpus_remove(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<CorpusDocumentForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        state.run(move |services| app::corpus::remove_document(services, &current.user, &form.id)).await?;
        Ok(Redirect::to("/staff/corpus?flash=corpus_removed").into_response())
    }
    .await;
    page.finish(result)
}

/// `POST /staff/corpus/template`: marks or unmarks a template document.
pub async fn corpus_template(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<CorpusDocumentForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let template = form.template == "true";
        state
            .run(move |services| app::corpus::set_template(services, &current.user, &form.id, template))
            .await?;
        Ok(Redirect::to("/staff/corpus?flash=template").into_response())
    }
    .await;
    page.finish(result)
}

/// The users page's context: the users the visitor may see and whether they may import.
pub async fn users_context(state: &AppState, page: &Page) -> Result<Value, ApiError> {
    let current = page.user()?.clone();
    let lang = page.lang;
    let can_import = authorize(&current.user, Action::ImportUsers, &faculty_target(&current.user)).is_ok();
    let can_manage = authorize(&current.user, Action::ManageUsers, &AccessTarget::Institution).is_ok();
    let caller = current.user.clone();
    let list = state.run(move |services| app::users::visible_users(services, &caller)).await?;
    let users: Vec<Value> = list
        .iter()
        .map(|user| {
            json!({ "id": user.id, "name": user.name, "email": user.email, "role": role_label(lang, user.role),
                    "faculty": user.faculty.as_deref().unwrap_or("—"),
                    "active": yes_no(lang, user.active), "is_active": user.active,
                    "is_self": user.id == current.user.id })
        })
        .collect();
    let roles: Vec<Value> = Role::ALL
        .iter()
        .map(|role| json!({ "code": role.code(), "label": role_label(lang, *role) }))
        .collect();
    Ok(json!({ "users": users, "can_import": can_import, "can_manage": can_manage, "roles": roles,
               "created": [], "reset": null }))
}

/// `GET /staff/users`.
pub async fn users(State(state): State<AppState>, page: Page) -> Response {
    let result = async {
        let context = users_context(&state, &page).await?;
        page.render(&state, "users.html", context)
    }
    .await;
    page.finish(result)
}

/// `POST /staff/users/import` (multipart CSV): the import (all rows or none); the new users' temporary
/// passwords are shown once on the page it answers.
pub async fn users_import(State(state): State<AppState>, page: Page, multipart: Multipart) -> Response {
    let result = async {
        let lang = page.lang;
        let form_user = page.form_user()?;
        let (file, fields) = read_upload(multipart, state.config.max_upload_bytes).await?;
        form_user.verify_form_token(&state, fields.get("csrf_token").map(String::as_str))?;
        let (_, bytes) = file.ok_or(ApiError::invalid("file_required", MISSING_FIELD))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let user = form_user.current.user;
        let imported = state.run(move |services| app::users::import_users(services, &user, &text)).await?;
        let created: Vec<Value> = imported
            .iter()
            .map(|new| {
                json!({ "name": new.user.name, "email": new.user.email,
                        "role": role_label(lang, new.user.role), "password": new.password })
            })
            .collect();
        let mut context = users_context(&state, &page).await?;
        context["created"] = json!(created);
        page.render(&state, "users.html", context)
    }
    .await;
    page.finish(result)
}

/// `GET /staff/settings` (admin): the API's settings in a form.
pub async fn settings(State(state): State<AppState>, page: Page) -> Response {
    let result = async {
        let current = page.user()?.clone();
        let settings = app::users::settings(&state, &current.user)?;
        let corpus_join = match settings.corpus_join {
            CorpusJoin::OnAdmission => "on_admission",
            CorpusJoin::OnClearance => "on_clearance",
        };
        let view = json!({ "threshold": settings.similarity_threshold_percent,
                           "students_see_reports": settings.students_see_reports, "corpus_join": corpus_join,
                           "appeal_window": settings.appeal_window_working_days,
                           "max_appeal_window": Settings::MAX_APPEAL_WINDOW_WORKING_DAYS });
        page.render(&state, "settings.html", json!({ "settings": view }))
    }
    .await;
    page.finish(result)
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    threshold: String,
    students_see_reports: Option<String>,
    #[serde(default)]
    corpus_join: String,
    #[serde(default)]
    appeal_window: String,
}

impl SettingsForm {
    /// The settings the form sets; a threshold outside 0–100 (a comma allowed as the decimal
    /// mark) is refused.
    fn settings(&self) -> Result<Settings, ApiError> {
        let threshold = (self.threshold.trim().replace(',', ".").parse::<f64>().ok())
            .filter(|value| (0.0..=100.0).contains(value))
            .ok_or(ApiError::invalid("bad_threshold", BAD_THRESHOLD))?;
        let corpus_join = if self.corpus_join == "on_clearance" {
            CorpusJoin::OnClearance
        } else {
            CorpusJoin::OnAdmission
        };
        let appeal_window_working_days = (self.appeal_window.trim().parse::<u32>().ok())
            .ok_or(ApiError::invalid("bad_appeal_window", BAD_APPEAL_WINDOW))?;
        Ok(Settings {
            similarity_threshold_percent: threshold,
            students_see_reports: self.students_see_reports.is_some(),
            corpus_join,
            appeal_window_working_days,
        })
    }
}

/// `POST /staff/settings` (admin): the API's `put_settings`.
pub async fn settings_submit(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<SettingsForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let settings = form.settings()?;
        state.run(move |services| app::users::update_settings(services, &current.user, settings)).await?;
        Ok(Redirect::to("/staff/settings?flash=settings").into_response())
    }
    .await;
    page.finish(result)
}

const BAD_THRESHOLD: crate::model::Translated = crate::messages::text("bad_threshold");
const BAD_APPEAL_WINDOW: crate::model::Translated = crate::messages::text("bad_appeal_window");
