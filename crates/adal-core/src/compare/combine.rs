//! Combining the two kinds of passage: n-gram passages (the fast, exact path) and sentence
//! passages (bag-of-stems matches of paraphrased sentences).
//!
//! A sentence passage touching an n-gram passage that continues the same source region widens
//! it (the paraphrased sentences at the edge of an edited passage belong to it, and one case
//! must stay one detection); one that overlaps an n-gram passage from elsewhere in the source is
//! dropped (the exact match is the better evidence); the others are new passages.

use super::AlignedPassage;

/// Submission words allowed between a sentence passage and the n-gram passage it widens.
const MAX_JOIN_GAP_WORDS: u32 = 3;
/// Source words allowed between their source ranges.
const MAX_SOURCE_GAP_WORDS: u32 = 80;

fn gap(a_start: u32, a_end: u32, b_start: u32, b_end: u32) -> u32 {
    if a_end <= b_start {
        b_start - a_end
    } else {
        a_start.saturating_sub(b_end)
    }
}

/// The n-gram passages widened by, and followed by, the sentence passages, in submission order.
pub(crate) fn combine(
    mut passages: Vec<AlignedPassage>,
    sentences: Vec<AlignedPassage>,
) -> Vec<AlignedPassage> {
    let mut added = Vec::new();
    for sentence in sentences {
        let (s, r) = (sentence.submission_tokens, sentence.source_tokens);
        let touching: Vec<usize> = passages
            .iter()
            .enumerate()
            .filter(|(_, passage)| {
                gap(s.start, s.end, passage.submission_tokens.start, passage.submission_tokens.end)
                    <= MAX_JOIN_GAP_WORDS
            })
            .map(|(index, _)| index)
            .collect();
        if touching.is_empty() {
            added.push(sentence);
            continue;
        }
        for index in touching {
            let passage = &mut passages[index];
            let source_gap = gap(r.start, r.end, passage.source_tokens.start, passage.source_tokens.end);
            if source_gap > MAX_SOURCE_GAP_WORDS {
                continue;
            }
            passage.submission_tokens.start = passage.submission_tokens.start.min(s.start);
            passage.submission_tokens.end = passage.submission_tokens.end.max(s.end);
            passage.source_tokens.start = passage.source_tokens.start.min(r.start);
            passage.source_tokens.end = passage.source_tokens.end.max(r.end);
            passage.submission_span = passage.submission_span.union(&sentence.submission_span);
            passage.source_span = passage.source_span.union(&sentence.source_span);
        }
    }
    // Sentence passages overlapping each other (two runs found the same sentences) keep the first.
    for sentence in added {
        let overlaps = passages.iter().any(|passage| {
            gap(
                sentence.submission_tokens.start,
                sentence.submission_tokens.end,
                passage.submission_tokens.start,
                passage.submission_tokens.end,
            ) == 0
        });
        if !overlaps {
            passages.push(sentence);
        }
    }
    passages.sort_by_key(|passage| passage.submission_tokens.start);
    passages
}
