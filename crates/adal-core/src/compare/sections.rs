//! Document sections that change how matches count: the bibliography.

use crate::model::Span;

/// Bibliography headings in Kazakh, Russian and English, lower-case.
const BIBLIOGRAPHY_HEADINGS: &[&str] = &[
    "пайдаланылған әдебиеттер тізімі",
    "пайдаланылған әдебиеттер",
    "қолданылған әдебиеттер тізімі",
    "пайдаланылған дереккөздер тізімі",
    "әдебиеттер тізімі",
    "әдебиеттер",
    "список литературы",
    "список использованной литературы",
    "список использованных источников",
    "список использованных источников и литературы",
    "библиографический список",
    "литература",
    "библиография",
    "references",
    "reference list",
    "bibliography",
    "works cited",
    "literature",
    "sources",
];

/// Headings that end a bibliography (appendices follow it).
const APPENDIX_HEADINGS: &[&str] =
    &["қосымша", "қосымшалар", "приложение", "приложения", "appendix", "appendices"];

/// The bibliography: from the last line that is a bibliography heading to the end of the text
/// or to an appendix heading. The last such line is taken because a table of contents lists the
/// same heading near the start.
pub fn find_bibliography(text: &str) -> Option<Span> {
    let mut heading_start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if heading_text(line).is_some_and(|heading| BIBLIOGRAPHY_HEADINGS.contains(&heading.as_str())) {
            heading_start = Some(offset);
        }
        offset += line.len();
    }
    let start = heading_start?;
    let mut end = text.len();
    let mut offset = start;
    for (index, line) in text[start..].split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        if index > 0 && heading_text(line).is_some_and(|heading| is_appendix_heading(&heading)) {
            end = line_start;
            break;
        }
    }
    Some(Span::new(start, end))
}

fn is_appendix_heading(heading: &str) -> bool {
    APPENDIX_HEADINGS.iter().any(|appendix| {
        heading == *appendix || heading.strip_prefix(appendix).is_some_and(|rest| rest.starts_with(' '))
    })
}

/// A line's text as a heading candidate: trimmed, lower-case, without numbering or a final
/// colon; `None` for long lines, which are not headings.
fn heading_text(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 60 {
        return None;
    }
    let without_number =
        trimmed.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ' || c == ')');
    let cleaned = without_number.trim_end_matches([':', '.']).trim();
    Some(cleaned.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_last_bibliography_heading_and_stops_at_appendices() {
        let text = "Мазмұны\nПайдаланылған әдебиеттер тізімі ....... 50\n\nКіріспе\nМәтін.\n\nПАЙДАЛАНЫЛҒАН ӘДЕБИЕТТЕР ТІЗІМІ\n1. Иванов И. Кітап. 2019.\n\nҚосымша А\nКесте";
        let span = find_bibliography(text).expect("found");
        let found = &text[span.start..span.end];
        assert!(found.starts_with("ПАЙДАЛАНЫЛҒАН"), "{found}");
        assert!(found.contains("Иванов") && !found.contains("Кесте"), "{found}");
    }

    #[test]
    fn english_and_russian_headings() {
        assert!(find_bibliography("Text.\n\nReferences\n[1] Smith J. 2020.").is_some());
        assert!(find_bibliography("Текст.\n\n3. Список использованных источников:\n1. Петров").is_some());
        assert!(find_bibliography("Ordinary text without any list of references in it.").is_none());
    }
}
