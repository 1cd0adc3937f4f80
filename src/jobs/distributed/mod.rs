//! Distributed bulk rescans: the service side of the shared rescan queue (`queue`).
//!
//! With `distributed_rescans` on, a rescan job does not check theses itself. It extracts each
//! thesis's current version (in isolated child processes, as always, a chunk of them in
//! parallel), queues the text with
//! its check options for `adal worker` processes, and imports the reports they record into the
//! store as the job's checks. Progress is the store's rescan progress, as for a local rescan.
//!
//! Restarts and repeats are safe: queueing skips theses already queued for the job, a
//! thesis's outcome is recorded once in the store, and a report whose check the store already
//! has for this job is not recorded again.

use super::JobRunner;
use crate::pipeline::thesis::{check_options_for, extract_version, now_ms, record_report, ThesisCheckError};
use crate::report::Report;
pub mod queue;
pub mod worker;

pub use queue::{ClaimedItem, QueueProgress, RescanPayload, RescanQueue};

use crate::index::sharded::ShardError;
use crate::store::{Job, RescanItemOutcome, StoreError};
use rayon::prelude::*;
use std::collections::HashSet;
use std::time::Duration;

/// A row for the queue: thesis, version, payload.
type QueueRow = (u64, u64, Vec<u8>);

/// Theses extracted and queued between two imports.
const QUEUE_CHUNK: usize = 32;
/// Finished rows imported at a time.
const IMPORT_CHUNK: usize = 200;
/// How long to wait for workers when nothing was imported.
const IMPORT_POLL: Duration = Duration::from_millis(200);

/// Why a round failed: the store (the job stops) or the queue (the job waits and retries).
#[derive(Debug)]
enum RoundError {
    Store(StoreError),
    Queue(ShardError),
}

impl From<StoreError> for RoundError {
    fn from(error: StoreError) -> RoundError {
        RoundError::Store(error)
    }
}

impl From<ShardError> for RoundError {
    fn from(error: ShardError) -> RoundError {
        RoundError::Queue(error)
    }
}

impl JobRunner {
    /// Runs a rescan job through the shared queue. Returns whether it finished (false when
    /// the service is stopping; the job resumes at the next start). While the queue cannot be
    /// reached the job waits and tries again; extracted theses are kept until they are queued.
    pub(super) fn run_rescan_distributed(&self, job: &Job, queue: &RescanQueue) -> Result<bool, StoreError> {
        let mut to_queue: Option<Vec<u64>> = None;
        let mut unsent: Vec<QueueRow> = Vec::new();
        let mut backoff = super::backoff::Backoff::new(IMPORT_POLL, Duration::from_secs(30));
        loop {
            if self.is_stopping() {
                return Ok(false);
            }
            match self.distributed_round(job, queue, &mut to_queue, &mut unsent) {
                Ok(true) => break,
                Ok(false) => backoff.reset(),
                Err(RoundError::Store(error)) => return Err(error),
                Err(RoundError::Queue(error)) => {
                    let pause = backoff.next_pause();
                    tracing::warn!("rescan {}: the queue failed ({error}); retrying in {pause:?}", job.id);
                    std::thread::sleep(pause);
                }
            }
        }
        self.store.finish_job(job.id, now_ms())?;
        Ok(true)
    }

    /// One round: queue the next chunk of theses, import what workers finished. Returns true
    /// when every thesis of the job has its outcome.
    fn distributed_round(
        &self,
        job: &Job,
        queue: &RescanQueue,
        to_queue: &mut Option<Vec<u64>>,
        unsent: &mut Vec<QueueRow>,
    ) -> Result<bool, RoundError> {
        let to_queue = match to_queue {
            Some(to_queue) => to_queue,
            None => {
                let queued: HashSet<u64> = queue.queued_theses(job.id)?.into_iter().collect();
                let mut remaining: Vec<u64> = self
                    .store
                    .rescan_remaining(job.id)?
                    .into_iter()
                    .filter(|thesis| !queued.contains(thesis))
                    .collect();
                remaining.reverse();
                to_queue.insert(remaining)
            }
        };
        if unsent.is_empty() {
            // Extraction runs in child processes: a chunk is extracted on all cores at once.
            let picked: Vec<u64> = std::iter::from_fn(|| to_queue.pop()).take(QUEUE_CHUNK).collect();
            let prepared: Vec<Result<Option<QueueRow>, StoreError>> = picked
                .par_iter()
                .map(|&thesis| {
                    let payload = self.prepare_item(job, thesis)?;
                    Ok(payload.map(|payload| (thesis, payload.version, payload.to_bytes())))
                })
                .collect();
            for item in prepared {
                unsent.extend(item?);
            }
        }
        if !unsent.is_empty() {
            queue.enqueue(job.id, unsent)?;
            unsent.clear();
        }
        let imported = self.import_finished(job, queue)?;
        if to_queue.is_empty() && self.store.rescan_remaining(job.id)?.is_empty() {
            return Ok(true);
        }
        if to_queue.is_empty() && imported == 0 {
            std::thread::sleep(IMPORT_POLL);
        }
        Ok(false)
    }

