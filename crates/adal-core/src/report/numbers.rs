//! Numbers as readers of each language write them — the one formatter of the HTML report, the
//! web pages and the CLI: "12,5 %" and "12 345" in Kazakh and Russian, "12.5%" and "12,345" in
//! English.

use crate::model::UiLang;

/// A number with one decimal: "12,5" or "12.5".
pub fn decimal(lang: UiLang, value: f64) -> String {
    let text = format!("{value:.1}");
    match lang {
        UiLang::En => text,
        UiLang::Kk | UiLang::Ru => text.replace('.', ","),
    }
}

/// A percentage: "12,5 %" (no-break space) in Kazakh and Russian, "12.5%" in English.
pub fn percent(lang: UiLang, value: f64) -> String {
    match lang {
        UiLang::En => format!("{}%", decimal(lang, value)),
        UiLang::Kk | UiLang::Ru => format!("{}\u{a0}%", decimal(lang, value)),
    }
}

/// A whole number with thousands grouped: "12 345" (narrow no-break space) or "12,345".
pub fn count(lang: UiLang, value: u64) -> String {
    let digits = value.to_string();
    let separator = match lang {
        UiLang::En => ",",
        UiLang::Kk | UiLang::Ru => "\u{202f}",
    };
    let mut grouped = String::new();
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position) % 3 == 0 {
            grouped.push_str(separator);
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(percent(UiLang::Ru, 27.94), "27,9\u{a0}%");
        assert_eq!(percent(UiLang::En, 27.94), "27.9%");
        assert_eq!(count(UiLang::Kk, 1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(count(UiLang::En, 999), "999");
    }
}
