//! Theses: registering one, uploading a version (stored, then checked by a job), the
//! supervisor's decision and the admission to defense.

use super::access::{authorize_on_thesis, visible_thesis};
use super::{fields, AppError, Services};
use crate::auth::{authorize, AccessTarget, Action, ThesisRef};
use crate::extract::{sniff_format, ExtractError, SniffedFormat};
use crate::model::{DocLang, Translated};
use crate::store::{
    Actor, CalendarDate, Decision, DecisionKind, JobId, NewThesis, NewVersion, Role, Thesis, ThesisId, User,
    UserId, Version,
};
use crate::workflow::{ThesisState, WorkflowError};

/// A thesis to register.
#[derive(Clone, Debug, Default)]
pub struct NewThesisInput {
    pub title: String,
    /// Staff and admins register a thesis for a student; a student's own request leaves it out.
    pub student: Option<UserId>,
    pub supervisor: Option<UserId>,
    pub programme: String,
    pub language: Option<DocLang>,
    pub planned_defense: Option<CalendarDate>,
}

const EMPTY_TITLE: Translated = crate::messages::text("empty_title");

const BAD_DATE: Translated = crate::messages::text("bad_date");

const BAD_SUPERVISOR: Translated = crate::messages::text("bad_supervisor");

pub const MISSING_FIELD: Translated = crate::messages::text("missing_field");

/// The supervisor of a new thesis: a student's own request always gets the supervisor assigned
/// to the student (a student cannot pick one); staff and admins may choose another, which must
/// be an active supervisor of the thesis's faculty.
fn supervisor_of_new_thesis(
    services: &Services,
    caller: &User,
    student: &User,
    requested: Option<UserId>,
) -> Result<Option<UserId>, AppError> {
    let refused = || AppError::invalid("bad_supervisor", BAD_SUPERVISOR);
    if caller.role == Role::Student {
        return match requested {
            Some(chosen) if Some(chosen) != student.supervisor => Err(refused()),
            _ => Ok(student.supervisor),
        };
    }
    let Some(chosen) = requested else { return Ok(student.supervisor) };
    let supervisor = services.store.user(chosen).map_err(|_| refused())?;
    let same_faculty =
        supervisor.faculty.as_deref().unwrap_or_default() == student.faculty.as_deref().unwrap_or_default();
    if supervisor.role != Role::Supervisor || !supervisor.active || !same_faculty {
        return Err(refused());
    }
    Ok(Some(chosen))
}

/// Registers a draft thesis (rate-limited per user and hour; title, programme and date checked).
pub fn create_thesis(services: &Services, caller: &User, input: NewThesisInput) -> Result<Thesis, AppError> {
    let title = fields::line("title", &input.title, fields::MAX_TITLE_CHARS)?;
    if title.is_empty() {
        return Err(AppError::invalid("title_required", EMPTY_TITLE));
    }
    let programme = fields::line("programme", &input.programme, fields::MAX_NAME_CHARS)?;
    if input.planned_defense.is_some_and(|date| !date.is_valid()) {
        return Err(AppError::invalid("bad_date", BAD_DATE));
    }
    let student_id = match (caller.role, input.student) {
        (Role::Student, _) => caller.id,
        (_, Some(student)) => student,
        (_, None) => return Err(AppError::invalid("student_required", MISSING_FIELD)),
    };
    let student = services.store.user(student_id)?;
    let target = ThesisRef {
        student: student.id,
        supervisor: student.supervisor,
        faculty: student.faculty.clone().unwrap_or_default(),
    };
    authorize(caller, Action::CreateThesis, &AccessTarget::Thesis(target))?;
    let supervisor = supervisor_of_new_thesis(services, caller, &student, input.supervisor)?;
    services.thesis_limiter.admit(caller.id, services.now()).map_err(AppError::CreationLimited)?;
    let new_thesis = NewThesis {
        title,
        student: student.id,
        supervisor,
        faculty: None,
        programme,
        language: input.language.unwrap_or(DocLang::Kk),
        planned_defense: input.planned_defense,
    };
    Ok(services.store.create_thesis(&new_thesis, Actor::User(caller.id), services.now())?)
}

/// Refuses what is wrong with an upload at a glance: empty, unsupported type, encrypted Office.
pub fn quick_refusal(bytes: &[u8]) -> Option<AppError> {
    if bytes.is_empty() {
        return Some(AppError::from(&ExtractError::Empty));
    }
    match sniff_format(bytes) {
        SniffedFormat::Unsupported(detected) => {
            Some(AppError::from(&ExtractError::Unsupported { detected: detected.to_string() }))
        }
        SniffedFormat::EncryptedOffice => Some(AppError::from(&ExtractError::Encrypted)),
        SniffedFormat::Pdf | SniffedFormat::Docx | SniffedFormat::Text => None,
    }
}

/// The last path component of a client's file name, without control or bidi characters, at
/// most 200 characters long.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = fields::clean_line(base).chars().take(200).collect();
    if cleaned.trim().is_empty() {
        "upload".to_string()
    } else {
        cleaned
    }
}

/// The thesis a caller may upload a version to (checked before the upload's body is read).
pub fn thesis_for_upload(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
) -> Result<Thesis, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    authorize_on_thesis(caller, Action::UploadVersion, &thesis)?;
    Ok(thesis)
}

/// A file as it was uploaded.
#[derive(Clone, Debug)]
pub struct UploadedFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A stored version and the job that checks it.
#[derive(Clone, Debug)]
pub struct UploadedVersion {
    pub version: Version,
    pub job: JobId,
}

