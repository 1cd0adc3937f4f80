//! Bulk rescans: starting one within what the caller may rescan, and who may see a job.

use super::access::{authorize_on_thesis, faculty_target, visible_thesis};
use super::{AppError, Services};
use crate::auth::{authorize, AccessTarget, Action};
use crate::store::{Actor, Job, JobKind, RescanSelection, Role, User};

/// May the caller see this job? A check job: whoever may view its thesis. A rescan: staff whose
/// view covers every thesis it rescans (faculty staff see their faculty's rescans, not a rescan
/// of the whole institution); otherwise not found, as if it did not exist.
pub fn authorize_job(services: &Services, caller: &User, job: &Job) -> Result<(), AppError> {
    match job.kind {
        JobKind::Check { version } => {
            let version = services.store.version(version)?;
            visible_thesis(services, caller, version.thesis).map(|_| ())
        }
        JobKind::Rescan { .. } => {
            authorize(caller, Action::ViewJobs, &AccessTarget::Institution)
                .map_err(|_| AppError::NotFound)?;
            for thesis in &job.targets {
                visible_thesis(services, caller, *thesis)?;
            }
            Ok(())
        }
    }
}

/// Queues a bulk rescan. Staff of one faculty rescan their faculty's theses only: "all" becomes
/// their faculty, a list is checked thesis by thesis, and a year (across faculties) needs
/// institution rights.
pub fn start_rescan(services: &Services, caller: &User, selection: RescanSelection) -> Result<Job, AppError> {
    let selection = match (selection, caller.role) {
        (RescanSelection::All, Role::Staff) => match faculty_target(caller) {
            AccessTarget::Faculty(faculty) => RescanSelection::Faculty { faculty },
            _ => RescanSelection::All,
        },
        (selection, _) => selection,
    };
    match &selection {
        RescanSelection::Faculty { faculty } => {
            authorize(caller, Action::StartRescan, &AccessTarget::Faculty(faculty.clone()))?;
        }
        RescanSelection::Theses { theses } => {
            authorize(caller, Action::StartRescan, &faculty_target(caller))?;
            for thesis_id in theses {
                let thesis = visible_thesis(services, caller, *thesis_id)?;
                authorize_on_thesis(caller, Action::StartRescan, &thesis)?;
            }
        }
        RescanSelection::All | RescanSelection::Year { .. } => {
            authorize(caller, Action::StartRescan, &AccessTarget::Institution)?;
        }
    }
    let job = services.store.enqueue_rescan(&selection, Actor::User(caller.id), services.now())?;
    services.job_signal.notify();
    Ok(job)
}
