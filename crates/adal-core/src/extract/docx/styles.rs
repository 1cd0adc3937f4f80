//! The style sheet of a DOCX (`word/styles.xml`), reduced to what extraction needs: run
//! properties that hide text and heading levels, each resolved through the `basedOn` chain.
//!
//! Resolution order for a run: document defaults → paragraph style chain → character style
//! chain → direct run properties. Headings are found by outline level (`w:outlineLvl`) or by
//! style id (`Heading1`, `heading 1`, Russian Word's `1`), never by the localized style name.
//! This module knows nothing about the document body.

use super::props::{FontColor, Rgb, RunProps};
use super::xml::{attribute, on_off, vocabulary, Vocabulary, MAX_ELEMENT_DEPTH};
use quick_xml::events::{BytesStart, Event};
use quick_xml::NsReader;
use std::collections::HashMap;

/// `basedOn` chains longer than this are cut (they are loops in damaged files).
const MAX_STYLE_CHAIN: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StyleKind {
    Paragraph,
    Character,
    Other,
}

#[derive(Clone, Debug)]
struct StyleDefinition {
    kind: StyleKind,
    based_on: Option<String>,
    outline_level: Option<u8>,
    run: RunProps,
}

/// Styles with their chains already resolved.
#[derive(Debug, Default)]
pub(super) struct StyleSheet {
    defaults: RunProps,
    paragraph_run_props: HashMap<String, RunProps>,
    paragraph_heading_levels: HashMap<String, u8>,
    character_run_props: HashMap<String, RunProps>,
    default_paragraph_style: Option<String>,
}

impl StyleSheet {
    /// Parses `word/styles.xml`.
    pub(super) fn parse(xml: &str) -> Result<StyleSheet, String> {
        let (definitions, defaults, default_paragraph_style) = read_definitions(xml)?;
        let mut sheet = StyleSheet { defaults, default_paragraph_style, ..StyleSheet::default() };
        for (id, definition) in &definitions {
            let run = resolve_run_props(&definitions, id);
            match definition.kind {
                StyleKind::Paragraph => {
                    sheet.paragraph_run_props.insert(id.clone(), run);
                    if let Some(level) = resolve_heading_level(&definitions, id) {
                        sheet.paragraph_heading_levels.insert(id.clone(), level);
                    }
                }
                StyleKind::Character => {
                    sheet.character_run_props.insert(id.clone(), run);
                }
                StyleKind::Other => {}
            }
        }
        Ok(sheet)
    }

    /// The fully resolved properties of a run.
    pub(super) fn run_props(
        &self,
        paragraph_style: Option<&str>,
        character_style: Option<&str>,
        direct: &RunProps,
    ) -> RunProps {
        let paragraph_style = paragraph_style.or(self.default_paragraph_style.as_deref());
        let mut props = self.defaults;
        if let Some(style) = paragraph_style.and_then(|id| self.paragraph_run_props.get(id)) {
            props = props.overlay(style);
        }
        if let Some(style) = character_style.and_then(|id| self.character_run_props.get(id)) {
            props = props.overlay(style);
        }
        props.overlay(direct)
    }

    /// The heading level (1 = top) of a paragraph, from its own outline level or its style.
    pub(super) fn heading_level(
        &self,
        paragraph_style: Option<&str>,
        direct_outline_level: Option<u8>,
    ) -> Option<u8> {
        if let Some(level) = direct_outline_level {
            return outline_to_heading_level(level);
        }
        let paragraph_style = paragraph_style.or(self.default_paragraph_style.as_deref())?;
        if let Some(level) = self.paragraph_heading_levels.get(paragraph_style) {
            return Some(*level);
        }
        // A style id used by the paragraph but missing from styles.xml still says "heading".
        if self.paragraph_run_props.contains_key(paragraph_style) {
            None
        } else {
            heading_level_from_style_id(paragraph_style)
        }
    }
}

/// `w:outlineLvl` counts from 0; 9 means body text.
fn outline_to_heading_level(outline_level: u8) -> Option<u8> {
    (outline_level <= 8).then_some(outline_level + 1)
}

