//! The ZIP container of a DOCX, read with a budget: every part is decompressed through a reader
//! that stops one byte past the remaining budget, so a zip bomb is refused after at most
//! `max_decompressed_bytes` of work whatever its headers claim.
//!
//! This module owns ZIP errors and their mapping to [`ExtractError`]; it knows part names,
//! not what the parts contain.

use super::super::{ExtractError, ExtractLimits};
use std::io::{Cursor, Read};
use zip::result::ZipError;

/// Buffers for a part start no larger than this, whatever its header declares.
const MAX_INITIAL_BUFFER_BYTES: u64 = 16 * 1024 * 1024;

pub(super) struct DocxArchive<'bytes> {
    zip: zip::ZipArchive<Cursor<&'bytes [u8]>>,
    /// Normalized entry names (forward slashes, no leading slash, lower case) by entry index.
    normalized_names: Vec<String>,
    /// Bytes that may still be decompressed.
    remaining_budget: u64,
    limit: u64,
}

impl<'bytes> DocxArchive<'bytes> {
    pub(super) fn open(bytes: &'bytes [u8], limits: &ExtractLimits) -> Result<Self, ExtractError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|error| map_zip_error(error, "the ZIP directory"))?;
        let normalized_names = (0..zip.len())
            .map(|index| {
                zip.name_for_index(index)
                    .and_then(Result::ok)
                    .map(|name| name.replace('\\', "/").trim_start_matches('/').to_ascii_lowercase())
                    .unwrap_or_default()
            })
            .collect();
        Ok(DocxArchive {
            zip,
            normalized_names,
            remaining_budget: limits.max_decompressed_bytes,
            limit: limits.max_decompressed_bytes,
        })
    }

    /// True when the package has a part of this name (case-insensitive, either slash).
    pub(super) fn contains(&self, name: &str) -> bool {
        let wanted = name.to_ascii_lowercase();
        self.normalized_names.contains(&wanted)
    }

    /// Reads one part by name (case-insensitive, either slash), or `None` when it is absent.
    pub(super) fn read_part(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        let wanted = name.to_ascii_lowercase();
        let Some(index) = self.normalized_names.iter().position(|candidate| *candidate == wanted) else {
            return Ok(None);
        };
        let bomb = ExtractError::DecompressionBomb { limit: self.limit };
        let entry = self.zip.by_index(index).map_err(|error| map_zip_error(error, name))?;
        // The declared size is only a hint: a liar is caught by the limiting reader below.
        if entry.size() > self.remaining_budget {
            return Err(bomb);
        }
        let mut content = Vec::with_capacity(entry.size().min(MAX_INITIAL_BUFFER_BYTES) as usize);
        entry
            .take(self.remaining_budget.saturating_add(1))
            .read_to_end(&mut content)
            .map_err(|error| ExtractError::Corrupt { reason: format!("{name}: {error}") })?;
        let read = content.len() as u64;
        if read > self.remaining_budget {
            return Err(bomb);
        }
        self.remaining_budget -= read;
        Ok(Some(content))
    }
}

fn map_zip_error(error: ZipError, what: &str) -> ExtractError {
    match error {
        ZipError::UnsupportedArchive(message) if message == ZipError::PASSWORD_REQUIRED => {
            ExtractError::Encrypted
        }
        ZipError::InvalidPassword => ExtractError::Encrypted,
        other => ExtractError::Corrupt { reason: format!("{what}: {other}") },
    }
}
