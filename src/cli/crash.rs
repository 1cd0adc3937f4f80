//! `adal bench crash --kills N --seed S`: the crash-safety run. It starts `adal serve` on a fresh
//! data directory, drives uploads, decisions, admissions, corpus uploads and bulk rescans over
//! HTTP, kills the server with SIGKILL at a random moment, and, while it is down, opens the
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

use super::http_client::{multipart, HttpClient};
use super::server_process::{store_and_index_dirs, ServeOptions, ServerProcess};
use crate::auth::hash_token;
use crate::index::CorpusIndex;
use crate::pipeline::thesis::{now_ms, thesis_document_id};
use crate::store::{Actor, NewUser, Role, Store};
use anyhow::{bail, Context};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

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

/// A small deterministic generator (SplitMix64), so a seed replays the same run of choices.
#[derive(Clone, Debug)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }
}

const WORDS: [&str; 24] = [
    "университет",
    "зерттеу",
    "білім",
    "жүйе",
    "талдау",
    "деректер",
    "исследование",
    "система",
    "анализ",
    "данные",
    "метод",
    "результат",
    "research",
    "system",
    "analysis",
    "data",
    "method",
    "result",
    "thesis",
    "corpus",
    "қазақ",
    "тіл",
    "модель",
    "әдіс",
];

