//! Extraction in a child process, so that a parser panic, hang or memory blow-up fails one job
//! and never the server.
//!
//! The parent passes a stored upload's path (or writes bytes it was handed to a temporary file)
//! and runs the same binary as
//! `adal internal-extract FILE` (a hidden subcommand). The child prints one JSON line: the
//! [`ExtractedDocument`] or the refusal. The parent enforces:
//! - a wall-clock timeout (the child, leading its own process group, is killed with the group
//!   when it runs out), and
//! - an address-space limit: `setrlimit(RLIMIT_AS)` in the child between `fork` and `exec`
//!   (`pre_exec`), so an allocation beyond the limit fails inside the child only; core dumps are
//!   switched off too (`RLIMIT_CORE` = 0).
//!
//! Any exit without a valid answer (signal, panic, abort, garbage on stdout) becomes
//! [`RefusalRecord::ExtractionFailed`] with the detail for the log.

use crate::extract::{extract, ExtractLimits};
use crate::model::ExtractedDocument;
use crate::pipeline::thesis::{DocumentExtractor, RefusalRecord};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The name of the hidden subcommand the child runs.
pub const INTERNAL_EXTRACT_SUBCOMMAND: &str = "internal-extract";

/// What the child prints on stdout.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum ChildAnswer {
    Extracted { document: ExtractedDocument },
    Refused { refusal: RefusalRecord },
}

/// Runs extraction in a child process with a timeout and a memory limit.
#[derive(Clone, Debug)]
pub struct IsolatedExtractor {
    /// The program to run (normally this binary).
    pub program: PathBuf,
    /// Arguments before the file path (normally `internal-extract`).
    pub args: Vec<OsString>,
    pub timeout: Duration,
    /// RLIMIT_AS of the child, in bytes.
    pub memory_limit_bytes: u64,
}

impl IsolatedExtractor {
    /// Runs `program internal-extract FILE`.
    pub fn new(program: PathBuf, timeout: Duration, memory_limit_bytes: u64) -> IsolatedExtractor {
        IsolatedExtractor {
            program,
            args: vec![OsString::from(INTERNAL_EXTRACT_SUBCOMMAND)],
            timeout,
            memory_limit_bytes,
        }
    }

    /// The extractor `adal serve` runs: `program internal-extract`, with the configuration's
    /// timeout, memory limit and upload limit.
    pub fn for_service(program: PathBuf, config: &crate::config::Config) -> IsolatedExtractor {
        IsolatedExtractor::new(
            program,
            Duration::from_secs(config.extract_timeout_secs.max(1)),
            config.extract_memory_bytes,
        )
        .with_max_file_bytes(config.max_upload_bytes)
    }

    /// Lets the child accept files up to `max_file_bytes` (the service's upload limit), so a
    /// file the HTTP layer accepted is never refused as too large by the child.
    pub fn with_max_file_bytes(mut self, max_file_bytes: u64) -> IsolatedExtractor {
        self.args.push(OsString::from("--max-file-bytes"));
        self.args.push(OsString::from(max_file_bytes.to_string()));
        self
    }

    fn failed(detail: impl Into<String>) -> RefusalRecord {
        RefusalRecord::ExtractionFailed { detail: detail.into() }
    }

