//! Unit tests of the attestation rules, one file per rule module.

mod appeals;
mod calendar;
mod grading;
mod schedule;
mod state;
mod vote;

use super::calendar::Calendar;
use super::date::Date;

/// A date from a literal the tests know to be valid.
pub(super) fn day(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("bad test date {text}"))
}

/// Kazakhstan's shipped calendar.
pub(super) fn kz() -> Calendar {
    Calendar::kazakhstan()
}
