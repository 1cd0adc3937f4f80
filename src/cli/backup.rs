//! `adal backup` and `adal restore`.
//!
//! - `adal backup --out OUT` backs up the data directory (`--data`) of a stopped server.
//! - `adal backup --server http://127.0.0.1:8080 --token T --out OUT` asks the running server
//!   (`POST /api/admin/backup`, an admin's API token) for a consistent backup and copies it from
//!   the server's `<data>/backups` to OUT (the server runs on this machine).
//! - `adal restore --from OUT --data NEWDIR` checks every file against the manifest and
//!   restores into a data directory that holds no store or index yet.

use super::GlobalOptions;
use crate::index::CorpusIndex;
use crate::pipeline::backup::{backup, restore, verify_backup};
use crate::pipeline::thesis::now_ms;
use crate::store::Store;
use anyhow::{bail, Context};
use std::net::ToSocketAddrs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The data directory's store and index paths, as `adal serve` lays them out.
fn store_and_index_dirs(data_dir: &Path) -> (PathBuf, PathBuf) {
    let config = crate::config::Config::defaults(data_dir.to_path_buf());
    (config.store_dir(), config.index_dir())
}

#[derive(clap::Args, Debug)]
pub struct BackupArgs {
    /// The directory to write the backup to (must not exist or be empty).
    #[arg(long)]
    out: PathBuf,
    /// The running server's address, e.g. http://127.0.0.1:8080 (this machine only).
    #[arg(long)]
    server: Option<String>,
    /// An admin's API token, for `--server`.
    #[arg(long, env = "ADAL_TOKEN")]
    token: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct RestoreArgs {
    /// The backup directory.
    #[arg(long)]
    from: PathBuf,
}

pub fn run_backup(args: BackupArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    match &args.server {
        Some(server) => backup_online(server, args.token.as_deref(), &args.out),
        None => {
            let (store_dir, index_dir) = store_and_index_dirs(&global.data);
            let store = Store::open(&store_dir).with_context(|| {
                format!(
                    "cannot open the store in {} (is the server running? then use --server)",
                    store_dir.display()
                )
            })?;
            let index = CorpusIndex::open_or_create(&index_dir)?;
            let manifest = backup(&store, &index, &index_dir, &args.out, now_ms())?;
            let bytes: u64 = manifest.files.iter().map(|file| file.bytes).sum();
            println!("Backed up {} files ({bytes} bytes) to {}", manifest.files.len(), args.out.display());
            Ok(0)
        }
    }
}

fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn backup_online(server: &str, token: Option<&str>, out: &Path) -> anyhow::Result<i32> {
    let Some(token) = token else { bail!("--server needs an admin's API token (--token or ADAL_TOKEN)") };
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        bail!("{} is not empty", out.display());
    }
    let host = server.trim_start_matches("http://").trim_end_matches('/');
    let address = host.to_socket_addrs()?.next().with_context(|| format!("cannot resolve {host}"))?;
    // The server writes the backup into its own data directory, which is copied from here.
    if !address.ip().is_loopback() {
        bail!("{address} is not a loopback address: the server must run on this machine");
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(3600)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .post(format!("http://{address}/api/admin/backup"))
        .header("Authorization", format!("Bearer {token}"))
        .send_empty()
        .with_context(|| format!("cannot reach the server at {address}"))?;
    let status = response.status();
    let body = response.body_mut().read_to_vec().context("cannot read the server's answer")?;
    if !status.is_success() {
        bail!("the server refused the backup: {} {}", status.as_u16(), String::from_utf8_lossy(&body));
    }
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let made = PathBuf::from(answer["path"].as_str().context("the server named no backup directory")?);
    copy_tree(&made, out).with_context(|| format!("cannot copy {} to {}", made.display(), out.display()))?;
    let manifest = verify_backup(out)?;
    println!(
        "Backed up {} files from the running server to {} (the server keeps its copy in {})",
        manifest.files.len(),
        out.display(),
        made.display()
    );
    Ok(0)
}

pub fn run_restore(args: RestoreArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    let (store_dir, index_dir) = store_and_index_dirs(&global.data);
    let manifest = restore(&args.from, &store_dir, &index_dir)?;
    println!(
        "Restored {} files ({} store entries) into {}",
        manifest.files.len(),
        manifest.store_entries,
        global.data.display()
    );
    Ok(0)
}
