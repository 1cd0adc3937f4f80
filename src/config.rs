//! The service configuration of `adal serve`: defaults, the optional `<data>/adal.json` file and
//! environment overrides, resolved in that order (later wins).
//!
//! ```json
//! {
//!   "listen": "127.0.0.1:8080",
//!   "corpus_dir": "corpus",
//!   "similarity_threshold_percent": 25.0,
//!   "max_upload_bytes": 50000000,
//!   "secure_cookies": false,
//!   "session_hours": 12,
//!   "request_timeout_secs": 120,
//!   "extract_timeout_secs": 120,
//!   "extract_memory_bytes": 2000000000,
//!   "workers": 1,
//!   "uploads_per_minute": 20,
//!   "index_backend": "embedded",
//!   "postgres_url": null,
//!   "distributed_rescans": false,
//!   "header_read_timeout_secs": 10,
//!   "max_connections": 4096,
//!   "max_connections_per_address": 512,
//!   "trusted_proxies": ["127.0.0.1"],
//!   "theses_per_hour": 20,
//!   "smtp": { "host": "127.0.0.1", "port": 25, "from": "Adal <adal@example.kz>",
//!             "username": null, "password": null }
//! }
//! ```
//!
//! `smtp` (absent by default) turns on e-mail notifications: report ready, thesis returned or
//! cleared, rescan finished. Without it nothing is queued and no connection is ever attempted.
//! Adal speaks plain SMTP to a relay it trusts (the host's MTA, or the university's relay on
//! its own network), which carries the mail on with TLS; Adal links no TLS library.
//!
//! Every key is optional. Environment variables: `ADAL_DATA`, `ADAL_LISTEN`, `ADAL_CORPUS`,
//! `ADAL_THRESHOLD`, `ADAL_MAX_UPLOAD_BYTES`, `ADAL_SECURE_COOKIES` (`1`/`true`),
//! `ADAL_SESSION_HOURS`, `ADAL_REQUEST_TIMEOUT_SECS`, `ADAL_EXTRACT_TIMEOUT_SECS`,
//! `ADAL_EXTRACT_MEMORY_BYTES`, `ADAL_WORKERS`, `ADAL_UPLOADS_PER_MINUTE`,
//! `ADAL_INDEX_BACKEND` (`embedded`/`postgres`), `ADAL_POSTGRES_URL`, `ADAL_DISTRIBUTED_RESCANS`,
//! `ADAL_HEADER_READ_TIMEOUT_SECS`, `ADAL_MAX_CONNECTIONS`, `ADAL_MAX_CONNECTIONS_PER_ADDRESS`,
//! `ADAL_TRUSTED_PROXIES` (comma-separated addresses), `ADAL_THESES_PER_HOUR`.
//!
//! `trusted_proxies` names the reverse proxies whose `X-Forwarded-For` header is believed: a
//! request arriving from one of them is counted (login rate limits) under the client address
//! the proxy reports. From any other peer the header is ignored, so a client cannot pick the
//! address it is counted under.
//!
//! `index_backend: "postgres"` counts candidate fingerprints on the PostgreSQL shards reached
//! through `postgres_url` (the PL/Proxy coordinator database); `distributed_rescans` hands
//! bulk rescans to `adal worker` processes through the queue in the same database.
//!
//! This module reads no file or environment itself: callers pass the file text and a lookup
//! function, so the resolution rules are plain functions that tests call directly.

use serde::Deserialize;
use std::path::PathBuf;

