//! `adal check FILE [--json OUT] [--html OUT]`: check a document against the data dir's corpus
//! and print a short summary.

use super::{read_and_extract, GlobalOptions};
use crate::pipeline::check::{check_document, CheckOptions};
use crate::report::render_html;
use anyhow::Context;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The document to check (PDF, DOCX or TXT).
    file: PathBuf,
    /// Write the report as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write the report as a self-contained HTML page to this file.
    #[arg(long)]
    html: Option<PathBuf>,
    /// The author's name, so that their own documents count as self-citations.
    #[arg(long)]
    author: Vec<String>,
    /// Corpus documents never used as sources.
    #[arg(long = "exclude")]
    exclude_document_ids: Vec<String>,
}

pub fn run(args: CheckArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    let index_dir = global.index_dir();
    if !index_dir.exists() {
        anyhow::bail!(
            "no corpus index in {} — load one first, e.g. `adal corpus add corpus/`",
            global.data.display()
        );
    }
    let index = global.open_index()?;
    let extract_started = Instant::now();
    let Some(document) = read_and_extract(&args.file, global)? else { return Ok(2) };
    let extract_ms = extract_started.elapsed().as_secs_f64() * 1000.0;
    let title = args.file.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let options = CheckOptions {
        title,
        exclude_document_ids: args.exclude_document_ids,
        author_names: args.author,
        extract_ms,
        ..CheckOptions::default()
    };
    let report = check_document(&index, &document, &options)?;
    if let Some(path) = &args.json {
        std::fs::write(path, report.to_json()).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.html {
        let html = render_html(&report, global.ui_lang())?;
        std::fs::write(path, html).with_context(|| format!("cannot write {}", path.display()))?;
    }

    print!("{}", crate::report::summary::text_summary(&report, global.ui_lang()));
    Ok(0)
}
