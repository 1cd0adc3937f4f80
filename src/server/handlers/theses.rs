//! Theses: listing, creation, details with versions and decisions, uploads (answered 202 with
//! the check job), and the supervisor's and staff's decisions.

use super::{authorize_on_thesis, fields, visible_thesis, MISSING_FIELD};
use crate::auth::{authorize, thesis_scope, AccessTarget, Action, ThesisRef};
use crate::extract::{sniff_format, ExtractError, SniffedFormat};
use crate::model::{DocLang, Translated, UiLang};
use crate::pipeline::thesis::{now_ms, RefusalRecord};
use crate::server::error::ApiError;
use crate::server::session::{CurrentUser, FormUser, RequestLang};
use crate::server::state::AppState;
use crate::store::{
    Actor, CalendarDate, DecisionKind, ExtractionOutcome, NewThesis, NewVersion, Role, Thesis, Version,
};
use crate::workflow::ThesisState;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// True when the caller may read the thesis's report (and so its similarity figures).
pub fn may_see_figures(user: &crate::store::User, thesis: &Thesis, students_see_reports: bool) -> bool {
    let target = AccessTarget::Report { thesis: ThesisRef::from(thesis), students_see_reports };
    authorize(user, Action::ViewReport, &target).is_ok()
}

/// Removes the similarity figure from a serialized state, decision or check.
fn without_figures(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove("similarity_percent");
        object.remove("similarity");
    }
    value
}

/// A thesis in listings; the similarity figure only for those who may read the report.
pub fn thesis_summary(thesis: &Thesis, lang: UiLang, show_figures: bool) -> Value {
    let state = serde_json::to_value(thesis.state).unwrap_or(Value::Null);
    json!({
        "id": thesis.id,
        "title": thesis.title,
        "student": thesis.student,
        "supervisor": thesis.supervisor,
        "faculty": thesis.faculty,
        "department": thesis.department,
        "programme": thesis.programme,
        "language": thesis.language,
        "planned_defense": thesis.planned_defense,
        "state": if show_figures { state } else { without_figures(state) },
        "state_label": thesis.state.label().get(lang),
        "created_at": thesis.created_at,
        "updated_at": thesis.updated_at,
    })
}

/// The extraction outcome of a version, with the refusal's message in the caller's language.
pub fn extraction_view(outcome: &ExtractionOutcome, lang: UiLang) -> Value {
    match outcome {
        ExtractionOutcome::Pending => json!({ "outcome": "pending" }),
        ExtractionOutcome::Extracted { n_chars, n_warnings } => {
            json!({ "outcome": "extracted", "n_chars": n_chars, "n_warnings": n_warnings })
        }
        ExtractionOutcome::Failed { reason } => {
            let refusal = RefusalRecord::from_stored_reason(reason);
            json!({ "outcome": "failed", "code": refusal.code(), "message": refusal.message(lang) })
        }
    }
}

fn version_view(
    state: &AppState,
    version: &Version,
    lang: UiLang,
    show_figures: bool,
) -> Result<Value, ApiError> {
    let check = state.store.latest_check(version.id)?.filter(|_| show_figures).map(|check| {
        json!({ "id": check.id, "similarity": check.similarity, "created_at": check.created_at,
                "corpus_version": check.corpus_version })
    });
    Ok(json!({
        "id": version.id,
        "number": version.number,
        "file_name": version.file_name,
        "byte_len": version.byte_len,
        "uploaded_at": version.uploaded_at,
        "extraction": extraction_view(&version.extraction, lang),
        "latest_check": check,
    }))
}

/// `GET /api/theses`: the theses the caller may see.
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
) -> Result<Json<Value>, ApiError> {
    let theses = state.store.list_theses(&thesis_scope(&current.user))?;
    let students_see_reports = state.store.settings()?.students_see_reports;
    let items: Vec<Value> = theses
        .iter()
        .map(|thesis| {
            thesis_summary(thesis, lang, may_see_figures(&current.user, thesis, students_see_reports))
        })
        .collect();
    Ok(Json(json!({ "theses": items })))
}