/// Everything `adal serve` needs to know besides the stored settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The data directory: `store/` (sled and files) and `index/` (tantivy).
    pub data_dir: PathBuf,
    pub listen: String,
    /// The demo corpus loaded into an empty index on first start (a folder with `manifest.tsv`).
    pub corpus_dir: PathBuf,
    /// When set, written to the stored settings at startup.
    pub similarity_threshold_percent: Option<f64>,
    /// Largest accepted upload (413 above it).
    pub max_upload_bytes: u64,
    /// Mark the session cookie `Secure` (set this when Adal runs behind TLS).
    pub secure_cookies: bool,
    pub session_hours: u32,
    /// Whole-request timeout, request bodies included.
    pub request_timeout_secs: u64,
    /// Wall-clock limit of one isolated extraction.
    pub extract_timeout_secs: u64,
    /// Address-space limit (RLIMIT_AS) of the extraction child process.
    pub extract_memory_bytes: u64,
    /// Number of worker threads running check and rescan jobs.
    pub workers: usize,
    /// Thesis uploads one user may make within a minute; more are refused with 429, so a flood
    /// of tiny uploads cannot fill the disk or the job queue.
    pub uploads_per_minute: u32,
    /// Where candidate retrieval counts fingerprints.
    pub index_backend: IndexBackend,
    /// The coordinator database of the sharded deployment.
    pub postgres_url: Option<String>,
    /// Bulk rescans are run by `adal worker` processes (needs `postgres_url`).
    pub distributed_rescans: bool,
    /// How long a client may take to send a request's headers (slowloris guard).
    pub header_read_timeout_secs: u64,
    /// Open connections the service keeps at most; more are closed at once.
    pub max_connections: usize,
    /// Open connections from one client address at most (generous: a faculty behind NAT shares
    /// one address).
    pub max_connections_per_address: usize,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Theses one user may create within an hour; more are refused with 429.
    pub theses_per_hour: u32,
    /// The SMTP server e-mail notifications go through; `None`: no e-mail.
    pub smtp: Option<SmtpConfig>,
}

/// The `smtp` section: the server, the sender and the credentials of e-mail notifications.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "SmtpConfig::default_port")]
    pub port: u16,
    /// The `From:` address, e.g. `Adal <adal@university.kz>`.
    pub from: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// The service's address as people reach it, for links in the mail (default:
    /// `http://` + `listen`).
    #[serde(default)]
    pub link_base: Option<String>,
}

impl SmtpConfig {
    fn default_port() -> u16 {
        25
    }
}

/// Where candidate retrieval counts fingerprints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexBackend {
    /// The fingerprint table beside the tantivy index (the default).
    #[default]
    Embedded,
    /// The PostgreSQL shards behind PL/Proxy.
    Postgres,
}

impl IndexBackend {
    /// Parses `embedded` or `postgres`.
    pub fn from_code(code: &str) -> Option<IndexBackend> {
        match code.trim() {
            "embedded" => Some(IndexBackend::Embedded),
            "postgres" => Some(IndexBackend::Postgres),
            _ => None,
        }
    }
}

impl Config {
    /// The defaults for a data directory.
    pub fn defaults(data_dir: PathBuf) -> Config {
        Config {
            data_dir,
            listen: "127.0.0.1:8080".to_string(),
            corpus_dir: PathBuf::from("corpus"),
            similarity_threshold_percent: None,
            max_upload_bytes: 50_000_000,
            secure_cookies: false,
            session_hours: 12,
            request_timeout_secs: 120,
            extract_timeout_secs: 120,
            extract_memory_bytes: 2_000_000_000,
            workers: 1,
            uploads_per_minute: 20,
            index_backend: IndexBackend::Embedded,
            postgres_url: None,
            distributed_rescans: false,
            header_read_timeout_secs: 10,
            max_connections: 4096,
            max_connections_per_address: 512,
            trusted_proxies: Vec::new(),
            theses_per_hour: 20,
            smtp: None,
        }
    }

    /// Where the sled store and the uploaded files live.
    pub fn store_dir(&self) -> PathBuf {
        self.data_dir.join("store")
    }

    /// Where the tantivy corpus index lives.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    /// The path of the optional config file of a data directory.
    pub fn file_path(data_dir: &std::path::Path) -> PathBuf {
        data_dir.join("adal.json")
    }

    /// Resolves the configuration: defaults, then `file_text` (the JSON config file, if there is
    /// one), then the environment as seen through `env`.
    pub fn resolve(
        data_dir: PathBuf,
        file_text: Option<&str>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let data_dir = env("ADAL_DATA").map(PathBuf::from).unwrap_or(data_dir);
        let mut config = Config::defaults(data_dir);
        if let Some(text) = file_text {
            let file: ConfigFile =
                serde_json::from_str(text).map_err(|error| ConfigError::File(error.to_string()))?;
            file.apply_to(&mut config);
        }
        apply_env(&mut config, env)?;
        let needs_postgres = config.index_backend == IndexBackend::Postgres || config.distributed_rescans;
        if needs_postgres && config.postgres_url.is_none() {
            return Err(ConfigError::MissingPostgresUrl);
        }
        Ok(config)
    }
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the config file is not valid: {0}")]
    File(String),
    #[error("the environment variable {name} has an invalid value `{value}`")]
    Env { name: &'static str, value: String },
    #[error("the postgres index backend and distributed rescans need postgres_url (ADAL_POSTGRES_URL)")]
    MissingPostgresUrl,
}

/// The keys of `adal.json`; all optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    listen: Option<String>,
    corpus_dir: Option<PathBuf>,
    similarity_threshold_percent: Option<f64>,
    max_upload_bytes: Option<u64>,
    secure_cookies: Option<bool>,
    session_hours: Option<u32>,
    request_timeout_secs: Option<u64>,
    extract_timeout_secs: Option<u64>,
    extract_memory_bytes: Option<u64>,
    workers: Option<usize>,
    uploads_per_minute: Option<u32>,
    index_backend: Option<IndexBackend>,
    postgres_url: Option<String>,
    distributed_rescans: Option<bool>,
    header_read_timeout_secs: Option<u64>,
    max_connections: Option<usize>,
    max_connections_per_address: Option<usize>,
    trusted_proxies: Option<Vec<std::net::IpAddr>>,
    theses_per_hour: Option<u32>,
    smtp: Option<SmtpConfig>,
}

