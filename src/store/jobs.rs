//! Jobs: checks of uploaded versions and bulk rescans, kept in a durable queue so that work
//! survives a restart and a rescan continues where it stopped.
//!
//! The store only records jobs; the workers that run them live in `jobs`. Checks come before
//! rescans in the queue; within a priority, jobs run in creation order.

use super::tx::{abort, id_key, pair_key, read_u64, TreeName, Tx, TxResult};
use super::{Actor, AuditAction, AuditTarget, JobId, Store, StoreError, Thesis, ThesisId, VersionId};
use serde::{Deserialize, Serialize};

/// Which theses a rescan covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "selection", rename_all = "snake_case")]
pub enum RescanSelection {
    All,
    Faculty {
        faculty: String,
    },
    /// The theses whose planned defense falls in this year.
    Year {
        year: i32,
    },
    Theses {
        theses: Vec<ThesisId>,
    },
}

/// What a job does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobKind {
    Check { version: VersionId },
    Rescan { selection: RescanSelection },
}

impl JobKind {
    /// Queue priority: lower runs first. A student waiting for a report beats a bulk rescan.
    fn priority(&self) -> u64 {
        match self {
            JobKind::Check { .. } => 0,
            JobKind::Rescan { .. } => 1,
        }
    }
}

/// Where a job is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Running,
    Done,
    Failed { message: String },
}

/// A job and its progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: JobId,
    pub kind: JobKind,
    pub state: JobState,
    pub requested_by: Actor,
    /// For a rescan: the theses it covers, fixed when it was queued.
    pub targets: Vec<ThesisId>,
    /// Items finished (successfully or not) out of `total`.
    pub done: u64,
    /// Items that failed (counted in `done` too); one bad file never stops a rescan.
    pub failed: u64,
    pub total: u64,
    pub created_at: i64,
    /// When the job was last started (again, after a restart).
    pub started_at: Option<i64>,
    /// `done` at `started_at`, so that the rate counts only this run's work.
    pub done_at_start: u64,
    pub finished_at: Option<i64>,
    /// A rescan's own sequential number (rescans used to be known by their job id, which they
    /// share with check jobs, so their numbers skipped). `None` for checks and for rescans
    /// stored before the number existed; those keep showing their job id ([`Job::rescan_number`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u64>,
}

/// Progress figures for people: done / total, rate and estimated time left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JobProgress {
    pub done: u64,
    pub total: u64,
    pub failed: u64,
    /// Items per minute since the job last started; `None` before it has run for a moment.
    pub items_per_minute: Option<f64>,
    /// Estimated milliseconds left at that rate.
    pub eta_ms: Option<i64>,
}

impl Job {
    /// The number people know a rescan by: its own sequential number, or, for a rescan stored
    /// before numbering, its job id (the number it was always shown with).
    pub fn rescan_number(&self) -> u64 {
        self.number.unwrap_or(self.id)
    }

    /// The progress of the job at time `now`.
    pub fn progress(&self, now: i64) -> JobProgress {
        let done_this_run = self.done.saturating_sub(self.done_at_start);
        let elapsed_ms = self.started_at.map(|started| now.saturating_sub(started)).unwrap_or(0);
        let items_per_minute = if elapsed_ms > 0 && done_this_run > 0 {
            Some(done_this_run as f64 * 60_000.0 / elapsed_ms as f64)
        } else {
            None
        };
        let remaining = self.total.saturating_sub(self.done);
        let eta_ms = items_per_minute.map(|rate| (remaining as f64 * 60_000.0 / rate) as i64);
        JobProgress { done: self.done, total: self.total, failed: self.failed, items_per_minute, eta_ms }
    }
}

/// How one thesis of a rescan went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RescanItemOutcome {
    Done,
    Failed { message: String },
}

/// The counter of rescan numbers (separate from the job ids that checks use too).
const RESCAN_COUNTER: &str = "rescan";

fn queue_key(job: &Job) -> [u8; 16] {
    pair_key(job.kind.priority(), job.id)
}

