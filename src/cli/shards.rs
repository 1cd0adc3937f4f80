//! `adal shards` (load, stats, refresh-frequent) and `adal worker`: the sharded deployment on
//! PostgreSQL from the command line.

use super::GlobalOptions;
use crate::index::sharded::{corpus_id, ShardedPostings};
use crate::index::CorpusIndex;
use crate::jobs::distributed::worker::{run_worker as run_worker_loop, WorkerOptions};
use crate::jobs::distributed::RescanQueue;
use anyhow::Context;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(clap::Args, Debug)]
pub struct ShardsArgs {
    #[command(subcommand)]
    command: ShardsCommand,
}

#[derive(clap::Subcommand, Debug)]
enum ShardsCommand {
    /// Empty the shards and load every posting of the corpus index (--data) into them.
    Load,
    /// Postings and bytes per partition.
    Stats {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Read the keys found in many documents into the frequent-key list.
    RefreshFrequent,
}

#[derive(clap::Args, Debug)]
pub struct WorkerArgs {
    /// The corpus index to read candidate texts from (a read-only copy of the service's
    /// `<data>/index`); defaults to the data directory's index.
    #[arg(long)]
    index: Option<PathBuf>,
    /// The name recorded on claimed work (default: host name and process id).
    #[arg(long)]
    name: Option<String>,
    /// Theses claimed and checked with one candidate call.
    #[arg(long, default_value_t = 8)]
    batch: usize,
    /// Seconds a claim holds without renewal; a dead worker's theses wait this long.
    #[arg(long, default_value_t = 60)]
    lease_secs: u64,
    /// Stop when no rescan work is pending or taken.
    #[arg(long)]
    exit_when_idle: bool,
}

pub fn run(args: ShardsArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    let url = global.postgres_url()?;
    let index_dir = global.index_dir();
    let index = crate::pipeline::ingest::open_corpus_index(&index_dir, &|what| eprintln!("adal: {what}"))
        .with_context(|| format!("cannot open the corpus index at {}", index_dir.display()))?;
    let sharded = ShardedPostings::connect(url, &corpus_id(&index_dir))?;
    match args.command {
        ShardsCommand::Load => {
            let started = Instant::now();
            let postings = sharded.reload_from(&index)?;
            let seconds = started.elapsed().as_secs_f64();
            let frequent = sharded.refresh_frequent_keys(index.num_documents())?;
            println!(
                "loaded {postings} postings of {} documents in {seconds:.1} s ({:.0} postings/s); {frequent} frequent keys",
                index.num_documents(),
                postings as f64 / seconds.max(1e-9)
            );
        }
        ShardsCommand::Stats { json } => {
            let stats = sharded.stats()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                for partition in &stats {
                    println!(
                        "{}\t{} postings\t{} bytes",
                        partition.partition, partition.postings, partition.bytes
                    );
                }
            }
        }
        ShardsCommand::RefreshFrequent => {
            let frequent = sharded.refresh_frequent_keys(index.num_documents())?;
            println!("{frequent} frequent keys");
        }
    }
    Ok(0)
}

pub fn run_worker(args: WorkerArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    let url = global.postgres_url()?;
    let index_dir = args.index.clone().unwrap_or_else(|| global.index_dir());
    if !index_dir.join("meta.json").exists() {
        anyhow::bail!("no corpus index at {}", index_dir.display());
    }
    let index = CorpusIndex::open_or_create(&index_dir)
        .with_context(|| format!("cannot open the corpus index at {}", index_dir.display()))?;
    let name = args.name.clone().unwrap_or_else(default_worker_name);
    // A worker only reads: it counts on the shards without attaching (reloading them is the
    // service's job). A worker started while the proxy is down (a restart, a deployment that
    // starts everything at once) waits for it, like a running worker whose queue fails.
    let mut backoff = crate::jobs::backoff::Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
    let (postings, queue) = loop {
        let connected = ShardedPostings::connect(url, &corpus_id(&index_dir))
            .and_then(|postings| Ok((postings, RescanQueue::connect(url)?)));
        match connected {
            Ok(connected) => break connected,
            Err(error) => {
                let pause = backoff.next_pause();
                tracing::warn!("adal worker {name}: cannot reach the queue ({error}); retrying in {pause:?}");
                std::thread::sleep(pause);
            }
        }
    };
    index.set_postings_backend(Arc::new(postings));
    let options = WorkerOptions {
        name: name.clone(),
        batch: args.batch,
        lease: Duration::from_secs(args.lease_secs.max(1)),
        idle_poll: Duration::from_millis(500),
        exit_when_idle: args.exit_when_idle,
    };
    let stopping = AtomicBool::new(false);
    tracing::info!("adal worker {name}: taking rescan work from the queue");
    let summary = run_worker_loop(&index, &queue, &options, &stopping)?;
    println!(
        "worker {name}: {} batches, {} done, {} failed, {} lost leases",
        summary.batches, summary.done, summary.failed, summary.lost_leases
    );
    Ok(0)
}

fn default_worker_name() -> String {
    let host =
        std::fs::read_to_string("/etc/hostname").map(|name| name.trim().to_string()).unwrap_or_default();
    format!("{}-{}", if host.is_empty() { "worker" } else { &host }, std::process::id())
}
