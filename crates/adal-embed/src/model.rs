//! The BERT encoder of multilingual-e5-small over 4-bit weights, as `e5.c` runs it: word +
//! position + token-type embeddings and a layer norm; per layer, self-attention restricted to
//! each text's own tokens, a residual layer norm, a GELU feed-forward block and another
//! residual layer norm; then the mean of each text's token states.

use crate::file::{ModelFile, Shape, BLOCK};
use crate::quant::{dequantize_row, Matrix, QuantizedActivations, BLOCK_BYTES};
use crate::EmbedError;

struct Layer {
    query: Matrix,
    query_bias: Vec<f32>,
    key: Matrix,
    key_bias: Vec<f32>,
    value: Matrix,
    value_bias: Vec<f32>,
    attention_out: Matrix,
    attention_out_bias: Vec<f32>,
    attention_norm: (Vec<f32>, Vec<f32>),
    feed_in: Matrix,
    feed_in_bias: Vec<f32>,
    feed_out: Matrix,
    feed_out_bias: Vec<f32>,
    output_norm: (Vec<f32>, Vec<f32>),
}

pub(crate) struct Encoder {
    pub shape: Shape,
    /// Where the 4-bit word embeddings lie in the mapped file.
    word_embeddings: std::ops::Range<usize>,
    positions: Vec<f32>,
    token_type: Vec<f32>,
    embedding_norm: (Vec<f32>, Vec<f32>),
    layers: Vec<Layer>,
}

