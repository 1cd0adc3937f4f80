//! Finding parts in the OPC package by their relationships: the main document part from
//! `_rels/.rels`, and its styles, footnotes and endnotes from the main part's own `.rels`.
//! Most files use `word/document.xml` and friends, but some producers do not (e.g.
//! `word/document2.xml`), so names are looked up, with the usual names as a fallback.
//!
//! This module knows relationship files and part names, nothing about the parts' content.

use super::super::ExtractError;
use super::archive::DocxArchive;
use super::xml::{attribute, decode_part};
use quick_xml::events::Event;
use quick_xml::Reader;

/// The parts extraction reads, by name inside the package.
pub(super) struct PartNames {
    pub main: String,
    pub styles: String,
    pub footnotes: String,
    pub endnotes: String,
}

/// Resolves the part names, falling back to the names Word uses.
pub(super) fn locate_parts(archive: &mut DocxArchive<'_>) -> Result<PartNames, ExtractError> {
    let package_relationships = read_relationships(archive, "_rels/.rels")?;
    let main = find_target(&package_relationships, "", "/officeDocument")
        .filter(|name| archive.contains(name))
        .unwrap_or_else(|| "word/document.xml".to_string());
    let main_relationships = read_relationships(archive, &relationships_part_of(&main))?;
    let related = |suffix: &str, fallback: &str| {
        find_target(&main_relationships, &main, suffix).unwrap_or_else(|| fallback.to_string())
    };
    Ok(PartNames {
        styles: related("/styles", "word/styles.xml"),
        footnotes: related("/footnotes", "word/footnotes.xml"),
        endnotes: related("/endnotes", "word/endnotes.xml"),
        main,
    })
}

/// `word/document.xml` → `word/_rels/document.xml.rels`.
fn relationships_part_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((folder, file)) => format!("{folder}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// (type, target) of every internal relationship; an absent or damaged file gives none.
fn read_relationships(
    archive: &mut DocxArchive<'_>,
    part: &str,
) -> Result<Vec<(String, String)>, ExtractError> {
    let bytes = match archive.read_part(part) {
        Ok(Some(bytes)) => bytes,
        Ok(None) | Err(ExtractError::Corrupt { .. }) => return Ok(Vec::new()),
        Err(other) => return Err(other),
    };
    let xml = decode_part(&bytes);
    let mut reader = Reader::from_str(&xml);
    let mut relationships = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "Relationship" =>
            {
                let external = attribute(&element, "TargetMode").is_some_and(|mode| mode == "External");
                if let (Some(kind), Some(target), false) =
                    (attribute(&element, "Type"), attribute(&element, "Target"), external)
                {
                    relationships.push((kind, target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(relationships)
}

/// The part targeted by the first relationship whose type ends with `type_suffix`, resolved
/// against the folder of the source part.
fn find_target(relationships: &[(String, String)], source_part: &str, type_suffix: &str) -> Option<String> {
    let (_, target) = relationships.iter().find(|(kind, _)| kind.ends_with(type_suffix))?;
    let base = source_part.rsplit_once('/').map(|(folder, _)| folder).unwrap_or("");
    Some(resolve_target(base, target))
}

/// Joins a relative target to a folder, handling `/absolute` targets and `..` segments.
fn resolve_target(base_folder: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut segments: Vec<&str> = Vec::new();
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if base_folder.is_empty() => target.clone(),
        None => format!("{base_folder}/{target}"),
    };
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(resolve_target("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve_target("", "word/document2.xml"), "word/document2.xml");
        assert_eq!(resolve_target("word", "/word/footnotes.xml"), "word/footnotes.xml");
        assert_eq!(resolve_target("word/sub", "../styles.xml"), "word/styles.xml");
        assert_eq!(relationships_part_of("word/document2.xml"), "word/_rels/document2.xml.rels");
    }
}
