//! PDF extraction (stub until the content-stream walker lands).

use super::{ExtractError, ExtractLimits};
use crate::model::ExtractedDocument;

pub(crate) fn extract_pdf(_bytes: &[u8], _limits: &ExtractLimits) -> Result<ExtractedDocument, ExtractError> {
    Err(ExtractError::Unsupported { detected: "PDF".into() })
}
