//! The report as readers see it, cut once for every renderer: the submission text split where a
//! highlight starts or ends, each piece with its passage and alert, and the numbers people read.
//!
//! `body.rs` turns these segments into the report body that the one template renders for the
//! downloadable HTML report and the web page, so a passage is highlighted the same way in both. Spans are clamped to the
//! text; a span that ends before it starts (only a damaged stored report has one) marks nothing.
//! Passages are shown numbered from 1 (`label`), and every anchor uses that number, so "№1"
//! links to `#p-1` in the text and `#pp-1` in the list.

use super::{AlertKind, Report, ReportAlert, ReportPassage};
use crate::model::CharIndex;

/// A piece of the submission text with one highlight state.
#[derive(Clone, Copy, Debug)]
pub struct TextSegment<'a> {
    pub text: &'a str,
    /// The passage the piece belongs to.
    pub passage: Option<&'a ReportPassage>,
    /// True on the first piece of its passage (where the passage's anchor goes).
    pub passage_starts: bool,
    /// The marked alert the piece belongs to, with its position in `Report::alerts`.
    pub alert: Option<(usize, &'a ReportAlert)>,
    /// True on the first piece of its alert.
    pub alert_starts: bool,
}

/// The number a reader sees for a passage (1-based).
pub fn passage_label(passage: &ReportPassage) -> u32 {
    passage.number.saturating_add(1)
}

/// The number a reader sees for a source (1-based).
pub fn source_label(source_number: u32) -> u32 {
    source_number.saturating_add(1)
}

/// True for alerts that point at a place in the text (a broken text layer is about the whole
/// document).
pub fn is_marked_in_text(kind: AlertKind) -> bool {
    kind != AlertKind::BrokenTextLayer
}

/// The submission text cut at every start and end of a passage or a marked alert.
pub fn text_segments(report: &Report) -> Vec<TextSegment<'_>> {
    let chars = CharIndex::new(&report.text);
    let n_chars = chars.char_len() as u32;
    let clamp = |offset: u32| offset.min(n_chars);
    let mut cuts: Vec<u32> = vec![0, n_chars];
    for passage in &report.passages {
        cuts.extend([clamp(passage.submission_span.start), clamp(passage.submission_span.end)]);
    }
    let marked_alerts: Vec<(usize, &ReportAlert)> =
        report.alerts.iter().enumerate().filter(|(_, alert)| is_marked_in_text(alert.kind)).collect();
    for (_, alert) in &marked_alerts {
        cuts.extend([clamp(alert.span.start), clamp(alert.span.end)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut opened_passages = std::collections::HashSet::new();
    let mut opened_alerts = std::collections::HashSet::new();
    let mut segments = Vec::with_capacity(cuts.len());
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        let text = report.text.get(chars.byte_offset(start as usize)..chars.byte_offset(end as usize));
        let Some(text) = text.filter(|text| !text.is_empty()) else { continue };
        let passage = report.passages.iter().find(|passage| {
            let span = passage.submission_span;
            span.start <= start && end <= span.end
        });
        let alert = marked_alerts
            .iter()
            .copied()
            .find(|(_, alert)| alert.span.start <= start && end <= alert.span.end);
        segments.push(TextSegment {
            text,
            passage,
            passage_starts: passage.is_some_and(|passage| opened_passages.insert(passage.number)),
            alert,
            alert_starts: alert.is_some_and(|(index, _)| opened_alerts.insert(index)),
        });
    }
    segments
}

/// The text of a passage in the submission (empty for a damaged span).
pub fn passage_text<'a>(report: &'a Report, passage: &ReportPassage) -> &'a str {
    let chars = CharIndex::new(&report.text);
    let span = passage.submission_span;
    report
        .text
        .get(chars.byte_offset(span.start as usize)..chars.byte_offset(span.end as usize))
        .unwrap_or_default()
}

/// A piece of a passage's text in the side-by-side view: `shared` when the word's stem is also
/// a content word of the other side (what makes a rewritten passage a match).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MarkedPiece {
    pub text: String,
    pub shared: bool,
}

/// Appends `piece` to `pieces`, joined to the last piece when both are marked alike.
fn push_piece(pieces: &mut Vec<MarkedPiece>, piece: &str, shared: bool) {
    if piece.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(last) if last.shared == shared => last.text.push_str(piece),
        _ => pieces.push(MarkedPiece { text: piece.to_string(), shared }),
    }
}

