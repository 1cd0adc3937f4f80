//! Corpus ingest and candidate retrieval on synthetic corpora.
//!
//! - `ingest/text`: analyze, fingerprint and index ~4 MB of synthetic kk/ru/en text into a fresh
//!   on-disk index, one commit (throughput in bytes of text per second). The index size per
//!   byte of text, and what it is made of, is printed once.
//! - `candidates/35k_words_vs_1k_docs`: candidate retrieval for a 35k-word submission that
//!   borrows 20% of its words from five of 1,000 synthetic documents (built once, untimed).
//! - Off unless asked: `ADAL_BENCH_BULK_DOCS=10000` first builds a corpus of synthetic articles
//!   in batches of 500 through `add_documents` (as `adal-tools bench check` does), and
//!   `ADAL_BENCH_INGEST_FILES=2000` ingests a folder of synthetic text files with
//!   `ingest_paths` (as `adal corpus add` does); both print MB/s of text.
//!
//! Run with `cargo bench --bench ingest`.

use adal::index::{CandidateQuery, CorpusIndex, CorpusStats, DocumentMeta, NewDocument};
use adal::model::DocLang;
use adal::pipeline::ingest::{document_from_text, ingest_paths, IngestOptions};
use adal_tools::synthetic::{generate_corpus, make_submission, CorpusMix, SyntheticDoc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rayon::prelude::*;
use std::time::Instant;

fn to_new_documents(documents: &[SyntheticDoc]) -> Vec<NewDocument> {
    documents
        .par_iter()
        .map(|document| {
            let mut meta = DocumentMeta::new(document.id.clone(), document.title.clone());
            meta.language = document.language;
            document_from_text(meta, document.text.clone())
        })
        .collect()
}

fn print_size(label: &str, stats: &CorpusStats) {
    let per_text_byte = |bytes: u64| bytes as f64 / stats.text_bytes.max(1) as f64;
    let space = &stats.space;
    eprintln!(
        "{label}: {} documents, {:.1} MB text, {} words, {} fingerprint postings; index {:.1} MB = {:.3} bytes per text byte",
        stats.documents,
        stats.text_bytes as f64 / 1e6,
        stats.words,
        stats.fingerprint_postings,
        stats.index_bytes as f64 / 1e6,
        per_text_byte(stats.index_bytes)
    );
    eprintln!(
        "  per text byte: stored text {:.3}, fingerprint runs {:.3}, template fingerprints {:.3}, \
         search terms {:.3}, search postings {:.3}, search positions {:.3}, fast fields {:.3}, other {:.3}",
        per_text_byte(space.stored_documents),
        per_text_byte(space.fingerprint_runs),
        per_text_byte(space.template_fingerprints),
        per_text_byte(space.search_terms),
        per_text_byte(space.search_postings),
        per_text_byte(space.search_positions),
        per_text_byte(space.fast_fields),
        per_text_byte(space.other)
    );
}

/// Bulk load like `adal-tools bench check` builds its corpus: `ADAL_BENCH_BULK_DOCS` synthetic articles
/// in batches of 500, each analyzed in parallel then added with one `add_documents` call (one
/// writer session, one commit and waiting for merges per batch). Off unless the variable is set.
fn bulk_load() {
    let Some(n_docs) =
        std::env::var("ADAL_BENCH_BULK_DOCS").ok().and_then(|value| value.parse::<usize>().ok())
    else {
        return;
    };
    let directory = tempfile::tempdir().expect("tempdir");
    let index = CorpusIndex::open_or_create(directory.path()).expect("index");
    let started = Instant::now();
    let mut text_bytes = 0usize;
    let mut generator = generate_corpus(7, n_docs, CorpusMix::ARTICLES_ONLY).peekable();
    while generator.peek().is_some() {
        let batch: Vec<SyntheticDoc> = generator.by_ref().take(500).collect();
        text_bytes += batch.iter().map(|document| document.text.len()).sum::<usize>();
        index.add_documents(to_new_documents(&batch)).expect("add");
    }
    let seconds = started.elapsed().as_secs_f64();
    let stats = index.stats().expect("stats");
    eprintln!(
        "bulk load: {n_docs} documents, {:.1} MB of text in {seconds:.1} s = {:.1} MB/s; {} segments",
        text_bytes as f64 / 1e6,
        text_bytes as f64 / 1e6 / seconds,
        stats.segments
    );
}

/// `adal corpus add` on a folder: `ADAL_BENCH_INGEST_FILES` synthetic articles written as text
/// files, ingested with the default options (batches of 256 files, one commit each). Off unless
/// the variable is set.
fn folder_ingest() {
    let Some(n_files) =
        std::env::var("ADAL_BENCH_INGEST_FILES").ok().and_then(|value| value.parse::<usize>().ok())
    else {
        return;
    };
    let folder = tempfile::tempdir().expect("tempdir");
    let mut text_bytes = 0usize;
    for document in generate_corpus(11, n_files, CorpusMix::ARTICLES_ONLY) {
        text_bytes += document.text.len();
        std::fs::write(folder.path().join(format!("{}.txt", document.id)), document.text).expect("write");
    }
    let directory = tempfile::tempdir().expect("tempdir");
    let index = CorpusIndex::open_or_create(directory.path()).expect("index");
    let started = Instant::now();
    let summary = ingest_paths(&index, &[folder.path().to_path_buf()], &IngestOptions::default(), &|_| {})
        .expect("ingest");
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "folder ingest: {} of {n_files} files added, {:.1} MB of text in {seconds:.1} s = {:.1} MB/s",
        summary.added.len(),
        text_bytes as f64 / 1e6,
        text_bytes as f64 / 1e6 / seconds
    );
}

