//! The words of the HTML report and the CLI summary, by meaning: typed names for entries of
//! the one message catalogue (`crate::messages`), where the Kazakh, Russian and English texts
//! live.

use super::{AlertKind, PassageCategory, Rewriting, SourceKind};
use crate::messages::text;
use crate::model::{HiddenKind, Translated};

pub const REPORT_TITLE: Translated = text("similarity_report");
pub const SIMILARITY: Translated = text("similarity");
pub const BORROWINGS: Translated = text("borrowings");
pub const CITATIONS: Translated = text("citations");
pub const SELF_CITATIONS: Translated = text("self_citations");
pub const ORIGINALITY: Translated = text("originality");
pub const SC1: Translated = text("report_sc1");
pub const SC2: Translated = text("report_sc2");
pub const SOURCES: Translated = text("sources");
pub const NO_SOURCES: Translated = text("no_sources");
pub const PASSAGES: Translated = text("passages");
pub const SUBMISSION_TEXT: Translated = text("submission_text");
pub const SUBMISSION: Translated = text("report_submission");
pub const SOURCE: Translated = text("report_source");
pub const ALERTS: Translated = text("alerts");
pub const NO_ALERTS: Translated = text("no_alerts");
pub const EXCLUSIONS: Translated = text("report_exclusions");
pub const EXCLUDE_QUOTES: Translated = text("report_exclude_quotes");
pub const EXCLUDE_BIBLIOGRAPHY: Translated = text("report_exclude_bibliography");
pub const MIN_MATCH: Translated = text("min_match_words");
pub const EXCLUDED_SOURCES: Translated = text("report_excluded_sources");
pub const PASSAGE_EXCLUDED: Translated = text("passage_excluded");
pub const ALIGNED_SENTENCES: Translated = text("aligned_sentences");
pub const CROSS_LANGUAGE_OFF: Translated = text("cross_language_off");
pub const PROVENANCE: Translated = text("about_check");
pub const CORPUS: Translated = text("nav_corpus");
pub const DOCUMENTS: Translated = text("report_documents");
pub const VERSION: Translated = text("report_version");
pub const WORDS: Translated = text("report_words");
pub const PAGES: Translated = text("report_pages");
pub const CHECK_TIME: Translated = text("report_check_time");
pub const FINGERPRINT_SCHEME: Translated = text("report_fingerprint_scheme");
pub const IN_BIBLIOGRAPHY: Translated = text("report_in_bibliography");
pub const MATCHED_WORDS: Translated = text("report_matched_words");
pub const GO_TO_TEXT: Translated = text("show_in_text");
pub const SHARE: Translated = text("report_share");

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
