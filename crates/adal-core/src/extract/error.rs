//! Why a file was refused, as a typed error with a message a student understands in Kazakh,
//! Russian and English.
//!
//! The server maps these to HTTP in one place (`server::error`); the CLI prints
//! [`ExtractError::message`] in the chosen language.

use crate::model::UiLang;

/// A refusal: the file cannot be checked, and the student is told why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is password-protected or encrypted")]
    Encrypted,
    #[error("the file has no text layer (scanned pages?)")]
    NoTextLayer,
    #[error("the text layer decodes to garbage ({share_per_mille}‰ unexpected characters)")]
    GarbledTextLayer { share_per_mille: u32 },
    #[error("the file is damaged or truncated: {reason}")]
    Corrupt { reason: String },
    #[error("unsupported format: {detected}")]
    Unsupported { detected: String },
    #[error("the file unpacks to more than {limit} bytes")]
    DecompressionBomb { limit: u64 },
    #[error("the file is too complex to read within the limits: {reason}")]
    TooComplex { reason: String },
}

/// A stable machine-readable code for each refusal (used by the API and in tests).
impl ExtractError {
    pub fn code(&self) -> &'static str {
        match self {
            ExtractError::Empty => "empty_file",
            ExtractError::TooLarge { .. } => "file_too_large",
            ExtractError::Encrypted => "encrypted",
            ExtractError::NoTextLayer => "no_text_layer",
            ExtractError::GarbledTextLayer { .. } => "garbled_text_layer",
            ExtractError::Corrupt { .. } => "corrupt_file",
            ExtractError::Unsupported { .. } => "unsupported_format",
            ExtractError::DecompressionBomb { .. } => "decompression_bomb",
            ExtractError::TooComplex { .. } => "too_complex",
        }
    }

    /// The message shown to the student, translated by hand.
    pub fn message(&self, lang: UiLang) -> String {
        let text = match self {
            ExtractError::Empty => const { crate::messages::text("extract_error_empty") },
            ExtractError::TooLarge { .. } => const { crate::messages::text("payload_too_large") },
            ExtractError::Encrypted => const { crate::messages::text("extract_error_encrypted") },
            ExtractError::NoTextLayer => const { crate::messages::text("extract_error_no_text_layer") },
            ExtractError::GarbledTextLayer { .. } => {
                const { crate::messages::text("extract_error_garbled_text_layer") }
            }
            ExtractError::Corrupt { .. } => const { crate::messages::text("extract_error_corrupt") },
            ExtractError::Unsupported { .. } => const { crate::messages::text("extract_error_unsupported") },
            ExtractError::DecompressionBomb { .. } => {
                const { crate::messages::text("extract_error_decompression_bomb") }
            }
            ExtractError::TooComplex { .. } => const { crate::messages::text("extract_error_too_complex") },
        };
        let mut message = text.get(lang).to_string();
        if let ExtractError::TooLarge { limit, .. } = self {
            message = message.replace("{limit}", &format_megabytes(*limit, lang));
        }
        if let ExtractError::Unsupported { detected } = self {
            message = message.replace("{detected}", detected);
        }
        message
    }
}

fn format_megabytes(bytes: u64, lang: UiLang) -> String {
    let megabytes = bytes as f64 / 1_000_000.0;
    let unit = match lang {
        UiLang::Kk => "МБ",
        UiLang::Ru => "МБ",
        UiLang::En => "MB",
    };
    if megabytes.fract() == 0.0 {
        format!("{megabytes:.0} {unit}")
    } else {
        format!("{megabytes:.1} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_three_distinct_messages() {
        let errors = [
            ExtractError::Empty,
            ExtractError::TooLarge { size: 60_000_000, limit: 50_000_000 },
            ExtractError::Encrypted,
            ExtractError::NoTextLayer,
            ExtractError::GarbledTextLayer { share_per_mille: 300 },
            ExtractError::Corrupt { reason: "x".into() },
            ExtractError::Unsupported { detected: "DOC".into() },
            ExtractError::DecompressionBomb { limit: 1 },
            ExtractError::TooComplex { reason: "x".into() },
        ];
        for error in errors {
            let kk = error.message(UiLang::Kk);
            let ru = error.message(UiLang::Ru);
            let en = error.message(UiLang::En);
            assert!(kk != ru && ru != en && kk != en, "{error:?}");
            assert!(!kk.contains('{') && !ru.contains('{') && !en.contains('{'), "{error:?}");
        }
        let too_large = ExtractError::TooLarge { size: 60_000_000, limit: 50_000_000 };
        assert!(too_large.message(UiLang::En).contains("50 MB"));
    }
}
