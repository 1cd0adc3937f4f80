//! The words of the HTML report in Kazakh, Russian and English, translated by hand.

use super::{AlertKind, PassageCategory, Rewriting, SourceKind};
use crate::model::{HiddenKind, Translated};

macro_rules! t {
    ($kk:expr, $ru:expr, $en:expr) => {
        Translated { kk: $kk, ru: $ru, en: $en }
    };
}

pub const REPORT_TITLE: Translated =
    t!("Ұқсастық есебі", "Отчёт о проверке на заимствования", "Similarity report");
pub const SIMILARITY: Translated = t!("Ұқсастық", "Сходство", "Similarity");
pub const BORROWINGS: Translated = t!("Кірме мәтін", "Заимствования", "Borrowings");
pub const CITATIONS: Translated = t!("Дәйексөздер", "Цитирования", "Citations");
pub const SELF_CITATIONS: Translated = t!("Өз еңбегінен алу", "Самоцитирования", "Self-citations");
pub const ORIGINALITY: Translated = t!("Түпнұсқалық", "Оригинальность", "Originality");
pub const SC1: Translated =
    t!("ҰК1 (5 сөзден ұзын үзінділер)", "КП1 (фрагменты от 5 слов)", "SC1 (runs of 5+ words)");
pub const SC2: Translated =
    t!("ҰК2 (25 сөзден ұзын үзінділер)", "КП2 (фрагменты от 25 слов)", "SC2 (runs of 25+ words)");
pub const SOURCES: Translated = t!("Дереккөздер", "Источники", "Sources");
pub const NO_SOURCES: Translated = t!(
    "Корпустан сәйкес мәтін табылмады.",
    "Совпадений с корпусом не найдено.",
    "No matching text was found in the corpus."
);
pub const PASSAGES: Translated = t!("Сәйкес үзінділер", "Совпадающие фрагменты", "Matching passages");
pub const SUBMISSION_TEXT: Translated = t!("Жұмыстың мәтіні", "Текст работы", "Text of the work");
pub const SUBMISSION: Translated = t!("Жұмыс", "Работа", "Submission");
pub const SOURCE: Translated = t!("Дереккөз", "Источник", "Source");
pub const ALERTS: Translated = t!("Ескертулер", "Предупреждения", "Alerts");
pub const NO_ALERTS: Translated =
    t!("Күдікті әдістер табылмады.", "Подозрительных приёмов не найдено.", "No tricks were found.");
pub const EXCLUSIONS: Translated = t!("Есептен шығарылғандар", "Исключения", "Exclusions");
pub const EXCLUDE_QUOTES: Translated = t!(
    "Сілтемесі бар дәйексөздер кірме мәтін саналмайды",
    "Цитаты со ссылкой не считаются заимствованиями",
    "Quotations with a reference are not counted as borrowings"
);
pub const EXCLUDE_BIBLIOGRAPHY: Translated =
    t!("Әдебиеттер тізімі есептелмейді", "Список литературы не учитывается", "The bibliography is left out");
pub const MIN_MATCH: Translated = t!(
    "Ең қысқа ескерілетін сәйкестік, сөз",
    "Минимальная длина совпадения, слов",
    "Shortest match counted, words"
);
pub const EXCLUDED_SOURCES: Translated = t!(
    "Тексеруші шығарған дереккөздер",
    "Источники, исключённые проверяющим",
    "Sources excluded by the reviewer"
);
pub const PROVENANCE: Translated = t!("Тексеру туралы", "О проверке", "About this check");
pub const CORPUS: Translated = t!("Корпус", "Корпус", "Corpus");
pub const DOCUMENTS: Translated = t!("құжат", "документов", "documents");
pub const VERSION: Translated = t!("нұсқа", "версия", "version");
pub const WORDS: Translated = t!("сөз", "слов", "words");
pub const PAGES: Translated = t!("бет", "стр.", "pages");
pub const CHECK_TIME: Translated = t!("Тексеру уақыты", "Время проверки", "Check time");
pub const FINGERPRINT_SCHEME: Translated = t!("Іздер схемасы", "Схема отпечатков", "Fingerprint scheme");
pub const IN_BIBLIOGRAPHY: Translated =
    t!("әдебиеттер тізімінде", "в списке литературы", "in the bibliography");
