//! Scores a stemmer against a hand-checked list of inflected words with their lemmas (the
//! format of `kazakh_words.tsv`: `lemma<TAB>form form …`, `#` comments, `!` before the lemma
//! of a known hard case).
//!
//! What matters for matching is that the forms of one word get one stem and different words
//! different stems, so the main figures are over pairs of listed words: **recall** is the
//! share of pairs of forms of one lemma that get one stem, **precision** the share of pairs
//! with one stem that are forms of one lemma. **Exact** counts the words whose stem is their
//! dictionary lemma.

/// The hand-checked Kazakh list shipped with the stemmer (422 words of 70 lemmas).
pub const KAZAKH_WORDS: &str = include_str!("kazakh_words.tsv");

/// One line of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldGroup {
    pub lemma: String,
    pub forms: Vec<String>,
    /// Marked `!`: a known hard case for a stemmer without a lexicon.
    pub hard: bool,
}

/// Reads the list.
pub fn parse_gold(text: &str) -> Vec<GoldGroup> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (lemma, forms) = line.split_once('\t')?;
            let hard = lemma.starts_with('!');
            Some(GoldGroup {
                lemma: lemma.trim_start_matches('!').to_string(),
                forms: forms.split_whitespace().map(str::to_string).collect(),
                hard,
            })
        })
        .collect()
}

/// A stemmer's figures on a list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StemmerScore {
    pub words: usize,
    pub lemmas: usize,
    pub exact: usize,
    pub pair_precision: f64,
    pub pair_recall: f64,
}

/// Scores `stem` on the groups.
pub fn score_stemmer(groups: &[GoldGroup], stem: impl Fn(&str) -> String) -> StemmerScore {
    let words: Vec<(&str, String)> = groups
        .iter()
        .flat_map(|group| group.forms.iter().map(|form| (group.lemma.as_str(), stem(form))))
        .collect();
    let exact = words.iter().filter(|(lemma, stem)| stem == lemma).count();
    let (mut both, mut same_stem, mut same_lemma) = (0u64, 0u64, 0u64);
    for (index, (lemma, stem)) in words.iter().enumerate() {
        for (other_lemma, other_stem) in &words[index + 1..] {
            let lemma_agrees = lemma == other_lemma;
            let stem_agrees = stem == other_stem;
            both += u64::from(lemma_agrees && stem_agrees);
            same_stem += u64::from(stem_agrees);
            same_lemma += u64::from(lemma_agrees);
        }
    }
    let mut lemmas: Vec<&str> = groups.iter().map(|group| group.lemma.as_str()).collect();
    lemmas.sort_unstable();
    lemmas.dedup();
    StemmerScore {
        words: words.len(),
        lemmas: lemmas.len(),
        exact,
        pair_precision: if same_stem == 0 { 1.0 } else { both as f64 / same_stem as f64 },
        pair_recall: if same_lemma == 0 { 1.0 } else { both as f64 / same_lemma as f64 },
    }
}
