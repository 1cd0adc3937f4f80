//! Importing open dictionaries into Adal's compiled lexicon (`adal lexicon import`), and loading
//! it at start-up.
//!
//! The sources are public files a deployment already has or installs with its package manager;
//! the project never ships them (several are GPL-3.0 data). Each import reads one file, takes
//! what stemming and synonym matching need, and merges it into `<data>/lexicon.txt`, a compiled
//! text the project writes itself ([`crate::text::lexicon::LexiconData`]):
//!
//! | source | format | what Adal takes |
//! |---|---|---|
//! | `apertium-kaz.kaz.lexc` (Apertium) | lexc | Kazakh lemmas with their word class |
//! | `th_ru_RU_v2.dat`, `th_en_US_v2.dat` (Debian `mythes-ru`, `mythes-en-us`) | MyThes | Russian and English synonym groups |
//! | `apertium-kaz-rus.kaz-rus.dix`, `apertium-eng-kaz.eng-kaz.dix` | Apertium dix | Kazakh synonym groups: Kazakh words with one translation; translation pairs (Kazakh–Russian, English–Kazakh) for the concepts of cross-language comparison |
//! | `corpus/glossary/kk-ru-en.tsv` (Adal's own seed glossary) or any `kk, ru, en` table | glossary `.tsv` | translation pairs only |
//!
//! Debian's `hunspell-kk` is not a source: its `kk_KZ.dic` mixes words, inflected forms and
//! truncated stems for its affix rules (`мек`, `мектептерд`); taken as lemmas they made the
//! Kazakh stemmer worse on the hand-checked list (pair recall 0.908 → 0.839, precision 1.000 →
//! 0.958), so Kazakh lemmas come from Apertium's lexicon only.
//!
//! Without a compiled lexicon Adal runs as before (rule-based Kazakh stems, no synonyms).

pub mod bilingual;
mod formats;

pub use formats::{dix_entries, parse_dix, parse_glossary, parse_lexc, parse_mythes, DixEntry};

use crate::text::lexicon::{Lexicon, LexiconData};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The compiled lexicon's file name inside the data directory.
pub const LEXICON_FILE: &str = "lexicon.txt";

/// Adal's own seed glossary (kk/ru/en), relative to the corpus directory.
pub const GLOSSARY_FILE: &str = "glossary/kk-ru-en.tsv";

/// Where Debian's packages put the files `adal lexicon import --system` looks for.
pub const SYSTEM_SOURCES: &[&str] =
    &["/usr/share/mythes/th_ru_RU_v2.dat", "/usr/share/mythes/th_en_US_v2.dat"];

/// Errors of importing and loading.
#[derive(Debug, thiserror::Error)]
pub enum LexiconImportError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error(
        "{path}: unknown dictionary format (expected .lexc, .dix, a MyThes .dat or a kk/ru/en glossary .tsv)"
    )]
    UnknownFormat { path: PathBuf },
    #[error("{path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
}

/// The kind of a source file, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    Lexc,
    Dix,
    MyThes(crate::model::DocLang),
    Glossary,
}

impl SourceFormat {
    pub fn of(path: &Path) -> Option<SourceFormat> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".lexc") {
            Some(SourceFormat::Lexc)
        } else if name.ends_with(".dix") {
            Some(SourceFormat::Dix)
        } else if name.ends_with(".tsv") {
            Some(SourceFormat::Glossary)
        } else if name.ends_with(".dat") && name.starts_with("th_ru") {
            Some(SourceFormat::MyThes(crate::model::DocLang::Ru))
        } else if name.ends_with(".dat") && name.starts_with("th_en") {
            Some(SourceFormat::MyThes(crate::model::DocLang::En))
        } else {
            None
        }
    }
}

