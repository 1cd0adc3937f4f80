//! The synthetic benchmark corpora: built once per size under `--cache` and reopened by later
//! runs (`bench check`, `bench rescan`, `bench shards`), and the small helpers the benchmarks
//! share (percentiles, peak memory).

use adal::index::{CorpusIndex, DocumentMeta, NewDocument};
use adal::pipeline::ingest::document_from_text;
use adal_tools::synthetic::{generate_corpus, CorpusMix, SyntheticDoc};
use anyhow::Context;
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

/// The seed of every synthetic corpus and submission, so that runs are comparable.
pub const SEED: u64 = 2026;

/// How a benchmark corpus was built (W3) and what it takes on disk (W5).
pub struct CorpusBuild {
    pub text_bytes: u64,
    /// Fingerprinting, indexing, commits and the final merges; generation excluded.
    pub ingest_seconds: f64,
    pub generation_seconds: f64,
}

/// Opens the cached synthetic corpus of `n_docs` articles, building it when it is missing or
/// was written by another layout or scheme. Returns the build figures when it was built now.
pub fn corpus_index(cache: &Path, n_docs: usize) -> anyhow::Result<(CorpusIndex, Option<CorpusBuild>)> {
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
    let fingerprint_batch = |batch: Vec<SyntheticDoc>| -> Vec<NewDocument> {
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

/// The texts of the first `count` Kazakh documents of the synthetic corpus of `n_docs`, for
/// submissions to borrow from.
pub fn kazakh_sources(index: &CorpusIndex, n_docs: usize, count: usize) -> Vec<String> {
    (0..n_docs)
        .filter_map(|number| index.get_document(&format!("syn-kk-{number:06}")).ok().flatten())
        .take(count)
        .map(|document| document.text)
        .collect()
}

/// Peak resident memory of this process so far (VmHWM), in MB; `None` off Linux.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024.0)
}

/// The value at `share` (0.5 = the median) of sorted values; 0 for none.
pub fn percentile(sorted: &[f64], share: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let position = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted[position.min(sorted.len() - 1)]
}
