//! CSV exports (admission list, rescan summaries), written with the `csv` crate and safe to open
//! in a spreadsheet: control characters (NUL, tab, CR, line breaks) are dropped and a cell
//! whose first visible character is `=`, `+`, `-` or `@` (and that is not a plain number such
//! as `+9.3`) gets a leading `'`, so that no cell is taken for a formula, also when spaces or
//! control characters came first.

/// A cell's text made safe for spreadsheets (see the module docs); quoting is the writer's.
pub fn spreadsheet_safe(value: &str) -> String {
    let cleaned: String = value.chars().filter(|character| !character.is_control()).collect();
    // A signed number (`+9.3`, `-2`) is data, not a formula: it stays as it is.
    let is_number = cleaned.trim().parse::<f64>().is_ok_and(f64::is_finite);
    if !is_number && cleaned.trim_start().starts_with(['=', '+', '-', '@']) {
        format!("'{cleaned}")
    } else {
        cleaned
    }
}

/// A whole CSV document: the header, then the rows; every text cell made spreadsheet-safe,
/// fields quoted where RFC 4180 needs it, lines ending with `\n`.
pub fn csv_document(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to memory cannot fail; a failure would only lose the row, never panic.
    if !header.is_empty() {
        let _ = writer.write_record(header);
    }
    for row in rows {
        let _ = writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Percent-encodes everything but RFC 3986's unreserved letters, digits and `-_.` (query values
/// of links, the UTF-8 file name of a download).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// One cell as it stands in a CSV line (made safe, quoted when needed).
pub fn csv_field(value: &str) -> String {
    csv_document(&[], [vec![value.to_string()]]).trim_end_matches('\n').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_after_control_characters_and_fields_quoted() {
        assert_eq!(csv_field("\t=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_field("\r=1+2"), "'=1+2");
        assert_eq!(csv_field("a\u{0}b"), "ab");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        let document = csv_document(&["id", "title"], [vec!["1".to_string(), "-2+3".to_string()]]);
        assert_eq!(document, "id,title\n1,'-2+3\n");
        assert_eq!(csv_field("+9.3"), "+9.3");
        assert_eq!(csv_field("-1e9999"), "'-1e9999");
    }
}
