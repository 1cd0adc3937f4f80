//! The service as a child process on a free loopback port, for the crash and load drivers:
//! start it (this binary's `serve`, see `main.rs`), wait until `/healthz` answers, kill it with
//! SIGKILL or stop it with SIGTERM. Its output goes to `serve.log` in the data directory.

use crate::http::HttpClient;
use anyhow::{bail, Context};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running service.
pub struct ServerProcess {
    child: Child,
    pub address: SocketAddr,
}

/// How to start the server.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub data_dir: PathBuf,
    pub corpus_dir: PathBuf,
    /// Extra environment variables (`ADAL_UPLOADS_PER_MINUTE`, `ADAL_WORKERS`, ...).
    pub env: Vec<(String, String)>,
}

/// A loopback port nobody listens on right now.
pub fn free_loopback_address() -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot find a free port")?;
    Ok(listener.local_addr()?)
}

impl ServerProcess {
    /// Starts `serve` (this very binary) and waits up to `ready_within` for `/healthz`.
    pub fn start(options: &ServeOptions, ready_within: Duration) -> anyhow::Result<ServerProcess> {
        let program = std::env::current_exe().context("cannot find the adal-tools binary")?;
        let address = free_loopback_address()?;
        std::fs::create_dir_all(&options.data_dir)?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(options.data_dir.join("serve.log"))
            .context("cannot open serve.log")?;
        let mut command = Command::new(program);
        command
            .arg("--data")
            .arg(&options.data_dir)
            .arg("serve")
            .arg("--listen")
            .arg(address.to_string())
            .arg("--corpus")
            .arg(&options.corpus_dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        for (name, value) in &options.env {
            command.env(name, value);
        }
        let child = command.spawn().context("cannot start adal serve")?;
        let mut server = ServerProcess { child, address };
        if let Err(error) = server.wait_healthy(ready_within) {
            let log = std::fs::read_to_string(options.data_dir.join("serve.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(5).collect();
            bail!("{error}; serve.log ends with: {:?}", tail.into_iter().rev().collect::<Vec<_>>());
        }
        Ok(server)
    }

    fn wait_healthy(&mut self, within: Duration) -> anyhow::Result<()> {
        let client = HttpClient::new(self.address, Duration::from_secs(2))?;
        let started = Instant::now();
        while started.elapsed() < within {
            if let Some(status) = self.child.try_wait()? {
                bail!("adal serve exited with {status} before answering (see serve.log)");
            }
            if client.get("/healthz", None).is_ok_and(|response| response.status == 200) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        bail!("adal serve did not answer /healthz within {within:?}")
    }

    /// Kills the server with SIGKILL and waits for it to be gone.
    pub fn kill(mut self) -> anyhow::Result<()> {
        self.child.kill().context("cannot kill adal serve")?;
        self.child.wait()?;
        Ok(())
    }

    /// Asks the server to stop (SIGTERM) and waits for it.
    pub fn stop(mut self) -> anyhow::Result<()> {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: `kill` with a pid of our own child and a valid signal number has no memory effects.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        self.child.wait()?;
        Ok(())
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The data directory's store and index paths, as `adal serve` lays them out.
pub fn store_and_index_dirs(data_dir: &Path) -> (PathBuf, PathBuf) {
    let config = adal::config::Config::defaults(data_dir.to_path_buf());
    (config.store_dir(), config.index_dir())
}

/// Waits until every job of the service is done or failed (`GET /api/jobs` as `admin`).
pub fn wait_for_jobs(client: &HttpClient, admin: &str, within: Duration) -> anyhow::Result<()> {
    let started = Instant::now();
    while started.elapsed() < within {
        let response = client.get("/api/jobs", Some(admin))?;
        let json = response.json();
        let jobs = json["jobs"].as_array().or_else(|| json.as_array()).cloned().unwrap_or_default();
        let busy = jobs.iter().any(|job| {
            let state = job["state"].as_str().unwrap_or_default();
            state == "queued" || state == "running"
        });
        if response.is_success() && !busy {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("jobs did not finish within {within:?}")
}
