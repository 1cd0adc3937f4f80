//! The words the report's code names — the CLI summary's, and the report body's labels that
//! depend on the data — by meaning: typed names for entries of the one message catalogue
//! (`crate::messages`), where the Kazakh, Russian and English texts live. The report template
//! reads its fixed headings from the catalogue itself (`t.key`).

use super::{AlertKind, PassageCategory, Rewriting, SourceKind};
use crate::messages::text;
use crate::model::{HiddenKind, Translated};

pub const SIMILARITY: Translated = text("similarity");
pub const BORROWINGS: Translated = text("borrowings");
pub const CITATIONS: Translated = text("citations");
pub const SELF_CITATIONS: Translated = text("self_citations");
pub const ORIGINALITY: Translated = text("originality");
pub const SC1: Translated = text("report_sc1");
pub const SC2: Translated = text("report_sc2");
pub const SOURCES: Translated = text("sources");
pub const PASSAGES: Translated = text("passages");
pub const SOURCE: Translated = text("report_source");
pub const ALERTS: Translated = text("alerts");
pub const CORPUS: Translated = text("nav_corpus");
pub const DOCUMENTS: Translated = text("report_documents");
pub const VERSION: Translated = text("report_version");
pub const WORDS: Translated = text("report_words");
pub const CHECK_TIME: Translated = text("report_check_time");
pub const IN_BIBLIOGRAPHY: Translated = text("report_in_bibliography");
pub const MATCHED_WORDS: Translated = text("report_matched_words");

pub fn category(category: PassageCategory) -> Translated {
    match category {
        PassageCategory::Borrowing => const { text("category_borrowing") },
        PassageCategory::Citation => const { text("category_citation") },
        PassageCategory::SelfCitation => const { text("category_self_citation") },
    }
}

pub fn rewriting(rewriting: Rewriting) -> Translated {
    match rewriting {
        Rewriting::Verbatim => const { text("rewriting_verbatim") },
        Rewriting::Edited => const { text("rewriting_edited") },
        Rewriting::Paraphrased => const { text("rewriting_paraphrased") },
        Rewriting::Reordered => const { text("rewriting_reordered") },
        Rewriting::Homoglyphs => const { text("rewriting_homoglyphs") },
        Rewriting::InvisibleCharacters => const { text("rewriting_invisible_characters") },
        Rewriting::Transliterated => const { text("rewriting_transliterated") },
        Rewriting::HiddenText => const { text("rewriting_hidden_text") },
        Rewriting::Translated => const { text("rewriting_translated") },
    }
}

/// How a passage was rewritten, as its labels: a translation names the source's language.
pub fn passage_rewritings(passage: &super::ReportPassage) -> Vec<Translated> {
    passage
        .rewriting
        .iter()
        .map(|kind| {
            match (kind, passage.translation.as_ref().map(|translation| translation.source_language)) {
                (Rewriting::Translated, Some(language)) => translated_from(language),
                _ => rewriting(*kind),
            }
        })
        .collect()
}

/// "translated from Russian" and the like.
pub fn translated_from(language: crate::model::DocLang) -> Translated {
    match language {
        crate::model::DocLang::Kk => const { text("translated_from_kk") },
        crate::model::DocLang::Ru => const { text("translated_from_ru") },
        crate::model::DocLang::En => const { text("translated_from_en") },
        crate::model::DocLang::Other => const { text("rewriting_translated") },
    }
}

pub fn source_kind(kind: SourceKind) -> Translated {
    match kind {
        SourceKind::Thesis => const { text("kind_thesis") },
        SourceKind::Article => const { text("kind_article") },
        SourceKind::Web => const { text("kind_web") },
        SourceKind::Other => const { text("kind_other") },
    }
}

pub fn alert(kind: AlertKind) -> Translated {
    match kind {
        AlertKind::Homoglyph => const { text("alert_homoglyph") },
        AlertKind::InvisibleCharacters => const { text("alert_invisible_characters") },
        AlertKind::Hidden(HiddenKind::WhiteText) => const { text("alert_hidden_white_text") },
        AlertKind::Hidden(HiddenKind::Vanished) => const { text("alert_hidden_vanished") },
        AlertKind::Hidden(HiddenKind::TinyText) => const { text("alert_hidden_tiny_text") },
        AlertKind::Hidden(HiddenKind::InvisibleRenderMode) => {
            const { text("alert_hidden_invisible_render_mode") }
        }
        AlertKind::BrokenTextLayer => const { text("alert_broken_text_layer") },
    }
}