    fn run_child(&self, file: &Path) -> Result<ExtractedDocument, RefusalRecord> {
        let mut command = Command::new(&self.program);
        command.args(&self.args).arg(file).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
        limit_child_memory(&mut command, self.memory_limit_bytes);
        let mut child = command.spawn().map_err(|error| Self::failed(format!("cannot start: {error}")))?;
        let mut stdout = child.stdout.take().ok_or_else(|| Self::failed("no stdout"))?;
        let reader = std::thread::spawn(move || {
            let mut output = Vec::new();
            let _ = stdout.read_to_end(&mut output);
            output
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() >= self.timeout => {
                    kill_process_group(&mut child);
                    let _ = child.wait();
                    // The reader thread ends when the last holder of the pipe is gone.
                    drop(reader);
                    return Err(Self::failed(format!("timed out after {:?}", self.timeout)));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(error) => return Err(Self::failed(format!("cannot wait: {error}"))),
            }
        };
        let output = reader.join().map_err(|_| Self::failed("stdout reader panicked"))?;
        if !status.success() {
            return Err(Self::failed(format!("the extraction process ended with {status}")));
        }
        match serde_json::from_slice::<ChildAnswer>(&output) {
            Ok(ChildAnswer::Extracted { document }) => Ok(document),
            Ok(ChildAnswer::Refused { refusal }) => Err(refusal),
            Err(error) => Err(Self::failed(format!("unreadable answer: {error}"))),
        }
    }
}

impl DocumentExtractor for IsolatedExtractor {
    fn extract_document(&self, bytes: &[u8]) -> Result<ExtractedDocument, RefusalRecord> {
        if bytes.is_empty() {
            return Err(RefusalRecord::EmptyFile);
        }
        let mut file = tempfile::NamedTempFile::new().map_err(|error| Self::failed(error.to_string()))?;
        file.write_all(bytes).and_then(|()| file.flush()).map_err(|error| Self::failed(error.to_string()))?;
        self.run_child(file.path())
    }

    /// A stored upload goes to the child by its path: its bytes are not written again.
    fn extract_file(&self, path: &Path) -> Result<ExtractedDocument, RefusalRecord> {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.len() == 0 => Err(RefusalRecord::EmptyFile),
            Ok(_) => self.run_child(path),
            Err(error) => Err(Self::failed(format!("cannot read {}: {error}", path.display()))),
        }
    }
}

/// Extraction in this process, for tools and tests that do not need isolation.
#[derive(Clone, Copy, Debug, Default)]
pub struct InProcessExtractor;

impl DocumentExtractor for InProcessExtractor {
    fn extract_document(&self, bytes: &[u8]) -> Result<ExtractedDocument, RefusalRecord> {
        extract(bytes, &ExtractLimits::DEFAULT).map_err(|error| RefusalRecord::from(&error))
    }
}

/// Kills the child and everything it started (it leads its own process group).
#[cfg(unix)]
fn kill_process_group(child: &mut std::process::Child) {
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill with a negative pid signals the child's process group; no memory is shared.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
}

#[cfg(not(unix))]
fn kill_process_group(child: &mut std::process::Child) {
    let _ = child.kill();
}

#[cfg(unix)]
fn limit_child_memory(command: &mut Command, memory_limit_bytes: u64) {
    use std::os::unix::process::CommandExt;
    // Its own process group, so that a timeout kills whatever the child started too.
    command.process_group(0);
    let address_space = libc::rlimit { rlim_cur: memory_limit_bytes as _, rlim_max: memory_limit_bytes as _ };
    let no_core = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: the closure runs in the child between fork and exec and calls only setrlimit,
    // which is async-signal-safe; it touches no memory of the parent besides the two copies.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &address_space) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::setrlimit(libc::RLIMIT_CORE, &no_core);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_child_memory(_command: &mut Command, _memory_limit_bytes: u64) {}

/// The child's side: extracts `file` and prints the answer as JSON. Returns the exit code.
pub fn internal_extract_main(file: &Path, limits: &ExtractLimits) -> i32 {
    let answer = match std::fs::read(file) {
        Ok(bytes) => match extract(&bytes, limits) {
            Ok(document) => ChildAnswer::Extracted { document },
            Err(error) => ChildAnswer::Refused { refusal: RefusalRecord::from(&error) },
        },
        Err(error) => {
            // The service reads only the exit code; the log tells a person running it by hand.
            tracing::error!("adal internal-extract: cannot read {}: {error}", file.display());
            return 2;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut stdout, &answer).is_ok() && stdout.flush().is_ok();
    if written {
        0
    } else {
        3
    }
}
