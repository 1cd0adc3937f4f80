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
