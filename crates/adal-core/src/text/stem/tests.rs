//! Stemmer tests: hand-checked inflected Kazakh words grouped by dictionary word, the Snowball
//! stemmers on Russian and English forms, stop words and stem keys.

use super::*;

/// Dictionary word, then inflected forms of it (case, possessive, plural, person, tense), all
/// checked by hand. Every form of a group must get one stem, a prefix of the dictionary word (up
/// to the final consonant alternation п/б, к/г, қ/ғ).
const KAZAKH_GROUPS: &[(&str, &[&str])] = &[
    (
        "кітап",
        &[
            "кітап",
            "кітабы",
            "кітаптар",
            "кітаптың",
            "кітапқа",
            "кітапта",
            "кітаптан",
            "кітабымыз",
            "кітаптарды",
        ],
    ),
    ("жүрек", &["жүрек", "жүрегі", "жүрегіміз", "жүректің", "жүрекке", "жүректе", "жүректен"]),
    ("тарақ", &["тарақ", "тарағы", "тарақтар", "тараққа", "тарағын"]),
    ("мектеп", &["мектеп", "мектебі", "мектепке", "мектепте", "мектептен", "мектептер", "мектебіміз"]),
    ("қала", &["қала", "қаланың", "қалаға", "қалада", "қаладан", "қалалар", "қаласы", "қалалардың"]),
    ("адам", &["адам", "адамның", "адамға", "адамдар", "адамдарға", "адамы", "адамды", "адаммен"]),
    ("ел", &["ел", "елдің", "елге", "елде", "елден", "елдер", "еліміз"]),
    ("үй", &["үй", "үйдің", "үйге", "үйде", "үйден", "үйлер", "үйіміз"]),
    ("су", &["су", "судың", "суға", "суда", "судан", "сулар"]),
    (
        "университет",
        &[
            "университет",
            "университеттің",
            "университетке",
            "университетте",
            "университеттен",
            "университеттер",
            "университеті",
        ],
    ),
    ("студент", &["студент", "студенттер", "студенттің", "студентке", "студенттерге", "студенттеріміз"]),
    ("зерттеу", &["зерттеу", "зерттеудің", "зерттеуге", "зерттеуде", "зерттеулер", "зерттеуі", "зерттеуден"]),
    ("білім", &["білім", "білімнің", "білімге", "білімді", "білімде", "білімнен", "білімі"]),
    (
        "жұмыс",
        &[
            "жұмыс",
            "жұмысы",
            "жұмыстың",
            "жұмысқа",
            "жұмыста",
            "жұмыстан",
            "жұмыстар",
            "жұмысын",
            "жұмыстарды",
        ],
    ),
    ("тіл", &["тіл", "тілі", "тілдің", "тілге", "тілде", "тілден", "тілдер", "тілін"]),
    ("ғылым", &["ғылым", "ғылымның", "ғылымға", "ғылымда", "ғылымнан", "ғылымы"]),
    (
        "мемлекет",
        &[
            "мемлекет",
            "мемлекеттің",
            "мемлекетке",
            "мемлекетте",
            "мемлекеттер",
            "мемлекеті",
            "мемлекетімізде",
        ],
    ),
    ("тарих", &["тарих", "тарихы", "тарихтың", "тарихқа", "тарихта", "тарихтан"]),
    ("әдіс", &["әдіс", "әдісі", "әдістер", "әдістің", "әдіске", "әдісте", "әдістерін"]),
    ("нәтиже", &["нәтиже", "нәтижесі", "нәтижелер", "нәтижеге", "нәтижеде", "нәтижесінде"]),
    ("жазу", &["жазды", "жазған", "жазады", "жазып", "жазу", "жазамын", "жазбады"]),
    ("келу", &["келді", "келген", "келеді", "келіп", "келу", "келмеді", "келемін"]),
    ("білу", &["білді", "білген", "біледі", "біліп", "білу", "білмейді"]),
    ("қазақстан", &["қазақстан", "қазақстанның", "қазақстанға", "қазақстанда", "қазақстаннан"]),
    ("сабақ", &["сабақ", "сабағы", "сабақтар", "сабаққа", "сабақта", "сабақтан", "сабағын"]),
    ("көмек", &["көмек", "көмегі", "көмекке", "көмектің", "көмегін", "көмекпен"]),
    ("ұғым", &["ұғым", "ұғымы", "ұғымның", "ұғымдар", "ұғымға"]),
    ("даму", &["даму", "дамуы", "дамуға", "дамудың", "дамуында"]),
];

