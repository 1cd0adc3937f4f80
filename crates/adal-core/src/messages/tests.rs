//! Checks of the catalogue: complete, translated, unique, no message written twice.

use super::*;

#[test]
fn every_message_has_three_non_empty_texts_and_unique_keys() {
    let mut keys = std::collections::HashSet::new();
    for &(key, kk, ru, en) in MESSAGES {
        assert!(keys.insert(key), "duplicate key {key}");
        assert!(!kk.trim().is_empty() && !ru.trim().is_empty() && !en.trim().is_empty(), "{key}");
    }
}

#[test]
fn kazakh_and_russian_texts_are_not_left_in_english() {
    for &(key, kk, ru, en) in MESSAGES {
        if SAME_IN_ALL_LANGUAGES.contains(&key) {
            continue;
        }
        assert_ne!(kk, en, "the Kazakh text of {key} is the English one");
        assert_ne!(ru, en, "the Russian text of {key} is the English one");
        // A Kazakh or Russian text is written in Cyrillic (codes like CSV or PDF may stay).
        for text in [kk, ru] {
            assert!(text.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)), "{key}: {text}");
        }
    }
}

#[test]
fn kazakh_texts_use_kazakh_letters_somewhere() {
    // Catches a table filled with Russian in the Kazakh column.
    let kazakh_letters = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];
    let with_kazakh =
        MESSAGES.iter().filter(|(_, kk, ..)| kk.chars().any(|c| kazakh_letters.contains(&c))).count();
    assert!(with_kazakh * 2 > MESSAGES.len(), "{with_kazakh} of {}", MESSAGES.len());
}

#[test]
fn placeholders_are_the_same_in_every_language() {
    let placeholders = |text: &str| {
        let mut names: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}'))
            .map(|(name, _)| name.to_string())
            .collect();
        names.sort();
        names
    };
    for &(key, kk, ru, en) in MESSAGES {
        assert_eq!(placeholders(kk), placeholders(en), "{key}");
        assert_eq!(placeholders(ru), placeholders(en), "{key}");
    }
}

#[test]
fn no_message_is_written_twice_under_two_keys() {
    let mut seen = std::collections::HashMap::new();
    for &(key, kk, ru, en) in MESSAGES {
        if let Some(first) = seen.insert((kk, ru, en), key) {
            panic!("{key} repeats {first}: use one key");
        }
    }
}

#[test]
fn text_finds_every_key_and_const_lookups_compile() {
    for &(key, kk, ..) in MESSAGES {
        assert_eq!(text(key).kk, kk);
    }
    const DRAFT: Translated = text("thesis_state_draft");
    assert_eq!(DRAFT.en, "Draft");
    assert!(msg_with(UiLang::En, "payload_too_large", &[("limit", "50 MB")]).contains("50 MB"));
}
