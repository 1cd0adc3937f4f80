//! Per-language vocabularies with a Zipf-like frequency distribution: a core of real frequent
//! function words, then pseudo-words built from the language's alphabet and syllable patterns
//! (with vowel harmony for Kazakh and typical endings for each language).
//!
//! A vocabulary depends only on its language, never on the corpus seed, so every synthetic
//! document of a language draws from the same words, as real texts do.

use super::rng::SplitMix64;
use adal::model::DocLang;
use std::collections::HashSet;

/// Number of distinct words per language (function words included).
const VOCABULARY_SIZE: usize = 30_000;

/// Words of one language, most frequent first, with a sampler following Zipf's law.
#[derive(Clone, Debug)]
pub struct Vocabulary {
    words: Vec<String>,
    /// `cumulative_weights[r]` is the sum of the weights of ranks `0..=r`.
    cumulative_weights: Vec<f64>,
}

struct LanguageSounds {
    function_words: &'static [&'static str],
    /// Vowel groups; a Kazakh word takes all its vowels from one group (vowel harmony).
    vowel_groups: &'static [&'static [&'static str]],
    consonants: &'static [&'static str],
    endings: &'static [&'static str],
    seed: u64,
}

const KAZAKH: LanguageSounds = LanguageSounds {
    function_words: &[
        "және",
        "бұл",
        "мен",
        "да",
        "де",
        "үшін",
        "бойынша",
        "ол",
        "осы",
        "бір",
        "деп",
        "арқылы",
        "туралы",
        "емес",
        "бар",
        "жоқ",
        "сондай-ақ",
        "немесе",
        "яғни",
        "олар",
        "біз",
        "өз",
        "әр",
        "қазақ",
        "тіл",
        "жұмыс",
        "зерттеу",
        "білім",
        "ғылым",
        "негізгі",
        "жүйе",
        "даму",
        "мәселе",
        "кезде",
        "сияқты",
        "ретінде",
        "тек",
        "барлық",
        "көп",
        "жаңа",
        "қазіргі",
        "арасында",
        "соң",
        "кейін",
        "дейін",
        "қатысты",
        "байланысты",
        "мемлекет",
        "халық",
        "уақыт",
        "нәтиже",
        "әдіс",
    ],
    vowel_groups: &[&["а", "о", "ұ", "ы"], &["ә", "ө", "ү", "і", "е"]],
    consonants: &[
        "б", "в", "г", "ғ", "д", "ж", "з", "й", "к", "қ", "л", "м", "н", "ң", "п", "р", "с", "т", "у", "ш",
        "т", "л", "н", "р", "с", "қ", "д",
    ],
    endings: &[
        "", "", "", "лар", "лер", "дар", "дер", "тар", "тер", "ның", "нің", "ға", "ге", "да", "де", "ды",
        "ді", "мен", "лық", "лік", "шы", "ші", "у", "ған", "ген", "ды", "ма",
    ],
    seed: 0x6B6B,
};

const RUSSIAN: LanguageSounds = LanguageSounds {
    function_words: &[
        "и",
        "в",
        "не",
        "на",
        "что",
        "с",
        "по",
        "это",
        "как",
        "а",
        "к",
        "из",
        "для",
        "от",
        "о",
        "но",
        "при",
        "также",
        "его",
        "их",
        "был",
        "быть",
        "который",
        "все",
        "так",
        "или",
        "между",
        "более",
        "может",
        "только",
        "этого",
        "том",
        "так",
        "же",
        "где",
        "когда",
        "если",
        "они",
        "мы",
        "данный",
        "работа",
        "система",
        "развитие",
        "исследование",
        "анализ",
        "результат",
        "метод",
        "время",
        "государство",
        "процесс",
        "условия",
        "значение",
        "необходимо",
        "является",
    ],
    vowel_groups: &[&["а", "о", "у", "ы", "е", "и", "я", "ю"]],
    consonants: &[
        "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц", "ч", "ш", "щ",
        "н", "т", "р", "с", "л", "в", "к", "д", "п", "ст", "пр", "тр",
    ],
    endings: &[
        "",
        "",
        "ание",
        "ость",
        "ский",
        "ского",
        "ной",
        "ного",
        "ции",
        "ать",
        "ить",
        "ение",
        "ова",
        "ами",
        "ах",
        "ых",
        "ий",
        "ая",
        "ое",
        "ет",
        "ют",
        "ом",
        "ей",
        "ов",
        "ку",
        "ия",
    ],
    seed: 0x7275,
};

