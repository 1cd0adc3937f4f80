//! Bulk rescans: starting one within what the caller may rescan, who may see a job, and a job
//! as the API shows it (state, progress, a failure in the caller's language, and for a
//! distributed rescan the shared queue's view).

use super::access::{authorize_on_thesis, faculty_target, visible_thesis};
use super::{AppError, Services};
use crate::auth::{authorize, AccessTarget, Action};
use crate::jobs::distributed::RescanQueue;
use crate::model::{Translated, UiLang};
use crate::pipeline::thesis::{now_ms, RefusalRecord};
use crate::store::{
    Actor, ExtractionOutcome, Job, JobKind, JobState, RescanSelection, Role, User, VersionId,
};
use serde::Serialize;

const CHECK_FAILED: Translated = crate::messages::text("check_failed");

/// A job as the API shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct JobView {
    pub id: u64,
    /// A rescan's number (checks have none).
    pub number: Option<u64>,
    /// `{"kind": "check", "version": …}` or `{"kind": "rescan", "selection": …}`.
    #[schema(value_type = Object)]
    pub kind: JobKind,
    /// `queued`, `running`, `done` or `failed`.
    pub state: &'static str,
    /// Why a failed job failed.
    pub error: Option<JobFailure>,
    /// A check's version.
    pub version: Option<VersionId>,
    pub progress: JobProgressView,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// Only for a rescan when rescans are distributed: the shared queue's view, `null` when the
    /// queue cannot be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DistributedView>)]
    pub distributed: Option<Option<DistributedView>>,
}

/// Why a job failed: a refusal's code and message, or the check's failure.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct JobFailure {
    pub code: String,
    pub message: String,
}

/// Done / total, the rate and the estimated time left.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct JobProgressView {
    pub done: u64,
    pub total: u64,
    pub failed: u64,
    pub items_per_minute: Option<f64>,
    pub eta_ms: Option<i64>,
}

/// A distributed rescan as the shared queue sees it: rows by state, rows taken over from a
/// dead or slow worker, and the workers seen in the last two minutes.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DistributedView {
    pub queued: u64,
    pub pending: u64,
    pub taken: u64,
    pub done: u64,
    pub failed: u64,
    pub retried: u64,
    pub workers: Vec<WorkerView>,
}

/// A worker seen recently.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct WorkerView {
    pub name: String,
    pub items_done: i64,
    pub seen_ms_ago: i64,
}

/// The job as the API shows it, with a failure message in the caller's language.
pub fn job_view(services: &Services, job: &Job, lang: UiLang) -> JobView {
    let progress = job.progress(now_ms());
    let (state, error) = match &job.state {
        JobState::Queued => ("queued", None),
        JobState::Running => ("running", None),
        JobState::Done => ("done", None),
        JobState::Failed { message } => ("failed", Some(job_failure(services, job, message, lang))),
    };
    let (version, number) = match job.kind {
        JobKind::Check { version } => (Some(version), None),
        JobKind::Rescan { .. } => (None, Some(job.rescan_number())),
    };
    JobView {
        id: job.id,
        number,
        kind: job.kind.clone(),
        state,
        error,
        version,
        progress: JobProgressView {
            done: progress.done,
            total: progress.total,
            failed: progress.failed,
            items_per_minute: progress.items_per_minute,
            eta_ms: progress.eta_ms,
        },
        created_at: job.created_at,
        started_at: job.started_at,
        finished_at: job.finished_at,
        distributed: None,
    }
}

/// A failed check of a refused file names the refusal; any other failure the generic message.
fn job_failure(services: &Services, job: &Job, message: &str, lang: UiLang) -> JobFailure {
    if let JobKind::Check { version } = job.kind {
        if let Ok(ExtractionOutcome::Failed { reason }) =
            services.store.version(version).map(|version| version.extraction)
        {
            let refusal = RefusalRecord::from_stored_reason(&reason);
            return JobFailure { code: refusal.code().to_string(), message: refusal.message(lang) };
        }
    }
    JobFailure { code: message.to_string(), message: CHECK_FAILED.get(lang).to_string() }
}

/// The jobs the caller may see, newest first, as the API shows them (staff).
pub fn job_views(services: &Services, caller: &User, lang: UiLang) -> Result<Vec<JobView>, AppError> {
    authorize(caller, Action::ViewJobs, &AccessTarget::Institution)?;
    let jobs = services.store.jobs()?;
    Ok(jobs
        .iter()
        .rev()
        .filter(|job| authorize_job(services, caller, job).is_ok())
        .map(|job| job_view(services, job, lang))
        .collect())
}

/// The shared queue's view of a distributed rescan; `None` when the queue cannot be read (the
/// job's own progress still answers).
pub fn distributed_view(queue: &RescanQueue, job_id: u64) -> Option<DistributedView> {
    let read = || -> Result<DistributedView, crate::index::sharded::ShardError> {
        let progress = queue.progress(job_id)?;
        let workers = queue.active_workers(std::time::Duration::from_secs(120))?;
        Ok(DistributedView {
            queued: progress.queued,
            pending: progress.pending,
            taken: progress.taken,
            done: progress.done,
            failed: progress.failed,
            retried: progress.retried,
            workers: workers
                .into_iter()
                .map(|worker| WorkerView {
                    name: worker.name,
                    items_done: worker.items_done,
                    seen_ms_ago: worker.seen_ms_ago,
                })
                .collect(),
        })
    };
    read().map_err(|error| tracing::warn!("reading the rescan queue failed: {error}")).ok()
}

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
