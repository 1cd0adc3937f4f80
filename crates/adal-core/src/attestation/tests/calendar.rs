//! Tests of the date type and the working-day calendar, with the shipped holiday file.

use super::{day, kz};
use crate::attestation::calendar::{Calendar, Holiday, KAZAKHSTAN_HOLIDAYS_TSV};
use crate::attestation::date::{Date, TimeOfDay, Weekday};
use crate::attestation::AttestationError;

#[test]
fn days_since_epoch_match_known_dates_and_round_trip() {
    for (text, days) in [("1970-01-01", 0), ("1969-12-31", -1), ("2000-03-01", 11017), ("2024-02-29", 19782)]
    {
        assert_eq!(day(text).days_since_epoch(), days, "{text}");
    }
    assert_eq!(day("2026-03-20").days_since_epoch(), 20532);
    for days in -800_000..800_000 {
        assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
    }
}

#[test]
fn weekdays_of_known_dates() {
    for (text, weekday) in [
        ("1970-01-01", Weekday::Thursday),
        ("2026-03-20", Weekday::Friday),
        ("2026-03-21", Weekday::Saturday),
        ("2026-03-22", Weekday::Sunday),
        ("2026-03-23", Weekday::Monday),
        ("2026-06-08", Weekday::Monday),
        ("2027-05-16", Weekday::Sunday),
    ] {
        assert_eq!(day(text).weekday(), weekday, "{text}");
    }
}

#[test]
fn only_real_dates_parse() {
    assert!(Date::from_ymd(2024, 2, 29).is_some());
    assert!(Date::from_ymd(2000, 2, 29).is_some());
    for text in
        ["2026-02-29", "1900-02-29", "2026-13-01", "2026-04-31", "2026-00-10", "2026-01-00", "x", "2026-01"]
    {
        assert_eq!(Date::parse(text), None, "{text}");
    }
    assert_eq!(day("2026-03-20").to_string(), "2026-03-20");
    assert_eq!(day("2026-12-31").next_day(), day("2027-01-01"));
}

#[test]
fn dates_serialize_as_iso_text() {
    let json = serde_json::to_string(&day("2026-06-08")).unwrap();
    assert_eq!(json, "\"2026-06-08\"");
    assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), day("2026-06-08"));
    assert!(serde_json::from_str::<Date>("\"2026-02-30\"").is_err());
}

#[test]
fn times_of_day_stay_inside_the_day() {
    assert_eq!(TimeOfDay::hm(9, 5).unwrap().minutes(), 545);
    assert_eq!(TimeOfDay::hm(9, 5).unwrap().to_string(), "09:05");
    assert_eq!(TimeOfDay::hm(24, 0), None);
    assert_eq!(TimeOfDay::hm(10, 60), None);
    assert_eq!(TimeOfDay::from_minutes(1440), None);
}

#[test]
fn the_shipped_file_has_every_statutory_holiday_and_kurban_ait_for_2025_to_2027() {
    let calendar = kz();
    assert_eq!(calendar.years_covered().into_iter().collect::<Vec<_>>(), [2025, 2026, 2027]);
    let fixed = ["01-01", "01-02", "03-08", "03-21", "03-22", "03-23", "05-01", "05-07", "05-09", "07-06"];
    let autumn = ["08-30", "10-25", "12-16"];
    for year in 2025..=2027 {
        for month_day in fixed.iter().chain(&autumn) {
            let date = day(&format!("{year}-{month_day}"));
            assert!(calendar.holiday(date).is_some(), "{date} missing");
            assert!(!calendar.is_working_day(date), "{date}");
        }
    }
    for kurban_ait in ["2025-06-06", "2026-05-27", "2027-05-16"] {
        let holiday = calendar.holiday(day(kurban_ait)).expect(kurban_ait);
        assert_eq!(holiday.name_en, "Kurban Ait (first day)");
    }
    let lines = KAZAKHSTAN_HOLIDAYS_TSV.lines().filter(|line| line.starts_with("20")).count();
    assert_eq!(lines, 3 * 14);
    assert_eq!(calendar.holiday(day("2026-12-16")).unwrap().name_ru, "День Независимости");
    assert_eq!(calendar.holiday(day("2026-12-16")).unwrap().name_kk, "Тәуелсіздік күні");
}