/// `Heading1`…`Heading9` (any case, with or without a space) and the bare digits `1`…`9`
/// that Russian and other localized Word versions use as heading style ids.
pub(super) fn heading_level_from_style_id(style_id: &str) -> Option<u8> {
    let lowered = style_id.trim().to_ascii_lowercase();
    let digits = lowered.strip_prefix("heading").map(str::trim).unwrap_or(&lowered);
    match digits.as_bytes() {
        [digit @ b'1'..=b'9'] => Some(digit - b'0'),
        _ => None,
    }
}

fn resolve_run_props(definitions: &HashMap<String, StyleDefinition>, id: &str) -> RunProps {
    let mut chain = Vec::new();
    let mut current = Some(id);
    while let Some(style_id) = current {
        let Some(definition) = definitions.get(style_id) else { break };
        if chain.len() >= MAX_STYLE_CHAIN {
            break;
        }
        chain.push(definition);
        current = definition.based_on.as_deref();
    }
    chain.iter().rev().fold(RunProps::default(), |props, definition| props.overlay(&definition.run))
}

fn resolve_heading_level(definitions: &HashMap<String, StyleDefinition>, id: &str) -> Option<u8> {
    let mut current = Some(id);
    for _ in 0..MAX_STYLE_CHAIN {
        let style_id = current?;
        let definition = definitions.get(style_id)?;
        if let Some(level) = definition.outline_level {
            return outline_to_heading_level(level);
        }
        if let Some(level) = heading_level_from_style_id(style_id) {
            return Some(level);
        }
        current = definition.based_on.as_deref();
    }
    None
}

type Definitions = (HashMap<String, StyleDefinition>, RunProps, Option<String>);

/// The state of one pass over styles.xml.
#[derive(Default)]
struct DefinitionsReader {
    definitions: HashMap<String, StyleDefinition>,
    defaults: RunProps,
    default_paragraph_style: Option<String>,
    /// Local names of the open WordprocessingML elements ("" for other vocabularies).
    open: Vec<String>,
    current: Option<(String, StyleDefinition)>,
}

impl DefinitionsReader {
    fn element(&mut self, element: &BytesStart<'_>) {
        let local = element.local_name().as_ref().to_string();
        let parent = self.open.last().map(String::as_str).unwrap_or("");
        let grandparent = self.open.len().checked_sub(2).and_then(|index| self.open.get(index));
        let grandparent = grandparent.map(String::as_str).unwrap_or("");
        if local == "style" {
            let kind = match attribute(element, "type").as_deref() {
                Some("paragraph") => StyleKind::Paragraph,
                Some("character") => StyleKind::Character,
                _ => StyleKind::Other,
            };
            let id = attribute(element, "styleId").unwrap_or_default();
            let is_default = attribute(element, "default").is_some_and(|value| is_true(&value));
            if kind == StyleKind::Paragraph && is_default {
                self.default_paragraph_style = Some(id.clone());
            }
            let definition =
                StyleDefinition { kind, based_on: None, outline_level: None, run: RunProps::default() };
            self.finish_style();
            self.current = Some((id, definition));
        } else if let Some((_, definition)) = self.current.as_mut() {
            if local == "basedOn" && parent == "style" {
                definition.based_on = attribute(element, "val");
            } else if local == "outlineLvl" && parent == "pPr" && grandparent == "style" {
                definition.outline_level =
                    attribute(element, "val").and_then(|value| value.trim().parse().ok());
            } else if parent == "rPr" && grandparent == "style" {
                read_run_property(&mut definition.run, &local, element);
            }
        } else if parent == "rPr" && grandparent == "rPrDefault" {
            read_run_property(&mut self.defaults, &local, element);
        }
    }

    fn finish_style(&mut self) {
        if let Some((id, definition)) = self.current.take() {
            self.definitions.entry(id).or_insert(definition);
        }
    }
}

fn is_true(value: &str) -> bool {
    matches!(value.trim(), "1" | "true" | "on")
}

