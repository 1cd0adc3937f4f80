//! A rule-based Kazakh stemmer without a lexicon: inflectional suffix chains are stripped from the
//! end of a lower-case Cyrillic word, outermost first, until nothing more can go.
//!
//! Kazakh is agglutinative: `кітап-тар-ымыз-да` is stem + plural + possessive + case. Every
//! suffix has front and back variants (vowel harmony) and variants after voiced and voiceless
//! sounds; all of them are in one table, and a suffix is only stripped when its vowels agree with
//! the last decided vowel of what remains (a stem with `а ы о ұ` takes back suffixes, one with
//! `ә е і ө ү` front ones). Short suffixes, the ones most easily confused with the end of a root,
//! need a longer remainder. The stem's final `б г ғ` (voiced before a vowel: `кітабы`,
//! `жүрегі`, `тарағы`) is written back as `п к қ`, so every form of one word gets one stem.
//!
//! Without a lexicon the stem is not always the dictionary root (`нәтиже` → `нәтиж`); what counts
//! for matching is that the forms of one word agree and different words stay apart. Words in the
//! 2021 Latin alphabet are returned unchanged.

use crate::text::lexicon::{Lexicon, WordClass};

/// Suffixes whose vowels do not follow the stem's harmony.
const HARMONY_FREE: &[&str] = &["мен", "бен", "пен", "менен", "бенен", "пенен"];

/// Inflectional suffixes (case, possessive, plural, person, tense, participle, converb, negation,
/// verbal noun), each with its harmony and voicing variants. Longest are tried first.
const SUFFIXES: &[&str] = &[
    // Case: genitive, dative, accusative, locative, ablative, instrumental, "the one in".
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің",
    "ға",
    "ге",
    "қа",
    "ке",
    "на",
    "не",
    "ны",
    "ні",
    "ды",
    "ді",
    "ты",
    "ті",
    "да",
    "де",
    "та",
    "те",
    "нда",
    "нде",
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен",
    "мен",
    "бен",
    "пен",
    "менен",
    "бенен",
    "пенен",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "ндағы",
    "ндегі",
    "на",
    "не",
    "ша",
    "ше",
    "дай",
    "дей",
    "тай",
    "тей",
    // Possessive.
    "ымыз",
    "іміз",
    "мыз",
    "міз",
    "ыңыз",
    "іңіз",
    "ңыз",
    "ңіз",
    "сы",
    "сі",
    "лары",
    "лері",
    "дары",
    "дері",
    "тары",
    "тері",
    // Plural.
    "лар",
    "лер",
    "дар",
    "дер",
    "тар",
    "тер",
    // Person (predicative and verbal).
    "мын",
    "мін",
    "бын",
    "бін",
    "пын",
    "пін",
    "сың",
    "сің",
    "сыз",
    "сіз",
    "быз",
    "біз",
    "пыз",
    "піз",
    "сыңдар",
    "сіңдер",
    "сыздар",
    "сіздер",
    // Verb forms: present (-а/-е/-й + person), past, participles, converbs, conditional,
    // desiderative, intention, verbal noun, negation.
    "ады",
    "еді",
    "йды",
    "йді",
    "амын",
    "емін",
    "ймын",
    "ймін",
    "асың",
    "есің",
    "аймыз",
    "еміз",
    "ған",
    "ген",
    "қан",
    "кен",
    "атын",
    "етін",
    "йтын",
    "йтін",
    "ып",
    "іп",
    "са",
    "се",
    "ма",
    "ме",
    "ба",
    "бе",
    "па",
    "пе",
    "уы",
    "уі",
    "уға",
    "уге",
    "удың",
    "удің",
    "уда",
    "уде",
    "удан",
    "уден",
    "уын",
    "уін",
    "уымен",
    "уімен",
    "атын",
    "етін",
    "ар",
    "ер",
];