pub const MATCHED_WORDS: Translated = t!("сәйкес сөз", "совпавших слов", "matched words");
pub const GO_TO_TEXT: Translated = t!("Мәтіннен көрсету", "Показать в тексте", "Show in the text");
pub const SHARE: Translated = t!("Үлесі", "Доля", "Share");

pub fn category(category: PassageCategory) -> Translated {
    match category {
        PassageCategory::Borrowing => t!("кірме мәтін", "заимствование", "borrowing"),
        PassageCategory::Citation => t!("дәйексөз", "цитирование", "citation"),
        PassageCategory::SelfCitation => t!("өз еңбегінен", "самоцитирование", "self-citation"),
    }
}

pub fn rewriting(rewriting: Rewriting) -> Translated {
    match rewriting {
        Rewriting::Verbatim => t!("сөзбе-сөз", "дословно", "verbatim"),
        Rewriting::Edited => t!("өзгертілген", "с правками", "edited"),
        Rewriting::Paraphrased => t!("мазмұндап жазылған", "перефразировано", "paraphrased"),
        Rewriting::Reordered => t!("орны ауыстырылған", "порядок изменён", "reordered"),
        Rewriting::Homoglyphs => t!("ұқсас әріптер", "подмена букв", "look-alike letters"),
        Rewriting::InvisibleCharacters => {
            t!("көрінбейтін таңбалар", "невидимые символы", "invisible characters")
        }
        Rewriting::Transliterated => t!("басқа әліпбиге көшірілген", "транслитерация", "transliterated"),
        Rewriting::HiddenText => t!("жасырын мәтін", "скрытый текст", "hidden text"),
    }
}

pub fn source_kind(kind: SourceKind) -> Translated {
    match kind {
        SourceKind::Thesis => t!("диплом/диссертация", "ВКР/диссертация", "thesis"),
        SourceKind::Article => t!("мақала", "статья", "article"),
        SourceKind::Web => t!("веб-бет", "веб-страница", "web page"),
        SourceKind::Other => t!("басқа", "другое", "other"),
    }
}

pub fn alert(kind: AlertKind) -> Translated {
    match kind {
        AlertKind::Homoglyph => t!(
            "Бір сөзде латын және кирилл әріптері араласқан",
            "Латинские и кириллические буквы в одном слове",
            "Latin and Cyrillic look-alike letters mixed in a word"
        ),
        AlertKind::InvisibleCharacters => {
            t!(
                "Сөз ішіндегі көрінбейтін таңбалар",
                "Невидимые символы внутри слов",
                "Invisible characters inside words"
            )
        }
        AlertKind::Hidden(HiddenKind::WhiteText) => {
            t!("Ақ түсті (көрінбейтін) мәтін", "Текст белого цвета", "White text")
        }
        AlertKind::Hidden(HiddenKind::Vanished) => {
            t!("Жасырылған мәтін", "Скрытый текст", "Hidden (vanished) text")
        }
        AlertKind::Hidden(HiddenKind::TinyText) => {
            t!("Өте ұсақ мәтін (2 pt-тан кіші)", "Очень мелкий текст (меньше 2 pt)", "Tiny text (under 2 pt)")
        }
        AlertKind::Hidden(HiddenKind::InvisibleRenderMode) => {
            t!(
                "Көрінбейтін режимде басылған мәтін",
                "Текст в невидимом режиме отрисовки",
                "Text drawn in invisible mode"
            )
        }
        AlertKind::BrokenTextLayer => t!(
            "Мәтін қабатының бір бөлігі бұзылған",
            "Часть текстового слоя повреждена",
            "Part of the text layer is broken"
        ),
    }
}
