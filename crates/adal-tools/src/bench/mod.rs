//! `adal-tools bench`: the end-to-end benchmarks (`check` W2, `rescan` W4, `shards`), the
//! growth plot (`plot`) and the reliability runs (`crash`, `load` W6). This file holds the
//! arguments and hands each subcommand to its module.

mod check;
mod corpus;
mod plot;
mod rescan;
mod shards;
mod xlang;

use adal::cli::GlobalOptions;
use std::path::PathBuf;

pub use corpus::percentile;

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    #[command(subcommand)]
    command: BenchCommand,
}

#[derive(clap::Subcommand, Debug)]
enum BenchCommand {
    /// W2: one 35k-word thesis against synthetic corpora of the given sizes.
    Check {
        /// Corpus sizes, in documents.
        #[arg(long = "docs", default_values_t = [1000usize, 10000])]
        docs: Vec<usize>,
        /// Where the synthetic corpus indexes are kept between runs.
        #[arg(long, default_value = "target/bench-corpora")]
        cache: PathBuf,
        /// Timed checks per corpus size.
        #[arg(long, default_value_t = 20)]
        repeat: usize,
        /// The PDF whose extraction is timed for the "with extraction" figures.
        #[arg(long, default_value = "../shared/fixtures/kazakh-theses/thesis_big.pdf")]
        pdf: PathBuf,
        /// Merge the figures of each size into this JSON file (input of `adal-tools bench plot`).
        #[arg(long)]
        json_out: Option<PathBuf>,
    },
    /// W2 with the cross-language check: a 35k-word Kazakh thesis of human translations
    /// (`xlang-dev`) against the synthetic corpus plus the real sources. Run with the bilingual
    /// lexicon and again with `--no-lexicon`.
    Xlang {
        #[arg(long = "docs", default_value_t = 10000)]
        docs: usize,
        #[arg(long, default_value = "target/bench-corpora")]
        cache: PathBuf,
        #[arg(long, default_value_t = 10)]
        repeat: usize,
        /// The cross-language evaluation set (PAN layout with `pairs-by-direction/`).
        #[arg(long, default_value = "../shared/eval/xlang-dev")]
        eval: PathBuf,
        /// Words of the thesis.
        #[arg(long, default_value_t = 35000)]
        words: usize,
    },
    /// Capacity figures of the sharded PostgreSQL index: loads the cached synthetic corpus of
    /// `--docs` articles into the shards (--postgres), then times candidate queries of 35k-word
    /// theses (one at a time and a batch in one call) against the embedded index.
    Shards {
        #[arg(long = "docs", default_value_t = 10000)]
        docs: usize,
        #[arg(long, default_value = "target/bench-corpora")]
        cache: PathBuf,
        /// Timed single queries.
        #[arg(long, default_value_t = 20)]
        repeat: usize,
        /// Theses in the batch query.
        #[arg(long, default_value_t = 100)]
        batch: usize,
        /// Keep what the shards hold (loaded by an earlier run) instead of reloading.
        #[arg(long)]
        skip_load: bool,
        /// Write the figures as JSON to this file.
        #[arg(long)]
        json_out: Option<PathBuf>,
    },
    /// Draws the growth plot (SVG) from the JSON of `adal-tools bench check --json-out`.
    Plot {
        /// The JSON written by `bench check --json-out`.
        #[arg(long, default_value = "docs/benchmarks/growth.json")]
        input: PathBuf,
        /// The SVG to write.
        #[arg(long, default_value = "docs/benchmarks/growth.svg")]
        out: PathBuf,
    },
    /// W4: a bulk rescan of many theses through the real store, job runner and isolated
    /// extraction, against a synthetic corpus.
    Rescan {
        /// Theses in the store.
        #[arg(long, default_value_t = 1000)]
        theses: usize,
        /// Corpus size, in documents.
        #[arg(long, default_value_t = 10000)]
        docs: usize,
        /// Words per thesis.
        #[arg(long, default_value_t = 20000)]
        words: usize,
        #[arg(long, default_value = "target/bench-corpora")]
        cache: PathBuf,
        /// With --postgres: candidates from the shards, and the rescan run by this many
        /// `worker` processes through the queue (0: the service checks it itself).
        #[arg(long, default_value_t = 0)]
        workers: usize,
    },
    /// Crash safety: SIGKILL a running `adal serve` at random moments while it takes uploads,
    /// decisions, corpus uploads and rescans; verify nothing acknowledged was lost.
    Crash(crate::crash::CrashArgs),
    /// W6 load: concurrent clients uploading and reading during a bulk rescan.
    Load(crate::load::LoadArgs),
}

pub fn run(args: BenchArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    match args.command {
        BenchCommand::Check { docs, cache, repeat, pdf, json_out } => {
            check::bench_check(&docs, &cache, repeat.max(1), &pdf, json_out.as_deref())
        }
        BenchCommand::Xlang { docs, cache, repeat, eval, words } => {
            xlang::bench_xlang(docs, &cache, repeat.max(1), &eval, words)
        }
        BenchCommand::Shards { docs, cache, repeat, batch, skip_load, json_out } => {
            let url = global.postgres_url()?;
            let figures = shards::bench_shards(url, &cache, docs, repeat, batch, skip_load)?;
            let json = serde_json::to_string_pretty(&figures)?;
            println!("{json}");
            if let Some(path) = json_out {
                std::fs::write(&path, json + "\n")?;
            }
            Ok(0)
        }
        BenchCommand::Plot { input, out } => {
            plot::plot(&input, &out)?;
            Ok(0)
        }
        BenchCommand::Rescan { theses, docs, words, cache, workers } => {
            let distributed = match global.postgres_url.as_deref() {
                Some(url) => Some((url, workers)),
                None if workers > 0 => anyhow::bail!("--workers needs --postgres"),
                None => None,
            };
            rescan::bench_rescan(theses, docs, words, &cache, distributed)
        }
        BenchCommand::Crash(args) => crate::crash::run(args),
        BenchCommand::Load(args) => crate::load::run(args),
    }
}
