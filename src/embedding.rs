//! The optional sentence embedding model (multilingual-e5-small, 4-bit, `adal-embed`) as the
//! core's [`SentenceEmbedder`], and the process-wide model the checks use.
//!
//! The model file is looked for at `--model FILE` / `ADAL_MODEL`, else at
//! `$HOME/.cache/adal/models/multilingual-e5-small-q4.bin`, where `tools/install-model.sh`
//! puts it; `--no-model` runs without it. Without the model, cross-language alignment uses
//! the dictionaries alone.
//!
//! Sentences are embedded when a check needs them (the neighbourhoods of dictionary matches
//! in candidate sources of another language), never at ingest; vectors are kept in a bounded
//! cache keyed by the sentence's hash, so a submission sentence compared with several sources,
//! or a source sentence met by several checks, is embedded once.

use crate::xlang::SentenceEmbedder;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// The file name of the model in its folder.
pub const MODEL_FILE: &str = "multilingual-e5-small-q4.bin";

/// Vectors kept at most (384 floats each: about 1.5 kB); the cache is emptied when full.
const CACHE_SENTENCES: usize = 100_000;

/// Where the model is looked for when no file is named: `$HOME/.cache/adal/models`.
pub fn default_model_path() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")?;
    Some(PathBuf::from(home).join(".cache/adal/models").join(MODEL_FILE))
}

/// multilingual-e5-small with a cache of sentence vectors.
pub struct ModelEmbedder {
    model: adal_embed::Embedder,
    cache: Mutex<HashMap<u64, Arc<[f32]>>>,
    embedded: std::sync::atomic::AtomicUsize,
}

impl ModelEmbedder {
    pub fn open(path: &Path) -> Result<ModelEmbedder, adal_embed::EmbedError> {
        Ok(ModelEmbedder {
            model: adal_embed::Embedder::open(path)?,
            cache: Mutex::new(HashMap::new()),
            embedded: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    /// Sentences run through the model so far (cache hits not counted).
    pub fn embedded_sentences(&self) -> usize {
        self.embedded.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl SentenceEmbedder for ModelEmbedder {
    /// Vectors with e5's `query: ` prefix, the one for comparing two texts alike.
    fn embed(&self, sentences: &[&str]) -> Vec<Vec<f32>> {
        let keys: Vec<u64> =
            sentences.iter().map(|sentence| xxhash_rust::xxh3::xxh3_64(sentence.as_bytes())).collect();
        let missing: Vec<usize> = {
            let cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let mut seen = std::collections::HashSet::new();
            (0..sentences.len()).filter(|&i| !cache.contains_key(&keys[i]) && seen.insert(keys[i])).collect()
        };
        if !missing.is_empty() {
            let texts: Vec<&str> = missing.iter().map(|&i| sentences[i]).collect();
            let started = std::time::Instant::now();
            let vectors = self.model.embed(&texts, adal_embed::Prefix::Query);
            tracing::debug!("embedded {} sentences in {} ms", texts.len(), started.elapsed().as_millis());
            self.embedded.fetch_add(texts.len(), std::sync::atomic::Ordering::Relaxed);
            let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if cache.len() + vectors.len() > CACHE_SENTENCES {
                cache.clear();
            }
            for (&i, vector) in missing.iter().zip(vectors) {
                cache.insert(keys[i], vector.into());
            }
        }
        let cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        keys.iter().map(|key| cache.get(key).map(|vector| vector.to_vec()).unwrap_or_default()).collect()
    }
}

static ACTIVE: RwLock<Option<Arc<ModelEmbedder>>> = RwLock::new(None);

/// Makes `model` the one every check uses (`None`: checks run without a model).
pub fn install(model: Option<Arc<ModelEmbedder>>) {
    *ACTIVE.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = model;
}

/// The model checks use, if one is installed.
pub fn active() -> Option<Arc<ModelEmbedder>> {
    ACTIVE.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}

/// Loads the model file and installs it; `Ok(false)` when there is no file.
pub fn install_from(path: &Path) -> Result<bool, adal_embed::EmbedError> {
    if !path.exists() {
        return Ok(false);
    }
    install(Some(Arc::new(ModelEmbedder::open(path)?)));
    Ok(true)
}
