//! Plain-text extraction: every encoding Adal reads, from files written by Python's codecs
//! (tests/fixtures/plain, made by tools/fixtures/make_fixtures.py), and the refusals.

use adal::extract::{extract, sniff_format, ExtractError, ExtractLimits, SniffedFormat};
use adal::model::{DocumentFormat, ExtractWarning};
use std::path::{Path, PathBuf};

fn plain_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plain").join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Extracts `NAME.txt` and checks its text against `NAME.truth.txt` and its legacy-encoding
/// warning against `legacy_encoding`.
fn check(name: &str, legacy_encoding: Option<&str>) {
    let bytes = read(&plain_fixture(&format!("{name}.txt")));
    let truth = String::from_utf8(read(&plain_fixture(&format!("{name}.truth.txt")))).expect("UTF-8 truth");
    assert_eq!(sniff_format(&bytes), SniffedFormat::Text, "{name}");
    let document = extract(&bytes, &ExtractLimits::DEFAULT).unwrap_or_else(|error| panic!("{name}: {error}"));
    assert_eq!(document.format, DocumentFormat::Txt);
    assert_eq!(document.text, truth, "{name}");
    let expected: Vec<ExtractWarning> = legacy_encoding
        .map(|encoding| ExtractWarning::LegacyEncoding { encoding: encoding.to_string() })
        .into_iter()
        .collect();
    assert_eq!(document.warnings, expected, "{name}");
}

#[test]
fn utf8_without_bom() {
    check("kk_utf8", None);
}

#[test]
fn utf8_with_bom_and_crlf() {
    check("kk_utf8_bom_crlf", None);
}

#[test]
fn utf16_little_endian_with_bom() {
    check("kk_utf16le_bom", None);
}

#[test]
fn utf16_big_endian_with_bom() {
    check("ru_utf16be_bom", None);
}

#[test]
fn windows_1251_russian() {
    check("ru_cp1251", Some("windows-1251"));
}

#[test]
fn koi8_r_russian() {
    check("ru_koi8r", Some("KOI8-R"));
}

#[test]
fn kz_1048_kazakh() {
    check("kk_kz1048", Some("KZ-1048"));
}

#[test]
fn windows_1252_english() {
    check("en_cp1252", Some("windows-1252"));
}

#[test]
fn utf16_without_bom_is_recognised_by_its_zero_bytes() {
    let text = "Plain English text saved as UTF-16 without a byte-order mark.\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(|unit| unit.to_le_bytes()).collect();
    let document = extract(&bytes, &ExtractLimits::DEFAULT).expect("text");
    assert_eq!(document.text, text);
}

#[test]
fn binary_junk_is_refused() {
    let binary = ExtractError::Unsupported { detected: "binary".into() };
    let elf: Vec<u8> =
        b"\x7fELF\x02\x01\x01\x00".iter().copied().chain((0..2000u32).map(|i| (i % 7) as u8)).collect();
    assert_eq!(extract(&elf, &ExtractLimits::DEFAULT), Err(binary.clone()));
    let noise: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    assert_eq!(extract(&noise, &ExtractLimits::DEFAULT), Err(binary));
}

#[test]
fn whitespace_only_is_empty() {
    assert_eq!(extract(b" \r\n\t\n", &ExtractLimits::DEFAULT), Err(ExtractError::Empty));
    assert_eq!(extract(b"", &ExtractLimits::DEFAULT), Err(ExtractError::Empty));
}

#[test]
fn text_over_the_limit_is_refused() {
    let limits = ExtractLimits { max_text_bytes: 10, ..ExtractLimits::DEFAULT };
    let outcome = extract("Қазақ тілі мемлекеттік тіл".as_bytes(), &limits);
    assert!(matches!(outcome, Err(ExtractError::TooComplex { .. })), "{outcome:?}");
}
