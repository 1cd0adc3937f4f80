//! The `adal` command line: one subcommand per job, each in its own file.
//!
//! Subcommands parse their arguments, call library functions and print results; they hold no
//! pipeline logic of their own. Errors are reported on stderr with a non-zero exit code.

mod backup;
mod check;
mod compare;
mod corpus;
mod extract;
mod lexicon;
mod serve;
mod shards;

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

/// Options shared by every subcommand.
#[derive(clap::Args, Debug, Clone)]
pub struct GlobalOptions {
    /// The data directory (sled store, tantivy corpus index, uploaded files).
    #[arg(long, global = true, env = "ADAL_DATA", default_value = "./adal-data")]
    pub data: PathBuf,
    /// Language of messages: kk, ru or en.
    #[arg(long, global = true, env = "ADAL_LANG", default_value = "en")]
    pub lang: String,
    /// Where candidate retrieval counts fingerprints: embedded or postgres.
    #[arg(long, global = true, env = "ADAL_INDEX_BACKEND", default_value = "embedded")]
    pub index_backend: String,
    /// The compiled lexicon (Kazakh lemmas, synonyms; `adal lexicon import` writes it);
    /// `<data>/lexicon.txt` when not given.
    #[arg(long, global = true, env = "ADAL_LEXICON")]
    pub lexicon: Option<PathBuf>,
    /// Run without the lexicon even when there is one (rule-based Kazakh stems, no synonyms).
    #[arg(long, global = true)]
    pub no_lexicon: bool,
    /// The sentence embedding model for cross-language alignment (multilingual-e5-small,
    /// `tools/install-model.sh`); `$HOME/.cache/adal/models/multilingual-e5-small-q4.bin` when
    /// not given. Without it, translated text is found with the dictionaries alone.
    #[arg(long, global = true, env = "ADAL_MODEL")]
    pub model: Option<PathBuf>,
    /// Run without the embedding model even when there is one.
    #[arg(long, global = true)]
    pub no_model: bool,
    /// The coordinator database of the sharded deployment (with --index-backend postgres).
    #[arg(long = "postgres", global = true, env = "ADAL_POSTGRES_URL")]
    pub postgres_url: Option<String>,
}

impl GlobalOptions {
    pub fn ui_lang(&self) -> crate::model::UiLang {
        crate::model::UiLang::from_code(&self.lang).unwrap_or(crate::model::UiLang::En)
    }

    /// The compiled lexicon's file.
    pub fn lexicon_file(&self) -> PathBuf {
        self.lexicon.clone().unwrap_or_else(|| self.data.join(crate::lexicon::LEXICON_FILE))
    }

    /// Loads the compiled lexicon (if any) and makes it the one every comparison uses.
    pub fn install_lexicon(&self) -> anyhow::Result<()> {
        if self.no_lexicon {
            return Ok(());
        }
        let file = self.lexicon_file();
        match crate::lexicon::install_from(&file)? {
            Some(summary) => tracing::info!("lexicon {}: {summary}", file.display()),
            None if self.lexicon.is_some() => anyhow::bail!("no lexicon at {}", file.display()),
            None => {}
        }
        Ok(())
    }

    /// Loads the embedding model (if any) and makes it the one every check uses.
    pub fn install_model(&self) -> anyhow::Result<()> {
        if self.no_model {
            crate::embedding::install(None);
            return Ok(());
        }
        let Some(file) = self.model.clone().or_else(crate::embedding::default_model_path) else {
            return Ok(());
        };
        let started = std::time::Instant::now();
        match crate::embedding::install_from(&file) {
            Ok(true) => tracing::info!(
                "embedding model {} loaded in {} ms",
                file.display(),
                started.elapsed().as_millis()
            ),
            Ok(false) if self.model.is_some() => anyhow::bail!("no embedding model at {}", file.display()),
            Ok(false) => {}
            Err(error) => anyhow::bail!("embedding model {}: {error}", file.display()),
        }
        Ok(())
    }

    /// Where the tantivy corpus index lives.
    pub fn index_dir(&self) -> PathBuf {
        self.data.join("index")
    }

    /// Opens the corpus index of the data directory (upgrading an old layout) and connects it
    /// to the PostgreSQL shards when `--index-backend postgres` is chosen.
    pub fn open_index(&self) -> anyhow::Result<crate::index::CorpusIndex> {
        use anyhow::Context;
        let index_dir = self.index_dir();
        let index = crate::pipeline::ingest::open_corpus_index(&index_dir, &|what| eprintln!("adal: {what}"))
            .with_context(|| format!("cannot open the corpus index at {}", index_dir.display()))?;
        match crate::config::IndexBackend::from_code(&self.index_backend) {
            Some(crate::config::IndexBackend::Embedded) => {}
            Some(crate::config::IndexBackend::Postgres) => {
                let url = self.postgres_url()?;
                let outcome = crate::index::sharded::use_sharded_postings(&index, url, &index_dir)
                    .context("cannot use the PostgreSQL shards")?;
                if outcome != crate::index::sharded::AttachOutcome::InStep {
                    tracing::info!("PostgreSQL shards: {outcome:?}");
                }
            }
            None => anyhow::bail!("unknown index backend `{}` (embedded, postgres)", self.index_backend),
        }
        Ok(index)
    }

