//! One streaming pass over a WordprocessingML story part (`word/document.xml`,
//! `word/footnotes.xml`, `word/endnotes.xml`) that yields its paragraphs in reading order.
//!
//! It owns the reading rules: table cells in order, hyperlinks, fields (result shown,
//! instructions dropped), tracked changes (insertions kept, deletions and moved-away text
//! dropped), text boxes (their paragraphs follow the paragraph that anchors them, and the VML
//! copy in `mc:Fallback` is skipped), tabs and breaks, and which runs are hidden. Paragraph
//! text is kept exactly as written: no space is added or dropped. It knows nothing about how
//! paragraphs are joined into the final text.

use super::paragraph::{NoteKey, NoteKind, Paragraph, ParagraphBuilder, RunState, StoryContent};
use super::props::{Rgb, WHITE};
use super::styles::{read_run_property, StyleSheet};
use super::xml::{attribute, resolve_reference, vocabulary, Vocabulary, MAX_ELEMENT_DEPTH};
use quick_xml::events::{BytesStart, Event};
use quick_xml::NsReader;

/// Elements whose whole subtree carries no visible text of the document: deleted and
/// moved-away text, field instructions, revision records of old formatting, content-control
/// and section properties.
const SKIPPED_ELEMENTS: &[&str] = &[
    "del",
    "moveFrom",
    "delText",
    "instrText",
    "delInstrText",
    "rPrChange",
    "pPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "sectPrChange",
    "numberingChange",
    "sdtPr",
    "sdtEndPr",
    "sectPr",
    "customXmlPr",
];