/// A text of `words` words from the seed, with a unique marker so that no two are equal.
pub fn unique_text(random: &mut SplitMix, marker: &str, words: usize) -> String {
    let mut text = format!("{marker}. ");
    for position in 0..words {
        text.push_str(WORDS[random.below(WORDS.len() as u64) as usize]);
        text.push(if position % 12 == 11 { '.' } else { ' ' });
    }
    text
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The people of the run, each with an API token.
#[derive(Clone, Debug)]
pub struct Cast {
    pub admin: String,
    pub supervisor: String,
    pub students: Vec<String>,
}

/// Creates an admin, a supervisor and `n_students` students with API tokens in a fresh store.
pub fn create_cast(store_dir: &Path, n_students: usize) -> anyhow::Result<Cast> {
    let store = Store::open(store_dir)?;
    let now = now_ms();
    let token_of = |name: &str, role: Role, supervisor: Option<u64>| -> anyhow::Result<(String, u64)> {
        let new_user = NewUser {
            name: name.to_string(),
            email: format!("{}@bench.adal", name.to_lowercase()),
            role,
            faculty: Some("IT".to_string()).filter(|_| role != Role::Admin),
            department: None,
            supervisor,
            password_hash: None,
        };
        let user = store.create_user(&new_user, Actor::System, now)?;
        let token = format!("adal_bench_{}_{}", user.id, now);
        store.create_api_token(user.id, "bench", &hash_token(&token), None, now)?;
        Ok((token, user.id))
    };
    let (admin, _) = token_of("Admin", Role::Admin, None)?;
    let (supervisor, supervisor_id) = token_of("Supervisor", Role::Supervisor, None)?;
    let mut students = Vec::new();
    for number in 0..n_students {
        students.push(token_of(&format!("Student{number}"), Role::Student, Some(supervisor_id))?.0);
    }
    store.flush()?;
    Ok(Cast { admin, supervisor, students })
}

/// What the server acknowledged with a 2xx answer.
#[derive(Debug, Default)]
struct Acknowledged {
    /// Thesis id → the student (index into `Cast::students`) who owns it.
    theses: BTreeMap<u64, usize>,
    /// Version id → (thesis id, SHA-256 of the uploaded bytes).
    versions: BTreeMap<u64, (u64, String)>,
    /// Decision id → (thesis id, kind).
    decisions: BTreeMap<u64, (u64, String)>,
    corpus_documents: BTreeSet<String>,
    rescans: Vec<u64>,
    operations: u64,
    failed_requests: u64,
}

struct Driver {
    client: HttpClient,
    cast: Cast,
    acknowledged: Arc<Mutex<Acknowledged>>,
    random: SplitMix,
    sequence: u64,
}

impl Driver {
    fn acknowledged(&self) -> std::sync::MutexGuard<'_, Acknowledged> {
        self.acknowledged.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One random operation; `Err` only when the server did not answer (it was killed).
    fn step(&mut self) -> anyhow::Result<()> {
        self.sequence += 1;
        let (rescan_running, theses) = {
            let acknowledged = self.acknowledged();
            (acknowledged.rescans.len(), acknowledged.theses.clone())
        };
        let choice = self.random.below(100);
        match choice {
            0..=9 => self.create_thesis(),
            10..=49 if !theses.is_empty() => self.upload(&theses),
            50..=69 if !theses.is_empty() => self.decide(&theses),
            70..=79 if !theses.is_empty() => self.admit(&theses),
            80..=89 => self.corpus_upload(),
            90..=99 => self.rescan_if_idle(rescan_running),
            _ => self.create_thesis(),
        }
    }

    fn record(&self, ok: bool) {
        let mut acknowledged = self.acknowledged();
        acknowledged.operations += u64::from(ok);
    }

    fn create_thesis(&mut self) -> anyhow::Result<()> {
        let student = self.random.below(self.cast.students.len() as u64) as usize;
        let body = serde_json::json!({ "title": format!("Crash thesis {}", self.sequence),
                                       "programme": "6B06", "language": "kk" });
        let response = self.client.post_json("/api/theses", Some(&self.cast.students[student]), &body)?;
        if response.is_success() {
            if let Some(id) = response.json()["id"].as_u64() {
                self.acknowledged().theses.insert(id, student);
            }
        }
        self.record(response.is_success());
        Ok(())
    }

    fn pick(&mut self, theses: &BTreeMap<u64, usize>) -> (u64, usize) {
        let position = self.random.below(theses.len() as u64) as usize;
        theses.iter().nth(position).map(|(&id, &student)| (id, student)).unwrap_or_default()
    }

    fn upload(&mut self, theses: &BTreeMap<u64, usize>) -> anyhow::Result<()> {
        let (thesis, student) = self.pick(theses);
        let text =
            unique_text(&mut self.random, &format!("Нұсқа {} / version {}", thesis, self.sequence), 300);
        let bytes = text.into_bytes();
        let (content_type, body) = multipart("thesis.txt", &bytes, &[]);
        let path = format!("/api/theses/{thesis}/versions");
        let response = self.client.request(
            "POST",
            &path,
            Some(&self.cast.students[student]),
            Some((&content_type, &body)),
        )?;
        if response.is_success() {
            if let Some(version) = response.json()["version"].as_u64() {
                self.acknowledged().versions.insert(version, (thesis, sha256_hex(&bytes)));
            }
        }
        self.record(response.is_success());
        Ok(())
    }

    fn thesis_state(&self, thesis: u64) -> anyhow::Result<String> {
        let response = self.client.get(&format!("/api/theses/{thesis}"), Some(&self.cast.supervisor))?;
        Ok(response.json()["state"]["state"].as_str().unwrap_or_default().to_string())
    }

    fn decide(&mut self, theses: &BTreeMap<u64, usize>) -> anyhow::Result<()> {
        let (thesis, _) = self.pick(theses);
        if self.thesis_state(thesis)? != "checked" {
            return Ok(());
        }
        let (kind, body) = if self.random.below(2) == 0 {
            ("returned", serde_json::json!({ "decision": "return", "reason": "Дереккөздерді көрсетіңіз." }))
        } else {
            ("cleared", serde_json::json!({ "decision": "clear", "justification": "Сілтемелер дұрыс." }))
        };
        let path = format!("/api/theses/{thesis}/decision");
        let response = self.client.post_json(&path, Some(&self.cast.supervisor), &body)?;
        self.acknowledge_decision(&response, thesis, kind);
        Ok(())
    }

    fn admit(&mut self, theses: &BTreeMap<u64, usize>) -> anyhow::Result<()> {
        let (thesis, _) = self.pick(theses);
        if self.thesis_state(thesis)? != "cleared" {
            return Ok(());
        }
        let path = format!("/api/theses/{thesis}/admit");
        let response = self.client.request("POST", &path, Some(&self.cast.admin), None)?;
        self.acknowledge_decision(&response, thesis, "admitted");
        Ok(())
    }

    fn acknowledge_decision(&self, response: &super::http_client::HttpResponse, thesis: u64, kind: &str) {
        if response.is_success() {
            if let Some(id) = response.json()["decision"]["id"].as_u64() {
                self.acknowledged().decisions.insert(id, (thesis, kind.to_string()));
            }
        }
        self.record(response.is_success());
    }

    fn corpus_upload(&mut self) -> anyhow::Result<()> {
        let id = format!("crash-doc-{}-{}", self.random.next_u64() % 1_000_000, self.sequence);
        let text = unique_text(&mut self.random, &format!("Corpus document {id}"), 400);
        let (content_type, body) = multipart("source.txt", text.as_bytes(), &[("id", &id), ("year", "2024")]);
        let response = self.client.request(
            "POST",
            "/api/corpus",
            Some(&self.cast.admin),
            Some((&content_type, &body)),
        )?;
        if response.is_success() {
            self.acknowledged().corpus_documents.insert(id);
        }
        self.record(response.is_success());
        Ok(())
    }

    /// Starts a bulk rescan of every thesis when none is running.
    fn rescan_if_idle(&mut self, rescans: usize) -> anyhow::Result<()> {
        if rescans > 0 {
            let last = self.acknowledged().rescans.last().copied().unwrap_or_default();
            let response = self.client.get(&format!("/api/jobs/{last}"), Some(&self.cast.admin))?;
            let state = response.json()["state"].as_str().unwrap_or_default().to_string();
            if state != "done" && state != "failed" {
                return Ok(());
            }
        }
        let body = serde_json::json!({ "selection": "all" });
        let response = self.client.post_json("/api/rescans", Some(&self.cast.admin), &body)?;
        if response.is_success() {
            if let Some(job) = response.json()["id"].as_u64() {
                self.acknowledged().rescans.push(job);
            }
        }
        self.record(response.is_success());
        Ok(())
    }
}

/// What a verification found, besides problems.
#[derive(Debug, Default)]
struct Verified {
    versions: usize,
    decisions: usize,
    corpus_documents: usize,
}

/// Verifies the data directory of a stopped server against what was acknowledged.
fn verify(
    data_dir: &Path,
    acknowledged: &Acknowledged,
    quiescent: bool,
) -> anyhow::Result<(Vec<String>, Verified)> {
    let (store_dir, index_dir) = store_and_index_dirs(data_dir);
    let store = match Store::open(&store_dir) {
        Ok(store) => store,
        Err(error) => {
            eprintln!("holders of the store: {:?}", processes_holding(&store_dir));
            return Err(error).context("the store does not open after the kill");
        }
    };
    let mut problems = Vec::new();
    for &thesis in acknowledged.theses.keys() {
        if store.thesis(thesis).is_err() {
            problems.push(format!("acknowledged thesis {thesis} is missing"));
        }
    }
    for (&version_id, (thesis, sha)) in &acknowledged.versions {
        match store.version(version_id) {
            Ok(version) if version.thesis == *thesis => match store.files().get(&version.file_hash) {
                Ok(bytes) if sha256_hex(&bytes) == *sha => {}
                Ok(_) => problems.push(format!("version {version_id}: the stored file differs")),
                Err(error) => problems.push(format!("version {version_id}: file unreadable: {error}")),
            },
            Ok(version) => {
                problems.push(format!("version {version_id} belongs to thesis {}", version.thesis))
            }
            Err(error) => problems.push(format!("acknowledged version {version_id} is missing: {error}")),
        }
    }
    for (&decision_id, (thesis, kind)) in &acknowledged.decisions {
        match store.decision(decision_id) {
            Ok(decision) => {
                let stored_kind = serde_json::to_value(&decision.kind).unwrap_or_default()["kind"].clone();
                if decision.thesis != *thesis || stored_kind != kind.as_str() {
                    problems.push(format!("decision {decision_id} changed: {decision:?}"));
                }
            }
            Err(error) => problems.push(format!("acknowledged decision {decision_id} is missing: {error}")),
        }
    }
    for &job in &acknowledged.rescans {
        match store.job(job) {
            Ok(job_record) if quiescent && job_record.done != job_record.total => problems
                .push(format!("rescan {job} ended with {} of {} items", job_record.done, job_record.total)),
            Ok(_) => {}
            Err(error) => problems.push(format!("acknowledged rescan {job} is missing: {error}")),
        }
    }
    let (store_problems, _) = store.consistency_problems()?;
    problems.extend(store_problems);

    let index = CorpusIndex::open_or_create(&index_dir).context("the index does not open after the kill")?;
    let in_index: BTreeSet<String> = index.list()?.into_iter().map(|meta| meta.id).collect();
    for id in &acknowledged.corpus_documents {
        if !in_index.contains(id) {
            problems.push(format!("acknowledged corpus document {id} is not in the index"));
        }
    }
    let pending: BTreeSet<u64> = store.pending_corpus_changes()?.iter().map(|change| change.thesis).collect();
    if quiescent && !pending.is_empty() {
        problems.push(format!("{} corpus changes still queued after all jobs ended", pending.len()));
    }
    let settings = store.settings()?;
    let mut expected = BTreeSet::new();
    for thesis in store.list_theses(&crate::store::ThesisScope::All)? {
        let in_corpus = crate::workflow::is_in_corpus(&thesis.state, settings.corpus_join);
        if let (true, Some(version)) = (in_corpus, thesis.state.current_version()) {
            let id = thesis_document_id(thesis.id, version);
            if !in_index.contains(&id) && !pending.contains(&thesis.id) {
                problems
                    .push(format!("thesis {} is in the corpus by the store, not in the index", thesis.id));
            }
            expected.insert(id);
        }
    }
    for id in in_index.iter().filter(|id| id.starts_with("thesis-")) {
        let thesis: Option<u64> =
            id.strip_prefix("thesis-").and_then(|rest| rest.split('-').next()?.parse().ok());
        if !expected.contains(id) && !thesis.is_some_and(|thesis| pending.contains(&thesis)) {
            problems.push(format!("{id} is in the index but not in the corpus by the store"));
        }
    }
    let verified = Verified {
        versions: acknowledged.versions.len(),
        decisions: acknowledged.decisions.len(),
        corpus_documents: acknowledged.corpus_documents.len(),
    };
    Ok((problems, verified))
}

/// Waits until every job is done or failed.
fn wait_for_jobs(client: &HttpClient, admin: &str, within: Duration) -> anyhow::Result<()> {
    let started = Instant::now();
    while started.elapsed() < within {
        let response = client.get("/api/jobs", Some(admin))?;
        let json = response.json();
        let jobs = json["jobs"].as_array().or_else(|| json.as_array()).cloned().unwrap_or_default();
        let busy = jobs.iter().any(|job| {
            let state = job["state"].as_str().unwrap_or_default();
            state == "queued" || state == "running"
        });
        if response.is_success() && !busy {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("jobs did not finish within {within:?}")
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

/// The processes with a file under `dir` open (from /proc), for the report of a store that
/// stays locked after the server was killed.
fn processes_holding(dir: &Path) -> Vec<String> {
    let mut holders = Vec::new();
    let Ok(processes) = std::fs::read_dir("/proc") else { return holders };
    for process in processes.flatten() {
        let Ok(fds) = std::fs::read_dir(process.path().join("fd")) else { continue };
        let holds =
            fds.flatten().any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target.starts_with(dir)));
        if holds {
            let command = std::fs::read(process.path().join("cmdline")).unwrap_or_default();
            let command = String::from_utf8_lossy(&command).replace('\0', " ");
            holders.push(format!("{} {command}", process.file_name().to_string_lossy()));
        }
    }
    holders
}
