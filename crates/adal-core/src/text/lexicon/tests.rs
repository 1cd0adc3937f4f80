//! Lexicon tests: the compiled text round-trips, synonym classes join synonyms and stay small,
//! Kazakh lemmas steer the stemmer, and stem keys of synonyms agree.

use super::*;
use crate::text::stem::{stem_kazakh_with, stem_keys_with};

fn sample() -> LexiconData {
    let mut data = LexiconData::default();
    for (lemma, class) in [
        ("кітап", WordClass::Noun),
        ("алма", WordClass::Noun),
        ("ал", WordClass::Verb),
        ("зертте", WordClass::Verb),
        ("зерттеу", WordClass::Noun),
        ("оқы", WordClass::Verb),
        ("оқу", WordClass::Noun),
        ("нәтиже", WordClass::Noun),
    ] {
        data.add_kazakh_lemma(lemma, class);
    }
    data.add_synonyms(DocLang::Ru, ["довод", "аргумент", "доказательство"]);
    data.add_synonyms(DocLang::En, ["method", "approach"]);
    data.add_synonyms(DocLang::En, ["big phrase here", "x"]);
    data
}

#[test]
fn compiled_text_round_trips_and_is_sorted() {
    let data = sample();
    let text = data.to_text();
    assert!(text.starts_with("adal-lexicon 1\n"));
    assert!(text.contains("kk-lemma\tалма\tnoun\n"));
    let mut both = data.clone();
    both.add_kazakh_lemma("алма", WordClass::Verb);
    assert!(both.to_text().contains("kk-lemma\tалма\tnoun,verb\n"));
    assert_eq!(LexiconData::parse(&both.to_text()).unwrap(), both);
    assert!(text.contains("synonyms\tru\tаргумент|довод|доказательство\n"), "{text}");
    assert!(!text.contains("big phrase"), "phrases are not synonyms of words");
    assert_eq!(LexiconData::parse(&text).unwrap(), data);
    assert_eq!(LexiconData::parse("hello"), Err(LexiconError::NotALexicon));
    assert!(matches!(
        LexiconData::parse("adal-lexicon 1\nkk-lemma\tx\tnonsense\n"),
        Err(LexiconError::BadLine { line: 2, .. })
    ));
}

#[test]
fn kazakh_lemmas_decide_where_the_stem_ends() {
    let lexicon = Lexicon::new(sample());
    // The longest lemma whose rest is a chain of suffixes: алма-ны, not ал-ма-ны.
    assert_eq!(stem_kazakh_with("алманы", &lexicon), "алма");
    assert_eq!(stem_kazakh_with("алмаға", &lexicon), "алма");
    assert_eq!(stem_kazakh_with("алды", &lexicon), "ал");
    // Consonant alternation at the stem's end.
    assert_eq!(stem_kazakh_with("кітабымыз", &lexicon), "кітап");
    // The rule-based stemmer would cut нәтиже to нәтиж; the lemma keeps it whole.
    assert_eq!(stem_kazakh_with("нәтижесінде", &lexicon), "нәтиже");
    // Verbal nouns go back to their verb, so the noun and the verb share a stem.
    assert_eq!(stem_kazakh_with("зерттеудің", &lexicon), "зертте");
    assert_eq!(stem_kazakh_with("зерттеді", &lexicon), "зертте");
    assert_eq!(stem_kazakh_with("оқу", &lexicon), "оқы");
    assert_eq!(stem_kazakh_with("оқыды", &lexicon), "оқы");
    // Unknown words fall back to the rules.
    assert_eq!(stem_kazakh_with("мектептер", &lexicon), crate::text::stem::stem_kazakh("мектептер"));
    // Without lemmas, the rules alone.
    assert_eq!(stem_kazakh_with("нәтижесі", &Lexicon::default()), crate::text::stem::stem_kazakh("нәтижесі"));
}