/// Stores a new version of a thesis and queues its check (rate-limited per user and minute).
/// A file refused at a glance (empty, unsupported, encrypted) is not stored.
pub fn upload_version(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    upload: UploadedFile,
) -> Result<UploadedVersion, AppError> {
    let thesis = thesis_for_upload(services, caller, thesis_id)?;
    if let Some(refusal) = quick_refusal(&upload.bytes) {
        return Err(refusal);
    }
    if matches!(thesis.state, ThesisState::Admitted { .. }) {
        return Err(AppError::Store(WorkflowError::AlreadyAdmitted.into()));
    }
    services.upload_limiter.admit(caller.id, services.now()).map_err(AppError::UploadLimited)?;
    let file_hash = services.store.files().put(&upload.bytes)?;
    let new_version = NewVersion {
        file_hash,
        file_name: clean_file_name(&upload.file_name),
        byte_len: upload.bytes.len() as u64,
    };
    let (version, job) =
        services.store.add_version(thesis_id, &new_version, Actor::User(caller.id), services.now())?;
    services.job_signal.notify();
    Ok(UploadedVersion { version, job })
}

/// A supervisor's decision on the current version.
#[derive(Clone, Debug)]
pub enum DecisionInput {
    /// Clear for defense; above the threshold only with a justification.
    Clear { justification: Option<String> },
    /// Return to the student with a reason.
    Return { reason: String },
}

/// A recorded decision and the thesis's state after it (the API's answer to a decision).
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct DecisionOutcome {
    /// The recorded decision (kind, by whom, when, the justification or reason).
    #[schema(value_type = Object)]
    pub decision: Decision,
    /// The workflow state after it (`{"state": "cleared", …}`).
    #[schema(value_type = Object)]
    pub state: ThesisState,
}

/// The supervisor clears or returns the current version of a thesis.
pub fn decide(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    input: DecisionInput,
) -> Result<DecisionOutcome, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    authorize_on_thesis(caller, Action::DecideThesis, &thesis)?;
    let kind = match input {
        DecisionInput::Clear { justification } => {
            let justification = justification
                .map(|text| fields::paragraphs("justification", &text, fields::MAX_REASON_CHARS))
                .transpose()?
                .filter(|text| !text.is_empty());
            DecisionKind::Cleared { justification }
        }
        DecisionInput::Return { reason } => DecisionKind::Returned {
            reason: fields::paragraphs("reason", &reason, fields::MAX_REASON_CHARS)?,
        },
    };
    record_decision(services, thesis_id, kind, caller.id)
}

/// Staff admit a cleared thesis to defense.
pub fn admit(services: &Services, caller: &User, thesis_id: ThesisId) -> Result<DecisionOutcome, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    authorize_on_thesis(caller, Action::AdmitToDefense, &thesis)?;
    record_decision(services, thesis_id, DecisionKind::Admitted, caller.id)
}

fn record_decision(
    services: &Services,
    thesis_id: ThesisId,
    kind: DecisionKind,
    by: UserId,
) -> Result<DecisionOutcome, AppError> {
    let decision = services.store.decide(thesis_id, &kind, by, services.now())?;
    // An admission may add the thesis to the corpus: let a worker apply the outbox.
    services.job_signal.notify();
    let state = services.store.thesis(thesis_id)?.state;
    Ok(DecisionOutcome { decision, state })
}

/// An uploaded file as the student sent it.
#[derive(Clone, Debug)]
pub struct OriginalFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The original file of a version, for whoever may view its thesis (the student, the assigned
/// supervisor, staff of the faculty, admins).
pub fn original_file(
    services: &Services,
    caller: &User,
    version_id: crate::store::VersionId,
) -> Result<OriginalFile, AppError> {
    let version = services.store.version(version_id)?;
    visible_thesis(services, caller, version.thesis)?;
    let bytes = services.store.files().get(&version.file_hash)?;
    Ok(OriginalFile { file_name: version.file_name, bytes })
}

/// The audit trail of a thesis (registration, uploads, extractions, checks, decisions,
/// exclusions, corpus changes), oldest first, for whoever may view the thesis.
pub fn history(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
) -> Result<Vec<crate::store::AuditEntry>, AppError> {
    visible_thesis(services, caller, thesis_id)?;
    let versions: Vec<u64> =
        services.store.versions_of(thesis_id)?.iter().map(|version| version.id).collect();
    Ok(services.store.audit_of_thesis(thesis_id, &versions)?)
}

/// A thesis the caller may view, with its versions and decisions; figures only when the caller
/// may read the report.
pub fn thesis_detail(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    lang: crate::model::UiLang,
) -> Result<super::views::ThesisDetail, AppError> {
    use super::views::{ThesisDetail, ThesisSummary, VersionView};
    let thesis = super::access::visible_thesis(services, caller, thesis_id)?;
    let students_see_reports = services.store.settings()?.students_see_reports;
    let show_figures = super::access::may_see_figures(caller, &thesis, students_see_reports);
    let mut versions = Vec::new();
    for version in services.store.versions_of(thesis.id)? {
        let check = services.store.latest_check(version.id)?.filter(|_| show_figures);
        versions.push(VersionView::of(&version, check.as_ref(), lang));
    }
    let decisions = services
        .store
        .decisions_of(thesis.id)?
        .iter()
        .map(|decision| {
            ThesisDetail::decision(serde_json::to_value(decision).unwrap_or_default(), show_figures)
        })
        .collect();
    Ok(ThesisDetail { summary: ThesisSummary::of(&thesis, lang, show_figures), versions, decisions })
}
