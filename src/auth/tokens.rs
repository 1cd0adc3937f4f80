//! Random secrets and what is derived from them: session ids, API tokens, their stored hashes,
//! and CSRF tokens.
//!
//! Session ids and API tokens carry 256 random bits from the operating system. The store keeps
//! only their SHA-256 hash ([`hash_token`]). A CSRF token is HMAC-SHA256 of the session id under
//! a server secret, so it needs no storage and changes with every session.

use super::AuthError;
use sha2::{Digest, Sha256};

/// The prefix of API tokens, so that a leaked token is easy to recognise in logs and scans.
pub const API_TOKEN_PREFIX: &str = "adal_";

/// 32 bytes from the operating system's random source.
pub fn random_bytes() -> Result<[u8; 32], AuthError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| AuthError::Random(error.to_string()))?;
    Ok(bytes)
}

/// A new session id for a cookie: 64 hex digits.
pub fn new_session_id() -> Result<String, AuthError> {
    Ok(to_hex(&random_bytes()?))
}

/// A new API token: `adal_` and 64 hex digits. Show it once; store [`hash_token`] of it.
pub fn new_api_token() -> Result<String, AuthError> {
    Ok(format!("{API_TOKEN_PREFIX}{}", to_hex(&random_bytes()?)))
}

/// The hash under which a session id or API token is stored (hex of SHA-256).
pub fn hash_token(token: &str) -> String {
    to_hex(&Sha256::digest(token.as_bytes()))
}

/// The CSRF token for form posts within a session.
pub fn csrf_token(server_secret: &[u8; 32], session_id: &str) -> String {
    to_hex(&hmac_sha256(server_secret, session_id.as_bytes()))
}

/// True when `candidate` is the CSRF token of the session. The comparison takes the same time
/// wherever the first difference is.
pub fn verify_csrf_token(server_secret: &[u8; 32], session_id: &str, candidate: &str) -> bool {
    let expected = csrf_token(server_secret, session_id);
    constant_time_equal(expected.as_bytes(), candidate.as_bytes())
}

/// Compares two byte strings without stopping at the first difference.
pub fn constant_time_equal(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    let difference = left.iter().zip(right).fold(0u8, |accumulated, (a, b)| accumulated | (a ^ b));
    difference == 0
}

/// HMAC (RFC 2104) over SHA-256 with a 32-byte key.
fn hmac_sha256(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    const BLOCK_SIZE: usize = 64;
    let mut inner_pad = [0x36u8; BLOCK_SIZE];
    let mut outer_pad = [0x5cu8; BLOCK_SIZE];
    for (index, key_byte) in key.iter().enumerate() {
        inner_pad[index] ^= key_byte;
        outer_pad[index] ^= key_byte;
    }
    let inner_hash = Sha256::new().chain_update(inner_pad).chain_update(message).finalize();
    let outer_hash = Sha256::new().chain_update(outer_pad).chain_update(inner_hash).finalize();
    let mut output = [0u8; 32];
    output.copy_from_slice(&outer_hash);
    output
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_python_hmac_module() {
        // HMAC-SHA256 with a 32-byte key of 0x0b and "Hi There", as Python's hmac module computes it.
        let key = [0x0bu8; 32];
        let expected = "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7";
        assert_eq!(to_hex(&hmac_sha256(&key, b"Hi There")), expected);
    }
}
