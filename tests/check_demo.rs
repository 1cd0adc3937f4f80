//! End to end on the demo data: load `corpus/` into a fresh index, check the demo theses as TXT,
//! DOCX and PDF, and find every planted borrowing (from `demo/truth.tsv`) with its source.

use adal::extract::{extract, ExtractLimits};
use adal::index::CorpusIndex;
use adal::model::HiddenKind;
use adal::pipeline::check::{check_document, CheckOptions};
use adal::pipeline::ingest::{ingest_paths, IngestOptions};
use adal::report::{AlertKind, PassageCategory, Report};
use std::path::{Path, PathBuf};

struct Planted {
    thesis: String,
    kind: String,
    source_id: String,
    start: u32,
    end: u32,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn planted() -> Vec<Planted> {
    let truth = std::fs::read_to_string(root().join("demo/truth.tsv")).expect("demo/truth.tsv");
    truth
        .lines()
        .skip(1)
        .filter_map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            Some(Planted {
                thesis: columns.first()?.to_string(),
                kind: columns.get(1)?.to_string(),
                source_id: columns.get(2)?.to_string(),
                start: columns.get(6)?.parse().ok()?,
                end: columns.get(7)?.parse().ok()?,
            })
        })
        .collect()
}

fn check(index: &CorpusIndex, path: &Path) -> Report {
    let bytes = std::fs::read(path).expect("demo file");
    let document = extract(&bytes, &ExtractLimits::DEFAULT).expect("demo file extracts");
    check_document(
        index,
        &document,
        &CheckOptions { title: path.display().to_string(), ..CheckOptions::default() },
    )
    .expect("check runs")
}

fn source_number(report: &Report, id: &str) -> Option<u32> {
    report.sources.iter().find(|source| source.document_id == id).map(|source| source.number)
}

#[test]
fn demo_theses_show_their_planted_borrowings() {
    let data = tempfile::tempdir().expect("temp dir");
    let index = CorpusIndex::open_or_create(&data.path().join("index")).expect("index");
    let summary =
        ingest_paths(&index, &[root().join("corpus")], &IngestOptions::default(), &|_| {}).expect("ingest");
    assert!(summary.added.len() >= 30, "{} documents added", summary.added.len());
    assert!(summary.refused.is_empty() && summary.failed.is_empty());

    let planted = planted();
    for lang in ["kk", "ru", "en"] {
        let thesis = format!("demo/{lang}-thesis.txt");
        let cases: Vec<&Planted> = planted.iter().filter(|case| case.thesis == thesis).collect();
        assert!(!cases.is_empty());

        // Plain text: offsets are exact.
        let report = check(&index, &root().join(&thesis));
        for case in &cases {
            let source = source_number(&report, &case.source_id)
                .unwrap_or_else(|| panic!("{thesis}: source {} not found", case.source_id));
            let found = report.passages.iter().find(|passage| {
                passage.source == source
                    && passage.submission_span.start < case.end
                    && case.start < passage.submission_span.end
            });
            let found =
                found.unwrap_or_else(|| panic!("{thesis}: {} from {} not found", case.kind, case.source_id));
            let expected =
                if case.kind == "quote" { PassageCategory::Citation } else { PassageCategory::Borrowing };
            assert_eq!(found.category, expected, "{thesis}: {}", case.kind);
        }
        assert!(report.figures.similarity > 5.0, "{thesis}: {:?}", report.figures);

        // Office files (their text differs from the .txt by title lines, footnotes and hidden
        // text): every planted source is found, and the tricks are flagged.
        for format in ["docx", "pdf"] {
            let report = check(&index, &root().join(format!("demo/{lang}-thesis.{format}")));
            for case in cases.iter().filter(|case| case.kind != "quote") {
                let source = source_number(&report, &case.source_id)
                    .unwrap_or_else(|| panic!("{lang}.{format}: source {} not found", case.source_id));
                assert!(
                    report
                        .passages
                        .iter()
                        .any(|p| p.source == source && p.category == PassageCategory::Borrowing),
                    "{lang}.{format}: no borrowing from {}",
                    case.source_id
                );
            }
            let has_alert = |kind: AlertKind| report.alerts.iter().any(|alert| alert.kind == kind);
            assert!(has_alert(AlertKind::Hidden(HiddenKind::WhiteText)), "{lang}.{format}: white paragraph");
            if cases.iter().any(|case| case.kind == "homoglyph") {
                assert!(has_alert(AlertKind::Homoglyph), "{lang}.{format}: homoglyphs");
            }
            if format == "docx" && cases.iter().any(|case| case.kind == "zero-width") {
                assert!(has_alert(AlertKind::InvisibleCharacters), "{lang}.{format}: zero-width characters");
            }
        }
    }
}
