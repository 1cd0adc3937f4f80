//! `adal-tools bench rescan` (W4): a bulk rescan of many theses through the real store, job
//! runner and isolated extraction (this binary's `internal-extract`), against a cached synthetic
//! corpus; with `--postgres`, candidates come from the shards and `--workers` runs the rescan
//! on `worker` child processes through the queue.

use super::corpus::{corpus_index, kazakh_sources, SEED};
use adal::clock::now_ms;
use adal::jobs::isolated::IsolatedExtractor;
use adal::jobs::JobRunner;
use adal::model::DocLang;
use adal::store::{Actor, JobState, NewThesis, NewUser, NewVersion, RescanSelection, Role, Store};
use adal_tools::synthetic::{make_submission, Vocabularies};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

pub fn bench_rescan(
    n_theses: usize,
    n_docs: usize,
    words: usize,
    cache: &Path,
    distributed: Option<(&str, usize)>,
) -> anyhow::Result<i32> {
    let index = Arc::new(corpus_index(cache, n_docs)?.0);
    let index_dir = cache.join(format!("articles-{n_docs}"));
    if let Some((url, _)) = distributed {
        let outcome = adal::index::sharded::use_sharded_postings(&index, url, &index_dir)?;
        eprintln!("candidates from the PostgreSQL shards ({outcome:?})");
    }
    let store_dir = tempfile::tempdir()?;
    let store = Store::open(store_dir.path())?;
    let now = now_ms();
    let vocabularies = Vocabularies::new();
    let sources = kazakh_sources(&index, n_docs, 50);
    let supervisor = store.create_user(
        &NewUser {
            name: "Supervisor".into(),
            email: "supervisor@bench.adal".into(),
            role: Role::Supervisor,
            faculty: Some("Bench".into()),
            department: None,
            supervisor: None,
            password_hash: None,
        },
        Actor::System,
        now,
    )?;
    let started = Instant::now();
    for number in 0..n_theses {
        let student = store.create_user(
            &NewUser {
                name: format!("Student {number}"),
                email: format!("student{number}@bench.adal"),
                role: Role::Student,
                faculty: Some("Bench".into()),
                department: None,
                supervisor: Some(supervisor.id),
                password_hash: None,
            },
            Actor::System,
            now,
        )?;
        let thesis = store.create_thesis(
            &NewThesis {
                title: format!("Thesis {number}"),
                student: student.id,
                supervisor: None,
                faculty: None,
                programme: "bench".into(),
                language: DocLang::Kk,
                planned_defense: None,
            },
            Actor::System,
            now,
        )?;
        let picked: Vec<&str> = (0..3).map(|k| sources[(number * 3 + k) % sources.len()].as_str()).collect();
        let text =
            make_submission(&vocabularies, SEED + number as u64, DocLang::Kk, &picked, words, 0.1).text;
        let hash = store.files().put(text.as_bytes())?;
        let version = NewVersion {
            file_hash: hash,
            file_name: format!("thesis-{number}.txt"),
            byte_len: text.len() as u64,
        };
        store.add_version(thesis.id, &version, Actor::User(student.id), now)?;
    }
    eprintln!("created {n_theses} theses of {words} words in {:.1} s", started.elapsed().as_secs_f64());

    let extractor =
        IsolatedExtractor::new(std::env::current_exe()?, std::time::Duration::from_secs(120), 2_000_000_000);
    let mut runner = JobRunner {
        store: store.clone(),
        index,
        extractor: Arc::new(extractor),
        stopping: Arc::new(AtomicBool::new(false)),
        distributed_rescans: None,
    };
    let started = Instant::now();
    while runner.run_next_job()? {}
    let first_checks = started.elapsed().as_secs_f64();

    let mut workers = Vec::new();
    if let Some((url, n_workers)) = distributed.filter(|(_, n_workers)| *n_workers > 0) {
        runner.distributed_rescans = Some(Arc::new(adal::jobs::distributed::RescanQueue::connect(url)?));
        for number in 0..n_workers {
            let child = std::process::Command::new(std::env::current_exe()?)
                .args(["--postgres", url, "worker", "--name", &format!("bench-{number}"), "--index"])
                .arg(&index_dir)
                .stdout(std::process::Stdio::null())
                .spawn()?;
            workers.push(child);
        }
    }
    let job = store.enqueue_rescan(&RescanSelection::All, Actor::System, now_ms())?;
    let started = Instant::now();
    while runner.run_next_job()? {}
    let rescan = started.elapsed().as_secs_f64();
    for mut worker in workers {
        let _ = worker.kill();
        let _ = worker.wait();
    }
    let finished = store.job(job.id)?;
    anyhow::ensure!(finished.state == JobState::Done, "the rescan did not finish: {:?}", finished.state);
    let backend = match distributed {
        Some((_, 0)) => "shards, rescan by the service".to_string(),
        Some((_, n_workers)) => format!("shards, rescan by {n_workers} workers"),
        None => "embedded".to_string(),
    };
    println!("| theses | corpus documents | words per thesis | candidates | first checks (upload jobs) | bulk rescan | theses per second (rescan) |");
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| {n_theses} | {n_docs} | {words} | {backend} | {first_checks:.1} s | {rescan:.1} s | {:.1} |",
        n_theses as f64 / rescan
    );
    Ok(0)
}
