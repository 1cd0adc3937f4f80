//! `adal-tools bench load --clients 50 --seconds 60` (W6): a bounded load run against a fresh
//! service (`serve`, a child process) on 127.0.0.1. Every client is a student with a checked thesis. A bulk rescan of
//! all theses runs for the whole window (a new one starts when the last ends); meanwhile the
//! clients read report JSON and HTML, thesis lists and details, and upload a new version at most
//! every `--upload-every` seconds (under the server's default limit of 20 uploads a minute).
//! Answers p50/p95/p99/max latency per request kind and the errors (any non-2xx answer or
//! transport failure); exits non-zero when there was an error.

use crate::bench::percentile;
use crate::cast::{create_cast, unique_text, SplitMix};
use crate::http::{multipart, HttpClient};
use crate::server_process::{store_and_index_dirs, wait_for_jobs, ServeOptions, ServerProcess};
use anyhow::{bail, Context};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

#[derive(clap::Args, Debug)]
pub struct LoadArgs {
    /// Concurrent clients (at most 200).
    #[arg(long, default_value_t = 50)]
    clients: usize,
    /// Length of the measured window in seconds (at most 600).
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Shortest time between two uploads of one client, in seconds.
    #[arg(long, default_value_t = 5)]
    upload_every: u64,
    #[arg(long, default_value_t = 11)]
    seed: u64,
    /// The corpus loaded at the first start.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
    /// Extra page paths to read (e.g. the web UI's `/`), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pages: Vec<String>,
}

/// Latencies and errors per request kind.
#[derive(Default)]
struct Tally {
    latencies_ms: BTreeMap<&'static str, Vec<f64>>,
    errors: BTreeMap<&'static str, u64>,
    first_errors: Vec<String>,
}

struct Client {
    http: HttpClient,
    /// The student's token (uploads, their thesis) and the supervisor's (reports, lists).
    token: String,
    reader_token: String,
    thesis: u64,
    version: u64,
    pages: Vec<String>,
    random: SplitMix,
    last_upload: Instant,
    upload_every: Duration,
}

impl Client {
    /// One request: its kind and whether it succeeded (with the failure).
    fn step(&mut self) -> (&'static str, Result<(), String>) {
        let choice = self.random.below(100);
        let (kind, result) = if self.last_upload.elapsed() >= self.upload_every {
            self.last_upload = Instant::now();
            let marker = format!("Load version {}", self.random.next_u64());
            let text = unique_text(&mut self.random, &marker, 250);
            let (content_type, body) = multipart("thesis.txt", text.as_bytes(), &[]);
            let path = format!("/api/theses/{}/versions", self.thesis);
            ("upload", self.http.request("POST", &path, Some(&self.token), Some((&content_type, &body))))
        } else if choice < 40 {
            (
                "report_json",
                self.http.get(&format!("/api/versions/{}/report", self.version), Some(&self.reader_token)),
            )
        } else if choice < 60 {
            ("thesis_list", self.http.get("/api/theses", Some(&self.reader_token)))
        } else if choice < 80 {
            ("thesis_detail", self.http.get(&format!("/api/theses/{}", self.thesis), Some(&self.token)))
        } else if choice < 90 || self.pages.is_empty() {
            (
                "report_html",
                self.http
                    .get(&format!("/api/versions/{}/report.html", self.version), Some(&self.reader_token)),
            )
        } else {
            let page = self.pages[self.random.below(self.pages.len() as u64) as usize].clone();
            ("page", self.http.get(&page, Some(&self.token)))
        };
        let outcome = match result {
            Ok(response) if response.is_success() => Ok(()),
            Ok(response) => {
                Err(format!("{kind}: {} {}", response.status, String::from_utf8_lossy(&response.body)))
            }
            Err(error) => Err(format!("{kind}: {error:#}")),
        };
        (kind, outcome)
    }
}

fn start_rescan(client: &HttpClient, admin: &str) -> anyhow::Result<u64> {
    let response =
        client.post_json("/api/rescans", Some(admin), &serde_json::json!({ "selection": "all" }))?;
    response.json()["id"].as_u64().context("the rescan was not started")
}