/// Reads one story part.
pub(super) fn read_story(xml: &str, styles: &StyleSheet) -> Result<StoryContent, String> {
    let mut reader = NsReader::from_str(xml);
    let mut story = StoryReader::new(styles);
    loop {
        let (namespace, event) = reader.read_resolved_event().map_err(|error| error.to_string())?;
        let vocabulary = vocabulary(&namespace);
        if story.skip_depth > 0 {
            match event {
                Event::Start(_) => story.skip_depth += 1,
                Event::End(_) => story.skip_depth -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(element) => {
                story.start(vocabulary, &element, true);
                if story.open.len() > MAX_ELEMENT_DEPTH {
                    return Err("elements nest too deeply".into());
                }
            }
            Event::Empty(element) => story.start(vocabulary, &element, false),
            Event::End(_) => story.end(),
            Event::Text(text) if story.in_text() => {
                let content = text.xml10_content();
                story.append_text(&content.replace('\n', " "));
            }
            Event::CData(data) if story.in_text() => {
                let content = data.xml10_content();
                story.append_text(&content.replace('\n', " "));
            }
            Event::GeneralRef(reference) if story.in_text() => {
                if let Some(character) = resolve_reference(&reference) {
                    story.append_text(character.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A truncated part may leave paragraphs open: keep what they hold.
    while !story.paragraphs.is_empty() {
        story.finish_paragraph();
    }
    Ok(StoryContent { paragraphs: story.finished, note_references: story.note_references })
}

/// The open elements the reader tracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Paragraph,
    ParagraphProps,
    Run,
    RunProps,
    Text,
    Table,
    Cell,
    CellProps,
    Note,
    Other,
}

struct StoryReader<'styles> {
    styles: &'styles StyleSheet,
    open: Vec<Open>,
    skip_depth: usize,
    /// Open paragraphs: more than one when a text box sits inside a paragraph.
    paragraphs: Vec<ParagraphBuilder>,
    finished: Vec<Paragraph>,
    note_references: Vec<NoteKey>,
    table_depth: usize,
    tables_seen: u32,
    current_table: Option<u32>,
    /// Shading of the open table cells, innermost last.
    cell_backgrounds: Vec<Option<Rgb>>,
    current_note: Option<NoteKey>,
    /// One entry per open field: true while in its instruction part (before `separate`).
    fields: Vec<bool>,
}

impl<'styles> StoryReader<'styles> {
    fn new(styles: &'styles StyleSheet) -> Self {
        StoryReader {
            styles,
            open: Vec::new(),
            skip_depth: 0,
            paragraphs: Vec::new(),
            finished: Vec::new(),
            note_references: Vec::new(),
            table_depth: 0,
            tables_seen: 0,
            current_table: None,
            cell_backgrounds: Vec::new(),
            current_note: None,
            fields: Vec::new(),
        }
    }

    fn parent(&self) -> Open {
        self.open.last().copied().unwrap_or(Open::Other)
    }

    fn in_text(&self) -> bool {
        self.parent() == Open::Text
    }

    fn start(&mut self, vocabulary: Vocabulary, element: &BytesStart<'_>, is_start: bool) {
        let local = element.local_name();
        let local = local.as_ref();
        let skipped = match vocabulary {
            Vocabulary::Word => SKIPPED_ELEMENTS.contains(&local) || self.is_skipped_note(local, element),
            Vocabulary::MarkupCompatibility => local == "Fallback",
            Vocabulary::Other => false,
        };
        if skipped {
            if is_start {
                self.skip_depth = 1;
            }
            return;
        }
        let open =
            if vocabulary == Vocabulary::Word { self.word_element(local, element) } else { Open::Other };
        if is_start {
            self.open.push(open);
        } else {
            self.close(open);
        }
    }

    /// Separator notes hold the line above the notes, not text.
    fn is_skipped_note(&self, local: &str, element: &BytesStart<'_>) -> bool {
        matches!(local, "footnote" | "endnote")
            && attribute(element, "type").is_some_and(|kind| kind != "normal")
    }

    /// Acts on the start of a WordprocessingML element and says what is now open.
    fn word_element(&mut self, local: &str, element: &BytesStart<'_>) -> Open {
        let parent = self.parent();
        match (local, parent) {
            ("footnote" | "endnote", _) => {
                let kind = if local == "footnote" { NoteKind::Footnote } else { NoteKind::Endnote };
                let id = attribute(element, "id").unwrap_or_default();
                self.current_note = Some(NoteKey { kind, id });
                Open::Note
            }
            ("p", _) => {
                self.paragraphs.push(ParagraphBuilder {
                    table: self.current_table,
                    note: self.current_note.clone(),
                    ..ParagraphBuilder::default()
                });
                Open::Paragraph
            }
            ("pPr", Open::Paragraph) => Open::ParagraphProps,
            ("pStyle", Open::ParagraphProps) => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.style = attribute(element, "val");
                }
                Open::Other
            }
            ("outlineLvl", Open::ParagraphProps) => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.outline_level =
                        attribute(element, "val").and_then(|value| value.trim().parse().ok());
                }
                Open::Other
            }
            ("shd", Open::ParagraphProps) => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.background = shading(element);
                }
                Open::Other
            }
            ("r", _) => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.run = Some(RunState::default());
                }
                Open::Run
            }
            ("rPr", Open::Run) => Open::RunProps,
            (_, Open::RunProps) => {
                if let Some(run) = self.paragraphs.last_mut().and_then(|paragraph| paragraph.run.as_mut()) {
                    if local == "rStyle" {
                        run.character_style = attribute(element, "val");
                    } else {
                        read_run_property(&mut run.direct, local, element);
                    }
                }
                Open::Other
            }
            ("t", Open::Run) => Open::Text,
            ("tab" | "ptab", Open::Run) => {
                self.append_text("\t");
                Open::Other
            }
            ("br" | "cr", Open::Run) => {
                self.append_text("\n");
                Open::Other
            }
            ("noBreakHyphen", Open::Run) => {
                self.append_text("-");
                Open::Other
            }
            ("footnoteReference" | "endnoteReference", Open::Run) => {
                let kind = if local == "footnoteReference" { NoteKind::Footnote } else { NoteKind::Endnote };
                if let Some(id) = attribute(element, "id") {
                    self.note_references.push(NoteKey { kind, id });
                }
                Open::Other
            }
            ("fldChar", Open::Run) => {
                match attribute(element, "fldCharType").as_deref() {
                    Some("begin") => self.fields.push(true),
                    Some("separate") => {
                        if let Some(in_instruction) = self.fields.last_mut() {
                            *in_instruction = false;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                }
                Open::Other
            }
            ("tbl", _) => {
                if self.table_depth == 0 {
                    self.current_table = Some(self.tables_seen);
                    self.tables_seen += 1;
                }
                self.table_depth += 1;
                Open::Table
            }
            ("tc", _) => {
                self.cell_backgrounds.push(None);
                Open::Cell
            }
            ("tcPr", Open::Cell) => Open::CellProps,
            ("shd", Open::CellProps) => {
                if let Some(background) = self.cell_backgrounds.last_mut() {
                    *background = shading(element);
                }
                Open::Other
            }
            _ => Open::Other,
        }
    }

    fn end(&mut self) {
        let open = self.open.pop().unwrap_or(Open::Other);
        self.close(open);
    }

    fn close(&mut self, open: Open) {
        match open {
            Open::Paragraph => self.finish_paragraph(),
            Open::Run => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.run = None;
                }
            }
            Open::Table => {
                self.table_depth = self.table_depth.saturating_sub(1);
                if self.table_depth == 0 {
                    self.current_table = None;
                }
            }
            Open::Cell => {
                self.cell_backgrounds.pop();
            }
            Open::Note => self.current_note = None,
            _ => {}
        }
    }

    fn finish_paragraph(&mut self) {
        let Some(builder) = self.paragraphs.pop() else { return };
        // A field instruction never runs past its paragraph; a damaged field must not swallow
        // the rest of the document.
        for in_instruction in &mut self.fields {
            *in_instruction = false;
        }
        let mut done = Vec::with_capacity(1 + builder.nested.len());
        if !builder.text.trim().is_empty() {
            done.push(Paragraph {
                heading_level: self.styles.heading_level(builder.style.as_deref(), builder.outline_level),
                text: builder.text,
                hidden: builder.hidden,
                table: builder.table,
                note: builder.note,
            });
        }
        done.extend(builder.nested);
        match self.paragraphs.last_mut() {
            Some(outer) => outer.nested.extend(done),
            None => self.finished.extend(done),
        }
    }

    fn append_text(&mut self, text: &str) {
        if self.fields.iter().any(|&in_instruction| in_instruction) {
            return;
        }
        let surroundings = self.surroundings();
        let styles = self.styles;
        let Some(paragraph) = self.paragraphs.last_mut() else { return };
        let Some(run) = paragraph.run.as_mut() else { return };
        let hidden = *run.hidden.get_or_insert_with(|| {
            let props =
                styles.run_props(paragraph.style.as_deref(), run.character_style.as_deref(), &run.direct);
            props.hidden_kind(paragraph.background.unwrap_or(surroundings))
        });
        paragraph.append(text, hidden);
    }

    /// The background behind the current paragraph: the innermost shaded cell, or the page.
    fn surroundings(&self) -> Rgb {
        self.cell_backgrounds.iter().rev().flatten().next().copied().unwrap_or(WHITE)
    }
}

fn shading(element: &BytesStart<'_>) -> Option<Rgb> {
    let pattern = attribute(element, "val");
    let fill = attribute(element, "fill");
    let pattern_color = attribute(element, "color");
    Rgb::parse_shading(pattern.as_deref(), fill.as_deref(), pattern_color.as_deref())
}
