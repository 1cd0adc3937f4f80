//! A small writer of the attestation's DOCX documents over `docx-rs` (the project's DOCX
//! writer; reading DOCX is `extract::docx`'s own): titles, labelled lines, tables and
//! signature lines in Times New Roman, which has the Kazakh letters, packed into bytes.

use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts, Table, TableCell, TableRow};

/// The font of every run.
const FONT: &str = "Times New Roman";
/// Body text size in half-points (12 pt).
const BODY_SIZE: usize = 24;
/// Title size in half-points (14 pt).
const TITLE_SIZE: usize = 28;

fn run(text: &str) -> Run {
    Run::new().add_text(text).size(BODY_SIZE).fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT))
}

/// A document being written, paragraph by paragraph.
pub struct DocxWriter {
    docx: Docx,
}

impl Default for DocxWriter {
    fn default() -> Self {
        DocxWriter { docx: Docx::new() }
    }
}

impl DocxWriter {
    /// A bold, centred title.
    pub fn title(mut self, text: &str) -> Self {
        let title = run(text).bold().size(TITLE_SIZE);
        self.docx = self.docx.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(title));
        self
    }

    /// A centred line under the title.
    pub fn subtitle(mut self, text: &str) -> Self {
        self.docx = self.docx.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(text)));
        self
    }

    /// A paragraph of plain text.
    pub fn text(mut self, text: &str) -> Self {
        self.docx = self.docx.add_paragraph(Paragraph::new().add_run(run(text)));
        self
    }

    /// `label: value`, the label in bold.
    pub fn field(mut self, label: &str, value: &str) -> Self {
        let paragraph = Paragraph::new().add_run(run(&format!("{label}: ")).bold()).add_run(run(value));
        self.docx = self.docx.add_paragraph(paragraph);
        self
    }

    /// A table with a bold header row.
    pub fn table(mut self, header: &[&str], rows: &[Vec<String>]) -> Self {
        let cell = |text: &str, bold: bool| {
            let text = if bold { run(text).bold() } else { run(text) };
            TableCell::new().add_paragraph(Paragraph::new().add_run(text))
        };
        let mut table_rows = vec![TableRow::new(header.iter().map(|text| cell(text, true)).collect())];
        table_rows
            .extend(rows.iter().map(|row| TableRow::new(row.iter().map(|text| cell(text, false)).collect())));
        self.docx = self.docx.add_table(Table::new(table_rows));
        self
    }

    /// A signature line: the seat, a line to sign on, the name.
    pub fn signature(mut self, seat: &str, name: &str, signature_word: &str) -> Self {
        let line = format!("{seat}: ____________________ {name}");
        self.docx =
            self.docx.add_paragraph(Paragraph::new()).add_paragraph(Paragraph::new().add_run(run(&line)));
        let hint = Paragraph::new().add_run(run(signature_word).size(BODY_SIZE - 6));
        self.docx = self.docx.add_paragraph(hint);
        self
    }

    /// The document as DOCX bytes.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        self.docx.build().pack(&mut bytes).map_err(|error| error.to_string())?;
        Ok(bytes.into_inner())
    }
}
