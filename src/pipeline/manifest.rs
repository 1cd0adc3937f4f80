//! `manifest.tsv`: the metadata of the documents of a corpus folder.
//!
//! Tab-separated, one document per line, with the columns
//! `file id title authors year language kind institution external_ref` (`file` relative to the
//! manifest's folder). A header line naming the columns is optional and allows any column
//! order; lines starting with `#` and blank lines are skipped. Parsing is lenient: an empty or
//! unknown value leaves the field to its default (language detected, kind from the command
//! line, title from the file name).

use crate::index::{doc_lang_from_code, DocumentKind};
use crate::model::DocLang;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The file name of a folder manifest.
pub const MANIFEST_FILE_NAME: &str = "manifest.tsv";

const DEFAULT_COLUMNS: [&str; 9] =
    ["file", "id", "title", "authors", "year", "language", "kind", "institution", "external_ref"];

/// The metadata of one file as given by a manifest; empty cells are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManifestEntry {
    /// The path relative to the manifest's folder, as written.
    pub file: String,
    pub id: Option<String>,
    pub title: Option<String>,
    pub authors: Option<String>,
    pub year: Option<u32>,
    pub language: Option<DocLang>,
    pub kind: Option<DocumentKind>,
    pub institution: Option<String>,
    pub external_ref: Option<String>,
}

/// Parses the text of a manifest.
pub fn parse_manifest(text: &str) -> Vec<ManifestEntry> {
    let mut columns: Vec<String> = DEFAULT_COLUMNS.iter().map(|name| name.to_string()).collect();
    let mut entries = Vec::new();
    let mut first_content_line = true;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if first_content_line {
            first_content_line = false;
            if cells.first().is_some_and(|cell| cell.eq_ignore_ascii_case("file")) {
                columns = cells.iter().map(|cell| cell.to_ascii_lowercase()).collect();
                continue;
            }
        }
        let cell = |name: &str| {
            columns
                .iter()
                .position(|column| column == name)
                .and_then(|index| cells.get(index))
                .map(|value| value.to_string())
                .filter(|value| !value.is_empty())
        };
        let Some(file) = cell("file") else {
            continue;
        };
        entries.push(ManifestEntry {
            file,
            id: cell("id"),
            title: cell("title"),
            authors: cell("authors"),
            year: cell("year").and_then(|year| year.parse().ok()),
            language: cell("language").and_then(|code| doc_lang_from_code(&code)),
            kind: cell("kind").and_then(|code| DocumentKind::from_code(&code)),
            institution: cell("institution"),
            external_ref: cell("external_ref"),
        });
    }
    entries
}

/// Manifest entries of every manifest seen so far, keyed by the normalized path of their file.
#[derive(Debug, Default)]
pub struct ManifestIndex {
    entries: HashMap<PathBuf, ManifestEntry>,
}

impl ManifestIndex {
    /// Reads `folder/manifest.tsv` if there is one; entries of a later (deeper) manifest replace
    /// those of an earlier one for the same file. Returns false when there is no manifest.
    pub fn load_folder(&mut self, folder: &Path) -> std::io::Result<bool> {
        let manifest_path = folder.join(MANIFEST_FILE_NAME);
        if !manifest_path.is_file() {
            return Ok(false);
        }
        let text = String::from_utf8_lossy(&std::fs::read(&manifest_path)?).into_owned();
        for entry in parse_manifest(&text) {
            self.entries.insert(normalize(&folder.join(&entry.file)), entry);
        }
        Ok(true)
    }

    /// The entry describing this file, if a loaded manifest lists it.
    pub fn entry_for(&self, file: &Path) -> Option<&ManifestEntry> {
        self.entries.get(&normalize(file))
    }
}

/// Removes `.` components so that `corpus/./kk/a.txt` and `corpus/kk/a.txt` compare equal.
fn normalize(path: &Path) -> PathBuf {
    path.components().filter(|component| !matches!(component, Component::CurDir)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_allows_any_column_order_and_empty_cells() {
        let text = "file\ttitle\tid\tyear\tlanguage\tkind\n\
                    # a comment\n\
                    kk/a.txt\tИнклюзивті білім\tkk-01\t2021\tkk\tthesis\n\
                    ru/b.txt\t\tru-01\tunknown\txx\tweird\n";
        let entries = parse_manifest(text);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].id.as_deref(), Some("kk-01"));
        assert_eq!(entries[0].title.as_deref(), Some("Инклюзивті білім"));
        assert_eq!(entries[0].year, Some(2021));
        assert_eq!(entries[0].language, Some(DocLang::Kk));
        assert_eq!(entries[0].kind, Some(DocumentKind::Thesis));
        assert_eq!(entries[1].title, None);
        assert_eq!(entries[1].year, None);
        assert_eq!(entries[1].language, None);
        assert_eq!(entries[1].kind, None);
    }

    #[test]
    fn without_header_the_documented_order_is_used() {
        let entries =
            parse_manifest("a.txt\tdoc-a\tTitle A\tAuthor\t1999\ten\tarticle\tKazNU\thttps://x\r\n");
        assert_eq!(entries[0].external_ref.as_deref(), Some("https://x"));
        assert_eq!(entries[0].institution.as_deref(), Some("KazNU"));
        assert_eq!(entries[0].kind, Some(DocumentKind::Article));
    }
}
