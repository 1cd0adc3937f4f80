//! Password hashing with argon2id (the crate's defaults: version 19, 19 MiB memory, 2 passes,
//! 1 lane, a random 16-byte salt), stored as a PHC string such as `$argon2id$v=19$m=19456,…`.

use super::AuthError;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;

/// Longer passwords are refused so that nobody can make the server hash megabytes per login.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Hashes a password for storage.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AuthError::PasswordTooLong);
    }
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|error| AuthError::Hashing(error.to_string()))?;
    Ok(hash.to_string())
}

/// True when `password` matches the stored PHC string. A malformed stored hash never matches.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(stored_hash) else {
        return false;
    };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// Verifies a login's password against the account's stored hash, or, when there is no such
/// account (or it has no password), against a fixed dummy hash made with the same parameters,
/// so that the answer takes as long for an unknown e-mail as for a known one and login times
/// do not reveal which addresses have accounts. Always false without a stored hash.
pub fn verify_login_password(password: &str, stored_hash: Option<&str>) -> bool {
    static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    match stored_hash {
        Some(hash) => verify_password(password, hash),
        None => {
            let dummy = DUMMY_HASH.get_or_init(|| hash_password("adal: no such account").unwrap_or_default());
            let _ = verify_password(password, dummy);
            false
        }
    }
}
