//! Every DOCX (and every other non-PDF file) of `../shared/fixtures/real-docs`: extraction never
//! panics, finishes, and gives the outcome recorded in `tests/data/real_docs_docx_expected.tsv`
//! (text with at least a number of words and some region kinds, or a refusal code).
//!
//! Skips with a note when `../shared` is absent.

use adal::extract::{extract, sniff_format, ExtractLimits, SniffedFormat};
use adal::model::{ExtractedDocument, HiddenKind, RegionKind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Extraction that has not finished by then is taken to hang (a guard, not a speed target:
/// these files take milliseconds).
const HANG_GUARD: Duration = Duration::from_secs(60);

struct Expected {
    file: String,
    outcome: String,
    min_words: usize,
    regions: Vec<String>,
    hidden_allowed: bool,
}

fn expected_outcomes() -> Vec<Expected> {
    let table = include_str!("data/real_docs_docx_expected.tsv");
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(fields.len() >= 5, "bad line {line:?}");
            Expected {
                file: fields[0].to_string(),
                outcome: fields[1].to_string(),
                min_words: fields[2].parse().unwrap_or(0),
                regions: fields[3]
                    .split(',')
                    .filter(|kind| !kind.is_empty() && *kind != "-")
                    .map(String::from)
                    .collect(),
                hidden_allowed: fields[4] != "none",
            }
        })
        .collect()
}

fn region_name(kind: RegionKind) -> String {
    match kind {
        RegionKind::Footnote => "footnote".into(),
        RegionKind::Table => "table".into(),
        RegionKind::Heading(_) => "heading".into(),
        RegionKind::Hidden(HiddenKind::Vanished) => "hidden:vanished".into(),
        RegionKind::Hidden(HiddenKind::WhiteText) => "hidden:white_text".into(),
        RegionKind::Hidden(HiddenKind::TinyText) => "hidden:tiny_text".into(),
        RegionKind::Hidden(HiddenKind::InvisibleRenderMode) => "hidden:invisible_render_mode".into(),
    }
}

/// Runs extraction on its own thread so a hang fails the test instead of blocking it.
fn extract_guarded(path: &Path) -> Result<ExtractedDocument, String> {
    let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(extract(&bytes, &ExtractLimits::DEFAULT));
    });
    match receiver.recv_timeout(HANG_GUARD) {
        Ok(Ok(document)) => Ok(document),
        Ok(Err(error)) => Err(error.code().to_string()),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{}: no answer after {HANG_GUARD:?}", path.display()),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{}: extraction panicked", path.display()),
    }
}

/// Every file of the folder that is not a PDF by content.
fn non_pdf_files(folder: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for sub in ["docx", "pdf"] {
        let Ok(entries) = std::fs::read_dir(folder.join(sub)) else { continue };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            if sniff_format(&bytes) != SniffedFormat::Pdf {
                files.push(format!("{sub}/{}", entry.file_name().to_string_lossy()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn real_documents_give_their_recorded_outcomes() {
    let folder: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real-docs");
    if !folder.exists() {
        println!("skipped: {} is absent", folder.display());
        return;
    }
    let expected = expected_outcomes();
    let recorded: Vec<&str> = expected.iter().map(|entry| entry.file.as_str()).collect();
    for file in non_pdf_files(&folder) {
        assert!(recorded.contains(&file.as_str()), "{file} has no recorded outcome");
    }
    let mut failures = Vec::new();
    for entry in &expected {
        let outcome = extract_guarded(&folder.join(&entry.file));
        let problem = match (&outcome, entry.outcome.as_str()) {
            (Ok(document), "text") => {
                let words = document.text.split_whitespace().count();
                let present: Vec<String> =
                    document.regions.iter().map(|region| region_name(region.kind)).collect();
                let missing: Vec<&String> =
                    entry.regions.iter().filter(|kind| !present.contains(kind)).collect();
                let hidden = document.hidden_regions().count();
                if words < entry.min_words {
                    Some(format!("{words} words, expected at least {}", entry.min_words))
                } else if !missing.is_empty() {
                    Some(format!("missing regions {missing:?}"))
                } else if hidden > 0 && !entry.hidden_allowed {
                    Some(format!("{hidden} unexpected hidden regions"))
                } else {
                    None
                }
            }
            (Ok(_), code) => Some(format!("extracted text, expected refusal {code}")),
            (Err(code), expected_code) if code == expected_code => None,
            (Err(code), expected_code) => Some(format!("refused with {code}, expected {expected_code}")),
        };
        if let Some(problem) = problem {
            failures.push(format!("{}: {problem}", entry.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
