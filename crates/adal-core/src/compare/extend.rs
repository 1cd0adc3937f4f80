//! Extending a passage's edges word by word: the first and last words of an edited passage are
//! often not covered by any seed n-gram (an edit falls within three words of the edge), so the
//! passage is grown while the next word outward matches a source word just outside the source
//! range — directly, or after skipping up to two words on either side.

use super::{AlignedPassage, TokenRange};
use crate::text::Token;

/// Most words a passage grows by at each edge.
const MAX_GROWTH_WORDS: u32 = 8;
/// Words skipped on either side when looking for the next match.
const MAX_SKIP: u32 = 2;
/// A match found after skipping words must be a word of at least this many bytes: short common
/// words would otherwise let a passage creep into the text around it.
const MIN_SKIP_MATCH_BYTES: usize = 5;

fn matches(
    submission: &[Token],
    source: &[Token],
    submission_index: u32,
    source_index: u32,
    skipped: bool,
) -> bool {
    let (Some(a), Some(b)) = (submission.get(submission_index as usize), source.get(source_index as usize))
    else {
        return false;
    };
    a.hash == b.hash && (!skipped || a.span.len() >= MIN_SKIP_MATCH_BYTES)
}

/// The nearest matching word pair, trying up to [`MAX_SKIP`] skipped words on either side,
/// fewest skipped first. `position(a, b)` gives the submission and source indexes after skipping
/// `a` and `b` words, or `None` where that leaves the allowed range. Returns the indexes and the
/// number of submission words the passage grows by.
fn nearest_match(
    submission: &[Token],
    source: &[Token],
    position: impl Fn(u32, u32) -> Option<(u32, u32)>,
) -> Option<(u32, u32, u32)> {
    for total in 0..=2 * MAX_SKIP {
        for a in 0..=total.min(MAX_SKIP) {
            let b = total - a;
            if b > MAX_SKIP {
                continue;
            }
            if let Some((submission_index, source_index)) = position(a, b) {
                if matches(submission, source, submission_index, source_index, total > 0) {
                    return Some((submission_index, source_index, a + 1));
                }
            }
        }
    }
    None
}

/// Grows the token ranges of `passage` at both ends; `limit` is the submission range the passage
/// may not leave (neighbouring passages and quotation barriers).
pub(crate) fn extend_edges(
    passage: &mut AlignedPassage,
    submission: &[Token],
    source: &[Token],
    limit: TokenRange,
) {
    let mut grown = 0;
    while grown < MAX_GROWTH_WORDS {
        let (s, r) = (passage.submission_tokens.start, passage.source_tokens.start);
        let before = |a: u32, b: u32| (s >= a + 1 + limit.start && r > b).then(|| (s - a - 1, r - b - 1));
        let Some((submission_index, source_index, added)) = nearest_match(submission, source, before) else {
            break;
        };
        passage.submission_tokens.start = submission_index;
        passage.source_tokens.start = source_index;
        grown += added;
    }
    let mut grown = 0;
    while grown < MAX_GROWTH_WORDS {
        let (s, r) = (passage.submission_tokens.end, passage.source_tokens.end);
        let after = |a: u32, b: u32| (s + a < limit.end).then(|| (s + a, r + b));
        let Some((submission_index, source_index, added)) = nearest_match(submission, source, after) else {
            break;
        };
        passage.submission_tokens.end = submission_index + 1;
        passage.source_tokens.end = source_index + 1;
        grown += added;
    }
    if let (Some(first), Some(last)) = (
        submission.get(passage.submission_tokens.start as usize),
        submission.get(passage.submission_tokens.end.saturating_sub(1) as usize),
    ) {
        passage.submission_span = crate::model::Span::new(first.span.start, last.span.end);
    }
    if let (Some(first), Some(last)) = (
        source.get(passage.source_tokens.start as usize),
        source.get(passage.source_tokens.end.saturating_sub(1) as usize),
    ) {
        passage.source_span = crate::model::Span::new(first.span.start, last.span.end);
    }
}
