//! Sentence boundaries for the paraphrase generator: a sentence ends at `. ! ? …` followed by a
//! space and an upper-case letter (or a line break, or the end of the text), or at a line break.

/// A sentence's byte range, without the whitespace around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
}

/// The sentences of a text, in order.
pub fn split_sentences(text: &str) -> Vec<SentenceSpan> {
    let mut sentences = Vec::new();
    let mut start: Option<usize> = None;
    let characters: Vec<(usize, char)> = text.char_indices().collect();
    for (position, &(offset, character)) in characters.iter().enumerate() {
        if start.is_none() && !character.is_whitespace() {
            start = Some(offset);
        }
        let Some(sentence_start) = start else { continue };
        let end = offset + character.len_utf8();
        let next = characters.get(position + 1).map(|&(_, next)| next);
        let after_space = characters.get(position + 2).map(|&(_, next)| next);
        let ends = match character {
            '.' | '!' | '?' | '…' => match next {
                None | Some('\n') => true,
                Some(' ') => after_space.is_some_and(char::is_uppercase),
                _ => false,
            },
            _ => next == Some('\n') || next.is_none(),
        };
        if ends {
            sentences.push(SentenceSpan { start: sentence_start, end });
            start = None;
        }
    }
    sentences
}
