//! The upload limiter: accepted thesis uploads counted per user in a sliding minute, in memory.
//! Time is passed in, so tests need no clock.
//!
//! A flood of tiny uploads would otherwise fill the file store and queue one check job each; a
//! student uploads a few versions a day, so the default of 20 a minute never stands in their way.

use crate::model::Translated;
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

const WINDOW_MS: i64 = 60_000;
/// Users tracked at most; beyond this the limiter forgets the ones idle the longest.
const MAX_TRACKED_USERS: usize = 100_000;

/// An upload refused by the upload limiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("too many uploads; retry in {retry_after_ms} ms")]
pub struct UploadLimited {
    /// When the oldest counted upload leaves the window.
    pub retry_after_ms: i64,
}

impl UploadLimited {
    pub fn translated(&self) -> Translated {
        const { crate::messages::text("uploads_limited") }
    }
}

/// Per-user sliding-window counter of accepted uploads.
#[derive(Debug)]
pub struct UploadLimiter {
    per_minute: usize,
    window_ms: i64,
    uploads: Mutex<HashMap<u64, VecDeque<i64>>>,
}

impl UploadLimiter {
    /// A limiter allowing `per_minute` uploads per user (0 means no limit).
    pub fn new(per_minute: u32) -> UploadLimiter {
        UploadLimiter::per_window(per_minute, WINDOW_MS)
    }

    /// A limiter allowing `count` actions per user within `window_ms` (0 means no limit); the
    /// same counter limits thesis creation per hour.
    pub fn per_window(count: u32, window_ms: i64) -> UploadLimiter {
        UploadLimiter {
            per_minute: count as usize,
            window_ms: window_ms.max(1),
            uploads: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an upload of `user` at `now`, or refuses it when the user reached the limit.
    pub fn admit(&self, user: u64, now: i64) -> Result<(), UploadLimited> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let window_ms = self.window_ms;
        let mut uploads = self.uploads.lock().unwrap_or_else(PoisonError::into_inner);
        if uploads.len() >= MAX_TRACKED_USERS && !uploads.contains_key(&user) {
            uploads.retain(|_, times| times.back().is_some_and(|&time| time > now - window_ms));
            if uploads.len() >= MAX_TRACKED_USERS {
                uploads.clear();
            }
        }
        let times = uploads.entry(user).or_default();
        while times.front().is_some_and(|&time| time <= now - window_ms) {
            times.pop_front();
        }
        if times.len() >= self.per_minute {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(UploadLimited { retry_after_ms: (oldest + window_ms - now).max(1) });
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_beyond_the_limit_wait_for_the_window() {
        let limiter = UploadLimiter::new(3);
        for second in 0..3 {
            assert!(limiter.admit(1, second * 1000).is_ok());
        }
        assert_eq!(limiter.admit(1, 3000), Err(UploadLimited { retry_after_ms: 57_000 }));
        assert!(limiter.admit(2, 3000).is_ok(), "another user is not affected");
        assert!(limiter.admit(1, 60_001).is_ok(), "the first upload left the window");
        assert!(UploadLimiter::new(0).admit(1, 0).is_ok());
    }
}
