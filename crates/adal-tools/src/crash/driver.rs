//! The client side of the crash run: random operations (theses, uploads, decisions,
//! admissions, corpus uploads, rescans) over HTTP, and the record of every one the server
//! acknowledged with a 2xx answer.

use super::sha256_hex;
use crate::cast::{unique_text, Cast, SplitMix};
use crate::http::{multipart, HttpClient, HttpResponse};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

/// What the server acknowledged with a 2xx answer.
#[derive(Debug, Default)]
pub struct Acknowledged {
    /// Thesis id → the student (index into `Cast::students`) who owns it.
    pub theses: BTreeMap<u64, usize>,
    /// Version id → (thesis id, SHA-256 of the uploaded bytes).
    pub versions: BTreeMap<u64, (u64, String)>,
    /// Decision id → (thesis id, kind).
    pub decisions: BTreeMap<u64, (u64, String)>,
    pub corpus_documents: BTreeSet<String>,
    pub rescans: Vec<u64>,
    pub operations: u64,
    pub failed_requests: u64,
}

pub struct Driver {
    pub client: HttpClient,
    pub cast: Cast,
    pub acknowledged: Arc<Mutex<Acknowledged>>,
    pub random: SplitMix,
    pub sequence: u64,
}

impl Driver {
    pub fn acknowledged(&self) -> std::sync::MutexGuard<'_, Acknowledged> {
        self.acknowledged.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One random operation; `Err` only when the server did not answer (it was killed).
    pub fn step(&mut self) -> anyhow::Result<()> {
        self.sequence += 1;
        let (rescan_running, theses) = {
            let acknowledged = self.acknowledged();
            (acknowledged.rescans.len(), acknowledged.theses.clone())
        };
        let choice = self.random.below(100);
        match choice {
            0..=9 => self.create_thesis(),
            10..=49 if !theses.is_empty() => self.upload(&theses),
            50..=69 if !theses.is_empty() => self.decide(&theses),
            70..=79 if !theses.is_empty() => self.admit(&theses),
            80..=89 => self.corpus_upload(),
            90..=99 => self.rescan_if_idle(rescan_running),
            _ => self.create_thesis(),
        }
    }

    fn record(&self, ok: bool) {
        let mut acknowledged = self.acknowledged();
        acknowledged.operations += u64::from(ok);
    }

    fn create_thesis(&mut self) -> anyhow::Result<()> {
        let student = self.random.below(self.cast.students.len() as u64) as usize;
        let body = serde_json::json!({ "title": format!("Crash thesis {}", self.sequence),
                                       "programme": "6B06", "language": "kk" });
        let response = self.client.post_json("/api/theses", Some(&self.cast.students[student]), &body)?;
        if response.is_success() {
            if let Some(id) = response.json()["id"].as_u64() {
                self.acknowledged().theses.insert(id, student);
            }
        }
        self.record(response.is_success());
        Ok(())
    }

    fn pick(&mut self, theses: &BTreeMap<u64, usize>) -> (u64, usize) {
        let position = self.random.below(theses.len() as u64) as usize;
        theses.iter().nth(position).map(|(&id, &student)| (id, student)).unwrap_or_default()
    }

    fn upload(&mut self, theses: &BTreeMap<u64, usize>) -> anyhow::Result<()> {
        let (thesis, student) = self.pick(theses);
        let text =
            unique_text(&mut self.random, &format!("Нұсқа {} / version {}", thesis, self.sequence), 300);
        let bytes = text.into_bytes();
        let (content_type, body) = multipart("thesis.txt", &bytes, &[]);
        let path = format!("/api/theses/{thesis}/versions");
        let response = self.client.request(
            "POST",
            &path,
            Some(&self.cast.students[student]),
            Some((&content_type, &body)),
        )?;
        if response.is_success() {
            if let Some(version) = response.json()["version"].as_u64() {
                self.acknowledged().versions.insert(version, (thesis, sha256_hex(&bytes)));
            }
        }
        self.record(response.is_success());
        Ok(())
    }

