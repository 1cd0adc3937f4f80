//! `adal serve [--listen ADDR] [--demo]`: the thesis service; and the hidden
//! `adal internal-extract FILE` that the service runs as an isolated child for every extraction.
//!
//! Configuration: defaults, then `<data>/adal.json`, then environment variables, then these
//! flags (see `crate::config`). On first start an empty index gets the demo corpus and, when
//! there are no users, an admin account `admin@adal.local` is created whose password is
//! `ADAL_ADMIN_PASSWORD` or a random one printed once.

use super::GlobalOptions;
use crate::config::Config;
use crate::jobs::isolated::{internal_extract_main, IsolatedExtractor};
use crate::server::setup::{create_admin_if_no_users, create_demo, load_corpus_if_empty, ADMIN_EMAIL};
use crate::server::App;
use anyhow::Context;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080; or ADAL_LISTEN, or adal.json).
    #[arg(long)]
    listen: Option<String>,
    /// Demo corpus loaded into an empty index on first start.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Create demo accounts of every role and upload the demo theses.
    #[arg(long)]
    demo: bool,
    /// Where the demo theses are.
    #[arg(long, default_value = "demo")]
    demo_dir: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct InternalExtractArgs {
    /// Largest accepted file (the service passes its upload limit).
    #[arg(long)]
    max_file_bytes: Option<u64>,
    file: PathBuf,
}

/// The hidden child side of isolated extraction.
pub fn run_internal_extract(args: InternalExtractArgs) -> anyhow::Result<i32> {
    let mut limits = crate::extract::ExtractLimits::DEFAULT;
    if let Some(max_file_bytes) = args.max_file_bytes {
        limits.max_file_bytes = max_file_bytes;
    }
    Ok(internal_extract_main(&args.file, &limits))
}

fn load_config(args: &ServeArgs, global: &GlobalOptions) -> anyhow::Result<Config> {
    let data_dir = global.data.clone();
    let file_path = Config::file_path(&data_dir);
    let file_text = match std::fs::read_to_string(&file_path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", file_path.display())),
    };
    let env = |name: &str| std::env::var(name).ok();
    let mut config = Config::resolve(data_dir, file_text.as_deref(), &env)?;
    if let Some(listen) = &args.listen {
        config.listen = listen.clone();
    }
    if let Some(corpus) = &args.corpus {
        config.corpus_dir = corpus.clone();
    }
    Ok(config)
}

pub fn run(args: ServeArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    let config = load_config(&args, global)?;
    if args.demo && !global.no_lexicon {
        // The demo uses Adal's seed glossary (corpus/glossary, for translated passages) and the
        // dictionaries Debian installs (mythes-ru, mythes-en-us) when they are there, when no
        // lexicon was imported yet.
        let file = global.lexicon_file();
        let glossary = config.corpus_dir.join(crate::lexicon::GLOSSARY_FILE);
        if let Some(summary) = crate::lexicon::import_defaults_if_missing(&file, &[glossary])? {
            crate::lexicon::install_from(&file)?;
            println!("Imported the dictionaries into {}: {summary}", file.display());
        }
    }
    let program = std::env::current_exe().context("cannot find the adal binary for isolated extraction")?;
    let extractor = IsolatedExtractor::for_service(program, &config);
    let listen = config.listen.clone();
    let limits = crate::server::listen::ConnectionLimits::from_config(&config);
    let corpus_dir = config.corpus_dir.clone();
    let app = App::open(config, Arc::new(extractor))?;
    let added = load_corpus_if_empty(&app.state, &corpus_dir)?;
    if added > 0 {
        println!("Loaded {added} documents from {} into the corpus.", corpus_dir.display());
    }
    if let Some(password) = create_admin_if_no_users(&app.state, std::env::var("ADAL_ADMIN_PASSWORD").ok())? {
        println!(
            "Admin account: {ADMIN_EMAIL}  password: {password}  (shown once; change it after logging in)"
        );
    }
    if args.demo && create_demo(&app.state, &args.demo_dir)? {
        println!("Demo accounts: staff@demo.adal / staff-demo, supervisor@demo.adal / supervisor-demo,");
        println!(
            "  student@demo.adal, student.ru@demo.adal, student.en@demo.adal, student.kk2@demo.adal / student-demo"
        );
    }
    if args.demo {
        demo_attestation_when_checked(&app);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let router = app.router();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        println!("Adal is listening on http://{listen}");
        crate::server::listen::serve(listener, router, limits, stop_signal()).await?;
        anyhow::Ok(())
    })?;
    println!("Stopping: the workers finish their current item; interrupted jobs resume at the next start.");
    app.shutdown();
    Ok(0)
}

/// With `--demo`: once the demo theses are checked (in the background, by the workers), carry
/// them to a published defense schedule of the demo commission; a thread waits for the checks
/// (at most 30 minutes) so that the server answers at once.
fn demo_attestation_when_checked(app: &App) {
    use crate::server::demo_attestation::{
        create_demo_attestation, demo_theses_checked, COMMISSION_PASSWORD,
    };
    let services = app.state.services.clone();
    let started = std::thread::Builder::new().name("adal-demo-attestation".to_string()).spawn(move || {
        for _ in 0..1800 {
            match demo_theses_checked(&services) {
                Ok(true) => break,
                Ok(false) => std::thread::sleep(std::time::Duration::from_secs(1)),
                Err(error) => return eprintln!("demo attestation: {error}"),
            }
        }
        match create_demo_attestation(&services) {
            Ok(true) => println!(
                "Demo attestation: chair@demo.adal, member@demo.adal, secretary@demo.adal, appeal1..3@demo.adal / {COMMISSION_PASSWORD}"
            ),
            Ok(false) => {}
            Err(error) => eprintln!("demo attestation: {error}"),
        }
    });
    if let Err(error) = started {
        eprintln!("demo attestation: {error}");
    }
}

/// Resolves on Ctrl-C or SIGTERM, so that the workers stop cleanly under systemd too.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
