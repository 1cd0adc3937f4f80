//! `adal-tools bench shards`: the per-shard figures of the capacity model (docs/SCALING.md) on a
//! running sharded cluster: postings loaded per second, bytes per posting, the cost of a
//! candidate query per 1,000 probes (keys sent to the shards), a batch of submissions in one
//! proxy call, and the same queries on the embedded index for comparison.

use super::corpus::{corpus_index, kazakh_sources, percentile};
use adal::fingerprint::{fingerprint, FingerprintConfig};
use adal::index::sharded::ShardedPostings;
use adal::index::{CandidateQuery, CorpusIndex};
use adal::model::DocLang;
use adal_tools::synthetic::{make_submission, Vocabularies};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// What `adal-tools bench shards` measured.
#[derive(Debug, Serialize)]
pub struct ShardFigures {
    pub documents: u64,
    pub postings: u64,
    pub partitions: usize,
    pub load_seconds: f64,
    pub postings_per_second: f64,
    pub bytes_on_shards: i64,
    pub bytes_per_posting: f64,
    pub thesis_words: usize,
    pub probes_per_thesis: usize,
    pub sharded_p50_ms: f64,
    pub sharded_p95_ms: f64,
    pub sharded_ms_per_1k_probes: f64,
    pub embedded_p50_ms: f64,
    pub batch_theses: usize,
    pub batch_seconds: f64,
    pub batch_ms_per_thesis: f64,
    pub same_candidates: bool,
}

/// Loads the cached `n_docs` corpus into the shards at `url` (unless `skip_load` and they
/// already hold it) and times candidate queries.
pub fn bench_shards(
    url: &str,
    cache: &Path,
    n_docs: usize,
    repeat: usize,
    batch: usize,
    skip_load: bool,
) -> anyhow::Result<ShardFigures> {
    let (index, _) = corpus_index(cache, n_docs)?;
    // The same corpus id as `use_sharded_postings` gives it, so `bench rescan` finds it loaded.
    let corpus_id = adal::index::sharded::corpus_id(&cache.join(format!("articles-{n_docs}")));
    let sharded = Arc::new(ShardedPostings::connect(url, &corpus_id)?);

    let started = Instant::now();
    let postings = if skip_load {
        0
    } else {
        let postings = sharded.reload_from(&index)?;
        sharded.refresh_frequent_keys(index.num_documents())?;
        postings
    };
    let load_seconds = started.elapsed().as_secs_f64();
    let stats = sharded.stats()?;
    let stored_postings: i64 = stats.iter().map(|partition| partition.postings).sum();
    let bytes_on_shards: i64 = stats.iter().map(|partition| partition.bytes).sum();
    eprintln!(
        "shards hold {stored_postings} postings in {} partitions, {bytes_on_shards} bytes",
        stats.len()
    );

    // Theses of 35k words borrowing from the corpus (as W2), one per seed.
    let vocabularies = Vocabularies::new();
    let sources = kazakh_sources(&index, n_docs, 40);
    let queries: Vec<CandidateQuery> = (0..batch.max(1))
        .map(|number| {
            let picked: Vec<&str> =
                sources.iter().skip(number % sources.len().max(1)).take(4).map(String::as_str).collect();
            let text =
                make_submission(&vocabularies, 7_000 + number as u64, DocLang::Kk, &picked, 35_000, 0.15)
                    .text;
            let tokens = adal::text::analyze(&text).tokens;
            let hashes = fingerprint(&tokens, &FingerprintConfig::THESIS);
            CandidateQuery::new(hashes.iter().map(|print| print.hash).collect())
        })
        .collect();
    let probes = distinct_keys(&queries[0]);

    let embedded_ms = time_queries(&index, &queries[0], repeat)?;
    let embedded_answer = index.candidates(&queries[0])?;
    index.set_postings_backend(sharded.clone());
    let sharded_ms = time_queries(&index, &queries[0], repeat)?;
    let same_candidates = index.candidates(&queries[0])? == embedded_answer;

    let started = Instant::now();
    let answers = index.candidates_batch(&queries)?;
    let batch_seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "batch of {} theses: {:.2} s, {} candidates in all",
        queries.len(),
        batch_seconds,
        answers.iter().map(Vec::len).sum::<usize>()
    );

    let sharded_p50 = percentile(&sharded_ms, 0.5);
    Ok(ShardFigures {
        documents: index.num_documents(),
        postings: if skip_load { stored_postings as u64 } else { postings },
        partitions: stats.len(),
        load_seconds,
        postings_per_second: postings as f64 / load_seconds.max(1e-9),
        bytes_on_shards,
        bytes_per_posting: bytes_on_shards as f64 / (stored_postings.max(1) as f64),
        thesis_words: 35_000,
        probes_per_thesis: probes,
        sharded_p50_ms: sharded_p50,
        sharded_p95_ms: percentile(&sharded_ms, 0.95),
        sharded_ms_per_1k_probes: sharded_p50 / (probes.max(1) as f64 / 1000.0),
        embedded_p50_ms: percentile(&embedded_ms, 0.5),
        batch_theses: queries.len(),
        batch_seconds,
        batch_ms_per_thesis: batch_seconds * 1000.0 / queries.len() as f64,
        same_candidates,
    })
}

fn distinct_keys(query: &CandidateQuery) -> usize {
    let mut keys: Vec<u64> = query.hashes.iter().map(|&hash| adal::index::fingerprint_key(hash)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.len()
}

/// Milliseconds of `repeat` candidate look-ups (after one warm-up), sorted.
fn time_queries(index: &CorpusIndex, query: &CandidateQuery, repeat: usize) -> anyhow::Result<Vec<f64>> {
    index.candidates(query)?;
    let mut times = Vec::with_capacity(repeat);
    for _ in 0..repeat.max(1) {
        let started = Instant::now();
        index.candidates(query)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times)
}
