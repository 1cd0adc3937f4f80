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
    },
    /// Crash safety: SIGKILL a running `adal serve` at random moments while it takes uploads,
    /// decisions, corpus uploads and rescans; verify nothing acknowledged was lost.
    Crash(super::crash::CrashArgs),
    /// W6 load: concurrent clients uploading and reading during a bulk rescan.
    Load(super::load::LoadArgs),
}

pub fn run(args: BenchArgs, _global: &GlobalOptions) -> anyhow::Result<i32> {
    match args.command {
        BenchCommand::Check { docs, cache, repeat, pdf } => bench_check(&docs, &cache, repeat.max(1), &pdf),
        BenchCommand::Rescan { theses, docs, words, cache } => bench_rescan(theses, docs, words, &cache),
        BenchCommand::Crash(args) => super::crash::run(args),
        BenchCommand::Load(args) => super::load::run(args),
    }
}

const SEED: u64 = 2026;

fn corpus_index(cache: &Path, n_docs: usize) -> anyhow::Result<CorpusIndex> {
    let dir = cache.join(format!("articles-{n_docs}"));
    let index =
        CorpusIndex::open_or_create(&dir).with_context(|| format!("cannot open {}", dir.display()))?;
    if index.num_documents() as usize >= n_docs {
        return Ok(index);
    }
    let started = Instant::now();
    let mut text_bytes = 0usize;
    let mut generator = generate_corpus(SEED, n_docs, CorpusMix::ARTICLES_ONLY).peekable();
    while generator.peek().is_some() {
        let batch: Vec<_> = generator.by_ref().take(500).collect();
        text_bytes += batch.iter().map(|document| document.text.len()).sum::<usize>();
        let documents = batch
            .into_par_iter()
            .map(|document| {
                let mut meta = DocumentMeta::new(document.id, document.title);
                meta.language = document.language;
                document_from_text(meta, document.text)
            })
            .collect();
        index.add_documents(documents)?;
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "built {n_docs}-document corpus in {seconds:.1} s ({:.1} MB of text, {:.1} MB/s)",
        text_bytes as f64 / 1e6,
        text_bytes as f64 / 1e6 / seconds
    );
    Ok(index)
}

fn percentile(sorted: &[f64], share: f64) -> f64 {
    let position = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted[position.min(sorted.len() - 1)]
}

fn bench_check(sizes: &[usize], cache: &Path, repeat: usize, pdf: &Path) -> anyhow::Result<i32> {
    let pdf_bytes = std::fs::read(pdf).ok();
    if pdf_bytes.is_none() {
        eprintln!("note: {} not found; figures with extraction are skipped", pdf.display());
    }
    let vocabularies = Vocabularies::new();
    println!("| corpus documents | p50 check (ms) | p95 check (ms) | p50 with PDF extraction (ms) | p95 with PDF extraction (ms) | sources found |");
    println!("|---|---|---|---|---|---|");
    for &n_docs in sizes {
        let index = corpus_index(cache, n_docs)?;
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
        println!(
            "| {n_docs} | {:.0} | {:.0} | {:.0} | {:.0} | {sources_found} of {} |",
            percentile(&check_ms, 0.5),
            percentile(&check_ms, 0.95),
            percentile(&with_extraction_ms, 0.5),
            percentile(&with_extraction_ms, 0.95),
            sources.len()
        );
    }
    Ok(0)
}

fn bench_rescan(n_theses: usize, n_docs: usize, words: usize, cache: &Path) -> anyhow::Result<i32> {
    use crate::jobs::isolated::IsolatedExtractor;
    use crate::jobs::JobRunner;
    use crate::store::{Actor, JobState, NewThesis, NewUser, NewVersion, RescanSelection, Role, Store};
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    let index = Arc::new(corpus_index(cache, n_docs)?);
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
    let runner = JobRunner {
        store: store.clone(),
        index,
        extractor: Arc::new(extractor),
        stopping: Arc::new(AtomicBool::new(false)),
    };
    let started = Instant::now();
    while runner.run_next_job()? {}
    let first_checks = started.elapsed().as_secs_f64();

    let job =
        store.enqueue_rescan(&RescanSelection::All, Actor::System, crate::pipeline::thesis::now_ms())?;
    let started = Instant::now();
    while runner.run_next_job()? {}
    let rescan = started.elapsed().as_secs_f64();
    let finished = store.job(job.id)?;
    anyhow::ensure!(finished.state == JobState::Done, "the rescan did not finish: {:?}", finished.state);
    println!("| theses | corpus documents | words per thesis | first checks (upload jobs) | bulk rescan | theses per second (rescan) |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| {n_theses} | {n_docs} | {words} | {first_checks:.1} s | {rescan:.1} s | {:.1} |",
        n_theses as f64 / rescan
    );
    Ok(0)
}
