//! The pages' access to the message catalogue (`crate::messages`, shared with the report and
//! the errors) and the localized formatting of dates, numbers and sizes.
//!
//! Templates read messages as `t.key`; handlers use [`msg`]; messages with a `{name}`
//! placeholder are filled in with [`msg_with`].
//!
//! This module knows nothing about HTTP or the store.

use crate::model::UiLang;

pub use crate::messages::{msg, msg_with, MESSAGES, SAME_IN_ALL_LANGUAGES};

/// All messages of a language as a JSON object, for templates (`t.key`).
pub fn table(lang: UiLang) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = crate::messages::table(lang)
        .map(|(key, text)| (key.to_string(), serde_json::Value::from(text)))
        .collect();
    serde_json::Value::Object(map)
}

const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];
const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar day for people: "26 қараша 2026", "26 ноября 2026", "26 November 2026".
pub fn format_date(lang: UiLang, year: i32, month: u8, day: u8) -> String {
    let index = usize::from(month.clamp(1, 12) - 1);
    let month_name = match lang {
        UiLang::Kk => MONTHS_KK[index],
        UiLang::Ru => MONTHS_RU[index],
        UiLang::En => MONTHS_EN[index],
    };
    format!("{day} {month_name} {year}")
}

/// Offset of the time shown on the pages: Kazakhstan's single time zone (UTC+5 since 2024).
const DISPLAY_OFFSET_MS: i64 = 5 * 3_600_000;

/// The civil date (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u8;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u8;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// A moment (unix milliseconds) for people, in Kazakhstan time: "26 қараша 2026, 14:05".
pub fn format_time(lang: UiLang, unix_ms: i64) -> String {
    let local = unix_ms + DISPLAY_OFFSET_MS;
    let days = local.div_euclid(86_400_000);
    let minutes_of_day = local.rem_euclid(86_400_000) / 60_000;
    let (year, month, day) = civil_from_days(days);
    format!("{}, {:02}:{:02}", format_date(lang, year, month, day), minutes_of_day / 60, minutes_of_day % 60)
}

/// A number with one decimal, a percentage, a grouped count: `report::numbers`, the one
/// formatter of the pages, the HTML report and the CLI.
pub use crate::report::numbers::{
    count as format_count, decimal as format_decimal, percent as format_percent,
};

/// A file size: "1,2 MB" / "1.2 MB", kilobytes below a megabyte.
pub fn format_size(lang: UiLang, bytes: u64) -> String {
    let (kb, mb) = match lang {
        UiLang::Kk => ("КБ", "МБ"),
        UiLang::Ru => ("КБ", "МБ"),
        UiLang::En => ("KB", "MB"),
    };
    if bytes >= 1_000_000 {
        format!("{}\u{a0}{mb}", format_decimal(lang, bytes as f64 / 1_000_000.0))
    } else {
        format!("{}\u{a0}{kb}", bytes.div_ceil(1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_numbers_and_sizes_are_localized() {
        assert_eq!(format_date(UiLang::Kk, 2026, 11, 26), "26 қараша 2026");
        assert_eq!(format_date(UiLang::Ru, 2026, 11, 26), "26 ноября 2026");
        assert_eq!(format_date(UiLang::En, 2026, 11, 26), "26 November 2026");
        // 2026-11-26 09:05 UTC is 14:05 in Kazakhstan.
        assert_eq!(format_time(UiLang::Ru, 1_795_683_900_000), "26 ноября 2026, 14:05");
        assert_eq!(format_time(UiLang::En, 0), "1 January 1970, 05:00");
        assert_eq!(format_percent(UiLang::Kk, 12.5), "12,5\u{a0}%");
        assert_eq!(format_percent(UiLang::En, 12.5), "12.5%");
        assert_eq!(format_count(UiLang::En, 1_234_567), "1,234,567");
        assert_eq!(format_count(UiLang::Ru, 12_345), "12\u{202f}345");
        assert_eq!(format_count(UiLang::Kk, 999), "999");
        assert_eq!(format_size(UiLang::Ru, 2_500_000), "2,5\u{a0}МБ");
        assert_eq!(format_size(UiLang::En, 20_000), "20\u{a0}KB");
    }
}
