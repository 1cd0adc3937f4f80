//! The tantivy tokenizer behind staff full-text search: Kazakh-, Russian- and English-aware.
//!
//! Words are runs of letters, digits and combining marks. Each word is NFC-normalized,
//! lowercased and folded, but only in ways that are safe for Kazakh: `ё` becomes `е` (as in
//! ordinary Russian spelling), look-alike letters from other alphabets become the Kazakh letter
//! they imitate (Latin `ə` → `ә`, barred `ɵ` → `ө`, and Latin `a e o p c x y i` inside a
//! Cyrillic word → Cyrillic), while distinct Kazakh letters are never merged with Russian ones
//! (`ә ө ү ұ қ ғ ң і һ` stay themselves). There is no stemming.
//!
//! This tokenizer only serves search; fingerprints come from `crate::text`, which has its own
//! normalization. It knows nothing else about the index.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The name under which the tokenizer is registered on every opened index.
pub const TOKENIZER_NAME: &str = "adal_text";

/// Words longer than this many bytes are garbage (tables without spaces, base64) and skipped.
const MAX_WORD_BYTES: usize = 200;

/// Splits text into folded words; see the module documentation.
#[derive(Clone, Default)]
pub struct AdalTokenizer {
    token: Token,
}

/// The token stream of one text.
pub struct AdalTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl Tokenizer for AdalTokenizer {
    type TokenStream<'a> = AdalTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AdalTokenStream<'a> {
        self.token.reset();
        AdalTokenStream { text, cursor: 0, token: &mut self.token }
    }
}

fn is_word_char(character: char) -> bool {
    match character {
        _ if character.is_ascii() => character.is_ascii_alphanumeric(),
        // Fast path for Cyrillic letters (U+0482..U+0489 are a sign and combining marks).
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => true,
        _ => character.is_alphanumeric() || is_combining_mark(character),
    }
}

impl TokenStream for AdalTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while self.cursor < self.text.len() {
            let rest = &self.text[self.cursor..];
            let Some(start_in_rest) = rest.find(is_word_char) else {
                self.cursor = self.text.len();
                return false;
            };
            let word_start = self.cursor + start_in_rest;
            let word_len = self.text[word_start..]
                .find(|character: char| !is_word_char(character))
                .unwrap_or(self.text.len() - word_start);
            let word_end = word_start + word_len;
            self.cursor = word_end;
            if word_len > MAX_WORD_BYTES {
                continue;
            }
            self.token.offset_from = word_start;
            self.token.offset_to = word_end;
            self.token.position = self.token.position.wrapping_add(1);
            fold_word_into(&self.text[word_start..word_end], &mut self.token.text);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The folded form of one word, as it is indexed and searched.
pub fn fold_word(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    fold_word_into(word, &mut folded);
    folded
}

fn fold_word_into(word: &str, output: &mut String) {
    output.clear();
    let has_cyrillic = word.chars().any(is_cyrillic);
    let mut push_folded = |character: char| match character {
        'A'..='Z' | 'А'..='Я' => output.push(fold_char(lowercase_simple(character), has_cyrillic)),
        _ if character.is_ascii() || ('а'..='я').contains(&character) => {
            output.push(fold_char(character, has_cyrillic))
        }
        _ => {
            for lower in character.to_lowercase() {
                output.push(fold_char(lower, has_cyrillic));
            }
        }
    };
    // Letters below U+0300 and precomposed Cyrillic letters never need composing.
    let surely_composed = word.chars().all(|character| {
        character < '\u{0300}'
            || ('\u{0400}'..='\u{0482}').contains(&character)
            || ('\u{048A}'..='\u{052F}').contains(&character)
    });
    if surely_composed || is_nfc_quick(word.chars()) == IsNormalized::Yes {
        word.chars().for_each(&mut push_folded);
    } else {
        word.nfc().for_each(&mut push_folded);
    }
}

/// Lowercase of a basic Latin or Russian capital letter.
fn lowercase_simple(character: char) -> char {
    match character {
        'A'..='Z' => character.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(character as u32 + 0x20).unwrap_or(character),
        other => other,
    }
}

fn is_cyrillic(character: char) -> bool {
    matches!(character, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// Folds one lowercase character. Latin look-alikes are only folded inside Cyrillic words, so
/// English words are untouched.
fn fold_char(character: char, in_cyrillic_word: bool) -> char {
    match character {
        'ё' => 'е',
        // Latin schwa and barred o are common stand-ins for the Kazakh letters in old fonts.
        'ə' => 'ә',
        'ɵ' => 'ө',
        // Khakas/Altai en with hook or ligature typed for Kazakh ң.
        'ӊ' | 'ҥ' => 'ң',
        'a' if in_cyrillic_word => 'а',
        'e' if in_cyrillic_word => 'е',
        'o' if in_cyrillic_word => 'о',
        'p' if in_cyrillic_word => 'р',
        'c' if in_cyrillic_word => 'с',
        'x' if in_cyrillic_word => 'х',
        'y' if in_cyrillic_word => 'у',
        'i' if in_cyrillic_word => 'і',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = AdalTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut found = Vec::new();
        while stream.advance() {
            let token = stream.token();
            found.push((token.text.clone(), token.offset_from, token.offset_to));
        }
        found
    }

    fn check_fold(word: &str, expected: &str) {
        assert_eq!(fold_word(word), expected, "folding {word:?}");
    }

    #[test]
    fn folding_keeps_kazakh_letters_distinct() {
        check_fold("ҚАЗАҚСТАН", "қазақстан");
        check_fold("Әлемдік", "әлемдік");
        check_fold("ӨНЕР", "өнер");
        check_fold("Ұлттық", "ұлттық");
        check_fold("ҮЙ", "үй");
        check_fold("Ёлка", "елка");
        check_fold("Zhanar", "zhanar");
    }

    #[test]
    fn homoglyph_inside_kazakh_word() {
        // Latin "a" and "i" typed inside a Cyrillic word.
        check_fold("қaзaқ", "қазақ");
        check_fold("бiлiм", "білім");
        check_fold("əлем", "әлем");
    }

    #[test]
    fn decomposed_letters_are_composed() {
        // "й" written as "и" + combining breve stays one word.
        let found = tokens("мои\u{0306} дом");
        assert_eq!(found[0].0, "мой");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Абай, «Қара сөздер».";
        let found = tokens(text);
        let words: Vec<&str> = found.iter().map(|(_, from, to)| &text[*from..*to]).collect();
        assert_eq!(words, ["Абай", "Қара", "сөздер"]);
    }

    #[test]
    fn empty_and_punctuation_only_texts_have_no_tokens() {
        assert!(tokens("").is_empty());
        assert!(tokens(" … — !").is_empty());
    }
}
