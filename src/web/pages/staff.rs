//! Staff pages: the dashboard (theses by state, theses above the threshold, bulk rescans with
//! live progress), the admission list with its CSV export, corpus management and user import.
//! Every read is authorized like the API's; every change is the API handler's.

use super::{similarity_of, thesis_row, yes_no};
use crate::app;
use crate::app::corpus::CorpusDocumentInput;
use crate::app::theses::{UploadedFile, MISSING_FIELD};
use crate::auth::{authorize, thesis_scope, AccessTarget, Action};
use crate::pipeline::thesis::now_ms;
use crate::server::error::ApiError;
use crate::server::handlers::theses::read_upload;
use crate::server::handlers::{admin, authorize_on_thesis, corpus, faculty_target, reports};
use crate::server::session::RequestLang;
use crate::server::state::AppState;
use crate::store::{JobKind, JobState, RescanSelection, Role};
use crate::web::i18n::{format_count, format_percent, format_time, msg};
use crate::web::render::role_label;
use crate::web::Page;
use crate::workflow::{CorpusJoin, Settings, ThesisState};
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::Deserialize;
use serde_json::{json, Value};

/// The states in the order of the workflow, with a sample value for their labels.
const STATES: [ThesisState; 6] = [
    ThesisState::Draft,
    ThesisState::Submitted { version: 0 },
    ThesisState::Checked { version: 0, similarity_percent: 0.0 },
    ThesisState::Returned { version: 0 },
    ThesisState::Cleared { version: 0, similarity_percent: 0.0 },
    ThesisState::Admitted { version: 0, similarity_percent: 0.0 },
];

/// `GET /staff`.
pub async fn dashboard(State(state): State<AppState>, page: Page) -> Response {
    let result = (|| {
        let current = page.user()?;
        let lang = page.lang;
        authorize(&current.user, Action::ViewAdmissionList, &faculty_target(&current.user))?;
        let settings = state.store.settings()?;
        let theses = state.store.list_theses(&thesis_scope(&current.user))?;
        let counts: Vec<Value> = STATES
            .iter()
            .map(|sample| {
                let count = theses.iter().filter(|thesis| thesis.state.name() == sample.name()).count();
                json!({ "state": sample.name(), "label": sample.label().get(lang), "count": count })
            })
            .collect();
        let mut above: Vec<_> = theses
            .iter()
            .filter(|thesis| {
                similarity_of(&thesis.state).is_some_and(|value| settings.needs_justification(value))
            })
            .collect();
        above.sort_by(|a, b| {
            let score = |thesis: &crate::store::Thesis| similarity_of(&thesis.state).unwrap_or(0.0);
            score(b).total_cmp(&score(a))
        });
        let above: Vec<Value> = above
            .iter()
            .map(|thesis| {
                thesis_row(&state.store, &current.user, thesis, lang, settings.students_see_reports)
            })
            .collect();
        let can_rescan = authorize(&current.user, Action::StartRescan, &AccessTarget::Institution).is_ok()
            || authorize(&current.user, Action::StartRescan, &faculty_target(&current.user)).is_ok();
        let may_view_jobs = authorize(&current.user, Action::ViewJobs, &AccessTarget::Institution).is_ok();
        let jobs: Vec<Value> = if may_view_jobs {
            let now = now_ms();
            state
                .store
                .jobs()?
                .iter()
                .rev()
                .filter(|job| matches!(job.kind, JobKind::Rescan { .. }))
                .filter(|job| crate::server::handlers::jobs::authorize_job(&state, current, job).is_ok())
                .take(10)
                .map(|job| {
                    let progress = job.progress(now);
                    let (name, key) = match job.state {
                        JobState::Queued => ("queued", "job_queued"),
                        JobState::Running => ("running", "job_running"),
                        JobState::Done => ("done", "job_done"),
                        JobState::Failed { .. } => ("failed", "job_failed"),
                    };
                    json!({ "id": job.id, "created": format_time(lang, job.created_at), "state": name,
                            "done": progress.done, "total": progress.total.max(1),
                            "status": format!("{} · {} / {}", msg(lang, key), progress.done, progress.total) })
                })
                .collect()
        } else {
            Vec::new()
        };
        // Admitted theses that could not join the corpus for more than five minutes.
        let stalled_joins = if may_view_jobs {
            crate::pipeline::thesis::stalled_corpus_joins(&state.store, now_ms(), 5 * 60_000)?
                .into_iter()
                .filter(|thesis| {
                    crate::server::handlers::visible_thesis(&state, &current.user, *thesis).is_ok()
                })
                .map(|thesis| json!({ "id": thesis }))
                .collect::<Vec<_>>()
        } else {
            Vec::new()
        };
        page.render(
            &state,
            "dashboard.html",
            json!({
                "counts": counts, "above": above, "can_rescan": can_rescan, "jobs": jobs,
                "stalled_joins": stalled_joins,
                "threshold": format_percent(lang, settings.similarity_threshold_percent),
            }),
        )
    })();
    page.finish(result)
}

