//! What counts as evidence of copying when stem keys are known: formula words make no n-gram
//! seeds, and a passage must be more than stock phrases and function words shared by texts on
//! one topic.

use super::paraphrase::ParaphraseConfig;
use super::stem_maps::KeySet;
use super::AlignedPassage;
use crate::text::stem::StemKey;
use crate::text::Token;

/// Whether a passage is more than stock phrases and formulas: enough of its submission words are
/// content words whose stem (or whose canonical form, for homoglyph and transliterated words,
/// which the stemmers do not see through) the passage's source range also holds.
pub(crate) fn carries_content(
    passage: &AlignedPassage,
    (submission, submission_keys): (&[Token], &[StemKey]),
    (source, source_keys): (&[Token], &[StemKey]),
    config: &ParaphraseConfig,
) -> bool {
    let source_range = passage.source_tokens.start as usize..passage.source_tokens.end as usize;
    let submission_range = passage.submission_tokens.start as usize..passage.submission_tokens.end as usize;
    let mut source_words = KeySet::default();
    for (token, key) in source
        .get(source_range.clone())
        .unwrap_or_default()
        .iter()
        .zip(source_keys.get(source_range).unwrap_or_default())
    {
        if key.content {
            source_words.insert(key.hash);
            source_words.insert(token.hash);
        }
    }
    let words = submission_range.len().max(1);
    let shared = submission
        .get(submission_range.clone())
        .unwrap_or_default()
        .iter()
        .zip(submission_keys.get(submission_range).unwrap_or_default())
        .filter(|(token, key)| {
            key.content && (source_words.contains(&key.hash) || source_words.contains(&token.hash))
        })
        .count();
    shared as f64 >= config.min_content_share * words as f64
}

/// The tokens with the words of formulas made unmatchable (a hash of their side and position), so
/// that formulas shared by texts on one topic make no n-gram seeds; borrowed when there is none.
pub(crate) fn without_formulas<'a>(
    tokens: &'a [Token],
    stems: &[StemKey],
    side: u64,
) -> std::borrow::Cow<'a, [Token]> {
    if stems.len() != tokens.len() || !stems.iter().any(|key| key.formula) {
        return std::borrow::Cow::Borrowed(tokens);
    }
    let masked = tokens
        .iter()
        .zip(stems)
        .enumerate()
        .map(|(index, (token, key))| match key.formula {
            true => Token {
                span: token.span,
                hash: xxhash_rust::xxh3::xxh3_64(&[side, index as u64].map(u64::to_le_bytes).concat()),
            },
            false => *token,
        })
        .collect();
    std::borrow::Cow::Owned(masked)
}
