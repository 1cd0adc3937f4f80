//! Quotations and their references: a passage inside quotation marks with a reference next to
//! it ([12], [12, с. 45], (Иванов, 2019), (Smith 2020, p. 4)) is a citation, not a borrowing.

use crate::model::Span;
use serde::{Deserialize, Serialize};

/// A quotation found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quotation {
    /// The quoted words, without the marks.
    pub inner: Span,
    /// From the opening mark to the end of the reference (or the closing mark, without one).
    pub whole: Span,
    /// The reference marker, if one stands right after the closing mark or right before it.
    pub reference: Option<Span>,
}

impl Quotation {
    /// A quotation with a reference is a citation.
    pub fn is_citation(&self) -> bool {
        self.reference.is_some()
    }
}

/// The quotation marks Adal knows: opening mark → possible closing marks.
fn closing_marks(opening: char) -> Option<&'static [char]> {
    match opening {
        '«' => Some(&['»']),
        '“' => Some(&['”']),
        '„' => Some(&['“', '”']),
        '"' => Some(&['"']),
        _ => None,
    }
}

/// The longest quotation considered, in bytes; longer "quotations" are unbalanced marks.
const MAX_QUOTATION_BYTES: usize = 12_000;

/// Finds the quotations of a text, each within one paragraph, sorted by start.
///
/// Citations are found from their end: a closing mark followed by a reference marker, then a
/// backward scan to the opening mark that balances it. Working backwards copes with quoted text
/// that has quotation marks of its own (dialogue in a quoted novel) better than matching marks
/// from the start of the paragraph. Quotations without a reference after them are found by a
/// forward scan.
pub fn find_quotations(text: &str) -> Vec<Quotation> {
    let mut quotations = referenced_quotations(text);
    let mut offset = 0;
    while let Some((relative, opening)) =
        text[offset..].char_indices().find(|(_, c)| closing_marks(*c).is_some())
    {
        let open_at = offset + relative;
        let inner_start = open_at + opening.len_utf8();
        if let Some(known) = quotations
            .iter()
            .find(|quotation| quotation.whole.start <= open_at && open_at < quotation.whole.end)
        {
            offset = known.whole.end.max(inner_start);
            continue;
        }
        match find_closing(text, inner_start, opening) {
            Some(close_at) => {
                let closing_width = text[close_at..].chars().next().map_or(1, char::len_utf8);
                let after_close = close_at + closing_width;
                let reference = reference_before(text, inner_start, close_at);
                quotations.push(Quotation {
                    inner: Span::new(inner_start, close_at),
                    whole: Span::new(open_at, after_close),
                    reference,
                });
                offset = after_close;
            }
            None => offset = inner_start,
        }
    }
    quotations.sort_by_key(|quotation| quotation.whole.start);
    quotations
}

fn is_closing_mark(character: char) -> bool {
    matches!(character, '»' | '”' | '“' | '"')
}

/// Quotations whose closing mark is directly followed by a reference marker.
fn referenced_quotations(text: &str) -> Vec<Quotation> {
    let mut quotations: Vec<Quotation> = Vec::new();
    for (close_at, closing) in text.char_indices().filter(|(_, c)| is_closing_mark(*c)) {
        let after_close = close_at + closing.len_utf8();
        // «…»» [3]: the reference follows the last of several closing marks.
        if text[after_close..].chars().next().is_some_and(is_closing_mark) {
            continue;
        }
        let Some(reference) = reference_after(text, after_close) else { continue };
        let Some(open_at) = find_opening_backwards(text, close_at) else { continue };
        let inner_start = open_at + text[open_at..].chars().next().map_or(1, char::len_utf8);
        if let Some(last) = quotations.last() {
            if last.whole.end > open_at {
                continue;
            }
        }
        quotations.push(Quotation {
            inner: Span::new(inner_start, close_at),
            whole: Span::new(open_at, reference.end),
            reference: Some(reference),
        });
    }
    quotations
}

