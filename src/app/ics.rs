//! The defense schedule as iCalendar (RFC 5545, `.ics`) with the `icalendar` crate: one event
//! per defense, its title in the reader's language. Times are written in UTC, converted from
//! the institution's local time at UTC+5 (all of Kazakhstan since 1 March 2024, no daylight
//! saving), so every calendar program places them right without a time-zone definition.

use crate::attestation::date::Date;
use crate::attestation::schedule::DefenseSlot;
use crate::model::UiLang;
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, EventLike};

const SUMMARY: crate::model::Translated = crate::messages::text("ics_defense_summary");

/// Kazakhstan's offset from UTC, in minutes.
pub const KAZAKHSTAN_UTC_OFFSET_MINUTES: i64 = 5 * 60;

/// A defense to put in a calendar.
pub struct CalendarDefense<'a> {
    pub slot: &'a DefenseSlot,
    pub commission: u64,
    pub thesis: u64,
    pub student_name: &'a str,
    pub title: &'a str,
}

/// The UTC instant of a local date and minute of the day.
fn utc_instant(date: Date, minutes: u16) -> Option<DateTime<Utc>> {
    let local_seconds = date.days_since_epoch() * 86_400 + i64::from(minutes) * 60;
    DateTime::from_timestamp(local_seconds - KAZAKHSTAN_UTC_OFFSET_MINUTES * 60, 0)
}

/// The calendar named `name` with one event per defense; `stamp_ms` (the schedule's last
/// change) is every event's DTSTAMP, so the same schedule always gives the same file.
pub fn defenses_calendar(
    name: &str,
    defenses: &[CalendarDefense<'_>],
    meeting_link: Option<&str>,
    stamp_ms: i64,
    lang: UiLang,
) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    let stamp = DateTime::from_timestamp_millis(stamp_ms).unwrap_or_default();
    for defense in defenses {
        let (Some(start), Some(end)) = (
            utc_instant(defense.slot.date, defense.slot.start.minutes()),
            utc_instant(defense.slot.date, defense.slot.end_minutes()),
        ) else {
            continue;
        };
        let summary = SUMMARY.get(lang).replace("{student}", defense.student_name);
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("defense-{}-{}@adal", defense.commission, defense.thesis))
            .timestamp(stamp)
            .summary(&summary)
            .description(&format!("{}\n{name}", defense.title))
            .starts(start)
            .ends(end);
        if let Some(link) = meeting_link {
            event.location(link).add_property("URL", link);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}