/// Single letters that may be suffixes: the possessive `ы і`, the verbal noun `у`, the dative or
/// present `а е`, and accusative `н` after a vowel. Each needs a remainder of this many letters.
fn single_letter_minimum(letter: char) -> Option<usize> {
    match letter {
        'ы' | 'і' | 'у' => Some(3),
        'а' | 'е' | 'н' => Some(4),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Harmony {
    Back,
    Front,
}

fn vowel_harmony(letter: char) -> Option<Harmony> {
    match letter {
        'а' | 'ы' | 'о' | 'ұ' | 'я' => Some(Harmony::Back),
        'ә' | 'е' | 'і' | 'ө' | 'ү' | 'э' => Some(Harmony::Front),
        _ => None,
    }
}

fn is_vowel(letter: char) -> bool {
    vowel_harmony(letter).is_some() || matches!(letter, 'и' | 'у' | 'ю' | 'ё')
}

/// The harmony of the last vowel that decides it (`и`, `у` do not).
fn last_harmony(letters: &[char]) -> Option<Harmony> {
    letters.iter().rev().find_map(|&letter| vowel_harmony(letter))
}

fn is_voiceless(letter: char) -> bool {
    matches!(letter, 'п' | 'ф' | 'к' | 'қ' | 'т' | 'с' | 'ш' | 'щ' | 'х' | 'һ' | 'ц' | 'ч')
}

/// Whether the suffix's first sound may follow the remainder's last: `т қ к п` only after a
/// voiceless consonant, `д ғ г б` never after one, `сы сі` only after a vowel other than
/// `ы і` (`жұмыс-ы`, not `жұмы-сы`), and the present
/// tense `-ады -еді` not after `м б п` (there `-ма-ды`, `-ба-ды` is the negated past).
fn agrees_in_voicing(remainder: &[char], suffix: &[char]) -> bool {
    let (Some(&last), Some(&first)) = (remainder.last(), suffix.first()) else { return true };
    match first {
        'т' | 'қ' | 'к' | 'п' => is_voiceless(last),
        'д' | 'ғ' | 'г' | 'б' => !is_voiceless(last),
        'с' if suffix.len() == 2 => is_vowel(last) && !matches!(last, 'ы' | 'і'),
        'а' | 'е' if suffix.len() == 3 && suffix[1] == 'д' => !matches!(last, 'м' | 'б' | 'п'),
        _ => true,
    }
}

/// Whether a suffix may be stripped from `letters`, leaving `letters[..keep]`.
fn may_strip(letters: &[char], keep: usize, suffix: &[char], harmony_free: bool) -> bool {
    let remainder = &letters[..keep];
    if remainder.len() < 2 || !remainder.iter().any(|&letter| is_vowel(letter)) {
        return false;
    }
    if suffix.len() == 1 {
        let Some(minimum) = single_letter_minimum(suffix[0]) else { return false };
        if remainder.len() < minimum {
            return false;
        }
        if suffix[0] == 'н' && !remainder.last().is_some_and(|&letter| is_vowel(letter)) {
            return false;
        }
    }
    if !agrees_in_voicing(remainder, suffix) {
        return false;
    }
    if harmony_free {
        return true;
    }
    match (last_harmony(suffix), last_harmony(remainder)) {
        (Some(suffix_harmony), Some(stem_harmony)) => suffix_harmony == stem_harmony,
        _ => true,
    }
}

/// The suffixes as letters, with whether each is free of harmony, built once.
fn suffix_table() -> &'static [(Vec<char>, bool)] {
    static TABLE: std::sync::OnceLock<Vec<(Vec<char>, bool)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(Vec<char>, bool)> =
            SUFFIXES.iter().map(|suffix| (suffix.chars().collect(), HARMONY_FREE.contains(suffix))).collect();
        table.sort();
        table.dedup();
        table
    })
}

/// The longest suffix of the table (or a single-letter suffix) that may be stripped.
fn strippable_suffix_length(letters: &[char]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (suffix_letters, harmony_free) in suffix_table() {
        let length = suffix_letters.len();
        if length >= letters.len() || !letters.ends_with(suffix_letters) {
            continue;
        }
        if best.is_some_and(|best| best >= length) {
            continue;
        }
        if may_strip(letters, letters.len() - length, suffix_letters, *harmony_free) {
            best = Some(length);
        }
    }
    if best.is_none() {
        if let Some(&last) = letters.last() {
            if may_strip(letters, letters.len() - 1, &[last], false) {
                best = Some(1);
            }
        }
    }
    best
}

/// Most suffixes stripped from one word (a long chain has five or six).
const MAX_SUFFIXES: usize = 8;

/// The stem of a lower-case Kazakh word (Cyrillic); other words come back unchanged.
pub fn stem_kazakh(word: &str) -> String {
    let mut letters: Vec<char> = word.chars().collect();
    if !letters.iter().all(|&letter| ('\u{0400}'..='\u{04FF}').contains(&letter)) {
        return word.to_string();
    }
    for _ in 0..MAX_SUFFIXES {
        match strippable_suffix_length(&letters) {
            Some(length) => letters.truncate(letters.len() - length),
            None => break,
        }
    }
    if letters.len() >= 3 {
        if let Some(last) = letters.last_mut() {
            *last = match *last {
                'б' => 'п',
                'г' => 'к',
                'ғ' => 'қ',
                other => other,
            };
        }
    }
    letters.into_iter().collect()
}

