//! Data-driven tests of normalization: one `check` helper, many one-line cases.

use super::*;
use unicode_segmentation::UnicodeSegmentation;

fn same(a: &str, b: &str) {
    assert_eq!(canonical_words(a), canonical_words(b), "{a:?} vs {b:?}");
}

fn homoglyph_alerts(text: &str) -> usize {
    analyze(text).alerts.iter().filter(|alert| matches!(alert, TextAlert::Homoglyph { .. })).count()
}

#[test]
fn ligatures_case_and_yo() {
    same("ﬁnal ﬂow", "final flow");
    same("ЁЛКА Ёж", "елка еж");
    same("ҚАЗАҚСТАН РЕСПУБЛИКАСЫ", "Қазақстан Республикасы");
    same("İstanbul", "istanbul");
}

#[test]
fn kazakh_i_stays_distinct_from_nothing_and_is_not_dotless_surprised() {
    // і must survive lower-casing (no Turkish dotless-i rules) and Latin I in English stays i.
    assert_eq!(canonical_words("ІШКІ"), canonical_words("ішкі"));
    assert_eq!(canonical_words("INDEX"), vec!["index".to_string()]);
}

#[test]
fn hyphens_between_letters_are_deleted_on_both_sides() {
    same("термино-логических", "терминологических");
    same("термино-\nлогических", "терминологических");
    same("ғылыми-техникалық", "ғылымитехникалық");
    assert_eq!(canonical_words("слово — тире").len(), 2);
}

#[test]
fn invisible_characters_are_removed_and_counted() {
    same("сло\u{200B}во и\u{00AD}дея жа\u{2060}ңа", "слово идея жаңа");
    let analyzed = analyze("сло\u{200B}во и\u{200C}де\u{200D}я");
    let counted: u32 = analyzed
        .alerts
        .iter()
        .map(|alert| match alert {
            TextAlert::InvisibleCharacters { count, .. } => *count,
            _ => 0,
        })
        .sum();
    assert_eq!(counted, 3);
    assert_eq!(analyzed.tokens.len(), 2);
}

#[test]
fn homoglyph_words_fold_to_their_script_and_are_flagged() {
    same("oбрaзoвaниe", "образование");
    same("Қaзaқстaн", "Қазақстан");
    same("tһе plagiarism", "the plagiarism");
    // An English sentence with Cyrillic look-alikes, including words made only of look-alikes.
    same("Тһіs іs а сору оf tһе tехt", "This is a copy of the text");
    // A Russian sentence with Latin look-alikes, including a word made only of look-alikes.
    same("Cop и вpeмя", "Сор и время");
    assert_eq!(homoglyph_alerts("oбрaзoвaниe"), 1);
    assert_eq!(homoglyph_alerts("tһе plagiarism"), 1);
}

#[test]
fn clean_text_raises_no_alerts() {
    let clean = [
        "Қазақстан Республикасы Ғылым және жоғары білім министрлігі",
        "IT-саласы мен COVID-19 пандемиясы, IEEE стандарты, ҚР ПМ 2021 ж.",
        "The IEEE 802.11 standard and the Wi-Fi Alliance",
        "Образование в Республике Казахстан: PISA, OECD и UNESCO",
        "Abai Qunanbaiuly wrote «Қара сөздер» in 1890–1898.",
    ];
    for text in clean {
        assert!(analyze(text).alerts.is_empty(), "{text}: {:?}", analyze(text).alerts);
    }
}

#[test]
fn kazakh_latin_2021_meets_cyrillic() {
    same(
        "Qazaqstan Respublikasynyñ Konstitutsiiasy halyqtyñ erkın bıldıredı",
        "Қазақстан Республикасының Конституциясы халықтың еркін білдіреді",
    );
    same("Şoqan Uälihanov ğylymi eñbekterı", "Шоқан Уәлиханов ғылыми еңбектері");
}

#[test]
fn english_is_not_damaged() {
    assert_eq!(
        canonical_words("The quick brown fox jumps over the lazy dog"),
        ["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog"]
    );
}

#[test]
fn digits_do_not_break_words() {
    same("теорема¹ доказана", "теорема доказана");
    assert!(canonical_words("2021 1.5 [12]").is_empty());
}

#[test]
fn tokens_keep_exact_spans() {
    let text = "Сәлем, о\u{200B}бразование!";
    let analyzed = analyze(text);
    let words: Vec<&str> =
        analyzed.tokens.iter().map(|token| &text[token.span.start..token.span.end]).collect();
    assert_eq!(words, ["Сәлем", "о\u{200B}бразование"]);
}

#[test]
fn words_agree_with_uax29_on_clean_text() {
    let text = "Қазақстан Республикасының білім беру жүйесі 2021 жылы өзгерді. \
                Образование в Казахстане меняется; students' results improve, and so do teachers.";
    let ours: Vec<&str> = {
        let analyzed = analyze(text);
        analyzed.tokens.iter().map(|token| &text[token.span.start..token.span.end]).collect()
    };
    let reference: Vec<&str> =
        text.unicode_words().filter(|word| word.chars().any(char::is_alphabetic)).collect();
    assert_eq!(ours, reference);
}

#[test]
fn language_detection() {
    use crate::model::DocLang;
    assert_eq!(detect_language("Қазақстан Республикасының білім беру жүйесі"), DocLang::Kk);
    assert_eq!(detect_language("Образование в Республике Казахстан"), DocLang::Ru);
    assert_eq!(detect_language("Education in the Republic of Kazakhstan"), DocLang::En);
    assert_eq!(detect_language("Qazaqstan Respublikasynyñ bılım beru jüiesı"), DocLang::Kk);
    assert_eq!(detect_language("12345"), DocLang::Other);
}
