//! The canonical letters: every Latin and Cyrillic letter written in one Latin-based alphabet.
//!
//! Kazakh written in the 2021 Latin alphabet and the same text in Cyrillic must normalize to one
//! form, so a transliterated passage still matches its source. Cyrillic letters are therefore
//! written with the 2021 Kazakh Latin alphabet (ә→ä, ғ→ğ, қ→q, ң→ñ, ө→ö, ұ→ū, ү→ü, ш→ş, ч→ç, ж→j,
//! у→u, ы→y, х/һ→h, ц→ts, щ→şş, ю→iu, я→ia, ъ/ь dropped), and the Latin letters whose spelling
//! the reform left ambiguous are collapsed: і, и and й all become `i`, as do Latin ı and İ.
//! Russian text goes through the same table, which is harmless: both sides of a comparison are
//! canonicalized alike. Plain English letters are left as they are, so English text is not
//! damaged.

/// Appends the canonical form of one lower-case letter to `out`.
#[inline]
pub fn push_canonical(lower: char, out: &mut String) {
    let code = lower as u32;
    if code < 0x80 {
        out.push(lower);
        return;
    }
    if (0x400..0x500).contains(&code) {
        for mapped in CYRILLIC_CANONICAL[(code - 0x400) as usize] {
            if mapped != '\0' {
                out.push(mapped);
            }
        }
        return;
    }
    let mut buffer = ['\0'; 2];
    if canonical_letters(lower, &mut buffer) {
        for mapped in buffer {
            if mapped != '\0' {
                out.push(mapped);
            }
        }
    } else {
        out.push(lower);
    }
}

/// The canonical letters of the Cyrillic block, computed once at compile time.
static CYRILLIC_CANONICAL: [[char; 2]; 256] = {
    let mut table = [['\0'; 2]; 256];
    let mut offset = 0;
    while offset < 256 {
        if let Some(character) = char::from_u32(0x400 + offset as u32) {
            let mut buffer = ['\0'; 2];
            if canonical_letters(character, &mut buffer) {
                table[offset] = buffer;
            } else {
                table[offset] = [character, '\0'];
            }
        }
        offset += 1;
    }
    table
};

/// Writes the canonical letters of a lower-case letter into `out` (unused slots stay `\0`);
/// false when the letter stands for itself.
const fn canonical_letters(lower: char, out: &mut [char; 2]) -> bool {
    let mapped: &str = match lower {
        'а' => "a",
        'ә' | 'ə' => "ä",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ғ' => "ğ",
        'д' => "d",
        'е' | 'ё' | 'э' | 'ë' | 'є' => "e",
        'ж' => "j",
        'з' => "z",
        'и' | 'й' | 'і' | 'ı' | 'ї' | 'ï' => "i",
        'к' => "k",
        'қ' => "q",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'ң' => "ñ",
        'о' => "o",
        'ө' | 'ɵ' => "ö",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ұ' => "ū",
        'ү' => "ü",
        'ф' => "f",
        'х' | 'һ' => "h",
        'ц' => "ts",
        'ч' => "ç",
        'ш' => "ş",
        'щ' => "şş",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "iu",
        'я' => "ia",
        // Cyrillic look-alikes that are not Russian or Kazakh letters: their Latin twins.
        'ј' => "j",
        'ѕ' => "s",
        'ԁ' => "d",
        'ԛ' => "q",
        'ԝ' => "w",
        'ӏ' => "l",
        _ => return false,
    };
    let bytes = mapped.as_bytes();
    // The mapped strings are one or two letters; decode them by hand (const context).
    let mut index = 0;
    let mut slot = 0;
    while index < bytes.len() && slot < 2 {
        let first = bytes[index] as u32;
        let (code, width) = if first < 0x80 {
            (first, 1)
        } else {
            (((first & 0x1F) << 6) | (bytes[index + 1] as u32 & 0x3F), 2)
        };
        out[slot] = match char::from_u32(code) {
            Some(character) => character,
            None => '\0',
        };
        slot += 1;
        index += width;
    }
    true
}

/// Lower-cases Russian and Kazakh Cyrillic letters without Unicode's tables (a binary search
/// that dominated the profile); `None` for other characters.
#[inline]
fn cyrillic_lowercase(character: char) -> Option<char> {
    let code = character as u32;
    let lower = match code {
        0x0410..=0x042F => code + 0x20,
        0x0400..=0x040F => code + 0x50,
        0x0430..=0x045F => code,
        0x0492 | 0x049A | 0x04A2 | 0x04AE | 0x04B0 | 0x04BA | 0x04D8 | 0x04E8 => code + 1,
        0x0493 | 0x049B | 0x04A3 | 0x04AF | 0x04B1 | 0x04BB | 0x04D9 | 0x04E9 => code,
        _ => return None,
    };
    char::from_u32(lower)
}

/// Lower-cases one letter into `out` the way Kazakh and Russian need: `İ` becomes `i` (no
/// combining dot), everything else follows Unicode's default lower-casing.
#[inline]
pub fn push_lowercase_canonical(character: char, out: &mut String) {
    if character.is_ascii() {
        out.push(character.to_ascii_lowercase());
        return;
    }
    if character == 'İ' {
        out.push('i');
        return;
    }
    if let Some(lower) = cyrillic_lowercase(character) {
        push_canonical(lower, out);
        return;
    }
    let mut lower = character.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => push_canonical(single, out),
        (Some(first), Some(second)) => {
            push_canonical(first, out);
            push_canonical(second, out);
            for rest in lower {
                push_canonical(rest, out);
            }
        }
        (None, _) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(word: &str) -> String {
        let mut out = String::new();
        for character in word.chars() {
            push_lowercase_canonical(character, &mut out);
        }
        out
    }

    #[test]
    fn kazakh_cyrillic_and_2021_latin_meet() {
        let pairs = [
            ("Қазақстан", "Qazaqstan"),
            ("өнеркәсібі", "önerkäsıbı"),
            ("ұлттық", "ūlttyq"),
            ("үйрену", "üirenu"),
            ("шешім", "şeşım"),
            ("ғылыми", "ğylymi"),
            ("жаңа", "jaña"),
            ("Ішкі", "Işkı"),
            ("және", "jäne"),
            ("шаруашылығы", "şaruaşylyğy"),
        ];
        for (cyrillic, latin) in pairs {
            assert_eq!(canonical(cyrillic), canonical(latin), "{cyrillic} / {latin}");
        }
    }

    #[test]
    fn english_is_left_alone() {
        assert_eq!(canonical("Plagiarism"), "plagiarism");
        assert_eq!(canonical("IDENTITY"), "identity");
    }

    #[test]
    fn dotted_capital_i_has_no_combining_dot() {
        assert_eq!(canonical("İnternet"), "internet");
    }
}