/// Suffixes only verbs take (tense, participle, converb, conditional, negation, verbal noun
/// in its cases): a noun or adjective lemma followed by one of them is a wrong split
/// (`жаз-ады` is "writes"; a noun `жаза` takes no `-ады`).
const VERBAL_ONLY: &[&str] = &[
    "ады",
    "еді",
    "йды",
    "йді",
    "амын",
    "емін",
    "ймын",
    "ймін",
    "асың",
    "есің",
    "аймыз",
    "еміз",
    "ған",
    "ген",
    "қан",
    "кен",
    "атын",
    "етін",
    "йтын",
    "йтін",
    "ып",
    "іп",
    "са",
    "се",
    "ма",
    "ме",
    "ба",
    "бе",
    "па",
    "пе",
    "уы",
    "уі",
    "уға",
    "уге",
    "удың",
    "удің",
    "уда",
    "уде",
    "удан",
    "уден",
    "уын",
    "уін",
    "уымен",
    "уімен",
    "ар",
    "ер",
    "у",
    "п",
];

/// Suffixes only nominals take (plural, case, possessive): a verb lemma followed by one of them
/// is a wrong split (`жұмыс-тар` is "works"; the verb `жұмыста` takes no `-р`).
const NOMINAL_ONLY: &[&str] = &[
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің",
    "ға",
    "ге",
    "қа",
    "ке",
    "на",
    "не",
    "ны",
    "ні",
    "да",
    "де",
    "та",
    "те",
    "нда",
    "нде",
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен",
    "мен",
    "бен",
    "пен",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "ндағы",
    "ндегі",
    "ымыз",
    "іміз",
    "сы",
    "сі",
    "лары",
    "лері",
    "дары",
    "дері",
    "тары",
    "тері",
    "лар",
    "лер",
    "дар",
    "дер",
    "тар",
    "тер",
    "ым",
    "ім",
    "ың",
    "ің",
    "ы",
    "і",
    "н",
];

/// Suffixes a nominal ending in a vowel never takes: after a vowel the accusative is `-ны`,
/// the genitive `-ның`, the plural `-лар` (`жаза-ны`, not `жаза-ды`).
const NOT_AFTER_A_VOWEL: &[&str] = &[
    "ды", "ді", "ты", "ті", "дың", "дің", "тың", "тің", "дар", "дер", "тар", "тер", "дары", "дері", "тары",
    "тері",
];

/// Suffixes recognised only after a known lemma (first-person possessive `-ым`, second-person
/// `-ың`, the converb `-п` after a vowel): too easily confused with a root's end for the rules.
const AFTER_A_LEMMA_ONLY: &[&str] = &["ым", "ім", "ың", "ің"];

/// How costly the cheapest chain of inflectional suffixes spelling `letters[k..]` is, for
/// every `k` (`None`: no chain). Each single-letter suffix costs one: a split that needs them
/// is less likely than one with whole suffixes (`қала-ға`, not `қалағ-а`). Harmony is left to
/// the first suffix after the lemma (the word is real text, and what it leaves must be a known
/// lemma).
fn suffix_chain_costs(letters: &[char]) -> Vec<Option<u32>> {
    let mut cost: Vec<Option<u32>> = vec![None; letters.len() + 1];
    cost[letters.len()] = Some(0);
    for start in (0..letters.len()).rev() {
        cost[start] = first_suffixes(letters, start, &cost).map(|(_, cost)| cost).min();
    }
    cost
}

fn extra_suffixes() -> &'static [Vec<char>] {
    static EXTRA: std::sync::OnceLock<Vec<Vec<char>>> = std::sync::OnceLock::new();
    EXTRA.get_or_init(|| AFTER_A_LEMMA_ONLY.iter().map(|suffix| suffix.chars().collect()).collect())
}

