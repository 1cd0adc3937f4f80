//! Cognate skeletons: what a loanword or a name keeps across Kazakh, Russian and English.
//!
//! `портал`, `порталы` and `portal`; `Қазақстан` and `Kazakhstan`; `электрондық`,
//! `электронного` and `electronic` share their first consonants once the letters are written in
//! the canonical Latin alphabet ([`crate::text::translit`]) and the spellings that differ between
//! the languages are folded: vowels dropped, `q`→`k`, `c`→`k`, `ğ`→`g`, `ñ`→`n`, `w`→`v`,
//! `h` dropped (Kazakh has none where English writes `kh`, `ph`, `th`), doubled letters once.
//! The skeleton is the first [`SKELETON_CONSONANTS`] consonants of a word of at least
//! [`MIN_SKELETON_LETTERS`] letters; shorter words are too often alike by chance.

use crate::text::translit::push_lowercase_canonical;

/// Consonants a skeleton keeps.
pub const SKELETON_CONSONANTS: usize = 4;
/// Letters a word needs to have a skeleton.
pub const MIN_SKELETON_LETTERS: usize = 5;

/// The cognate skeleton of a word, or `None` for short words and words without enough
/// consonants. `canonical` is a reusable buffer.
pub fn skeleton(word: &str, canonical: &mut String) -> Option<[u8; SKELETON_CONSONANTS]> {
    canonical.clear();
    let mut letters = 0;
    for letter in word.chars().filter(|letter| letter.is_alphabetic()) {
        letters += 1;
        push_lowercase_canonical(letter, canonical);
    }
    if letters < MIN_SKELETON_LETTERS {
        return None;
    }
    let mut out = [0u8; SKELETON_CONSONANTS];
    let mut length = 0;
    for letter in canonical.chars() {
        let folded = match letter {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ū' | 'ü' | 'h' | 'ı' => continue,
            'q' | 'c' | 'k' => b'k',
            'ğ' | 'g' => b'g',
            'ñ' | 'n' => b'n',
            'w' | 'v' => b'v',
            'ş' => b's',
            'ç' => b'c',
            letter if letter.is_ascii_lowercase() => letter as u8,
            _ => continue,
        };
        if length > 0 && out[length - 1] == folded {
            continue;
        }
        out[length] = folded;
        length += 1;
        if length == SKELETON_CONSONANTS {
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(word: &str) -> Option<String> {
        skeleton(word, &mut String::new()).map(|letters| String::from_utf8_lossy(&letters).into_owned())
    }

    #[test]
    fn loanwords_and_names_share_their_skeleton_across_the_languages() {
        assert_eq!(of("порталы"), of("portal"));
        assert_eq!(of("Қазақстанның"), of("Kazakhstan"));
        assert_eq!(of("электрондық"), of("electronic"));
        assert_eq!(of("электронного"), of("electronic"));
        assert_eq!(of("коммуналдық"), of("коммунального"));
        assert_ne!(of("мемлекеттік"), of("государственный"));
        assert_eq!(of("сала"), None, "short words have none");
    }
}