fn floats(bytes: &[u8], count: usize, name: &str) -> Result<Vec<f32>, EmbedError> {
    if bytes.len() < count * 4 {
        return Err(EmbedError::MissingTensor(name.to_owned()));
    }
    Ok(bytes.chunks_exact(4).take(count).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

impl Encoder {
    pub(crate) fn new(file: &ModelFile<'_>, base: &[u8]) -> Result<Encoder, EmbedError> {
        let shape = file.shape;
        let tensor = |name: &str| {
            file.tensors
                .iter()
                .find(|tensor| tensor.name == name)
                .map(|tensor| tensor.bytes)
                .ok_or_else(|| EmbedError::MissingTensor(name.to_owned()))
        };
        let vector = |name: &str, count: usize| floats(tensor(name)?, count, name);
        let matrix = |name: &str, rows: usize, columns: usize| {
            Matrix::from_blocks(tensor(name)?, rows, columns)
                .ok_or_else(|| EmbedError::MissingTensor(name.to_owned()))
        };
        let (hidden, feed_forward) = (shape.hidden, shape.feed_forward);
        let word = tensor("emb.word")?;
        let word_bytes = shape.vocabulary * hidden / BLOCK * BLOCK_BYTES;
        if word.len() < word_bytes {
            return Err(EmbedError::MissingTensor("emb.word".to_owned()));
        }
        let word_start = word.as_ptr() as usize - base.as_ptr() as usize;
        let mut layers = Vec::with_capacity(shape.layers);
        for layer in 0..shape.layers {
            let name = |suffix: &str| format!("l{layer}.{suffix}");
            layers.push(Layer {
                query: matrix(&name("q.w"), hidden, hidden)?,
                query_bias: vector(&name("q.b"), hidden)?,
                key: matrix(&name("k.w"), hidden, hidden)?,
                key_bias: vector(&name("k.b"), hidden)?,
                value: matrix(&name("v.w"), hidden, hidden)?,
                value_bias: vector(&name("v.b"), hidden)?,
                attention_out: matrix(&name("ao.w"), hidden, hidden)?,
                attention_out_bias: vector(&name("ao.b"), hidden)?,
                attention_norm: (vector(&name("aln.w"), hidden)?, vector(&name("aln.b"), hidden)?),
                feed_in: matrix(&name("fi.w"), feed_forward, hidden)?,
                feed_in_bias: vector(&name("fi.b"), feed_forward)?,
                feed_out: matrix(&name("fo.w"), hidden, feed_forward)?,
                feed_out_bias: vector(&name("fo.b"), hidden)?,
                output_norm: (vector(&name("oln.w"), hidden)?, vector(&name("oln.b"), hidden)?),
            });
        }
        Ok(Encoder {
            shape,
            word_embeddings: word_start..word_start + word_bytes,
            positions: vector("emb.pos", shape.positions * hidden)?,
            token_type: vector("emb.type", hidden)?,
            embedding_norm: (vector("emb.ln.w", hidden)?, vector("emb.ln.b", hidden)?),
            layers,
        })
    }

    /// Runs the encoder over segments of token ids laid end to end (`segments` holds their
    /// boundaries, from 0 to the total) and adds each segment's mean token state to `means`.
    pub(crate) fn forward(&self, base: &[u8], ids: &[u32], segments: &[usize], means: &mut [Vec<f32>]) {
        let Shape { hidden, heads, feed_forward, layer_norm_epsilon: epsilon, .. } = self.shape;
        let tokens = ids.len();
        let head_size = hidden / heads;
        let word = &base[self.word_embeddings.clone()];
        let row_bytes = hidden / BLOCK * BLOCK_BYTES;
        let mut x = vec![0.0f32; tokens * hidden];
        for bounds in segments.windows(2) {
            for (position, token) in (bounds[0]..bounds[1]).enumerate() {
                let id = ids[token] as usize;
                let row = &mut x[token * hidden..(token + 1) * hidden];
                dequantize_row(&word[id * row_bytes..(id + 1) * row_bytes], row);
                let position = &self.positions[position * hidden..(position + 1) * hidden];
                for ((value, position), token_type) in row.iter_mut().zip(position).zip(&self.token_type) {
                    *value += position + token_type;
                }
            }
        }
        layer_norm(&mut x, None, &self.embedding_norm, hidden, epsilon);

        let mut quantized = QuantizedActivations::default();
        let mut query = vec![0.0f32; tokens * hidden];
        let mut key = vec![0.0f32; tokens * hidden];
        let mut value = vec![0.0f32; tokens * hidden];
        let mut context = vec![0.0f32; tokens * hidden];
        let mut projected = vec![0.0f32; tokens * hidden];
        let mut middle = vec![0.0f32; tokens * feed_forward];
        let mut probabilities = Vec::new();
        for layer in &self.layers {
            quantized.quantize(&x, tokens, hidden);
            crate::quant::matmul(&layer.query, &layer.query_bias, &quantized, tokens, &mut query);
            crate::quant::matmul(&layer.key, &layer.key_bias, &quantized, tokens, &mut key);
            crate::quant::matmul(&layer.value, &layer.value_bias, &quantized, tokens, &mut value);
            crate::attention::attend(
                (&query, &key, &value),
                &mut context,
                segments,
                (heads, head_size),
                &mut probabilities,
            );
            quantized.quantize(&context, tokens, hidden);
            crate::quant::matmul(
                &layer.attention_out,
                &layer.attention_out_bias,
                &quantized,
                tokens,
                &mut projected,
            );
            layer_norm(&mut x, Some(&projected), &layer.attention_norm, hidden, epsilon);

            quantized.quantize(&x, tokens, hidden);
            crate::quant::matmul(&layer.feed_in, &layer.feed_in_bias, &quantized, tokens, &mut middle);
            crate::math::gelu_in_place(&mut middle);
            quantized.quantize(&middle, tokens, feed_forward);
            crate::quant::matmul(&layer.feed_out, &layer.feed_out_bias, &quantized, tokens, &mut projected);
            layer_norm(&mut x, Some(&projected), &layer.output_norm, hidden, epsilon);
        }

        for (bounds, mean) in segments.windows(2).zip(means.iter_mut()) {
            mean.clear();
            mean.resize(hidden, 0.0);
            for token in bounds[0]..bounds[1] {
                for (out, value) in mean.iter_mut().zip(&x[token * hidden..(token + 1) * hidden]) {
                    *out += value;
                }
            }
            let inverse = 1.0 / (bounds[1] - bounds[0]) as f32;
            for out in mean.iter_mut() {
                *out *= inverse;
            }
        }
    }
}

/// `x = layer_norm(x + residual)` per row of `hidden` values.
fn layer_norm(
    x: &mut [f32],
    residual: Option<&[f32]>,
    (weight, bias): &(Vec<f32>, Vec<f32>),
    hidden: usize,
    epsilon: f32,
) {
    for (token, row) in x.chunks_exact_mut(hidden).enumerate() {
        if let Some(residual) = residual {
            for (value, added) in row.iter_mut().zip(&residual[token * hidden..(token + 1) * hidden]) {
                *value += added;
            }
        }
        let mean = row.iter().sum::<f32>() / hidden as f32;
        let variance = row.iter().map(|value| (value - mean) * (value - mean)).sum::<f32>() / hidden as f32;
        let inverse = 1.0 / (variance + epsilon).sqrt();
        for ((value, weight), bias) in row.iter_mut().zip(weight).zip(bias) {
            *value = (*value - mean) * inverse * weight + bias;
        }
    }
}
