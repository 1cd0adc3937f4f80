//! `adal corpus …`: add, remove, list, count, search and mark templates in the reference corpus.
//!
//! Each subcommand opens the corpus index in `<data>/index`, calls one library function
//! (`crate::pipeline::ingest` for anything that needs extraction or fingerprints,
//! `crate::index` otherwise) and prints the result, as text or JSON.

use super::GlobalOptions;
use crate::index::{CorpusIndex, CorpusStats, DocumentKind, SearchHit};
use crate::model::UiLang;
use crate::pipeline::ingest::{
    collect_inputs, ingest_inputs, reindex, set_template, IngestOptions, IngestSummary,
};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct CorpusArgs {
    #[command(subcommand)]
    command: CorpusCommand,
}

#[derive(Subcommand, Debug)]
enum CorpusCommand {
    /// Add files or folders (recursively) to the corpus; metadata from manifest.tsv if present.
    Add {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Kind of the documents a manifest does not classify: thesis, article, web or other.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<DocumentKind>,
        /// Add the documents as templates: their text never seeds a match.
        #[arg(long)]
        template: bool,
    },
    /// Remove a document by id.
    Remove { id: String },
    /// List the documents.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show corpus figures: documents, words, fingerprints, index size, versions.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over titles and texts.
    Search {
        query: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Mark a document as a template (or, with --off, as an ordinary document again).
    Template {
        id: String,
        #[arg(long)]
        off: bool,
    },
    /// Re-fingerprint every document after a fingerprint scheme change.
    Reindex,
}

fn parse_kind(value: &str) -> Result<DocumentKind, String> {
    DocumentKind::from_code(value)
        .ok_or_else(|| format!("unknown kind `{value}` (thesis, article, web, other)"))
}

pub fn run(args: CorpusArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    let index = global.open_index()?;
    match args.command {
        CorpusCommand::Add { paths, kind, template } => add(&index, &paths, kind, template, global.ui_lang()),
        CorpusCommand::Remove { id } => {
            if !index.remove(&id)? {
                anyhow::bail!("no document with id `{id}` in the corpus");
            }
            println!("removed {id}");
            Ok(0)
        }
        CorpusCommand::List { json } => {
            let documents = index.list()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&documents)?);
            } else {
                for meta in documents {
                    let year = meta.year.map(|year| year.to_string()).unwrap_or_else(|| "-".to_string());
                    let template = if meta.template { " [template]" } else { "" };
                    println!(
                        "{}\t{}\t{}\t{}\t{} words\t{}{}",
                        meta.id,
                        meta.kind.code(),
                        meta.language.code(),
                        year,
                        meta.words,
                        meta.title,
                        template
                    );
                }
            }
            Ok(0)
        }
        CorpusCommand::Stats { json } => {
            let stats = index.stats()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print_stats(&stats);
            }
            Ok(0)
        }
        CorpusCommand::Search { query, limit } => {
            for hit in index.search(&query, limit)? {
                print_hit(&hit);
            }
            Ok(0)
        }
        CorpusCommand::Template { id, off } => {
            if !set_template(&index, &id, !off)? {
                anyhow::bail!("no document with id `{id}` in the corpus");
            }
            println!("{id}: {}", if off { "ordinary document" } else { "template" });
            Ok(0)
        }
        CorpusCommand::Reindex => {
            let count = reindex(&index, &|_| {})?;
            println!("re-fingerprinted {count} documents");
            Ok(0)
        }
    }
}

fn add(
    index: &CorpusIndex,
    paths: &[PathBuf],
    kind: Option<DocumentKind>,
    template: bool,
    lang: UiLang,
) -> anyhow::Result<i32> {
    let options =
        IngestOptions { default_kind: kind.unwrap_or_default(), template, ..IngestOptions::default() };
    let (inputs, walk_failures) = collect_inputs(paths);
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed_precise} {msg}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut summary = ingest_inputs(index, &inputs, &options, &|_| progress.inc(1))?;
    progress.finish_and_clear();
    summary.failed.splice(0..0, walk_failures);
    print_summary(&summary, lang);
    Ok(if summary.refused.is_empty() && summary.failed.is_empty() { 0 } else { 1 })
}

fn print_summary(summary: &IngestSummary, lang: UiLang) {
    let [added, present, refused, failed] =
        ["cli_corpus_added", "cli_corpus_present", "cli_corpus_refused", "cli_corpus_failed"]
            .map(|key| crate::messages::msg(lang, key));
    println!(
        "{added}: {}, {present}: {}, {refused}: {}, {failed}: {}",
        summary.added.len(),
        summary.already_present.len(),
        summary.refused.len(),
        summary.failed.len()
    );
    for (path, existing_id) in &summary.already_present {
        println!("  = {} ({existing_id})", path.display());
    }
    for (path, error) in &summary.refused {
        eprintln!("  ! {} [{}]: {}", path.display(), error.code(), error.message(lang));
    }
    for (path, failure) in &summary.failed {
        eprintln!("  ! {}: {failure}", path.display());
    }
}

fn print_stats(stats: &CorpusStats) {
    println!("documents             {}", stats.documents);
    println!("template documents    {}", stats.template_documents);
    println!("words                 {}", stats.words);
    println!("text bytes            {}", stats.text_bytes);
    println!("fingerprint postings  {}", stats.fingerprint_postings);
    println!(
        "fingerprint table     {} pairs in {} runs",
        stats.fingerprint_table_pairs, stats.fingerprint_runs
    );
    println!("segments              {}", stats.segments);
    println!("index bytes           {}", stats.index_bytes);
    let space = &stats.space;
    println!("  stored text         {}", space.stored_documents);
    println!("  fingerprint runs    {}", space.fingerprint_runs);
    println!("  template prints     {}", space.template_fingerprints);
    println!("  search index        {}", space.search_terms + space.search_postings + space.search_positions);
    println!("  fast fields, other  {}", space.fast_fields + space.other);
    println!("corpus version        {}", stats.corpus_version);
    println!("scheme version        {} (this build: {})", stats.scheme_version, stats.current_scheme_version);
    if stats.reindex_needed {
        println!("re-index needed: run `adal corpus reindex`");
    }
}

fn print_hit(hit: &SearchHit) {
    println!("{}\t{:.2}\t{}", hit.id, hit.score, hit.title);
    let mut marked = String::with_capacity(hit.snippet.len() + 8 * hit.highlights.len());
    let mut cursor = 0;
    for span in &hit.highlights {
        let (Some(before), Some(word)) =
            (hit.snippet.get(cursor..span.start), hit.snippet.get(span.start..span.end))
        else {
            continue;
        };
        marked.push_str(before);
        marked.push('[');
        marked.push_str(word);
        marked.push(']');
        cursor = span.end;
    }
    marked.push_str(hit.snippet.get(cursor..).unwrap_or_default());
    println!("    {}", marked.replace('\n', " "));
}