impl ConfigFile {
    fn apply_to(self, config: &mut Config) {
        if let Some(listen) = self.listen {
            config.listen = listen;
        }
        if let Some(corpus_dir) = self.corpus_dir {
            config.corpus_dir = corpus_dir;
        }
        if self.similarity_threshold_percent.is_some() {
            config.similarity_threshold_percent = self.similarity_threshold_percent;
        }
        config.max_upload_bytes = self.max_upload_bytes.unwrap_or(config.max_upload_bytes);
        config.secure_cookies = self.secure_cookies.unwrap_or(config.secure_cookies);
        config.session_hours = self.session_hours.unwrap_or(config.session_hours);
        config.request_timeout_secs = self.request_timeout_secs.unwrap_or(config.request_timeout_secs);
        config.extract_timeout_secs = self.extract_timeout_secs.unwrap_or(config.extract_timeout_secs);
        config.extract_memory_bytes = self.extract_memory_bytes.unwrap_or(config.extract_memory_bytes);
        config.workers = self.workers.unwrap_or(config.workers);
        config.uploads_per_minute = self.uploads_per_minute.unwrap_or(config.uploads_per_minute);
        config.index_backend = self.index_backend.unwrap_or(config.index_backend);
        if self.postgres_url.is_some() {
            config.postgres_url = self.postgres_url;
        }
        config.distributed_rescans = self.distributed_rescans.unwrap_or(config.distributed_rescans);
        config.header_read_timeout_secs =
            self.header_read_timeout_secs.unwrap_or(config.header_read_timeout_secs);
        config.max_connections = self.max_connections.unwrap_or(config.max_connections);
        config.max_connections_per_address =
            self.max_connections_per_address.unwrap_or(config.max_connections_per_address);
        if let Some(proxies) = self.trusted_proxies {
            config.trusted_proxies = proxies;
        }
        config.theses_per_hour = self.theses_per_hour.unwrap_or(config.theses_per_hour);
        if self.smtp.is_some() {
            config.smtp = self.smtp;
        }
    }
}

fn parsed<T: std::str::FromStr>(name: &'static str, value: String) -> Result<T, ConfigError> {
    value.trim().parse().map_err(|_| ConfigError::Env { name, value })
}