impl Tx<'_> {
    /// Queues a job inside the caller's transaction and returns its id.
    pub(crate) fn enqueue_job(
        &self,
        kind: JobKind,
        targets: Vec<ThesisId>,
        requested_by: Actor,
        now: i64,
    ) -> TxResult<JobId> {
        self.enqueue_numbered_job(kind, targets, requested_by, now, None)
    }

    /// [`Tx::enqueue_job`] with the rescan's number.
    fn enqueue_numbered_job(
        &self,
        kind: JobKind,
        targets: Vec<ThesisId>,
        requested_by: Actor,
        now: i64,
        number: Option<u64>,
    ) -> TxResult<JobId> {
        let total = match kind {
            JobKind::Check { .. } => 1,
            JobKind::Rescan { .. } => targets.len() as u64,
        };
        let job = Job {
            id: self.next_id("job")?,
            kind,
            state: JobState::Queued,
            requested_by,
            targets,
            done: 0,
            failed: 0,
            total,
            created_at: now,
            started_at: None,
            done_at_start: 0,
            finished_at: None,
            number,
        };
        self.put(TreeName::Jobs, &id_key(job.id), &job)?;
        self.put_raw(TreeName::JobQueue, &queue_key(&job), &[])?;
        let details = serde_json::json!({ "kind": job.kind, "total": job.total });
        self.audit(now, requested_by, AuditAction::JobQueued, AuditTarget::Job(job.id), details)?;
        Ok(job.id)
    }

    fn end_job(&self, job_id: JobId, state: JobState, now: i64) -> TxResult<Job> {
        let before: Job = self.get_record(TreeName::Jobs, "job", job_id)?;
        if matches!(before.state, JobState::Done | JobState::Failed { .. }) {
            return abort(StoreError::Invalid { reason: "the job has already ended" });
        }
        self.remove(TreeName::JobQueue, &queue_key(&before))?;
        let done = if matches!(before.kind, JobKind::Check { .. }) { before.total } else { before.done };
        let job = Job { state, done, finished_at: Some(now), ..before };
        self.put(TreeName::Jobs, &id_key(job_id), &job)?;
        let (action, details) = match &job.state {
            JobState::Failed { message } => {
                (AuditAction::JobFailed, serde_json::json!({ "message": message }))
            }
            _ => (AuditAction::JobFinished, serde_json::json!({ "done": job.done, "failed": job.failed })),
        };
        self.audit(now, Actor::System, action, AuditTarget::Job(job_id), details)?;
        if let (JobKind::Rescan { .. }, Actor::User(user)) = (&job.kind, job.requested_by) {
            let kind =
                super::NotificationKind::RescanFinished { job: job_id, done: job.done, failed: job.failed };
            self.notify(user, kind, now)?;
        }
        Ok(job)
    }
}

impl Store {
    /// Queues a rescan of the selected theses (resolved now, so the job's total is fixed).
    pub fn enqueue_rescan(
        &self,
        selection: &RescanSelection,
        actor: Actor,
        now: i64,
    ) -> Result<Job, StoreError> {
        let theses: Vec<Thesis> = self.read_all(TreeName::Theses)?;
        let targets: Vec<ThesisId> = theses
            .iter()
            .filter(|thesis| match selection {
                RescanSelection::All => true,
                RescanSelection::Faculty { faculty } => &thesis.faculty == faculty,
                RescanSelection::Year { year } => {
                    thesis.planned_defense.is_some_and(|date| date.year == *year)
                }
                RescanSelection::Theses { theses } => theses.contains(&thesis.id),
            })
            .map(|thesis| thesis.id)
            .collect();
        let kind = JobKind::Rescan { selection: selection.clone() };
        // The first numbered rescan follows the highest number shown so far (old rescans show
        // their job id), so the numbers people see never go back and never skip from now on.
        let counter_key = format!("counter/{RESCAN_COUNTER}");
        let floor = match self.tree(TreeName::Meta).contains_key(counter_key.as_bytes())? {
            true => 0,
            false => {
                let jobs = self.jobs()?;
                let rescans = jobs.iter().filter(|job| matches!(job.kind, JobKind::Rescan { .. }));
                rescans.map(Job::rescan_number).max().unwrap_or(0)
            }
        };
        let job_id = self.write(|tx| {
            let number = tx.next_id_from(RESCAN_COUNTER, floor)?;
            tx.enqueue_numbered_job(kind.clone(), targets.clone(), actor, now, Some(number))
        })?;
        self.job(job_id)
    }