/// The submission's and the source's text of a passage, each cut into pieces with the words
/// whose stems both sides share marked, so a reader sees why a paraphrase was matched.
/// Stop words, short words and formula words are never marked.
pub fn shared_words(
    submission: &str,
    source: &str,
    language: crate::model::DocLang,
) -> (Vec<MarkedPiece>, Vec<MarkedPiece>) {
    use crate::text::{analyze, stem::stem_keys};
    let keyed = |text: &str| {
        let tokens = analyze(text).tokens;
        let keys = stem_keys(text, &tokens, language);
        (tokens, keys)
    };
    let (submission_tokens, submission_keys) = keyed(submission);
    let (source_tokens, source_keys) = keyed(source);
    let content = |keys: &[crate::text::stem::StemKey]| -> std::collections::HashSet<u64> {
        keys.iter().filter(|key| key.content && !key.formula).map(|key| key.hash).collect()
    };
    let (in_submission, in_source) = (content(&submission_keys), content(&source_keys));
    let pieces = |text: &str,
                  tokens: &[crate::text::Token],
                  keys: &[crate::text::stem::StemKey],
                  other: &std::collections::HashSet<u64>| {
        let mut pieces: Vec<MarkedPiece> = Vec::new();
        let mut push = |piece: &str, shared: bool| push_piece(&mut pieces, piece, shared);
        let mut at = 0;
        for (token, key) in tokens.iter().zip(keys) {
            let (start, end) = (token.span.start.max(at), token.span.end);
            if start > end || end > text.len() {
                continue;
            }
            push(text.get(at..start).unwrap_or_default(), false);
            let shared = key.content && !key.formula && other.contains(&key.hash);
            push(text.get(start..end).unwrap_or_default(), shared);
            at = end;
        }
        push(text.get(at..).unwrap_or_default(), false);
        pieces
    };
    (
        pieces(submission, &submission_tokens, &submission_keys, &in_source),
        pieces(source, &source_tokens, &source_keys, &in_submission),
    )
}

/// One aligned sentence pair of a translated passage: the submission sentence and the source
/// sentence it translates, each cut into pieces with the words a dictionary (or a shared name,
/// number or loanword) matched marked as `shared`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AlignedPair {
    pub submission: Vec<MarkedPiece>,
    pub source: Vec<MarkedPiece>,
}

/// The sentence pairs of a translated passage, in submission order, for a side-by-side view
/// row by row; `None` for a passage that was not found as a translation. Submission spans are
/// code points of the report's text, source spans code points of the source document, of which
/// the passage keeps `source_text` from `source_span.start` on. Spans outside the texts (only a
/// damaged stored report has them) are clamped and mark nothing.
pub fn aligned_pairs(report: &Report, passage: &ReportPassage) -> Option<Vec<AlignedPair>> {
    let translation = passage.translation.as_ref()?;
    let submission_chars = CharIndex::new(&report.text);
    let source_chars = CharIndex::new(&passage.source_text);
    let source_base = passage.source_span.start;
    let pairs = translation
        .sentence_pairs
        .iter()
        .map(|pair| {
            let submission = marked_sentence(
                &report.text,
                &submission_chars,
                pair.submission_span,
                &pair.submission_words,
                0,
            );
            let source = marked_sentence(
                &passage.source_text,
                &source_chars,
                pair.source_span,
                &pair.source_words,
                source_base,
            );
            AlignedPair { submission, source }
        })
        .collect();
    Some(pairs)
}

/// The text of `sentence` (code points, counted from `base`) with `words` marked.
fn marked_sentence(
    text: &str,
    chars: &CharIndex,
    sentence: super::CharSpan,
    words: &[super::CharSpan],
    base: u32,
) -> Vec<MarkedPiece> {
    let byte =
        |char_offset: u32| chars.byte_offset(char_offset.saturating_sub(base) as usize).min(text.len());
    let (start, end) = (byte(sentence.start), byte(sentence.end));
    let mut pieces: Vec<MarkedPiece> = Vec::new();
    let mut push = |piece: &str, shared: bool| push_piece(&mut pieces, piece, shared);
    let mut words: Vec<(usize, usize)> = words
        .iter()
        .filter(|word| word.start >= base)
        .map(|word| (byte(word.start).max(start), byte(word.end).min(end)))
        .filter(|(word_start, word_end)| word_start < word_end)
        .collect();
    words.sort_unstable();
    let mut at = start;
    for (word_start, word_end) in words {
        if word_start < at {
            continue;
        }
        push(text.get(at..word_start).unwrap_or_default(), false);
        push(text.get(word_start..word_end).unwrap_or_default(), true);
        at = word_end;
    }
    if at < end {
        push(text.get(at..end).unwrap_or_default(), false);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocLang;

    #[test]
    fn words_with_shared_stems_are_marked_on_both_sides() {
        let (submission, source) = shared_words(
            "The students were measuring rivers carefully.",
            "A student measured the river.",
            DocLang::En,
        );
        let marked = |pieces: &[MarkedPiece]| -> Vec<String> {
            pieces.iter().filter(|piece| piece.shared).map(|piece| piece.text.clone()).collect()
        };
        assert_eq!(marked(&submission), vec!["students", "measuring", "rivers"]);
        assert_eq!(marked(&source), vec!["student", "measured", "river"]);
        let whole: String = submission.iter().map(|piece| piece.text.as_str()).collect();
        assert_eq!(whole, "The students were measuring rivers carefully.", "nothing lost");
    }
}
