//! Theses and their versions, the one place where thesis states change, and the outbox of
//! corpus changes that the workflow calls for.

use super::tx::{abort, id_key, pair_key, TreeName, Tx, TxResult, SETTINGS_TREE_KEY};
use super::{
    Actor, AuditAction, AuditTarget, ExtractionOutcome, JobKind, NewThesis, NewVersion, Role, Store,
    StoreError, Thesis, ThesisId, User, UserId, Version, VersionId,
};
use crate::workflow::{self, CorpusEffect, Settings, ThesisState, WorkflowEvent};
use serde::{Deserialize, Serialize};

/// Which theses a listing covers; `auth::thesis_scope` gives the scope a user may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThesisScope {
    All,
    Faculty(String),
    /// The theses whose supervisor is this user.
    Supervisor(UserId),
    /// The theses of this student.
    Student(UserId),
    Nothing,
}

/// A corpus change waiting for the pipeline to apply it to the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusChange {
    pub seq: u64,
    pub thesis: ThesisId,
    pub effect: CorpusEffect,
    pub at: i64,
}

impl Tx<'_> {
    pub(crate) fn settings(&self) -> TxResult<Settings> {
        Ok(self.get(TreeName::Meta, SETTINGS_TREE_KEY)?.unwrap_or_default())
    }

    /// Moves a thesis through the workflow: applies the event, writes the thesis, and queues the
    /// corpus change the transition calls for. Returns the thesis as it was and as it is now.
    pub(crate) fn transition(
        &self,
        thesis_id: ThesisId,
        event: &WorkflowEvent,
        now: i64,
    ) -> TxResult<(Thesis, Thesis)> {
        let before: Thesis = self.get_record(TreeName::Theses, "thesis", thesis_id)?;
        let settings = self.settings()?;
        let state = match workflow::apply(before.state, event, &settings) {
            Ok(state) => state,
            Err(refusal) => return abort(refusal),
        };
        if let Some(effect) = workflow::corpus_effect(&before.state, &state, &settings) {
            let seq = self.next_id("corpus_change")?;
            let change = CorpusChange { seq, thesis: thesis_id, effect, at: now };
            self.put(TreeName::CorpusOutbox, &id_key(seq), &change)?;
        }
        let after = Thesis { state, updated_at: now, ..before.clone() };
        self.put(TreeName::Theses, &id_key(thesis_id), &after)?;
        Ok((before, after))
    }
}

impl Store {
    /// Creates a thesis in the draft state for a student. The supervisor and faculty default to
    /// the student's.
    pub fn create_thesis(
        &self,
        new_thesis: &NewThesis,
        actor: Actor,
        now: i64,
    ) -> Result<Thesis, StoreError> {
        self.write(|tx| {
            let student: User = tx.get_record(TreeName::Users, "user", new_thesis.student)?;
            if student.role != Role::Student {
                return abort(StoreError::Invalid { reason: "a thesis belongs to a student" });
            }
            let supervisor = new_thesis.supervisor.or(student.supervisor);
            if let Some(supervisor_id) = supervisor {
                let supervisor_user: User = tx.get_record(TreeName::Users, "user", supervisor_id)?;
                if supervisor_user.role != Role::Supervisor {
                    return abort(StoreError::Invalid {
                        reason: "the assigned supervisor is not a supervisor",
                    });
                }
            }
            let thesis = Thesis {
                id: tx.next_id("thesis")?,
                title: new_thesis.title.trim().to_string(),
                student: student.id,
                supervisor,
                faculty: new_thesis.faculty.clone().or(student.faculty.clone()).unwrap_or_default(),
                department: student.department.clone(),
                programme: new_thesis.programme.clone(),
                language: new_thesis.language,
                planned_defense: new_thesis.planned_defense,
                state: ThesisState::Draft,
                created_at: now,
                updated_at: now,
            };
            tx.put(TreeName::Theses, &id_key(thesis.id), &thesis)?;
            tx.put_raw(TreeName::ThesesByStudent, &pair_key(thesis.student, thesis.id), &[])?;
            if let Some(supervisor_id) = thesis.supervisor {
                tx.put_raw(TreeName::ThesesBySupervisor, &pair_key(supervisor_id, thesis.id), &[])?;
            }
            let details = serde_json::json!({ "title": thesis.title, "student": thesis.student });
            tx.audit(now, actor, AuditAction::ThesisCreated, AuditTarget::Thesis(thesis.id), details)?;
            Ok(thesis)
        })
    }

    pub fn thesis(&self, id: ThesisId) -> Result<Thesis, StoreError> {
        self.read_record(TreeName::Theses, "thesis", id)
    }

