//! The login rate limiter: failed logins counted per e-mail address and per client address in
//! a sliding window, in memory. Time is passed in, so tests need no clock.
//!
//! A login is refused while the e-mail address or the client address has reached its limit of
//! failures within the window. A successful login clears the address's failures but not the
//! client's, so one account cannot be used to reset a password-guessing run across many.
//!
//! An attempt is counted *before* its password is checked ([`LoginRateLimiter::begin_attempt`]),
//! so parallel guesses cannot all pass the check while the first ones are still being verified;
//! a successful attempt takes its count back. E-mail addresses are kept only as a 128-bit hash
//! of their normalized form, so a client sending huge addresses cannot grow the limiter's memory.

use crate::model::Translated;
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

/// The limits of the rate limiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Length of the sliding window in milliseconds.
    pub window_ms: i64,
    /// Failures of one e-mail address within the window before logins to it are refused.
    pub max_failures_per_email: usize,
    /// Failures from one client address within the window before its logins are refused; higher,
    /// because a university's students often share one address behind NAT.
    pub max_failures_per_ip: usize,
    /// How many e-mails (and, separately, client addresses) are tracked at most; the ones whose
    /// last failure is oldest are forgotten first, so the limiter's memory stays bounded.
    pub max_tracked_keys: usize,
}

impl RateLimitConfig {
    /// 5 failures per account and 50 per client address in 15 minutes.
    pub const DEFAULT: RateLimitConfig = RateLimitConfig {
        window_ms: 15 * 60 * 1000,
        max_failures_per_email: 5,
        max_failures_per_ip: 50,
        max_tracked_keys: 100_000,
    };
}

/// A login refused by the rate limiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("too many failed logins; retry in {retry_after_ms} ms")]
pub struct RateLimited {
    /// When the oldest counted failure leaves the window.
    pub retry_after_ms: i64,
}

impl RateLimited {
    pub fn translated(&self) -> Translated {
        const { crate::messages::text("rate_limited") }
    }
}

/// Failure times per key, oldest first.
#[derive(Debug)]
struct FailureLog<K> {
    failures: HashMap<K, VecDeque<i64>>,
}

impl<K> Default for FailureLog<K> {
    fn default() -> Self {
        FailureLog { failures: HashMap::new() }
    }
}

impl<K: Eq + Hash + Clone> FailureLog<K> {
    /// Drops the failures of `key` that are out of the window; returns the failures left.
    fn live_failures(&mut self, key: &K, now: i64, window_ms: i64) -> Option<&VecDeque<i64>> {
        let times = self.failures.get_mut(key)?;
        while times.front().is_some_and(|&time| time <= now.saturating_sub(window_ms)) {
            times.pop_front();
        }
        if times.is_empty() {
            self.failures.remove(key);
            return None;
        }
        self.failures.get(key)
    }

    /// `Err` when `key` has `limit` or more failures in the window.
    fn check(
        &mut self,
        key: &K,
        now: i64,
        config: &RateLimitConfig,
        limit: usize,
    ) -> Result<(), RateLimited> {
        let Some(times) = self.live_failures(key, now, config.window_ms) else {
            return Ok(());
        };
        if times.len() < limit {
            return Ok(());
        }
        // The refusal lasts until enough failures leave the window to get under the limit.
        let blocking_index = times.len() - limit;
        let blocking_time = times.get(blocking_index).copied().unwrap_or(now);
        let retry_after_ms = blocking_time.saturating_add(config.window_ms).saturating_sub(now).max(1);
        Err(RateLimited { retry_after_ms })
    }

    fn record(&mut self, key: K, now: i64, config: &RateLimitConfig, limit: usize) {
        if !self.failures.contains_key(&key) && self.failures.len() >= config.max_tracked_keys {
            self.forget_oldest(now, config.window_ms);
        }
        let times = self.failures.entry(key).or_default();
        times.push_back(now);
        // More than `limit` failures in the window tell nothing more.
        while times.len() > limit.max(1) {
            times.pop_front();
        }
    }

    /// Frees room: drops expired keys, then the key whose last failure is oldest.
    fn forget_oldest(&mut self, now: i64, window_ms: i64) {
        let cutoff = now.saturating_sub(window_ms);
        self.failures.retain(|_, times| times.back().is_some_and(|&last| last > cutoff));
        let oldest = self
            .failures
            .iter()
            .min_by_key(|(_, times)| times.back().copied().unwrap_or(i64::MIN))
            .map(|(key, _)| key.clone());
        if let Some(oldest) = oldest {
            self.failures.remove(&oldest);
        }
    }
}

/// The fixed-size key of an e-mail address (its normalized form, hashed).
type EmailKey = u128;

#[derive(Debug, Default)]
struct Logs {
    by_email: FailureLog<EmailKey>,
    by_ip: FailureLog<IpAddr>,
}