/// Reads one source file into compiled data.
pub fn import_file(path: &Path) -> Result<LexiconData, LexiconImportError> {
    let format =
        SourceFormat::of(path).ok_or_else(|| LexiconImportError::UnknownFormat { path: path.into() })?;
    let bytes =
        std::fs::read(path).map_err(|source| LexiconImportError::Read { path: path.into(), source })?;
    let data = match format {
        SourceFormat::Lexc => parse_lexc(&utf8(path, &bytes)?),
        SourceFormat::Dix => parse_dix(&utf8(path, &bytes)?),
        SourceFormat::MyThes(language) => parse_mythes(&bytes, language),
        SourceFormat::Glossary => parse_glossary(&utf8(path, &bytes)?)
            .map_err(|reason| LexiconImportError::Invalid { path: path.into(), reason })?,
    };
    if data.kazakh_lemmas.is_empty()
        && data.synonyms.values().all(|groups| groups.is_empty())
        && data.translation_count() == 0
    {
        return Err(LexiconImportError::Invalid { path: path.into(), reason: "no entries found".into() });
    }
    Ok(data)
}

fn utf8(path: &Path, bytes: &[u8]) -> Result<String, LexiconImportError> {
    String::from_utf8(bytes.to_vec())
        .map_err(|_| LexiconImportError::Invalid { path: path.into(), reason: "not UTF-8 text".into() })
}

/// The compiled lexicon of a data directory, if there is one.
pub fn read_compiled(file: &Path) -> Result<Option<LexiconData>, LexiconImportError> {
    match std::fs::read_to_string(file) {
        Ok(text) => LexiconData::parse(&text)
            .map(Some)
            .map_err(|error| LexiconImportError::Invalid { path: file.into(), reason: error.to_string() }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(LexiconImportError::Read { path: file.into(), source }),
    }
}

/// Writes compiled data atomically (a temporary file renamed over the old one).
pub fn write_compiled(file: &Path, data: &LexiconData) -> Result<(), LexiconImportError> {
    let write_error = |source| LexiconImportError::Write { path: file.into(), source };
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    let temporary = file.with_extension("txt.tmp");
    std::fs::write(&temporary, data.to_text()).map_err(write_error)?;
    std::fs::rename(&temporary, file).map_err(write_error)
}

/// Imports `sources` into the compiled lexicon `file` (merging with what it holds unless
/// `replace`); returns the new lexicon's summary.
pub fn import_into(file: &Path, sources: &[PathBuf], replace: bool) -> Result<String, LexiconImportError> {
    let mut data = if replace { LexiconData::default() } else { read_compiled(file)?.unwrap_or_default() };
    for source in sources {
        data.merge(import_file(source)?);
    }
    write_compiled(file, &data)?;
    Ok(Lexicon::new(data).summary())
}

/// The [`SYSTEM_SOURCES`] present on this machine.
pub fn system_sources() -> Vec<PathBuf> {
    SYSTEM_SOURCES.iter().map(PathBuf::from).filter(|path| path.exists()).collect()
}

/// Compiles the system dictionaries and `glossaries` (those that exist) into `file` when there
/// is no lexicon there yet; returns the new lexicon's summary, or `None` when nothing was done.
pub fn import_defaults_if_missing(
    file: &Path,
    glossaries: &[PathBuf],
) -> Result<Option<String>, LexiconImportError> {
    let mut sources = system_sources();
    sources.extend(glossaries.iter().filter(|path| path.exists()).cloned());
    if file.exists() || sources.is_empty() {
        return Ok(None);
    }
    import_into(file, &sources, false).map(Some)
}

/// Loads the compiled lexicon `file` and makes it the active one; returns its summary, or
/// `None` when there is no such file.
pub fn install_from(file: &Path) -> Result<Option<String>, LexiconImportError> {
    let Some(data) = read_compiled(file)? else { return Ok(None) };
    let lexicon = Lexicon::new(data);
    let summary = lexicon.summary();
    crate::text::lexicon::install(Arc::new(lexicon));
    Ok(Some(summary))
}

#[cfg(test)]
mod tests;
