//! Readers of the dictionary formats `adal lexicon import` takes: Apertium lexc and dix, MyThes
//! thesauri. Each gives [`LexiconData`]; none keeps more than the lemmas
//! and synonym groups the comparison needs.

use crate::model::DocLang;
use crate::text::lexicon::{LexiconData, WordClass};

/// The word class of an Apertium continuation lexicon (`N1`, `V-TV`, `A4`, …) or dix tag (`n`,
/// `vblex`, `adj`); `None` for proper nouns, numerals and abbreviations.
fn word_class(code: &str) -> Option<WordClass> {
    let code = code.to_ascii_lowercase();
    if code.starts_with("np") || code.starts_with("num") || code.starts_with("abbr") {
        return None;
    }
    Some(if code.starts_with('n') {
        WordClass::Noun
    } else if code.starts_with('v') {
        WordClass::Verb
    } else if code.starts_with('a') && !code.starts_with("adv") {
        WordClass::Adjective
    } else {
        WordClass::Other
    })
}

/// Kazakh lemmas of an Apertium lexc lexicon: the entries (`кітап:кітап N1 ; ! …`) of its
/// `Common` lexicon, with the word class their continuation names. Multi-word entries, proper
/// nouns and Latin-script entries are left out.
pub fn parse_lexc(text: &str) -> LexiconData {
    let mut data = LexiconData::default();
    let mut in_common = false;
    for line in text.lines() {
        let line = line.split('!').next().unwrap_or_default().trim();
        if let Some(name) = line.strip_prefix("LEXICON ") {
            in_common = name.trim() == "Common";
            continue;
        }
        if !in_common || line.is_empty() {
            continue;
        }
        let mut fields = line.split_whitespace();
        let (Some(entry), Some(continuation)) = (fields.next(), fields.next()) else { continue };
        if entry.contains('%') {
            continue;
        }
        let lemma = entry.split(':').next().unwrap_or_default();
        if let Some(class) = word_class(continuation.trim_end_matches(';')) {
            data.add_kazakh_lemma(lemma, class);
        }
    }
    data
}

/// One translation pair of an Apertium bilingual dictionary: single words of both sides, lower
/// case, with the left side's first tag (part of speech).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DixEntry {
    pub left: String,
    pub right: String,
    pub tag: String,
}

/// The text of `<l>` or `<r>` with its tags taken out; `None` when the side is empty, several
/// words, or not plain letters.
fn side_word(entry: &str, open: &str, close: &str) -> Option<String> {
    let start = entry.find(open)? + open.len();
    let end = start + entry[start..].find(close)?;
    let inner = &entry[start..end];
    let word = match inner.find('<') {
        Some(tag) => &inner[..tag],
        None => inner,
    };
    let word = word.trim().to_lowercase();
    let plain = word.chars().count() >= 3 && word.chars().all(char::is_alphabetic);
    plain.then_some(word)
}

/// The first `<s n="…"/>` of a side.
fn side_tag(entry: &str, open: &str, close: &str) -> Option<String> {
    let start = entry.find(open)? + open.len();
    let end = start + entry[start..].find(close)?;
    let inner = &entry[start..end];
    let tag_start = inner.find("<s n=\"")? + 6;
    let tag_end = tag_start + inner[tag_start..].find('"')?;
    Some(inner[tag_start..tag_end].to_string())
}

/// The single-word translation pairs of a dix file.
pub fn dix_entries(dix: &str) -> Vec<DixEntry> {
    dix.split("<e")
        .skip(1)
        .filter_map(|entry| {
            let entry = entry.split("</e>").next()?;
            Some(DixEntry {
                left: side_word(entry, "<l>", "</l>")?,
                right: side_word(entry, "<r>", "</r>")?,
                tag: side_tag(entry, "<l>", "</l>")?,
            })
        })
        .collect()
}

