//! The AVX2 kernel: eight weight rows per pass, each block product done in the C engine's
//! order (`maddubs`, `madd`, one fused multiply-add per block).

use super::{Matrix, QuantizedActivations, BLOCK, ROW_GROUP};
use std::arch::x86_64::*;

#[target_feature(enable = "avx2,fma")]
fn horizontal_sum(vector: __m256) -> f32 {
    let low = _mm256_castps256_ps128(vector);
    let high = _mm256_extractf128_ps(vector, 1);
    let sum = _mm_add_ps(low, high);
    let sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    let sum = _mm_add_ss(sum, _mm_shuffle_ps(sum, sum, 1));
    _mm_cvtss_f32(sum)
}

/// # Safety
/// The CPU must have AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn matmul(
    weights: &Matrix,
    bias: &[f32],
    input: &QuantizedActivations,
    tokens: usize,
    output: &mut [f32],
) {
    let (rows, columns) = (weights.rows, weights.columns);
    let blocks = columns / BLOCK;
    let ones = _mm256_set1_epi16(1);
    assert!(input.values.len() >= tokens * columns && output.len() >= tokens * rows);
    assert!(weights.nibbles.len() >= rows * columns && bias.len() >= rows);
    for first_row in (0..rows).step_by(ROW_GROUP) {
        let group = ROW_GROUP.min(rows - first_row);
        for token in 0..tokens {
            let mut accumulators = [_mm256_setzero_ps(); ROW_GROUP];
            let mut corrections = [0.0f32; ROW_GROUP];
            for block in 0..blocks {
                let activation = token * blocks + block;
                // SAFETY: the asserts above keep every 32-byte load inside the buffers.
                let values = unsafe {
                    _mm256_loadu_si256(input.values.as_ptr().add(token * columns + block * BLOCK).cast())
                };
                let activation_scale = input.scales[activation];
                let activation_sum = input.sums[activation] as f32;
                for r in 0..group {
                    let row = first_row + r;
                    // SAFETY: as above.
                    let nibbles = unsafe {
                        _mm256_loadu_si256(weights.nibbles.as_ptr().add(row * columns + block * BLOCK).cast())
                    };
                    let products = _mm256_madd_epi16(_mm256_maddubs_epi16(nibbles, values), ones);
                    let scale = weights.scales[row * blocks + block] * activation_scale;
                    accumulators[r] =
                        _mm256_fmadd_ps(_mm256_cvtepi32_ps(products), _mm256_set1_ps(scale), accumulators[r]);
                    corrections[r] += scale * activation_sum;
                }
            }
            for r in 0..group {
                let row = first_row + r;
                output[token * rows + row] =
                    bias[row] + horizontal_sum(accumulators[r]) - 8.0 * corrections[r];
            }
        }
    }
}
