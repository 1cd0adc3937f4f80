//! Issue #17 on the demo data: with Adal's seed glossary (`corpus/glossary/kk-ru-en.tsv`, what
//! `serve --demo` imports) the Kazakh demo thesis that translates passages of Russian and English
//! corpus documents (`demo/kk-translated-thesis.*`, truth in `demo/truth.tsv`) gets every
//! translated passage as its own kind with the source's language and aligned sentence pairs,
//! and the other three demo theses get no translated passage at all.
//!
//! Its own test binary: the lexicon is process-wide.

use adal::extract::{extract, ExtractLimits};
use adal::index::CorpusIndex;
use adal::model::DocLang;
use adal::pipeline::check::{check_document, CheckOptions};
use adal::pipeline::ingest::{ingest_paths, IngestOptions};
use adal::report::{Report, Rewriting};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// `(kind, source id, thesis start, thesis end)` of the translated thesis's truth rows.
fn planted() -> Vec<(String, String, u32, u32)> {
    let truth = std::fs::read_to_string(root().join("demo/truth.tsv")).expect("demo/truth.tsv");
    truth
        .lines()
        .skip(1)
        .filter_map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            (columns.first()? == &"demo/kk-translated-thesis.txt").then(|| {
                Some((
                    columns.get(1)?.to_string(),
                    columns.get(2)?.to_string(),
                    columns.get(6)?.parse().ok()?,
                    columns.get(7)?.parse().ok()?,
                ))
            })?
        })
        .collect()
}

fn check(index: &CorpusIndex, path: &Path) -> Report {
    let bytes = std::fs::read(path).expect("demo file");
    let document = extract(&bytes, &ExtractLimits::DEFAULT).expect("demo file extracts");
    let options = CheckOptions { title: path.display().to_string(), ..CheckOptions::default() };
    check_document(index, &document, &options).expect("check runs")
}

fn translated(report: &Report) -> Vec<&adal::report::ReportPassage> {
    report.passages.iter().filter(|passage| passage.rewriting.contains(&Rewriting::Translated)).collect()
}

#[test]
fn the_translated_demo_thesis_is_found_through_the_seed_glossary() {
    let glossary = root().join("corpus").join(adal::lexicon::GLOSSARY_FILE);
    let data = adal::lexicon::import_file(&glossary).expect("the seed glossary imports");
    adal::text::lexicon::install(Arc::new(adal::text::lexicon::Lexicon::new(data)));

    let dir = tempfile::tempdir().expect("temp dir");
    let index = CorpusIndex::open_or_create(&dir.path().join("index")).expect("index");
    let summary =
        ingest_paths(&index, &[root().join("corpus")], &IngestOptions::default(), &|_| {}).expect("ingest");
    assert!(summary.refused.is_empty() && summary.failed.is_empty());

    let planted = planted();
    assert!(planted.len() >= 4, "the truth names the translated passages: {planted:?}");
    for file in ["kk-translated-thesis.txt", "kk-translated-thesis.docx"] {
        let path = root().join("demo").join(file);
        if !path.exists() {
            continue;
        }
        let report = check(&index, &path);
        let found = translated(&report);
        for (kind, source_id, start, end) in &planted {
            let source = report
                .sources
                .iter()
                .find(|source| &source.document_id == source_id)
                .unwrap_or_else(|| panic!("{file}: {kind} source {source_id} not named"));
            let passage = found.iter().find(|passage| passage.source == source.number);
            let passage = passage.unwrap_or_else(|| panic!("{file}: no translated passage from {source_id}"));
            let translation = passage.translation.as_ref().expect("the evidence");
            let expected = if source_id.starts_with("demo-ru") { DocLang::Ru } else { DocLang::En };
            assert_eq!(translation.source_language, expected, "{file}: {source_id}");
            assert!(!translation.sentence_pairs.is_empty());
            assert!(translation.sentence_pairs.iter().all(|pair| !pair.submission_words.is_empty()));
            if file.ends_with(".txt") {
                assert!(
                    found.iter().any(|passage| passage.submission_span.start < *end
                        && *start < passage.submission_span.end),
                    "{file}: {kind} at {start}..{end} from {source_id}"
                );
            }
        }
        // Every translated passage is one of the planted ones (no false alarm inside the thesis).
        if file.ends_with(".txt") {
            for passage in &found {
                let span = passage.submission_span;
                assert!(
                    planted.iter().any(|(_, _, start, end)| span.start < *end && *start < span.end),
                    "{file}: translated passage at {}..{} is not planted",
                    span.start,
                    span.end
                );
            }
        }
        assert!(report.figures.similarity > 5.0, "{file}: translations count: {:?}", report.figures);
    }

    for file in ["kk-thesis.txt", "ru-thesis.txt", "en-thesis.txt"] {
        let report = check(&index, &root().join("demo").join(file));
        assert!(translated(&report).is_empty(), "{file}: {:?}", translated(&report));
    }
}
