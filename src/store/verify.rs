//! Self-checks of the stored records, for crash tests and backups: the audit log has no gaps and
//! agrees with the versions, checks and decisions; every thesis's current version is its last;
//! a decided thesis's last decision matches its state; no job recorded two checks of a version;
//! and the attestation's records agree with each other (`verify_attestation.rs`).

use super::{AuditAction, Store, StoreError, ThesisScope};
use crate::workflow::ThesisState;
use std::collections::BTreeSet;

/// What [`Store::consistency_problems`] counted, for reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordCounts {
    pub users: usize,
    pub theses: usize,
    pub versions: usize,
    pub checks: usize,
    pub decisions: usize,
    pub audit_entries: usize,
}

impl Store {
    /// Every broken rule found (empty when the records are consistent) and the record counts.
    pub fn consistency_problems(&self) -> Result<(Vec<String>, RecordCounts), StoreError> {
        let mut problems = Vec::new();
        let entries = self.audit_log(1, usize::MAX)?;
        for (position, entry) in entries.iter().enumerate() {
            if entry.seq != position as u64 + 1 {
                problems.push(format!("audit entry {} found where {} belongs", entry.seq, position + 1));
                break;
            }
        }
        let (mut audited_versions, mut audited_checks, mut audited_decisions) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for entry in &entries {
            let id = |field: &str| entry.details[field].as_u64();
            let set = match entry.action {
                AuditAction::VersionUploaded => &mut audited_versions,
                AuditAction::CheckRecorded => &mut audited_checks,
                AuditAction::ThesisCleared | AuditAction::ThesisReturned | AuditAction::ThesisAdmitted => {
                    &mut audited_decisions
                }
                _ => continue,
            };
            let field = match entry.action {
                AuditAction::VersionUploaded => "version",
                AuditAction::CheckRecorded => "check",
                _ => "decision",
            };
            match id(field) {
                Some(id) if set.insert(id) => {}
                Some(id) => problems.push(format!("{field} {id} audited twice")),
                None => problems.push(format!("audit entry {} names no {field}", entry.seq)),
            }
        }
        let theses = self.list_theses(&ThesisScope::All)?;
        let (mut versions, mut checks, mut decisions) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for thesis in &theses {
            let thesis_versions = self.versions_of(thesis.id)?;
            if thesis.state.current_version() != thesis_versions.last().map(|version| version.id) {
                problems.push(format!("thesis {}: current version is not the last one", thesis.id));
            }
            for version in &thesis_versions {
                versions.insert(version.id);
                let mut jobs = BTreeSet::new();
                for check in self.checks_of(version.id)? {
                    checks.insert(check.id);
                    if let Some(job) = check.job {
                        if !jobs.insert(job) {
                            problems.push(format!("job {job} recorded two checks of version {}", version.id));
                        }
                    }
                }
            }
            let thesis_decisions = self.decisions_of(thesis.id)?;
            decisions.extend(thesis_decisions.iter().map(|decision| decision.id));
            let expected = match thesis.state {
                ThesisState::Cleared { .. } => Some("cleared"),
                ThesisState::Returned { .. } => Some("returned"),
                ThesisState::Admitted { .. } => Some("admitted"),
                _ => None,
            };
            if let Some(expected) = expected {
                let last = thesis_decisions.last().map(|decision| {
                    serde_json::to_value(&decision.kind).unwrap_or_default()["kind"]
                        .as_str()
                        .unwrap_or("")
                        .to_string()
                });
                if last.as_deref() != Some(expected) {
                    problems.push(format!(
                        "thesis {} is {expected} but its last decision is {last:?}",
                        thesis.id
                    ));
                }
            }
        }
        if audited_versions != versions {
            problems.push(format!(
                "audit names {} versions, the store has {}",
                audited_versions.len(),
                versions.len()
            ));
        }
        if audited_checks != checks {
            problems.push(format!(
                "audit names {} checks, the store has {}",
                audited_checks.len(),
                checks.len()
            ));
        }
        if audited_decisions != decisions {
            problems.push(format!(
                "audit names {} decisions, the store has {}",
                audited_decisions.len(),
                decisions.len()
            ));
        }
        problems.extend(self.attestation_problems()?);
        let counts = RecordCounts {
            users: self.users()?.len(),
            theses: theses.len(),
            versions: versions.len(),
            checks: checks.len(),
            decisions: decisions.len(),
            audit_entries: entries.len(),
        };
        Ok((problems, counts))
    }
}
