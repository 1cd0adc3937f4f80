//! Import rules of the code base, checked by reading `use crate::` lines (rust-analyzer's
//! "tidy" style): the core is plain library code, nothing imports `server` or `cli`, and `index`
//! and `store` do not know each other.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files
}

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The module a file belongs to: `src/text/scan.rs` → `text`, `src/model.rs` → `model`.
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(source_root()).unwrap_or(path);
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// Lines of code (comments and test modules included: the rules hold for them too).
fn code_lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path).unwrap_or_default().lines().map(|line| line.trim().to_string()).collect()
}

const CORE: &[&str] = &["model", "extract", "text", "fingerprint", "compare", "report"];
const FORBIDDEN_IN_CORE: &[&str] = &[
    "tokio",
    "axum",
    "sled",
    "tantivy",
    "std::fs",
    "std::env",
    "std::time::SystemTime",
    "Instant::now",
    "SystemTime::now",
    "std::net",
    "crate::index",
    "crate::store",
    "crate::server",
    "crate::cli",
    "crate::pipeline",
    "crate::jobs",
];

#[test]
fn the_core_uses_no_runtime_storage_index_clock_or_file_system() {
    let mut violations = Vec::new();
    for path in rust_files(&source_root()) {
        let module = module_of(&path);
        if !CORE.contains(&module.as_str()) {
            continue;
        }
        for (number, line) in code_lines(&path).iter().enumerate() {
            if line.starts_with("//") {
                continue;
            }
            for forbidden in FORBIDDEN_IN_CORE {
                if line.contains(forbidden) {
                    violations.push(format!("{}:{}: {}", path.display(), number + 1, line));
                }
            }
        }
    }
    assert!(violations.is_empty(), "core modules must stay pure:\n{}", violations.join("\n"));
}

#[test]
fn nothing_imports_server_or_cli_and_index_and_store_do_not_know_each_other() {
    let mut violations = Vec::new();
    for path in rust_files(&source_root()) {
        let module = module_of(&path);
        for (number, line) in code_lines(&path).iter().enumerate() {
            let mut forbidden: Vec<&str> = Vec::new();
            // `web` is the server's browser face: it uses the server's handlers, and only the
            // server (its router) uses it.
            if module != "server" && module != "cli" && module != "main" && module != "web" {
                forbidden.extend(["crate::server", "crate::cli"]);
            }
            if module == "web" {
                forbidden.push("crate::cli");
            }
            if module != "server" && module != "web" {
                forbidden.push("crate::web");
            }
            if module == "index" {
                forbidden.extend(["crate::store", "sled"]);
            }
            if module == "store" {
                forbidden.extend(["crate::index", "tantivy"]);
            }
            if module != "store" && module != "store.rs" {
                // sled types stay behind the store module.
                forbidden.push("sled::");
            }
            for rule in forbidden {
                if line.contains(rule) && !line.starts_with("//") {
                    violations.push(format!("{}:{}: {}", path.display(), number + 1, line));
                }
            }
        }
    }
    assert!(violations.is_empty(), "import rules broken:\n{}", violations.join("\n"));
}

#[test]
fn every_module_has_docs() {
    let missing: Vec<String> = rust_files(&source_root())
        .into_iter()
        .filter(|path| !fs::read_to_string(path).unwrap_or_default().trim_start().starts_with("//!"))
        .map(|path| path.display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without //! docs:\n{}", missing.join("\n"));
}
