//! A student's request to defend on another day for a valid reason (§22): the student writes to
//! the chair with a supporting document once the schedule is published; the chair (or staff)
//! grants it by moving the defense (`schedules::reschedule` with a valid absence, which the
//! store allows only on a waiting request) or refuses it. The student, the chair and staff who
//! manage the commission read the request and its document; the other members do not (it may be
//! a medical certificate).

use super::access::{authorize_on_thesis, visible_thesis};
use super::schedules::commission_for;
use super::theses::{clean_file_name, OriginalFile, UploadedFile};
use super::{fields, AppError, Services};
use crate::auth::{authorize, AccessTarget, Action, CommissionRef};
use crate::model::Translated;
use crate::store::{AbsenceRequest, CommissionId, ThesisId, User, UserId};
use serde::Serialize;

const REASON_REQUIRED: Translated = crate::messages::text("absence_reason_required");
const DOCUMENT_REQUIRED: Translated = crate::messages::text("absence_document_required");

/// An absence request as the API and the pages show it (not the file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AbsenceView {
    pub thesis: ThesisId,
    pub student: UserId,
    pub student_name: String,
    pub commission: CommissionId,
    pub reason: String,
    pub file_name: String,
    pub byte_len: u64,
    /// `/api/theses/{id}/absence/file`.
    pub file_url: String,
    pub filed_at: i64,
    /// `waiting`, `granted` or `refused`.
    pub state: &'static str,
    pub answered_at: Option<i64>,
}

impl AbsenceView {
    pub fn of(services: &Services, request: &AbsenceRequest) -> AbsenceView {
        let state = match request.answer {
            None => "waiting",
            Some(answer) if answer.granted => "granted",
            Some(_) => "refused",
        };
        AbsenceView {
            thesis: request.thesis,
            student: request.student,
            student_name: services.store.user(request.student).map(|user| user.name).unwrap_or_default(),
            commission: request.commission,
            reason: request.reason.clone(),
            file_name: request.file_name.clone(),
            byte_len: request.byte_len,
            file_url: format!("/api/theses/{}/absence/file", request.thesis),
            filed_at: request.filed_at,
            state,
            answered_at: request.answer.map(|answer| answer.at),
        }
    }
}

/// The student asks the chair to move their published defense, with the reasons and a
/// supporting document (any file: a scan or a PDF); one request waits at a time.
pub fn request_absence(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    reason: &str,
    upload: UploadedFile,
) -> Result<AbsenceRequest, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    authorize_on_thesis(caller, Action::RequestAbsence, &thesis)?;
    let reason = fields::paragraphs("reason", reason, fields::MAX_REASON_CHARS)?;
    if reason.trim().is_empty() {
        return Err(AppError::invalid("absence_reason_required", REASON_REQUIRED));
    }
    if upload.bytes.is_empty() {
        return Err(AppError::invalid("absence_document_required", DOCUMENT_REQUIRED));
    }
    let defense = services.store.defense(thesis_id)?.ok_or(AppError::NotFound)?;
    let published = services.store.schedule_of(defense.commission)?.is_some_and(|s| s.published_at.is_some());
    if !published {
        return Err(AppError::Store(crate::attestation::AttestationError::NotScheduled.into()));
    }
    services.upload_limiter.admit(caller.id, services.now()).map_err(AppError::UploadLimited)?;
    let request = AbsenceRequest {
        thesis: thesis_id,
        student: thesis.student,
        commission: defense.commission,
        reason,
        file_hash: services.store.files().put(&upload.bytes)?,
        file_name: clean_file_name(&upload.file_name),
        byte_len: upload.bytes.len() as u64,
        filed_at: services.now(),
        answer: None,
    };
    services.store.file_absence_request(&request, services.now())?;
    Ok(request)
}

/// The chair (or staff) refuses the waiting request on a defense of their commission.
pub fn refuse_absence(
    services: &Services,
    caller: &User,
    id: CommissionId,
    thesis_id: ThesisId,
) -> Result<AbsenceRequest, AppError> {
    commission_for(services, caller, id, Action::RescheduleForAbsence)?;
    let request = services.store.absence_request(thesis_id)?.filter(|request| request.commission == id);
    request.ok_or(AppError::NotFound)?;
    Ok(services.store.refuse_absence_request(thesis_id, caller.id, services.now())?)
}

/// The latest absence request on a thesis, for its student or whoever may decide it.
pub fn absence_for(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
) -> Result<AbsenceRequest, AppError> {
    let request = services.store.absence_request(thesis_id)?.ok_or(AppError::NotFound)?;
    let is_student = request.student == caller.id;
    let commission = services.store.commission(request.commission)?;
    let target = AccessTarget::Commission(CommissionRef::from(&commission));
    if is_student || authorize(caller, Action::RescheduleForAbsence, &target).is_ok() {
        Ok(request)
    } else {
        Err(AppError::NotFound)
    }
}

/// The requests on a commission's defenses, for those who may decide them (none for others).
pub fn requests_of(
    services: &Services,
    caller: &User,
    id: CommissionId,
) -> Result<Vec<AbsenceRequest>, AppError> {
    if commission_for(services, caller, id, Action::RescheduleForAbsence).is_err() {
        return Ok(Vec::new());
    }
    let Some(schedule) = services.store.schedule_of(id)? else { return Ok(Vec::new()) };
    let mut requests = Vec::new();
    for &(_, thesis) in &schedule.theses {
        requests.extend(services.store.absence_request(thesis)?.filter(|request| request.commission == id));
    }
    Ok(requests)
}

/// The supporting document of a request, for its student or whoever may decide it.
pub fn absence_file(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
) -> Result<OriginalFile, AppError> {
    let request = absence_for(services, caller, thesis_id)?;
    let bytes = services.store.files().get(&request.file_hash)?;
    Ok(OriginalFile { file_name: request.file_name, bytes })
}