fn bench_ingest(criterion: &mut Criterion) {
    bulk_load();
    folder_ingest();
    // 24 documents of the university mix: about 4 MB of text.
    let documents: Vec<SyntheticDoc> = generate_corpus(1, 24, CorpusMix::UNIVERSITY).collect();
    let text_bytes: u64 = documents.iter().map(|document| document.text.len() as u64).sum();

    // One untimed run to report the index size.
    let directory = tempfile::tempdir().expect("tempdir");
    let index = CorpusIndex::open_or_create(directory.path()).expect("index");
    index.add_documents(to_new_documents(&documents)).expect("add");
    print_size("ingest corpus", &index.stats().expect("stats"));
    drop(index);

    let mut group = criterion.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text_bytes));
    // The text side alone (normalize, tokenize, winnow), to tell it apart from indexing.
    group.bench_function("analyze_and_fingerprint_only", |bencher| {
        bencher.iter(|| to_new_documents(&documents))
    });
    let prepared = to_new_documents(&documents);
    // Indexing alone, then its two halves: the text (stored and searchable) without
    // fingerprints, and the fingerprints with a one-word text.
    let text_only: Vec<NewDocument> = prepared
        .iter()
        .map(|document| NewDocument { fingerprint_hashes: Vec::new(), ..document.clone() })
        .collect();
    let fingerprints_only: Vec<NewDocument> = prepared
        .iter()
        .map(|document| NewDocument { text: document.meta.id.clone(), ..document.clone() })
        .collect();
    for (name, documents) in [
        ("index_only", &prepared),
        ("index_text_only", &text_only),
        ("index_fingerprints_only", &fingerprints_only),
    ] {
        group.bench_function(name, |bencher| {
            bencher.iter_batched(
                || (tempfile::tempdir().expect("tempdir"), documents.clone()),
                |(directory, documents)| {
                    let index = CorpusIndex::open_or_create(directory.path()).expect("index");
                    index.add_documents(documents).expect("add");
                    directory
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.bench_function("text", |bencher| {
        bencher.iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |directory| {
                let index = CorpusIndex::open_or_create(directory.path()).expect("index");
                index.add_documents(to_new_documents(&documents)).expect("add");
                directory
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// The 1k-document index, the query and the directory that must outlive the index.
struct CandidateSetup {
    index: CorpusIndex,
    query: CandidateQuery,
    _directory: tempfile::TempDir,
}

fn build_candidate_setup() -> CandidateSetup {
    const N_DOCS: usize = 1_000;
    let directory = tempfile::tempdir().expect("tempdir");
    let index = CorpusIndex::open_or_create(directory.path()).expect("index");
    let generator = generate_corpus(2, N_DOCS, CorpusMix::UNIVERSITY);
    let vocabularies = generator.vocabularies();
    let started = Instant::now();
    let mut borrowed_from = Vec::new();
    let mut writer = index.writer().expect("writer");
    let mut batch = Vec::new();
    for document in generator {
        if document.language == DocLang::Kk && borrowed_from.len() < 5 {
            borrowed_from.push(document.text.clone());
        }
        batch.push(document);
        if batch.len() == 100 {
            writer.add_batch(to_new_documents(&batch)).expect("add");
            batch.clear();
        }
    }
    writer.add_batch(to_new_documents(&batch)).expect("add");
    writer.finish().expect("finish");
    let stats = index.stats().expect("stats");
    eprintln!(
        "built the 1k-document index in {:.1} s ({:.1} MB/s including generation)",
        started.elapsed().as_secs_f64(),
        stats.text_bytes as f64 / 1e6 / started.elapsed().as_secs_f64()
    );
    print_size("candidate corpus", &stats);

    let sources: Vec<&str> = borrowed_from.iter().map(String::as_str).collect();
    let submission = make_submission(&vocabularies, 3, DocLang::Kk, &sources, 35_000, 0.2);
    let hashes = document_from_text(DocumentMeta::new("submission", ""), submission.text).fingerprint_hashes;
    let query = CandidateQuery::new(hashes.clone());
    let found = index.candidates(&query).expect("candidates");
    eprintln!(
        "submission: {} words, {} fingerprints, {} candidates, top {:?}",
        submission.words,
        hashes.len(),
        found.len(),
        found.iter().take(6).map(|candidate| candidate.shared_fingerprints).collect::<Vec<_>>()
    );
    CandidateSetup { index, query, _directory: directory }
}

fn bench_candidates(criterion: &mut Criterion) {
    // Built on first use, so that filtering the benchmarks by name skips the 1k-document build.
    let mut setup: Option<CandidateSetup> = None;
    let mut group = criterion.benchmark_group("candidates");
    group.sample_size(30);
    group.bench_function("35k_words_vs_1k_docs", |bencher| {
        let setup = setup.get_or_insert_with(build_candidate_setup);
        bencher.iter(|| setup.index.candidates(&setup.query).expect("candidates"))
    });
    group.finish();
}

criterion_group!(benches, bench_ingest, bench_candidates);
criterion_main!(benches);
