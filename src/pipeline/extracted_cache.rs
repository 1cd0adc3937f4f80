//! The extraction of an uploaded file, kept beside it (`Store::derived`) so that checking the
//! same bytes again — every thesis of a bulk rescan, a re-uploaded file — does not extract
//! again: a thesis PDF takes from tens of milliseconds to seconds in an isolated child process,
//! reading the kept document a few milliseconds.
//!
//! The kept document is the [`ExtractedDocument`] as JSON, compressed with zstd, named by
//! [`EXTRACTION_REVISION`] and the release, so a release or a change of extraction never
//! reads what another one made. Only successful extractions are kept; a refused file is tried
//! again each time. A kept document that cannot be read (a crash mid-write, a damaged disk) is
//! made again from the upload: the cache never decides an outcome, it only saves work.

use crate::extract::EXTRACTION_REVISION;
use crate::model::ExtractedDocument;
use crate::store::Store;

/// zstd level: level 3 compresses a thesis's JSON about 4× in a few milliseconds.
const ZSTD_LEVEL: i32 = 3;

/// The derived file name of this release's extraction.
pub fn cache_name() -> String {
    let release: String = env!("CARGO_PKG_VERSION")
        .chars()
        .map(|character| if character.is_ascii_alphanumeric() || character == '.' { character } else { '_' })
        .collect();
    format!("extracted-r{EXTRACTION_REVISION}-{release}.json.zst")
}

/// The kept extraction of the upload `file_hash`, if there is a readable one.
pub fn load(store: &Store, file_hash: &str) -> Option<ExtractedDocument> {
    let compressed = match store.derived().get(file_hash, &cache_name()) {
        Ok(found) => found?,
        Err(error) => {
            tracing::warn!("cannot read the kept extraction of {file_hash}: {error}");
            return None;
        }
    };
    let decoded =
        zstd::decode_all(compressed.as_slice()).map_err(|error| error.to_string()).and_then(|json| {
            serde_json::from_slice::<ExtractedDocument>(&json).map_err(|error| error.to_string())
        });
    match decoded {
        Ok(document) if spans_fit(&document) => Some(document),
        Ok(_) => {
            tracing::warn!(
                "adal: the kept extraction of {file_hash} has spans outside its text; extracting again"
            );
            None
        }
        Err(reason) => {
            tracing::warn!("the kept extraction of {file_hash} is unreadable ({reason}); extracting again");
            None
        }
    }
}

/// Keeps the extraction of the upload `file_hash`. Failing to keep it only costs a later
/// extraction, so a failure is logged, not returned.
pub fn save(store: &Store, file_hash: &str, document: &ExtractedDocument) {
    let kept = serde_json::to_vec(document)
        .map_err(|error| error.to_string())
        .and_then(|json| zstd::encode_all(json.as_slice(), ZSTD_LEVEL).map_err(|error| error.to_string()))
        .and_then(|compressed| {
            store.derived().put(file_hash, &cache_name(), &compressed).map_err(|error| error.to_string())
        });
    if let Err(reason) = kept {
        tracing::warn!("cannot keep the extraction of {file_hash}: {reason}");
    }
}

/// True when every page and region span lies inside the text on character boundaries (what
/// the rest of the pipeline relies on).
fn spans_fit(document: &ExtractedDocument) -> bool {
    let text = &document.text;
    let fits = |start: usize, end: usize| {
        start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
    };
    document.pages.iter().all(|page| fits(page.span.start, page.span.end))
        && document.regions.iter().all(|region| fits(region.span.start, region.span.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentFormat;
    use crate::pipeline::thesis::{extract_version, DocumentExtractor, RefusalRecord, ThesisCheckError};
    use crate::store::test_support::upload_as_new_student;
    use crate::store::VersionId;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const NOW: i64 = 1_750_000_000_000;

    /// Extracts plain text (or refuses everything), counting its calls.
    struct CountingExtractor {
        calls: AtomicUsize,
        refuse: bool,
    }

    impl CountingExtractor {
        fn new(refuse: bool) -> CountingExtractor {
            CountingExtractor { calls: AtomicUsize::new(0), refuse }
        }

        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    impl DocumentExtractor for CountingExtractor {
        fn extract_document(&self, bytes: &[u8]) -> Result<ExtractedDocument, RefusalRecord> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            if self.refuse {
                return Err(RefusalRecord::NoTextLayer);
            }
            Ok(ExtractedDocument::plain(DocumentFormat::Txt, String::from_utf8_lossy(bytes).into_owned()))
        }
    }

    /// A store with one student's thesis and one uploaded version of `bytes`.
    fn store_with_version(bytes: &[u8]) -> (tempfile::TempDir, Store, VersionId, String) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let (version, _) = upload_as_new_student(&store, "Aruzhan", bytes, NOW);
        (dir, store, version.id, version.file_hash)
    }

    #[test]
    fn a_second_check_of_the_same_bytes_reads_the_kept_extraction() {
        let (_dir, store, version, _) = store_with_version("Абай Құнанбайұлы ақын болған.".as_bytes());
        let extractor = CountingExtractor::new(false);
        let (first, _) = extract_version(&store, &extractor, version).expect("extract");
        let (second, _) = extract_version(&store, &extractor, version).expect("kept");
        assert_eq!(extractor.calls(), 1, "the second check extracted nothing");
        assert_eq!(first, second);
    }

    #[test]
    fn an_unreadable_kept_extraction_is_made_again() {
        let (_dir, store, version, file_hash) = store_with_version(b"a text that will be kept");
        let extractor = CountingExtractor::new(false);
        let (first, _) = extract_version(&store, &extractor, version).expect("extract");
        // A torn or damaged file: garbage, then valid zstd of JSON with a span past the text.
        store.derived().put(&file_hash, &cache_name(), b"not zstd at all").expect("damage");
        let (again, _) = extract_version(&store, &extractor, version).expect("extract again");
        assert_eq!((extractor.calls(), &again), (2, &first));
        let mut bad = first.clone();
        bad.pages[0].span.end = bad.text.len() + 10;
        let json = serde_json::to_vec(&bad).expect("json");
        let compressed = zstd::encode_all(json.as_slice(), ZSTD_LEVEL).expect("zstd");
        store.derived().put(&file_hash, &cache_name(), &compressed).expect("damage");
        let (again, _) = extract_version(&store, &extractor, version).expect("extract again");
        assert_eq!((extractor.calls(), &again), (3, &first));
        // The new extraction was kept in place of the damaged one.
        assert_eq!(load(&store, &file_hash), Some(first));
    }

    #[test]
    fn a_refusal_is_not_kept() {
        let (_dir, store, version, file_hash) = store_with_version(b"%PDF-1.7 scanned pages only");
        let extractor = CountingExtractor::new(true);
        for _ in 0..2 {
            let refused = extract_version(&store, &extractor, version).expect_err("refused");
            assert!(matches!(refused, ThesisCheckError::Refused(RefusalRecord::NoTextLayer)));
        }
        assert_eq!(extractor.calls(), 2);
        assert_eq!(load(&store, &file_hash), None);
    }

    #[test]
    fn the_name_carries_the_revision_and_release() {
        let name = cache_name();
        assert!(name.starts_with(&format!("extracted-r{EXTRACTION_REVISION}-")), "{name}");
        assert!(name.contains(env!("CARGO_PKG_VERSION")), "{name}");
    }
}