pub fn run(args: LoadArgs) -> anyhow::Result<i32> {
    if args.clients == 0 || args.clients > 200 || args.seconds == 0 || args.seconds > 600 {
        bail!("--clients must be 1..=200 and --seconds 1..=600");
    }
    let temporary = tempfile::tempdir()?;
    let data_dir = temporary.path().join("data");
    let (store_dir, _) = store_and_index_dirs(&data_dir);
    let cast = create_cast(&store_dir, args.clients)?;
    let options =
        ServeOptions { data_dir: data_dir.clone(), corpus_dir: args.corpus.clone(), env: Vec::new() };
    let server = ServerProcess::start(&options, Duration::from_secs(120))?;
    let http = HttpClient::new(server.address, Duration::from_secs(60))?;
    let mut random = SplitMix(args.seed);

    // Every client gets a thesis with one checked version.
    let prepared = Instant::now();
    let mut clients = Vec::new();
    for token in &cast.students {
        let body = serde_json::json!({ "title": "Load thesis", "programme": "6B06", "language": "kk" });
        let thesis =
            http.post_json("/api/theses", Some(token), &body)?.json()["id"].as_u64().context("thesis")?;
        let text = unique_text(&mut random, &format!("Load thesis {thesis}"), 1500);
        let (content_type, body) = multipart("thesis.txt", text.as_bytes(), &[]);
        let path = format!("/api/theses/{thesis}/versions");
        let upload = http.request("POST", &path, Some(token), Some((&content_type, &body)))?;
        let version = upload.json()["version"].as_u64().context("the preparation upload was refused")?;
        clients.push(Client {
            http: http.clone(),
            token: token.clone(),
            reader_token: cast.supervisor.clone(),
            thesis,
            version,
            pages: args.pages.clone(),
            random: SplitMix(random.next_u64()),
            last_upload: Instant::now(),
            upload_every: Duration::from_secs(args.upload_every.max(1)),
        });
    }
    wait_for_jobs(&http, &cast.admin, Duration::from_secs(600)).context("the preparation checks")?;
    eprintln!(
        "prepared {} theses with checked versions in {:.1} s",
        clients.len(),
        prepared.elapsed().as_secs_f64()
    );

    let mut rescans = vec![start_rescan(&http, &cast.admin)?];
    let tally = Arc::new(Mutex::new(Tally::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let handles: Vec<_> = clients
        .into_iter()
        .map(|mut client| {
            let tally = Arc::clone(&tally);
            let stop = Arc::clone(&stop);
            // Uploads start staggered, not all in the first second.
            client.last_upload = Instant::now() - Duration::from_millis(client.random.below(5000));
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                    let started = Instant::now();
                    let (kind, outcome) = client.step();
                    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
                    let mut tally = tally.lock().unwrap_or_else(PoisonError::into_inner);
                    tally.latencies_ms.entry(kind).or_default().push(elapsed_ms);
                    if let Err(error) = outcome {
                        *tally.errors.entry(kind).or_default() += 1;
                        if tally.first_errors.len() < 5 {
                            tally.first_errors.push(error);
                        }
                    }
                }
            })
        })
        .collect();
    let mut rescan_items = 0u64;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
        let last = *rescans.last().unwrap_or(&0);
        let job = http.get(&format!("/api/jobs/{last}"), Some(&cast.admin))?.json();
        if job["state"] == "done" || job["state"] == "failed" {
            rescan_items += job["progress"]["done"].as_u64().unwrap_or(0);
            rescans.push(start_rescan(&http, &cast.admin)?);
        }
    }
    stop.store(true, Ordering::SeqCst);
    for handle in handles {
        let _ = handle.join();
    }
    let last = *rescans.last().unwrap_or(&0);
    let job = http.get(&format!("/api/jobs/{last}"), Some(&cast.admin))?.json();
    rescan_items += job["progress"]["done"].as_u64().unwrap_or(0);
    let rescan_running = job["state"] == "running" || job["state"] == "queued";
    server.stop()?;

    let tally = tally.lock().unwrap_or_else(PoisonError::into_inner);
    let total: usize = tally.latencies_ms.values().map(Vec::len).sum();
    let errors: u64 = tally.errors.values().sum();
    println!(
        "W6 load: {} clients for {} s during bulk rescans ({} started, {} items rechecked, one still running at the end: {}); \
         {} requests ({:.0}/s), {} errors",
        args.clients,
        args.seconds,
        rescans.len(),
        rescan_items,
        rescan_running,
        total,
        total as f64 / args.seconds as f64,
        errors
    );
    println!("| request | count | errors | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |");
    println!("|---|---|---|---|---|---|---|");
    for (kind, latencies) in &tally.latencies_ms {
        let mut sorted = latencies.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "| {kind} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            sorted.len(),
            tally.errors.get(kind).copied().unwrap_or(0),
            percentile(&sorted, 0.50),
            percentile(&sorted, 0.95),
            percentile(&sorted, 0.99),
            sorted.last().copied().unwrap_or(0.0)
        );
    }
    for error in &tally.first_errors {
        eprintln!("error: {error}");
    }
    Ok(if errors == 0 { 0 } else { 1 })
}
