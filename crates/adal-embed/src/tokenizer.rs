//! The XLM-RoBERTa SentencePiece (unigram) tokenizer, as `e5.c` runs it: every code point
//! through the normalization map stored in the model file, runs of spaces collapsed to one, a
//! leading space added, spaces written as `▁` (U+2581), then the most probable segmentation
//! into vocabulary pieces (Viterbi over code points, a piece at most as long as the longest
//! one; a code point no piece covers is `<unk>` at the lowest score minus 10).

use crate::file::TokenizerData;
use std::collections::HashMap;

/// The SentencePiece meta-space.
const META: char = '\u{2581}';

pub struct Tokenizer {
    pub bos: u32,
    pub eos: u32,
    unk: u32,
    unk_score: f32,
    longest_piece: usize,
    scores: Vec<f32>,
    pieces: HashMap<Vec<u8>, u32>,
    /// Sorted by code point.
    normalization: Vec<(u32, Vec<u32>)>,
}

impl Tokenizer {
    pub(crate) fn new(data: &TokenizerData<'_>) -> Tokenizer {
        let count = data.scores.len();
        let mut pieces = HashMap::with_capacity(count);
        let mut longest_piece = 1;
        for index in 0..count {
            let piece = &data.pieces[data.offsets[index] as usize..data.offsets[index + 1] as usize];
            longest_piece = longest_piece.max(piece.len());
            // The first of two equal pieces wins, as in the C engine's hash table.
            if !piece.is_empty() {
                pieces.entry(piece.to_vec()).or_insert(index as u32);
            }
        }
        let lowest = data.scores.iter().copied().fold(1e30f32, f32::min);
        Tokenizer {
            bos: data.bos,
            eos: data.eos,
            unk: data.unk,
            unk_score: lowest - 10.0,
            longest_piece,
            scores: data.scores.clone(),
            pieces,
            normalization: data.normalization.clone(),
        }
    }

    /// The normalized text, with the meta-space, and the byte offset where each code point
    /// starts (plus the end).
    fn normalize(&self, text: &str) -> (String, Vec<usize>) {
        let mut code_points: Vec<u32> = Vec::with_capacity(text.len() + 1);
        for character in text.chars() {
            let code_point = u32::from(character);
            match self.normalization.binary_search_by_key(&code_point, |entry| entry.0) {
                Ok(found) => code_points.extend_from_slice(&self.normalization[found].1),
                Err(_) => code_points.push(code_point),
            }
        }
        code_points.dedup_by(|next, previous| *next == 0x20 && *previous == 0x20);
        let mut normalized = String::with_capacity(code_points.len() * 3 + 3);
        let mut starts = Vec::with_capacity(code_points.len() + 2);
        if code_points.first() != Some(&0x20) {
            starts.push(0);
            normalized.push(META);
        }
        for code_point in code_points {
            starts.push(normalized.len());
            let character =
                if code_point == 0x20 { META } else { char::from_u32(code_point).unwrap_or('\u{fffd}') };
            normalized.push(character);
        }
        starts.push(normalized.len());
        (normalized, starts)
    }

    /// The piece ids of a text, without `<s>` and `</s>`.
    pub fn content_ids(&self, text: &str) -> Vec<u32> {
        let (normalized, starts) = self.normalize(text);
        let bytes = normalized.as_bytes();
        let count = starts.len() - 1;
        let mut best = vec![-1e30f32; count + 1];
        // Per end position: the piece (None for `<unk>`) and where it starts.
        let mut back: Vec<(Option<u32>, usize)> = vec![(None, 0); count + 1];
        best[0] = 0.0;
        for start in 0..count {
            if best[start] <= -1e29 {
                continue;
            }
            let from = starts[start];
            for end in start + 1..=count {
                let length = starts[end] - from;
                if length > self.longest_piece {
                    break;
                }
                if let Some(&piece) = self.pieces.get(&bytes[from..from + length]) {
                    if piece != self.unk {
                        let score = best[start] + self.scores[piece as usize];
                        if score > best[end] {
                            best[end] = score;
                            back[end] = (Some(piece), start);
                        }
                    }
                }
            }
            let unknown = best[start] + self.unk_score;
            if unknown > best[start + 1] {
                best[start + 1] = unknown;
                back[start + 1] = (None, start);
            }
        }
        let mut ids = Vec::new();
        let mut end = count;
        while end > 0 {
            let (piece, start) = back[end];
            ids.push(piece.unwrap_or(self.unk));
            end = start;
        }
        ids.reverse();
        ids
    }
}
