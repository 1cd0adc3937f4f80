//! Bulk rescans: check the current version of every selected thesis against today's corpus,
//! one thesis at a time, recording each outcome durably; and the summary of score changes.
//!
//! One bad file never stops a rescan: its thesis is recorded as failed with a code and the
//! rescan goes on. Recording an outcome twice counts it once (the store keeps one outcome per
//! thesis), so resuming after a crash is safe.

use super::JobRunner;
use crate::pipeline::thesis::{now_ms, recheck_thesis, ThesisCheckError};
use crate::store::{Job, JobKind, RescanItemOutcome, Store, StoreError, ThesisId};

impl JobRunner {
    /// Runs the remaining theses of a claimed rescan job, at most `max_items` of them when
    /// given. Finishes the job when none remain; returns whether it finished. Stops early
    /// (leaving the job running, to be requeued at restart) when the service is stopping.
    pub fn run_rescan_items(&self, job: &Job, max_items: Option<usize>) -> Result<bool, StoreError> {
        let remaining = self.store.rescan_remaining(job.id)?;
        for (position, thesis) in remaining.iter().enumerate() {
            if self.is_stopping() || max_items.is_some_and(|max| position >= max) {
                return Ok(false);
            }
            let checked = self
                .waiting_out_shards_outage(&format!("rescan {} of thesis {thesis}", job.id), || {
                    recheck_thesis(&self.store, &self.index, self.extractor.as_ref(), *thesis, Some(job.id))
                });
            let Some(checked) = checked else {
                // Stopping: the job resumes with this thesis at the next start.
                return Ok(false);
            };
            let outcome = match checked {
                Ok(_) => RescanItemOutcome::Done,
                Err(ThesisCheckError::Refused(refusal)) => {
                    RescanItemOutcome::Failed { message: refusal.code().to_string() }
                }
                Err(ThesisCheckError::NoVersion) => {
                    RescanItemOutcome::Failed { message: "no_version".into() }
                }
                Err(error) => {
                    tracing::warn!("rescan {} of thesis {thesis} failed: {error}", job.id);
                    RescanItemOutcome::Failed { message: "internal_error".into() }
                }
            };
            self.store.record_rescan_item(job.id, *thesis, &outcome)?;
        }
        self.store.finish_job(job.id, now_ms())?;
        Ok(true)
    }
}

/// One line of a rescan summary.
#[derive(Clone, Debug, PartialEq)]
pub struct RescanSummaryRow {
    pub thesis: ThesisId,
    pub title: String,
    /// The latest similarity recorded before the rescan was queued.
    pub old_similarity: Option<f64>,
    /// The similarity the rescan found.
    pub new_similarity: Option<f64>,
    /// The failure code, when the thesis could not be rescanned.
    pub failure: Option<String>,
}

/// The per-thesis outcome of a rescan with old and new similarity.
pub fn rescan_summary(store: &Store, job: &Job) -> Result<Vec<RescanSummaryRow>, StoreError> {
    if !matches!(job.kind, JobKind::Rescan { .. }) {
        return Err(StoreError::Invalid { reason: "the job is not a rescan" });
    }
    let outcomes = store.rescan_items(job.id)?;
    let mut rows = Vec::with_capacity(job.targets.len());
    for thesis_id in &job.targets {
        let thesis = store.thesis(*thesis_id)?;
        let outcome = outcomes.iter().find(|(id, _)| id == thesis_id).map(|(_, outcome)| outcome);
        let mut checks = Vec::new();
        if let Some(version) = thesis.state.current_version() {
            checks = store.checks_of(version)?;
        }
        let old_similarity =
            checks.iter().rfind(|check| check.created_at < job.created_at).map(|check| check.similarity);
        let new_similarity = match outcome {
            Some(RescanItemOutcome::Done) => {
                checks.iter().rfind(|check| check.created_at >= job.created_at).map(|check| check.similarity)
            }
            _ => None,
        };
        let failure = match outcome {
            Some(RescanItemOutcome::Failed { message }) => Some(message.clone()),
            Some(RescanItemOutcome::Done) => None,
            None => Some("pending".to_string()),
        };
        rows.push(RescanSummaryRow {
            thesis: *thesis_id,
            title: thesis.title,
            old_similarity,
            new_similarity,
            failure,
        });
    }
    Ok(rows)
}

pub use crate::app::export::csv_field;

fn figure(value: Option<f64>) -> String {
    value.map(|value| format!("{value:.1}")).unwrap_or_default()
}

/// The summary as CSV: thesis, title, old similarity, new similarity, change, failure.
pub fn rescan_summary_csv(rows: &[RescanSummaryRow]) -> String {
    let header = ["thesis", "title", "old_similarity", "new_similarity", "change", "failure"];
    let lines = rows.iter().map(|row| {
        let change = match (row.old_similarity, row.new_similarity) {
            (Some(old), Some(new)) => format!("{:+.1}", new - old),
            _ => String::new(),
        };
        vec![
            row.thesis.to_string(),
            row.title.clone(),
            figure(row.old_similarity),
            figure(row.new_similarity),
            change,
            row.failure.clone().unwrap_or_default(),
        ]
    });
    crate::app::export::csv_document(&header, lines)
}
