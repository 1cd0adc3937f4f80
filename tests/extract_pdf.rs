//! PDF extraction against the Kazakh thesis fixtures in `../shared/fixtures/kazakh-theses`:
//! exact Kazakh letters, five-word-shingle recall at least pdftotext's, hidden white text,
//! the Ghostscript file with a broken ToUnicode map, page counts.
//!
//! Every test skips (with a printed note) when `../shared` is absent, so a clone of the project
//! alone still passes.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use adal::extract::{extract, ExtractError, ExtractLimits};
use adal::model::{ExtractWarning, ExtractedDocument, HiddenKind, RegionKind};

fn theses_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/kazakh-theses");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} is absent", dir.display());
        None
    }
}

fn read_fixture(name: &str) -> Option<Vec<u8>> {
    let path = theses_dir()?.join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            println!("skipped: cannot read {}: {error}", path.display());
            None
        }
    }
}

fn extract_fixture(name: &str) -> Option<ExtractedDocument> {
    let bytes = read_fixture(name)?;
    match extract(&bytes, &ExtractLimits::default()) {
        Ok(document) => Some(document),
        Err(error) => panic!("{name} was refused: {error:?}"),
    }
}

/// Words as the recall figures count them: lowercase alphanumeric runs, with a hyphen at a
/// line end joined to the next line ("термино-\nлогических" → "терминологических").
fn words(text: &str) -> Vec<String> {
    let joined = text.replace("-\n", "").to_lowercase();
    joined.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_string).collect()
}

fn shingles(words: &[String]) -> HashSet<&[String]> {
    words.windows(5).collect()
}

/// The share of the truth's five-word shingles found in the extracted text.
fn shingle_recall(truth: &str, extracted: &str) -> f64 {
    let (truth_words, extracted_words) = (words(truth), words(extracted));
    let (truth_shingles, extracted_shingles) = (shingles(&truth_words), shingles(&extracted_words));
    let found = truth_shingles.iter().filter(|shingle| extracted_shingles.contains(*shingle)).count();
    found as f64 / truth_shingles.len().max(1) as f64
}

/// The text of a DOCX: the `w:t` runs of each `w:p` joined, one paragraph per line. Read here
/// with zip and quick-xml so this test does not depend on Adal's DOCX extractor.
fn docx_text(bytes: &[u8]) -> String {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("fixture DOCX opens");
    let mut xml = String::new();
    archive.by_name("word/document.xml").expect("document part").read_to_string(&mut xml).expect("utf-8");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut text, mut paragraph, mut in_text) = (String::new(), String::new(), false);
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag)) if tag.name().as_ref() == "w:t" => in_text = true,
            Ok(Event::End(tag)) if tag.name().as_ref() == "w:t" => in_text = false,
            Ok(Event::End(tag)) if tag.name().as_ref() == "w:p" => {
                text.push_str(&paragraph);
                text.push('\n');
                paragraph.clear();
            }
            Ok(Event::Text(content)) if in_text => paragraph.push_str(&content.xml10_content()),
            Ok(Event::GeneralRef(reference)) if in_text => {
                let named = match reference.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => reference.resolve_char_ref().ok().flatten(),
                };
                paragraph.extend(named);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    text
}

const KAZAKH_LETTERS: &str = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";

/// Kazakh words of the fixtures, each holding letters a fallback font draws.
const KAZAKH_WORDS: [&str; 8] = [
    "Қазақстан",
    "Республикасының",
    "ғылыми",
    "түпнұсқалығына",
    "ҒЫЛЫМИ",
    "ҚОРЫТЫНДЫ",
    "Өзбекстан",
    "Үкімет",
];

fn check_kazakh_letters(name: &str) {
    let Some(document) = extract_fixture(name) else { return };
    for word in KAZAKH_WORDS {
        assert!(document.text.contains(word), "{name}: «{word}» is missing");
    }
    let letters: HashSet<char> = document.text.chars().filter(|c| KAZAKH_LETTERS.contains(*c)).collect();
    for letter in KAZAKH_LETTERS.chars() {
        assert!(letters.contains(&letter), "{name}: the letter {letter} never comes out");
    }
}

#[test]
fn kazakh_letters_are_exact_in_the_libreoffice_pdf() {
    check_kazakh_letters("thesis_small.pdf");
}

#[test]
fn kazakh_letters_are_exact_in_the_chromium_pdf() {
    check_kazakh_letters("thesis_small_chromium.pdf");
}

#[test]
fn kazakh_letters_are_exact_in_the_big_thesis_with_fallback_glyphs_drawn_last() {
    let Some(document) = extract_fixture("thesis_big.pdf") else { return };
    for letter in KAZAKH_LETTERS.chars() {
        assert!(document.text.contains(letter), "thesis_big.pdf: the letter {letter} never comes out");
    }
    // Content-stream order gives "н тижелері … ә"; position order gives the word.
    assert!(document.text.contains("нәтижелері"), "the fallback glyph is not back inside its word");
}

fn check_recall(pdf: &str, truth: &str, pdftotext_recall: f64) {
    let Some(document) = extract_fixture(pdf) else { return };
    let recall = shingle_recall(truth, &document.text);
    println!(
        "{pdf}: five-word-shingle recall {:.2}% (pdftotext {:.2}%)",
        recall * 100.0,
        pdftotext_recall * 100.0
    );
    assert!(
        recall >= pdftotext_recall,
        "{pdf}: recall {recall:.4} is below pdftotext's {pdftotext_recall:.4}"
    );
}

// The thresholds are pdftotext's own recall on the same file with the same shingling (poppler
// 22.12.0, `pdftotext FILE OUT.txt` in its default reading-order mode; words are lowercase
// alphanumeric runs with "-\n" joined, recall = shared five-word shingles / shingles of the
// truth, both as sets), measured once by hand.

