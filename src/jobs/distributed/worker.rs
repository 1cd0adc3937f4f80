//! The `adal worker` loop: take rescan work from the shared queue, check it, record reports.
//!
//! A worker claims a batch of rows, checks all of them with one candidate call to the shards
//! (`pipeline::check::check_documents`), reading the candidates' texts from the corpus index
//! (a read-only copy of the service's tantivy index), and records each report under the
//! claim's attempt number. A helper thread renews the lease while the batch runs. If the
//! worker dies, its rows are claimed again by another worker when the lease runs out; if it
//! was only slow and lost its lease, its late outcomes are refused by the queue.

use super::queue::{ClaimedItem, RescanPayload, RescanQueue};
use crate::index::sharded::ShardError;
use crate::index::CorpusIndex;
use crate::pipeline::check::{check_documents, CheckOptions};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How often an idle worker reports that it is alive.
const IDLE_HEARTBEAT: Duration = Duration::from_secs(10);

/// How a worker runs.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// The name recorded on claimed rows and in `adal_worker`.
    pub name: String,
    /// Rows claimed (and checked with one candidate call) at a time.
    pub batch: usize,
    /// How long a claim holds without renewal; a dead worker's rows wait this long.
    pub lease: Duration,
    /// How long to sleep when the queue is empty.
    pub idle_poll: Duration,
    /// Stop once no row of any job is pending or taken (for benchmarks and tests).
    pub exit_when_idle: bool,
}

/// What a worker did before it stopped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkerSummary {
    pub batches: u64,
    pub done: u64,
    pub failed: u64,
    /// Outcomes refused because the lease had been taken over.
    pub lost_leases: u64,
}

/// Runs until `stopping` is set (or the queue is empty, with `exit_when_idle`). A failure to
/// reach the queue is logged and retried with a growing pause (up to 30 s): a restarted proxy
/// does not stop the workers.
pub fn run_worker(
    index: &CorpusIndex,
    queue: &RescanQueue,
    options: &WorkerOptions,
    stopping: &AtomicBool,
) -> Result<WorkerSummary, ShardError> {
    let mut summary = WorkerSummary::default();
    let mut last_heartbeat: Option<Instant> = None;
    let mut backoff = crate::jobs::backoff::Backoff::new(options.idle_poll, Duration::from_secs(30));
    while !stopping.load(Ordering::SeqCst) {
        match step(index, queue, options, &mut summary, &mut last_heartbeat) {
            Ok(Step::Worked) => backoff.reset(),
            Ok(Step::Idle) => {
                backoff.reset();
                std::thread::sleep(options.idle_poll);
            }
            Ok(Step::Finished) => break,
            Err(error) => {
                let pause = backoff.next_pause();
                tracing::warn!(
                    "adal worker {}: the queue failed ({error}); retrying in {pause:?}",
                    options.name
                );
                std::thread::sleep(pause);
            }
        }
    }
    Ok(summary)
}

/// What one turn of the loop did.
enum Step {
    Worked,
    Idle,
    Finished,
}

fn step(
    index: &CorpusIndex,
    queue: &RescanQueue,
    options: &WorkerOptions,
    summary: &mut WorkerSummary,
    last_heartbeat: &mut Option<Instant>,
) -> Result<Step, ShardError> {
    let claimed = queue.claim(&options.name, options.batch.max(1), options.lease)?;
    if claimed.is_empty() {
        // An idle worker still shows it is alive (the service lists recent workers).
        if last_heartbeat.is_none_or(|at| at.elapsed() >= IDLE_HEARTBEAT) {
            queue.heartbeat(&options.name, 0)?;
            *last_heartbeat = Some(Instant::now());
        }
        if options.exit_when_idle && queue.open_items()? == 0 {
            return Ok(Step::Finished);
        }
        return Ok(Step::Idle);
    }
    summary.batches += 1;
    let finished_before = summary.done + summary.failed;
    if let Err(error) = run_batch(index, queue, &claimed, options, summary) {
        // The index or the shards failed: the rows are claimed again when their lease runs out.
        tracing::warn!("adal worker {}: batch failed, its rows will be retried: {error}", options.name);
        std::thread::sleep(options.idle_poll);
    }
    queue.heartbeat(&options.name, summary.done + summary.failed - finished_before)?;
    *last_heartbeat = Some(Instant::now());
    Ok(Step::Worked)
}

fn run_batch(
    index: &CorpusIndex,
    queue: &RescanQueue,
    claimed: &[ClaimedItem],
    options: &WorkerOptions,
    summary: &mut WorkerSummary,
) -> Result<(), ShardError> {
    index.reload()?;
    let mut readable = Vec::with_capacity(claimed.len());
    for item in claimed {
        match RescanPayload::from_bytes(&item.payload) {
            Ok(payload) => readable.push((item, payload)),
            Err(error) => {
                tracing::warn!("adal worker {}: thesis {}: {error}", options.name, item.thesis);
                record(queue, item, Err("bad_payload"), summary)?;
            }
        }
    }
    let check_options: Vec<CheckOptions> = readable
        .iter()
        .map(|(_, payload)| CheckOptions {
            title: payload.title.clone(),
            exclude_document_ids: payload.exclude_document_ids.clone(),
            author_names: payload.author_names.clone(),
            exclusions: None,
            max_sources: None,
            extract_ms: payload.extract_ms,
        })
        .collect();
    let inputs: Vec<_> = readable
        .iter()
        .zip(&check_options)
        .map(|((_, payload), options)| (&payload.document, options))
        .collect();

    let (stop_renewing, renew_signal) = mpsc::channel::<()>();
    let reports = std::thread::scope(|scope| {
        scope.spawn(move || {
            // Renew the lease every third of it until the batch is done.
            while let Err(mpsc::RecvTimeoutError::Timeout) = renew_signal.recv_timeout(options.lease / 3) {
                if let Err(error) = queue.renew(claimed, options.lease) {
                    tracing::warn!("adal worker {}: renewing the lease failed: {error}", options.name);
                }
            }
        });
        let reports = check_documents(index, &inputs);
        let _ = stop_renewing.send(());
        reports
    });
    let reports = reports.map_err(|error| match error {
        crate::pipeline::check::CheckError::Index(error) => ShardError::Index(error),
    })?;
    for ((item, _), report) in readable.iter().zip(reports) {
        record(queue, item, Ok(report.to_json().as_bytes()), summary)?;
    }
    Ok(())
}

fn record(
    queue: &RescanQueue,
    item: &ClaimedItem,
    outcome: Result<&[u8], &str>,
    summary: &mut WorkerSummary,
) -> Result<(), ShardError> {
    let failed = outcome.is_err();
    if queue.finish(item, outcome)? {
        if failed {
            summary.failed += 1;
        } else {
            summary.done += 1;
        }
    } else {
        summary.lost_leases += 1;
    }
    Ok(())
}
