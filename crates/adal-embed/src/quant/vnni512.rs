//! The AVX-512 VNNI kernel: 16 weight rows and a few tokens per pass. For each block, eight
//! `vpdpbusd` give the block's integer products of 16 rows with one token (weights from the
//! [`Grouped`] layout, the token's 4 activation bytes broadcast); the block's correction
//! (`8 · Σ a`) is subtracted in integers and the result scaled in floats, as the portable
//! kernel does, so the vectors agree with the other kernels to float rounding.

use super::vnni_layout::{Grouped, LANE_BYTES, ROWS};
use super::{Matrix, QuantizedActivations, BLOCK};
use std::arch::x86_64::*;

/// Tokens computed together: each 64-byte weight load serves all of them.
const TOKENS: usize = 4;

/// Tokens whose activations stay in the core's cache while every row group passes over them.
const TOKEN_TILE: usize = 64;

/// # Safety
/// The CPU must have AVX-512 F and VNNI; `grouped` must be `weights` regrouped.
#[target_feature(enable = "avx512f,avx512vnni")]
pub(super) unsafe fn matmul(
    weights: &Matrix,
    grouped: &Grouped,
    bias: &[f32],
    input: &QuantizedActivations,
    tokens: usize,
    output: &mut [f32],
) {
    let (rows, columns) = (weights.rows, weights.columns);
    let blocks = columns / BLOCK;
    assert!(input.values.len() >= tokens * columns && input.scales.len() >= tokens * blocks);
    assert!(output.len() >= tokens * rows && bias.len() >= rows);
    assert!(grouped.nibbles.len() >= rows * columns && grouped.scales.len() >= rows * blocks);
    for tile_start in (0..tokens).step_by(TOKEN_TILE) {
        let tile_end = (tile_start + TOKEN_TILE).min(tokens);
        for group in 0..rows / ROWS {
            let mut token = tile_start;
            while token + TOKENS <= tile_end {
                // SAFETY: the asserts above bound every load and store.
                unsafe {
                    rows_times_tokens::<TOKENS>(grouped, bias, input, (rows, columns), group, token, output)
                };
                token += TOKENS;
            }
            while token < tile_end {
                // SAFETY: as above.
                unsafe {
                    rows_times_tokens::<1>(grouped, bias, input, (rows, columns), group, token, output)
                };
                token += 1;
            }
        }
    }
}

/// `output[t, group's 16 rows]` for the `N` tokens from `first_token`.
///
/// # Safety
/// AVX-512 F and VNNI; the buffers as [`matmul`] checks them.
#[target_feature(enable = "avx512f,avx512vnni")]
unsafe fn rows_times_tokens<const N: usize>(
    grouped: &Grouped,
    bias: &[f32],
    input: &QuantizedActivations,
    (rows, columns): (usize, usize),
    group: usize,
    first_token: usize,
    output: &mut [f32],
) {
    let blocks = columns / BLOCK;
    let steps = BLOCK / LANE_BYTES;
    let group_nibbles = grouped.nibbles.as_ptr().add(group * ROWS * columns);
    let group_scales = grouped.scales.as_ptr().add(group * ROWS * blocks);
    let mut sums = [_mm512_setzero_ps(); N];
    for block in 0..blocks {
        let mut products = [_mm512_setzero_si512(); N];
        for step in 0..steps {
            let weights =
                _mm512_loadu_si512(group_nibbles.add((block * steps + step) * ROWS * LANE_BYTES).cast());
            for (t, product) in products.iter_mut().enumerate() {
                let at = (first_token + t) * columns + block * BLOCK + step * LANE_BYTES;
                let activations =
                    _mm512_set1_epi32(input.values.as_ptr().add(at).cast::<i32>().read_unaligned());
                *product = _mm512_dpbusd_epi32(*product, weights, activations);
            }
        }
        let weight_scales = _mm512_loadu_ps(group_scales.add(block * ROWS));
        for (t, (sum, product)) in sums.iter_mut().zip(products).enumerate() {
            let activation = (first_token + t) * blocks + block;
            let corrected = _mm512_sub_epi32(product, _mm512_set1_epi32(8 * input.sums[activation]));
            let scale = _mm512_mul_ps(weight_scales, _mm512_set1_ps(input.scales[activation]));
            *sum = _mm512_fmadd_ps(_mm512_cvtepi32_ps(corrected), scale, *sum);
        }
    }
    let bias = _mm512_loadu_ps(bias.as_ptr().add(group * ROWS));
    for (t, sum) in sums.into_iter().enumerate() {
        let out = output.as_mut_ptr().add((first_token + t) * rows + group * ROWS);
        _mm512_storeu_ps(out, _mm512_add_ps(sum, bias));
    }
}