const ENGLISH: LanguageSounds = LanguageSounds {
    function_words: &[
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "it",
        "as",
        "with",
        "was",
        "on",
        "be",
        "by",
        "this",
        "are",
        "from",
        "or",
        "which",
        "an",
        "at",
        "not",
        "have",
        "has",
        "were",
        "their",
        "these",
        "also",
        "can",
        "between",
        "more",
        "such",
        "than",
        "other",
        "its",
        "we",
        "study",
        "system",
        "development",
        "analysis",
        "results",
        "method",
        "data",
        "research",
        "model",
        "process",
        "however",
        "therefore",
        "used",
        "based",
        "new",
        "first",
    ],
    vowel_groups: &[&["a", "e", "i", "o", "u", "ea", "ou", "io"]],
    consonants: &[
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr", "pr",
        "ch", "th", "sh", "n", "t", "r", "s", "l", "c", "d",
    ],
    endings: &[
        "", "", "", "tion", "ing", "ed", "ly", "ment", "al", "er", "ity", "ive", "ous", "s", "es", "ic",
        "ness", "able",
    ],
    seed: 0x656E,
};

impl Vocabulary {
    /// The vocabulary of a language (English for [`DocLang::Other`]).
    pub fn for_language(language: DocLang) -> Vocabulary {
        let sounds = match language {
            DocLang::Kk => &KAZAKH,
            DocLang::Ru => &RUSSIAN,
            DocLang::En | DocLang::Other => &ENGLISH,
        };
        let mut rng = SplitMix64::new(sounds.seed);
        let mut seen: HashSet<String> = HashSet::with_capacity(VOCABULARY_SIZE);
        let mut words = Vec::with_capacity(VOCABULARY_SIZE);
        for word in sounds.function_words {
            if seen.insert((*word).to_string()) {
                words.push((*word).to_string());
            }
        }
        let mut attempts = 0usize;
        while words.len() < VOCABULARY_SIZE && attempts < VOCABULARY_SIZE * 20 {
            attempts += 1;
            let word = pseudo_word(sounds, &mut rng);
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        // Zipf's law with a small rank offset (Mandelbrot) so the top words are not too dominant.
        let mut total = 0.0;
        let cumulative_weights = (0..words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 2.7);
                total
            })
            .collect();
        Vocabulary { words, cumulative_weights }
    }

    /// A word drawn with Zipf-like frequencies.
    pub fn sample<'a>(&'a self, rng: &mut SplitMix64) -> &'a str {
        let total = self.cumulative_weights.last().copied().unwrap_or(0.0);
        let target = rng.next_f64() * total;
        let rank = self.cumulative_weights.partition_point(|&weight| weight <= target);
        self.words.get(rank.min(self.words.len().saturating_sub(1))).map(String::as_str).unwrap_or("")
    }

    /// A rare-ish word (rank 200 or beyond): good for titles and headings.
    pub fn sample_content_word<'a>(&'a self, rng: &mut SplitMix64) -> &'a str {
        let start = 200.min(self.words.len().saturating_sub(1));
        let index = start + rng.below(self.words.len().saturating_sub(start).min(5_000));
        self.words.get(index).map(String::as_str).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The words, most frequent first.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

fn pseudo_word(sounds: &LanguageSounds, rng: &mut SplitMix64) -> String {
    let vowels = sounds.vowel_groups[rng.below(sounds.vowel_groups.len())];
    let syllables = rng.between(1, 3);
    let mut word = String::with_capacity(24);
    if rng.chance(0.2) {
        word.push_str(vowels[rng.below(vowels.len())]);
    }
    for _ in 0..syllables {
        word.push_str(sounds.consonants[rng.below(sounds.consonants.len())]);
        word.push_str(vowels[rng.below(vowels.len())]);
        if rng.chance(0.35) {
            word.push_str(sounds.consonants[rng.below(sounds.consonants.len())]);
        }
    }
    word.push_str(sounds.endings[rng.below(sounds.endings.len())]);
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_are_full_and_start_with_function_words() {
        for (language, first) in [(DocLang::Kk, "және"), (DocLang::Ru, "и"), (DocLang::En, "the")] {
            let vocabulary = Vocabulary::for_language(language);
            assert_eq!(vocabulary.len(), VOCABULARY_SIZE);
            assert_eq!(vocabulary.words[0], first);
        }
    }

    #[test]
    fn frequent_words_are_sampled_more_often() {
        let vocabulary = Vocabulary::for_language(DocLang::Kk);
        let mut rng = SplitMix64::new(1);
        let draws: Vec<&str> = (0..20_000).map(|_| vocabulary.sample(&mut rng)).collect();
        let top = draws.iter().filter(|word| **word == vocabulary.words[0]).count();
        let rank_1000 = draws.iter().filter(|word| **word == vocabulary.words[1000]).count();
        assert!(top > 100 * rank_1000.max(1) / 10, "top {top}, rank 1000 {rank_1000}");
        assert!(top > 500);
    }
}
