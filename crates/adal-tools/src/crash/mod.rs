//! `adal-tools bench crash --kills N --seed S`: the crash-safety run. It starts the service
//! (`serve`, a child process) on a fresh data directory, drives uploads, decisions, admissions,
//! corpus uploads and bulk rescans over HTTP, kills the server with SIGKILL at a random moment, and, while it is down, opens the
//! store and the index and verifies that
//! - every acknowledged (2xx) thesis, version and decision is there, each version's file
//!   byte-identical (SHA-256 of what was sent);
//! - the audit log has no gaps and agrees with the records, and no job recorded two checks of a
//!   version (`Store::consistency_problems`);
//! - every acknowledged corpus upload is in the index, and the thesis documents of the index
//!   are those the store says are in the corpus, up to the changes still queued in its outbox;
//!
//! then restarts it, N times. At the end it waits for every job to finish (the rescans resume
//! after each kill), stops the server cleanly and verifies again, now with an empty outbox.

mod driver;
mod verify;

use crate::cast::{create_cast, SplitMix};
use crate::http::HttpClient;
use crate::server_process::{store_and_index_dirs, wait_for_jobs, ServeOptions, ServerProcess};
use adal::store::Store;
use anyhow::bail;
use driver::{Acknowledged, Driver};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use verify::verify;

#[derive(clap::Args, Debug)]
pub struct CrashArgs {
    /// How many times the server is killed.
    #[arg(long, default_value_t = 100)]
    kills: u32,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Shortest and longest time the server runs before it is killed, in milliseconds.
    #[arg(long, default_value_t = 300)]
    min_ms: u64,
    #[arg(long, default_value_t = 2500)]
    max_ms: u64,
    /// The data directory (default: a fresh temporary one, removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// The corpus loaded at the first start.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

pub fn run(args: CrashArgs) -> anyhow::Result<i32> {
    let temporary = tempfile::tempdir()?;
    let data_dir = args.dir.clone().unwrap_or_else(|| temporary.path().join("data"));
    if data_dir.join("store").exists() {
        bail!("{} already holds a store: the crash run needs a fresh directory", data_dir.display());
    }
    let (store_dir, _) = store_and_index_dirs(&data_dir);
    let cast = create_cast(&store_dir, 4)?;
    let options = ServeOptions {
        data_dir: data_dir.clone(),
        corpus_dir: args.corpus.clone(),
        env: vec![("ADAL_UPLOADS_PER_MINUTE".into(), "0".into()), ("ADAL_WORKERS".into(), "1".into())],
    };
    let ready_within = Duration::from_secs(120);
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let mut random = SplitMix(args.seed);
    let started = Instant::now();
    let mut server = ServerProcess::start(&options, ready_within)?;
    let mut total_problems = 0usize;
    for kill in 1..=args.kills {
        let client = HttpClient::new(server.address, Duration::from_secs(30))?;
        let stop = Arc::new(AtomicBool::new(false));
        let mut driver = Driver {
            client,
            cast: cast.clone(),
            acknowledged: Arc::clone(&acknowledged),
            random: SplitMix(random.next_u64()),
            sequence: u64::from(kill) * 1_000_000,
        };
        let driver_stop = Arc::clone(&stop);
        let handle = std::thread::spawn(move || {
            while !driver_stop.load(Ordering::SeqCst) {
                if driver.step().is_err() {
                    driver.acknowledged().failed_requests += 1;
                }
            }
        });
        let span = args.max_ms.saturating_sub(args.min_ms).max(1);
        std::thread::sleep(Duration::from_millis(args.min_ms + random.below(span)));
        stop.store(true, Ordering::SeqCst);
        server.kill()?;
        let _ = handle.join();
        let (problems, verified) = {
            let acknowledged = acknowledged.lock().unwrap_or_else(PoisonError::into_inner);
            verify(&data_dir, &acknowledged, false)?
        };
        for problem in &problems {
            eprintln!("kill {kill}: {problem}");
        }
        total_problems += problems.len();
        eprintln!(
            "kill {kill}/{}: {} versions, {} decisions, {} corpus documents verified; {} problems",
            args.kills,
            verified.versions,
            verified.decisions,
            verified.corpus_documents,
            problems.len()
        );
        server = ServerProcess::start(&options, ready_within)?;
    }
    let client = HttpClient::new(server.address, Duration::from_secs(30))?;
    wait_for_jobs(&client, &cast.admin, Duration::from_secs(600))?;
    server.stop()?;
    let acknowledged = acknowledged.lock().unwrap_or_else(PoisonError::into_inner);
    let (problems, verified) = verify(&data_dir, &acknowledged, true)?;
    for problem in &problems {
        eprintln!("final: {problem}");
    }
    total_problems += problems.len();
    let (store_dir, _) = store_and_index_dirs(&data_dir);
    let (_, counts) = Store::open(&store_dir)?.consistency_problems()?;
    println!(
        "crash run: {} kills (seed {}) in {:.0} s; acknowledged and verified after every kill: {} theses, {} versions \
         (byte-identical), {} decisions, {} corpus documents, {} rescans (all finished); {} acknowledged operations, \
         {} requests cut by a kill; store: {} versions, {} checks, {} audit entries; problems: {}",
        args.kills,
        args.seed,
        started.elapsed().as_secs_f64(),
        acknowledged.theses.len(),
        verified.versions,
        verified.decisions,
        verified.corpus_documents,
        acknowledged.rescans.len(),
        acknowledged.operations,
        acknowledged.failed_requests,
        counts.versions,
        counts.checks,
        counts.audit_entries,
        total_problems
    );
    Ok(if total_problems == 0 { 0 } else { 1 })
}
