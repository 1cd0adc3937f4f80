//! Generator tests on made-up English texts: determinism, truth offsets that point at the
//! rewritten and the original sentences, and what each rewriting does.

use super::*;

fn input(name: &str, topic: &str) -> InputText {
    let text: Vec<String> = (0..30)
        .map(|index| {
            format!(
                "The {topic} study number {index} measured rainfall in the northern valleys, \
                 and the results were compared with the records kept by local farmers."
            )
        })
        .collect();
    InputText { name: name.to_string(), language: DocLang::En, text: text.join(" ") + "\n" }
}

fn inputs() -> Vec<InputText> {
    vec![input("a.txt", "first"), input("b.txt", "second"), input("c.txt", "third"), input("d.txt", "fourth")]
}

fn thesauri() -> Thesauri {
    let dix = "<e><p><l>study<s n=\"n\"/></l><r>зерттеу<s n=\"n\"/></r></p></e>\
               <e><p><l>research<s n=\"n\"/></l><r>зерттеу<s n=\"n\"/></r></p></e>\
               <e><p><l>rainfall<s n=\"n\"/></l><r>жауын<s n=\"n\"/></r></p></e>\
               <e><p><l>precipitation<s n=\"n\"/></l><r>жауын<s n=\"n\"/></r></p></e>\
               <e><p><l>results<s n=\"n\"/></l><r>нәтиже<s n=\"n\"/></r></p></e>\
               <e><p><l>findings<s n=\"n\"/></l><r>нәтиже<s n=\"n\"/></r></p></e>";
    let (english, _) = Thesaurus::pair_from_dix(dix);
    Thesauri { english: english.with_stems(DocLang::En), ..Thesauri::default() }
}

fn config() -> ParaphraseSetConfig {
    ParaphraseSetConfig { cases_per_kind: 6, ..ParaphraseSetConfig::DEFAULT }
}

#[test]
fn the_set_is_deterministic_and_covers_every_kind() {
    let first = make_paraphrase_set(&inputs(), &thesauri(), &config());
    let second = make_paraphrase_set(&inputs(), &thesauri(), &config());
    let texts = |set: &ParaphraseSet| set.suspicious.iter().map(|d| d.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&first), texts(&second));
    for kind in RewriteKind::ALL {
        let cases: usize = first.suspicious.iter().filter(|d| d.kind == kind).map(|d| d.cases.len()).sum();
        assert!(cases >= 6, "{kind:?}: {cases} cases");
    }
    assert!(first.suspicious.iter().all(|d| d.negative_source.is_some()));
}

#[test]
fn truth_offsets_point_at_the_rewritten_and_the_original_text() {
    let set = make_paraphrase_set(&inputs(), &thesauri(), &config());
    for document in &set.suspicious {
        let source = set.sources.iter().find(|s| s.name == document.source).expect("source");
        let chars: Vec<char> = document.text.chars().collect();
        let source_chars: Vec<char> = source.text.chars().collect();
        for case in &document.cases {
            let planted: String =
                chars[case.this_offset..case.this_offset + case.this_length].iter().collect();
            let original: String =
                source_chars[case.source_offset..case.source_offset + case.source_length].iter().collect();
            assert!(original.starts_with("The ") && original.ends_with('.'), "{original}");
            assert!(planted.ends_with('.'), "{planted}");
            if document.kind != RewriteKind::Synonyms && document.kind != RewriteKind::Heavy {
                assert!(
                    planted.to_lowercase().contains("rainfall") || document.kind == RewriteKind::Deletion
                );
            }
        }
    }
}

#[test]
fn rewritings_do_what_they_say() {
    let sentence = "The first study measured rainfall in the northern valleys, and the results were \
                    compared with the records kept by local farmers.";
    let mut rng = SplitMix64::new(3);
    let words = |text: &str| {
        let mut words: Vec<String> = text
            .split_whitespace()
            .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .collect();
        words.sort();
        words
    };
    let shuffled = rewrite::shuffle_inside_clauses(sentence, &mut rng);
    assert_ne!(shuffled, sentence);
    assert_eq!(words(&shuffled), words(sentence));
    let deleted = rewrite::delete_words(sentence, 0.2, &mut rng);
    let removed = words(sentence).len() - words(&deleted).len();
    assert!((2..=5).contains(&removed), "{deleted}");
    let added = rewrite::add_words(sentence, 0.2, DocLang::En, &mut rng);
    assert!(words(&added).len() > words(sentence).len());
    let (synonyms, replaced) =
        rewrite::replace_synonyms(sentence, 1.0, &thesauri().english, DocLang::En, &mut rng);
    assert!(replaced >= 2 && synonyms.contains("precipitation"), "{synonyms}");
    let split = rewrite::split_sentence(sentence).expect("a comma to split at");
    assert!(split.contains("valleys. And"), "{split}");
    let merged = rewrite::merge_sentences("One thing happened.", "Another followed.", DocLang::En);
    assert_eq!(merged, "One thing happened, and another followed.");
}
