//! Import tests: each dictionary format on a small sample written here, the compiled file
//! merged and replaced, and (when `../shared/lexicons` is present) the real Apertium lexicon
//! scored on the hand-checked Kazakh word list.

use super::*;
use crate::model::DocLang;
use crate::text::lexicon::{WordClass, WordClasses};

const LEXC: &str = "LEXICON Root\nCommon ;\n\nLEXICON N1\n%<n%>: NOUN ;\n\nLEXICON Common\n\
    кітап:кітап N1 ; ! \"book\"\nқала:қала N1 ; !\nқала:қала V-TV ; !\nжаз:жаз V-TV ; !\n\
    ақ% сақал:ақ% сақал N1 ; ! multi-word\nAББ:AББ N1 ;\nАбай:Абай NP-ANT-M ;\n\nLEXICON Proper\nАстана:Астана NP-TOP ;\n";

#[test]
fn lexc_gives_kazakh_lemmas_with_their_classes() {
    let data = parse_lexc(LEXC);
    let lemmas: Vec<(&str, WordClasses)> = data.kazakh_lemmas.iter().map(|(l, c)| (l.as_str(), *c)).collect();
    let mut city = WordClasses::of(WordClass::Noun);
    city.insert(WordClass::Verb);
    assert_eq!(
        lemmas,
        vec![
            ("жаз", WordClasses::of(WordClass::Verb)),
            ("кітап", WordClasses::of(WordClass::Noun)),
            ("қала", city)
        ]
    );
}

const DIX: &str = r#"<dictionary><section id="main" type="standard">
<e><p><l>тары<s n="n"/></l><r>пшено<s n="n"/></r></p></e>
<e><p><l>сөк<s n="n"/></l><r>пшено<s n="n"/></r></p></e>
<e><p><l>мектепке<s n="n"/></l><r>школа<s n="n"/></r></p></e>
<e><p><l>мектеп<s n="n"/></l><r>школа<s n="n"/></r></p></e>
<e><p><l>жақсы<s n="adj"/></l><r>хороший<s n="adj"/></r></p></e>
<e><p><l>Абай<s n="np"/></l><r>Абай<s n="np"/></r></p></e>
</section></dictionary>"#;

#[test]
fn dix_gives_kazakh_synonyms_by_a_shared_translation_and_no_lemmas() {
    let data = parse_dix(DIX);
    assert!(data.kazakh_lemmas.is_empty(), "dictionary words include inflected forms");
    let groups: Vec<&Vec<String>> = data.synonyms[&DocLang::Kk].iter().collect();
    assert_eq!(
        groups,
        vec![
            &vec!["мектеп".to_string(), "мектепке".to_string()],
            &vec!["сөк".to_string(), "тары".to_string()]
        ]
    );
    // English on the left, Kazakh on the right: the Kazakh side is found by its letters.
    let reversed =
        DIX.replace("<l>", "<x>").replace("</l>", "</x>").replace("<r>", "<l>").replace("</r>", "</l>");
    let reversed = reversed.replace("<x>", "<r>").replace("</x>", "</r>");
    assert_eq!(parse_dix(&reversed).synonyms, data.synonyms);
}

#[test]
fn mythes_takes_synonyms_and_leaves_antonyms_and_related_terms() {
    let russian =
        "\u{feff}UTF-8\nдовод|2\n(синоним)|аргумент|доказательство|основание для\n(антоним)|контрдовод\n";
    let data = parse_mythes(russian.as_bytes(), DocLang::Ru);
    let groups: Vec<&Vec<String>> = data.synonyms[&DocLang::Ru].iter().collect();
    assert_eq!(
        groups,
        vec![&vec!["аргумент".to_string(), "довод".to_string(), "доказательство".to_string()]]
    );
    let mut english =
        b"ISO8859-1\nna\xefve|1\n(adj)|innocent|simple (similar term)|wise (antonym)\n".to_vec();
    english.extend_from_slice(b"method|1\n(noun)|approach|technique|plan of action\n");
    let data = parse_mythes(&english, DocLang::En);
    let groups: Vec<&Vec<String>> = data.synonyms[&DocLang::En].iter().collect();
    assert_eq!(
        groups,
        vec![
            &vec!["approach".to_string(), "method".to_string(), "technique".to_string()],
            &vec!["innocent".to_string(), "naïve".to_string()]
        ]
    );
}

