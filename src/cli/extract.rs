//! `adal extract FILE [--json]`: the extracted text, pages, hidden regions, alerts and warnings.

use super::{read_and_extract, GlobalOptions};
use crate::text::analyze;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// The file to extract (PDF, DOCX or TXT).
    file: PathBuf,
    /// Print one JSON object with text, pages, hidden_regions, regions, alerts and warnings.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ExtractArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    let Some(document) = read_and_extract(&args.file, global)? else { return Ok(2) };
    let alerts = analyze(&document.text).alerts;
    if args.json {
        let hidden: Vec<_> = document.hidden_regions().collect();
        let output = serde_json::json!({
            "format": document.format,
            "language": crate::text::detect_language(&document.text),
            "text": document.text,
            "pages": document.pages,
            "hidden_regions": hidden,
            "regions": document.regions,
            "alerts": alerts,
            "warnings": document.warnings,
        });
        println!("{}", serde_json::to_string_pretty(&output)?);
    } else {
        print!("{}", document.text);
        if !document.text.ends_with('\n') {
            println!();
        }
        let hidden = document.hidden_regions().count();
        eprintln!(
            "-- {} page(s), {} hidden region(s), {} alert(s), {} warning(s)",
            document.pages.len(),
            hidden,
            alerts.len(),
            document.warnings.len()
        );
    }
    Ok(0)
}
