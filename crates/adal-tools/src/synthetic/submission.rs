//! Synthetic submissions that borrow a known share of their words from given source documents,
//! with the exact borrowed spans, so that benchmarks and tests do real work and can check it.

use super::document::{write_body, Vocabularies};
use super::rng::SplitMix64;
use adal::model::{DocLang, Span};

/// A passage copied verbatim from a source into the submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BorrowedPassage {
    /// Index of the source in the slice given to [`make_submission`].
    pub source_index: usize,
    pub source_span: Span,
    pub submission_span: Span,
}

/// A generated submission and what it borrowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntheticSubmission {
    pub text: String,
    pub words: usize,
    pub borrowed_words: usize,
    pub passages: Vec<BorrowedPassage>,
}

/// Writes a submission of about `total_words` words in `language`, of which about
/// `borrowed_share` (0–1) are copied, in passages of 40–250 words cut at sentence boundaries,
/// from randomly chosen `sources` texts. Original paragraphs fill the rest.
pub fn make_submission(
    vocabularies: &Vocabularies,
    seed: u64,
    language: DocLang,
    sources: &[&str],
    total_words: usize,
    borrowed_share: f64,
) -> SyntheticSubmission {
    let mut rng = SplitMix64::new(seed);
    let vocabulary = vocabularies.get(language);
    let borrowed_target = if sources.is_empty() {
        0
    } else {
        (total_words as f64 * borrowed_share.clamp(0.0, 1.0)).round() as usize
    };
    let original_target = total_words.saturating_sub(borrowed_target);
    let sentence_starts: Vec<Vec<usize>> = sources.iter().map(|source| sentence_starts(source)).collect();

    let mut submission =
        SyntheticSubmission { text: String::new(), words: 0, borrowed_words: 0, passages: Vec::new() };
    let mut original_written = 0;
    let mut failed_picks = 0;
    while submission.borrowed_words < borrowed_target || original_written < original_target {
        let borrow_next = submission.borrowed_words < borrowed_target
            && (original_written >= original_target || rng.chance(borrowed_share.clamp(0.05, 0.95)));
        if borrow_next {
            let wanted = rng.between(40, 250).min(borrowed_target - submission.borrowed_words).max(1);
            if !borrow_passage(&mut submission, &mut rng, sources, &sentence_starts, wanted) {
                failed_picks += 1;
                if failed_picks > 100 {
                    break;
                }
            }
        } else {
            let wanted = rng.between(60, 300).min(original_target - original_written).max(1);
            let mut paragraph = String::new();
            original_written += write_body(&mut paragraph, vocabulary, &mut rng, wanted, false);
            push_paragraph(&mut submission.text, &paragraph);
        }
    }
    submission.words = original_written + submission.borrowed_words;
    submission
}

fn push_paragraph(text: &mut String, paragraph: &str) -> Span {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let start = text.len();
    text.push_str(paragraph.trim());
    Span::new(start, text.len())
}

/// Copies whole sentences (about `wanted` words) from a random source; false if none fits.
fn borrow_passage(
    submission: &mut SyntheticSubmission,
    rng: &mut SplitMix64,
    sources: &[&str],
    sentence_starts: &[Vec<usize>],
    wanted: usize,
) -> bool {
    let source_index = rng.below(sources.len());
    let (Some(source), Some(starts)) = (sources.get(source_index), sentence_starts.get(source_index)) else {
        return false;
    };
    if starts.len() < 2 {
        return false;
    }
    let first = rng.below(starts.len() - 1);
    let start = starts[first];
    let mut end = start;
    let mut words = 0;
    for &next_start in &starts[first + 1..] {
        words += source[end..next_start].split_whitespace().count();
        end = next_start;
        if words >= wanted {
            break;
        }
    }
    let passage = source[start..end].trim_end();
    if passage.is_empty() {
        return false;
    }
    let words = passage.split_whitespace().count();
    let submission_span = push_paragraph(&mut submission.text, passage);
    submission.passages.push(BorrowedPassage {
        source_index,
        source_span: Span::new(start, start + passage.len()),
        submission_span,
    });
    submission.borrowed_words += words;
    true
}

/// Byte offsets where sentences start (after ". " or a blank line), plus the end of the text.
fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    for (offset, &byte) in bytes.iter().enumerate() {
        let follows_break = offset >= 2
            && ((bytes[offset - 2] == b'.' && bytes[offset - 1] == b' ')
                || (bytes[offset - 2] == b'\n' && bytes[offset - 1] == b'\n'));
        if follows_break && byte != b' ' && byte != b'\n' && text.is_char_boundary(offset) {
            starts.push(offset);
        }
    }
    starts.push(text.len());
    starts
}
