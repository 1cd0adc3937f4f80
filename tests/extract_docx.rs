//! DOCX extraction and refusals: the shared Kazakh thesis fixtures, the evaluation corpus DOCX
//! renderings (text must equal the `.txt` ground truth), Adal's own LibreOffice fixtures, and
//! small DOCX packages built here to pin one rule each.
//!
//! Tests that read `../shared` skip with a note when it is absent.

use adal::extract::{extract, ExtractError, ExtractLimits};
use adal::model::{ExtractedDocument, HiddenKind, RegionKind, Span};
use std::io::Write;
use std::path::{Path, PathBuf};

fn shared(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(relative);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: {} is absent", path.display());
        None
    }
}

fn own_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn extract_file(path: &Path) -> ExtractedDocument {
    extract(&read(path), &ExtractLimits::DEFAULT)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The span of the first occurrence of `needle` in the text.
fn span_of(document: &ExtractedDocument, needle: &str) -> Span {
    let start = document.text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text"));
    Span::new(start, start + needle.len())
}

/// True when a region of this kind covers the span.
fn covered_by(document: &ExtractedDocument, span: Span, kind: RegionKind) -> bool {
    document.regions.iter().any(|region| region.kind == kind && region.span.contains(&span))
}

fn count_regions(document: &ExtractedDocument, kind: RegionKind) -> usize {
    document.regions.iter().filter(|region| region.kind == kind).count()
}

// ---------------------------------------------------------------------------------------------
// Shared Kazakh thesis fixtures.

#[test]
fn thesis_small_keeps_kazakh_letters_exactly() {
    let Some(path) = shared("fixtures/kazakh-theses/thesis_small.docx") else { return };
    let document = extract_file(&path);
    assert!(document.text.contains("ҒЫЛЫМИ ЖҰМЫСТЫҢ ТАҚЫРЫБЫ: ӘДІСТЕМЕ, ӨНІМ, ҮЛГІ ҺӘМ ҚОРЫТЫНДЫ"));
    assert!(document.text.contains("Ңғ, ұү, өә, һі тіркестері сирек кездеседі."));
    assert!(document.text.contains("Съёмка экспериментальных данных"));
    assert!(document.text.contains("Современное oбрaзoвaниe требует честности."));
    let Some(truth_path) = shared("fixtures/kazakh-theses/truth_small.txt") else { return };
    let truth = String::from_utf8(read(&truth_path)).expect("UTF-8 truth");
    // Every whole line of the oracle that is a whole paragraph of the DOCX is found verbatim.
    let found = truth.lines().filter(|line| document.text.contains(line)).count();
    assert!(found >= 14, "only {found} of {} truth lines found verbatim", truth.lines().count());
}

#[test]
fn thesis_small_flags_the_white_paragraph_and_the_vanished_run() {
    let Some(path) = shared("fixtures/kazakh-theses/thesis_small.docx") else { return };
    let document = extract_file(&path);
    let vanished = span_of(&document, "ЖАСЫРЫН-VANISH-ТЕКСТ");
    assert!(covered_by(&document, vanished, RegionKind::Hidden(HiddenKind::Vanished)));
    let white = span_of(&document, "Бұл абзац ақ түспен жазылған: жасырын мәтін.");
    assert!(covered_by(&document, white, RegionKind::Hidden(HiddenKind::WhiteText)));
    let visible = span_of(&document, "ғылыми кеңес шешім қабылдады.");
    assert!(!document.hidden_regions().any(|region| region.span.overlaps(&visible)));
    assert_eq!(document.hidden_regions().count(), 2, "{:?}", document.regions);
}

#[test]
fn thesis_small_has_footnotes_after_the_body_a_table_and_headings() {
    let Some(path) = shared("fixtures/kazakh-theses/thesis_small.docx") else { return };
    let document = extract_file(&path);
    let first_note = span_of(&document, "Қазақстан Республикасының «Білім туралы» Заңы");
    let second_note = span_of(&document, "См.: Иванов И.И. Методы обнаружения плагиата.");
    assert!(covered_by(&document, first_note, RegionKind::Footnote));
    assert!(covered_by(&document, second_note, RegionKind::Footnote));
    assert!(first_note.start < second_note.start, "footnotes follow their references");
    let bibliography = span_of(&document, "Broder A. Z.");
    assert!(bibliography.end < first_note.start, "footnotes come after the body");
    assert!(covered_by(&document, span_of(&document, "Көрсеткіш / Показатель"), RegionKind::Table));
    assert!(covered_by(&document, span_of(&document, "ҒЫЛЫМИ ЖҰМЫСТЫҢ"), RegionKind::Heading(1)));
    assert!(covered_by(
        &document,
        span_of(&document, "Пайдаланылған әдебиеттер тізімі"),
        RegionKind::Heading(1)
    ));
    assert!(document.text.ends_with(".\n") && !document.text.ends_with("\n\n"));
}

#[test]
fn thesis_big_has_all_its_footnotes_and_tables() {
    let Some(path) = shared("fixtures/kazakh-theses/thesis_big.docx") else { return };
    let document = extract_file(&path);
    // The README counts 92 `w:footnote` elements: 90 notes and the two separator "notes".
    assert_eq!(count_regions(&document, RegionKind::Footnote), 90);
    assert_eq!(count_regions(&document, RegionKind::Table), 24);
    assert_eq!(document.hidden_regions().count(), 0);
    for letter in ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"] {
        assert!(document.text.contains(letter), "{letter}");
    }
    let sorted = document.regions.windows(2).all(|pair| pair[0].span.start <= pair[1].span.start);
    assert!(sorted, "regions are sorted by start");
}

