//! The distributed rescan queue in the coordinator database (`adal_rescan_item`).
//!
//! The service enqueues one row per thesis of a rescan job with everything a worker needs
//! (the extracted text and the check options: [`RescanPayload`]). Workers claim rows with
//! `FOR UPDATE SKIP LOCKED`, so two workers never take the same row, and hold them under a
//! lease: a row whose worker died is claimed again when its lease runs out. Each claim raises
//! the row's `attempt`; an outcome is recorded only by the claim holding the current attempt,
//! so a worker that lost its lease cannot record a second outcome. The service imports the
//! finished rows into its store and marks them imported; importing twice counts once.

use crate::index::sharded::ConnectionPool;
use crate::index::sharded::ShardError;
use crate::model::ExtractedDocument;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What a worker needs to check one thesis version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RescanPayload {
    /// The store's version id the report belongs to.
    pub version: u64,
    pub title: String,
    pub exclude_document_ids: Vec<String>,
    pub author_names: Vec<String>,
    pub extract_ms: f64,
    pub document: ExtractedDocument,
}

impl RescanPayload {
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a rescan payload always serializes")
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<RescanPayload, ShardError> {
        serde_json::from_slice(bytes).map_err(|error| ShardError::Payload(error.to_string()))
    }
}

/// A row a worker holds under a lease.
#[derive(Clone, Debug)]
pub struct ClaimedItem {
    pub job: u64,
    pub thesis: u64,
    /// The fencing number of this claim.
    pub attempt: i32,
    pub payload: Vec<u8>,
}

/// A finished row, ready to be imported by the service.
#[derive(Clone, Debug, PartialEq)]
pub struct FinishedItem {
    pub thesis: u64,
    pub version: u64,
    /// The report JSON, or the failure code.
    pub outcome: Result<Vec<u8>, String>,
}

/// How far a rescan job is on the queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QueueProgress {
    pub queued: u64,
    pub pending: u64,
    pub taken: u64,
    pub done: u64,
    pub failed: u64,
    /// Rows taken more than once (a worker died or was too slow).
    pub retried: u64,
}

/// The rescan queue.
pub struct RescanQueue {
    pool: ConnectionPool,
}

impl RescanQueue {
    /// Connects to the coordinator database.
    pub fn connect(url: &str) -> Result<RescanQueue, ShardError> {
        let pool = ConnectionPool::connect(url)?;
        crate::index::sharded::schema::ensure_coordinator_tables(&pool)?;
        Ok(RescanQueue { pool })
    }

    /// Queues theses of a job as (thesis, version, payload); a thesis already queued for the
    /// job is left as it is.
    pub fn enqueue(&self, job: u64, items: &[(u64, u64, Vec<u8>)]) -> Result<u64, ShardError> {
        let job = job as i64;
        self.pool.with(|client| {
            let mut transaction = client.transaction()?;
            let statement = transaction.prepare(
                "INSERT INTO adal_rescan_item (job, thesis, version, payload) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (job, thesis) DO NOTHING",
            )?;
            let mut added = 0;
            for (thesis, version, payload) in items {
                added += transaction
                    .execute(&statement, &[&job, &(*thesis as i64), &(*version as i64), payload])?;
            }
            transaction.commit()?;
            Ok(added)
        })
    }

    /// The theses of a job already on the queue.
    pub fn queued_theses(&self, job: u64) -> Result<Vec<u64>, ShardError> {
        self.pool.with(|client| {
            let rows =
                client.query("SELECT thesis FROM adal_rescan_item WHERE job = $1", &[&(job as i64)])?;
            Ok(rows.iter().map(|row| row.get::<_, i64>(0) as u64).collect())
        })
    }

    /// Claims up to `batch` rows (pending ones, or taken ones whose lease ran out) for
    /// `worker`, each under a lease of `lease`.
    pub fn claim(&self, worker: &str, batch: usize, lease: Duration) -> Result<Vec<ClaimedItem>, ShardError> {
        let batch = batch as i64;
        let lease_ms = lease.as_millis() as f64;
        self.pool.with(|client| {
            let rows = client.query(
                "WITH picked AS ( \
                     SELECT job, thesis FROM adal_rescan_item \
                     WHERE state = 'pending' OR (state = 'taken' AND lease_until < now()) \
                     ORDER BY queued_at, job, thesis \
                     LIMIT $2 FOR UPDATE SKIP LOCKED) \
                 UPDATE adal_rescan_item item \
                 SET state = 'taken', attempt = item.attempt + 1, worker = $1, \
                     lease_until = now() + make_interval(secs => $3::float8 / 1000) \
                 FROM picked WHERE item.job = picked.job AND item.thesis = picked.thesis \
                 RETURNING item.job, item.thesis, item.attempt, item.payload",
                &[&worker, &batch, &lease_ms],
            )?;
            Ok(rows
                .iter()
                .map(|row| ClaimedItem {
                    job: row.get::<_, i64>(0) as u64,
                    thesis: row.get::<_, i64>(1) as u64,
                    attempt: row.get(2),
                    payload: row.get(3),
                })
                .collect())
        })
    }

    /// Extends the lease of rows a worker still holds.
    pub fn renew(&self, items: &[ClaimedItem], lease: Duration) -> Result<(), ShardError> {
        let lease_ms = lease.as_millis() as f64;
        self.pool.with(|client| {
            for item in items {
                client.execute(
                    "UPDATE adal_rescan_item SET lease_until = now() + make_interval(secs => $4::float8 / 1000) \
                     WHERE job = $1 AND thesis = $2 AND attempt = $3 AND state = 'taken'",
                    &[&(item.job as i64), &(item.thesis as i64), &item.attempt, &lease_ms],
                )?;
            }
            Ok(())
        })
    }

