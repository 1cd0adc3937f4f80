//! Pins what extraction makes of the repository's fixtures to [`EXTRACTION_REVISION`]:
//! extractions are kept beside uploads and read again by the same revision, so any change of
//! the text, pages, regions or warnings extraction gives for the same bytes must bump it.

use super::{extract, ExtractLimits, EXTRACTION_REVISION};

/// (fixture, xxh3-64 of its extraction as JSON) at the current revision.
const PINNED: [(&str, u64); 5] = [
    ("clean.pdf", 10_935_602_767_540_659_036),
    ("clean.docx", 10_819_964_641_575_422_552),
    ("thesis_tricks.pdf", 4_440_852_051_985_086_475),
    ("thesis_tricks.docx", 7_880_868_110_102_961_120),
    ("plain/kk_kz1048.txt", 17_816_220_196_274_791_562),
];

fn fixture(name: &str) -> &'static [u8] {
    match name {
        "clean.pdf" => include_bytes!("../../../../tests/fixtures/clean.pdf"),
        "clean.docx" => include_bytes!("../../../../tests/fixtures/clean.docx"),
        "thesis_tricks.pdf" => include_bytes!("../../../../tests/fixtures/thesis_tricks.pdf"),
        "thesis_tricks.docx" => include_bytes!("../../../../tests/fixtures/thesis_tricks.docx"),
        "plain/kk_kz1048.txt" => include_bytes!("../../../../tests/fixtures/plain/kk_kz1048.txt"),
        other => panic!("no fixture {other}"),
    }
}

#[test]
fn extraction_of_the_fixtures_is_pinned_to_the_revision() {
    let digests: Vec<(&str, u64)> = PINNED
        .iter()
        .map(|(name, _)| {
            let document = extract(fixture(name), &ExtractLimits::DEFAULT).expect("the fixture extracts");
            let json = serde_json::to_vec(&document).expect("json");
            (*name, xxhash_rust::xxh3::xxh3_64(&json))
        })
        .collect();
    // If this fails, extraction gives another document for the same bytes: bump
    // EXTRACTION_REVISION (kept extractions of the old revision are then ignored) and update
    // the digests.
    assert_eq!(digests, PINNED, "extraction changed: bump EXTRACTION_REVISION and update PINNED");
    assert_eq!(EXTRACTION_REVISION, 2);
}
