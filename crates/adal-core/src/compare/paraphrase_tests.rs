//! Sentence-alignment tests: paraphrased sentences are found, same-topic text, stock phrases and
//! formulas are not.

use super::*;
use crate::text::analyze;

fn detections(submission: &str, source: &str) -> Vec<Detection> {
    detect(submission, &analyze(submission), source, &analyze(source), &AlignmentConfig::DEFAULT)
}

const RUSSIAN_SOURCE: &str = "Введение. Городские библиотеки долгое время оставались главным местом \
    встречи читателей разных поколений. Исследователи отмечают, что после появления электронных \
    каталогов посещаемость читальных залов в крупных городах заметно снизилась, однако число \
    выданных книг почти не изменилось. Новые формы работы с читателями требуют от библиотекарей \
    другой подготовки.";

const RUSSIAN_FILLER: &str = "Погода весной была переменчивой, и поездку на озеро пришлось \
    отложить до июня. Друзья собрались у старого моста, взяли палатки и удочки.";

#[test]
fn word_order_shuffled_sentence_is_found() {
    let shuffled = "Заметно снизилась посещаемость залов читальных в городах крупных после \
        появления каталогов электронных, отмечают исследователи, однако книг выданных число почти \
        не изменилось.";
    let submission = format!("{RUSSIAN_FILLER}\n\n{shuffled}\n\n{RUSSIAN_FILLER}");
    let found = detections(&submission, RUSSIAN_SOURCE);
    assert_eq!(found.len(), 1, "{found:?}");
    let passage = &submission[found[0].submission_span.start..found[0].submission_span.end];
    assert!(passage.starts_with("Заметно") && passage.ends_with("изменилось."), "{passage}");
    assert_eq!(found[0].passage.found_by, FoundBy::Sentences);
    assert!(
        detect(
            &submission,
            &analyze(&submission),
            RUSSIAN_SOURCE,
            &analyze(RUSSIAN_SOURCE),
            &AlignmentConfig { sentences: None, ..AlignmentConfig::DEFAULT }
        )
        .is_empty(),
        "the n-gram path alone misses it"
    );
}

const ENGLISH_SOURCE: &str = "Background. Coastal wetlands store large amounts of carbon in their \
    soils, and their loss releases this carbon back into the atmosphere. Restoration projects in \
    several countries have shown that replanted mangrove forests recover most of their storage \
    capacity within two decades. Funding for such projects remains limited.";

const ENGLISH_FILLER: &str = "The committee met on Tuesday to discuss the budget for the coming \
    year. Several members asked for more time to read the proposal before voting.";

#[test]
fn light_synonym_paraphrase_is_found() {
    let paraphrased = "Restoration efforts in many countries have demonstrated that replanted \
        mangrove forests regain most of their carbon storage capacity within twenty years.";
    let submission = format!("{ENGLISH_FILLER}\n\n{paraphrased}\n\n{ENGLISH_FILLER}");
    let found = detections(&submission, ENGLISH_SOURCE);
    assert_eq!(found.len(), 1, "{found:?}");
    let source_part = &ENGLISH_SOURCE[found[0].source_span.start..found[0].source_span.end];
    assert!(source_part.starts_with("Restoration projects"), "{source_part}");
}

#[test]
fn same_topic_text_that_was_not_copied_is_not_found() {
    let same_topic = "Mangrove forests grow along tropical coasts and protect them from storms. \
        Their soils hold carbon for centuries, which makes wetland conservation a climate policy \
        priority. Restoration is expensive, and many projects fail because seedlings are planted \
        in the wrong places. Countries with large coastal wetlands have started national carbon \
        accounting programmes.";
    assert!(detections(same_topic, ENGLISH_SOURCE).is_empty());
}

#[test]
fn stock_phrases_and_formulas_make_no_passage() {
    let source = "The rest of the paper is organized as follows. Section 2 reviews related work on \
        graph colouring. We define $\\frac{\\alpha}{\\beta} = \\sum_{i=1}^{n} x_i$ and \
        $\\mathbf{A} = \\left( a_{ij} \\right)$ as usual. Our experiments use random regular graphs.";
    let submission = "The rest of the paper is organized as follows. Section 3 describes a survey \
        of hospital nurses. We define $\\frac{\\alpha}{\\beta} = \\sum_{i=1}^{n} x_i$ and \
        $\\mathbf{A} = \\left( a_{ij} \\right)$ as usual. The survey had four hundred answers.";
    assert!(detections(submission, source).is_empty(), "{:?}", detections(submission, source));
}

#[test]
fn verbatim_copies_are_still_found_by_n_grams() {
    let submission = format!("{ENGLISH_FILLER}\n\n{ENGLISH_SOURCE}");
    let found = detections(&submission, ENGLISH_SOURCE);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].passage.found_by, FoundBy::NGrams);
}

const HISTORY_SOURCE: &str = "The railway reached the steppe town in 1906, and within ten years \
    its population had tripled. Merchants from the river ports opened warehouses near the new \
    station, while nomadic families sold livestock at the weekly market beside the tracks. \
    Teachers arrived from the northern provinces and founded the first secular school in a \
    rented wooden house. By the outbreak of the war the school taught two hundred pupils in \
    three languages.";

/// A sentence rewritten hard: synonyms, words dropped and added, order changed.
const HEAVILY_REWRITTEN: &str = "Traders from the river ports built storehouses near the \
    station, and herding families sold cattle at the market by the rails.";

#[test]
fn a_hard_rewrite_counts_once_the_source_is_confirmed() {
    let alone = format!("{ENGLISH_FILLER}\n\n{HEAVILY_REWRITTEN}\n\n{ENGLISH_FILLER}");
    assert!(detections(&alone, HISTORY_SOURCE).is_empty(), "alone, one loose sentence is not enough");
    let verbatim = "Teachers arrived from the northern provinces and founded the first secular \
        school in a rented wooden house.";
    let with_copy = format!("{verbatim}\n\n{ENGLISH_FILLER}\n\n{HEAVILY_REWRITTEN}\n\n{ENGLISH_FILLER}");
    let found = detections(&with_copy, HISTORY_SOURCE);
    assert_eq!(found.len(), 2, "{found:?}");
    let rewritten = found.iter().find(|found| found.passage.found_by == FoundBy::Sentences).unwrap();
    let source_part = &HISTORY_SOURCE[rewritten.source_span.start..rewritten.source_span.end];
    assert!(source_part.starts_with("Merchants"), "{source_part}");
}

#[test]
fn a_quotation_with_a_reference_confirms_nothing() {
    let quoted = "As Smith writes, \"Teachers arrived from the northern provinces and founded the \
        first secular school in a rented wooden house\" (Smith, 2010, p. 4).";
    let submission = format!("{quoted}\n\n{ENGLISH_FILLER}\n\n{HEAVILY_REWRITTEN}\n\n{ENGLISH_FILLER}");
    let found = detections(&submission, HISTORY_SOURCE);
    assert!(found.iter().all(|found| found.citation.is_some()), "{found:?}");
}

#[test]
fn a_confirmed_source_still_needs_the_same_names_numbers_and_length() {
    let verbatim = "Teachers arrived from the northern provinces and founded the first secular \
        school in a rented wooden house.";
    // The pattern of the source's first sentence, about another town and year.
    let other_town = "The railway reached Karaganda in 1931, and within ten years the \
        population of the mining town had tripled again.";
    let submission = format!("{verbatim}\n\n{ENGLISH_FILLER}\n\n{other_town}\n\n{ENGLISH_FILLER}");
    let found = detections(&submission, HISTORY_SOURCE);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].passage.found_by, FoundBy::NGrams);
}
