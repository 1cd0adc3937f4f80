//! The rewriting operations of the paraphrase generator, each on one sentence (or two, for
//! merging): synonym replacement, word deletion and addition, word order changed inside
//! clauses, sentences merged or split, and heavy rewriting (several at once). Deterministic for
//! a given random stream.

use super::thesaurus::Thesaurus;
use crate::synthetic::SplitMix64;
use adal::model::DocLang;

/// Words added by [`add_words`]: adverbs and particles that fit almost anywhere.
fn filler_words(language: DocLang) -> &'static [&'static str] {
    match language {
        DocLang::Kk => &[
            "шынымен",
            "әрине",
            "негізінен",
            "айтарлықтай",
            "әсіресе",
            "жалпы",
            "біршама",
            "кейде",
            "әдетте",
            "тіпті",
        ],
        DocLang::Ru => &[
            "действительно",
            "конечно",
            "в основном",
            "заметно",
            "особенно",
            "вообще",
            "довольно",
            "иногда",
            "обычно",
            "даже",
        ],
        _ => &[
            "indeed",
            "certainly",
            "mainly",
            "notably",
            "especially",
            "generally",
            "rather",
            "sometimes",
            "usually",
            "even",
        ],
    }
}

fn conjunction(language: DocLang) -> &'static str {
    match language {
        DocLang::Kk => "және",
        DocLang::Ru => "и",
        _ => "and",
    }
}

/// A sentence as words (with their punctuation attached) and its final punctuation.
fn words_of(sentence: &str) -> (Vec<String>, String) {
    let trimmed = sentence.trim();
    let body = trimmed.trim_end_matches(['.', '!', '?', '…']);
    let ending = trimmed[body.len()..].to_string();
    let ending = if ending.is_empty() { ".".to_string() } else { ending };
    (body.split_whitespace().map(str::to_string).collect(), ending)
}

fn capitalize_first(words: &mut [String]) {
    if let Some(first) = words.first_mut() {
        let mut letters = first.chars();
        if let Some(letter) = letters.next() {
            *first = letter.to_uppercase().chain(letters).collect();
        }
    }
}

fn lower_first(word: &str) -> String {
    let mut letters = word.chars();
    match letters.next() {
        Some(letter) => letter.to_lowercase().chain(letters).collect(),
        None => String::new(),
    }
}

fn join(mut words: Vec<String>, ending: &str) -> String {
    capitalize_first(&mut words);
    let mut sentence = words.join(" ");
    sentence = sentence.trim_end_matches([',', ';', ':']).to_string();
    sentence.push_str(ending);
    sentence
}

/// Splits a word into leading punctuation, letters and trailing punctuation.
fn split_punctuation(word: &str) -> (&str, &str, &str) {
    let start = word.find(|c: char| c.is_alphanumeric()).unwrap_or(word.len());
    let end = word
        .rfind(|c: char| c.is_alphanumeric())
        .map_or(start, |i| i + word[i..].chars().next().map_or(1, char::len_utf8));
    (&word[..start], &word[start..end.max(start)], &word[end.max(start)..])
}

/// Replaces up to `share` of the words that have synonyms; returns the sentence and how many
/// words were replaced.
pub fn replace_synonyms(
    sentence: &str,
    share: f64,
    thesaurus: &Thesaurus,
    language: DocLang,
    rng: &mut SplitMix64,
) -> (String, usize) {
    let (mut words, ending) = words_of(sentence);
    let mut replaced = 0;
    for word in words.iter_mut() {
        let (before, letters, after) = split_punctuation(word);
        let lower = letters.to_lowercase();
        if lower.chars().count() < 4 || !rng.chance(share) {
            continue;
        }
        if let Some(synonym) = rng.pick(thesaurus.synonyms(&lower, language)) {
            *word = format!("{before}{synonym}{after}");
            replaced += 1;
        }
    }
    (join(words, &ending), replaced)
}

/// Deletes `share` of the words (never the whole sentence).
pub fn delete_words(sentence: &str, share: f64, rng: &mut SplitMix64) -> String {
    let (words, ending) = words_of(sentence);
    let count = ((words.len() as f64) * share).round() as usize;
    let mut keep = vec![true; words.len()];
    for _ in 0..count.min(words.len().saturating_sub(3)) {
        let index = rng.below(words.len());
        keep[index] = false;
    }
    let kept: Vec<String> =
        words.into_iter().zip(keep).filter(|(_, keep)| *keep).map(|(word, _)| word).collect();
    join(kept, &ending)
}

/// Inserts `share` (of the sentence's length) filler words at random places.
pub fn add_words(sentence: &str, share: f64, language: DocLang, rng: &mut SplitMix64) -> String {
    let (mut words, ending) = words_of(sentence);
    let count = ((words.len() as f64) * share).round().max(1.0) as usize;
    for _ in 0..count {
        let filler = rng.pick(filler_words(language)).copied().unwrap_or("also");
        let at = rng.between(1, words.len());
        words.insert(at, filler.to_string());
    }
    if let Some(first) = words.first_mut() {
        *first = lower_first(first);
    }
    join(words, &ending)
}

/// Shuffles the words inside each clause (clauses end at commas, semicolons and colons).
pub fn shuffle_inside_clauses(sentence: &str, rng: &mut SplitMix64) -> String {
    let (words, ending) = words_of(sentence);
    let mut clauses: Vec<Vec<String>> = vec![Vec::new()];
    for word in words {
        let ends_clause = word.ends_with([',', ';', ':']);
        let clause = clauses.last_mut().expect("one clause at least");
        clause.push(word.trim_end_matches([',', ';', ':']).to_string());
        if ends_clause {
            clauses.push(Vec::new());
        }
    }
    let mut shuffled = Vec::new();
    let clause_count = clauses.len();
    for (index, mut clause) in clauses.into_iter().filter(|clause| !clause.is_empty()).enumerate() {
        if let Some(first) = clause.first_mut() {
            *first = lower_first(first);
        }
        for i in (1..clause.len()).rev() {
            let j = rng.below(i + 1);
            clause.swap(i, j);
        }
        if index + 1 < clause_count {
            if let Some(last) = clause.last_mut() {
                last.push(',');
            }
        }
        shuffled.extend(clause);
    }
    join(shuffled, &ending)
}

/// Merges two sentences into one with a conjunction.
pub fn merge_sentences(first: &str, second: &str, language: DocLang) -> String {
    let (mut words, _) = words_of(first);
    let (second_words, ending) = words_of(second);
    if let Some(last) = words.last_mut() {
        last.push(',');
    }
    words.push(conjunction(language).to_string());
    let mut second_words = second_words;
    if let Some(word) = second_words.first_mut() {
        *word = lower_first(word);
    }
    words.extend(second_words);
    join(words, &ending)
}

/// Splits a sentence into two at the comma nearest its middle; `None` without a usable comma.
pub fn split_sentence(sentence: &str) -> Option<String> {
    let (words, ending) = words_of(sentence);
    let middle = words.len() / 2;
    let at = (2..words.len().saturating_sub(2))
        .filter(|&index| words[index].ends_with(','))
        .min_by_key(|&index| index.abs_diff(middle))?;
    let first: Vec<String> = words[..=at].to_vec();
    let second: Vec<String> = words[at + 1..].to_vec();
    Some(format!("{} {}", join(first, "."), join(second, &ending)))
}
