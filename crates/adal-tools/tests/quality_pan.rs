//! Detection quality on the shared PAN-layout development set (skipped when `../shared` is
//! absent). The thresholds are the project's targets; the measured figures are in BENCHMARKS.md.

use adal::compare::AlignmentConfig;
use adal_tools::eval::pan::{evaluate_corpus, PairSelection, PanEvaluation};
use std::path::Path;

#[test]
fn plagdet_on_the_development_set_meets_the_targets() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/dev");
    if !corpus.join("pairs").is_file() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let evaluation = evaluate_corpus(&corpus, out.path(), &AlignmentConfig::DEFAULT, PairSelection::All)
        .expect("evaluation runs");
    assert!(evaluation.retrieval.is_none());
    assert_meets_targets(&evaluation, out.path());
}

#[test]
fn plagdet_through_the_corpus_index_meets_the_targets() {
    // The whole check path: sources indexed with the corpus selection, candidates retrieved with
    // the thesis selection, only retrieved pairs aligned.
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/dev");
    if !corpus.join("pairs").is_file() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let evaluation = evaluate_corpus(&corpus, out.path(), &AlignmentConfig::DEFAULT, PairSelection::ViaIndex)
        .expect("evaluation runs");
    let retrieval = evaluation.retrieval.expect("retrieval scores");
    assert!(retrieval.positive_retrieved * 100 >= retrieval.positive_pairs * 98, "{retrieval:?}");
    assert_meets_targets(&evaluation, out.path());
}

fn assert_meets_targets(evaluation: &PanEvaluation, out: &Path) {
    assert!(evaluation.overall.scores.plagdet >= 0.90, "overall {:?}", evaluation.overall);
    for folder in &evaluation.folders {
        match folder.folder.as_str() {
            "01-no-plagiarism" | "09-quoted" => {
                assert_eq!(
                    folder.pairs_with_detections, 0,
                    "{} must have no detections: {folder:?}",
                    folder.folder
                )
            }
            _ => assert!(folder.scores.plagdet >= 0.85, "{folder:?}"),
        }
    }
    let citations = evaluation.citations;
    assert!(citations.recognized * 10 >= citations.citations * 9, "{citations:?}");
    // One detection file per pair, in the PAN format.
    let written = std::fs::read_dir(out).expect("out dir").count();
    assert_eq!(written, evaluation.overall.pairs);
}