#[test]
fn synonyms_share_a_stem_key_and_others_do_not() {
    let lexicon = Lexicon::new(sample());
    let text = "Этот довод убедителен, а тот аргумент слаб; другое доказательство.";
    let analyzed = crate::text::analyze(text);
    let keys = stem_keys_with(text, &analyzed.tokens, DocLang::Ru, &lexicon);
    let key_of = |word: &str| {
        let index = analyzed.tokens.iter().position(|token| &text[token.span.start..token.span.end] == word);
        keys[index.unwrap()].hash
    };
    assert_eq!(key_of("довод"), key_of("аргумент"));
    assert_eq!(key_of("довод"), key_of("доказательство"));
    assert_ne!(key_of("довод"), key_of("убедителен"));
    // Without the lexicon, different words keep different keys.
    let plain = stem_keys_with(text, &analyzed.tokens, DocLang::Ru, &Lexicon::default());
    let first = analyzed.tokens.iter().position(|t| &text[t.span.start..t.span.end] == "довод").unwrap();
    let second = analyzed.tokens.iter().position(|t| &text[t.span.start..t.span.end] == "аргумент").unwrap();
    assert_ne!(plain[first].hash, plain[second].hash);
    // Inflected forms find the class through their stem.
    let inflected = "доводы и аргументами";
    let analyzed_inflected = crate::text::analyze(inflected);
    let inflected_keys = stem_keys_with(inflected, &analyzed_inflected.tokens, DocLang::Ru, &lexicon);
    assert_eq!(inflected_keys[0].hash, inflected_keys[2].hash);
    assert_eq!(inflected_keys[0].hash, key_of("довод"));
}

#[test]
fn classes_stop_growing_at_the_cap() {
    let mut data = LexiconData::default();
    // A chain of overlapping pairs (polysemy) would join everything into one class.
    let words: Vec<String> = (0..40)
        .map(|index| format!("word{}", char::from(b'a' + (index % 26) as u8)).repeat(1 + index / 26))
        .collect();
    for pair in words.windows(2) {
        data.add_synonyms(DocLang::En, [pair[0].as_str(), pair[1].as_str()]);
    }
    let lexicon = Lexicon::new(data);
    let mut members: HashMap<u32, HashSet<u64>> = HashMap::new();
    for word in &words {
        let stem = crate::text::stem::stem_with(word, DocLang::En, &lexicon);
        let key = stem_class_key(canonical_stem_hash(&stem), DocLang::En);
        if let Some(class) = lexicon.class_of(key) {
            members.entry(class).or_default().insert(key);
        }
    }
    let sizes: HashMap<u32, usize> = members.into_iter().map(|(class, keys)| (class, keys.len())).collect();
    assert!(sizes.values().all(|&size| size <= MAX_CLASS_STEMS), "{sizes:?}");
    assert!(sizes.len() >= 40 / MAX_CLASS_STEMS, "{sizes:?}");
}

#[test]
fn installed_lexicon_is_the_active_one() {
    // Only the emptiness of the default is checked here: installing would change every other
    // test of this binary.
    assert!(active().is_empty() || active().kazakh_lemma_count() > 0);
    assert!(Lexicon::default().is_empty());
    assert!(Lexicon::new(sample()).summary().contains("8 Kazakh lemmas"));
}

#[test]
fn a_lexicon_of_version_1_still_loads() {
    let old = "adal-lexicon 1\nkk-lemma\tкітап\tnoun\nsynonyms\tru\tаргумент|довод\n";
    let data = LexiconData::parse(old).unwrap();
    assert_eq!(data.kazakh_lemmas.len(), 1);
    assert_eq!(data.translation_count(), 0);
    assert_eq!(data.to_text(), old, "a lexicon without translations is written as version 1");
}

#[test]
fn translations_make_concepts_shared_by_russian_and_english_through_kazakh() {
    let mut data = sample();
    data.add_kazakh_lemma("мектеп", WordClass::Noun);
    data.add_translation(DocLang::Ru, "мектеп", "школа");
    data.add_translation(DocLang::En, "мектеп", "school");
    data.add_translation(DocLang::Ru, "кітап", "книга");
    data.add_translation(DocLang::Ru, "x", "книга");
    data.add_translation(DocLang::En, "кітап", "книга");
    assert_eq!(data.translation_count(), 3, "malformed pairs are ignored");
    let lexicon = Lexicon::new(data);
    assert_eq!(lexicon.concepts().len(), 2);
    let concepts_of = |word: &str, language: DocLang| {
        let stem = crate::text::stem::stem_with(word, language, &lexicon);
        lexicon.concepts().concepts_of(stem_class_key(canonical_stem_hash(&stem), language)).to_vec()
    };
    let school = concepts_of("мектебімізде", DocLang::Kk);
    assert_eq!(school.len(), 1);
    assert_eq!(concepts_of("школы", DocLang::Ru), school);
    assert_eq!(concepts_of("schools", DocLang::En), school);
    assert_ne!(concepts_of("книгами", DocLang::Ru), school);
    assert!(concepts_of("погода", DocLang::Ru).is_empty());
    assert!(
        lexicon.summary().contains("translations: kk-ru 2, kk-en 1; 2 concepts"),
        "{}",
        lexicon.summary()
    );
}
