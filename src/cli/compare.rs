//! `adal compare A B [--json]`: the passages two documents share, with spans in both.

use super::{read_and_extract, GlobalOptions};
use crate::compare::{detect, AlignmentConfig};
use crate::model::CharIndex;
use crate::text::analyze;
use serde::Serialize;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// The submission (PDF, DOCX or TXT).
    a: PathBuf,
    /// The source (PDF, DOCX or TXT).
    b: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct SharedPassage {
    /// Code point offsets in A's extracted text.
    a_start: usize,
    a_end: usize,
    b_start: usize,
    b_end: usize,
    a_byte_span: crate::model::Span,
    b_byte_span: crate::model::Span,
    matched_words: u32,
    in_order: bool,
    /// How the passage was found: `n_grams` (verbatim or edited) or `sentences` (paraphrased).
    found_by: crate::compare::FoundBy,
    citation: bool,
    a_text: String,
    b_text: String,
}

pub fn run(args: CompareArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    let Some(a) = read_and_extract(&args.a, global)? else { return Ok(2) };
    let Some(b) = read_and_extract(&args.b, global)? else { return Ok(2) };
    let (a_analyzed, b_analyzed) = (analyze(&a.text), analyze(&b.text));
    let (a_chars, b_chars) = (CharIndex::new(&a.text), CharIndex::new(&b.text));
    let passages: Vec<SharedPassage> =
        detect(&a.text, &a_analyzed, &b.text, &b_analyzed, &AlignmentConfig::DEFAULT)
            .into_iter()
            .map(|found| SharedPassage {
                a_start: a_chars.char_offset(found.submission_span.start),
                a_end: a_chars.char_offset(found.submission_span.end),
                b_start: b_chars.char_offset(found.source_span.start),
                b_end: b_chars.char_offset(found.source_span.end),
                a_byte_span: found.submission_span,
                b_byte_span: found.source_span,
                matched_words: found.passage.matched_words,
                in_order: found.passage.in_order,
                found_by: found.passage.found_by,
                citation: found.citation.is_some(),
                a_text: a.text[found.submission_span.start..found.submission_span.end].to_string(),
                b_text: b.text[found.source_span.start..found.source_span.end].to_string(),
            })
            .collect();
    if args.json {
        let output = serde_json::json!({
            "a_words": a_analyzed.tokens.len(),
            "b_words": b_analyzed.tokens.len(),
            "passages": passages,
        });
        println!("{}", serde_json::to_string_pretty(&output)?);
        return Ok(0);
    }
    println!(
        "{} passage(s) shared ({} and {} words)",
        passages.len(),
        a_analyzed.tokens.len(),
        b_analyzed.tokens.len()
    );
    for (number, passage) in passages.iter().enumerate() {
        let kind = match (passage.citation, passage.found_by, passage.in_order) {
            (true, _, _) => "citation",
            (false, crate::compare::FoundBy::Sentences, _) => "paraphrased",
            (false, _, true) => "in order",
            (false, _, false) => "reordered",
        };
        println!(
            "\n#{} A[{}..{}] ↔ B[{}..{}], {} words matched, {}",
            number + 1,
            passage.a_start,
            passage.a_end,
            passage.b_start,
            passage.b_end,
            passage.matched_words,
            kind
        );
        println!("  A: {}", excerpt(&passage.a_text));
        println!("  B: {}", excerpt(&passage.b_text));
    }
    Ok(0)
}

fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = flat.split(' ').collect();
    if words.len() <= 24 {
        return flat;
    }
    format!("{} … {}", words[..12].join(" "), words[words.len() - 10..].join(" "))
}
