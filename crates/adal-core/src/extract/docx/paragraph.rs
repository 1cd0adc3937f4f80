//! The paragraphs a story part yields, and the builder that collects one paragraph's text
//! and hidden spans while its runs are read.
//!
//! It owns one rule: hidden runs become spans of the paragraph's text, merged when only
//! whitespace separates two spans of the same kind. It knows nothing about XML.

use super::props::{Rgb, RunProps};
use crate::model::HiddenKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum NoteKind {
    Footnote,
    Endnote,
}

/// A footnote or endnote, named by its kind and `w:id`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct NoteKey {
    pub kind: NoteKind,
    pub id: String,
}

/// Hidden text inside one paragraph, as a byte range of the paragraph's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct HiddenSpan {
    pub start: usize,
    pub end: usize,
    pub kind: HiddenKind,
}

/// One paragraph with text (paragraphs without any visible character are not kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Paragraph {
    pub text: String,
    pub hidden: Vec<HiddenSpan>,
    pub heading_level: Option<u8>,
    /// The number of the outermost table the paragraph sits in, counted from 0 in the part.
    pub table: Option<u32>,
    /// The note the paragraph belongs to, in a notes part.
    pub note: Option<NoteKey>,
}

/// What a story part holds.
#[derive(Debug, Default)]
pub(super) struct StoryContent {
    pub paragraphs: Vec<Paragraph>,
    /// Footnote and endnote references in the order they appear.
    pub note_references: Vec<NoteKey>,
}

#[derive(Default)]
pub(super) struct RunState {
    pub character_style: Option<String>,
    pub direct: RunProps,
    /// Computed at the run's first character, once its properties are all read.
    pub hidden: Option<Option<HiddenKind>>,
}

#[derive(Default)]
pub(super) struct ParagraphBuilder {
    pub text: String,
    pub hidden: Vec<HiddenSpan>,
    pub style: Option<String>,
    pub outline_level: Option<u8>,
    pub background: Option<Rgb>,
    pub table: Option<u32>,
    pub note: Option<NoteKey>,
    pub run: Option<RunState>,
    /// Paragraphs of text boxes anchored in this paragraph; they follow it.
    pub nested: Vec<Paragraph>,
}

impl ParagraphBuilder {
    /// Appends text; hidden text is recorded, merging with the previous hidden span of the same
    /// kind when only whitespace lies between them.
    pub(super) fn append(&mut self, text: &str, hidden: Option<HiddenKind>) {
        let start = self.text.len();
        self.text.push_str(text);
        let end = self.text.len();
        let Some(kind) = hidden else { return };
        if text.trim().is_empty() {
            return;
        }
        if let Some(last) = self.hidden.last_mut() {
            if last.kind == kind && self.text[last.end..start].trim().is_empty() {
                last.end = end;
                return;
            }
        }
        self.hidden.push(HiddenSpan { start, end, kind });
    }
}
