//! The 4-bit weights and the integer matrix product, as in `e5.c`: weights are Q4_0 blocks of
//! 32 (an fp16 scale and 32 nibbles, byte `j` holding weight `j` low and `j + 16` high, value
//! `nibble - 8`); activations are quantized per block of 32 to int8 with a scale
//! (`max |x| / 127`, round half to even) and the block's sum, and each output is
//! `Σ_blocks d_w · d_a · (⟨nibbles, a⟩ − 8 · Σ a)` plus the bias. The AVX2 kernel does the
//! arithmetic in the C engine's order; the portable one gives the same products.

use crate::file::{f16_to_f32, BLOCK};

/// Bytes of one stored Q4_0 block.
pub const BLOCK_BYTES: usize = 2 + BLOCK / 2;

/// Unpacks one stored block: its scale and its 32 nibbles (0–15) in weight order.
pub fn unpack_block(block: &[u8], nibbles: &mut [u8]) -> f32 {
    let scale = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
    for (j, &byte) in block[2..BLOCK_BYTES].iter().enumerate() {
        nibbles[j] = byte & 0x0f;
        nibbles[j + BLOCK / 2] = byte >> 4;
    }
    scale
}

/// Dequantizes a row of stored blocks into `out` (the word embeddings).
pub fn dequantize_row(blocks: &[u8], out: &mut [f32]) {
    let mut nibbles = [0u8; BLOCK];
    for (block, chunk) in blocks.chunks_exact(BLOCK_BYTES).zip(out.chunks_exact_mut(BLOCK)) {
        let scale = unpack_block(block, &mut nibbles);
        for (value, &nibble) in chunk.iter_mut().zip(&nibbles) {
            *value = (f32::from(nibble) - 8.0) * scale;
        }
    }
}

/// A 4-bit weight matrix `[rows, columns]`, its nibbles unpacked once at load time.
pub struct Matrix {
    pub rows: usize,
    pub columns: usize,
    nibbles: Vec<u8>,
    scales: Vec<f32>,
    /// The same nibbles and scales laid out for the AVX-512 VNNI kernel, when the CPU has it.
    grouped: Option<vnni_layout::Grouped>,
}

impl Matrix {
    pub fn from_blocks(stored: &[u8], rows: usize, columns: usize) -> Option<Matrix> {
        let blocks = rows * columns / BLOCK;
        if !columns.is_multiple_of(BLOCK) || stored.len() < blocks * BLOCK_BYTES {
            return None;
        }
        let mut nibbles = vec![0u8; rows * columns];
        let mut scales = Vec::with_capacity(blocks);
        for (block, out) in stored.chunks_exact(BLOCK_BYTES).take(blocks).zip(nibbles.chunks_exact_mut(BLOCK))
        {
            scales.push(unpack_block(block, out));
        }
        let mut matrix = Matrix { rows, columns, nibbles, scales, grouped: None };
        if vnni_layout::cpu_has_vnni512() {
            matrix.grouped = vnni_layout::Grouped::new(&matrix);
        }
        Some(matrix)
    }
}

/// Activations quantized per block of 32: int8 values, scales and block sums.
#[derive(Default)]
pub struct QuantizedActivations {
    values: Vec<i8>,
    scales: Vec<f32>,
    sums: Vec<i32>,
    columns: usize,
}

impl QuantizedActivations {
    /// Quantizes `tokens` rows of `columns` values.
    pub fn quantize(&mut self, input: &[f32], tokens: usize, columns: usize) {
        let blocks = tokens * columns / BLOCK;
        self.columns = columns;
        self.values.resize(tokens * columns, 0);
        self.scales.resize(blocks, 0.0);
        self.sums.resize(blocks, 0);
        let input = &input[..tokens * columns];
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (checked just above).
            unsafe { quantize_blocks_avx2(input, &mut self.values, &mut self.scales, &mut self.sums) };
            return;
        }
        quantize_blocks(input, &mut self.values, &mut self.scales, &mut self.sums);
    }
}