    /// The theses in a scope, in id order.
    pub fn list_theses(&self, scope: &ThesisScope) -> Result<Vec<Thesis>, StoreError> {
        let by_index = |index: TreeName, owner: UserId| -> Result<Vec<Thesis>, StoreError> {
            let ids = self.index_ids(index, owner)?;
            ids.into_iter().map(|id| self.thesis(id)).collect()
        };
        match scope {
            ThesisScope::All => self.read_all(TreeName::Theses),
            ThesisScope::Faculty(faculty) => {
                let all: Vec<Thesis> = self.read_all(TreeName::Theses)?;
                Ok(all.into_iter().filter(|thesis| &thesis.faculty == faculty).collect())
            }
            ThesisScope::Supervisor(supervisor) => by_index(TreeName::ThesesBySupervisor, *supervisor),
            ThesisScope::Student(student) => by_index(TreeName::ThesesByStudent, *student),
            ThesisScope::Nothing => Ok(Vec::new()),
        }
    }

    /// The theses of the defense admission list within a scope: cleared and admitted ones.
    pub fn admission_list(&self, scope: &ThesisScope) -> Result<Vec<Thesis>, StoreError> {
        let theses = self.list_theses(scope)?;
        Ok(theses.into_iter().filter(|thesis| thesis.state.is_on_admission_list()).collect())
    }

    /// Records an uploaded version (its file already in the [`FileStore`](super::FileStore)),
    /// moves the thesis to `submitted` and queues its check job, all in one transaction.
    /// Returns the version and the id of the check job.
    pub fn add_version(
        &self,
        thesis_id: ThesisId,
        new_version: &NewVersion,
        actor: Actor,
        now: i64,
    ) -> Result<(Version, super::JobId), StoreError> {
        self.write(|tx| {
            let version_id = tx.next_id("version")?;
            let number = tx.next_id(&format!("version_number/{thesis_id}"))?;
            let event = WorkflowEvent::VersionUploaded { version: version_id };
            let (before, after) = tx.transition(thesis_id, &event, now)?;
            let version = Version {
                id: version_id,
                thesis: thesis_id,
                number: u32::try_from(number).unwrap_or(u32::MAX),
                file_hash: new_version.file_hash.clone(),
                file_name: new_version.file_name.clone(),
                byte_len: new_version.byte_len,
                uploaded_by: actor,
                uploaded_at: now,
                extraction: ExtractionOutcome::Pending,
            };
            tx.put(TreeName::Versions, &id_key(version.id), &version)?;
            tx.put_raw(TreeName::VersionsByThesis, &pair_key(thesis_id, version.id), &[])?;
            let details = serde_json::json!({
                "version": version.id,
                "number": version.number,
                "file_name": version.file_name,
                "file_hash": version.file_hash,
                "state_before": before.state,
                "state_after": after.state,
            });
            tx.audit(now, actor, AuditAction::VersionUploaded, AuditTarget::Thesis(thesis_id), details)?;
            let job = tx.enqueue_job(JobKind::Check { version: version.id }, Vec::new(), actor, now)?;
            Ok((version, job))
        })
    }

    pub fn version(&self, id: VersionId) -> Result<Version, StoreError> {
        self.read_record(TreeName::Versions, "version", id)
    }

    /// The versions of a thesis, oldest first.
    pub fn versions_of(&self, thesis: ThesisId) -> Result<Vec<Version>, StoreError> {
        let ids = self.index_ids(TreeName::VersionsByThesis, thesis)?;
        ids.into_iter().map(|id| self.version(id)).collect()
    }

    /// Records how text extraction of a version went.
    pub fn set_extraction_outcome(
        &self,
        version_id: VersionId,
        outcome: &ExtractionOutcome,
        now: i64,
    ) -> Result<Version, StoreError> {
        self.write(|tx| {
            let before: Version = tx.get_record(TreeName::Versions, "version", version_id)?;
            let after = Version { extraction: outcome.clone(), ..before };
            tx.put(TreeName::Versions, &id_key(version_id), &after)?;
            let details = serde_json::json!({ "extraction": after.extraction });
            tx.audit(
                now,
                Actor::System,
                AuditAction::ExtractionRecorded,
                AuditTarget::Version(version_id),
                details,
            )?;
            Ok(after)
        })
    }

    /// The corpus changes the pipeline has not applied yet, oldest first.
    pub fn pending_corpus_changes(&self) -> Result<Vec<CorpusChange>, StoreError> {
        self.read_all(TreeName::CorpusOutbox)
    }

    /// Removes a corpus change from the outbox once the index has it.
    pub fn mark_corpus_change_applied(&self, seq: u64, now: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            let change: CorpusChange = tx.get_record(TreeName::CorpusOutbox, "corpus change", seq)?;
            tx.remove(TreeName::CorpusOutbox, &id_key(seq))?;
            let details = serde_json::json!({ "effect": change.effect });
            tx.audit(
                now,
                Actor::System,
                AuditAction::CorpusChangeApplied,
                AuditTarget::Thesis(change.thesis),
                details,
            )?;
            Ok(())
        })
    }

    /// The ids of the theses of one student (the student's own earlier versions are excluded
    /// from the corpus a version is checked against).
    pub fn thesis_ids_of_student(&self, student: UserId) -> Result<Vec<ThesisId>, StoreError> {
        self.index_ids(TreeName::ThesesByStudent, student)
    }
}
