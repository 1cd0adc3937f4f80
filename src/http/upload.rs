//! Reading an uploaded file from a multipart form (the API's uploads and the pages' forms):
//! the `file` field and the other fields as text, with the size limit enforced while reading.

use super::error::ApiError;
use crate::app::theses::clean_file_name;
use crate::model::Translated;
use axum::extract::Multipart;
use axum::http::StatusCode;

/// The answer to a request without a field it needs.
pub const MISSING_FIELD: Translated = crate::messages::text("missing_field");

/// Reads the `file` (and optional `csrf_token`) fields of a multipart upload; bodies over the
/// limit answer 413 with the limit in the message.
pub async fn read_upload(
    mut multipart: Multipart,
    limit: u64,
) -> Result<(Option<(String, Vec<u8>)>, std::collections::HashMap<String, String>), ApiError> {
    let too_large = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge { limit }
        } else {
            ApiError::invalid("bad_multipart", MISSING_FIELD)
        }
    };
    let mut file = None;
    let mut fields = std::collections::HashMap::new();
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = clean_file_name(field.file_name().unwrap_or("upload"));
            let bytes = field.bytes().await.map_err(too_large)?;
            if bytes.len() as u64 > limit {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            file = Some((file_name, bytes.to_vec()));
        } else {
            let text = field.text().await.map_err(too_large)?;
            fields.insert(name, text);
        }
    }
    Ok((file, fields))
}

/// A form upload read whole: the file (required) and the other fields as text.
pub struct FormUpload {
    pub file: crate::app::theses::UploadedFile,
    pub fields: std::collections::HashMap<String, String>,
}

/// How far a multipart body may exceed the file limit (boundaries, other fields).
const MULTIPART_OVERHEAD_BYTES: u64 = 64 * 1024;

/// Reads a form upload for `form_user`: refuses a body whose declared length is over the limit
/// before reading it, reads the `file` field under `limit`, checks the CSRF token (a form field
/// for cookie sessions without the header) and requires the file.
pub async fn read_form_upload(
    state: &super::state::AppState,
    form_user: &super::session::FormUser,
    headers: &axum::http::HeaderMap,
    multipart: Multipart,
    limit: u64,
) -> Result<FormUpload, ApiError> {
    let declared_length = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > limit + MULTIPART_OVERHEAD_BYTES) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let (file, fields) = read_upload(multipart, limit).await?;
    form_user.verify_form_token(state, fields.get("csrf_token").map(String::as_str))?;
    let (file_name, bytes) = file.ok_or(ApiError::invalid("file_required", MISSING_FIELD))?;
    Ok(FormUpload { file: crate::app::theses::UploadedFile { file_name, bytes }, fields })
}
