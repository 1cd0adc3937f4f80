//! Alignment tests on hand-made texts: each kind of rewriting gives one passage.

use super::*;
use crate::text::analyze;

const SOURCE_PASSAGE: &str = "Академиялық адалдық қағидаттары жоғары оқу орындарының сапасын айқындайтын \
    негізгі көрсеткіштердің бірі болып табылады. Студенттердің өз бетінше жұмыс істеу дағдысы \
    ғылыми жетекшінің тұрақты бақылауы арқылы қалыптасады. Плагиатты анықтау жүйелері мәтіндердің \
    ұқсастығын есептеп, дереккөздерді көрсетеді. Сондықтан университеттер мұндай жүйелерді \
    дипломдық жұмыстарды қорғауға дейін міндетті түрде қолданады.";

const FILLER_A: &str = "Бұл тарауда зерттеудің әдістемесі сипатталады және алынған нәтижелер талданады. \
    Сауалнамаға үш жүз қатысушы жауап берді, олардың көпшілігі бірінші курс студенттері еді.";
const FILLER_B: &str = "Келесі бөлімде экономикалық модельдің параметрлері бағаланады. Өңірлік \
    деректер статистика комитетінің ресми жинақтарынан алынды және мұқият тексерілді.";

fn passages(submission: &str, source: &str) -> Vec<AlignedPassage> {
    align(&analyze(submission).tokens, &analyze(source).tokens, &AlignmentConfig::DEFAULT)
}

#[test]
fn verbatim_copy_is_one_passage_with_exact_spans() {
    let submission = format!("{FILLER_A}\n\n{SOURCE_PASSAGE}\n\n{FILLER_B}");
    let source = format!("Мүлде басқа тақырыптағы кіріспе сөйлем мұнда тұр.\n\n{SOURCE_PASSAGE}");
    let found = passages(&submission, &source);
    assert_eq!(found.len(), 1, "{found:?}");
    let passage = found[0];
    let copied = &submission[passage.submission_span.start..passage.submission_span.end];
    assert!(SOURCE_PASSAGE.starts_with(copied.split(' ').next().unwrap_or_default()));
    assert!(copied.ends_with("қолданады"), "{copied}");
    assert_eq!(&source[passage.source_span.start..passage.source_span.end], copied);
    assert!(passage.in_order);
}

#[test]
fn unrelated_texts_share_nothing() {
    assert!(passages(FILLER_A, FILLER_B).is_empty());
}

#[test]
fn shuffled_sentences_are_one_passage() {
    let sentences: Vec<&str> = SOURCE_PASSAGE.split_inclusive(". ").collect();
    let shuffled = format!("{}{}{}{}", sentences[3], sentences[1], sentences[0], sentences[2]);
    let submission = format!("{FILLER_A}\n\n{shuffled}\n\n{FILLER_B}");
    let found = passages(&submission, SOURCE_PASSAGE);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(!found[0].in_order);
}

#[test]
fn edited_words_do_not_split_a_passage() {
    let edited = SOURCE_PASSAGE
        .replace("негізгі", "маңызды")
        .replace("тұрақты бақылауы", "бақылауы")
        .replace("есептеп", "мұқият есептеп");
    let submission = format!("{FILLER_A}\n\n{edited}\n\n{FILLER_B}");
    let found = passages(&submission, SOURCE_PASSAGE);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn transliterated_and_homoglyph_copies_are_found() {
    let transliterated = "Akademialyq adaldyq qağidattary joğary oqu oryndarynyñ sapasyn aiqyndaityn \
        negızgı körsetkışterdıñ bırı bolyp tabylady. Studentterdıñ öz betınşe jūmys ısteu dağdysy \
        ğylymi jetekşınıñ tūraqty baqylauy arqyly qalyptasady.";
    assert_eq!(passages(transliterated, SOURCE_PASSAGE).len(), 1);
    let homoglyphs = SOURCE_PASSAGE.replace('а', "a").replace('о', "o").replace('е', "e");
    assert_eq!(passages(&homoglyphs, SOURCE_PASSAGE).len(), 1);
}