    /// The coordinator database URL, required by the sharded commands.
    pub fn postgres_url(&self) -> anyhow::Result<&str> {
        self.postgres_url.as_deref().ok_or_else(|| {
            anyhow::anyhow!("give the coordinator database with --postgres or ADAL_POSTGRES_URL")
        })
    }
}

#[derive(Parser, Debug)]
#[command(name = "adal", version, about = "Adal: plagiarism checking and thesis submission")]
struct Cli {
    #[command(flatten)]
    global: GlobalOptions,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract the text of a PDF, DOCX or TXT file.
    Extract(extract::ExtractArgs),
    /// Back up the store, the uploaded files and the corpus index (offline, or via --server).
    Backup(backup::BackupArgs),
    /// Restore a backup into a fresh data directory (--data).
    Restore(backup::RestoreArgs),
    /// Check a document against the corpus and write its similarity report.
    Check(check::CheckArgs),
    /// Show the passages two documents share.
    Compare(compare::CompareArgs),
    /// Manage the reference corpus (add, remove, list, stats, search).
    Corpus(corpus::CorpusArgs),
    /// Run the thesis service (HTTP API and job workers).
    Serve(serve::ServeArgs),
    /// Compile open dictionaries (Kazakh lemmas, synonyms) into the lexicon.
    Lexicon(lexicon::LexiconArgs),
    /// Manage the PostgreSQL shards of a sharded corpus index (load, stats, frequent keys).
    Shards(shards::ShardsArgs),
    /// Take distributed rescan work from the PostgreSQL queue and check it.
    Worker(shards::WorkerArgs),
    /// Extract one file and print JSON (the service runs this as an isolated child process).
    #[command(hide = true)]
    InternalExtract(serve::InternalExtractArgs),
}

/// Reads and extracts a file. A refused file prints its message (in the chosen language) on
/// stderr and gives `None`; an unreadable path is an error.
pub(crate) fn read_and_extract(
    path: &std::path::Path,
    global: &GlobalOptions,
) -> anyhow::Result<Option<crate::model::ExtractedDocument>> {
    use anyhow::Context;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    match crate::extract::extract(&bytes, &crate::extract::ExtractLimits::DEFAULT) {
        Ok(document) => Ok(Some(document)),
        Err(refusal) => {
            eprintln!("{}: {} [{}]", path.display(), refusal.message(global.ui_lang()), refusal.code());
            Ok(None)
        }
    }
}

/// Starts the log: the service's and the workers' log goes to stderr, at the level `ADAL_LOG`
/// names (`error`, `warn`, `info` — the default — or `debug`). Messages for the person at the
/// terminal are printed directly, not logged. `adal-tools` starts the same log.
pub fn init_log() {
    let level = match std::env::var("ADAL_LOG").unwrap_or_default().trim().to_ascii_lowercase().as_str() {
        "error" => tracing::Level::ERROR,
        "warn" => tracing::Level::WARN,
        "debug" => tracing::Level::DEBUG,
        "trace" => tracing::Level::TRACE,
        _ => tracing::Level::INFO,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Parses the arguments and runs the chosen subcommand; returns the process exit code.
pub fn main_with_args<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { 2 } else { 0 };
        }
    };
    init_log();
    let needs_lexicon = !matches!(cli.command, Command::Lexicon(_) | Command::InternalExtract(_));
    if needs_lexicon {
        if let Err(error) = cli.global.install_lexicon() {
            eprintln!("adal: {error:#}");
            return 1;
        }
    }
    // The embedding model only where documents are aligned (loading it takes a moment).
    let needs_model = matches!(
        cli.command,
        Command::Check(_) | Command::Compare(_) | Command::Corpus(_) | Command::Serve(_) | Command::Worker(_)
    );
    if needs_model {
        if let Err(error) = cli.global.install_model() {
            eprintln!("adal: {error:#}");
            return 1;
        }
    }
    let result = match cli.command {
        Command::Extract(args) => extract::run(args, &cli.global),
        Command::Backup(args) => backup::run_backup(args, &cli.global),
        Command::Restore(args) => backup::run_restore(args, &cli.global),
        Command::Check(args) => check::run(args, &cli.global),
        Command::Compare(args) => compare::run(args, &cli.global),
        Command::Corpus(args) => corpus::run(args, &cli.global),
        Command::Lexicon(args) => lexicon::run(args, &cli.global),
        Command::Serve(args) => serve::run(args, &cli.global),
        Command::Shards(args) => shards::run(args, &cli.global),
        Command::Worker(args) => shards::run_worker(args, &cli.global),
        Command::InternalExtract(args) => serve::run_internal_extract(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("adal: {error:#}");
            1
        }
    }
}
