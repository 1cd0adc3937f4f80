//! `adal bench check`: the end-to-end benchmark of one check (W2) on synthetic corpora; also the
//! entry of `adal bench rescan` (W4), `adal bench crash` and `adal bench load` (W6).
//!
//! For each corpus size it builds (once, cached under `--cache`) a synthetic corpus index of
//! article-length kk/ru/en documents, makes a 35k-word submission that borrows 15% of its words
//! from ten corpus documents, and times `check_document` over repeated runs: p50 and p95, with
//! and without extraction. "With extraction" adds the extraction of a real thesis PDF
//! (`--pdf`, default the shared 115-page `thesis_big.pdf`), timed in the same run.

use super::GlobalOptions;
use crate::extract::{extract, ExtractLimits};
use crate::index::{CorpusIndex, DocumentMeta};
use crate::model::{DocLang, DocumentFormat, ExtractedDocument};
use crate::pipeline::check::{check_document, CheckOptions};
use crate::pipeline::ingest::document_from_text;
use crate::synthetic::{generate_corpus, make_submission, CorpusMix, Vocabularies};
use anyhow::Context;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    #[command(subcommand)]
    command: BenchCommand,
}

#[derive(clap::Subcommand, Debug)]
enum BenchCommand {
    /// W2: one 35k-word thesis against synthetic corpora of the given sizes.
    Check {
        /// Corpus sizes, in documents.
        #[arg(long = "docs", default_values_t = [1000usize, 10000])]
        docs: Vec<usize>,
        /// Where the synthetic corpus indexes are kept between runs.
        #[arg(long, default_value = "target/bench-corpora")]
        cache: PathBuf,
        /// Timed checks per corpus size.
        #[arg(long, default_value_t = 20)]
        repeat: usize,
        /// The PDF whose extraction is timed for the "with extraction" figures.
        #[arg(long, default_value = "../shared/fixtures/kazakh-theses/thesis_big.pdf")]
        pdf: PathBuf,
        /// Merge the figures of each size into this JSON file (input of `adal bench plot`).
        #[arg(long)]
        json_out: Option<PathBuf>,
    },
    /// Capacity figures of the sharded PostgreSQL index: loads the cached synthetic corpus of
    /// `--docs` articles into the shards (--postgres), then times candidate queries of 35k-word
    /// theses (one at a time and a batch in one call) against the embedded index.
    Shards {
        #[arg(long = "docs", default_value_t = 10000)]
        docs: usize,
        #[arg(long, default_value = "target/bench-corpora")]
        cache: PathBuf,
        /// Timed single queries.
        #[arg(long, default_value_t = 20)]
        repeat: usize,
        /// Theses in the batch query.
        #[arg(long, default_value_t = 100)]
        batch: usize,
        /// Keep what the shards hold (loaded by an earlier run) instead of reloading.
        #[arg(long)]
        skip_load: bool,
        /// Write the figures as JSON to this file.
        #[arg(long)]
        json_out: Option<PathBuf>,
    },
    /// Draws the growth plot (SVG) from the JSON of `adal bench check --json-out`.
    Plot {
        /// The JSON written by `bench check --json-out`.
        #[arg(long, default_value = "docs/benchmarks/growth.json")]
        input: PathBuf,
        /// The SVG to write.
        #[arg(long, default_value = "docs/benchmarks/growth.svg")]
        out: PathBuf,
    },
    /// W4: a bulk rescan of many theses through the real store, job runner and isolated
    /// extraction, against a synthetic corpus.
    Rescan {
        /// Theses in the store.
        #[arg(long, default_value_t = 1000)]
        theses: usize,
        /// Corpus size, in documents.
        #[arg(long, default_value_t = 10000)]
        docs: usize,
        /// Words per thesis.
        #[arg(long, default_value_t = 20000)]
        words: usize,
        #[arg(long, default_value = "target/bench-corpora")]
        cache: PathBuf,
        /// With --postgres: candidates from the shards, and the rescan run by this many
        /// `adal worker` processes through the queue (0: the service checks it itself).
        #[arg(long, default_value_t = 0)]
        workers: usize,
    },
    /// Crash safety: SIGKILL a running `adal serve` at random moments while it takes uploads,
    /// decisions, corpus uploads and rescans; verify nothing acknowledged was lost.
    Crash(super::crash::CrashArgs),
    /// W6 load: concurrent clients uploading and reading during a bulk rescan.
    Load(super::load::LoadArgs),
}

