//! Self-attention of one encoder layer: every token of a text attends to every token of the
//! same text (texts batched in one pass never see each other), per head, softmax of scaled
//! dot products. Written so the compiler vectorizes it (dot products in 8 partial sums), and
//! run with AVX2 and FMA where the CPU has them.

/// `context[t, head] = Σ_o softmax_o(q[t, head] · k[o, head] / √head_size) · v[o, head]` over
/// the tokens `o` of `t`'s text; texts are the token ranges between consecutive `segments`.
pub fn attend(
    (query, key, value): (&[f32], &[f32], &[f32]),
    context: &mut [f32],
    segments: &[usize],
    (heads, head_size): (usize, usize),
    probabilities: &mut Vec<f32>,
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        unsafe { attend_avx2((query, key, value), context, segments, (heads, head_size), probabilities) };
        return;
    }
    attend_plain((query, key, value), context, segments, (heads, head_size), probabilities);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn attend_avx2(
    matrices: (&[f32], &[f32], &[f32]),
    context: &mut [f32],
    segments: &[usize],
    shape: (usize, usize),
    probabilities: &mut Vec<f32>,
) {
    attend_plain(matrices, context, segments, shape, probabilities);
}

#[inline(always)]
fn attend_plain(
    (query, key, value): (&[f32], &[f32], &[f32]),
    context: &mut [f32],
    segments: &[usize],
    (heads, head_size): (usize, usize),
    probabilities: &mut Vec<f32>,
) {
    let hidden = heads * head_size;
    let scale = 1.0 / (head_size as f32).sqrt();
    for bounds in segments.windows(2) {
        let (start, end) = (bounds[0], bounds[1]);
        probabilities.resize(end - start, 0.0f32);
        for token in start..end {
            for head in 0..heads {
                let offset = head * head_size;
                let query_head = &query[token * hidden + offset..][..head_size];
                let mut largest = -1e30f32;
                for (other, probability) in (start..end).zip(probabilities.iter_mut()) {
                    let key_head = &key[other * hidden + offset..][..head_size];
                    *probability = dot(query_head, key_head) * scale;
                    largest = largest.max(*probability);
                }
                let inverse = 1.0 / crate::math::exp_shifted_in_place(probabilities, largest);
                let context_head = &mut context[token * hidden + offset..][..head_size];
                context_head.fill(0.0);
                for (other, probability) in (start..end).zip(probabilities.iter()) {
                    let weight = probability * inverse;
                    let value_head = &value[other * hidden + offset..][..head_size];
                    for (out, value) in context_head.iter_mut().zip(value_head) {
                        *out += weight * value;
                    }
                }
            }
        }
    }
}

/// `a · b` in 8 partial sums (so it vectorizes), then their sum.
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut partial = [0.0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks.remainder().iter().zip(b_chunks.remainder()).map(|(x, y)| x * y).sum();
    for (a, b) in a_chunks.zip(b_chunks) {
        for lane in 0..8 {
            partial[lane] += a[lane] * b[lane];
        }
    }
    partial.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two texts of 2 and 1 tokens, 2 heads of 8: the second text attends only to itself, and
    /// a token's context is the softmax-weighted mean of its text's values.
    #[test]
    fn texts_attend_only_to_themselves() {
        let (heads, head_size) = (2, 8);
        let hidden = heads * head_size;
        let query: Vec<f32> = (0..3 * hidden).map(|i| (i % 5) as f32 * 0.1).collect();
        let key: Vec<f32> = (0..3 * hidden).map(|i| (i % 7) as f32 * 0.1).collect();
        let value: Vec<f32> = (0..3 * hidden).map(|i| i as f32).collect();
        let mut context = vec![0.0; 3 * hidden];
        attend((&query, &key, &value), &mut context, &[0, 2, 3], (heads, head_size), &mut Vec::new());
        assert_eq!(&context[2 * hidden..], &value[2 * hidden..]);
        for head in 0..heads {
            let offset = head * head_size;
            let scores: Vec<f32> = (0..2)
                .map(|other| {
                    (0..head_size).map(|i| query[offset + i] * key[other * hidden + offset + i]).sum::<f32>()
                        / (head_size as f32).sqrt()
                })
                .collect();
            let weights: Vec<f32> = scores.iter().map(|s| (s - scores[0].max(scores[1])).exp()).collect();
            let total: f32 = weights.iter().sum();
            for i in 0..head_size {
                let want = (weights[0] * value[offset + i] + weights[1] * value[hidden + offset + i]) / total;
                assert!((context[offset + i] - want).abs() < 1e-4 * want.abs().max(1.0));
            }
        }
    }
}
