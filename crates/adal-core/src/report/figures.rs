//! The figures of a report, computed from its passages and exclusions alone.
//!
//! Each counted word of the submission gets one category, in this order of precedence:
//! borrowing, self-citation, citation, original. With quotations not excluded, citations count
//! as borrowings. With the bibliography excluded, its words are not counted at all.

use super::{Figures, PassageCategory, Report, ReportPassage, WordRange};

/// Number of words covered by the union of the ranges (sorts them).
pub(crate) fn union_words(ranges: &mut [WordRange]) -> u32 {
    ranges.sort_unstable();
    let mut total = 0;
    let mut reach = 0;
    for range in ranges.iter() {
        let start = range.start.max(reach);
        if range.end > start {
            total += range.end - start;
            reach = range.end;
        }
    }
    total
}

const ORIGINAL: u8 = 0;
const CITATION: u8 = 1;
const SELF_CITATION: u8 = 2;
const BORROWING: u8 = 3;

fn passage_rank(passage: &ReportPassage, quotes_excluded: bool) -> u8 {
    match passage.category {
        PassageCategory::Borrowing => BORROWING,
        PassageCategory::SelfCitation => SELF_CITATION,
        PassageCategory::Citation if quotes_excluded => CITATION,
        PassageCategory::Citation => BORROWING,
    }
}

/// More words than any extracted text can hold (`ExtractLimits::max_text_bytes` is 20 MB): a
/// damaged stored report claiming more must not make the figures allocate gigabytes.
const MAX_WORDS: usize = 20_000_000;

/// The figures of `report` under its current exclusions. Ranges outside the submission (only a
/// damaged stored report has them) are clipped to it.
pub fn compute_figures(report: &Report) -> Figures {
    let exclusions = &report.exclusions;
    let words = (report.submission.words as usize).min(MAX_WORDS);
    let excluded_range = match (&report.bibliography, exclusions.bibliography) {
        (Some(bibliography), true) => bibliography.words,
        _ => WordRange::default(),
    };
    let counted =
        |index: usize| !(excluded_range.start as usize..excluded_range.end as usize).contains(&index);
    let counted_words = (0..words).filter(|&index| counted(index)).count() as u32;

    let reviewer_kept = |passage: &&ReportPassage| exclusions.keeps(passage);
    let mut category = vec![ORIGINAL; words];
    let mut long_run = vec![(false, false); words];
    for passage in report.passages.iter().filter(reviewer_kept) {
        let end = (passage.submission_words.end as usize).min(words);
        let range = (passage.submission_words.start as usize).min(end)..end;
        let rank = passage_rank(passage, exclusions.quotes);
        if passage.words() >= exclusions.min_match_words {
            for slot in &mut category[range.clone()] {
                *slot = (*slot).max(rank);
            }
        }
        if rank != CITATION {
            for slot in &mut long_run[range] {
                slot.0 |= passage.words() >= 5;
                slot.1 |= passage.words() >= 25;
            }
        }
    }
    let share = |predicate: &dyn Fn(usize) -> bool| -> f64 {
        if counted_words == 0 {
            return 0.0;
        }
        let hits = (0..words).filter(|&index| counted(index) && predicate(index)).count();
        100.0 * hits as f64 / counted_words as f64
    };
    let borrowings = share(&|index| category[index] == BORROWING);
    let self_citations = share(&|index| category[index] == SELF_CITATION);
    let citations = share(&|index| category[index] == CITATION);
    Figures {
        similarity: borrowings,
        borrowings,
        citations,
        self_citations,
        originality: if counted_words == 0 {
            100.0
        } else {
            (100.0 - borrowings - self_citations - citations).max(0.0)
        },
        sc1: share(&|index| long_run[index].0),
        sc2: share(&|index| long_run[index].1),
        counted_words,
    }
}
