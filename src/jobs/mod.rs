//! The job workers: dedicated OS threads (never the async runtime) that claim check and rescan
//! jobs from the store's durable queue and run them through `pipeline::thesis`.
//!
//! - A check job extracts the version in a child process ([`isolated`]) and checks it; a
//!   refused file fails the job and the version with the student's message.
//! - A rescan job checks its theses one by one, recording each outcome in the store, so after a
//!   restart (`Store::requeue_interrupted_jobs`) it continues where it stopped and counts
//!   nothing twice ([`rescan`]).
//! - With the sharded backend, a check or rescan item waits out unreachable shards instead of
//!   failing ([`outage`]).
//! - With distributed rescans, a rescan job queues its theses for `adal worker` processes
//!   and imports their reports ([`distributed`]).
//! - Between jobs the worker applies the corpus outbox (admitted theses join the corpus).
//!
//! Workers sleep on a [`JobSignal`] that the server rings after queueing work. This module
//! knows nothing about HTTP.

pub mod backoff;
pub mod distributed;
pub mod isolated;
pub mod outage;
pub mod rescan;

use crate::index::CorpusIndex;
use crate::jobs::distributed::RescanQueue;
use crate::pipeline::thesis::{
    apply_corpus_outbox, check_version, now_ms, DocumentExtractor, RefusalRecord, ThesisCheckError,
};
use crate::store::{Job, JobKind, Store, StoreError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long an idle worker sleeps before looking at the queue again without being woken.
const IDLE_POLL: Duration = Duration::from_millis(500);

/// Wakes idle workers when work was queued.
#[derive(Debug, Default)]
pub struct JobSignal {
    pending: Mutex<bool>,
    condvar: Condvar,
}

impl JobSignal {
    pub fn notify(&self) {
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *pending = true;
        self.condvar.notify_all();
    }

    fn wait(&self, timeout: Duration) {
        let pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (mut pending, _) = self
            .condvar
            .wait_timeout_while(pending, timeout, |pending| !*pending)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *pending = false;
    }
}

/// Runs jobs: the store, the index, the extractor and the shutdown flag.
pub struct JobRunner {
    pub store: Store,
    pub index: Arc<CorpusIndex>,
    pub extractor: Arc<dyn DocumentExtractor + Send + Sync>,
    /// Set when the service stops; a rescan stops between two theses and resumes at restart.
    pub stopping: Arc<AtomicBool>,
    /// The shared queue of `adal worker` processes, when rescans are distributed.
    pub distributed_rescans: Option<Arc<RescanQueue>>,
}

impl JobRunner {
    fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Applies the corpus outbox, then claims and runs the next job. Returns false when the
    /// queue was empty.
    pub fn run_next_job(&self) -> Result<bool, StoreError> {
        if let Err(error) = apply_corpus_outbox(&self.store, &self.index) {
            tracing::warn!("applying corpus changes failed: {error}");
        }
        let Some(job) = self.store.claim_next_job(now_ms())? else {
            return Ok(false);
        };
        match &job.kind {
            JobKind::Check { version } => self.run_check_job(&job, *version)?,
            JobKind::Rescan { .. } => match &self.distributed_rescans {
                Some(queue) => {
                    self.run_rescan_distributed(&job, queue)?;
                }
                None => {
                    self.run_rescan_items(&job, None)?;
                }
            },
        }
        Ok(true)
    }

    fn run_check_job(&self, job: &Job, version: u64) -> Result<(), StoreError> {
        let outcome = self.waiting_out_shards_outage(&format!("check of version {version}"), || {
            check_version(&self.store, &self.index, self.extractor.as_ref(), version, Some(job.id))
        });
        let Some(outcome) = outcome else {
            // Stopping: the job stays running and is requeued at the next start.
            return Ok(());
        };
        match outcome {
            Ok(_) => {
                self.store.finish_job(job.id, now_ms())?;
            }
            Err(ThesisCheckError::Refused(refusal)) => {
                if let RefusalRecord::ExtractionFailed { detail } = &refusal {
                    tracing::warn!("extraction of version {version} failed: {detail}");
                }
                self.store.fail_job(job.id, refusal.code(), now_ms())?;
            }
            Err(error) => {
                tracing::warn!("check of version {version} failed: {error}");
                self.store.fail_job(job.id, "internal_error", now_ms())?;
            }
        }
        Ok(())
    }
}

/// The worker threads of a running service.
pub struct WorkerPool {
    stopping: Arc<AtomicBool>,
    signal: Arc<JobSignal>,
    handles: Vec<JoinHandle<()>>,
}

impl WorkerPool {
    /// Starts `count` worker threads.
    pub fn start(count: usize, runner: Arc<JobRunner>, signal: Arc<JobSignal>) -> WorkerPool {
        let handles = (0..count)
            .map(|number| {
                let runner = Arc::clone(&runner);
                let signal = Arc::clone(&signal);
                std::thread::Builder::new()
                    .name(format!("adal-worker-{number}"))
                    .spawn(move || worker_loop(&runner, &signal))
                    .expect("the operating system refused to start a worker thread")
            })
            .collect();
        WorkerPool { stopping: Arc::clone(&runner.stopping), signal, handles }
    }

    /// Asks the workers to stop after their current item and waits for them.
    pub fn shutdown(self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.signal.notify();
        for handle in self.handles {
            let _ = handle.join();
        }
    }
}

fn worker_loop(runner: &JobRunner, signal: &JobSignal) {
    while !runner.is_stopping() {
        match runner.run_next_job() {
            Ok(true) => continue,
            Ok(false) => signal.wait(IDLE_POLL),
            Err(error) => {
                tracing::warn!("{error}");
                signal.wait(IDLE_POLL);
            }
        }
    }
}
