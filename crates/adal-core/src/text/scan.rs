//! The word scanner: finds the words of a text and what kinds of letters each holds, in one
//! pass over the bytes.
//!
//! A word is a run of letters, digits and combining marks. Invisible characters, hyphens and
//! apostrophes stay inside a word when letters follow them, so "ғылыми-техникалық",
//! "термино-\nлогических" (a line-end hyphen) and a word broken by a zero-width space are one
//! word each. On clean text the words are those of Unicode's UAX #29 word segmentation (a test in
//! `text::tests` checks this against `unicode-segmentation`); this scanner is used instead because
//! it keeps tricked words whole and runs several times faster.

use super::chars::{
    is_apostrophe, is_invisible, is_joining_hyphen, is_word_character, letter_class, LetterClass, Script,
};
use crate::model::Span;

/// Flags describing the letters of one word.
pub(crate) mod flags {
    pub const LATIN_UNIQUE: u8 = 1;
    pub const CYRILLIC_UNIQUE: u8 = 2;
    pub const LATIN_LOOKALIKE: u8 = 4;
    pub const CYRILLIC_LOOKALIKE: u8 = 8;
    /// The word holds invisible characters between its letters.
    pub const INVISIBLE: u8 = 16;
    /// The word holds characters that NFKC may change (ligatures, compatibility forms, marks).
    pub const NEEDS_NFKC: u8 = 32;
    /// The word is made of parts joined by hyphens or apostrophes.
    pub const JOINED: u8 = 64;
}

/// One word found by the scanner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawWord {
    pub span: Span,
    pub flags: u8,
}

impl RawWord {
    /// The script this word's own letters settle, if they do: a script with letters that have no
    /// look-alike in the other script, and no such letters of the other.
    pub fn settled_script(&self) -> Option<Script> {
        let latin = self.flags & flags::LATIN_UNIQUE != 0;
        let cyrillic = self.flags & flags::CYRILLIC_UNIQUE != 0;
        match (latin, cyrillic) {
            (true, false) => Some(Script::Latin),
            (false, true) => Some(Script::Cyrillic),
            _ => None,
        }
    }
}

#[inline]
fn char_at(text: &str, offset: usize) -> (char, usize) {
    let byte = text.as_bytes()[offset];
    if byte < 0x80 {
        return (byte as char, 1);
    }
    match text[offset..].chars().next() {
        Some(character) => (character, character.len_utf8()),
        None => ('\u{FFFD}', 1),
    }
}

/// Letter flags of ASCII and of the Cyrillic block, computed once at compile time.
const fn letter_flags_table(base: u32) -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut offset = 0;
    while offset < 256 {
        if let Some(character) = char::from_u32(base + offset as u32) {
            let is_latin_letter = character.is_ascii_alphabetic();
            let is_cyrillic_letter = base == 0x400 && !(offset >= 0x82 && offset <= 0x89);
            table[offset] = if is_latin_letter {
                if super::chars::cyrillic_twin(character).is_some() {
                    flags::LATIN_LOOKALIKE
                } else {
                    flags::LATIN_UNIQUE
                }
            } else if is_cyrillic_letter {
                if super::chars::latin_twin(character).is_some() {
                    flags::CYRILLIC_LOOKALIKE
                } else {
                    flags::CYRILLIC_UNIQUE
                }
            } else {
                0
            };
        }
        offset += 1;
    }
    table
}

static ASCII_FLAGS: [u8; 256] = letter_flags_table(0);
static CYRILLIC_FLAGS: [u8; 256] = letter_flags_table(0x400);

#[inline]
fn flags_of(character: char) -> u8 {
    let code = character as u32;
    if code < 0x80 {
        return ASCII_FLAGS[code as usize];
    }
    if (0x400..0x500).contains(&code) {
        return CYRILLIC_FLAGS[(code - 0x400) as usize];
    }
    let nfkc = if ('\u{00C0}'..='\u{017F}').contains(&character) { 0 } else { flags::NEEDS_NFKC };
    nfkc | match letter_class(character) {
        LetterClass::Unique(Script::Latin) => flags::LATIN_UNIQUE,
        LetterClass::Unique(Script::Cyrillic) => flags::CYRILLIC_UNIQUE,
        LetterClass::LookAlike(Script::Latin) => flags::LATIN_LOOKALIKE,
        LetterClass::LookAlike(Script::Cyrillic) => flags::CYRILLIC_LOOKALIKE,
        LetterClass::Neutral => 0,
    }
}

