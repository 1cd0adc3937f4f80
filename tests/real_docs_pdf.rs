//! PDF extraction over every real-world PDF in `../shared/fixtures/real-docs/pdf`: no panic, no
//! run-away time, and the outcome recorded in `tests/data/real_docs_pdf_expected.tsv` (text with
//! a minimum word count, or the refusal code), chosen from what each file really is.
//!
//! Skips (with a printed note) when `../shared` is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use adal::extract::{extract, ExtractLimits};

/// A safety net against endless loops in debug builds, not a speed target (see `benches/`).
const TIME_LIMIT: Duration = Duration::from_secs(20);

#[derive(Debug)]
struct Expected {
    outcome: String,
    min_words: usize,
}

fn expectations() -> BTreeMap<String, Expected> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/real_docs_pdf_expected.tsv");
    let table = std::fs::read_to_string(&path).expect("the expectation table is part of the repository");
    let mut expected = BTreeMap::new();
    for line in table.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert!(fields.len() >= 3, "malformed line in {}: {line}", path.display());
        let min_words = fields[2].parse().unwrap_or_else(|_| panic!("bad word count in: {line}"));
        expected.insert(fields[0].to_string(), Expected { outcome: fields[1].to_string(), min_words });
    }
    expected
}

fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).count()
}

/// Extracts in a thread so a hang fails the test instead of stalling it; returns the outcome
/// (`text` or the refusal code) and the word count.
fn outcome_of(path: PathBuf) -> Result<(String, usize), String> {
    let bytes = std::fs::read(&path).map_err(|error| format!("cannot read: {error}"))?;
    let (sender, receiver) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let outcome = match extract(&bytes, &ExtractLimits::default()) {
            Ok(document) => ("text".to_string(), word_count(&document.text)),
            Err(error) => (error.code().to_string(), 0),
        };
        let _ = sender.send(outcome);
    });
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(outcome) => {
            let _ = worker.join();
            Ok(outcome)
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("took more than {TIME_LIMIT:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("panicked".to_string()),
    }
}

#[test]
fn every_real_pdf_gets_its_recorded_outcome() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real-docs/pdf");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: {} is absent", dir.display());
        return;
    };
    let expected = expectations();
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("pdf")))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(expectation) = expected.get(&name) else {
            failures.push(format!("{name}: no recorded outcome in real_docs_pdf_expected.tsv"));
            continue;
        };
        match outcome_of(path) {
            Ok((outcome, words)) => {
                println!("{name}: {outcome} ({words} words)");
                if outcome != expectation.outcome {
                    failures.push(format!("{name}: {outcome}, expected {}", expectation.outcome));
                } else if words < expectation.min_words {
                    failures
                        .push(format!("{name}: {words} words, expected at least {}", expectation.min_words));
                }
            }
            Err(problem) => failures.push(format!("{name}: {problem}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
