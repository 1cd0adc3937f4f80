//! Telling Kazakh, Russian and English text apart by their letters.

use crate::model::DocLang;

/// The language of a text: Kazakh if Kazakh-only letters (Cyrillic ә ғ қ ң ө ұ ү һ і or the 2021
/// Latin ä ğ q ñ ö ū ü ş ı) make up a noticeable share of its letters, else Russian or English by
/// the majority script, else `Other`. Reads at most the first 200 kB.
pub fn detect_language(text: &str) -> DocLang {
    let sample = match text.char_indices().nth(200_000) {
        Some((offset, _)) => &text[..offset],
        None => text,
    };
    let (mut latin, mut cyrillic, mut kazakh_cyrillic, mut kazakh_latin, mut other) =
        (0u32, 0u32, 0u32, 0u32, 0u32);
    for character in sample.chars() {
        if !character.is_alphabetic() {
            continue;
        }
        match character {
            'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і' | 'Ә' | 'Ғ' | 'Қ' | 'Ң' | 'Ө' | 'Ұ' | 'Ү'
            | 'Һ' | 'І' => {
                kazakh_cyrillic += 1;
                cyrillic += 1;
            }
            'ä' | 'ğ' | 'ñ' | 'ö' | 'ū' | 'ü' | 'ş' | 'ı' | 'Ä' | 'Ğ' | 'Ñ' | 'Ö' | 'Ū' | 'Ü' | 'Ş' =>
            {
                kazakh_latin += 1;
                latin += 1;
            }
            '\u{0400}'..='\u{04FF}' => cyrillic += 1,
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
            _ => other += 1,
        }
    }
    let letters = latin + cyrillic + other;
    if letters == 0 {
        return DocLang::Other;
    }
    if cyrillic >= latin && cyrillic >= other {
        // Kazakh-only letters are 5–10% of Kazakh text and absent from Russian.
        return if kazakh_cyrillic * 100 >= cyrillic { DocLang::Kk } else { DocLang::Ru };
    }
    if latin >= other {
        return if kazakh_latin * 50 >= latin { DocLang::Kk } else { DocLang::En };
    }
    DocLang::Other
}
