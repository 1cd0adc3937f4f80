//! The units translated text is compared in: sentences, cut where a translator would cut.
//!
//! A unit ends at a line break, at `! ? …`, and at `.` or `;` followed by a word that starts
//! with a capital letter or a digit; so abbreviations (`тыс. кв. км`, `г. Алматы`) stay inside
//! their sentence. Units shorter than [`MIN_UNIT_WORDS`] words (a list number, a heading of one
//! word) join the next unit (the last one joins the one before), and units longer than
//! [`MAX_UNIT_WORDS`] are cut.

use crate::compare::TokenRange;
use crate::text::Token;

/// Fewest words of a unit of its own.
pub const MIN_UNIT_WORDS: u32 = 4;
/// Most words of one unit.
pub const MAX_UNIT_WORDS: u32 = 60;

fn ends_unit(between: &str, next_word: &str) -> bool {
    if between.chars().any(|character| matches!(character, '\n' | '!' | '?' | '…')) {
        return true;
    }
    let next_opens =
        next_word.chars().next().is_some_and(|first| first.is_uppercase() || first.is_ascii_digit());
    next_opens && between.chars().any(|character| matches!(character, '.' | ';'))
}

/// The units of a tokenized text, in order, covering every token once.
pub fn units(text: &str, tokens: &[Token]) -> Vec<TokenRange> {
    let mut cut: Vec<TokenRange> = Vec::new();
    let mut start = 0u32;
    for index in 1..tokens.len() {
        let between = text.get(tokens[index - 1].span.end..tokens[index].span.start).unwrap_or_default();
        let next_word = text.get(tokens[index].span.start..tokens[index].span.end).unwrap_or_default();
        let index = index as u32;
        if ends_unit(between, next_word) || index - start >= MAX_UNIT_WORDS {
            cut.push(TokenRange { start, end: index });
            start = index;
        }
    }
    if (start as usize) < tokens.len() {
        cut.push(TokenRange { start, end: tokens.len() as u32 });
    }
    let mut joined: Vec<TokenRange> = Vec::with_capacity(cut.len());
    let mut pending: Option<u32> = None;
    for unit in cut {
        let start = pending.take().unwrap_or(unit.start);
        if unit.end - start < MIN_UNIT_WORDS {
            pending = Some(start);
            continue;
        }
        joined.push(TokenRange { start, end: unit.end });
    }
    if let Some(start) = pending {
        match joined.last_mut() {
            Some(last) => last.end = tokens.len() as u32,
            None => joined.push(TokenRange { start, end: tokens.len() as u32 }),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    fn unit_texts(text: &str) -> Vec<String> {
        let tokens = analyze(text).tokens;
        units(text, &tokens)
            .iter()
            .map(|unit| {
                text[tokens[unit.start as usize].span.start..tokens[unit.end as usize - 1].span.end]
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn abbreviations_stay_inside_and_short_pieces_join_the_next_unit() {
        let text = "Площадь области – 124,8 тыс. кв. км (4,6% площади республики). \
            Область граничит с Российской Федерацией.\n\n2. Арендодатель гарантирует право на договор.";
        assert_eq!(
            unit_texts(text),
            vec![
                "Площадь области – 124,8 тыс. кв. км (4,6% площади республики",
                "Область граничит с Российской Федерацией",
                "Арендодатель гарантирует право на договор",
            ]
        );
    }
}
