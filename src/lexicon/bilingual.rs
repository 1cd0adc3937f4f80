//! Translation pairs of an Apertium bilingual dictionary (`.dix`), for the concept table
//! ([`crate::text::lexicon::concepts`]).
//!
//! An entry is `<e><p><l>мектеп<s n="n"/></l><r>школа<s n="n"/>…</r></p></e>` (or `<i>…</i>`
//! when both sides are spelled alike). What is taken, and why:
//! - only content words: nouns, proper nouns, verbs, adjectives and adverbs (`n`, `np`, `v`,
//!   `vblex`, `adj`, `adv`); pronouns, postpositions, conjunctions and determiners say
//!   nothing about what a sentence is about;
//! - single words only: a side with a blank (`<b/>`) is a multi-word expression whose words are
//!   not translations one by one (`жөнге<b/>сал` = `устроить`); a group (`<g>…</g>`, an English
//!   phrasal verb's particle: `look<g><b/>at</g>`) is left out and the head word kept;
//! - both directions: entries restricted to one direction (`r="LR"`, `r="RL"`) are variants
//!   the translator generates or accepts in one direction only, but they still translate each
//!   other, which is all a comparison needs.

use crate::model::DocLang;

/// One translation pair: a Kazakh word and a word of `language`, lower case, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationPair {
    pub kazakh: String,
    pub language: DocLang,
    pub other: String,
}

/// The parts of speech whose translations are kept.
const CONTENT_TAGS: [&str; 6] = ["n", "np", "v", "vblex", "adj", "adv"];

/// The inner text of the first `<open>…</close>` of an entry.
fn inner<'a>(entry: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = entry.find(open)? + open.len();
    let end = start + entry[start..].find(close)?;
    Some(&entry[start..end])
}

/// One side's single word (groups left out, tags removed) and first tag; `None` for empty or
/// multi-word sides.
fn side(inner: &str) -> Option<(String, String)> {
    let without_group = match (inner.find("<g>"), inner.find("</g>")) {
        (Some(start), Some(end)) if end > start => format!("{}{}", &inner[..start], &inner[end + 4..]),
        _ => inner.to_string(),
    };
    if without_group.contains("<b/>") || without_group.contains("<b />") {
        return None;
    }
    let word_end = without_group.find('<').unwrap_or(without_group.len());
    let word = without_group[..word_end].trim().to_lowercase();
    let tag_start = without_group.find("<s n=\"")? + 6;
    let tag_end = tag_start + without_group[tag_start..].find('"')?;
    let tag = without_group[tag_start..tag_end].to_string();
    let letters = word.chars().filter(|letter| letter.is_alphabetic()).count();
    let plain = letters >= 2 && word.chars().all(|letter| letter.is_alphabetic() || letter == '-');
    plain.then_some((word, tag))
}

/// The language of a non-Kazakh word by its script.
fn language_of(word: &str) -> Option<DocLang> {
    if word.chars().all(|letter| letter.is_ascii_alphabetic() || letter == '-') {
        Some(DocLang::En)
    } else if word.chars().all(|letter| ('\u{0400}'..='\u{04FF}').contains(&letter) || letter == '-') {
        Some(DocLang::Ru)
    } else {
        None
    }
}

/// The translation pairs of a dix file whose Kazakh side is the left one (`kazakh_is_left`) or
/// the right one.
pub fn translation_pairs(dix: &str, kazakh_is_left: bool) -> Vec<TranslationPair> {
    let mut pairs = Vec::new();
    for entry in dix.split("<e").skip(1) {
        // `<e` also begins nothing else in a dix body; skip `<entry…`-like names defensively.
        if !entry.starts_with('>') && !entry.starts_with(' ') {
            continue;
        }
        let Some(entry) = entry.split("</e>").next() else { continue };
        let (left, right) = match inner(entry, "<i>", "</i>") {
            Some(both) => (both, both),
            None => match (inner(entry, "<l>", "</l>"), inner(entry, "<r>", "</r>")) {
                (Some(left), Some(right)) => (left, right),
                _ => continue,
            },
        };
        let (Some((left_word, left_tag)), Some((right_word, _))) = (side(left), side(right)) else {
            continue;
        };
        if !CONTENT_TAGS.contains(&left_tag.as_str()) {
            continue;
        }
        let (kazakh, other) = if kazakh_is_left { (left_word, right_word) } else { (right_word, left_word) };
        let Some(language) = language_of(&other) else { continue };
        if language == DocLang::Ru && super::formats::has_kazakh_letters(&other) {
            continue;
        }
        pairs.push(TranslationPair { kazakh, language, other });
    }
    pairs
}