#[test]
fn the_file_header_says_the_transfer_decrees_are_the_institutions_to_add() {
    assert!(KAZAKHSTAN_HOLIDAYS_TSV.contains("transfer decree"));
    assert!(KAZAKHSTAN_HOLIDAYS_TSV.contains("added by the institution every year"));
}

#[test]
fn a_friday_before_a_holiday_monday_leads_to_tuesday() {
    // Nauryz 2026: Saturday 21 to Monday 23 March.
    let calendar = kz();
    assert!(calendar.is_working_day(day("2026-03-20")));
    assert_eq!(calendar.next_working_day(day("2026-03-20")), day("2026-03-24"));
    assert_eq!(calendar.add_working_days(day("2026-03-20"), 2), day("2026-03-25"));
    assert_eq!(calendar.working_days_between(day("2026-03-20"), day("2026-03-24")), 1);
    assert_eq!(calendar.working_days_between(day("2026-03-20"), day("2026-03-23")), 0);
}

#[test]
fn a_holiday_friday_and_a_holiday_sunday_are_skipped() {
    // 7 May 2027 is a Friday, 9 May a Sunday.
    let calendar = kz();
    assert_eq!(calendar.next_working_day(day("2027-05-06")), day("2027-05-10"));
    // 7 May 2026 is a Thursday; Friday the 8th is a working day.
    assert_eq!(calendar.next_working_day(day("2026-05-06")), day("2026-05-08"));
    assert_eq!(calendar.working_day_on_or_after(day("2026-05-07")), day("2026-05-08"));
    assert_eq!(calendar.working_day_on_or_after(day("2026-05-08")), day("2026-05-08"));
}

#[test]
fn zero_working_days_and_backward_ranges() {
    let calendar = kz();
    assert_eq!(calendar.add_working_days(day("2026-03-21"), 0), day("2026-03-21"));
    assert_eq!(calendar.working_days_between(day("2026-06-10"), day("2026-06-10")), 0);
    assert_eq!(calendar.working_days_between(day("2026-06-10"), day("2026-06-01")), 0);
}

#[test]
fn counting_and_adding_working_days_agree() {
    let calendar = kz();
    let mut date = day("2025-12-20");
    while date < day("2027-01-10") {
        for working_days in 0..8 {
            let later = calendar.add_working_days(date, working_days);
            assert_eq!(calendar.working_days_between(date, later), working_days, "{date} + {working_days}");
            assert!(working_days == 0 || calendar.is_working_day(later));
        }
        date = date.next_day();
    }
}

#[test]
fn institutions_add_moved_days_off_and_working_saturdays() {
    // 8 March 2026 is a Sunday; a decree would move the day off to Monday the 9th.
    let mut calendar = kz();
    assert!(calendar.is_working_day(day("2026-03-09")));
    calendar.add_holiday(Holiday {
        date: day("2026-03-09"),
        name_kk: "Ауыстырылған демалыс күні".into(),
        name_ru: "Перенесённый выходной день".into(),
        name_en: "Moved day off".into(),
    });
    assert!(!calendar.is_working_day(day("2026-03-09")));
    let calendar = calendar.with_working_days([day("2026-01-03"), day("2026-03-21")]);
    assert!(calendar.is_working_day(day("2026-01-03")), "a decree's working Saturday");
    assert!(!calendar.is_working_day(day("2026-03-21")), "a holiday stays a day off");
    assert!(!calendar.is_working_day(day("2026-01-10")), "an ordinary Saturday");
}

#[test]
fn an_institutions_own_file_is_read_and_malformed_lines_are_refused_with_their_number() {
    let good = "# own file\r\n2028-01-01\tЖаңа жыл\tНовый год\tNew Year\r\n\n";
    let calendar = Calendar::from_tsv(good).unwrap();
    assert!(!calendar.is_working_day(day("2028-01-03").add_days(-2)));
    for bad in [
        "# header\n2028-01-01\tЖаңа жыл\tНовый год",
        "# header\n2028-01-01\tЖаңа жыл\tНовый год\tNew Year\textra",
        "# header\n2028-02-30\tЖаңа жыл\tНовый год\tNew Year",
        "# header\n2028-01-01\t\tНовый год\tNew Year",
    ] {
        assert_eq!(Calendar::from_tsv(bad), Err(AttestationError::MalformedHolidayLine { line: 2 }), "{bad}");
    }
}