    pub fn job(&self, id: JobId) -> Result<Job, StoreError> {
        self.read_record(TreeName::Jobs, "job", id)
    }

    /// All jobs, oldest first.
    pub fn jobs(&self) -> Result<Vec<Job>, StoreError> {
        self.read_all(TreeName::Jobs)
    }

    /// Takes the first job of the queue and marks it running; `None` when the queue is empty.
    /// Safe with several workers: a job is handed to one of them only.
    pub fn claim_next_job(&self, now: i64) -> Result<Option<Job>, StoreError> {
        loop {
            let Some(first) = self.tree(TreeName::JobQueue).first()? else {
                return Ok(None);
            };
            let queue_key_bytes = first.0.to_vec();
            let job_id = read_u64(TreeName::JobQueue, &queue_key_bytes, 8)?;
            let claimed = self.write(|tx| {
                if !tx.contains(TreeName::JobQueue, &queue_key_bytes)? {
                    // Another worker took it between the scan and this transaction.
                    return Ok(None);
                }
                tx.remove(TreeName::JobQueue, &queue_key_bytes)?;
                let before: Job = tx.get_record(TreeName::Jobs, "job", job_id)?;
                let job = Job {
                    state: JobState::Running,
                    started_at: Some(now),
                    done_at_start: before.done,
                    ..before
                };
                tx.put(TreeName::Jobs, &id_key(job_id), &job)?;
                Ok(Some(job))
            })?;
            if claimed.is_some() {
                return Ok(claimed);
            }
        }
    }

    /// Records how one thesis of a rescan went. Recording the same thesis twice counts it once,
    /// so a worker that resumes after a crash may safely redo the item it was working on.
    pub fn record_rescan_item(
        &self,
        job_id: JobId,
        thesis: ThesisId,
        outcome: &RescanItemOutcome,
    ) -> Result<Job, StoreError> {
        self.write(|tx| {
            let before: Job = tx.get_record(TreeName::Jobs, "job", job_id)?;
            if !before.targets.contains(&thesis) {
                return abort(StoreError::Invalid { reason: "the thesis is not part of this rescan" });
            }
            let item_key = pair_key(job_id, thesis);
            if tx.contains(TreeName::RescanItems, &item_key)? {
                return Ok(before);
            }
            tx.put(TreeName::RescanItems, &item_key, outcome)?;
            let failed = matches!(outcome, RescanItemOutcome::Failed { .. }) as u64;
            let job = Job { done: before.done + 1, failed: before.failed + failed, ..before };
            tx.put(TreeName::Jobs, &id_key(job_id), &job)?;
            Ok(job)
        })
    }

    /// The outcomes recorded so far for a rescan, by thesis id.
    pub fn rescan_items(&self, job_id: JobId) -> Result<Vec<(ThesisId, RescanItemOutcome)>, StoreError> {
        let mut items = Vec::new();
        for item in self.tree(TreeName::RescanItems).scan_prefix(id_key(job_id)) {
            let (key, bytes) = item?;
            let thesis = read_u64(TreeName::RescanItems, &key, 8)?;
            items.push((thesis, super::tx::decode(TreeName::RescanItems, &key, &bytes)?));
        }
        Ok(items)
    }