    /// Records the outcome of a claimed row: a report, or a failure code. Returns false (and
    /// records nothing) when the claim is no longer current: its lease ran out and another
    /// worker took the row.
    pub fn finish(&self, item: &ClaimedItem, outcome: Result<&[u8], &str>) -> Result<bool, ShardError> {
        let (state, report, failure): (&str, Option<&[u8]>, Option<&str>) = match outcome {
            Ok(report) => ("done", Some(report), None),
            Err(code) => ("failed", None, Some(code)),
        };
        self.pool.with(|client| {
            let changed = client.execute(
                "UPDATE adal_rescan_item SET state = $4, report = $5, failure = $6, \
                     finished_at = now(), lease_until = NULL \
                 WHERE job = $1 AND thesis = $2 AND attempt = $3 AND state = 'taken'",
                &[&(item.job as i64), &(item.thesis as i64), &item.attempt, &state, &report, &failure],
            )?;
            Ok(changed == 1)
        })
    }

    /// Finished rows of a job not imported yet, at most `limit`.
    pub fn finished_unimported(&self, job: u64, limit: usize) -> Result<Vec<FinishedItem>, ShardError> {
        self.pool.with(|client| {
            let rows = client.query(
                "SELECT thesis, state, report, failure, version FROM adal_rescan_item \
                 WHERE job = $1 AND state IN ('done', 'failed') AND NOT imported \
                 ORDER BY thesis LIMIT $2",
                &[&(job as i64), &(limit as i64)],
            )?;
            Ok(rows
                .iter()
                .map(|row| {
                    let state: String = row.get(1);
                    let outcome = if state == "done" {
                        Ok(row.get::<_, Option<Vec<u8>>>(2).unwrap_or_default())
                    } else {
                        Err(row.get::<_, Option<String>>(3).unwrap_or_else(|| "internal_error".into()))
                    };
                    FinishedItem {
                        thesis: row.get::<_, i64>(0) as u64,
                        version: row.get::<_, i64>(4) as u64,
                        outcome,
                    }
                })
                .collect())
        })
    }

    /// Marks a finished row as imported into the service's store.
    pub fn mark_imported(&self, job: u64, thesis: u64) -> Result<(), ShardError> {
        self.pool.with(|client| {
            client.execute(
                "UPDATE adal_rescan_item SET imported = true WHERE job = $1 AND thesis = $2",
                &[&(job as i64), &(thesis as i64)],
            )?;
            Ok(())
        })
    }

    /// Counts of a job's rows by state.
    pub fn progress(&self, job: u64) -> Result<QueueProgress, ShardError> {
        self.pool.with(|client| {
            let row = client.query_one(
                "SELECT count(*), \
                     count(*) FILTER (WHERE state = 'pending'), \
                     count(*) FILTER (WHERE state = 'taken'), \
                     count(*) FILTER (WHERE state = 'done'), \
                     count(*) FILTER (WHERE state = 'failed'), \
                     count(*) FILTER (WHERE attempt > 1) \
                 FROM adal_rescan_item WHERE job = $1",
                &[&(job as i64)],
            )?;
            let get = |column: usize| row.get::<_, i64>(column) as u64;
            Ok(QueueProgress {
                queued: get(0),
                pending: get(1),
                taken: get(2),
                done: get(3),
                failed: get(4),
                retried: get(5),
            })
        })
    }

    /// Records that a worker is alive and how many rows it finished.
    pub fn heartbeat(&self, worker: &str, finished: u64) -> Result<(), ShardError> {
        let finished = finished as i64;
        self.pool.with(|client| {
            client.execute(
                "INSERT INTO adal_worker (name, seen_at, items_done) VALUES ($1, now(), $2) \
                 ON CONFLICT (name) DO UPDATE SET seen_at = now(), items_done = adal_worker.items_done + $2",
                &[&worker, &finished],
            )?;
            Ok(())
        })
    }
}

/// A worker seen recently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WorkerSeen {
    pub name: String,
    /// Rows it finished since it first appeared.
    pub items_done: i64,
    pub seen_ms_ago: i64,
}

impl RescanQueue {
    /// Workers that reported within `within`, most recent first.
    pub fn active_workers(&self, within: Duration) -> Result<Vec<WorkerSeen>, ShardError> {
        let within_ms = within.as_millis() as f64;
        self.pool.with(|client| {
            let rows = client.query(
                "SELECT name, items_done, (extract(epoch FROM now() - seen_at) * 1000)::bigint \
                 FROM adal_worker WHERE seen_at > now() - make_interval(secs => $1::float8 / 1000) \
                 ORDER BY seen_at DESC",
                &[&within_ms],
            )?;
            Ok(rows
                .iter()
                .map(|row| WorkerSeen { name: row.get(0), items_done: row.get(1), seen_ms_ago: row.get(2) })
                .collect())
        })
    }

    /// Rows of any job still pending or taken: work some worker has yet to finish.
    pub fn open_items(&self) -> Result<u64, ShardError> {
        self.pool.with(|client| {
            let row = client.query_one(
                "SELECT count(*) FROM adal_rescan_item WHERE state IN ('pending', 'taken')",
                &[],
            )?;
            Ok(row.get::<_, i64>(0) as u64)
        })
    }
}
