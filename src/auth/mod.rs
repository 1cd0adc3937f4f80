//! Authentication and access primitives: argon2id passwords, random session ids and API tokens
//! (stored only as hashes), CSRF tokens, the login rate limiter, the per-user upload limiter, and [`authorize`] — the one
//! place where access is decided.
//!
//! This module is plain functions and small in-memory state; time is passed in. It knows the
//! store's record types (`User`, `Thesis`) but not how they are stored, and nothing about HTTP:
//! the server reads cookies and headers and calls these functions.

mod access;
mod password;
mod rate_limit;
mod tokens;
mod upload_limit;

pub use access::{
    authorize, thesis_scope, AccessDenied, AccessTarget, Action, CommissionRef, DenialReason, ThesisRef,
    UserRef,
};
pub use password::{hash_password, verify_login_password, verify_password, MAX_PASSWORD_BYTES};
pub use rate_limit::{LoginRateLimiter, RateLimitConfig, RateLimited};
pub use tokens::{
    constant_time_equal, csrf_token, hash_token, new_api_token, new_session_id, random_bytes,
    verify_csrf_token, API_TOKEN_PREFIX,
};
pub use upload_limit::{UploadLimited, UploadLimiter};

/// Why an authentication primitive failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The operating system's random source failed.
    #[error("random source failed: {0}")]
    Random(String),
    /// Argon2 refused to hash (e.g. parameters out of range).
    #[error("password hashing failed: {0}")]
    Hashing(String),
    /// The password is longer than [`MAX_PASSWORD_BYTES`].
    #[error("the password is too long")]
    PasswordTooLong,
}
