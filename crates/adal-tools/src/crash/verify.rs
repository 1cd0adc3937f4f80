//! The crash run's check of a stopped server's data directory against what it acknowledged:
//! records present and byte-identical, the store consistent, the index in step with the store.

use super::driver::Acknowledged;
use super::sha256_hex;
use crate::server_process::store_and_index_dirs;
use adal::index::CorpusIndex;
use adal::pipeline::thesis::thesis_document_id;
use adal::store::{Store, ThesisScope};
use anyhow::Context;
use std::collections::BTreeSet;
use std::path::Path;

/// What a verification found, besides problems.
#[derive(Debug, Default)]
pub struct Verified {
    pub versions: usize,
    pub decisions: usize,
    pub corpus_documents: usize,
}

/// Verifies the data directory of a stopped server against what was acknowledged.
pub fn verify(
    data_dir: &Path,
    acknowledged: &Acknowledged,
    quiescent: bool,
) -> anyhow::Result<(Vec<String>, Verified)> {
    let (store_dir, index_dir) = store_and_index_dirs(data_dir);
    let store = match Store::open(&store_dir) {
        Ok(store) => store,
        Err(error) => {
            eprintln!("holders of the store: {:?}", processes_holding(&store_dir));
            return Err(error).context("the store does not open after the kill");
        }
    };
    let mut problems = Vec::new();
    for &thesis in acknowledged.theses.keys() {
        if store.thesis(thesis).is_err() {
            problems.push(format!("acknowledged thesis {thesis} is missing"));
        }
    }
    for (&version_id, (thesis, sha)) in &acknowledged.versions {
        match store.version(version_id) {
            Ok(version) if version.thesis == *thesis => match store.files().get(&version.file_hash) {
                Ok(bytes) if sha256_hex(&bytes) == *sha => {}
                Ok(_) => problems.push(format!("version {version_id}: the stored file differs")),
                Err(error) => problems.push(format!("version {version_id}: file unreadable: {error}")),
            },
            Ok(version) => {
                problems.push(format!("version {version_id} belongs to thesis {}", version.thesis))
            }
            Err(error) => problems.push(format!("acknowledged version {version_id} is missing: {error}")),
        }
    }
    for (&decision_id, (thesis, kind)) in &acknowledged.decisions {
        match store.decision(decision_id) {
            Ok(decision) => {
                let stored_kind = serde_json::to_value(&decision.kind).unwrap_or_default()["kind"].clone();
                if decision.thesis != *thesis || stored_kind != kind.as_str() {
                    problems.push(format!("decision {decision_id} changed: {decision:?}"));
                }
            }
            Err(error) => problems.push(format!("acknowledged decision {decision_id} is missing: {error}")),
        }
    }
    for &job in &acknowledged.rescans {
        match store.job(job) {
            Ok(job_record) if quiescent && job_record.done != job_record.total => problems
                .push(format!("rescan {job} ended with {} of {} items", job_record.done, job_record.total)),
            Ok(_) => {}
            Err(error) => problems.push(format!("acknowledged rescan {job} is missing: {error}")),
        }
    }
    let (store_problems, _) = store.consistency_problems()?;
    problems.extend(store_problems);

    let index = CorpusIndex::open_or_create(&index_dir).context("the index does not open after the kill")?;
    let in_index: BTreeSet<String> = index.list()?.into_iter().map(|meta| meta.id).collect();
    for id in &acknowledged.corpus_documents {
        if !in_index.contains(id) {
            problems.push(format!("acknowledged corpus document {id} is not in the index"));
        }
    }
    let pending: BTreeSet<u64> = store.pending_corpus_changes()?.iter().map(|change| change.thesis).collect();
    if quiescent && !pending.is_empty() {
        problems.push(format!("{} corpus changes still queued after all jobs ended", pending.len()));
    }
    let settings = store.settings()?;
    let mut expected = BTreeSet::new();
    for thesis in store.list_theses(&ThesisScope::All)? {
        let in_corpus = adal::workflow::is_in_corpus(&thesis.state, settings.corpus_join);
        if let (true, Some(version)) = (in_corpus, thesis.state.current_version()) {
            let id = thesis_document_id(thesis.id, version);
            if !in_index.contains(&id) && !pending.contains(&thesis.id) {
                problems
                    .push(format!("thesis {} is in the corpus by the store, not in the index", thesis.id));
            }
            expected.insert(id);
        }
    }
    for id in in_index.iter().filter(|id| id.starts_with("thesis-")) {
        let thesis: Option<u64> =
            id.strip_prefix("thesis-").and_then(|rest| rest.split('-').next()?.parse().ok());
        if !expected.contains(id) && !thesis.is_some_and(|thesis| pending.contains(&thesis)) {
            problems.push(format!("{id} is in the index but not in the corpus by the store"));
        }
    }
    let verified = Verified {
        versions: acknowledged.versions.len(),
        decisions: acknowledged.decisions.len(),
        corpus_documents: acknowledged.corpus_documents.len(),
    };
    Ok((problems, verified))
}

/// The processes with a file under `dir` open (from /proc), for the report of a store that
/// stays locked after the server was killed.
fn processes_holding(dir: &Path) -> Vec<String> {
    let mut holders = Vec::new();
    let Ok(processes) = std::fs::read_dir("/proc") else { return holders };
    for process in processes.flatten() {
        let Ok(fds) = std::fs::read_dir(process.path().join("fd")) else { continue };
        let holds =
            fds.flatten().any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target.starts_with(dir)));
        if holds {
            let command = std::fs::read(process.path().join("cmdline")).unwrap_or_default();
            let command = String::from_utf8_lossy(&command).replace('\0', " ");
            holders.push(format!("{} {command}", process.file_name().to_string_lossy()));
        }
    }
    holders
}