// ---------------------------------------------------------------------------------------------
// Evaluation corpus: DOCX text equals the `.txt` ground truth; trick paragraphs are flagged.

#[derive(serde::Deserialize)]
struct Tricks {
    documents: Vec<TrickDocument>,
}

#[derive(serde::Deserialize)]
struct TrickDocument {
    docx: String,
    tricks: Vec<Trick>,
}

#[derive(serde::Deserialize)]
struct Trick {
    kind: String,
    text: String,
    docx_paragraph_index: usize,
}

#[test]
fn eval_docx_text_equals_the_ground_truth_and_tricks_are_flagged() {
    let Some(folder) = shared("eval/dev") else { return };
    let tricks: Tricks = serde_json::from_slice(&read(&folder.join("tricks.json"))).expect("tricks.json");
    let mut checked = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder.join("docx"))
        .expect("docx folder")
        .map(|entry| entry.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let document = extract_file(&path);
        let stem = path.file_stem().and_then(|stem| stem.to_str()).expect("stem");
        let truth = String::from_utf8(read(&folder.join(format!("susp/{stem}.txt")))).expect("UTF-8");
        let name = format!("docx/{stem}.docx");
        let Some(tricked) = tricks.documents.iter().find(|document| document.docx == name) else {
            assert_eq!(document.text, truth, "{name}");
            assert_eq!(document.hidden_regions().count(), 0, "{name}");
            checked += 1;
            continue;
        };
        for trick in &tricked.tricks {
            let kind = match trick.kind.as_str() {
                "white-font-colour" => HiddenKind::WhiteText,
                "font-size-1pt" => HiddenKind::TinyText,
                other => panic!("unknown trick {other}"),
            };
            let span = span_of(&document, &trick.text);
            assert!(covered_by(&document, span, RegionKind::Hidden(kind)), "{name}: {}", trick.kind);
        }
        assert_eq!(document.hidden_regions().count(), tricked.tricks.len(), "{name}");
        // Dropping the hidden paragraphs gives the ground truth back exactly.
        let body = document.text.strip_suffix('\n').expect("final newline");
        let kept: Vec<&str> = body
            .split("\n\n")
            .enumerate()
            .filter(|(index, _)| !tricked.tricks.iter().any(|trick| trick.docx_paragraph_index == *index))
            .map(|(_, paragraph)| paragraph)
            .collect();
        assert_eq!(kept.join("\n\n") + "\n", truth, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 15);
}

// ---------------------------------------------------------------------------------------------
// Adal's own fixtures (tests/fixtures, made by tools/fixtures/make_fixtures.py).

#[test]
fn own_fixtures_extract_to_their_truth_text() {
    for name in ["thesis_tricks", "clean"] {
        let document = extract_file(&own_fixture(&format!("{name}.docx")));
        let truth = String::from_utf8(read(&own_fixture(&format!("{name}.truth.txt")))).expect("UTF-8");
        assert_eq!(document.text, truth, "{name}");
        assert_eq!(count_regions(&document, RegionKind::Table), 1, "{name}");
        assert_eq!(count_regions(&document, RegionKind::Heading(1)), 2, "{name}");
        assert!(covered_by(&document, span_of(&document, "Құжаттар саны"), RegionKind::Table));
        assert!(covered_by(
            &document,
            span_of(&document, "Пайдаланылған әдебиеттер тізімі"),
            RegionKind::Heading(1)
        ));
        assert!(document.text.contains("«Ғылыми адалдық — зерттеушінің басты қасиеті"));
        assert!(document.text.contains("» [3]."));
    }
}