pub fn run(args: BenchArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    match args.command {
        BenchCommand::Check { docs, cache, repeat, pdf, json_out } => {
            bench_check(&docs, &cache, repeat.max(1), &pdf, json_out.as_deref())
        }
        BenchCommand::Shards { docs, cache, repeat, batch, skip_load, json_out } => {
            let url = global.postgres_url()?;
            let figures = super::bench_shards::bench_shards(url, &cache, docs, repeat, batch, skip_load)?;
            let json = serde_json::to_string_pretty(&figures)?;
            println!("{json}");
            if let Some(path) = json_out {
                std::fs::write(&path, json + "\n")?;
            }
            Ok(0)
        }
        BenchCommand::Plot { input, out } => {
            super::bench_plot::plot(&input, &out)?;
            Ok(0)
        }
        BenchCommand::Rescan { theses, docs, words, cache, workers } => {
            let distributed = match global.postgres_url.as_deref() {
                Some(url) => Some((url, workers)),
                None if workers > 0 => anyhow::bail!("--workers needs --postgres"),
                None => None,
            };
            bench_rescan(theses, docs, words, &cache, distributed)
        }
        BenchCommand::Crash(args) => super::crash::run(args),
        BenchCommand::Load(args) => super::load::run(args),
    }
}

const SEED: u64 = 2026;

/// How a benchmark corpus was built (W3) and what it takes on disk (W5).
pub(super) struct CorpusBuild {
    text_bytes: u64,
    /// Fingerprinting, indexing, commits and the final merges; generation excluded.
    ingest_seconds: f64,
    generation_seconds: f64,
}