#[derive(Deserialize)]
pub struct NewThesisRequest {
    pub title: String,
    /// Staff and admins create theses for a student; a student's own request leaves it out.
    pub student: Option<u64>,
    pub supervisor: Option<u64>,
    #[serde(default)]
    pub programme: String,
    pub language: Option<DocLang>,
    pub planned_defense: Option<CalendarDate>,
}

const EMPTY_TITLE: Translated = Translated {
    kk: "Жұмыстың тақырыбын жазыңыз.",
    ru: "Укажите тему работы.",
    en: "Please give the title of the thesis.",
};

const BAD_DATE: Translated = Translated {
    kk: "Қорғау күні дұрыс емес: 2000–2100 жылдар аралығындағы нақты күнді көрсетіңіз.",
    ru: "Неверная дата защиты: укажите существующий день между 2000 и 2100 годами.",
    en: "Invalid defense date: give a real day between the years 2000 and 2100.",
};

const BAD_SUPERVISOR: Translated = Translated {
    kk: "Жетекші ретінде осы факультеттің белсенді жетекшісін ғана таңдауға болады.",
    ru: "Руководителем можно выбрать только активного руководителя этого факультета.",
    en: "Only an active supervisor of the thesis's faculty can be chosen as its supervisor.",
};

/// The supervisor of a new thesis: a student's own request always gets the supervisor assigned
/// to the student (a student cannot pick one); staff and admins may choose another, which must
/// be an active supervisor of the thesis's faculty.
fn supervisor_of_new_thesis(
    state: &AppState,
    caller: &crate::store::User,
    student: &crate::store::User,
    requested: Option<u64>,
) -> Result<Option<u64>, ApiError> {
    if caller.role == Role::Student {
        return match requested {
            Some(chosen) if Some(chosen) != student.supervisor => {
                Err(ApiError::invalid("bad_supervisor", BAD_SUPERVISOR))
            }
            _ => Ok(student.supervisor),
        };
    }
    let Some(chosen) = requested else { return Ok(student.supervisor) };
    let supervisor =
        state.store.user(chosen).map_err(|_| ApiError::invalid("bad_supervisor", BAD_SUPERVISOR))?;
    let same_faculty =
        supervisor.faculty.as_deref().unwrap_or_default() == student.faculty.as_deref().unwrap_or_default();
    if supervisor.role != Role::Supervisor || !supervisor.active || !same_faculty {
        return Err(ApiError::invalid("bad_supervisor", BAD_SUPERVISOR));
    }
    Ok(Some(chosen))
}

/// `POST /api/theses`: a new draft thesis (rate-limited per user and hour; title, programme and
/// date checked).
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Json(request): Json<NewThesisRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let title = fields::line("title", &request.title, fields::MAX_TITLE_CHARS)?;
    if title.is_empty() {
        return Err(ApiError::invalid("title_required", EMPTY_TITLE));
    }
    let programme = fields::line("programme", &request.programme, fields::MAX_NAME_CHARS)?;
    if request.planned_defense.is_some_and(|date| !date.is_valid()) {
        return Err(ApiError::invalid("bad_date", BAD_DATE));
    }
    let student_id = match (current.user.role, request.student) {
        (Role::Student, _) => current.user.id,
        (_, Some(student)) => student,
        (_, None) => return Err(ApiError::invalid("student_required", MISSING_FIELD)),
    };
    let student = state.store.user(student_id)?;
    let target = ThesisRef {
        student: student.id,
        supervisor: student.supervisor,
        faculty: student.faculty.clone().unwrap_or_default(),
    };
    authorize(&current.user, Action::CreateThesis, &AccessTarget::Thesis(target))?;
    let supervisor = supervisor_of_new_thesis(&state, &current.user, &student, request.supervisor)?;
    state.thesis_limiter.admit(current.user.id, now_ms()).map_err(ApiError::CreationLimited)?;
    let new_thesis = NewThesis {
        title,
        student: student.id,
        supervisor,
        faculty: None,
        programme,
        language: request.language.unwrap_or(DocLang::Kk),
        planned_defense: request.planned_defense,
    };
    let actor = Actor::User(current.user.id);
    let thesis =
        state.blocking(move |state| Ok(state.store.create_thesis(&new_thesis, actor, now_ms())?)).await?;
    Ok((StatusCode::CREATED, Json(thesis_summary(&thesis, lang, false))))
}