    /// Extracts a thesis's current version for the queue. Theses that need no worker (no
    /// version, a refused file, a check this job already recorded) get their outcome here.
    fn prepare_item(&self, job: &Job, thesis_id: u64) -> Result<Option<RescanPayload>, StoreError> {
        let thesis = self.store.thesis(thesis_id)?;
        let Some(version) = thesis.state.current_version() else {
            let outcome = RescanItemOutcome::Failed { message: "no_version".into() };
            self.store.record_rescan_item(job.id, thesis_id, &outcome)?;
            return Ok(None);
        };
        if self.store.check_of_job(version, job.id)?.is_some() {
            self.store.record_rescan_item(job.id, thesis_id, &RescanItemOutcome::Done)?;
            return Ok(None);
        }
        let extracted = extract_version(&self.store, self.extractor.as_ref(), version).and_then(
            |(document, extract_ms)| Ok((document, check_options_for(&self.store, version, extract_ms)?)),
        );
        match extracted {
            Ok((document, options)) => Ok(Some(RescanPayload {
                version,
                title: options.title,
                exclude_document_ids: options.exclude_document_ids,
                author_names: options.author_names,
                extract_ms: options.extract_ms,
                document,
            })),
            Err(error) => {
                let message = match error {
                    ThesisCheckError::Refused(refusal) => refusal.code().to_string(),
                    other => {
                        tracing::warn!("rescan {} of thesis {thesis_id} failed: {other}", job.id);
                        "internal_error".to_string()
                    }
                };
                self.store.record_rescan_item(job.id, thesis_id, &RescanItemOutcome::Failed { message })?;
                Ok(None)
            }
        }
    }

    /// Imports the job's finished rows into the store; returns how many.
    fn import_finished(&self, job: &Job, queue: &RescanQueue) -> Result<usize, RoundError> {
        let finished = queue.finished_unimported(job.id, IMPORT_CHUNK)?;
        for item in &finished {
            let outcome = match &item.outcome {
                Ok(report_json) => self.import_report(job, item.version, report_json)?,
                Err(code) => RescanItemOutcome::Failed { message: code.clone() },
            };
            self.store.record_rescan_item(job.id, item.thesis, &outcome)?;
            queue.mark_imported(job.id, item.thesis)?;
        }
        Ok(finished.len())
    }

    fn import_report(
        &self,
        job: &Job,
        version: u64,
        report_json: &[u8],
    ) -> Result<RescanItemOutcome, StoreError> {
        if self.store.check_of_job(version, job.id)?.is_some() {
            return Ok(RescanItemOutcome::Done);
        }
        let report = std::str::from_utf8(report_json).ok().and_then(|json| Report::from_json(json).ok());
        let Some(report) = report else {
            tracing::warn!(
                "adal: rescan {}: a worker recorded an unreadable report for version {version}",
                job.id
            );
            return Ok(RescanItemOutcome::Failed { message: "internal_error".into() });
        };
        match record_report(&self.store, version, Some(job.id), &report) {
            Ok(_) => Ok(RescanItemOutcome::Done),
            Err(ThesisCheckError::Store(error)) => Err(error),
            Err(other) => {
                tracing::warn!(
                    "adal: rescan {}: recording the report of version {version} failed: {other}",
                    job.id
                );
                Ok(RescanItemOutcome::Failed { message: "internal_error".into() })
            }
        }
    }
}
