//! The errors of the application layer, typed: what went wrong and the message for the
//! person, in Kazakh, Russian and English. Which HTTP status each one becomes is decided in one
//! place only, `http::error`.

use crate::auth::{AccessDenied, RateLimited, UploadLimited};
use crate::extract::ExtractError;
use crate::model::{Translated, UiLang};
use crate::pipeline::thesis::RefusalRecord;
use crate::store::StoreError;

const CREATION_LIMITED: Translated = crate::messages::text("creation_limited");

/// Why a request failed.
#[derive(Debug)]
pub enum AppError {
    /// No valid session cookie or API token.
    Unauthenticated,
    BadCredentials,
    /// A cookie-session request that changes something came without a valid CSRF token.
    CsrfRejected,
    Forbidden(AccessDenied),
    NotFound,
    /// The request is malformed or contradicts the records; the message says how.
    Invalid {
        code: &'static str,
        message: Translated,
    },
    Conflict {
        code: &'static str,
        message: Translated,
    },
    /// An uploaded file refused before it was stored, or a stored version whose text failed.
    Refused(RefusalRecord),
    PayloadTooLarge {
        limit: u64,
    },
    RateLimited(RateLimited),
    /// The user uploaded too often within a minute.
    UploadLimited(UploadLimited),
    /// The user created too many theses within an hour.
    CreationLimited(UploadLimited),
    Store(StoreError),
    /// Anything else; the detail is logged, the client sees a generic message.
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { .. } => AppError::NotFound,
            other => AppError::Store(other),
        }
    }
}

impl From<AccessDenied> for AppError {
    fn from(denied: AccessDenied) -> Self {
        AppError::Forbidden(denied)
    }
}

impl From<&ExtractError> for AppError {
    fn from(error: &ExtractError) -> Self {
        AppError::Refused(RefusalRecord::from(error))
    }
}

impl AppError {
    /// Wraps any internal failure (index, I/O, join errors) for logging.
    pub fn internal(error: impl std::fmt::Display) -> AppError {
        AppError::Internal(error.to_string())
    }

    pub fn invalid(code: &'static str, message: Translated) -> AppError {
        AppError::Invalid { code, message }
    }

    /// The stable machine-readable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::BadCredentials => "bad_credentials",
            AppError::CsrfRejected => "csrf_rejected",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid { code, .. } | AppError::Conflict { code, .. } => code,
            AppError::Refused(refusal) => refusal.code(),
            AppError::PayloadTooLarge { .. } => "payload_too_large",
            AppError::RateLimited(_) => "rate_limited",
            AppError::UploadLimited(_) => "upload_rate_limited",
            AppError::CreationLimited(_) => "creation_rate_limited",
            AppError::Store(StoreError::Workflow(_)) => "workflow_refused",
            AppError::Store(StoreError::EmailTaken { .. }) => "email_taken",
            AppError::Store(StoreError::Commission(_)) => "commission_refused",
            AppError::Store(StoreError::Attestation(_)) => "attestation_refused",
            AppError::Store(StoreError::Invalid { .. }) => "invalid_request",
            AppError::Store(_) | AppError::Internal(_) => "internal_error",
        }
    }

    /// The message for the person who made the request.
    pub fn message(&self, lang: UiLang) -> String {
        match self {
            AppError::Unauthenticated => UNAUTHENTICATED.get(lang).to_string(),
            AppError::BadCredentials => BAD_CREDENTIALS.get(lang).to_string(),
            AppError::CsrfRejected => CSRF_REJECTED.get(lang).to_string(),
            AppError::Forbidden(denied) => denied.translated().get(lang).to_string(),
            AppError::NotFound => NOT_FOUND.get(lang).to_string(),
            AppError::Invalid { message, .. } | AppError::Conflict { message, .. } => {
                message.get(lang).to_string()
            }
            AppError::Refused(refusal) => refusal.message(lang),
            AppError::PayloadTooLarge { limit } => {
                PAYLOAD_TOO_LARGE.get(lang).replace("{limit}", &human_size(*limit))
            }
            AppError::RateLimited(limited) => limited.translated().get(lang).to_string(),
            AppError::UploadLimited(limited) => limited.translated().get(lang).to_string(),
            AppError::CreationLimited(_) => CREATION_LIMITED.get(lang).to_string(),
            AppError::Store(
                error @ (StoreError::Workflow(_)
                | StoreError::EmailTaken { .. }
                | StoreError::Commission(_)
                | StoreError::Attestation(_)),
            ) => error.localized(lang),
            AppError::Store(StoreError::Invalid { .. }) => error_for_invalid(lang),
            AppError::Store(_) | AppError::Internal(_) => INTERNAL.get(lang).to_string(),
        }
    }
}

/// A size for people: megabytes from 1 MB on, kilobytes below.
pub(crate) fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

fn error_for_invalid(lang: UiLang) -> String {
    StoreError::Invalid { reason: "" }.localized(lang)
}

const UNAUTHENTICATED: Translated = crate::messages::text("unauthenticated");
const BAD_CREDENTIALS: Translated = crate::messages::text("bad_credentials");
const CSRF_REJECTED: Translated = crate::messages::text("csrf_rejected");
const NOT_FOUND: Translated = crate::messages::text("not_found");
const PAYLOAD_TOO_LARGE: Translated = crate::messages::text("payload_too_large");
const INTERNAL: Translated = crate::messages::text("internal");