#[test]
fn import_merges_into_the_compiled_file_and_replace_starts_over() {
    let folder = tempfile::tempdir().unwrap();
    let lexc = folder.path().join("apertium-kaz.kaz.lexc");
    std::fs::write(&lexc, LEXC).unwrap();
    let thesaurus = folder.path().join("th_ru_RU_v2.dat");
    std::fs::write(&thesaurus, "UTF-8\nдовод|1\n(синоним)|аргумент\n").unwrap();
    let file = folder.path().join("data").join(LEXICON_FILE);
    let summary = import_into(&file, std::slice::from_ref(&lexc), false).unwrap();
    assert!(summary.starts_with("3 Kazakh lemmas"), "{summary}");
    let summary = import_into(&file, std::slice::from_ref(&thesaurus), false).unwrap();
    assert!(summary.contains("3 Kazakh lemmas") && summary.contains("ru 1 groups"), "{summary}");
    let summary = import_into(&file, std::slice::from_ref(&thesaurus), true).unwrap();
    assert!(summary.starts_with("0 Kazakh lemmas"), "{summary}");
    assert!(install_from(&folder.path().join("missing.txt")).unwrap().is_none());

    let unknown = folder.path().join("words.csv");
    std::fs::write(&unknown, "a,b").unwrap();
    assert!(matches!(import_file(&unknown), Err(LexiconImportError::UnknownFormat { .. })));
    let empty = folder.path().join("empty.lexc");
    std::fs::write(&empty, "LEXICON Common\n").unwrap();
    assert!(matches!(import_file(&empty), Err(LexiconImportError::Invalid { .. })));
    std::fs::write(&file, "not a lexicon").unwrap();
    assert!(matches!(read_compiled(&file), Err(LexiconImportError::Invalid { .. })));
}

#[test]
fn source_formats_are_told_by_their_names() {
    let of = |name: &str| SourceFormat::of(Path::new(name));
    assert_eq!(of("/x/apertium-kaz.kaz.lexc"), Some(SourceFormat::Lexc));
    assert_eq!(of("apertium-kaz-rus.kaz-rus.dix"), Some(SourceFormat::Dix));
    assert_eq!(of("th_ru_RU_v2.dat"), Some(SourceFormat::MyThes(DocLang::Ru)));
    assert_eq!(of("th_en_US_v2.dat"), Some(SourceFormat::MyThes(DocLang::En)));
    assert_eq!(of("kk_KZ.dic"), None, "Hunspell stems are no lemmas");
    assert_eq!(of("ru_RU.dic"), None);
}

/// The shared Apertium lexicon, when present: the lemmatizer with it beats the rules alone on
/// the hand-checked list and never joins two different words there.
#[test]
fn apertium_lexicon_improves_the_kazakh_stemmer() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/lexicons/apertium-kaz/apertium-kaz.kaz.lexc");
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return;
    }
    use crate::text::lexicon::Lexicon;
    use crate::text::stem::score::{parse_gold, score_stemmer, KAZAKH_WORDS};
    let lexicon = Lexicon::new(import_file(&path).unwrap());
    assert!(lexicon.kazakh_lemma_count() > 20_000);
    let groups = parse_gold(KAZAKH_WORDS);
    let rules = score_stemmer(&groups, crate::text::stem::stem_kazakh);
    let with_lexicon = score_stemmer(&groups, |word| crate::text::stem::stem_kazakh_with(word, &lexicon));
    assert_eq!(with_lexicon.pair_precision, 1.0, "{with_lexicon:?}");
    assert!(with_lexicon.pair_recall > rules.pair_recall, "{with_lexicon:?} vs {rules:?}");
    assert!(with_lexicon.exact > rules.exact + 50, "{with_lexicon:?} vs {rules:?}");
}

