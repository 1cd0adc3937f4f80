//! Import rules of the code base, checked by reading the sources (rust-analyzer's "tidy"
//! style): the core is plain library code, the application layer knows no HTTP, the API
//! handlers (`server::handlers`) and the pages (`web`) both stand on `app` and `http` and never
//! import each other (only `server::router` composes them), nothing imports `server` or `cli`,
//! and `index` and `store` do not know each other.
//!
//! Every `use` declaration is read whole (several lines, nested braces, `self`/`super`
//! resolved against the file's module) and expanded into full paths; paths written inline in
//! code (`crate::server::x(…)`) count too. The checker is itself tested on planted violations
//! of every shape, and the rules refuse to pass when the sources cannot be read.

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

/// The core crate's sources (`adal-core`, re-exported by `adal` under the same module names).
fn core_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/adal-core/src")
}

/// The sources of both crates with their module paths, refusing to go on when they cannot be
/// read (a rule over no file passes).
fn sources() -> Vec<(PathBuf, Vec<String>, String)> {
    let mut files = Vec::new();
    for root in [source_root(), core_root()] {
        let found = rust_files(&root);
        assert!(found.len() >= 30, "only {} source files found under {}", found.len(), root.display());
        for path in found {
            let text =
                fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let module = module_path(&root, &path);
            files.push((path, module, text));
        }
    }
    assert!(files.len() >= 150, "only {} source files found", files.len());
    files
}

/// The module path of a file below its crate's `src`: `text/scan.rs` → `["text", "scan"]`,
/// `text/mod.rs` → `["text"]`, `lib.rs` → `[]`.
fn module_path(root: &Path, path: &Path) -> Vec<String> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut parts: Vec<String> =
        relative.components().map(|component| component.as_os_str().to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs").to_string();
        if stem != "mod" && stem != "lib" && stem != "main" {
            parts.push(stem);
        }
    }
    parts
}