fn read_definitions(xml: &str) -> Result<Definitions, String> {
    let mut reader = NsReader::from_str(xml);
    let mut state = DefinitionsReader::default();
    loop {
        let (namespace, event) = reader.read_resolved_event().map_err(|error| error.to_string())?;
        let is_word = vocabulary(&namespace) == Vocabulary::Word;
        match event {
            Event::Start(element) => {
                let local = if is_word {
                    state.element(&element);
                    element.local_name().as_ref().to_string()
                } else {
                    String::new()
                };
                state.open.push(local);
                if state.open.len() > MAX_ELEMENT_DEPTH {
                    return Err("styles nest too deeply".into());
                }
            }
            Event::Empty(element) if is_word => {
                state.element(&element);
                if element.local_name().as_ref() == "style" {
                    state.finish_style();
                }
            }
            Event::End(_) => {
                let closed = state.open.pop();
                if closed.as_deref() == Some("style") {
                    state.finish_style();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    state.finish_style();
    Ok((state.definitions, state.defaults, state.default_paragraph_style))
}

/// Reads one child of a `w:rPr` into `props`, if it is a property that can hide text.
pub(super) fn read_run_property(props: &mut RunProps, local_name: &str, element: &BytesStart<'_>) {
    match local_name {
        "vanish" => props.vanish = Some(on_off(element)),
        "specVanish" => props.spec_vanish = Some(on_off(element)),
        "color" => {
            if let Some(value) = attribute(element, "val") {
                props.color = Some(match Rgb::parse_hex(&value) {
                    Some(rgb) => FontColor::Fixed(rgb),
                    None => FontColor::Auto,
                });
            }
        }
        "sz" => {
            if let Some(size) = attribute(element, "val").and_then(|value| value.trim().parse::<f64>().ok()) {
                props.half_points = Some(size.clamp(0.0, 10_000.0) as u32);
            }
        }
        "shd" => {
            let pattern = attribute(element, "val");
            let fill = attribute(element, "fill");
            let pattern_color = attribute(element, "color");
            if let Some(rgb) =
                Rgb::parse_shading(pattern.as_deref(), fill.as_deref(), pattern_color.as_deref())
            {
                props.background = Some(rgb);
            }
        }
        "highlight" => {
            if let Some(rgb) = attribute(element, "val").as_deref().and_then(Rgb::parse_highlight) {
                props.background = Some(rgb);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>
      <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
        <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="MyHeading"><w:basedOn w:val="1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Heading3"><w:basedOn w:val="a"/></w:style>
      <w:style w:type="paragraph" w:styleId="Secret"><w:basedOn w:val="a"/><w:rPr><w:vanish/></w:rPr></w:style>
      <w:style w:type="character" w:styleId="Ghost"><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="LoopA"><w:basedOn w:val="LoopB"/></w:style>
      <w:style w:type="paragraph" w:styleId="LoopB"><w:basedOn w:val="LoopA"/></w:style>
    </w:styles>"#;

    #[test]
    fn headings_come_from_outline_level_or_style_id_through_based_on() {
        let sheet = StyleSheet::parse(STYLES).expect("styles");
        assert_eq!(sheet.heading_level(Some("1"), None), Some(1));
        assert_eq!(sheet.heading_level(Some("MyHeading"), None), Some(1));
        assert_eq!(sheet.heading_level(Some("Heading3"), None), Some(3));
        assert_eq!(sheet.heading_level(None, None), None);
        assert_eq!(sheet.heading_level(Some("a"), Some(1)), Some(2));
        assert_eq!(sheet.heading_level(Some("LoopA"), None), None);
        assert_eq!(sheet.heading_level(Some("Heading2"), None), Some(2));
    }

    #[test]
    fn run_props_layer_defaults_styles_and_direct_formatting() {
        let sheet = StyleSheet::parse(STYLES).expect("styles");
        let plain = sheet.run_props(None, None, &RunProps::default());
        assert_eq!(plain.half_points, Some(28));
        assert_eq!(sheet.run_props(Some("Secret"), None, &RunProps::default()).vanish, Some(true));
        let ghost = sheet.run_props(None, Some("Ghost"), &RunProps::default());
        assert_eq!(ghost.color, Some(FontColor::Fixed(Rgb([0xFF, 0xFF, 0xFF]))));
        let unhidden = RunProps { vanish: Some(false), ..RunProps::default() };
        assert_eq!(sheet.run_props(Some("Secret"), None, &unhidden).vanish, Some(false));
    }
}
