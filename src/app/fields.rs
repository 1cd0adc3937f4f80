//! Limits and cleaning of the free-text fields people type (titles, names, reasons, labels):
//! every stored text has a length limit, so a 20 MB title cannot be stored and then sent with
//! every list, and loses the characters that only serve to deceive a reader — control
//! characters and the bidirectional overrides that make `report\u{202e}fdp.exe` show as
//! "reportexe.pdf".

use crate::app::AppError as ApiError;
use crate::model::Translated;

/// Titles of theses and corpus documents.
pub const MAX_TITLE_CHARS: usize = 500;
/// Names of people, faculties, departments, programmes; corpus authors.
pub const MAX_NAME_CHARS: usize = 200;
/// E-mail addresses (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Reasons and justifications of decisions and exclusions.
pub const MAX_REASON_CHARS: usize = 5_000;
/// Labels of API tokens.
pub const MAX_LABEL_CHARS: usize = 100;

const TOO_LONG: Translated = crate::messages::text("too_long");

/// True for the characters that change the display order of text (bidi embeddings, overrides
/// and isolates, and the invisible direction marks).
pub fn is_bidi_control(character: char) -> bool {
    matches!(character, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A one-line text without control or bidi characters, trimmed.
pub fn clean_line(text: &str) -> String {
    text.chars().filter(|&c| !c.is_control() && !is_bidi_control(c)).collect::<String>().trim().to_string()
}

/// A multi-line text (a reason, a justification): line breaks and tabs kept, other control and
/// bidi characters dropped, trimmed.
pub fn clean_paragraphs(text: &str) -> String {
    let kept = |c: char| matches!(c, '\n' | '\t') || (!c.is_control() && !is_bidi_control(c));
    text.chars().filter(|&c| kept(c)).collect::<String>().trim().to_string()
}

/// Refuses a text longer than `max_chars` (answer 422 `field_too_long`; the log names the field).
pub fn check_length(field: &'static str, text: &str, max_chars: usize) -> Result<(), ApiError> {
    if text.chars().count() > max_chars {
        tracing::warn!("refused a `{field}` longer than {max_chars} characters");
        return Err(ApiError::invalid("field_too_long", TOO_LONG));
    }
    Ok(())
}

/// [`clean_line`] after [`check_length`].
pub fn line(field: &'static str, text: &str, max_chars: usize) -> Result<String, ApiError> {
    check_length(field, text, max_chars)?;
    Ok(clean_line(text))
}

/// An optional [`line`]; an empty text becomes `None`.
pub fn optional_line(
    field: &'static str,
    text: Option<&str>,
    max_chars: usize,
) -> Result<Option<String>, ApiError> {
    match text {
        Some(text) => Ok(Some(line(field, text, max_chars)?).filter(|text| !text.is_empty())),
        None => Ok(None),
    }
}

/// [`clean_paragraphs`] after [`check_length`].
pub fn paragraphs(field: &'static str, text: &str, max_chars: usize) -> Result<String, ApiError> {
    check_length(field, text, max_chars)?;
    Ok(clean_paragraphs(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_and_controls_are_dropped() {
        assert_eq!(clean_line("report\u{202e}fdp.exe"), "reportfdp.exe");
        assert_eq!(clean_line(" a\u{0}b\u{2067}c\t "), "abc");
        assert_eq!(clean_paragraphs("line one\nline\u{202d} two"), "line one\nline two");
    }

    #[test]
    fn long_texts_are_refused_with_the_field_named() {
        assert!(line("title", &"я".repeat(500), MAX_TITLE_CHARS).is_ok());
        let error = line("title", &"я".repeat(501), MAX_TITLE_CHARS).expect_err("too long");
        assert_eq!(error.code(), "field_too_long");
    }
}