impl Logs {
    fn check(
        &mut self,
        email_key: EmailKey,
        ip: IpAddr,
        now: i64,
        config: &RateLimitConfig,
    ) -> Result<(), RateLimited> {
        let email_verdict = self.by_email.check(&email_key, now, config, config.max_failures_per_email);
        let ip_verdict = self.by_ip.check(&ip, now, config, config.max_failures_per_ip);
        match (email_verdict, ip_verdict) {
            (Err(first), Err(second)) => {
                Err(RateLimited { retry_after_ms: first.retry_after_ms.max(second.retry_after_ms) })
            }
            (Err(refusal), Ok(())) | (Ok(()), Err(refusal)) => Err(refusal),
            (Ok(()), Ok(())) => Ok(()),
        }
    }

    fn record(&mut self, email_key: EmailKey, ip: IpAddr, now: i64, config: &RateLimitConfig) {
        self.by_email.record(email_key, now, config, config.max_failures_per_email);
        self.by_ip.record(ip, now, config, config.max_failures_per_ip);
    }
}

/// Counts failed logins; share one behind an `Arc` (methods take `&self`).
#[derive(Debug)]
pub struct LoginRateLimiter {
    config: RateLimitConfig,
    logs: Mutex<Logs>,
}

impl LoginRateLimiter {
    pub fn new(config: RateLimitConfig) -> Self {
        LoginRateLimiter { config, logs: Mutex::new(Logs::default()) }
    }

    /// `Ok` when a login attempt for `email` from `ip` may be tried now.
    pub fn check(&self, email: &str, ip: IpAddr, now: i64) -> Result<(), RateLimited> {
        let mut logs = self.logs.lock().unwrap_or_else(PoisonError::into_inner);
        logs.check(email_key(email), ip, now, &self.config)
    }

    /// Counts a failed login.
    pub fn record_failure(&self, email: &str, ip: IpAddr, now: i64) {
        let mut logs = self.logs.lock().unwrap_or_else(PoisonError::into_inner);
        logs.record(email_key(email), ip, now, &self.config);
    }

    /// Checks the limits and, when the attempt may go on, counts it as a failure at once (in
    /// one step under the lock); [`Self::attempt_succeeded`] takes the count back.
    pub fn begin_attempt(&self, email: &str, ip: IpAddr, now: i64) -> Result<(), RateLimited> {
        let mut logs = self.logs.lock().unwrap_or_else(PoisonError::into_inner);
        let key = email_key(email);
        logs.check(key, ip, now, &self.config)?;
        logs.record(key, ip, now, &self.config);
        Ok(())
    }

    /// An attempt begun at `now` succeeded: the account's failures are cleared and the
    /// address's count of this attempt is taken back (its earlier failures stay).
    pub fn attempt_succeeded(&self, email: &str, ip: IpAddr, now: i64) {
        let mut logs = self.logs.lock().unwrap_or_else(PoisonError::into_inner);
        logs.by_email.failures.remove(&email_key(email));
        if let Some(times) = logs.by_ip.failures.get_mut(&ip) {
            if let Some(position) = times.iter().rposition(|&time| time == now) {
                times.remove(position);
            }
            if times.is_empty() {
                logs.by_ip.failures.remove(&ip);
            }
        }
    }

    /// Clears the failures of an e-mail address after a successful login.
    pub fn record_success(&self, email: &str) {
        let mut logs = self.logs.lock().unwrap_or_else(PoisonError::into_inner);
        logs.by_email.failures.remove(&email_key(email));
    }
}

impl Default for LoginRateLimiter {
    fn default() -> Self {
        LoginRateLimiter::new(RateLimitConfig::DEFAULT)
    }
}

/// The limiter's key of an e-mail address: a hash of its normalized form (16 bytes, whatever
/// the address's length).
fn email_key(email: &str) -> EmailKey {
    xxhash_rust::xxh3::xxh3_128(email.trim().to_lowercase().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_counts_before_its_password_is_checked() {
        let limiter =
            LoginRateLimiter::new(RateLimitConfig { max_failures_per_email: 3, ..RateLimitConfig::DEFAULT });
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        // Three attempts begun at once (none finished yet): the fourth is refused.
        for _ in 0..3 {
            limiter.begin_attempt("a@x.kz", ip, 1).expect("allowed");
        }
        assert!(limiter.begin_attempt("A@x.kz ", ip, 1).is_err());
        // A success takes its own count back and clears the account.
        limiter.attempt_succeeded("a@x.kz", ip, 1);
        assert!(limiter.begin_attempt("a@x.kz", ip, 2).is_ok());
    }

    #[test]
    fn huge_addresses_are_kept_as_fixed_size_keys() {
        let limiter = LoginRateLimiter::default();
        let ip: IpAddr = "10.0.0.2".parse().unwrap();
        let huge = "x".repeat(1_000_000);
        limiter.record_failure(&huge, ip, 1);
        let logs = limiter.logs.lock().unwrap();
        assert_eq!(logs.by_email.failures.len(), 1);
        assert_eq!(std::mem::size_of::<EmailKey>(), 16);
    }
}
