//! Every planted trick is flagged and nothing is flagged in clean documents: homoglyph and
//! invisible-character alerts from normalization, hidden regions from extraction, on real
//! LibreOffice output (Adal's own fixtures, and the shared Kazakh thesis fixtures when present).

use adal::extract::{extract, ExtractLimits};
use adal::model::ExtractedDocument;
use adal::text::{analyze, TextAlert};
use std::path::{Path, PathBuf};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn extracted(path: &Path) -> ExtractedDocument {
    let bytes = std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    extract(&bytes, &ExtractLimits::DEFAULT).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn alert_counts(document: &ExtractedDocument) -> (usize, usize) {
    let alerts = analyze(&document.text).alerts;
    let homoglyphs = alerts.iter().filter(|alert| matches!(alert, TextAlert::Homoglyph { .. })).count();
    let invisible =
        alerts.iter().filter(|alert| matches!(alert, TextAlert::InvisibleCharacters { .. })).count();
    (homoglyphs, invisible)
}

fn homoglyph_words(document: &ExtractedDocument) -> Vec<String> {
    analyze(&document.text)
        .alerts
        .iter()
        .filter(|alert| matches!(alert, TextAlert::Homoglyph { .. }))
        .map(|alert| document.text[alert.span().start..alert.span().end].to_string())
        .collect()
}

#[test]
fn clean_documents_raise_no_alert_and_no_hidden_region() {
    for file in ["tests/fixtures/clean.docx", "tests/fixtures/clean.pdf", "tests/fixtures/clean.truth.txt"] {
        let document = extracted(&fixture(file));
        assert_eq!(alert_counts(&document), (0, 0), "{file}: {:?}", analyze(&document.text).alerts);
        assert_eq!(document.hidden_regions().count(), 0, "{file}");
    }
}

#[test]
fn planted_tricks_are_flagged_in_docx_and_pdf() {
    let docx = extracted(&fixture("tests/fixtures/thesis_tricks.docx"));
    let words = homoglyph_words(&docx);
    for planted in ["oбрaзoвaниe", "бiлiм", "мaқaлa"] {
        assert!(words.iter().any(|word| word == planted), "docx: {planted} not flagged in {words:?}");
    }
    let (_, invisible) = alert_counts(&docx);
    assert!(invisible >= 4, "docx: {invisible} invisible-character alerts");
    assert!(docx.hidden_regions().count() >= 3, "docx: white, vanished and 1-pt text");

    let pdf = extracted(&fixture("tests/fixtures/thesis_tricks.pdf"));
    let words = homoglyph_words(&pdf);
    for planted in ["oбрaзoвaниe", "бiлiм", "мaқaлa"] {
        assert!(words.iter().any(|word| word == planted), "pdf: {planted} not flagged in {words:?}");
    }
    assert!(pdf.hidden_regions().count() >= 2, "pdf: white and 1-pt text");
}

#[test]
fn shared_kazakh_thesis_fixtures() {
    let shared = fixture("../shared/fixtures/kazakh-theses");
    if !shared.is_dir() {
        eprintln!("skipped: {} is absent", shared.display());
        return;
    }
    // thesis_small has the homoglyph word «oбрaзoвaниe»; thesis_big is clean.
    for file in ["thesis_small.docx", "thesis_small.pdf", "thesis_small_chromium.pdf"] {
        let document = extracted(&shared.join(file));
        let words = homoglyph_words(&document);
        assert!(words.iter().any(|word| word.contains("oбрaзoвaниe")), "{file}: {words:?}");
    }
    for file in ["thesis_big.docx", "thesis_big.pdf"] {
        let document = extracted(&shared.join(file));
        assert_eq!(alert_counts(&document), (0, 0), "{file}: {:?}", homoglyph_words(&document));
    }
}
