//! Working days in Kazakhstan: Monday to Friday, except public holidays.
//!
//! The holidays come from a yearly data file, `holidays-kz.tsv` (date, then the name in Kazakh,
//! Russian and English), compiled into the crate with `include_str!`. It holds the fixed statutory
//! holidays and Kurban Ait for the years it lists; the days off moved by the government's yearly
//! transfer decree are not in it and are added by the institution ([`Calendar::from_tsv`] reads
//! its own copy; [`Calendar::with_working_days`] takes the Saturdays a decree makes working days).
//!
//! Counting: [`Calendar::add_working_days`]`(date, n)` is the `n`-th working day after `date`
//! (`date` itself does not count), and [`Calendar::working_days_between`]`(start, end)` counts the
//! working days after `start` up to and including `end`, so that
//! `working_days_between(d, add_working_days(d, n)) == n`.

use super::date::Date;
use super::error::AttestationError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The holiday file shipped with Adal.
pub const KAZAKHSTAN_HOLIDAYS_TSV: &str = include_str!("holidays-kz.tsv");

/// A public holiday (a day off) with its name in the three languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: Date,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

/// The days off of an institution: the holidays, and the weekend days made working days.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    holidays: BTreeMap<Date, Holiday>,
    working_weekend_days: BTreeSet<Date>,
}

impl Calendar {
    /// Kazakhstan's holidays from the file shipped with Adal.
    pub fn kazakhstan() -> Calendar {
        // The shipped file is checked by the tests, so this cannot fail in a release.
        Calendar::from_tsv(KAZAKHSTAN_HOLIDAYS_TSV).expect("holidays-kz.tsv is well formed")
    }

    /// A calendar from a holiday file in the format of `holidays-kz.tsv`; a malformed line is
    /// refused with its number (from 1).
    pub fn from_tsv(text: &str) -> Result<Calendar, AttestationError> {
        let mut calendar = Calendar::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let holiday =
                parse_holiday_line(line).ok_or(AttestationError::MalformedHolidayLine { line: index + 1 })?;
            calendar.add_holiday(holiday);
        }
        Ok(calendar)
    }

    /// Adds a day off (a new holiday, or a day off moved by a transfer decree).
    pub fn add_holiday(&mut self, holiday: Holiday) {
        self.holidays.insert(holiday.date, holiday);
    }

    /// The calendar with these weekend days made working days (a transfer decree's Saturdays).
    pub fn with_working_days(mut self, dates: impl IntoIterator<Item = Date>) -> Calendar {
        self.working_weekend_days.extend(dates);
        self
    }

    /// The holiday on `date`, if it is one.
    pub fn holiday(&self, date: Date) -> Option<&Holiday> {
        self.holidays.get(&date)
    }

    /// The years for which the calendar has at least one holiday: the service warns before
    /// scheduling in a year the file does not cover.
    pub fn years_covered(&self) -> BTreeSet<i32> {
        self.holidays.keys().map(|date| date.year()).collect()
    }

    /// Monday to Friday and not a holiday, or a weekend day made a working day.
    pub fn is_working_day(&self, date: Date) -> bool {
        if self.holidays.contains_key(&date) {
            return false;
        }
        !date.is_weekend() || self.working_weekend_days.contains(&date)
    }

    /// The first working day after `date`.
    pub fn next_working_day(&self, date: Date) -> Date {
        let mut day = date.next_day();
        while !self.is_working_day(day) {
            day = day.next_day();
        }
        day
    }

    /// The first working day on or after `date`.
    pub fn working_day_on_or_after(&self, date: Date) -> Date {
        if self.is_working_day(date) {
            date
        } else {
            self.next_working_day(date)
        }
    }

    /// The `working_days`-th working day after `date`; `date` itself when `working_days` is 0.
    pub fn add_working_days(&self, date: Date, working_days: u32) -> Date {
        (0..working_days).fold(date, |day, _| self.next_working_day(day))
    }

    /// The working days after `start` up to and including `end` (0 when `end <= start`).
    pub fn working_days_between(&self, start: Date, end: Date) -> u32 {
        let mut count = 0;
        let mut day = start.next_day();
        while day <= end {
            count += u32::from(self.is_working_day(day));
            day = day.next_day();
        }
        count
    }
}

fn parse_holiday_line(line: &str) -> Option<Holiday> {
    let mut fields = line.split('\t').map(str::trim);
    let date = Date::parse(fields.next()?)?;
    let mut name = || fields.next().filter(|text| !text.is_empty()).map(str::to_string);
    let (name_kk, name_ru, name_en) = (name()?, name()?, name()?);
    if fields.next().is_some() {
        return None;
    }
    Some(Holiday { date, name_kk, name_ru, name_en })
}