#[derive(Deserialize)]
pub struct RescanForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    year: String,
}

/// `POST /staff/rescans`: a rescan of every thesis or of one defense year (the API's).
pub async fn rescan(State(state): State<AppState>, page: Page, Form(form): Form<RescanForm>) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let selection = match form.year.trim().parse::<i32>() {
            Ok(year) => RescanSelection::Year { year },
            Err(_) => RescanSelection::All,
        };
        state.run(move |services| app::rescans::start_rescan(services, &current.user, selection)).await?;
        Ok(Redirect::to("/staff?flash=rescan").into_response())
    }
    .await;
    page.finish(result)
}

/// `GET /staff/admission`: the API's admission list, with an admit button for cleared theses.
pub async fn admission(State(state): State<AppState>, page: Page) -> Response {
    let result = async {
        let current = page.user()?.clone();
        let lang = page.lang;
        let Json(list) =
            reports::admission_list(State(state.clone()), current.clone(), RequestLang(lang)).await?;
        let rows: Vec<Value> = list["theses"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|mut row| {
                let similarity = row["similarity"].as_f64().map(|value| format_percent(lang, value));
                let can_admit = row["state"] == "cleared"
                    && row["id"].as_u64().and_then(|id| state.store.thesis(id).ok()).is_some_and(|thesis| {
                        authorize_on_thesis(&current.user, Action::AdmitToDefense, &thesis).is_ok()
                    });
                row["similarity"] = json!(similarity.unwrap_or_default());
                row["can_admit"] = json!(can_admit);
                row
            })
            .collect();
        page.render(&state, "admission.html", json!({ "theses": rows }))
    }
    .await;
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

/// Documents on one page of the corpus list: the page stays small at any corpus size (at
/// 10,000 documents the whole list was ~12 MB of HTML).
pub const CORPUS_PAGE_SIZE: usize = 50;

/// The query string of a corpus list page, keeping the other choices.
fn corpus_href(query: &CorpusQuery, page: usize) -> String {
    let encode = app::export::percent_encode;
    format!(
        "/staff/corpus?page={page}&kind={}&sort={}&filter={}",
        encode(&query.kind),
        encode(&query.sort),
        encode(&query.filter)
    )
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
        let current = page.user()?.clone();
        let lang = page.lang;
        app::corpus::authorize_corpus(&current.user)?;
        let mut metas = state.blocking(|state| state.index.list().map_err(ApiError::internal)).await?;
        let needle = query.filter.trim().to_lowercase();
        metas.retain(|meta| {
            let kind_matches = query.kind.is_empty() || meta.kind.code() == query.kind;
            let text_matches = needle.is_empty()
                || [&meta.id, &meta.title, &meta.authors]
                    .iter()
                    .any(|text| text.to_lowercase().contains(&needle));
            kind_matches && text_matches
        });
        match query.sort.as_str() {
            "title" => metas.sort_by_key(|meta| meta.title.to_lowercase()),
            "year" => metas.sort_by_key(|meta| std::cmp::Reverse(meta.year)),
            "words" => metas.sort_by_key(|meta| std::cmp::Reverse(meta.words)),
            _ => {}
        }
        let total = metas.len();
        let pages = total.div_ceil(CORPUS_PAGE_SIZE).max(1);
        let page_number = query.page.unwrap_or(1).clamp(1, pages);
        let documents: Vec<Value> = metas
            .iter()
            .skip((page_number - 1) * CORPUS_PAGE_SIZE)
            .take(CORPUS_PAGE_SIZE)
            .map(|meta| {
                json!({ "id": meta.id, "title": meta.title, "authors": meta.authors, "year": meta.year,
                        "kind": kind_label(lang, meta.kind.code()), "words": format_count(lang, meta.words),
                        "template": meta.template })
            })
            .collect();
        let paging = json!({
            "page": page_number, "pages": pages, "total": format_count(lang, total as u64),
            "previous": (page_number > 1).then(|| corpus_href(&query, page_number - 1)),
            "next": (page_number < pages).then(|| corpus_href(&query, page_number + 1)),
        });
        let hits = if query.q.trim().is_empty() {
            Vec::new()
        } else {
            let search = corpus::SearchQuery { q: query.q.clone(), limit: Some(20) };
            let Json(found) = corpus::search(State(state.clone()), current, Query(search)).await?;
            found["hits"].as_array().cloned().unwrap_or_default()
        };
        let kinds: Vec<Value> = ["article", "thesis", "web", "other"]
            .iter()
            .map(|code| json!({ "code": code, "label": kind_label(lang, code) }))
            .collect();
        page.render(
            &state,
            "corpus.html",
            json!({ "documents": documents, "hits": hits, "query": query.q, "kinds": kinds, "paging": paging,
                    "list": { "kind": query.kind, "sort": query.sort, "filter": query.filter } }),
        )
    }
    .await;
    page.finish(result)
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
    let Json(list) = admin::list_users(State(state.clone()), current.clone()).await?;
    let users: Vec<Value> = list["users"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|user| {
            let role = user["role"].as_str().and_then(Role::from_code).map(|role| role_label(lang, role));
            let active = user["active"].as_bool().unwrap_or_default();
            json!({ "id": user["id"], "name": user["name"], "email": user["email"], "role": role.unwrap_or_default(),
                    "faculty": user["faculty"].as_str().unwrap_or("—"),
                    "active": yes_no(lang, active), "is_active": active,
                    "is_self": user["id"].as_u64() == Some(current.user.id) })
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
        let Json(settings) = admin::get_settings(State(state.clone()), current).await?;
        let corpus_join = match settings.corpus_join {
            CorpusJoin::OnAdmission => "on_admission",
            CorpusJoin::OnClearance => "on_clearance",
        };
        let view = json!({ "threshold": settings.similarity_threshold_percent,
                           "students_see_reports": settings.students_see_reports, "corpus_join": corpus_join });
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
}

/// `POST /staff/settings` (admin): the API's `put_settings`.
pub async fn settings_submit(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<SettingsForm>,
) -> Response {
    let result = async {
        let current = page.verified_user(&state, &form.csrf_token)?;
        let threshold = form
            .threshold
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|value| (0.0..=100.0).contains(value))
            .ok_or(ApiError::invalid("bad_threshold", BAD_THRESHOLD))?;
        let settings = Settings {
            similarity_threshold_percent: threshold,
            students_see_reports: form.students_see_reports.is_some(),
            corpus_join: if form.corpus_join == "on_clearance" {
                CorpusJoin::OnClearance
            } else {
                CorpusJoin::OnAdmission
            },
        };
        state.run(move |services| app::users::update_settings(services, &current.user, settings)).await?;
        Ok(Redirect::to("/staff/settings?flash=settings").into_response())
    }
    .await;
    page.finish(result)
}

const BAD_THRESHOLD: crate::model::Translated = crate::model::Translated {
    kk: "Шек 0 мен 100 аралығындағы сан болуы керек.",
    ru: "Порог должен быть числом от 0 до 100.",
    en: "The threshold must be a number from 0 to 100.",
};
