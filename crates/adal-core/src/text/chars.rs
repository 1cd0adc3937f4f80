//! Character classes the normalizer needs: invisible characters, word glue, scripts and
//! look-alike letters.
//!
//! Everything here is a pure function of one `char`; the tables are small `match`es the compiler
//! turns into jump tables.

/// The script of a letter, as far as homoglyph folding cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    Latin,
    Cyrillic,
}

/// Characters that render as nothing and are used to break up words: removed and counted.
pub fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{180E}' // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space, non-joiner, joiner, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidirectional embeddings
            | '\u{2060}'..='\u{2064}' // word joiner and invisible operators
            | '\u{2066}'..='\u{2069}' // bidirectional isolates
            | '\u{FEFF}' // zero-width no-break space (BOM)
    )
}

/// Hyphens that join two halves of a word (a compound or a line-end break).
pub fn is_joining_hyphen(character: char) -> bool {
    matches!(character, '-' | '\u{2010}' | '\u{2011}')
}

/// Apostrophes that stay inside a word ("don't", old Kazakh Latin spellings).
pub fn is_apostrophe(character: char) -> bool {
    matches!(character, '\'' | '\u{2019}' | '\u{02BC}')
}

/// True for characters that make up words: letters, digits and combining marks.
#[inline]
pub fn is_word_character(character: char) -> bool {
    if character.is_ascii() {
        return character.is_ascii_alphanumeric();
    }
    // Fast paths for the Cyrillic block and Latin-1/Latin Extended letters, which are almost all
    // of kk/ru/en text; Unicode's tables (a slow binary search) only for the rest.
    if ('\u{0400}'..='\u{04FF}').contains(&character) {
        return true;
    }
    if ('\u{00C0}'..='\u{024F}').contains(&character) {
        return character != '\u{00D7}' && character != '\u{00F7}';
    }
    character.is_alphanumeric() || is_combining_mark(character)
}

/// True for letters, with the same fast paths as [`is_word_character`].
#[inline]
pub fn is_letter(character: char) -> bool {
    if character.is_ascii() {
        return character.is_ascii_alphabetic();
    }
    if ('\u{0400}'..='\u{0481}').contains(&character) || ('\u{048A}'..='\u{04FF}').contains(&character) {
        return true;
    }
    if ('\u{00C0}'..='\u{024F}').contains(&character) {
        return character != '\u{00D7}' && character != '\u{00F7}';
    }
    character.is_alphabetic()
}

/// Combining marks of the ranges that occur in kk/ru/en text (decomposed й, ё, accents).
pub fn is_combining_mark(character: char) -> bool {
    matches!(character, '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// The script of a letter, if it is Latin or Cyrillic.
#[inline]
pub fn script_of(character: char) -> Option<Script> {
    match character {
        'a'..='z' | 'A'..='Z' => Some(Script::Latin),
        '\u{00C0}'..='\u{024F}' if character != '\u{00D7}' && character != '\u{00F7}' => Some(Script::Latin),
        '\u{0250}'..='\u{02AF}' => Some(Script::Latin), // IPA extensions: ə, ɵ
        '\u{1E00}'..='\u{1EFF}' => Some(Script::Latin),
        '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}' => Some(Script::Cyrillic),
        _ => None,
    }
}

/// The Latin letter a Cyrillic letter looks like, if any (case-sensitive).
pub const fn latin_twin(character: char) -> Option<char> {
    Some(match character {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'һ' => 'h',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'ә' => 'ə',
        'ө' => 'ɵ',
        'ё' => 'ë',
        'ї' => 'ï',
        'ү' => 'y',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'Ү' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'Һ' => 'H',
        'Ә' => 'Ə',
        'Ө' => 'Ɵ',
        'Ё' => 'Ë',
        'Ї' => 'Ï',
        'Ԛ' => 'Q',
        'Ԝ' => 'W',
        _ => return None,
    })
}

/// The Cyrillic letter a Latin letter looks like, if any (case-sensitive). Where two Cyrillic
/// letters share a Latin twin (у and ү for y) the common Russian/Kazakh one is returned.
pub const fn cyrillic_twin(character: char) -> Option<char> {
    Some(match character {
        'a' => 'а',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'c' => 'с',
        'y' => 'у',
        'x' => 'х',
        'i' => 'і',
        'j' => 'ј',
        's' => 'ѕ',
        'h' => 'һ',
        'd' => 'ԁ',
        'q' => 'ԛ',
        'w' => 'ԝ',
        'l' => 'ӏ',
        'ə' => 'ә',
        'ɵ' => 'ө',
        'ë' => 'ё',
        'ï' => 'ї',
        'A' => 'А',
        'B' => 'В',
        'E' => 'Е',
        'K' => 'К',
        'M' => 'М',
        'H' => 'Н',
        'O' => 'О',
        'P' => 'Р',
        'C' => 'С',
        'T' => 'Т',
        'X' => 'Х',
        'Y' => 'У',
        'I' => 'І',
        'J' => 'Ј',
        'S' => 'Ѕ',
        'Ə' => 'Ә',
        'Ɵ' => 'Ө',
        'Ë' => 'Ё',
        'Ï' => 'Ї',
        'Q' => 'Ԛ',
        'W' => 'Ԝ',
        _ => return None,
    })
}

/// How a letter takes part in deciding a word's script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterClass {
    /// A letter of this script with no look-alike in the other one (e.g. Cyrillic б, Latin t).
    Unique(Script),
    /// A letter of this script that has a look-alike in the other one (e.g. Cyrillic а, Latin a).
    LookAlike(Script),
    /// Not a Latin or Cyrillic letter (digits, other scripts, marks).
    Neutral,
}

/// Classifies one letter for script decisions.
#[inline]
pub fn letter_class(character: char) -> LetterClass {
    match script_of(character) {
        Some(Script::Latin) if cyrillic_twin(character).is_some() => LetterClass::LookAlike(Script::Latin),
        Some(Script::Cyrillic) if latin_twin(character).is_some() => LetterClass::LookAlike(Script::Cyrillic),
        Some(script) => LetterClass::Unique(script),
        None => LetterClass::Neutral,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twins_are_each_others_inverse_where_unambiguous() {
        for latin in "aeopcyxijshdqwlAEBKMHOPCTXYIJS".chars() {
            let cyrillic = cyrillic_twin(latin).expect("twin");
            assert_eq!(latin_twin(cyrillic), Some(latin), "{latin}");
        }
    }

    #[test]
    fn letter_classes() {
        assert_eq!(letter_class('б'), LetterClass::Unique(Script::Cyrillic));
        assert_eq!(letter_class('а'), LetterClass::LookAlike(Script::Cyrillic));
        assert_eq!(letter_class('t'), LetterClass::Unique(Script::Latin));
        assert_eq!(letter_class('a'), LetterClass::LookAlike(Script::Latin));
        assert_eq!(letter_class('7'), LetterClass::Neutral);
        assert_eq!(letter_class('қ'), LetterClass::Unique(Script::Cyrillic));
    }
}
