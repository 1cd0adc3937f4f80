//! The final attestation after admission (issue #18): the Ministry's rules for the defense
//! schedule, grading, the degree vote, appeals and the defense's states, as plain functions on
//! data.
//!
//! - [`date`]: a small calendar date and time of day (no clock, no time-zone crate).
//! - [`calendar`]: Kazakhstan's working days, holidays from the compiled-in `holidays-kz.tsv`.
//! - [`schedule`]: a commission's defense schedule: ≤ 15-minute slots, ≤ 5-hour sittings,
//!   working days, nobody in two places at once, rescheduling for absence and technical failure.
//! - [`grading`]: the letter scale, per-student grade sheets, the final grade.
//! - [`vote`]: the degree vote, open or secret, and its totals.
//! - [`appeals`]: the filing window, the appeal commission's make-up, deadlines, overdue checks.
//! - [`state`]: one student's defense, admitted → … → closed, enforced in [`state::apply`].
//!
//! ```
//! use adal_core::attestation::{appeals, calendar::Calendar, date::Date};
//!
//! // Results published on Friday 20 March 2026, before the Nauryz holidays (21–23 March):
//! // the two working days of the appeal window are Tuesday 24 and Wednesday 25 March.
//! let calendar = Calendar::kazakhstan();
//! let published = Date::from_ymd(2026, 3, 20).unwrap();
//! let deadline = appeals::filing_deadline(&calendar, published, 2).unwrap();
//! assert_eq!(deadline.to_string(), "2026-03-25");
//! ```
//!
//! Every refusal is an [`AttestationError`] with kk/ru/en messages from the catalogue.
//! This module must not know about storage, HTTP, access rules or the clock: "today" and every
//! person's id come from the caller.

pub mod appeals;
pub mod calendar;
pub mod date;
mod error;
pub mod grading;
pub mod schedule;
pub mod state;
pub mod vote;

pub use error::AttestationError;

/// A person (student, commission member, secretary) as the service identifies users.
pub type PersonId = u64;

#[cfg(test)]
mod tests;
