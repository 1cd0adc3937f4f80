//! `adal eval pan DIR --out OUT`: align every pair of a PAN-layout corpus, write the detections
//! and print precision, recall, granularity and plagdet per obfuscation folder and overall.

use super::GlobalOptions;
use crate::compare::AlignmentConfig;
use crate::eval::pan::{evaluate_corpus, FolderScores, PairSelection, PanEvaluation};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    command: EvalCommand,
}

#[derive(clap::Subcommand, Debug)]
enum EvalCommand {
    /// Evaluate on a corpus in the PAN 2013 text-alignment layout.
    Pan {
        /// The corpus folder (with src/, susp/, pairs and one folder per obfuscation type).
        dir: PathBuf,
        /// Where to write one detection XML per pair.
        #[arg(long)]
        out: PathBuf,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Index the sources and align only the pairs whose source is a candidate of the
        /// suspicious document, as a thesis check does (measures retrieval and alignment).
        #[arg(long)]
        via_index: bool,
        /// Turn sentence-level (bag-of-stems) alignment off: n-gram passages only, as before
        /// paraphrase detection (for before/after comparisons).
        #[arg(long)]
        no_sentences: bool,
    },
}

pub fn run(args: EvalArgs, _global: &GlobalOptions) -> anyhow::Result<i32> {
    match args.command {
        EvalCommand::Pan { dir, out, json, via_index, no_sentences } => {
            let selection = if via_index { PairSelection::ViaIndex } else { PairSelection::All };
            let mut config = AlignmentConfig::DEFAULT;
            if no_sentences {
                config.sentences = None;
            }
            let evaluation = evaluate_corpus(&dir, &out, &config, selection)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&evaluation)?);
            } else {
                print_table(&evaluation);
            }
            Ok(0)
        }
    }
}

fn print_row(row: &FolderScores) {
    let scores = &row.scores;
    println!(
        "{:<22} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>6} {:>6} {:>6}/{:<4}",
        row.folder,
        scores.plagdet,
        scores.recall,
        scores.precision,
        scores.granularity,
        scores.cases,
        scores.detections,
        row.pairs_with_detections,
        row.pairs
    );
}

fn print_table(evaluation: &PanEvaluation) {
    println!(
        "{:<22} {:>7} {:>7} {:>7} {:>7} {:>6} {:>6} {:>11}",
        "folder", "plagdet", "recall", "precis", "gran", "cases", "dets", "pairs flagged"
    );
    for row in &evaluation.folders {
        print_row(row);
    }
    print_row(&evaluation.overall);
    let citations = &evaluation.citations;
    println!(
        "citations: {} in the truth, {} recognized as citations, {} reported as plagiarism",
        citations.citations, citations.recognized, citations.reported_as_plagiarism
    );
    if let Some(retrieval) = &evaluation.retrieval {
        println!(
            "retrieval: {} of {} pairs with plagiarism retrieved, {} of {} other pairs; {:.1} candidates per \
             suspicious document; {} fingerprints indexed",
            retrieval.positive_retrieved,
            retrieval.positive_pairs,
            retrieval.other_retrieved,
            retrieval.other_pairs,
            retrieval.mean_candidates,
            retrieval.indexed_fingerprints
        );
    }
    println!("wall time: {:.1} s", evaluation.seconds);
}
