//! Combining the two kinds of passage: n-gram passages (the fast, exact path) and sentence
//! passages (bag-of-stems matches of paraphrased sentences).
//!
//! A sentence passage touching an n-gram passage that continues the same source region widens
//! it (the paraphrased sentences at the edge of an edited passage belong to it, and one case
//! must stay one detection); one that overlaps an n-gram passage from elsewhere in the source is
//! dropped (the exact match is the better evidence); the others, including one that only borders
//! a passage from elsewhere in the source, are new passages.

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
        let mut widened = false;
        for index in touching {
            let passage = &mut passages[index];
            let source_gap = gap(r.start, r.end, passage.source_tokens.start, passage.source_tokens.end);
            if source_gap > MAX_SOURCE_GAP_WORDS {
                continue;
            }
            widened = true;
            passage.submission_tokens.start = passage.submission_tokens.start.min(s.start);
            passage.submission_tokens.end = passage.submission_tokens.end.max(s.end);
            passage.source_tokens.start = passage.source_tokens.start.min(r.start);
            passage.source_tokens.end = passage.source_tokens.end.max(r.end);
            passage.submission_span = passage.submission_span.union(&sentence.submission_span);
            passage.source_span = passage.source_span.union(&sentence.source_span);
        }
        if !widened {
            added.push(sentence);
        }
    }
    // Sentence passages overlapping each other (two runs found the same sentences) keep the first.
    for sentence in added {
        let overlaps = passages.iter().any(|passage| {
            sentence.submission_tokens.start < passage.submission_tokens.end
                && passage.submission_tokens.start < sentence.submission_tokens.end
        });
        if !overlaps {
            passages.push(sentence);
        }
    }
    passages.sort_by_key(|passage| passage.submission_tokens.start);
    passages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{FoundBy, TokenRange};
    use crate::model::Span;

    fn passage(submission: (u32, u32), source: (u32, u32), found_by: FoundBy) -> AlignedPassage {
        AlignedPassage {
            submission_tokens: TokenRange { start: submission.0, end: submission.1 },
            source_tokens: TokenRange { start: source.0, end: source.1 },
            submission_span: Span::new(submission.0 as usize * 6, submission.1 as usize * 6),
            source_span: Span::new(source.0 as usize * 6, source.1 as usize * 6),
            seeds: 3,
            matched_words: 10,
            in_order: true,
            found_by,
        }
    }

    #[test]
    fn a_neighbouring_sentence_from_the_same_region_widens_the_passage() {
        let combined = combine(
            vec![passage((100, 140), (500, 540), FoundBy::NGrams)],
            vec![passage((141, 160), (541, 560), FoundBy::Sentences)],
        );
        assert_eq!(combined.len(), 1);
        assert_eq!(combined[0].submission_tokens, TokenRange { start: 100, end: 160 });
        assert_eq!(combined[0].source_tokens, TokenRange { start: 500, end: 560 });
    }

    #[test]
    fn a_neighbouring_sentence_from_elsewhere_is_its_own_passage() {
        let combined = combine(
            vec![passage((100, 140), (500, 540), FoundBy::NGrams)],
            vec![passage((140, 160), (2000, 2020), FoundBy::Sentences)],
        );
        assert_eq!(combined.len(), 2);
        assert_eq!(combined[1].found_by, FoundBy::Sentences);
    }

    #[test]
    fn an_overlapping_sentence_from_elsewhere_is_dropped() {
        let combined = combine(
            vec![passage((100, 140), (500, 540), FoundBy::NGrams)],
            vec![passage((120, 150), (2000, 2030), FoundBy::Sentences)],
        );
        assert_eq!(combined.len(), 1);
        assert_eq!(combined[0].submission_tokens, TokenRange { start: 100, end: 140 });
    }
}