/// Opens the cached synthetic corpus of `n_docs` articles, building it when it is missing or
/// was written by another layout or scheme. Returns the build figures when it was built now.
pub(super) fn corpus_index(
    cache: &Path,
    n_docs: usize,
) -> anyhow::Result<(CorpusIndex, Option<CorpusBuild>)> {
    let dir = cache.join(format!("articles-{n_docs}"));
    if let Ok(index) = CorpusIndex::open_or_create(&dir) {
        if index.reindex_needed()?.is_none() && index.num_documents() as usize >= n_docs {
            return Ok((index, None));
        }
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    let index =
        CorpusIndex::open_or_create(&dir).with_context(|| format!("cannot open {}", dir.display()))?;
    let started = Instant::now();
    let mut generation_seconds = 0.0;
    let mut text_bytes = 0u64;
    let mut generator = generate_corpus(SEED, n_docs, CorpusMix::ARTICLES_ONLY);
    let mut generate = |generation_seconds: &mut f64| {
        let generation_started = Instant::now();
        let batch: Vec<_> = generator.by_ref().take(500).collect();
        *generation_seconds += generation_started.elapsed().as_secs_f64();
        batch
    };
    let fingerprint_batch = |batch: Vec<crate::synthetic::SyntheticDoc>| -> Vec<crate::index::NewDocument> {
        batch
            .into_par_iter()
            .map(|document| {
                let mut meta = DocumentMeta::new(document.id, document.title);
                meta.language = document.language;
                document_from_text(meta, document.text)
            })
            .collect()
    };
    let mut writer = index.writer()?;
    // As `adal corpus add` does: the next batch is fingerprinted while the current one is indexed.
    let mut prepared = fingerprint_batch(generate(&mut generation_seconds));
    while !prepared.is_empty() {
        text_bytes += prepared.iter().map(|document| document.text.len() as u64).sum::<u64>();
        let next_batch = generate(&mut generation_seconds);
        let (added, next) = std::thread::scope(|scope| {
            let next = scope.spawn(|| fingerprint_batch(next_batch));
            let added = writer.add_batch(std::mem::take(&mut prepared));
            (added, next.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        added?;
        prepared = next;
    }
    writer.merge_all_runs()?;
    writer.finish()?;
    index.merge_all_segments()?;
    let total = started.elapsed().as_secs_f64();
    let build = CorpusBuild { text_bytes, ingest_seconds: total - generation_seconds, generation_seconds };
    Ok((index, Some(build)))
}

/// Peak resident memory of this process so far (VmHWM), in MB; `None` off Linux.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024.0)
}

pub(super) fn percentile(sorted: &[f64], share: f64) -> f64 {
    let position = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted[position.min(sorted.len() - 1)]
}

fn bench_check(
    sizes: &[usize],
    cache: &Path,
    repeat: usize,
    pdf: &Path,
    json_out: Option<&Path>,
) -> anyhow::Result<i32> {
    let pdf_bytes = std::fs::read(pdf).ok();
    if pdf_bytes.is_none() {
        eprintln!("note: {} not found; figures with extraction are skipped", pdf.display());
    }
    let vocabularies = Vocabularies::new();
    let mut rows = Vec::new();
    for &n_docs in sizes {
        let (index, build) = corpus_index(cache, n_docs)?;
        if let Some(build) = &build {
            eprintln!(
                "built the {n_docs}-document corpus: {:.1} MB of text, ingest {:.1} s = {:.1} MB/s with the index \
                 merged (generation {:.1} s excluded)",
                build.text_bytes as f64 / 1e6,
                build.ingest_seconds,
                build.text_bytes as f64 / 1e6 / build.ingest_seconds,
                build.generation_seconds
            );
        }
        let stats = index.stats()?;
        // Ten Kazakh sources from the corpus for the submission to borrow from.
        let sources: Vec<String> = (0..n_docs)
            .filter_map(|number| index.get_document(&format!("syn-kk-{number:06}")).ok().flatten())
            .take(10)
            .map(|document| document.text)
            .collect();
        let source_refs: Vec<&str> = sources.iter().map(String::as_str).collect();
        let submission = make_submission(&vocabularies, SEED, DocLang::Kk, &source_refs, 35_000, 0.15);
        let document = ExtractedDocument::plain(DocumentFormat::Txt, submission.text);
        let options = CheckOptions { title: "bench".into(), ..CheckOptions::default() };
        let mut check_ms = Vec::with_capacity(repeat);
        let mut with_extraction_ms = Vec::with_capacity(repeat);
        let mut sources_found = 0;
        for _ in 0..repeat {
            let extract_ms = match &pdf_bytes {
                Some(bytes) => {
                    let started = Instant::now();
                    let extracted = extract(bytes, &ExtractLimits::DEFAULT);
                    anyhow::ensure!(extracted.is_ok(), "the benchmark PDF does not extract");
                    started.elapsed().as_secs_f64() * 1000.0
                }
                None => f64::NAN,
            };
            let started = Instant::now();
            let report = check_document(&index, &document, &options)?;
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            sources_found = report.sources.len();
            check_ms.push(elapsed);
            with_extraction_ms.push(elapsed + extract_ms);
        }
        check_ms.sort_by(f64::total_cmp);
        with_extraction_ms.sort_by(f64::total_cmp);
        rows.push(GrowthRow {
            documents: n_docs,
            text_mb: stats.text_bytes as f64 / 1e6,
            ingest_mb_per_s: build.as_ref().map(|build| build.text_bytes as f64 / 1e6 / build.ingest_seconds),
            index_bytes_per_text_byte: stats.index_bytes as f64 / stats.text_bytes.max(1) as f64,
            fingerprint_runs_bytes_per_text_byte: stats.space.fingerprint_runs as f64
                / stats.text_bytes.max(1) as f64,
            check_p50_ms: percentile(&check_ms, 0.5),
            check_p95_ms: percentile(&check_ms, 0.95),
            with_pdf_p50_ms: percentile(&with_extraction_ms, 0.5),
            with_pdf_p95_ms: percentile(&with_extraction_ms, 0.95),
            sources_found,
            sources_planted: sources.len(),
            peak_rss_mb: peak_rss_mb(),
        });
    }
    println!("| corpus documents | text MB | ingest MB/s (index merged) | index bytes per text byte | of it fingerprint runs | p50 check (ms) | p95 check (ms) | p50 with PDF extraction (ms) | p95 with PDF extraction (ms) | sources found | peak RSS so far (MB) |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let optional = |value: Option<f64>, digits: usize| {
        value.map_or("cached".to_string(), |value| format!("{value:.digits$}"))
    };
    for row in &rows {
        println!(
            "| {} | {:.0} | {} | {:.3} | {:.3} | {:.0} | {:.0} | {:.0} | {:.0} | {} of {} | {} |",
            row.documents,
            row.text_mb,
            optional(row.ingest_mb_per_s, 1),
            row.index_bytes_per_text_byte,
            row.fingerprint_runs_bytes_per_text_byte,
            row.check_p50_ms,
            row.check_p95_ms,
            row.with_pdf_p50_ms,
            row.with_pdf_p95_ms,
            row.sources_found,
            row.sources_planted,
            optional(row.peak_rss_mb, 0)
        );
    }
    if let Some(path) = json_out {
        let mut all: Vec<GrowthRow> = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        for row in rows {
            all.retain(|old| old.documents != row.documents);
            all.push(row);
        }
        all.sort_by_key(|row| row.documents);
        std::fs::write(path, serde_json::to_string_pretty(&all)?)?;
        eprintln!("results merged into {}", path.display());
    }
    Ok(0)
}

/// One corpus size of `adal bench check`, as kept in `--json-out` for the growth plot.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct GrowthRow {
    pub documents: usize,
    pub text_mb: f64,
    pub ingest_mb_per_s: Option<f64>,
    pub index_bytes_per_text_byte: f64,
    pub fingerprint_runs_bytes_per_text_byte: f64,
    pub check_p50_ms: f64,
    pub check_p95_ms: f64,
    pub with_pdf_p50_ms: f64,
    pub with_pdf_p95_ms: f64,
    pub sources_found: usize,
    pub sources_planted: usize,
    pub peak_rss_mb: Option<f64>,
}

fn bench_rescan(
    n_theses: usize,
    n_docs: usize,
    words: usize,
    cache: &Path,
    distributed: Option<(&str, usize)>,
) -> anyhow::Result<i32> {
    use crate::jobs::isolated::IsolatedExtractor;
    use crate::jobs::JobRunner;
    use crate::store::{Actor, JobState, NewThesis, NewUser, NewVersion, RescanSelection, Role, Store};
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    let index = Arc::new(corpus_index(cache, n_docs)?.0);
    let index_dir = cache.join(format!("articles-{n_docs}"));
    if let Some((url, _)) = distributed {
        let outcome = crate::index::sharded::use_sharded_postings(&index, url, &index_dir)?;
        eprintln!("candidates from the PostgreSQL shards ({outcome:?})");
    }
    let store_dir = tempfile::tempdir()?;
    let store = Store::open(store_dir.path())?;
    let now = crate::pipeline::thesis::now_ms();
    let vocabularies = Vocabularies::new();
    let sources: Vec<String> = (0..n_docs)
        .filter_map(|number| index.get_document(&format!("syn-kk-{number:06}")).ok().flatten())
        .take(50)
        .map(|document| document.text)
        .collect();
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
        runner.distributed_rescans = Some(Arc::new(crate::jobs::distributed::RescanQueue::connect(url)?));
        for number in 0..n_workers {
            let child = std::process::Command::new(std::env::current_exe()?)
                .args(["--postgres", url, "worker", "--name", &format!("bench-{number}"), "--index"])
                .arg(&index_dir)
                .stdout(std::process::Stdio::null())
                .spawn()?;
            workers.push(child);
        }
    }
    let job =
        store.enqueue_rescan(&RescanSelection::All, Actor::System, crate::pipeline::thesis::now_ms())?;
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
