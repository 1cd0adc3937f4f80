//! DOCX extraction (stub until the docx-rs reader lands).

use super::{ExtractError, ExtractLimits};
use crate::model::ExtractedDocument;

pub(crate) fn extract_docx(
    _bytes: &[u8],
    _limits: &ExtractLimits,
) -> Result<ExtractedDocument, ExtractError> {
    Err(ExtractError::Unsupported { detected: "DOCX".into() })
}