pub(super) fn has_kazakh_letters(word: &str) -> bool {
    word.chars().any(|letter| matches!(letter, 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і'))
}

/// Kazakh synonym groups and translations of a bilingual dictionary with Kazakh on one side
/// (which one is told by where Kazakh-only letters appear).
///
/// Synonyms: Kazakh words of one part of speech that translate to the same word of the other
/// language form a group (`тары`, `сөк` → `пшено`). Groups of more than eight words are loose
/// and dropped. The dictionary's Kazakh words are not taken as lemmas: some are inflected forms
/// (`мектепке`, `қаланың`), which would stop stemming early (the pair recall of `adal lexicon
/// score` fell from 0.930 to 0.838).
///
/// Translations: every single-word pair of content words ([`super::bilingual`]), with the other
/// side's language told by its script (Cyrillic: Russian, Latin: English).
pub fn parse_dix(dix: &str) -> LexiconData {
    let entries = dix_entries(dix);
    let left_kazakh = entries.iter().filter(|entry| has_kazakh_letters(&entry.left)).count();
    let right_kazakh = entries.iter().filter(|entry| has_kazakh_letters(&entry.right)).count();
    let kazakh_is_left = left_kazakh >= right_kazakh;
    let mut data = LexiconData::default();
    if left_kazakh + right_kazakh == 0 {
        return data;
    }
    let mut groups: std::collections::BTreeMap<(String, String), Vec<String>> = Default::default();
    for entry in entries {
        let (kazakh, other) =
            if kazakh_is_left { (entry.left, entry.right) } else { (entry.right, entry.left) };
        if !matches!(entry.tag.as_str(), "n" | "v" | "vblex" | "adj" | "adv") {
            continue;
        }
        groups.entry((other, entry.tag)).or_default().push(kazakh);
    }
    for group in groups.into_values().filter(|group| group.len() <= 8) {
        data.add_synonyms(DocLang::Kk, group.iter().map(String::as_str));
    }
    for pair in super::bilingual::translation_pairs(dix, kazakh_is_left) {
        data.add_translation(pair.language, &pair.kazakh, &pair.other);
    }
    data
}

/// Translations of a trilingual glossary: tab-separated UTF-8 with the header `kk<TAB>ru<TAB>en` and
/// one concept per line, each cell holding dictionary forms, alternatives separated by `;`
/// (`зерттеу <TAB> исследование; изучение <TAB> research; study`). Every Kazakh single word is paired
/// with every Russian and English single word of its line; multi-word alternatives are left
/// out, as in a dix. An empty Russian or English cell is allowed.
pub fn parse_glossary(text: &str) -> Result<LexiconData, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty());
    let header: Vec<String> = match lines.next() {
        Some((_, line)) => line.split('\t').map(|cell| cell.trim().to_lowercase()).collect(),
        None => return Err("empty glossary".into()),
    };
    if header != ["kk", "ru", "en"] {
        return Err("the first line must be the header kk<TAB>ru<TAB>en".into());
    }
    let mut data = LexiconData::default();
    let single_words = |cell: &str| -> Vec<String> {
        cell.split(';')
            .map(|word| word.trim().to_string())
            .filter(|word| !word.is_empty() && !word.contains(char::is_whitespace))
            .collect()
    };
    for (number, line) in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != 3 {
            return Err(format!("line {}: {} cells, expected 3 (kk, ru, en)", number + 1, cells.len()));
        }
        for kazakh in single_words(cells[0]) {
            for russian in single_words(cells[1]) {
                data.add_translation(DocLang::Ru, &kazakh, &russian);
            }
            for english in single_words(cells[2]) {
                data.add_translation(DocLang::En, &kazakh, &english);
            }
        }
    }
    Ok(data)
}

/// Synonym groups of a MyThes thesaurus (`th_ru_RU_v2.dat`, `th_en_US_v2.dat`): each meaning of
/// a head word with the single words listed as its synonyms. Words marked as antonyms, related,
/// generic or similar terms are left out, and so are the Russian thesaurus's meanings that are
/// not marked `(синоним)`. The first line names the encoding (UTF-8 or ISO8859-1).
pub fn parse_mythes(bytes: &[u8], language: DocLang) -> LexiconData {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line_end = bytes.iter().position(|&byte| byte == b'\n').unwrap_or(bytes.len());
    let encoding = String::from_utf8_lossy(&bytes[..first_line_end]).trim().to_ascii_uppercase();
    let text: String = if encoding.contains("8859-1") || encoding.contains("LATIN1") {
        bytes.iter().map(|&byte| byte as char).collect()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    let mut data = LexiconData::default();
    let mut head: Option<String> = None;
    for line in text.lines().skip(1) {
        if !line.starts_with('(') {
            head = line.split('|').next().map(str::to_string);
            continue;
        }
        let Some(head) = &head else { continue };
        let mut fields = line.split('|');
        let marker = fields.next().unwrap_or_default();
        if language == DocLang::Ru && marker != "(синоним)" {
            continue;
        }
        let words: Vec<&str> = fields.filter(|word| !word.contains('(') && !word.contains(' ')).collect();
        if words.is_empty() {
            continue;
        }
        data.add_synonyms(language, std::iter::once(head.as_str()).chain(words));
    }
    data
}