/// The thesauri Debian installs (`tools/test.sh` installs them and sets
/// `ADAL_REQUIRE_LEXICONS=1`, so then they must be there): both import, and Russian and
/// English synonyms make classes.
#[test]
fn system_dictionaries_import() {
    let sources = system_sources();
    if sources.len() < SYSTEM_SOURCES.len() {
        assert!(
            std::env::var("ADAL_REQUIRE_LEXICONS").is_err(),
            "ADAL_REQUIRE_LEXICONS is set but only {sources:?} are installed"
        );
        eprintln!("skipped: mythes-ru and mythes-en-us are not both installed");
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join(LEXICON_FILE);
    let summary = import_defaults_if_missing(&file, &[]).unwrap().expect("imported");
    assert!(import_defaults_if_missing(&file, &[]).unwrap().is_none(), "only once");
    let lexicon = crate::text::lexicon::Lexicon::new(read_compiled(&file).unwrap().unwrap());
    assert!(lexicon.class_count() > 5_000, "{summary}");
}

const BILINGUAL: &str = r#"<dictionary><section id="main" type="standard">
<e><p><l>мектеп<s n="n"/></l><r>школа<s n="n"/><s n="f"/></r></p></e>
<e r="LR"><p><l>мектепке<s n="n"/></l><r>школа<s n="n"/></r></p></e>
<e><p><l>жөнге<b/>сал<s n="v"/><s n="tv"/></l><r>устроить<s n="vblex"/></r></p></e>
<e><p><l>және<s n="cnjcoo"/></l><r>и<s n="cnjcoo"/></r></p></e>
<e><p><l>Абай<s n="np"/><s n="ant"/></l><r>Абай<s n="np"/><s n="ant"/></r></p></e>
<e r="RL"><p><l></l><r><s n="nt"/></r></p></e>
</section></dictionary>"#;

#[test]
fn dix_gives_translation_pairs_of_single_content_words() {
    let data = parse_dix(BILINGUAL);
    let pairs: Vec<(&str, &str)> =
        data.translations[&DocLang::Ru].iter().map(|(kk, ru)| (kk.as_str(), ru.as_str())).collect();
    assert_eq!(pairs, vec![("абай", "абай"), ("мектеп", "школа"), ("мектепке", "школа")]);
    // English on the left, with a phrasal verb's particle in a group: the head word is kept.
    let english = r#"<dictionary><section>
<e><p><l>look<g><b/>at</g><s n="vblex"/></l><r>қара<s n="v"/><s n="tv"/></r></p></e>
<e><p><l>school<s n="n"/></l><r>мектеп<s n="n"/></r></p></e>
<e><p><l>have<g><b/>to</g><s n="vbmod"/></l><r></r></p></e>
</section></dictionary>"#;
    let data = parse_dix(english);
    let pairs: Vec<(&str, &str)> =
        data.translations[&DocLang::En].iter().map(|(kk, en)| (kk.as_str(), en.as_str())).collect();
    assert_eq!(pairs, vec![("мектеп", "school"), ("қара", "look")]);
    // The compiled file keeps them (version 2) and reads them back.
    let text = data.to_text();
    assert!(text.starts_with("adal-lexicon 2\n") && text.contains("translation\ten\tмектеп\tschool\n"));
    assert_eq!(LexiconData::parse(&text).unwrap(), data);
}

#[test]
fn a_dix_without_a_kazakh_side_gives_nothing() {
    let dix = r#"<e><p><l>school<s n="n"/></l><r>школа<s n="n"/></r></p></e>"#;
    let data = parse_dix(dix);
    assert_eq!(data.translation_count(), 0);
    assert!(data.synonyms.is_empty());
}

/// The shared bilingual dictionaries, when present: both import, and most of their entries
/// become translation pairs.
#[test]
fn apertium_bilingual_dictionaries_import() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/lexicons");
    let kazakh_russian = root.join("apertium-kaz-rus/apertium-kaz-rus.kaz-rus.dix");
    let english_kazakh = root.join("apertium-eng-kaz/apertium-eng-kaz.eng-kaz.dix");
    if !kazakh_russian.exists() || !english_kazakh.exists() {
        eprintln!("skipped: the Apertium bilingual dictionaries are absent");
        return;
    }
    let russian = import_file(&kazakh_russian).unwrap();
    let english = import_file(&english_kazakh).unwrap();
    assert!(russian.translations[&DocLang::Ru].len() > 20_000, "{}", russian.translation_count());
    assert!(english.translations[&DocLang::En].len() > 20_000, "{}", english.translation_count());
    assert!(russian.translations[&DocLang::Ru].contains(&("мектеп".to_string(), "школа".to_string())));
    assert!(english.translations[&DocLang::En].contains(&("халық".to_string(), "population".to_string())));
}

#[test]
fn a_glossary_gives_translation_pairs_of_single_words() {
    let data = parse_glossary(
        "kk\tru\ten\nзерттеу\tисследование; изучение\tresearch; study\nсу\tвода\twater\n\
         жол\tдорога\tright of way; road\nөзен; дария\tрека\t\n",
    )
    .unwrap();
    let russian: Vec<(&str, &str)> =
        data.translations[&DocLang::Ru].iter().map(|(kk, ru)| (kk.as_str(), ru.as_str())).collect();
    assert_eq!(
        russian,
        [
            ("дария", "река"),
            ("жол", "дорога"),
            ("зерттеу", "изучение"),
            ("зерттеу", "исследование"),
            ("су", "вода"),
            ("өзен", "река")
        ]
    );
    let english: Vec<(&str, &str)> =
        data.translations[&DocLang::En].iter().map(|(kk, en)| (kk.as_str(), en.as_str())).collect();
    assert_eq!(english, [("жол", "road"), ("зерттеу", "research"), ("зерттеу", "study"), ("су", "water")]);
}

#[test]
fn a_glossary_without_its_header_or_with_a_short_line_is_refused() {
    assert!(parse_glossary("су\tвода\twater\n").unwrap_err().contains("header"));
    assert!(parse_glossary("kk\tru\ten\nсу\tвода\n").unwrap_err().contains("line 2"));
    assert!(parse_glossary("").is_err());
}

/// The seed glossary shipped in `corpus/glossary` imports and gives a useful number of pairs in
/// both directions (the demo's translated thesis is found through it).
#[test]
fn the_shipped_glossary_imports() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(GLOSSARY_FILE);
    let data = import_file(&path).expect("corpus/glossary/kk-ru-en.tsv imports");
    assert!(data.translations[&DocLang::Ru].len() > 2_000, "{}", data.translations[&DocLang::Ru].len());
    assert!(data.translations[&DocLang::En].len() > 2_000, "{}", data.translations[&DocLang::En].len());
}