/// Scans back from a closing mark to the opening mark that balances it, within the paragraph.
/// Balanced pairs met on the way (the quoted text's own quotations) are skipped. When the quoted
/// text has an opening mark of its own that is never closed (dialogue cut off mid-speech), the
/// balancing mark is ambiguous; the earliest unbalanced opening mark of the paragraph is taken,
/// so the whole quotation is covered. Only the marks of the outer quotation's kind are counted:
/// `“` closes an inner quotation in Russian and Kazakh («… „…“ …») and opens one in English.
fn find_opening_backwards(text: &str, close_at: usize) -> Option<usize> {
    let outer_closing = text[close_at..].chars().next()?;
    let (openings, closings): (&[char], &[char]) = match outer_closing {
        // Inner quotations inside «…» use „…“ or “…”; only guillemets balance guillemets.
        '»' => (&['«'], &['»']),
        '”' => (&['“', '„'], &['”']),
        '“' => (&['„'], &['“']),
        _ => (&['"'], &[]),
    };
    let lower_limit = close_at.saturating_sub(MAX_QUOTATION_BYTES);
    let mut depth = 0usize;
    let mut earliest_unbalanced = None;
    let mut previous_was_newline = false;
    for (at, character) in text[..close_at].char_indices().rev() {
        if at < lower_limit {
            break;
        }
        if character == '\n' {
            if previous_was_newline {
                break;
            }
            previous_was_newline = true;
            continue;
        }
        if !character.is_whitespace() {
            previous_was_newline = false;
        }
        if closings.contains(&character) {
            depth += 1;
        } else if openings.contains(&character) {
            if depth == 0 {
                earliest_unbalanced = Some(at);
            } else {
                depth -= 1;
            }
        }
    }
    earliest_unbalanced
}

/// The offset of the mark that closes a quotation opened just before `start`, allowing nested
/// quotations of the same kind; `None` if the paragraph ends first.
fn find_closing(text: &str, start: usize, opening: char) -> Option<usize> {
    let closings = closing_marks(opening)?;
    let limit = (start + MAX_QUOTATION_BYTES).min(text.len());
    let mut depth = 0usize;
    let mut previous_newline = false;
    for (relative, character) in text[start..].char_indices() {
        let at = start + relative;
        if at >= limit {
            return None;
        }
        if character == '\n' {
            if previous_newline {
                return None;
            }
            previous_newline = true;
            continue;
        }
        if !character.is_whitespace() {
            previous_newline = false;
        }
        // The straight quote both opens and closes: it closes here.
        if closings.contains(&character) {
            if depth == 0 {
                return Some(at);
            }
            depth -= 1;
        } else if character == opening {
            depth += 1;
        }
    }
    None
}

/// A reference marker starting within a few spaces after `offset`.
fn reference_after(text: &str, offset: usize) -> Option<Span> {
    let rest = &text[offset..];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\u{00A0}', '\t']).len();
    if skipped > 3 {
        return None;
    }
    let start = offset + skipped;
    bracketed_reference(text, start)
}

/// A reference marker just before the closing mark: «… [12]».
fn reference_before(text: &str, inner_start: usize, close_at: usize) -> Option<Span> {
    let inner = text[inner_start..close_at].trim_end_matches(['.', ' ', '\u{00A0}']);
    let last = inner.chars().last()?;
    let open = match last {
        ']' => '[',
        ')' => '(',
        _ => return None,
    };
    let open_at = inner.rfind(open)?;
    bracketed_reference(text, inner_start + open_at)
}

/// `[…]` holding a number, or `(…)` holding a year, starting at `start`.
fn bracketed_reference(text: &str, start: usize) -> Option<Span> {
    let rest = &text[start..];
    let (open, close, max_len) = match rest.chars().next()? {
        '[' => ('[', ']', 60),
        '(' => ('(', ')', 100),
        _ => return None,
    };
    let close_at = rest.char_indices().take_while(|(at, _)| *at < max_len).find(|(_, c)| *c == close)?.0;
    let body = &rest[open.len_utf8()..close_at];
    let looks_like_reference = match open {
        '[' => body.chars().any(|c| c.is_ascii_digit()),
        _ => has_year(body),
    };
    looks_like_reference.then(|| Span::new(start, start + close_at + close.len_utf8()))
}

