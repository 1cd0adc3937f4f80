//! The canonical form of one word: what two words must share to count as the same word.
//!
//! In order: NFKC (ligatures ﬁ → fi), removal of invisible characters, hyphens and apostrophes,
//! homoglyph folding (a word mixing Latin and Cyrillic look-alikes is folded to the script its
//! other letters settle), lower-casing that is right for Kazakh and Russian, ё → е, and the
//! canonical Latin-based alphabet of [`super::translit`]. Digits are dropped: page numbers and
//! footnote markers glued to words by PDF extraction must not break a match.

use super::chars::{
    cyrillic_twin, is_apostrophe, is_invisible, is_joining_hyphen, is_letter, latin_twin, letter_class,
};
use super::chars::{LetterClass, Script};
use super::scan::{flags, RawWord};
use super::translit::push_lowercase_canonical;
use unicode_normalization::UnicodeNormalization;

/// Reusable buffers for canonicalizing many words without allocating per word.
#[derive(Default)]
pub(crate) struct CanonicalScratch {
    nfkc: String,
    segment: Vec<char>,
    pub canonical: String,
}

/// What canonicalization noticed about one word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordFindings {
    /// Letters swapped for their look-alikes in a word that mixed scripts.
    pub homoglyphs_folded: u32,
    /// The script the mixed word was folded to.
    pub folded_to: Option<Script>,
    /// Invisible characters removed from inside the word.
    pub invisible_characters: u32,
}

/// Writes the canonical form of `word` into `scratch.canonical`. `context` is the script of the
/// surrounding words, used for words made only of look-alike letters.
pub(crate) fn canonicalize_word(
    text: &str,
    word: &RawWord,
    context: Script,
    scratch: &mut CanonicalScratch,
) -> WordFindings {
    let mut findings = WordFindings::default();
    let CanonicalScratch { nfkc, segment, canonical } = scratch;
    canonical.clear();
    let raw = &text[word.span.start..word.span.end];
    let source: &str = if word.flags & flags::NEEDS_NFKC != 0 {
        nfkc.clear();
        nfkc.extend(raw.nfkc());
        nfkc
    } else {
        raw
    };

    let has_latin = word.flags & (flags::LATIN_UNIQUE | flags::LATIN_LOOKALIKE) != 0;
    let has_cyrillic = word.flags & (flags::CYRILLIC_UNIQUE | flags::CYRILLIC_LOOKALIKE) != 0;
    let lookalikes_only = word.flags & (flags::LATIN_UNIQUE | flags::CYRILLIC_UNIQUE) == 0;
    let needs_segments = (has_latin && has_cyrillic) || (lookalikes_only && (has_latin || has_cyrillic));

    if !needs_segments {
        for character in source.chars() {
            if is_letter(character) {
                push_lowercase_canonical(character, canonical);
            } else if is_invisible(character) {
                findings.invisible_characters += 1;
            }
        }
        return findings;
    }

    // Homoglyph decisions are made per hyphen-separated part, so that "IT-саласы" (a Latin
    // abbreviation joined to a Kazakh word) is not taken for a trick.
    segment.clear();
    for character in source.chars() {
        if is_invisible(character) {
            findings.invisible_characters += 1;
        } else if is_joining_hyphen(character) || character.is_whitespace() || is_apostrophe(character) {
            flush_segment(segment, canonical, context, &mut findings);
        } else if is_letter(character) {
            segment.push(character);
        }
    }
    flush_segment(segment, canonical, context, &mut findings);
    findings
}

/// Folds one hyphen-free part of a word and appends its canonical letters.
fn flush_segment(
    segment: &mut Vec<char>,
    canonical: &mut String,
    context: Script,
    findings: &mut WordFindings,
) {
    if segment.is_empty() {
        return;
    }
    let target = fold_target(segment, context);
    for &character in segment.iter() {
        let folded = match target {
            Some(FoldTarget { script: Script::Cyrillic, .. }) => {
                cyrillic_twin(character).unwrap_or(character)
            }
            Some(FoldTarget { script: Script::Latin, .. }) => latin_twin(character).unwrap_or(character),
            None => character,
        };
        if folded != character {
            if let Some(FoldTarget { mixed: true, script }) = target {
                findings.homoglyphs_folded += 1;
                findings.folded_to = Some(script);
            }
        }
        push_lowercase_canonical(folded, canonical);
    }
    segment.clear();
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FoldTarget {
    script: Script,
    /// True when the part mixed scripts (a homoglyph trick); false when a part made only of
    /// look-alike letters silently follows its context.
    mixed: bool,
}

fn fold_target(segment: &[char], context: Script) -> Option<FoldTarget> {
    let (mut latin_unique, mut cyrillic_unique, mut latin_any, mut cyrillic_any) =
        (false, false, false, false);
    for &character in segment {
        match letter_class(character) {
            LetterClass::Unique(Script::Latin) => (latin_unique, latin_any) = (true, true),
            LetterClass::Unique(Script::Cyrillic) => (cyrillic_unique, cyrillic_any) = (true, true),
            LetterClass::LookAlike(Script::Latin) => latin_any = true,
            LetterClass::LookAlike(Script::Cyrillic) => cyrillic_any = true,
            LetterClass::Neutral => {}
        }
    }
    if latin_any && cyrillic_any {
        let script = match (latin_unique, cyrillic_unique) {
            (false, true) => Script::Cyrillic,
            (true, false) => Script::Latin,
            (false, false) => context,
            (true, true) => return None,
        };
        return Some(FoldTarget { script, mixed: true });
    }
    let own_script = if latin_any {
        Script::Latin
    } else if cyrillic_any {
        Script::Cyrillic
    } else {
        return None;
    };
    (!latin_unique && !cyrillic_unique && own_script != context)
        .then_some(FoldTarget { script: context, mixed: false })
}