/// `GET /api/theses/{id}`: the thesis with its versions, state and decisions.
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    RequestLang(lang): RequestLang,
    Path(thesis_id): Path<u64>,
) -> Result<Json<Value>, ApiError> {
    let thesis = visible_thesis(&state, &current.user, thesis_id)?;
    let show_figures = may_see_figures(&current.user, &thesis, state.store.settings()?.students_see_reports);
    let mut view = thesis_summary(&thesis, lang, show_figures);
    let versions = state.store.versions_of(thesis.id)?;
    let version_views = versions
        .iter()
        .map(|version| version_view(&state, version, lang, show_figures))
        .collect::<Result<Vec<_>, _>>()?;
    view["versions"] = Value::Array(version_views);
    let decisions = state.store.decisions_of(thesis.id)?;
    let decision_views = decisions
        .iter()
        .map(|decision| {
            let value = serde_json::to_value(decision).unwrap_or(Value::Null);
            if show_figures {
                value
            } else {
                without_figures(value)
            }
        })
        .collect();
    view["decisions"] = Value::Array(decision_views);
    Ok(Json(view))
}

/// An upload read from the multipart body.
struct UploadedFile {
    file_name: String,
    bytes: Vec<u8>,
    csrf_field: Option<String>,
}

/// Reads the `file` (and optional `csrf_token`) fields of a multipart upload; bodies over the
/// limit answer 413 with the limit in the message.
pub async fn read_upload(
    mut multipart: Multipart,
    limit: u64,
) -> Result<(Option<(String, Vec<u8>)>, std::collections::HashMap<String, String>), ApiError> {
    let too_large = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge { limit }
        } else {
            ApiError::invalid("bad_multipart", MISSING_FIELD)
        }
    };
    let mut file = None;
    let mut fields = std::collections::HashMap::new();
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = clean_file_name(field.file_name().unwrap_or("upload"));
            let bytes = field.bytes().await.map_err(too_large)?;
            if bytes.len() as u64 > limit {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            file = Some((file_name, bytes.to_vec()));
        } else {
            let text = field.text().await.map_err(too_large)?;
            fields.insert(name, text);
        }
    }
    Ok((file, fields))
}

/// The last path component of a client's file name, without control characters, at most 200
/// characters long.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = fields::clean_line(base).chars().take(200).collect();
    if cleaned.trim().is_empty() {
        "upload".to_string()
    } else {
        cleaned
    }
}

/// Refuses what is wrong with an upload at a glance: empty, unsupported type, encrypted Office.
pub fn quick_refusal(bytes: &[u8]) -> Option<ApiError> {
    if bytes.is_empty() {
        return Some(ApiError::from(&ExtractError::Empty));
    }
    match sniff_format(bytes) {
        SniffedFormat::Unsupported(detected) => {
            Some(ApiError::from(&ExtractError::Unsupported { detected: detected.to_string() }))
        }
        SniffedFormat::EncryptedOffice => Some(ApiError::from(&ExtractError::Encrypted)),
        SniffedFormat::Pdf | SniffedFormat::Docx | SniffedFormat::Text => None,
    }
}