fn has_year(body: &str) -> bool {
    let digits: Vec<char> = body.chars().collect();
    digits.windows(4).any(|window| {
        window.iter().all(char::is_ascii_digit)
            && (window[0] == '1' || window[0] == '2')
            && matches!(window[1], '8' | '9' | '0')
    })
}

/// The citations (quotations with a reference) of `text`. A submission is compared with every
/// candidate source, and its citations do not depend on the source: the last few texts' answers
/// are kept, keyed by the text's content (its xxh3 hash and length), so a long thesis is scanned
/// once per check instead of once per candidate.
pub fn citations_of(text: &str) -> std::sync::Arc<Vec<Quotation>> {
    use std::sync::{Arc, Mutex};
    type Recent = Vec<((u64, usize), Arc<Vec<Quotation>>)>;
    static RECENT: Mutex<Recent> = Mutex::new(Vec::new());
    const KEPT: usize = 8;
    // Short texts are scanned again: hashing and locking would cost more than it saves.
    if text.len() < 16 * 1024 {
        return Arc::new(find_quotations(text).into_iter().filter(Quotation::is_citation).collect());
    }
    let key = (xxhash_rust::xxh3::xxh3_64(text.as_bytes()), text.len());
    let recent =
        |cache: &Recent| cache.iter().find(|(known, _)| *known == key).map(|(_, found)| Arc::clone(found));
    if let Some(found) = RECENT.lock().ok().and_then(|cache| recent(&cache)) {
        return found;
    }
    let found: Arc<Vec<Quotation>> =
        Arc::new(find_quotations(text).into_iter().filter(Quotation::is_citation).collect());
    if let Ok(mut cache) = RECENT.lock() {
        if recent(&cache).is_none() {
            if cache.len() >= KEPT {
                cache.remove(0);
            }
            cache.push((key, Arc::clone(&found)));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_of_a_long_text_are_the_same_from_the_cache() {
        let text = "Ол былай деді: «Білім — бақыт кілті» [12]. Әрі қарай жазылады. ".repeat(400);
        let first = citations_of(&text);
        let again = citations_of(&text);
        let expected: Vec<Quotation> =
            find_quotations(&text).into_iter().filter(Quotation::is_citation).collect();
        assert!(*first == expected && *again == expected && expected.len() == 400);
        assert!(std::sync::Arc::ptr_eq(&first, &again), "the second answer comes from the cache");
        let other = format!("Кіріспе. {text}");
        let shifted = citations_of(&other);
        assert_eq!(shifted.len(), expected.len());
        assert!(
            shifted[0].inner.start == expected[0].inner.start + "Кіріспе. ".len(),
            "another text is scanned on its own"
        );
    }

    fn citations(text: &str) -> Vec<&str> {
        find_quotations(text)
            .into_iter()
            .filter(Quotation::is_citation)
            .map(|quotation| &text[quotation.inner.start..quotation.inner.end])
            .collect()
    }

    #[test]
    fn recognizes_the_usual_citation_forms() {
        assert_eq!(
            citations("Ол былай деді: «Білім — бақыт кілті» [12]. Әрі қарай"),
            ["Білім — бақыт кілті"]
        );
        assert_eq!(
            citations("Как писал автор, «наука требует труда» (Иванов, 2019)."),
            ["наука требует труда"]
        );
        assert_eq!(citations("He wrote “science is hard” (Smith 2020, p. 4)."), ["science is hard"]);
        assert_eq!(citations("«вложенные „кавычки“ внутри» [3, с. 45]"), ["вложенные „кавычки“ внутри"]);
        assert_eq!(citations("«цитата со ссылкой внутри [7].»"), ["цитата со ссылкой внутри [7]."]);
    }

    #[test]
    fn quotes_without_reference_are_not_citations() {
        assert!(citations("Компания «Казахтелеком» и журнал «Наука» [без номера]").is_empty());
        assert_eq!(find_quotations("Компания «Казахтелеком» работает").len(), 1);
    }

    #[test]
    fn unbalanced_marks_do_not_cross_paragraphs() {
        assert!(find_quotations("«незакрытая кавычка\n\nновый абзац» [1]").is_empty());
    }
}
