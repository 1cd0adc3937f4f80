//! The append-only audit log: one entry for every state change, written in the same
//! transaction as the change, numbered 1, 2, 3, … without gaps.

use super::tx::{id_key, read_u64, TreeName, Tx, TxResult};
use super::{Store, StoreError};
use serde::{Deserialize, Serialize};

pub use crate::records::Actor;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    UserCreated,
    UserUpdated,
    ThesisCreated,
    VersionUploaded,
    ExtractionRecorded,
    CheckRecorded,
    ThesisCleared,
    ThesisReturned,
    ThesisAdmitted,
    PassageExcluded,
    JobQueued,
    JobFinished,
    JobFailed,
    JobRequeued,
    SettingsChanged,
    SessionStarted,
    SessionEnded,
    ApiTokenCreated,
    ApiTokenRevoked,
    CorpusChangeApplied,
    PasswordResetIssued,
    /// A supervisor's comment to the student on a thesis (the text is in the details).
    CommentAdded,
    /// A defense document (the supervisor's feedback, the external review) was uploaded.
    DefenseDocumentAdded,
    /// A student's defense changed state (`attestation::state`: scheduled, rescheduled, …).
    DefenseStateChanged,
    /// Staff built a commission's schedule.
    ScheduleBuilt,
    /// A defense moved for a valid absence or a technical failure (with the act).
    DefenseRescheduled,
    /// A student asked to defend on another day for a valid reason (§22), with a document.
    AbsenceRequested,
    /// The chair refused an absence request (a granted one is a `DefenseRescheduled`).
    AbsenceRefused,
    /// A technical-failure act for a defense that continued after the interruption (a moved
    /// defense's act is in its `DefenseRescheduled`).
    FailureActRecorded,
    /// A commission's schedule was published to its students and members.
    SchedulePublished,
    /// A commission member's mark for a defense.
    MarkRecorded,
    /// The technical secretary recorded the degree vote with its totals.
    VoteRecorded,
    /// A commission's results were published (with the appeal deadline).
    ResultsPublished,
    /// A student appealed against a published result.
    AppealFiled,
    /// The appeal commission met on an appeal.
    AppealMeeting,
    /// The appeal commission decided; the defense is closed.
    AppealDecided,
    /// The chair wrote the conclusions and recommendations of the report on the attestation.
    ChairReportWritten,
    /// Staff created an attestation or appeal commission.
    CommissionCreated,
    /// Staff assigned a commission's seats (the composition before and after in the details).
    CommissionSeatsAssigned,
}

/// What a change was made to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum AuditTarget {
    User(u64),
    Thesis(u64),
    Version(u64),
    Check(u64),
    Job(u64),
    ApiToken(u64),
    Settings,
    Commission(u64),
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// 1 for the first entry; every later entry is the previous plus one.
    pub seq: u64,
    pub at: i64,
    pub actor: Actor,
    pub action: AuditAction,
    pub target: AuditTarget,
    /// Free-form facts about the change (ids, states before and after, reasons).
    pub details: serde_json::Value,
}

impl Tx<'_> {
    /// Appends an audit entry inside the transaction of the change it records.
    pub(crate) fn audit(
        &self,
        at: i64,
        actor: Actor,
        action: AuditAction,
        target: AuditTarget,
        details: serde_json::Value,
    ) -> TxResult<u64> {
        let seq = self.next_id("audit")?;
        let entry = AuditEntry { seq, at, actor, action, target, details };
        self.put(TreeName::Audit, &id_key(seq), &entry)?;
        Ok(seq)
    }
}

impl Store {
    /// Up to `limit` audit entries starting at sequence number `from_seq`, oldest first.
    pub fn audit_log(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let mut entries = Vec::new();
        for item in self.tree(TreeName::Audit).range(id_key(from_seq)..).take(limit) {
            let (key, bytes) = item?;
            entries.push(super::tx::decode(TreeName::Audit, &key, &bytes)?);
        }
        Ok(entries)
    }

    /// The entries about one thesis (its own, its versions', its checks'), oldest first. It reads
    /// the whole log: a thesis page asks for it rarely, and the log has no per-thesis index.
    pub fn audit_of_thesis(&self, thesis: u64, versions: &[u64]) -> Result<Vec<AuditEntry>, StoreError> {
        let mut entries = Vec::new();
        for item in self.tree(TreeName::Audit).iter() {
            let (key, bytes) = item?;
            let entry: AuditEntry = super::tx::decode(TreeName::Audit, &key, &bytes)?;
            let about_it = match entry.target {
                AuditTarget::Thesis(id) => id == thesis,
                AuditTarget::Version(id) => versions.contains(&id),
                AuditTarget::Check(_) => {
                    entry.details["thesis"].as_u64() == Some(thesis)
                        || entry.details["version"]
                            .as_u64()
                            .is_some_and(|version| versions.contains(&version))
                }
                _ => false,
            };
            if about_it {
                entries.push(entry);
            }
        }
        Ok(entries)
    }

    /// The sequence number of the last audit entry (0 when the log is empty).
    pub fn last_audit_seq(&self) -> Result<u64, StoreError> {
        match self.tree(TreeName::Audit).last()? {
            Some((key, _)) => read_u64(TreeName::Audit, &key, 0),
            None => Ok(0),
        }
    }
}