/// `POST /api/theses/{id}/versions` (multipart `file`): stores the file, records the version,
/// queues its check and answers 202 with the job id at once.
pub async fn upload_version(
    State(state): State<AppState>,
    form_user: FormUser,
    Path(thesis_id): Path<u64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let user = form_user.current.user.clone();
    let thesis = visible_thesis(&state, &user, thesis_id)?;
    authorize_on_thesis(&user, Action::UploadVersion, &thesis)?;
    let limit = state.config.max_upload_bytes;
    let declared_length =
        headers.get(header::CONTENT_LENGTH).and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > limit + 64 * 1024) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let (file, fields) = read_upload(multipart, limit).await?;
    let upload = file.map(|(file_name, bytes)| UploadedFile {
        file_name,
        bytes,
        csrf_field: fields.get("csrf_token").cloned(),
    });
    let Some(upload) = upload else {
        form_user.verify_form_token(&state, fields.get("csrf_token").map(String::as_str))?;
        return Err(ApiError::invalid("file_required", MISSING_FIELD));
    };
    form_user.verify_form_token(&state, upload.csrf_field.as_deref())?;
    if let Some(refusal) = quick_refusal(&upload.bytes) {
        return Err(refusal);
    }
    if matches!(thesis.state, ThesisState::Admitted { .. }) {
        return Err(ApiError::Store(crate::workflow::WorkflowError::AlreadyAdmitted.into()));
    }
    state.upload_limiter.admit(user.id, now_ms()).map_err(ApiError::UploadLimited)?;
    let actor = Actor::User(user.id);
    let (version, job) = state
        .blocking(move |state| {
            let file_hash = state.store.files().put(&upload.bytes)?;
            let new_version =
                NewVersion { file_hash, file_name: upload.file_name, byte_len: upload.bytes.len() as u64 };
            Ok(state.store.add_version(thesis_id, &new_version, actor, now_ms())?)
        })
        .await?;
    state.job_signal.notify();
    let body = json!({ "job": job, "version": version.id, "number": version.number,
                       "job_url": format!("/api/jobs/{job}") });
    Ok((StatusCode::ACCEPTED, Json(body)))
}

#[derive(Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum DecisionRequest {
    Clear { justification: Option<String> },
    Return { reason: String },
}

/// `POST /api/theses/{id}/decision`: the supervisor clears (justified above the threshold) or
/// returns (with a reason) the current version.
pub async fn decide(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis_id): Path<u64>,
    Json(request): Json<DecisionRequest>,
) -> Result<Json<Value>, ApiError> {
    let thesis = visible_thesis(&state, &current.user, thesis_id)?;
    authorize_on_thesis(&current.user, Action::DecideThesis, &thesis)?;
    let kind = match request {
        DecisionRequest::Clear { justification } => {
            let justification = justification
                .map(|text| fields::paragraphs("justification", &text, fields::MAX_REASON_CHARS))
                .transpose()?
                .filter(|text| !text.is_empty());
            DecisionKind::Cleared { justification }
        }
        DecisionRequest::Return { reason } => DecisionKind::Returned {
            reason: fields::paragraphs("reason", &reason, fields::MAX_REASON_CHARS)?,
        },
    };
    record_decision(&state, thesis_id, kind, current.user.id).await
}

/// `POST /api/theses/{id}/admit`: staff admit a cleared thesis to defense.
pub async fn admit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(thesis_id): Path<u64>,
) -> Result<Json<Value>, ApiError> {
    let thesis = visible_thesis(&state, &current.user, thesis_id)?;
    authorize_on_thesis(&current.user, Action::AdmitToDefense, &thesis)?;
    record_decision(&state, thesis_id, DecisionKind::Admitted, current.user.id).await
}

async fn record_decision(
    state: &AppState,
    thesis_id: u64,
    kind: DecisionKind,
    by: u64,
) -> Result<Json<Value>, ApiError> {
    let decision =
        state.blocking(move |state| Ok(state.store.decide(thesis_id, &kind, by, now_ms())?)).await?;
    // An admission may add the thesis to the corpus: let a worker apply the outbox.
    state.job_signal.notify();
    let thesis = state.store.thesis(thesis_id)?;
    Ok(Json(json!({ "decision": decision, "state": thesis.state })))
}
