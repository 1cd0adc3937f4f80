//! `adal-tools bench check` (W2): one 35k-word thesis against synthetic corpora of the given
//! sizes. For each size it opens (or builds, once) the cached corpus of article-length kk/ru/en
//! documents, makes a submission that borrows 15% of its words from ten corpus documents, and
//! times `check_document` over repeated runs: p50 and p95, with and without extraction. "With
//! extraction" adds the extraction of a real thesis PDF (`--pdf`, default the shared 115-page
//! `thesis_big.pdf`), timed in the same run.

use super::corpus::{corpus_index, kazakh_sources, peak_rss_mb, percentile, SEED};
use adal::extract::{extract, ExtractLimits};
use adal::model::{DocLang, DocumentFormat, ExtractedDocument};
use adal::pipeline::check::{check_document, CheckOptions};
use adal_tools::synthetic::{make_submission, Vocabularies};
use std::path::Path;
use std::time::Instant;

pub fn bench_check(
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
        let sources = kazakh_sources(&index, n_docs, 10);
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

/// One corpus size of `adal-tools bench check`, as kept in `--json-out` for the growth plot.
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