    fn thesis_state(&self, thesis: u64) -> anyhow::Result<String> {
        let response = self.client.get(&format!("/api/theses/{thesis}"), Some(&self.cast.supervisor))?;
        Ok(response.json()["state"]["state"].as_str().unwrap_or_default().to_string())
    }

    fn decide(&mut self, theses: &BTreeMap<u64, usize>) -> anyhow::Result<()> {
        let (thesis, _) = self.pick(theses);
        if self.thesis_state(thesis)? != "checked" {
            return Ok(());
        }
        let (kind, body) = if self.random.below(2) == 0 {
            ("returned", serde_json::json!({ "decision": "return", "reason": "Дереккөздерді көрсетіңіз." }))
        } else {
            ("cleared", serde_json::json!({ "decision": "clear", "justification": "Сілтемелер дұрыс." }))
        };
        let path = format!("/api/theses/{thesis}/decision");
        let response = self.client.post_json(&path, Some(&self.cast.supervisor), &body)?;
        self.acknowledge_decision(&response, thesis, kind);
        Ok(())
    }

    fn admit(&mut self, theses: &BTreeMap<u64, usize>) -> anyhow::Result<()> {
        let (thesis, _) = self.pick(theses);
        if self.thesis_state(thesis)? != "cleared" {
            return Ok(());
        }
        // Admission needs the supervisor's feedback and the external review on file.
        let documents = [
            ("feedback", &self.cast.supervisor, vec![]),
            ("review", &self.cast.admin, vec![("reviewer_name", "Рецензент")]),
        ];
        for (kind, caller, fields) in documents {
            let (content_type, body) = multipart(&format!("{kind}.txt"), kind.as_bytes(), &fields);
            let path = format!("/api/theses/{thesis}/documents/{kind}");
            let response = self.client.request("POST", &path, Some(caller), Some((&content_type, &body)))?;
            self.record(response.is_success());
        }
        let path = format!("/api/theses/{thesis}/admit");
        let response = self.client.request("POST", &path, Some(&self.cast.admin), None)?;
        self.acknowledge_decision(&response, thesis, "admitted");
        Ok(())
    }

    fn acknowledge_decision(&self, response: &HttpResponse, thesis: u64, kind: &str) {
        if response.is_success() {
            if let Some(id) = response.json()["decision"]["id"].as_u64() {
                self.acknowledged().decisions.insert(id, (thesis, kind.to_string()));
            }
        }
        self.record(response.is_success());
    }

    fn corpus_upload(&mut self) -> anyhow::Result<()> {
        let id = format!("crash-doc-{}-{}", self.random.next_u64() % 1_000_000, self.sequence);
        let text = unique_text(&mut self.random, &format!("Corpus document {id}"), 400);
        let (content_type, body) = multipart("source.txt", text.as_bytes(), &[("id", &id), ("year", "2024")]);
        let response = self.client.request(
            "POST",
            "/api/corpus",
            Some(&self.cast.admin),
            Some((&content_type, &body)),
        )?;
        if response.is_success() {
            self.acknowledged().corpus_documents.insert(id);
        }
        self.record(response.is_success());
        Ok(())
    }

    /// Starts a bulk rescan of every thesis when none is running.
    fn rescan_if_idle(&mut self, rescans: usize) -> anyhow::Result<()> {
        if rescans > 0 {
            let last = self.acknowledged().rescans.last().copied().unwrap_or_default();
            let response = self.client.get(&format!("/api/jobs/{last}"), Some(&self.cast.admin))?;
            let state = response.json()["state"].as_str().unwrap_or_default().to_string();
            if state != "done" && state != "failed" {
                return Ok(());
            }
        }
        let body = serde_json::json!({ "selection": "all" });
        let response = self.client.post_json("/api/rescans", Some(&self.cast.admin), &body)?;
        if response.is_success() {
            if let Some(job) = response.json()["id"].as_u64() {
                self.acknowledged().rescans.push(job);
            }
        }
        self.record(response.is_success());
        Ok(())
    }
}