    /// The theses of a rescan that have no recorded outcome yet, in target order.
    pub fn rescan_remaining(&self, job_id: JobId) -> Result<Vec<ThesisId>, StoreError> {
        let job = self.job(job_id)?;
        let mut remaining = Vec::new();
        for thesis in job.targets {
            if !self.tree(TreeName::RescanItems).contains_key(pair_key(job_id, thesis))? {
                remaining.push(thesis);
            }
        }
        Ok(remaining)
    }

    /// Marks a job done.
    pub fn finish_job(&self, job_id: JobId, now: i64) -> Result<Job, StoreError> {
        self.write(|tx| tx.end_job(job_id, JobState::Done, now))
    }

    /// Marks a job failed with a message for the log and the staff.
    pub fn fail_job(&self, job_id: JobId, message: &str, now: i64) -> Result<Job, StoreError> {
        self.write(|tx| tx.end_job(job_id, JobState::Failed { message: message.to_string() }, now))
    }

    /// Puts jobs that were running when Adal stopped back into the queue; call once at startup,
    /// before the workers start. Returns their ids.
    pub fn requeue_interrupted_jobs(&self, now: i64) -> Result<Vec<JobId>, StoreError> {
        let running: Vec<Job> =
            self.jobs()?.into_iter().filter(|job| job.state == JobState::Running).collect();
        let mut requeued = Vec::new();
        for job in running {
            self.write(|tx| {
                let current: Job = tx.get_record(TreeName::Jobs, "job", job.id)?;
                let job = Job { state: JobState::Queued, ..current };
                tx.put(TreeName::Jobs, &id_key(job.id), &job)?;
                tx.put_raw(TreeName::JobQueue, &queue_key(&job), &[])?;
                let details = serde_json::json!({ "done": job.done, "total": job.total });
                tx.audit(now, Actor::System, AuditAction::JobRequeued, AuditTarget::Job(job.id), details)?;
                Ok(())
            })?;
            requeued.push(job.id);
        }
        Ok(requeued)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #16, point 7: rescans took their number from the job ids they share with checks,
    /// so "Rescan #7" followed "Rescan #3". A rescan stored before numbering (no `number`)
    /// still reads and keeps its old number; the next rescans follow it without gaps, whatever
    /// checks are queued between them.
    #[test]
    fn rescan_numbers_do_not_skip_and_old_rescans_still_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let now = 1_000;
        let _ = crate::store::test_support::upload_as_new_student(&store, "Aru", b"text", now);
        // A rescan as an older release stored it: job id 3, no number field.
        let mut old = serde_json::json!({
            "id": 3, "kind": { "kind": "rescan", "selection": { "selection": "all" } },
            "state": { "state": "done" }, "requested_by": "system", "targets": [], "done": 0,
            "failed": 0, "total": 0, "created_at": now, "started_at": null, "done_at_start": 0,
            "finished_at": now,
        });
        old["requested_by"] = serde_json::to_value(Actor::System).expect("actor");
        store
            .tree(TreeName::Jobs)
            .insert(id_key(3), serde_json::to_vec(&old).expect("json"))
            .expect("insert");
        store
            .write(|tx| {
                tx.next_id("job")?;
                tx.next_id("job")?;
                Ok(())
            })
            .expect("ids");
        let read_back = store.job(3).expect("the old rescan reads");
        assert_eq!((read_back.number, read_back.rescan_number()), (None, 3));

        let first = store.enqueue_rescan(&RescanSelection::All, Actor::System, now).expect("rescan");
        let _ = crate::store::test_support::upload_as_new_student(&store, "Bek", b"more text", now);
        let _ = crate::store::test_support::upload_as_new_student(&store, "Dana", b"other text", now);
        let second = store.enqueue_rescan(&RescanSelection::All, Actor::System, now).expect("rescan");
        assert!(second.id > first.id + 1, "check jobs came between: ids {} and {}", first.id, second.id);
        assert_eq!((first.rescan_number(), second.rescan_number()), (4, 5), "numbers follow the old one");
        let stored = store.job(second.id).expect("job");
        assert_eq!(stored.number, Some(5), "the number is stored");
    }
}
