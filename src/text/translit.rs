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
    if lower.is_ascii() {
        out.push(lower);
        return;
    }
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
        _ => {
            out.push(lower);
            return;
        }
    };
    out.push_str(mapped);
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