/// Quantizes `input` block by block into `values`, `scales` and `sums`.
#[inline(always)]
fn quantize_blocks(input: &[f32], values: &mut [i8], scales: &mut [f32], sums: &mut [i32]) {
    for (block, (input, out)) in input.chunks_exact(BLOCK).zip(values.chunks_exact_mut(BLOCK)).enumerate() {
        // The largest magnitude by bits, the order of non-negative floats (an integer maximum
        // vectorizes, a float one does not).
        let largest =
            f32::from_bits(input.iter().map(|value| value.to_bits() & 0x7fff_ffff).max().unwrap_or(0));
        let scale = largest / 127.0;
        let inverse = if scale > 0.0 { 1.0 / scale } else { 0.0 };
        let mut sum = 0i32;
        for (value, out) in input.iter().zip(out.iter_mut()) {
            // Adding and subtracting 1.5 · 2^23 rounds half to even, as `round_ties_even` does,
            // for the |values| ≤ 127 met here, without a library call.
            let quantized = ((value * inverse + 12_582_912.0) - 12_582_912.0).clamp(-128.0, 127.0) as i32;
            *out = quantized as i8;
            sum += quantized;
        }
        scales[block] = scale;
        sums[block] = sum;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn quantize_blocks_avx2(input: &[f32], values: &mut [i8], scales: &mut [f32], sums: &mut [i32]) {
    quantize_blocks(input, values, scales, sums);
}

/// Rows computed together: each activation block is loaded once for all of them.
const ROW_GROUP: usize = 8;

/// `output[t, r] = bias[r] + Σ weight[r, :] · input[t, :]` for `tokens` rows of quantized input.
pub fn matmul(
    weights: &Matrix,
    bias: &[f32],
    input: &QuantizedActivations,
    tokens: usize,
    output: &mut [f32],
) {
    debug_assert_eq!(input.columns, weights.columns);
    #[cfg(target_arch = "x86_64")]
    if let Some(grouped) = &weights.grouped {
        // SAFETY: `grouped` is only built when the CPU has AVX-512 F and VNNI.
        unsafe { vnni512::matmul(weights, grouped, bias, input, tokens, output) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        unsafe { avx2::matmul(weights, bias, input, tokens, output) };
        return;
    }
    matmul_portable(weights, bias, input, tokens, output);
}

fn matmul_portable(
    weights: &Matrix,
    bias: &[f32],
    input: &QuantizedActivations,
    tokens: usize,
    output: &mut [f32],
) {
    let (rows, columns) = (weights.rows, weights.columns);
    let blocks = columns / BLOCK;
    for row in 0..rows {
        let row_nibbles = &weights.nibbles[row * columns..(row + 1) * columns];
        let row_scales = &weights.scales[row * blocks..(row + 1) * blocks];
        for token in 0..tokens {
            let values = &input.values[token * columns..(token + 1) * columns];
            let mut accumulated = 0.0f32;
            for (block, (row_scale, nibbles)) in
                row_scales.iter().zip(row_nibbles.chunks_exact(BLOCK)).enumerate()
            {
                let dot: i32 = nibbles
                    .iter()
                    .zip(&values[block * BLOCK..(block + 1) * BLOCK])
                    .map(|(&weight, &value)| i32::from(weight) * i32::from(value))
                    .sum();
                let activation = token * blocks + block;
                accumulated +=
                    row_scale * input.scales[activation] * (dot - 8 * input.sums[activation]) as f32;
            }
            output[token * rows + row] = bias[row] + accumulated;
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod vnni512;
mod vnni_layout;

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored block with scale 1.0 (fp16 0x3c00) and nibbles 0..15, 15..0.
    fn block() -> Vec<u8> {
        let mut stored = vec![0x00, 0x3c];
        stored.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
        stored
    }

    #[test]
    fn unpacks_low_nibbles_first() {
        let mut out = [0.0f32; BLOCK];
        dequantize_row(&block(), &mut out);
        assert_eq!(out[0], -8.0);
        assert_eq!(out[15], 7.0);
        assert_eq!(out[16], 7.0);
        assert_eq!(out[31], -8.0);
    }

    #[test]
    fn quantizes_to_the_largest_magnitude() {
        let input: Vec<f32> = (0..BLOCK).map(|j| j as f32 - 15.5).collect();
        let mut quantized = QuantizedActivations::default();
        quantized.quantize(&input, 1, BLOCK);
        assert_eq!(quantized.scales[0], 15.5 / 127.0);
        assert_eq!(quantized.values[0], -127);
        assert_eq!(quantized.values[16], 4); // 0.5 · 127 / 15.5 = 4.1
        assert_eq!(quantized.values[31], 127);
        assert_eq!(quantized.sums[0], quantized.values.iter().map(|&v| i32::from(v)).sum::<i32>());
    }

    #[test]
    fn integer_product_agrees_with_the_float_product() {
        let rows = 9;
        let stored: Vec<u8> = (0..rows).flat_map(|_| block()).collect();
        let weights = Matrix::from_blocks(&stored, rows, BLOCK).unwrap();
        let input: Vec<f32> = (0..2 * BLOCK).map(|j| ((j * 7) % 11) as f32 - 5.0).collect();
        let mut quantized = QuantizedActivations::default();
        quantized.quantize(&input, 2, BLOCK);
        let bias: Vec<f32> = (0..rows).map(|r| r as f32).collect();
        let mut fast = vec![0.0; 2 * rows];
        let mut portable = vec![0.0; 2 * rows];
        matmul(&weights, &bias, &quantized, 2, &mut fast);
        matmul_portable(&weights, &bias, &quantized, 2, &mut portable);
        let mut row = [0.0f32; BLOCK];
        dequantize_row(&block(), &mut row);
        for token in 0..2 {
            let exact: f32 = row.iter().zip(&input[token * BLOCK..]).map(|(w, x)| w * x).sum();
            for r in 0..rows {
                let index = token * rows + r;
                assert!((fast[index] - portable[index]).abs() < 1e-3, "{fast:?} {portable:?}");
                assert!((portable[index] - r as f32 - exact).abs() < 0.05 * exact.abs().max(1.0));
            }
        }
    }

    /// Every kernel the CPU has gives the portable kernel's products, on a matrix of 32 rows
    /// (two groups of the VNNI kernel) and 4 blocks, for 7 tokens (a pass of 4, then 3 alone).
    #[test]
    fn kernels_agree_with_the_portable_one() {
        let (rows, columns, tokens) = (32, 4 * BLOCK, 7);
        let stored: Vec<u8> = (0..rows * columns / BLOCK)
            .flat_map(|block| {
                let mut bytes = vec![0x00, 0x30 + (block % 7) as u8]; // scales 0.125 … 0.75
                bytes.extend((0..16).map(|j| ((block * 5 + j * 3) % 256) as u8));
                bytes
            })
            .collect();
        let weights = Matrix::from_blocks(&stored, rows, columns).unwrap();
        if vnni_layout::cpu_has_vnni512() {
            assert!(weights.grouped.is_some());
        }
        let input: Vec<f32> =
            (0..tokens * columns).map(|j| ((j * 13) % 29) as f32 - 14.0 + (j % 3) as f32 * 0.25).collect();
        let mut quantized = QuantizedActivations::default();
        quantized.quantize(&input, tokens, columns);
        let bias: Vec<f32> = (0..rows).map(|r| r as f32 * 0.5).collect();
        let mut fast = vec![0.0; tokens * rows];
        let mut portable = vec![0.0; tokens * rows];
        matmul(&weights, &bias, &quantized, tokens, &mut fast);
        matmul_portable(&weights, &bias, &quantized, tokens, &mut portable);
        for (index, (fast, portable)) in fast.iter().zip(&portable).enumerate() {
            assert!((fast - portable).abs() <= 1e-4 * portable.abs().max(1.0), "{index}: {fast} {portable}");
        }
    }
}