/// The suffixes that may start at `start` with a chain after them, and the chain's cost.
fn first_suffixes<'a>(
    letters: &'a [char],
    start: usize,
    cost: &'a [Option<u32>],
) -> impl Iterator<Item = (&'a [char], u32)> + 'a {
    let rest = &letters[start..];
    let table = suffix_table().iter().map(|(suffix, _)| suffix).chain(extra_suffixes());
    let whole = table.filter_map(move |suffix| {
        let fits = suffix.len() >= 2 && rest.starts_with(suffix);
        let after = if fits { cost[start + suffix.len()] } else { None };
        after.map(|after| (suffix.as_slice(), after))
    });
    let after_vowel = start > 0 && is_vowel(letters[start - 1]);
    let single = rest
        .first()
        .filter(|&&letter| {
            start >= 2 && (single_letter_minimum(letter).is_some() || (letter == 'п' && after_vowel))
        })
        .and_then(|_| cost[start + 1])
        .map(|after| (&rest[..1], after + 1));
    whole.chain(single)
}

/// Whether a lemma of `class` (spelled `lemma` in the word) may take `suffix` first: word
/// class, voicing and vowel harmony agree.
fn may_follow(lemma: &[char], class: WordClass, suffix: &[char]) -> bool {
    let spelled: String = suffix.iter().collect();
    let spelled = spelled.as_str();
    let ends_in_vowel = lemma.last().is_some_and(|&letter| is_vowel(letter) && letter != 'у');
    let wrong = match class {
        WordClass::Noun | WordClass::Adjective => {
            VERBAL_ONLY.contains(&spelled) || (ends_in_vowel && NOT_AFTER_A_VOWEL.contains(&spelled))
        }
        WordClass::Verb => NOMINAL_ONLY.contains(&spelled),
        WordClass::Other => false,
    };
    // The possessive `-сы` follows any vowel once the lemma is known (`оқушы-сы`), and so
    // does the converb `-п` (`оқы-п`).
    let voicing =
        matches!(suffix.first(), Some('с') | Some('п')) && ends_in_vowel || agrees_in_voicing(lemma, suffix);
    if wrong || !voicing {
        return false;
    }
    if HARMONY_FREE.contains(&spelled) {
        return true;
    }
    match (last_harmony(suffix), last_harmony(lemma)) {
        (Some(suffix_harmony), Some(lemma_harmony)) => suffix_harmony == lemma_harmony,
        _ => true,
    }
}

/// The verb a verbal noun in `-у` comes from (`зерттеу` → `зертте`, `оқу` → `оқы`), if the
/// lexicon knows it.
fn verb_of_verbal_noun(lemma: &[char], lexicon: &Lexicon) -> Option<String> {
    if lemma.len() < 3 || *lemma.last()? != 'у' {
        return None;
    }
    let root: String = lemma[..lemma.len() - 1].iter().collect();
    [format!("{root}ы"), format!("{root}і"), root].into_iter().find(|candidate| {
        lexicon.kazakh_lemma(candidate).is_some_and(|classes| classes.contains(WordClass::Verb))
    })
}

fn spelled(letters: &[char]) -> String {
    letters.iter().collect()
}

/// The lemmas the first `keep` letters of a word may spell, with how they are spelled there:
/// as they are; with the final `п к қ` voiced before a vowel (`кітаб-ы`); with the vowel of the
/// last syllable dropped before a vowel (`халқ-ы` ← `халық`, `орн-ы` ← `орын`); a verb's final
/// `ы і` merged into `и` before `-й` (`оқи-ды` ← `оқы`) or dropped before the verbal noun's `у`
/// (`оқ-у` ← `оқы`). The dropped vowel is a noun's (`true`: the spelling fits nouns only).
fn lemma_spellings(letters: &[char], keep: usize) -> Vec<(Vec<char>, bool)> {
    let shown = &letters[..keep];
    let mut spellings = vec![(shown.to_vec(), false)];
    let next = letters.get(keep).copied();
    let before_vowel = next.is_some_and(is_vowel);
    let harmony_vowel = if last_harmony(shown) == Some(Harmony::Front) { 'і' } else { 'ы' };
    if before_vowel {
        let devoiced = match shown.last() {
            Some('б') => Some('п'),
            Some('г') => Some('к'),
            Some('ғ') => Some('қ'),
            _ => None,
        };
        if let Some(devoiced) = devoiced {
            let mut lemma = shown.to_vec();
            lemma[keep - 1] = devoiced;
            spellings.push((lemma, false));
        }
        if keep >= 3 && !is_vowel(shown[keep - 1]) && !is_vowel(shown[keep - 2]) {
            let mut lemma = shown.to_vec();
            lemma.insert(keep - 1, harmony_vowel);
            spellings.push((lemma, true));
        }
    }
    if shown.last() == Some(&'и') {
        let mut lemma = shown.to_vec();
        lemma[keep - 1] = harmony_vowel;
        spellings.push((lemma, false));
    }
    if next == Some('у') && !shown.last().is_some_and(|&letter| is_vowel(letter)) {
        let mut lemma = shown.to_vec();
        lemma.push(harmony_vowel);
        spellings.push((lemma, false));
    }
    spellings
}

/// How a candidate lemma ranks, lowest first: unclassified, chain cost, first suffix not
/// specific to the class, longer lemma.
type LemmaRank = (bool, u32, bool, std::cmp::Reverse<usize>);

/// The best known lemma of at most `longest` letters that `letters` starts with (in one of its
/// [`lemma_spellings`]), the rest being a chain of inflectional suffixes the lemma may take.
/// Lemmas whose word class is known (from a morphological lexicon) come before unclassified
/// ones (a plain word list, which also lists some inflected forms). Then best is the cheapest chain ([`suffix_chain_costs`]; a bare verb stem, an imperative, costs
/// one too, as `жұмыста` is far more often `жұмыс-та` than the verb "to work on"); then a chain
/// whose first suffix only the lemma's class takes (`жаз-амын` over `жаза-мын`; after a vowel,
/// the past `-ды` is a verb's); then the longest lemma.
fn longest_lemma(letters: &[char], lexicon: &Lexicon, longest: usize) -> Option<Vec<char>> {
    let costs = suffix_chain_costs(letters);
    let mut best: Option<(LemmaRank, Vec<char>)> = None;
    for keep in (2..=longest.min(letters.len())).rev() {
        if costs[keep].is_none() {
            continue;
        }
        let shown = &letters[..keep];
        for (lemma, nouns_only) in lemma_spellings(letters, keep) {
            let Some(classes) = lexicon.kazakh_lemma(&spelled(&lemma)) else { continue };
            let length = std::cmp::Reverse(lemma.len());
            for class in classes.iter().filter(|&class| !nouns_only || class == WordClass::Noun) {
                let unclassified = class == WordClass::Other;
                let rank = if keep == letters.len() {
                    Some((unclassified, u32::from(class == WordClass::Verb), false, length))
                } else {
                    first_suffixes(letters, keep, &costs)
                        .filter(|(suffix, _)| may_follow(shown, class, suffix))
                        .map(|(suffix, cost)| {
                            let suffix = spelled(suffix);
                            let vowel_past = matches!(suffix.as_str(), "ды" | "ді")
                                && shown.last().is_some_and(|&letter| is_vowel(letter));
                            let specific = match class {
                                WordClass::Verb => VERBAL_ONLY.contains(&suffix.as_str()) || vowel_past,
                                WordClass::Noun | WordClass::Adjective => {
                                    NOMINAL_ONLY.contains(&suffix.as_str())
                                }
                                WordClass::Other => false,
                            };
                            (unclassified, cost, !specific, length)
                        })
                        .min()
                };
                let Some(rank) = rank else { continue };
                if best.as_ref().is_none_or(|(best_rank, _)| rank < *best_rank) {
                    best = Some((rank, lemma.clone()));
                }
            }
        }
    }
    best.map(|(_, lemma)| lemma)
}

fn cyrillic_letters(word: &str) -> Option<Vec<char>> {
    let letters: Vec<char> = word.chars().collect();
    let cyrillic =
        !letters.is_empty() && letters.iter().all(|&letter| ('\u{0400}'..='\u{04FF}').contains(&letter));
    cyrillic.then_some(letters)
}

/// The stem of a lower-case Kazakh word with a lexicon of lemmas: the best known lemma the
/// word starts with ([`longest_lemma`]), the rest being a chain of inflectional suffixes; a
/// verbal noun's lemma is taken back to its verb. Words no lemma explains get the rule-based
/// stem of [`stem_kazakh`].
pub fn stem_kazakh_with(word: &str, lexicon: &Lexicon) -> String {
    if !lexicon.has_kazakh_lemmas() {
        return stem_kazakh(word);
    }
    let Some(letters) = cyrillic_letters(word) else { return word.to_string() };
    match longest_lemma(&letters, lexicon, letters.len()) {
        Some(lemma) => verb_of_verbal_noun(&lemma, lexicon).unwrap_or_else(|| spelled(&lemma)),
        None => stem_kazakh(word),
    }
}