fn apply_env(config: &mut Config, env: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
    if let Some(listen) = env("ADAL_LISTEN") {
        config.listen = listen;
    }
    if let Some(corpus_dir) = env("ADAL_CORPUS") {
        config.corpus_dir = PathBuf::from(corpus_dir);
    }
    if let Some(value) = env("ADAL_THRESHOLD") {
        config.similarity_threshold_percent = Some(parsed("ADAL_THRESHOLD", value)?);
    }
    if let Some(value) = env("ADAL_MAX_UPLOAD_BYTES") {
        config.max_upload_bytes = parsed("ADAL_MAX_UPLOAD_BYTES", value)?;
    }
    if let Some(value) = env("ADAL_SECURE_COOKIES") {
        config.secure_cookies = matches!(value.trim(), "1" | "true" | "yes");
    }
    if let Some(value) = env("ADAL_SESSION_HOURS") {
        config.session_hours = parsed("ADAL_SESSION_HOURS", value)?;
    }
    if let Some(value) = env("ADAL_REQUEST_TIMEOUT_SECS") {
        config.request_timeout_secs = parsed("ADAL_REQUEST_TIMEOUT_SECS", value)?;
    }
    if let Some(value) = env("ADAL_EXTRACT_TIMEOUT_SECS") {
        config.extract_timeout_secs = parsed("ADAL_EXTRACT_TIMEOUT_SECS", value)?;
    }
    if let Some(value) = env("ADAL_EXTRACT_MEMORY_BYTES") {
        config.extract_memory_bytes = parsed("ADAL_EXTRACT_MEMORY_BYTES", value)?;
    }
    if let Some(value) = env("ADAL_WORKERS") {
        config.workers = parsed("ADAL_WORKERS", value)?;
    }
    if let Some(value) = env("ADAL_UPLOADS_PER_MINUTE") {
        config.uploads_per_minute = parsed("ADAL_UPLOADS_PER_MINUTE", value)?;
    }
    if let Some(value) = env("ADAL_INDEX_BACKEND") {
        config.index_backend =
            IndexBackend::from_code(&value).ok_or(ConfigError::Env { name: "ADAL_INDEX_BACKEND", value })?;
    }
    if let Some(url) = env("ADAL_POSTGRES_URL") {
        config.postgres_url = Some(url).filter(|url| !url.trim().is_empty());
    }
    if let Some(value) = env("ADAL_DISTRIBUTED_RESCANS") {
        config.distributed_rescans = matches!(value.trim(), "1" | "true" | "yes");
    }
    if let Some(value) = env("ADAL_HEADER_READ_TIMEOUT_SECS") {
        config.header_read_timeout_secs = parsed("ADAL_HEADER_READ_TIMEOUT_SECS", value)?;
    }
    if let Some(value) = env("ADAL_MAX_CONNECTIONS") {
        config.max_connections = parsed("ADAL_MAX_CONNECTIONS", value)?;
    }
    if let Some(value) = env("ADAL_MAX_CONNECTIONS_PER_ADDRESS") {
        config.max_connections_per_address = parsed("ADAL_MAX_CONNECTIONS_PER_ADDRESS", value)?;
    }
    if let Some(value) = env("ADAL_TRUSTED_PROXIES") {
        let mut proxies = Vec::new();
        for part in value.split(',').map(str::trim).filter(|part| !part.is_empty()) {
            proxies.push(parsed("ADAL_TRUSTED_PROXIES", part.to_string())?);
        }
        config.trusted_proxies = proxies;
    }
    if let Some(value) = env("ADAL_THESES_PER_HOUR") {
        config.theses_per_hour = parsed("ADAL_THESES_PER_HOUR", value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_the_file_and_the_file_overrides_defaults() {
        let file = r#"{"listen": "0.0.0.0:9000", "max_upload_bytes": 1000, "workers": 2}"#;
        let env = |name: &str| match name {
            "ADAL_LISTEN" => Some("127.0.0.1:7000".to_string()),
            "ADAL_THRESHOLD" => Some("30".to_string()),
            _ => None,
        };
        let config = Config::resolve(PathBuf::from("data"), Some(file), &env).expect("config");
        assert_eq!(config.listen, "127.0.0.1:7000");
        assert_eq!(config.max_upload_bytes, 1000);
        assert_eq!(config.workers, 2);
        assert_eq!(config.similarity_threshold_percent, Some(30.0));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let no_env = |_: &str| None;
        assert!(Config::resolve(PathBuf::from("d"), Some(r#"{"lisen": "x"}"#), &no_env).is_err());
        let bad_env = |name: &str| (name == "ADAL_WORKERS").then(|| "many".to_string());
        assert!(Config::resolve(PathBuf::from("d"), None, &bad_env).is_err());
        let bad_backend = |name: &str| (name == "ADAL_INDEX_BACKEND").then(|| "oracle".to_string());
        assert!(Config::resolve(PathBuf::from("d"), None, &bad_backend).is_err());
    }

    #[test]
    fn the_postgres_backend_needs_a_url() {
        let no_env = |_: &str| None;
        let file = r#"{"index_backend": "postgres"}"#;
        assert!(matches!(
            Config::resolve(PathBuf::from("d"), Some(file), &no_env),
            Err(ConfigError::MissingPostgresUrl)
        ));
        let env =
            |name: &str| (name == "ADAL_POSTGRES_URL").then(|| "postgres://adal@127.0.0.1/adal".to_string());
        let config = Config::resolve(PathBuf::from("d"), Some(file), &env).expect("config");
        assert_eq!(config.index_backend, IndexBackend::Postgres);
        assert!(!config.distributed_rescans);
    }
}