fn alternated_prefix(stem: &str, word: &str) -> bool {
    let voiced: String = stem
        .chars()
        .rev()
        .enumerate()
        .map(|(index, letter)| match (index, letter) {
            (0, 'п') => 'б',
            (0, 'к') => 'г',
            (0, 'қ') => 'ғ',
            (_, other) => other,
        })
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    word.starts_with(stem) || word.starts_with(&voiced)
}

#[test]
fn kazakh_forms_of_one_word_share_one_stem() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (lemma, forms) in KAZAKH_GROUPS {
        let lemma_stem = stem_kazakh(forms[0]);
        if !alternated_prefix(&lemma_stem, lemma) || lemma_stem.chars().count() < 2 {
            failures.push(format!("{lemma}: stem {lemma_stem:?} is not a prefix of the dictionary word"));
        }
        for form in *forms {
            let stem = stem_kazakh(form);
            if stem != lemma_stem {
                failures.push(format!("{form} (of {lemma}): {stem:?}, not {lemma_stem:?}"));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 100, "only {checked} words checked");
}

#[test]
fn kazakh_stems_of_different_words_differ() {
    let mut stems: Vec<String> = KAZAKH_GROUPS.iter().map(|(_, forms)| stem_kazakh(forms[0])).collect();
    let count = stems.len();
    stems.sort();
    stems.dedup();
    assert_eq!(stems.len(), count, "{stems:?}");
}

#[test]
fn kazakh_stemmer_keeps_short_roots_and_other_words() {
    assert_eq!(stem_kazakh("ана"), "ана");
    assert_eq!(stem_kazakh("бала"), "бала");
    assert_eq!(stem_kazakh("university"), "university");
}

#[test]
fn russian_and_english_forms_share_a_stem() {
    let stemmer = Stemmer::new();
    let russian = ["исследование", "исследования", "исследованием", "исследованиях"];
    let stem = stemmer.stem(russian[0], DocLang::Ru);
    for form in russian {
        assert_eq!(stemmer.stem(form, DocLang::Ru), stem, "{form}");
    }
    assert_eq!(stemmer.stem("ёлки", DocLang::Ru), stemmer.stem("елка", DocLang::Ru));
    let english = ["connect", "connected", "connecting", "connection", "connections"];
    for form in english {
        assert_eq!(stemmer.stem(form, DocLang::En), "connect", "{form}");
    }
}

#[test]
fn stop_words_per_language() {
    assert!(is_stop_word("the", DocLang::En));
    assert!(is_stop_word("которые", DocLang::Ru));
    assert!(is_stop_word("және", DocLang::Kk));
    assert!(!is_stop_word("plagiarism", DocLang::En));
    assert!(!is_stop_word("кітап", DocLang::Kk));
}

#[test]
fn stem_keys_mark_content_words() {
    let text = "The studies of \\frac measured connections";
    let analyzed = crate::text::analyze(text);
    let keys = stem_keys(text, &analyzed.tokens, DocLang::En);
    let content: Vec<bool> = keys.iter().map(|key| key.content).collect();
    assert_eq!(content, vec![false, true, false, false, true, true]);
    let other = "connection";
    let other_keys = stem_keys(other, &crate::text::analyze(other).tokens, DocLang::En);
    assert_eq!(keys[5].hash, other_keys[0].hash);
}

#[test]
fn word_language_follows_letters_then_document() {
    assert_eq!(word_language("қала", DocLang::Ru), DocLang::Kk);
    assert_eq!(word_language("город", DocLang::Ru), DocLang::Ru);
    assert_eq!(word_language("бала", DocLang::Kk), DocLang::Kk);
    assert_eq!(word_language("city", DocLang::Ru), DocLang::En);
}

#[test]
fn words_of_formulas_are_marked() {
    let text = "Let $\\alpha + beta$ hold, and \\(gamma\\) too; a price of 5$ stays text\n\nafter";
    let analyzed = crate::text::analyze(text);
    let keys = stem_keys(text, &analyzed.tokens, DocLang::En);
    let words: Vec<(&str, bool)> = analyzed
        .tokens
        .iter()
        .zip(&keys)
        .map(|(token, key)| (&text[token.span.start..token.span.end], key.formula))
        .collect();
    let formula: Vec<&str> = words.iter().filter(|(_, formula)| *formula).map(|(word, _)| *word).collect();
    assert_eq!(formula, vec!["alpha", "beta", "gamma"], "{words:?}");
}
