//! The one retry pause of the service: linear growth per consecutive failure, capped, reset by a
//! success. Used wherever a worker waits out a failing dependency (the fingerprint shards, the
//! rescan queue, the mail relay) instead of failing the work, and for the next attempt of a
//! queued e-mail, whose failures are counted in the store ([`Backoff::pause_after`]).

use std::time::{Duration, Instant};

/// A growing pause: `step` after the first failure, `2 × step` after the second, … at most
/// `longest`.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    step: Duration,
    longest: Duration,
    failures: u32,
}

impl Backoff {
    pub const fn new(step: Duration, longest: Duration) -> Backoff {
        Backoff { step, longest, failures: 0 }
    }

    /// The pause after `failures` consecutive failures, whoever counted them.
    pub fn pause_after(&self, failures: u32) -> Duration {
        self.step.checked_mul(failures).map_or(self.longest, |pause| pause.min(self.longest))
    }

    /// Counts a failure and answers how long to wait before the next try.
    pub fn next_pause(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        self.pause_after(self.failures)
    }

    /// A success: the next failure starts from the first pause again.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

/// Sleeps for `pause` in steps of at most 100 ms; false as soon as `stopping()` says so.
pub fn sleep_unless(pause: Duration, stopping: impl Fn() -> bool) -> bool {
    let until = Instant::now() + pause;
    while Instant::now() < until {
        if stopping() {
            return false;
        }
        std::thread::sleep((until - Instant::now()).min(Duration::from_millis(100)));
    }
    !stopping()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_to_the_cap_and_reset() {
        let mut backoff = Backoff::new(Duration::from_millis(200), Duration::from_millis(500));
        let pauses: Vec<u128> = (0..4).map(|_| backoff.next_pause().as_millis()).collect();
        assert_eq!(pauses, vec![200, 400, 500, 500]);
        backoff.reset();
        assert_eq!(backoff.next_pause(), Duration::from_millis(200));
        assert_eq!(backoff.pause_after(2), Duration::from_millis(400));
        assert_eq!(backoff.pause_after(u32::MAX), Duration::from_millis(500), "no overflow");
        assert!(!sleep_unless(Duration::from_secs(60), || true), "a stop ends the sleep at once");
    }
}
