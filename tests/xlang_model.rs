//! The embedding model as cross-language alignment sees it (`adal::embedding::ModelEmbedder`
//! over `adal-embed`): translations are nearer than unrelated sentences, and a sentence is run
//! through the model once. Needs the model file (`tools/install-model.sh`); passes with a
//! message without it.

use adal::embedding::{default_model_path, ModelEmbedder};
use adal::xlang::SentenceEmbedder;

fn model() -> Option<ModelEmbedder> {
    let path = std::env::var_os("ADAL_MODEL").map(Into::into).or_else(default_model_path)?;
    if !path.exists() {
        eprintln!("skipped: no model file at {} (run tools/install-model.sh)", path.display());
        return None;
    }
    Some(ModelEmbedder::open(&path).expect("the model file opens"))
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

#[test]
fn translations_are_nearer_than_unrelated_sentences_in_every_direction() {
    let Some(model) = model() else { return };
    let sentences = [
        "Университет студенттерге заманауи зертханаларды ұсынады.",
        "Университет предлагает студентам современные лаборатории.",
        "The university offers students modern laboratories.",
        "Көктемде ауа райы жылы болды.",
        "Весной погода была тёплой.",
    ];
    let vectors = model.embed(&sentences);
    for (a, b) in [(0, 1), (0, 2), (1, 2), (3, 4)] {
        for unrelated in [3, 4].into_iter().filter(|&other| other != a && other != b && a < 3) {
            assert!(
                cosine(&vectors[a], &vectors[b]) > cosine(&vectors[a], &vectors[unrelated]) + 0.05,
                "{a}-{b} against {a}-{unrelated}"
            );
        }
        assert!(cosine(&vectors[a], &vectors[b]) > 0.85, "{a}-{b}");
    }
}

#[test]
fn a_sentence_is_embedded_once() {
    let Some(model) = model() else { return };
    let first = model.embed(&["Кітапханада он мың кітап бар.", "В библиотеке десять тысяч книг."]);
    let again = model.embed(&["В библиотеке десять тысяч книг.", "Кітапханада он мың кітап бар."]);
    assert_eq!(model.embedded_sentences(), 2);
    assert_eq!(first[0], again[1]);
    assert_eq!(first[1], again[0]);
}
