//! Plain-text extraction: decoding bytes of unknown encoding into text, or refusing binary data.
//!
//! This module owns encoding detection for text files: UTF-8 (with or without BOM), UTF-16 with
//! a BOM (and BOM-less UTF-16 when its zero bytes give it away), and the legacy single-byte
//! encodings still found in older Russian and Kazakh files: Windows-1251, its Kazakh variant
//! KZ-1048 and KOI8-R, told apart by Cyrillic letter frequencies, not guessed. English text
//! saved as Windows-1252 is read too. A legacy decode adds [`ExtractWarning::LegacyEncoding`].
//! Line ends become `\n`. It knows nothing about other formats or about what happens to the text.

use super::{ExtractError, ExtractLimits};
use crate::model::{DocumentFormat, ExtractWarning, ExtractedDocument};
use encoding_rs::{Encoding, KOI8_R, UTF_16BE, UTF_16LE, WINDOWS_1251, WINDOWS_1252};

/// Decoded text is refused as binary when more than this many characters per thousand are
/// control characters or undecodable bytes.
const MAX_BAD_CHARACTERS_PER_MILLE: usize = 10;

/// A legacy Cyrillic decode is accepted only when the letters it produces are, on average, as
/// frequent as letters of real Russian or Kazakh text. Uniformly random Cyrillic letters
/// average about 0.03; real text averages above 0.05 (the sum of squared letter frequencies).
const MIN_CYRILLIC_FREQUENCY_SCORE: f64 = 0.04;

pub(crate) fn extract_plain(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    let decoded = decode_text(bytes)?;
    let text = normalize_line_ends(&decoded.text);
    refuse_binary(&text)?;
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    if text.len() as u64 > limits.max_text_bytes {
        return Err(ExtractError::TooComplex {
            reason: format!("the text is longer than {} bytes", limits.max_text_bytes),
        });
    }
    let mut document = ExtractedDocument::plain(DocumentFormat::Txt, text);
    if let Some(encoding) = decoded.legacy_encoding {
        document.warnings.push(ExtractWarning::LegacyEncoding { encoding: encoding.to_string() });
    }
    Ok(document)
}

/// Text decoded from bytes, with the name of the legacy encoding it came from, if any.
struct DecodedText {
    text: String,
    legacy_encoding: Option<&'static str>,
}