/// The text without comments (line comments and doc comments), so that prose naming a module
/// is not an import.
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(position) if !line[..position].contains('"') => &line[..position],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expands a use tree (`a::{b, c::{d, e}}`) into full paths (`a::b`, `a::c::d`, `a::c::e`).
fn expand_use_tree(tree: &str) -> Vec<String> {
    // `x as y` keeps `x`: the rename is marked before white space is dropped.
    let tree: String = tree.replace(" as ", "@").chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree.split('@').next().unwrap_or_default().to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (index, character) in inner.char_indices() {
        match character {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.is_empty())
        .flat_map(|item| {
            let item = if item == "self" { "" } else { item };
            expand_use_tree(item)
                .into_iter()
                .map(|rest| {
                    if rest.is_empty() {
                        prefix.trim_end_matches("::").to_string()
                    } else {
                        format!("{prefix}{rest}")
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Resolves `self::` and `super::` against the file's module; `crate::` paths and external
/// crates stay as they are.
fn resolve(path: &str, module: &[String]) -> String {
    let mut segments: Vec<&str> = path.split("::").collect();
    if segments.first() == Some(&"self") || segments.first() == Some(&"super") {
        let mut base: Vec<String> = module.to_vec();
        while let Some(first) = segments.first() {
            match *first {
                "self" => {}
                "super" => {
                    base.pop();
                }
                _ => break,
            }
            segments.remove(0);
        }
        let mut full = vec!["crate".to_string()];
        full.extend(base);
        full.extend(segments.iter().map(|segment| segment.to_string()));
        return full.join("::");
    }
    path.to_string()
}

/// Every path a file names: its `use` declarations, expanded and resolved, and the `crate::…`,
/// `super::…` and `std::…` paths written inline.
fn named_paths(text: &str, module: &[String]) -> Vec<String> {
    let code = without_comments(text);
    let mut paths = Vec::new();
    let lines: Vec<&str> = code.lines().collect();
    for (number, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let declaration = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
            .iter()
            .find_map(|start| trimmed.strip_prefix(start));
        let Some(first) = declaration else { continue };
        // A declaration runs to its `;`, over as many lines as it takes.
        let mut statement = first.to_string();
        let mut next = number + 1;
        while !statement.contains(';') && next < lines.len() {
            statement.push(' ');
            statement.push_str(lines[next]);
            next += 1;
        }
        let statement = statement.split(';').next().unwrap_or_default();
        // An indented declaration sits in an inline module (`mod tests`): `super` is the file's.
        let mut scope = module.to_vec();
        if line.starts_with(char::is_whitespace) {
            scope.push("<inline>".to_string());
        }
        for path in expand_use_tree(statement) {
            paths.push(resolve(&path, &scope));
        }
    }
    for token in code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
        if token.starts_with("crate::") || token.starts_with("super::") || token.starts_with("std::") {
            paths.push(resolve(token.trim_end_matches(':'), module));
        }
    }
    paths
}

/// The first segment after `crate::`, or the external crate's name.
fn top_module(path: &str) -> &str {
    let mut segments = path.split("::");
    match segments.next() {
        Some("crate") => segments.next().unwrap_or_default(),
        Some(first) => first,
        None => "",
    }
}

const CORE: &[&str] =
    &["model", "extract", "text", "fingerprint", "compare", "report", "messages", "xlang", "attestation"];
const RUNTIME_CRATES: &[&str] =
    &["tokio", "axum", "sled", "tantivy", "postgres", "hyper", "tower", "tower_http"];
const IMPURE_STD: &[&str] =
    &["std::fs", "std::env", "std::net", "std::time::SystemTime", "std::time::Instant", "std::process"];

/// The rule violations of one file.
fn violations_of(path_label: &str, module: &[String], text: &str) -> Vec<String> {
    let own = module.first().map(String::as_str).unwrap_or("lib");
    let mut found = Vec::new();
    let code = without_comments(text);
    for path in named_paths(text, module) {
        let top = top_module(&path);
        let is_crate_path = path.starts_with("crate::");
        let mut broken = |rule: &str| found.push(format!("{path_label}: `{path}` ({rule})"));
        if CORE.contains(&own) {
            if is_crate_path && !CORE.contains(&top) {
                broken("the core imports only the core");
            }
            if !is_crate_path && RUNTIME_CRATES.contains(&top) {
                broken("the core uses no runtime, storage or index crate");
            }
            if IMPURE_STD.iter().any(|impure| path.starts_with(impure)) {
                broken("the core reads no file system, environment, network or clock");
            }
        }
        if own == "app" && (!is_crate_path && ["axum", "hyper", "tower", "tower_http"].contains(&top)) {
            broken("the application layer knows no HTTP");
        }
        if own == "app" && is_crate_path && ["server", "web", "cli", "http"].contains(&top) {
            broken("the application layer is called by the server and the pages, never the reverse");
        }
        if own == "http" && is_crate_path && ["server", "web", "cli"].contains(&top) {
            broken("the HTTP plumbing serves the API and the pages and imports neither");
        }
        if is_crate_path
            && (top == "server" || top == "cli")
            && !["server", "cli", "main", "lib"].contains(&own)
        {
            broken("nothing imports server or cli (the pages neither: they call the application layer)");
        }
        if is_crate_path && top == "web" && !["server", "web", "lib"].contains(&own) {
            broken("only the server uses the pages");
        }
        let in_api_handlers = own == "server" && module.get(1).is_some_and(|part| part == "handlers");
        if is_crate_path && top == "web" && in_api_handlers {
            broken("the API handlers do not know the pages; only the router composes both");
        }
        if ["records", "clock"].contains(&own)
            && is_crate_path
            // The attestation's data types (dates, schedules, defense states) are the pure
            // core's, like `model`'s.
            && !["model", "attestation", "workflow", "records", "clock"].contains(&top)
        {
            broken("the service's records and the clock stand on their own");
        }
        if own == "index" && ((is_crate_path && top == "store") || top == "sled") {
            broken("index and store do not know each other");
        }
        if own == "store" && ((is_crate_path && top == "index") || top == "tantivy") {
            broken("index and store do not know each other");
        }
        if own != "store" && top == "sled" && !is_crate_path {
            broken("sled types stay behind the store module");
        }
    }
    if CORE.contains(&own) {
        for clock in ["Instant::now", "SystemTime::now"] {
            if code.contains(clock) {
                found.push(format!("{path_label}: `{clock}` (the core reads no clock)"));
            }
        }
    }
    found
}

#[test]
fn the_import_rules_hold() {
    let mut violations = Vec::new();
    for (path, module, text) in sources() {
        violations.extend(violations_of(&path.display().to_string(), &module, &text));
    }
    assert!(violations.is_empty(), "import rules broken:\n{}", violations.join("\n"));
}

#[test]
fn the_checker_finds_planted_violations_of_every_shape() {
    let module = |path: &str| path.split('/').map(str::to_string).collect::<Vec<_>>();
    let planted: &[(&str, &str)] = &[
        ("text/scan", "use crate::store::Store;"),
        ("text/scan", "use crate::{model::Span, index::CorpusIndex};"),
        ("compare/seeds", "use crate::{\n    model::Span,\n    pipeline::check,\n};"),
        ("compare/seeds", "use super::super::server::App;"),
        ("report/html", "use std::{env, fs};"),
        ("fingerprint", "use crate::shards::ShardedPostings;"),
        ("extract/pdf", "use crate::config::Config;"),
        ("text", "fn now() -> u128 { std::time::SystemTime::now().elapsed().unwrap().as_millis() }"),
        ("model", "pub fn x() { let _ = tokio::spawn(async {}); }\nuse tokio::task;"),
        ("app/theses", "use axum::Json;"),
        ("app/theses", "use crate::server::handlers::visible_thesis;"),
        ("store/users", "use crate::index::CorpusIndex;"),
        ("index/runs", "fn x() { crate::store::Store::open(\"x\"); }"),
        ("jobs", "use crate::web::router;"),
        ("pipeline/check", "use sled::Db;"),
        ("records", "use crate::store::Store;"),
        ("web/pages/theses", "use crate::server::handlers::visible_thesis;"),
        ("web/pages/staff", "fn x() { crate::server::handlers::jobs::authorize_job(); }"),
        ("server/handlers/theses", "use crate::web::render::role_label;"),
        ("http/session", "use crate::server::listen::client_address;"),
        ("app/theses", "use crate::http::state::AppState;"),
    ];
    for (file, text) in planted {
        let found = violations_of(file, &module(file), text);
        assert!(!found.is_empty(), "missed in {file}: {text}");
    }
    // And what is allowed stays allowed.
    let allowed: &[(&str, &str)] = &[
        ("text/scan", "use super::chars::{letter_class, LetterClass};\nuse crate::model::{Span, CharIndex};"),
        ("app/theses", "use crate::store::{Actor, Thesis};\nuse super::{fields, AppError};"),
        ("web/pages/theses", "use crate::http::state::AppState;\nuse crate::app::access::visible_thesis;"),
        ("server/router", "use crate::web;\nuse crate::http::error::localize_errors;"),
        ("compare", "// crate::store is not imported here\nuse crate::text::Token;"),
    ];
    for (file, text) in allowed {
        let found = violations_of(file, &module(file), text);
        assert!(found.is_empty(), "wrongly refused in {file}: {found:?}");
    }
}

#[test]
fn every_module_has_docs() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|(_, _, text)| !text.trim_start().starts_with("//!"))
        .map(|(path, _, _)| path.display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without //! docs:\n{}", missing.join("\n"));
}

/// The `Cargo.toml` of a workspace crate.
fn manifest_of(crate_dir: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(crate_dir).join("Cargo.toml");
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The names in a manifest's `[dependencies]` table.
fn dependency_names(manifest: &str) -> Vec<&str> {
    let dependencies = manifest.split("[dependencies]").nth(1).expect("a [dependencies] table");
    dependencies
        .lines()
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter_map(|line| line.split('=').next().map(str::trim))
        .filter(|name| !name.is_empty() && !name.starts_with('#'))
        .collect()
}

#[test]
fn the_core_crate_depends_on_no_runtime_storage_or_index_crate() {
    let manifest = manifest_of("crates/adal-core");
    let names = dependency_names(&manifest);
    assert!(names.contains(&"lopdf"), "the manifest was read: {names:?}");
    for forbidden in ["tokio", "axum", "sled", "tantivy", "postgres", "hyper", "tower", "adal"] {
        assert!(!names.contains(&forbidden), "adal-core depends on {forbidden}");
    }
    // minijinja is allowed (issue #15): it renders the report body's one template, compiled in,
    // for the downloadable report; it reads no file and starts no runtime.
    // The embedding model is optional: the core declares `xlang::SentenceEmbedder` and never
    // depends on the model crate.
    assert!(!names.contains(&"adal-embed"), "adal-core depends on adal-embed");
}

#[test]
fn the_embedding_crate_depends_on_no_runtime_storage_or_index_crate() {
    let manifest = manifest_of("crates/adal-embed");
    let names = dependency_names(&manifest);
    assert!(names.contains(&"memmap2"), "the manifest was read: {names:?}");
    for forbidden in ["tokio", "axum", "sled", "tantivy", "postgres", "hyper", "tower", "adal", "adal-core"] {
        assert!(!names.contains(&forbidden), "adal-embed depends on {forbidden}");
    }
}
