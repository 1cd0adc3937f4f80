//! A tolerant parser for the CMap streams found in PDF fonts: `/ToUnicode` maps (code → text)
//! and embedded `/Encoding` CMaps of composite fonts (code → CID, and the codespace that says how
//! many bytes each code takes).
//!
//! It reads `begincodespacerange`, `beginbfchar`, `beginbfrange` (both forms), `begincidchar`
//! and `begincidrange`, skips everything else, and bounds the work on hostile input. It knows
//! nothing about fonts, widths or the page; it takes bytes, not lopdf objects.

use std::collections::HashMap;

/// Most code → text entries one CMap may define (a full CJK font needs about 65 000).
const MAX_ENTRIES: usize = 200_000;
/// Most tokens read from one CMap stream.
const MAX_TOKENS: usize = 2_000_000;

/// One codespace range: codes of `length` bytes whose every byte lies between the bytes of
/// `low` and `high` at the same position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Codespace {
    length: usize,
    low: [u8; 4],
    high: [u8; 4],
}

/// A parsed CMap.
#[derive(Clone, Debug, Default)]
pub(crate) struct CMap {
    codespaces: Vec<Codespace>,
    /// Text of each code, keyed by (code length in bytes, code).
    unicode: HashMap<(u8, u32), String>,
    /// CID ranges `(code length, first code, last code, first CID)`.
    cid_ranges: Vec<(u8, u32, u32, u32)>,
}

impl CMap {
    /// Parses a CMap stream; never fails (a damaged CMap gives fewer entries).
    pub fn parse(data: &[u8]) -> CMap {
        let tokens = tokenize(data);
        let mut cmap = CMap::default();
        let mut index = 0;
        while index < tokens.len() {
            match &tokens[index] {
                Token::Word(word) if word == b"begincodespacerange" => {
                    index = cmap.read_codespaces(&tokens, index + 1);
                }
                Token::Word(word) if word == b"beginbfchar" => index = cmap.read_bfchars(&tokens, index + 1),
                Token::Word(word) if word == b"beginbfrange" => {
                    index = cmap.read_bfranges(&tokens, index + 1)
                }
                Token::Word(word) if word == b"begincidchar" || word == b"begincidrange" => {
                    index = cmap.read_cids(&tokens, index + 1, word == b"begincidrange");
                }
                _ => index += 1,
            }
        }
        cmap
    }

    /// True when the CMap maps no code to text.
    pub fn has_no_text(&self) -> bool {
        self.unicode.is_empty()
    }

    /// True when the CMap declares its codespace.
    pub fn has_codespace(&self) -> bool {
        !self.codespaces.is_empty()
    }

    /// The text a code maps to.
    pub fn text_of(&self, code: u32, length: usize) -> Option<&str> {
        self.unicode.get(&(length as u8, code)).map(String::as_str)
    }

    /// The CID of a code, from `cidchar`/`cidrange` entries.
    pub fn cid_of(&self, code: u32, length: usize) -> Option<u32> {
        self.cid_ranges
            .iter()
            .find(|(range_length, first, last, _)| {
                usize::from(*range_length) == length && *first <= code && code <= *last
            })
            .map(|(_, first, _, first_cid)| first_cid.saturating_add(code - first))
    }

    /// Splits off the next code from `bytes` by the codespace: returns `(code, length)`.
    /// Without a codespace, or when no range matches, `default_length` bytes are taken.
    pub fn next_code(&self, bytes: &[u8], default_length: usize) -> (u32, usize) {
        for length in 1..=4usize {
            if bytes.len() < length {
                break;
            }
            let matches = self.codespaces.iter().any(|space| {
                space.length == length
                    && (0..length).all(|i| space.low[i] <= bytes[i] && bytes[i] <= space.high[i])
            });
            if matches {
                return (code_value(&bytes[..length]), length);
            }
        }
        let length = default_length.clamp(1, 4).min(bytes.len()).max(1);
        (code_value(&bytes[..length.min(bytes.len())]), length)
    }

    fn read_codespaces(&mut self, tokens: &[Token], mut index: usize) -> usize {
        while let (Some(Token::Bytes(low)), Some(Token::Bytes(high))) =
            (tokens.get(index), tokens.get(index + 1))
        {
            if (1..=4).contains(&low.len()) && low.len() == high.len() {
                let mut space = Codespace { length: low.len(), low: [0; 4], high: [0; 4] };
                space.low[..low.len()].copy_from_slice(low);
                space.high[..high.len()].copy_from_slice(high);
                self.codespaces.push(space);
            }
            index += 2;
        }
        index
    }