#[test]
fn recall_of_the_libreoffice_pdf_is_at_least_pdftotexts() {
    let Some(truth) = read_fixture("truth_small.txt") else { return };
    // pdftotext: 235 of 284 shingles.
    check_recall("thesis_small.pdf", &String::from_utf8_lossy(&truth), 235.0 / 284.0);
}

#[test]
fn recall_of_the_chromium_pdf_is_at_least_pdftotexts() {
    let Some(truth) = read_fixture("truth_small.txt") else { return };
    // pdftotext: 229 of 284 shingles.
    check_recall("thesis_small_chromium.pdf", &String::from_utf8_lossy(&truth), 229.0 / 284.0);
}

#[test]
fn recall_of_the_big_thesis_is_at_least_pdftotexts() {
    let Some(docx) = read_fixture("thesis_big.docx") else { return };
    // pdftotext: 32 661 of 34 353 shingles (95.07%); stream order would give about 55%.
    check_recall("thesis_big.pdf", &docx_text(&docx), 32_661.0 / 34_353.0);
}

#[test]
fn the_white_paragraph_is_hidden_and_nothing_else() {
    let Some(document) = extract_fixture("thesis_small.pdf") else { return };
    let hidden: Vec<&str> =
        document.hidden_regions().map(|region| &document.text[region.span.start..region.span.end]).collect();
    assert_eq!(hidden.len(), 1, "{hidden:?}");
    assert!(hidden[0].starts_with("Бұл абзац ақ түспен жазылған"), "{hidden:?}");
    assert!(hidden[0].ends_with("This paragraph is white text."), "{hidden:?}");
    assert!(document.regions.iter().all(|region| region.kind == RegionKind::Hidden(HiddenKind::WhiteText)));
}

#[test]
fn clean_files_have_no_hidden_regions() {
    let Some(document) = extract_fixture("thesis_big.pdf") else { return };
    assert_eq!(document.hidden_regions().count(), 0);
    assert!(document.warnings.is_empty(), "{:?}", document.warnings);
}

#[test]
fn the_chromium_white_paragraph_is_hidden_too() {
    let Some(document) = extract_fixture("thesis_small_chromium.pdf") else { return };
    let hidden: Vec<&str> =
        document.hidden_regions().map(|region| &document.text[region.span.start..region.span.end]).collect();
    assert_eq!(hidden.len(), 1, "{hidden:?}");
    assert!(hidden[0].contains("This paragraph is white text."), "{hidden:?}");
}

#[test]
fn the_ghostscript_file_with_broken_to_unicode_is_refused_or_flagged() {
    let Some(bytes) = read_fixture("thesis_small_gs.pdf") else { return };
    match extract(&bytes, &ExtractLimits::default()) {
        Err(ExtractError::GarbledTextLayer { .. }) => {}
        Ok(document) => {
            let flagged = document.warnings.iter().any(
                |warning| matches!(warning, ExtractWarning::SuspiciousCharacters { count, .. } if *count > 0),
            );
            assert!(flagged, "garbage indexed silently: {:?}", document.warnings);
        }
        Err(other) => panic!("unexpected refusal {other:?}"),
    }
}

#[test]
fn page_counts_and_spans_are_right() {
    for (name, pages) in [("thesis_small.pdf", 2), ("thesis_small_chromium.pdf", 2), ("thesis_big.pdf", 115)]
    {
        let Some(document) = extract_fixture(name) else { return };
        assert_eq!(document.pages.len(), pages, "{name}");
        let mut end = 0;
        for (index, page) in document.pages.iter().enumerate() {
            assert_eq!(page.number as usize, index + 1);
            assert!(
                page.span.start >= end && page.span.end <= document.text.len(),
                "{name}: page {}",
                page.number
            );
            assert!(
                document.text.is_char_boundary(page.span.start)
                    && document.text.is_char_boundary(page.span.end)
            );
            end = page.span.end;
        }
    }
}

#[test]
fn line_end_hyphens_are_kept_for_the_normalizer() {
    let Some(document) = extract_fixture("thesis_small.pdf") else { return };
    assert!(
        document.text.contains("термино-\nлогических") || document.text.contains("термино-логических"),
        "the hyphenated word is lost"
    );
}

#[test]
fn work_limits_refuse_instead_of_running_long() {
    let Some(bytes) = read_fixture("thesis_big.pdf") else { return };
    let few_pages = ExtractLimits { max_pages: 10, ..ExtractLimits::default() };
    assert!(matches!(extract(&bytes, &few_pages), Err(ExtractError::TooComplex { .. })));
    let few_operations = ExtractLimits { max_pdf_operations: 1_000, ..ExtractLimits::default() };
    assert!(matches!(extract(&bytes, &few_operations), Err(ExtractError::TooComplex { .. })));
    let little_text = ExtractLimits { max_text_bytes: 1_000, ..ExtractLimits::default() };
    assert!(matches!(extract(&bytes, &little_text), Err(ExtractError::TooComplex { .. })));
}

#[test]
fn truncated_and_mangled_files_never_panic() {
    let Some(bytes) = read_fixture("thesis_small.pdf") else { return };
    for cut in [9, 100, 1_000, bytes.len() / 3, bytes.len() / 2, bytes.len() - 10] {
        let _ = extract(&bytes[..cut], &ExtractLimits::default());
    }
    let mut mangled = bytes.clone();
    for index in (200..mangled.len()).step_by(997) {
        mangled[index] ^= 0x5A;
    }
    let _ = extract(&mangled, &ExtractLimits::default());
    let header_only = b"%PDF-1.7\n%%EOF\n";
    assert!(matches!(extract(header_only, &ExtractLimits::default()), Err(ExtractError::Corrupt { .. })));
}
