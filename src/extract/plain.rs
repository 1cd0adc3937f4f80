//! Plain-text extraction (stub: UTF-8 only until encoding detection lands).

use super::{ExtractError, ExtractLimits};
use crate::model::{DocumentFormat, ExtractedDocument};

pub(crate) fn extract_plain(
    bytes: &[u8],
    _limits: &ExtractLimits,
) -> Result<ExtractedDocument, ExtractError> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    Ok(ExtractedDocument::plain(DocumentFormat::Txt, text))
}