    fn read_bfchars(&mut self, tokens: &[Token], mut index: usize) -> usize {
        loop {
            match (tokens.get(index), tokens.get(index + 1)) {
                (Some(Token::Bytes(source)), Some(Token::Bytes(target))) => {
                    self.insert(source, decode_utf16be(target));
                }
                (Some(Token::Bytes(source)), Some(Token::Name(name))) => {
                    if let Some(text) = super::encoding::text_of_glyph_name(name) {
                        self.insert(source, text);
                    }
                }
                _ => return index,
            }
            index += 2;
        }
    }

    fn read_bfranges(&mut self, tokens: &[Token], mut index: usize) -> usize {
        loop {
            let (Some(Token::Bytes(low)), Some(Token::Bytes(high))) =
                (tokens.get(index), tokens.get(index + 1))
            else {
                return index;
            };
            if low.len() != high.len() || !(1..=4).contains(&low.len()) {
                return index;
            }
            let (first, last) = (code_value(low), code_value(high));
            let count = last.saturating_sub(first) as usize + 1;
            match tokens.get(index + 2) {
                Some(Token::Bytes(target)) => {
                    let base: Vec<u16> = utf16_units(target);
                    for offset in 0..count.min(65_536) {
                        let mut units = base.clone();
                        if let Some(unit) = units.last_mut() {
                            *unit = unit.wrapping_add(offset as u16);
                        }
                        self.insert_code(low.len(), first + offset as u32, String::from_utf16_lossy(&units));
                    }
                    index += 3;
                }
                Some(Token::ArrayStart) => {
                    index += 3;
                    let mut offset = 0u32;
                    while let Some(Token::Bytes(target)) = tokens.get(index) {
                        if (offset as usize) < count {
                            self.insert_code(low.len(), first + offset, decode_utf16be(target));
                        }
                        offset += 1;
                        index += 1;
                    }
                    if let Some(Token::ArrayEnd) = tokens.get(index) {
                        index += 1;
                    }
                }
                _ => return index,
            }
        }
    }

    fn read_cids(&mut self, tokens: &[Token], mut index: usize, ranges: bool) -> usize {
        loop {
            let Some(Token::Bytes(low)) = tokens.get(index) else { return index };
            let high = if ranges {
                match tokens.get(index + 1) {
                    Some(Token::Bytes(high)) => high,
                    _ => return index,
                }
            } else {
                low
            };
            let cid_index = if ranges { index + 2 } else { index + 1 };
            let Some(Token::Word(word)) = tokens.get(cid_index) else { return index };
            let Some(cid) = std::str::from_utf8(word).ok().and_then(|text| text.parse::<u32>().ok()) else {
                return index;
            };
            if (1..=4).contains(&low.len()) && self.cid_ranges.len() < MAX_ENTRIES {
                self.cid_ranges.push((low.len() as u8, code_value(low), code_value(high), cid));
            }
            index = cid_index + 1;
        }
    }

    fn insert(&mut self, source: &[u8], text: String) {
        if (1..=4).contains(&source.len()) {
            self.insert_code(source.len(), code_value(source), text);
        }
    }

    fn insert_code(&mut self, length: usize, code: u32, text: String) {
        if self.unicode.len() < MAX_ENTRIES {
            self.unicode.insert((length as u8, code), text);
        }
    }
}

/// The big-endian value of a code of 1 to 4 bytes.
fn code_value(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |value, byte| (value << 8) | u32::from(*byte))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == 1 {
        return vec![u16::from(bytes[0])];
    }
    bytes.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]])).collect()
}

/// Decodes a CMap destination string (UTF-16BE; a lone byte is taken as one code unit).
fn decode_utf16be(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(bytes))
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// A hex or literal string.
    Bytes(Vec<u8>),
    Name(Vec<u8>),
    /// A number or keyword.
    Word(Vec<u8>),
    ArrayStart,
    ArrayEnd,
}

fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut index = 0;
    while index < data.len() && tokens.len() < MAX_TOKENS {
        let byte = data[index];
        match byte {
            b'%' => {
                while index < data.len() && data[index] != b'\n' && data[index] != b'\r' {
                    index += 1;
                }
            }
            b'<' if data.get(index + 1) == Some(&b'<') => index += 2,
            b'>' => index += 1,
            b'<' => {
                let end = data[index..].iter().position(|&b| b == b'>').map_or(data.len(), |p| index + p);
                tokens.push(Token::Bytes(parse_hex(&data[index + 1..end])));
                index = end + 1;
            }
            b'(' => {
                let (bytes, next) = parse_literal(data, index + 1);
                tokens.push(Token::Bytes(bytes));
                index = next;
            }
            b'[' => {
                tokens.push(Token::ArrayStart);
                index += 1;
            }
            b']' => {
                tokens.push(Token::ArrayEnd);
                index += 1;
            }
            b'/' => {
                let end = word_end(data, index + 1);
                tokens.push(Token::Name(data[index + 1..end].to_vec()));
                index = end;
            }
            _ if byte.is_ascii_whitespace() || byte == 0 => index += 1,
            _ => {
                let end = word_end(data, index).max(index + 1);
                tokens.push(Token::Word(data[index..end].to_vec()));
                index = end;
            }
        }
    }
    tokens
}

fn word_end(data: &[u8], start: usize) -> usize {
    data[start..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b"[]<>()/%{}".contains(&b) || b == 0)
        .map_or(data.len(), |p| start + p)
}

fn parse_hex(digits: &[u8]) -> Vec<u8> {
    let nibbles: Vec<u8> = digits
        .iter()
        .filter_map(|&b| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        })
        .collect();
    nibbles.chunks(2).map(|pair| (pair[0] << 4) | pair.get(1).copied().unwrap_or(0)).collect()
}

/// Reads a literal string starting after its `(`; returns the bytes and the index after `)`.
fn parse_literal(data: &[u8], mut index: usize) -> (Vec<u8>, usize) {
    let mut bytes = Vec::new();
    let mut depth = 0usize;
    while index < data.len() {
        let byte = data[index];
        index += 1;
        match byte {
            b'\\' => {
                if let Some(&escaped) = data.get(index) {
                    index += 1;
                    match escaped {
                        b'n' => bytes.push(b'\n'),
                        b'r' => bytes.push(b'\r'),
                        b't' => bytes.push(b'\t'),
                        b'0'..=b'7' => {
                            let mut value = u32::from(escaped - b'0');
                            for _ in 0..2 {
                                match data.get(index) {
                                    Some(&digit @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(digit - b'0');
                                        index += 1;
                                    }
                                    _ => break,
                                }
                            }
                            bytes.push(value as u8);
                        }
                        other => bytes.push(other),
                    }
                }
            }
            b'(' => {
                depth += 1;
                bytes.push(byte);
            }
            b')' if depth == 0 => return (bytes, index),
            b')' => {
                depth -= 1;
                bytes.push(byte);
            }
            _ => bytes.push(byte),
        }
    }
    (bytes, index)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        2 beginbfchar <0003> <0020> <01C7> <04D9> endbfchar
        2 beginbfrange <0010> <0012> <0041> <0020> <0021> [<00660069> <FB02>] endbfrange
        endcmap";

    #[test]
    fn reads_chars_ranges_and_arrays() {
        let cmap = CMap::parse(SAMPLE);
        assert_eq!(cmap.text_of(0x01C7, 2), Some("ә"));
        assert_eq!(cmap.text_of(0x0012, 2), Some("C"));
        assert_eq!(cmap.text_of(0x0020, 2), Some("fi"));
        assert_eq!(cmap.text_of(0x0021, 2), Some("\u{FB02}"));
        assert_eq!(cmap.text_of(0x0003, 1), None);
    }

    #[test]
    fn splits_codes_by_the_codespace() {
        let cmap = CMap::parse(SAMPLE);
        assert_eq!(cmap.next_code(&[0x01, 0xC7, 0x00], 1), (0x01C7, 2));
        assert_eq!(CMap::default().next_code(&[0x41, 0x42], 1), (0x41, 1));
        assert_eq!(CMap::default().next_code(&[0x41], 2), (0x41, 1));
    }

    #[test]
    fn survives_garbage() {
        for data in
            [&b"beginbfrange <00> endbfrange"[..], b"<<<(((", b"begincidrange <00> <FF>", b"\xff\xfe)"]
        {
            let _ = CMap::parse(data);
        }
    }
}
