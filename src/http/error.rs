//! THE one place where errors become HTTP: status codes, stable codes and the message in the
//! request's language, in one shape:
//! `{"error": {"code": "stable_code", "message": "human message"}}`.
//!
//! Handlers return [`ApiError`]; its `IntoResponse` picks the status and logs internal details
//! (never sent to clients). The language is only known from the request, so the response carries
//! the error in an extension and the [`localize_errors`] middleware writes the body in the
//! request's language (`?lang=`, a `lang` cookie, `Accept-Language`, Kazakh by default). The same
//! middleware gives axum's own rejections (unknown route, bad JSON, body too large) the shape.

use crate::attestation::AttestationError;
use crate::model::{Translated, UiLang};
use crate::pipeline::thesis::RefusalRecord;
use crate::store::StoreError;
use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub use crate::app::AppError as ApiError;

impl ApiError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::CsrfRejected | ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Refused(RefusalRecord::UnsupportedFormat { .. }) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Refused(RefusalRecord::FileTooLarge { .. }) | ApiError::PayloadTooLarge { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ApiError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited(_) | ApiError::UploadLimited(_) | ApiError::CreationLimited(_) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::Store(StoreError::Workflow(_)) => StatusCode::CONFLICT,
            ApiError::Store(StoreError::EmailTaken { .. }) => StatusCode::CONFLICT,
            ApiError::Store(StoreError::Commission(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Store(StoreError::Attestation(error)) if is_out_of_order(error) => StatusCode::CONFLICT,
            ApiError::Store(StoreError::Attestation(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Store(StoreError::Invalid { .. }) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Store(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// True for an attestation refusal that a step done out of order (or done already) causes,
/// answered 409 like the thesis workflow's; the others refuse what the request asks for (a
/// composition against §65, a plan outside the limits) and answer 422.
fn is_out_of_order(error: &AttestationError) -> bool {
    use AttestationError as E;
    matches!(
        error,
        E::NotScheduled
            | E::AlreadyScheduled
            | E::NotDefended
            | E::NotGraded
            | E::NotPublished
            | E::NotAppealed
            | E::StepAlreadyDone
            | E::AlreadyClosed
            | E::NoRedefense
            | E::NoRetakeInSamePeriod
            | E::AppealWindowStillOpen { .. }
            | E::AppealWindowClosed { .. }
            | E::AppealPending
            | E::AbsenceRequestPending
            | E::PersonInTwoPlaces { .. }
            | E::AlreadyGraded { .. }
            | E::VotedTwice { .. }
    )
}

/// The error a response carries until [`localize_errors`] writes its body.
#[derive(Clone, Debug)]
struct PendingError(Arc<ApiError>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Store(error) if self.status() == StatusCode::INTERNAL_SERVER_ERROR => {
                tracing::error!("store error: {error}");
            }
            ApiError::Internal(detail) => tracing::error!("internal error: {detail}"),
            _ => {}
        }
        let mut response = self.status().into_response();
        let retry_after_ms = match &self {
            ApiError::RateLimited(limited) => Some(limited.retry_after_ms),
            ApiError::UploadLimited(limited) | ApiError::CreationLimited(limited) => {
                Some(limited.retry_after_ms)
            }
            _ => None,
        };
        if let Some(retry_after_ms) = retry_after_ms {
            let seconds = (retry_after_ms / 1000).max(1).to_string();
            if let Ok(value) = seconds.parse() {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response.extensions_mut().insert(PendingError(Arc::new(self)));
        response
    }
}

/// The language of a request: `?lang=`, then the `lang` cookie, then `Accept-Language`.
pub fn request_lang(query: Option<&str>, headers: &HeaderMap) -> UiLang {
    let from_query = query.and_then(|query| {
        query.split('&').find_map(|pair| pair.strip_prefix("lang=")).and_then(UiLang::from_code)
    });
    let from_cookie =
        || super::session::cookie_value(headers, "lang").and_then(|value| UiLang::from_code(&value));
    let from_accept = || {
        let accept = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        accept.split(',').find_map(|item| {
            let tag = item.split(';').next()?.trim();
            UiLang::from_code(tag).or_else(|| UiLang::from_code(tag.split('-').next()?))
        })
    };
    from_query.or_else(from_cookie).or_else(from_accept).unwrap_or_default()
}

fn error_body(code: &str, message: &str) -> String {
    serde_json::json!({ "error": { "code": code, "message": message } }).to_string()
}

/// Writes every error response in the one shape and the request's language.
pub async fn localize_errors(request: Request, next: Next) -> Response {
    let lang = request_lang(request.uri().query(), request.headers());
    let response = next.run(request).await;
    let status = response.status();
    if let Some(PendingError(error)) = response.extensions().get::<PendingError>().cloned() {
        return with_json_body(response, &error_body(error.code(), &error.message(lang)));
    }
    let is_plain_error = (status.is_client_error() || status.is_server_error())
        && !response.headers().get(header::CONTENT_TYPE).is_some_and(|value| {
            // JSON errors already have the shape; HTML error pages (crate::web) are localized.
            value.as_bytes().starts_with(b"application/json") || value.as_bytes().starts_with(b"text/html")
        });
    if !is_plain_error {
        return response;
    }
    // axum's own rejections: map them to our shape by status.
    let error = match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => ApiError::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge { limit: 0 },
        StatusCode::REQUEST_TIMEOUT => ApiError::invalid("request_timeout", REQUEST_TIMEOUT),
        status if status.is_client_error() => ApiError::invalid("bad_request", BAD_REQUEST),
        _ => ApiError::Internal(format!("status {status} without a body")),
    };
    let message = match &error {
        ApiError::PayloadTooLarge { .. } => BODY_TOO_LARGE.get(lang).to_string(),
        other => other.message(lang),
    };
    with_json_body(response, &error_body(error.code(), &message))
}

fn with_json_body(response: Response, body: &str) -> Response {
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}

const BODY_TOO_LARGE: Translated = crate::messages::text("body_too_large");
const REQUEST_TIMEOUT: Translated = crate::messages::text("request_timeout");
const BAD_REQUEST: Translated = crate::messages::text("bad_request");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::error::human_size;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, header::HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn language_comes_from_query_then_cookie_then_accept_language_then_kazakh() {
        let all = headers(&[("cookie", "a=1; lang=ru"), ("accept-language", "en-US,en;q=0.9")]);
        assert_eq!(request_lang(Some("x=1&lang=en"), &all), UiLang::En);
        assert_eq!(request_lang(None, &all), UiLang::Ru);
        assert_eq!(request_lang(None, &headers(&[("accept-language", "de-DE, ru;q=0.8")])), UiLang::Ru);
        assert_eq!(request_lang(Some("lang=xx"), &headers(&[])), UiLang::Kk);
    }

    #[test]
    fn internal_details_never_reach_the_message() {
        let error = ApiError::Internal("disk /var/lib/adal is full".into());
        for lang in UiLang::ALL {
            assert!(!error.message(lang).contains("/var/lib"));
        }
        assert_eq!(error.code(), "internal_error");
        assert_eq!(human_size(50_000_000), "50 MB");
        assert_eq!(human_size(20_000), "20 KB");
    }
}
