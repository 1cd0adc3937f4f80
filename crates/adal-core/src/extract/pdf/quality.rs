//! Judges whether a decoded text layer is real text or garbage from a broken `/ToUnicode` map.
//!
//! Adal's documents are Kazakh, Russian or English, so CJK ideographs, Hangul, private-use
//! characters and codes without any known text are unexpected. A large share of them means the
//! text layer is garbled (Ghostscript "print to PDF", fonts without Unicode information); a small
//! share is a warning. A lone private-use symbol between spaces is a bullet from a symbol font,
//! not garbage. This module knows nothing about PDF structure.

/// At or above this share of unexpected characters (per mille) the text layer is refused.
pub(crate) const GARBLED_PER_MILLE: u32 = 100;

/// Counts of a text layer's characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Quality {
    /// Characters that are not whitespace, plus glyphs whose text is unknown.
    pub visible: usize,
    /// Unexpected characters plus unknown glyphs.
    pub unexpected: usize,
}

impl Quality {
    /// Counts the characters of `text`; `unknown_glyphs` were shown but have no text at all.
    pub fn measure(text: &str, unknown_glyphs: usize) -> Quality {
        let mut quality = Quality { visible: unknown_glyphs, unexpected: unknown_glyphs };
        for word in text.split_whitespace() {
            let symbol_only = word.chars().count() <= 2 && word.chars().all(is_private_use);
            for c in word.chars() {
                quality.visible += 1;
                if is_unexpected(c) && !symbol_only {
                    quality.unexpected += 1;
                }
            }
        }
        quality
    }

    /// Unexpected characters per thousand visible ones.
    pub fn share_per_mille(&self) -> u32 {
        if self.visible == 0 {
            return 0;
        }
        ((self.unexpected as u64 * 1000) / self.visible as u64).min(1000) as u32
    }
}

fn is_private_use(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

/// Scripts and code points that do not belong in kk/ru/en text.
fn is_unexpected(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x11FF       // Hangul Jamo
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3130..=0x318F     // Hangul compatibility Jamo
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFFFD              // replacement character
        | 0x20000..=0x2FFFF   // CJK extensions B and later
    ) || is_private_use(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_decoded_to_cjk_are_counted() {
        let quality = Quality::measure("e昀케cient 昀椀ngerprinting", 0);
        assert_eq!(quality.unexpected, 4);
        assert_eq!(quality.visible, 22);
    }

    #[test]
    fn bullets_from_symbol_fonts_are_not_garbage() {
        assert_eq!(Quality::measure("\u{F0B7} item one", 0).unexpected, 0);
        assert_eq!(Quality::measure("Қазақстан Республикасы", 0).share_per_mille(), 0);
        assert_eq!(Quality::measure("", 3).share_per_mille(), 1000);
    }
}
