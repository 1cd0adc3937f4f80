//! Waiting out unreachable fingerprint shards. With the sharded backend a check needs the
//! PostgreSQL proxy and shards; when they cannot be reached (a restart, a network cut) a check
//! job or a rescan item is tried again with a growing pause instead of failing the student's
//! check with an internal error. The attempts stop after [`OUTAGE_LIMIT`] (the job then fails
//! as before) or when the service stops (the job stays running and is requeued at the next
//! start). Trying again is safe: a job's check is recorded once (`check_version` returns the
//! check a job already recorded), and the extraction is kept beside the upload after the
//! first attempt, so a retry does not extract again.

use super::backoff::{sleep_unless, Backoff};
use super::JobRunner;
use crate::index::IndexError;
use crate::pipeline::check::CheckError;
use crate::pipeline::thesis::ThesisCheckError;
use std::time::{Duration, Instant};

/// How long a check waits for the shards before it fails.
pub const OUTAGE_LIMIT: Duration = Duration::from_secs(15 * 60);

/// The first pause; each failure adds one more, up to [`LONGEST_PAUSE`].
const PAUSE_STEP: Duration = Duration::from_millis(200);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);

/// True when the error says the postings backend (the shards) failed or cannot be reached.
pub fn is_shards_outage(error: &ThesisCheckError) -> bool {
    matches!(
        error,
        ThesisCheckError::Index(IndexError::Backend(_))
            | ThesisCheckError::Check(CheckError::Index(IndexError::Backend(_)))
    )
}

impl JobRunner {
    /// Runs `attempt` until it succeeds, fails with something other than a shards outage, the
    /// outage lasted [`OUTAGE_LIMIT`], or the service stops: `None` in the last case.
    pub(super) fn waiting_out_shards_outage<T>(
        &self,
        what: &str,
        mut attempt: impl FnMut() -> Result<T, ThesisCheckError>,
    ) -> Option<Result<T, ThesisCheckError>> {
        let started = Instant::now();
        let mut backoff = Backoff::new(PAUSE_STEP, LONGEST_PAUSE);
        loop {
            let outcome = attempt();
            match &outcome {
                Err(error) if is_shards_outage(error) && started.elapsed() < OUTAGE_LIMIT => {
                    let pause = backoff.next_pause();
                    tracing::warn!(
                        "adal worker: {what}: the fingerprint shards failed ({error}); retrying in {pause:?}"
                    );
                    if !sleep_unless(pause, || self.is_stopping()) {
                        return None;
                    }
                }
                _ => return Some(outcome),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{
        CorpusIndex, DocumentMeta, EmbeddedPostings, PostingsBackend, PostingsSnapshot, SharedCounts,
    };
    use crate::jobs::isolated::InProcessExtractor;
    use crate::pipeline::ingest::document_from_text;
    use crate::store::test_support::upload_as_new_student;
    use crate::store::{JobState, Store};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    const NOW: i64 = 1_750_000_000_000;
    const TEXT: &str =
        "Академиялық адалдық – білім беру жүйесінің негізгі қағидаты. Студенттер өз жұмыстарын \
                        өздері жазады және басқа авторлардың еңбектеріне сілтеме жасайды. Плагиат – \
                        бөтен мәтінді өз атынан ұсыну. Университеттер тексеру жүйелерін пайдаланады.";

    /// The embedded postings, failing the first `failures` counts as unreachable shards would.
    struct FlakyShards {
        failures_left: AtomicUsize,
        calls: AtomicUsize,
    }

    impl PostingsBackend for FlakyShards {
        fn name(&self) -> &'static str {
            "flaky"
        }

        fn count_shared(
            &self,
            snapshot: &PostingsSnapshot,
            queries: &[Vec<u32>],
            cutoff: u64,
            min_shared: u32,
        ) -> Result<Vec<SharedCounts>, IndexError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let failing = self
                .failures_left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(1))
                .is_ok();
            if failing {
                return Err(IndexError::Backend("connection refused".into()));
            }
            EmbeddedPostings.count_shared(snapshot, queries, cutoff, min_shared)
        }
    }

    /// A runner whose corpus holds `TEXT` and whose shards fail `failures` times; one queued
    /// check job of a thesis that copies `TEXT`.
    fn runner_with_flaky_shards(
        failures: usize,
    ) -> (tempfile::TempDir, JobRunner, Arc<FlakyShards>, u64, u64) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let index = CorpusIndex::create_in_ram().expect("index");
        index
            .add_documents(vec![document_from_text(DocumentMeta::new("source", "Source"), TEXT.to_string())])
            .expect("add");
        let shards =
            Arc::new(FlakyShards { failures_left: AtomicUsize::new(failures), calls: AtomicUsize::new(0) });
        index.set_postings_backend(shards.clone());
        let (version, job) = upload_as_new_student(&store, "Dias", TEXT.as_bytes(), NOW);
        let runner = JobRunner {
            store,
            index: Arc::new(index),
            extractor: Arc::new(InProcessExtractor),
            stopping: Arc::new(AtomicBool::new(false)),
            distributed_rescans: None,
        };
        (dir, runner, shards, job, version.id)
    }

    #[test]
    fn a_check_waits_out_unreachable_shards_and_records_one_report() {
        let (_dir, runner, shards, job, version) = runner_with_flaky_shards(3);
        assert!(runner.run_next_job().expect("run"));
        assert_eq!(runner.store.job(job).expect("job").state, JobState::Done);
        assert_eq!(shards.calls.load(Ordering::SeqCst), 4, "three failures, then the answer");
        let checks = runner.store.checks_of(version).expect("checks");
        assert_eq!(checks.len(), 1);
        assert!(checks[0].similarity > 0.5, "the copied source was found: {}", checks[0].similarity);
    }

    #[test]
    fn a_stopping_service_leaves_the_job_running_for_the_next_start() {
        let (_dir, runner, shards, job, version) = runner_with_flaky_shards(usize::MAX);
        let stopping = runner.stopping.clone();
        let stopper = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(700));
            stopping.store(true, Ordering::SeqCst);
        });
        assert!(runner.run_next_job().expect("run"));
        stopper.join().expect("stopper");
        assert!(shards.calls.load(Ordering::SeqCst) >= 2, "it tried again before stopping");
        assert_eq!(runner.store.job(job).expect("job").state, JobState::Running);
        assert!(runner.store.checks_of(version).expect("checks").is_empty());
    }

    #[test]
    fn other_errors_are_not_retried() {
        let refused = ThesisCheckError::NoVersion;
        assert!(!is_shards_outage(&refused));
        let outage = ThesisCheckError::Check(CheckError::Index(IndexError::Backend("down".into())));
        assert!(is_shards_outage(&outage));
    }
}
