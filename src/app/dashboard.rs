//! What the staff dashboard shows, as typed facts before any formatting: the theses the caller
//! sees (for the counts by state and the faculties), those above the threshold (highest
//! first), whether the caller may start a rescan, the latest rescans the caller may see, and
//! admitted theses that could not join the corpus for more than five minutes.
//!
//! The page (`web::pages::staff`) only words and formats these facts.

use super::access::{faculty_target, visible_thesis};
use super::rescans::authorize_job;
use super::thesis_list::similarity_of;
use super::{AppError, Services};
use crate::auth::{authorize, thesis_scope, AccessTarget, Action};
use crate::pipeline::thesis::{now_ms, stalled_corpus_joins};
use crate::store::{Job, JobKind, Thesis, ThesisId, User};
use crate::workflow::Settings;

/// An admitted thesis that has not joined the corpus after this long is shown as stalled.
const STALLED_JOIN_MS: i64 = 5 * 60_000;

/// The rescans the dashboard lists.
const LATEST_RESCANS: usize = 10;

/// Everything the dashboard shows, unformatted.
#[derive(Clone, Debug)]
pub struct Dashboard {
    pub settings: Settings,
    /// Every thesis the caller may see.
    pub theses: Vec<Thesis>,
    /// Those whose figure needs a justification, the highest first.
    pub above_threshold: Vec<Thesis>,
    pub can_rescan: bool,
    /// The latest rescans the caller may see, newest first (none without `ViewJobs`).
    pub rescans: Vec<Job>,
    /// Admitted theses stalled on their way into the corpus (none without `ViewJobs`).
    pub stalled_joins: Vec<ThesisId>,
    /// The faculties of the theses, sorted, without the empty one.
    pub faculties: Vec<String>,
    /// The appeals the caller sees whose meeting or delivery deadline has passed undone.
    pub overdue_appeals: Vec<super::appeals::AppealView>,
}

/// The dashboard's facts for staff (`Action::ViewAdmissionList` over their faculty).
pub fn dashboard(services: &Services, caller: &User) -> Result<Dashboard, AppError> {
    authorize(caller, Action::ViewAdmissionList, &faculty_target(caller))?;
    let settings = services.store.settings()?;
    let theses = services.store.list_theses(&thesis_scope(caller))?;
    let figure = |thesis: &Thesis| similarity_of(&thesis.state);
    let mut above_threshold: Vec<Thesis> = theses
        .iter()
        .filter(|thesis| figure(thesis).is_some_and(|value| settings.needs_justification(value)))
        .cloned()
        .collect();
    above_threshold.sort_by(|a, b| figure(b).unwrap_or(0.0).total_cmp(&figure(a).unwrap_or(0.0)));
    let can_rescan = authorize(caller, Action::StartRescan, &AccessTarget::Institution).is_ok()
        || authorize(caller, Action::StartRescan, &faculty_target(caller)).is_ok();
    let may_view_jobs = authorize(caller, Action::ViewJobs, &AccessTarget::Institution).is_ok();
    let (rescans, stalled_joins) = if may_view_jobs {
        (latest_rescans(services, caller)?, stalled_joins(services, caller)?)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut faculties: Vec<String> = theses.iter().map(|thesis| thesis.faculty.clone()).collect();
    faculties.sort_unstable();
    faculties.dedup();
    faculties.retain(|faculty| !faculty.is_empty());
    let overdue_appeals = super::appeals::appeals_for(services, caller)?
        .iter()
        .map(|appeal| super::appeals::AppealView::of(services, appeal))
        .filter(|view| view.overdue.is_some())
        .collect();
    Ok(Dashboard {
        settings,
        theses,
        above_threshold,
        can_rescan,
        rescans,
        stalled_joins,
        faculties,
        overdue_appeals,
    })
}

fn latest_rescans(services: &Services, caller: &User) -> Result<Vec<Job>, AppError> {
    Ok(services
        .store
        .jobs()?
        .into_iter()
        .rev()
        .filter(|job| matches!(job.kind, JobKind::Rescan { .. }))
        .filter(|job| authorize_job(services, caller, job).is_ok())
        .take(LATEST_RESCANS)
        .collect())
}

fn stalled_joins(services: &Services, caller: &User) -> Result<Vec<ThesisId>, AppError> {
    Ok(stalled_corpus_joins(&services.store, now_ms(), STALLED_JOIN_MS)?
        .into_iter()
        .filter(|thesis| visible_thesis(services, caller, *thesis).is_ok())
        .collect())
}