/// Where a word may continue after a hyphen: directly, or after a line break (spaces allowed
/// around it). Returns the offset of the next word character, if the word continues.
fn continuation_after_hyphen(text: &str, after_hyphen: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut offset = after_hyphen;
    let mut saw_newline = false;
    while offset < bytes.len() {
        match bytes[offset] {
            b' ' | b'\t' | b'\r' => offset += 1,
            b'\n' if !saw_newline => {
                saw_newline = true;
                offset += 1;
            }
            _ => break,
        }
    }
    if offset >= bytes.len() || (offset != after_hyphen && !saw_newline) {
        return None;
    }
    let (next, _) = char_at(text, offset);
    is_word_character(next).then_some(offset)
}

/// Scans `text`, appending its words to `words` and the spans of invisible characters that stand
/// outside any word to `stray_invisibles`.
pub(crate) fn scan_words(text: &str, words: &mut Vec<RawWord>, stray_invisibles: &mut Vec<Span>) {
    let length = text.len();
    let mut offset = 0;
    while offset < length {
        let (character, width) = char_at(text, offset);
        if !is_word_character(character) {
            if is_invisible(character) {
                stray_invisibles.push(Span::new(offset, offset + width));
            }
            offset += width;
            continue;
        }
        let word_start = offset;
        let mut word_flags = flags_of(character);
        offset += width;
        let mut word_end = offset;
        while offset < length {
            let (character, width) = char_at(text, offset);
            if is_word_character(character) {
                word_flags |= flags_of(character);
                offset += width;
                word_end = offset;
                continue;
            }
            if is_invisible(character) {
                let mut lookahead = offset + width;
                while lookahead < length {
                    let (next, next_width) = char_at(text, lookahead);
                    if !is_invisible(next) {
                        break;
                    }
                    lookahead += next_width;
                }
                if lookahead < length && is_word_character(char_at(text, lookahead).0) {
                    word_flags |= flags::INVISIBLE;
                    offset = lookahead;
                    continue;
                }
                break;
            }
            if is_joining_hyphen(character) {
                if let Some(next_offset) = continuation_after_hyphen(text, offset + width) {
                    word_flags |= flags::JOINED;
                    offset = next_offset;
                    continue;
                }
                break;
            }
            if is_apostrophe(character) {
                let after = offset + width;
                if after < length && char_at(text, after).0.is_alphabetic() {
                    word_flags |= flags::JOINED;
                    offset = after;
                    continue;
                }
            }
            break;
        }
        words.push(RawWord { span: Span::new(word_start, word_end), flags: word_flags });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        scan_words(text, &mut found, &mut Vec::new());
        found.iter().map(|word| &text[word.span.start..word.span.end]).collect()
    }

    #[test]
    fn splits_on_spaces_and_punctuation() {
        assert_eq!(words("Сәлем, әлем! Hello (world)."), ["Сәлем", "әлем", "Hello", "world"]);
    }

    #[test]
    fn keeps_hyphenated_and_line_broken_words_whole() {
        assert_eq!(words("ғылыми-техникалық"), ["ғылыми-техникалық"]);
        assert_eq!(words("термино-\nлогических слов"), ["термино-\nлогических", "слов"]);
        assert_eq!(words("термино- \n логических"), ["термино- \n логических"]);
        assert_eq!(words("слово - тире"), ["слово", "тире"]);
        assert_eq!(words("конец-"), ["конец"]);
    }

    #[test]
    fn keeps_words_with_invisible_characters_whole() {
        assert_eq!(words("сло\u{200B}во и\u{00AD}дея"), ["сло\u{200B}во", "и\u{00AD}дея"]);
        let mut stray = Vec::new();
        scan_words("a \u{200B} b", &mut Vec::new(), &mut stray);
        assert_eq!(stray.len(), 1);
    }

    #[test]
    fn apostrophes_inside_words() {
        assert_eq!(words("don't 'quoted'"), ["don't", "quoted"]);
    }
}
