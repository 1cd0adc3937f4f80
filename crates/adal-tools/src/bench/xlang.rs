//! `adal-tools bench xlang` (W2 with the cross-language check): a ~35k-word Kazakh thesis made of
//! the human-translated documents of `xlang-dev` (Kazakh texts with passages translated from
//! Russian and English sources) checked against the cached synthetic corpus of `--docs`
//! articles plus the real sources of `xlang-dev`. Run it with the lexicon that holds the
//! bilingual dictionaries (`--data` or `--lexicon`) and once more with `--no-lexicon` for the
//! same check without the cross-language step: the difference is what the step costs.
//!
//! The synthetic articles are pseudo-words, so they give no concept keys; the cost of the
//! cross-language step comes from the real documents, which is where candidates come from.

use super::corpus::{corpus_index, peak_rss_mb, percentile};
use adal::index::CorpusIndex;
use adal::model::{DocumentFormat, ExtractedDocument};
use adal::pipeline::check::{check_document, CheckOptions};
use adal::pipeline::ingest::{ingest_paths, IngestOptions};
use adal::report::Rewriting;
use anyhow::Context;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

/// The suspicious documents of `eval`'s Kazakh directions, each with its true sources.
fn kazakh_cases(eval: &Path) -> anyhow::Result<Vec<(String, BTreeSet<String>)>> {
    let mut cases: Vec<(String, BTreeSet<String>)> = Vec::new();
    for direction in ["kk-from-ru", "kk-from-en"] {
        let path = eval.join("pairs-by-direction").join(direction);
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        for line in text.lines() {
            let Some((suspicious, source)) = line.split_once(' ') else { continue };
            let source = source.trim().trim_end_matches(".txt").to_string();
            match cases.iter_mut().find(|(name, _)| name == suspicious) {
                Some((_, sources)) => {
                    sources.insert(source);
                }
                None => cases.push((suspicious.to_string(), BTreeSet::from([source]))),
            }
        }
    }
    Ok(cases)
}

pub fn bench_xlang(
    n_docs: usize,
    cache: &Path,
    repeat: usize,
    eval: &Path,
    words: usize,
) -> anyhow::Result<i32> {
    let cases = kazakh_cases(eval)?;
    anyhow::ensure!(!cases.is_empty(), "{}: no Kazakh cases", eval.display());
    // The thesis: Kazakh suspicious documents one after another up to `words` words.
    let mut text = String::new();
    let mut planted: BTreeSet<String> = BTreeSet::new();
    for (suspicious, sources) in &cases {
        if text.split_whitespace().count() >= words {
            break;
        }
        let path = eval.join("susp").join(suspicious);
        text.push_str(
            &std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?,
        );
        text.push_str("\n\n");
        planted.extend(sources.iter().cloned());
    }
    let thesis_words = text.split_whitespace().count();

    // The cached synthetic corpus, copied, plus the real sources (so the cache stays as W2 has it).
    let (cached, _) = corpus_index(cache, n_docs)?;
    drop(cached);
    let copy = tempfile::tempdir_in(cache)?;
    let cached_dir = cache.join(format!("articles-{n_docs}"));
    copy_dir(&cached_dir, copy.path())?;
    let index = CorpusIndex::open_or_create(copy.path())?;
    let started = Instant::now();
    let summary = ingest_paths(&index, &[eval.join("src")], &IngestOptions::default(), &|_| {})?;
    let ingest_seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        summary.failed.is_empty() && summary.refused.is_empty(),
        "the real sources did not all ingest"
    );

    let document = ExtractedDocument::plain(DocumentFormat::Txt, text);
    let options = CheckOptions { title: "bench xlang".into(), ..CheckOptions::default() };
    let mut check_ms = Vec::with_capacity(repeat);
    let mut found = 0;
    let mut other_sources = 0;
    let mut translated_passages = 0;
    for _ in 0..repeat {
        let started = Instant::now();
        let report = check_document(&index, &document, &options)?;
        check_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        found = planted
            .iter()
            .filter(|source| report.sources.iter().any(|found| found.document_id.contains(source.as_str())))
            .count();
        // Sources reported that the thesis does not translate: the synthetic documents and
        // the real sources of other xlang-dev documents.
        other_sources = report.sources.len().saturating_sub(found);
        translated_passages = report
            .passages
            .iter()
            .filter(|passage| passage.rewriting.contains(&Rewriting::Translated))
            .count();
    }
    check_ms.sort_by(f64::total_cmp);
    let lexicon = adal::text::lexicon::active();
    println!(
        "| corpus documents | thesis words | lexicon | p50 check (ms) | p95 check (ms) | true sources found | other sources reported | translated passages | peak RSS (MB) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    println!(
        "| {} synthetic + {} real | {} | {} | {:.0} | {:.0} | {} of {} | {} | {} | {} |",
        n_docs,
        summary.added.len(),
        thesis_words,
        lexicon.summary(),
        percentile(&check_ms, 0.5),
        percentile(&check_ms, 0.95),
        found,
        planted.len(),
        other_sources,
        translated_passages,
        peak_rss_mb().map_or("-".to_string(), |mb| format!("{mb:.0}"))
    );
    eprintln!("real sources ingested in {ingest_seconds:.1} s");
    Ok(0)
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