#[test]
fn own_tricks_fixture_flags_each_trick_with_its_kind() {
    let document = extract_file(&own_fixture("thesis_tricks.docx"));
    let check = |needle: &str, kind: HiddenKind| {
        let span = span_of(&document, needle);
        let region = document.hidden_regions().find(|region| region.span.overlaps(&span));
        let region = region.unwrap_or_else(|| panic!("{needle:?} is not flagged"));
        assert_eq!(region.kind, RegionKind::Hidden(kind), "{needle:?}");
        assert_eq!(&document.text[region.span.start..region.span.end], needle);
    };
    check(
        "Бұл абзац ақ түспен жазылған. Этот абзац набран белым цветом. This paragraph is white text.",
        HiddenKind::WhiteText,
    );
    check("ЖАСЫРЫН-ДЕРЕК-VANISH ", HiddenKind::Vanished);
    check("КІШКЕНТАЙ-1PT-МӘТІН ", HiddenKind::TinyText);
    assert_eq!(document.hidden_regions().count(), 3);
    assert_eq!(count_regions(&document, RegionKind::Footnote), 2);
    assert!(document.text.contains("oбрaзoвaниe жүйесінде бiлiм"), "homoglyphs are kept as written");
    assert!(document.text.contains("плаги\u{200b}ат") && document.text.contains("dis\u{2060}sertation"));
}

#[test]
fn clean_documents_have_no_hidden_regions() {
    let document = extract_file(&own_fixture("clean.docx"));
    assert_eq!(document.hidden_regions().count(), 0);
    assert_eq!(count_regions(&document, RegionKind::Footnote), 1);
}

// ---------------------------------------------------------------------------------------------
// Refusals.

#[test]
fn legacy_and_other_formats_are_refused_by_name() {
    for (name, detected) in [("clean.doc", "DOC"), ("clean.odt", "ODT"), ("clean.rtf", "RTF")] {
        let outcome = extract(&read(&own_fixture(name)), &ExtractLimits::DEFAULT);
        assert_eq!(outcome, Err(ExtractError::Unsupported { detected: detected.into() }), "{name}");
    }
}

#[test]
fn password_protected_ole_is_encrypted() {
    let Some(path) = shared("fixtures/real-docs/docx/tika__protected_normal_case.docx") else { return };
    assert_eq!(extract(&read(&path), &ExtractLimits::DEFAULT), Err(ExtractError::Encrypted));
}

#[test]
fn truncated_zip_is_corrupt() {
    let bytes = read(&own_fixture("clean.docx"));
    for cut in [bytes.len() / 2, bytes.len() - 10, 200] {
        let outcome = extract(&bytes[..cut], &ExtractLimits::DEFAULT);
        assert!(matches!(outcome, Err(ExtractError::Corrupt { .. })), "cut at {cut}: {outcome:?}");
    }
}

/// A DOCX whose document.xml unpacks to `size` bytes of spaces inside one paragraph.
fn zip_bomb(size: usize) -> Vec<u8> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer.start_file("word/document.xml", options).expect("start");
    let chunk = vec![b' '; 1 << 20];
    writer.write_all(br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"#).expect("write");
    for _ in 0..size / chunk.len() {
        writer.write_all(&chunk).expect("write");
    }
    writer.write_all(b"</w:t></w:r></w:p></w:body></w:document>").expect("write");
    writer.finish().expect("finish").into_inner()
}

/// Sets the declared uncompressed size of every entry to `declared` in the local and central
/// headers, as a hostile file would.
fn lie_about_sizes(bytes: &mut [u8], declared: u32) {
    let mut index = 0;
    while index + 46 <= bytes.len() {
        match &bytes[index..index + 4] {
            b"PK\x03\x04" => bytes[index + 22..index + 26].copy_from_slice(&declared.to_le_bytes()),
            b"PK\x01\x02" => bytes[index + 24..index + 28].copy_from_slice(&declared.to_le_bytes()),
            _ => {}
        }
        index += 1;
    }
}

#[test]
fn zip_bomb_is_refused_by_its_declared_size_and_by_counting() {
    let limits = ExtractLimits { max_decompressed_bytes: 8_000_000, ..ExtractLimits::DEFAULT };
    let honest = zip_bomb(32 << 20);
    assert!(honest.len() < 1_000_000, "the bomb is small: {} bytes", honest.len());
    assert_eq!(extract(&honest, &limits), Err(ExtractError::DecompressionBomb { limit: 8_000_000 }));
    let mut liar = honest.clone();
    lie_about_sizes(&mut liar, 1_000);
    let outcome = extract(&liar, &limits);
    // zip 9 itself stops at the declared size ("larger than its declared uncompressed size"),
    // which is a damaged file; without that check the counting reader refuses it as a bomb.
    assert!(
        matches!(outcome, Err(ExtractError::DecompressionBomb { .. }) | Err(ExtractError::Corrupt { .. })),
        "{outcome:?}"
    );
}

#[test]
fn zip_bomb_over_the_default_limit_is_refused() {
    let bomb = zip_bomb(420 << 20);
    let outcome = extract(&bomb, &ExtractLimits::DEFAULT);
    assert_eq!(
        outcome,
        Err(ExtractError::DecompressionBomb { limit: ExtractLimits::DEFAULT.max_decompressed_bytes })
    );
}