fn decode_text(bytes: &[u8]) -> Result<DecodedText, ExtractError> {
    let unicode = |text: String| Ok(DecodedText { text, legacy_encoding: None });
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return unicode(String::from_utf8_lossy(rest).into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return unicode(decode_with(UTF_16LE, rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return unicode(decode_with(UTF_16BE, rest));
    }
    if let Some(encoding) = bomless_utf16(bytes) {
        let text = decode_with(encoding, bytes);
        if mostly_letters_and_spaces(&text) {
            return unicode(text);
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return unicode(text.to_string());
    }
    decode_legacy(bytes)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// UTF-16 without a BOM shows itself by zero bytes at one parity only (the high bytes of
/// spaces, digits and Latin letters) and none at the other.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 8 || bytes.len() % 2 != 0 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zeros_at_even = bytes.iter().step_by(2).filter(|&&byte| byte == 0).count();
    let zeros_at_odd = bytes.iter().skip(1).step_by(2).filter(|&&byte| byte == 0).count();
    let many = |zeros: usize| zeros * 10 >= pairs;
    if many(zeros_at_odd) && zeros_at_even == 0 {
        Some(UTF_16LE)
    } else if many(zeros_at_even) && zeros_at_odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when at least 80 % of the characters are letters, digits, whitespace or punctuation:
/// a guard against binary data whose zero bytes happen to look like UTF-16.
fn mostly_letters_and_spaces(text: &str) -> bool {
    let mut total = 0usize;
    let mut plausible = 0usize;
    for character in text.chars() {
        total += 1;
        if character.is_alphanumeric() || character.is_whitespace() || character.is_ascii_punctuation() {
            plausible += 1;
        }
    }
    plausible * 5 >= total * 4
}

/// Bytes 0x80..=0xFF that KZ-1048 (the Kazakh standard code page) maps differently from
/// Windows-1251, with their KZ-1048 characters. Everything else is the same in both.
const KZ1048_DIFFERENCES: [(u8, char); 16] = [
    (0x8D, 'Қ'),
    (0x8E, 'Һ'),
    (0x9D, 'қ'),
    (0x9E, 'һ'),
    (0xA1, 'Ұ'),
    (0xA2, 'ұ'),
    (0xA3, 'Ә'),
    (0xA5, 'Ө'),
    (0xAA, 'Ғ'),
    (0xAF, 'Ү'),
    (0xB4, 'ө'),
    (0xBA, 'ғ'),
    (0xBC, 'ә'),
    (0xBD, 'Ң'),
    (0xBE, 'ң'),
    (0xBF, 'ү'),
];

/// A single-byte encoding as a table of its upper half.
struct SingleByteTable {
    name: &'static str,
    upper_half: [char; 128],
}

impl SingleByteTable {
    fn from_encoding(name: &'static str, encoding: &'static Encoding) -> Self {
        let mut upper_half = ['\u{FFFD}'; 128];
        for (index, slot) in upper_half.iter_mut().enumerate() {
            let byte = [0x80 + index as u8];
            let decoded = encoding.decode_without_bom_handling(&byte).0;
            *slot = decoded.chars().next().unwrap_or('\u{FFFD}');
        }
        SingleByteTable { name, upper_half }
    }

    fn kz1048() -> Self {
        let mut table = SingleByteTable::from_encoding("KZ-1048", WINDOWS_1251);
        for (byte, character) in KZ1048_DIFFERENCES {
            table.upper_half[usize::from(byte - 0x80)] = character;
        }
        table
    }

    fn decode(&self, bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(
                |&byte| {
                    if byte < 0x80 {
                        char::from(byte)
                    } else {
                        self.upper_half[usize::from(byte - 0x80)]
                    }
                },
            )
            .collect()
    }

    /// The mean letter frequency of the characters the high bytes decode to (0 for
    /// non-letters), weighted by how often each byte occurs.
    fn cyrillic_frequency_score(&self, high_byte_counts: &[usize; 128]) -> f64 {
        let total: usize = high_byte_counts.iter().sum();
        if total == 0 {
            return 0.0;
        }
        let weighted: f64 = high_byte_counts
            .iter()
            .zip(self.upper_half.iter())
            .map(|(&count, &character)| count as f64 * cyrillic_letter_frequency(character))
            .sum();
        weighted / total as f64
    }
}

/// Approximate frequency of a letter in Russian and Kazakh running text (case-insensitive).
fn cyrillic_letter_frequency(character: char) -> f64 {
    let lower = character.to_lowercase().next().unwrap_or(character);
    match lower {
        'о' => 0.110,
        'е' => 0.085,
        'а' => 0.080,
        'и' => 0.073,
        'н' => 0.067,
        'т' => 0.063,
        'с' => 0.055,
        'р' => 0.047,
        'в' => 0.045,
        'л' => 0.044,
        'к' => 0.035,
        'м' => 0.032,
        'д' => 0.030,
        'п' => 0.028,
        'у' => 0.026,
        'ы' => 0.020,
        'я' => 0.020,
        'ь' => 0.017,
        'г' => 0.017,
        'з' => 0.016,
        'б' => 0.016,
        'ч' => 0.014,
        'й' => 0.012,
        'х' => 0.010,
        'ж' => 0.009,
        'ш' => 0.007,
        'ю' => 0.006,
        'ц' => 0.005,
        'щ' => 0.004,
        'э' => 0.003,
        'ф' => 0.003,
        'ъ' | 'ё' => 0.002,
        'і' | 'қ' | 'ғ' | 'ң' | 'ұ' | 'ү' | 'ә' | 'ө' | 'һ' => 0.015,
        _ => 0.0,
    }
}

/// Decodes bytes that are not UTF-8: Windows-1251, KZ-1048 or KOI8-R when the letter
/// frequencies say Cyrillic, Windows-1252 for mostly-ASCII text with a few Western letters,
/// and a refusal otherwise.
fn decode_legacy(bytes: &[u8]) -> Result<DecodedText, ExtractError> {
    let mut high_byte_counts = [0usize; 128];
    for &byte in bytes.iter().filter(|&&byte| byte >= 0x80) {
        high_byte_counts[usize::from(byte - 0x80)] += 1;
    }
    // Ties go to the earlier candidate: KZ-1048 only wins when its Kazakh letters occur.
    let candidates = [
        SingleByteTable::from_encoding("windows-1251", WINDOWS_1251),
        SingleByteTable::kz1048(),
        SingleByteTable::from_encoding("KOI8-R", KOI8_R),
    ];
    let mut best: Option<(&SingleByteTable, f64)> = None;
    for table in &candidates {
        let score = table.cyrillic_frequency_score(&high_byte_counts);
        if best.is_none_or(|(_, best_score)| score > best_score) {
            best = Some((table, score));
        }
    }
    if let Some((table, score)) = best {
        if score >= MIN_CYRILLIC_FREQUENCY_SCORE {
            return Ok(DecodedText { text: table.decode(bytes), legacy_encoding: Some(table.name) });
        }
    }
    let western = SingleByteTable::from_encoding("windows-1252", WINDOWS_1252);
    if looks_like_western_text(bytes, &western, &high_byte_counts) {
        return Ok(DecodedText { text: western.decode(bytes), legacy_encoding: Some(western.name) });
    }
    Err(ExtractError::Unsupported { detected: "binary".into() })
}

/// Mostly-ASCII text whose few high bytes decode, in Windows-1252, to Latin letters or
/// typographic punctuation (curly quotes, dashes, the euro sign): English or another Western
/// language saved by an old Windows editor.
fn looks_like_western_text(bytes: &[u8], table: &SingleByteTable, high_byte_counts: &[usize; 128]) -> bool {
    let high_bytes: usize = high_byte_counts.iter().sum();
    let ascii_letters = bytes.iter().filter(|byte| byte.is_ascii_alphabetic()).count();
    let plausible: usize = high_byte_counts
        .iter()
        .zip(table.upper_half.iter())
        .filter(|(_, &character)| is_western_letter_or_punctuation(character))
        .map(|(&count, _)| count)
        .sum();
    ascii_letters >= 2 * high_bytes && plausible * 10 >= high_bytes * 9
}

fn is_western_letter_or_punctuation(character: char) -> bool {
    let latin_letter = character.is_alphabetic() && character < '\u{0250}';
    let punctuation = matches!(
        character,
        '\u{00A0}'..='\u{00BF}' | '\u{00D7}' | '\u{00F7}' | '\u{2013}'..='\u{2026}' | '\u{20AC}' | '\u{2122}'
    );
    latin_letter || punctuation
}

/// Turns CRLF and lone CR line ends into LF.
fn normalize_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Refuses text with too many control characters or undecodable bytes: it is binary data.
fn refuse_binary(text: &str) -> Result<(), ExtractError> {
    let mut total = 0usize;
    let mut bad = 0usize;
    for character in text.chars() {
        total += 1;
        let is_bad = match character {
            '\t' | '\n' | '\u{000C}' => false,
            '\u{FFFD}' => true,
            other => other.is_control(),
        };
        if is_bad {
            bad += 1;
        }
    }
    if bad * 1000 > total * MAX_BAD_CHARACTERS_PER_MILLE {
        return Err(ExtractError::Unsupported { detected: "binary".into() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (String, Vec<ExtractWarning>) {
        let document = extract_plain(bytes, &ExtractLimits::DEFAULT).expect("text");
        (document.text, document.warnings)
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        assert_eq!(decode(b"a\r\nb\rc\n").0, "a\nb\nc\n");
    }

    #[test]
    fn russian_in_koi8_is_not_taken_for_windows_1251() {
        let (encoded, _, _) = KOI8_R.encode("Привет, как дела? Это простой русский текст.");
        let (text, warnings) = decode(&encoded);
        assert_eq!(text, "Привет, как дела? Это простой русский текст.");
        assert_eq!(warnings, vec![ExtractWarning::LegacyEncoding { encoding: "KOI8-R".into() }]);
    }

    #[test]
    fn random_high_bytes_are_binary() {
        let bytes: Vec<u8> = (0..4000u32).map(|index| (index * 7919 % 251) as u8).collect();
        assert_eq!(
            extract_plain(&bytes, &ExtractLimits::DEFAULT).map(|document| document.text),
            Err(ExtractError::Unsupported { detected: "binary".into() })
        );
    }
}
