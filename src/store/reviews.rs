//! Checks (reports), decisions and exclusions: what the pipeline and the reviewers record about
//! a version. Each one moves the thesis through the workflow in the same transaction.

use super::notifications::notify_all;
use super::tx::{abort, id_key, pair_key, TreeName};
use super::{
    Actor, AuditAction, AuditTarget, Check, CheckId, Decision, DecisionKind, ExcludedItem, Exclusion,
    NewCheck, NotificationKind, Store, StoreError, ThesisId, UserId, Version, VersionId,
};
use crate::workflow::{ThesisState, WorkflowEvent};

/// The similarity figure a state carries, if any.
fn similarity_of(state: &ThesisState) -> Option<f64> {
    match *state {
        ThesisState::Checked { similarity_percent, .. }
        | ThesisState::Cleared { similarity_percent, .. }
        | ThesisState::Admitted { similarity_percent, .. } => Some(similarity_percent),
        _ => None,
    }
}

/// The meta key marking that `job` recorded a check of `version`.
fn job_check_key(job: u64, version: VersionId) -> String {
    format!("job-check/{job}/{version}")
}

impl Store {
    /// Records a finished check of a version and moves its thesis to `checked` (see
    /// `workflow::apply` for re-checks and superseded versions). Idempotent per (version, job):
    /// when the job already recorded a check of this version, that check is answered and
    /// nothing is written.
    pub fn record_check(&self, new_check: &NewCheck, now: i64) -> Result<Check, StoreError> {
        self.write(|tx| {
            let job_key = new_check.job.map(|job| job_check_key(job, new_check.version));
            if let Some(key) = &job_key {
                if let Some(existing) = tx.get::<CheckId>(TreeName::Meta, key.as_bytes())? {
                    return tx.get_record(TreeName::Checks, "check", existing);
                }
            }
            let version: Version = tx.get_record(TreeName::Versions, "version", new_check.version)?;
            let event = WorkflowEvent::CheckCompleted {
                version: version.id,
                similarity_percent: new_check.similarity,
            };
            let (before, after) = tx.transition(version.thesis, &event, now)?;
            let check = Check {
                id: tx.next_id("check")?,
                version: version.id,
                thesis: version.thesis,
                similarity: new_check.similarity,
                corpus_version: new_check.corpus_version,
                scheme_version: new_check.scheme_version,
                timings: new_check.timings,
                created_at: now,
                job: new_check.job,
                report_json: Vec::new(),
            };
            tx.put(TreeName::Checks, &id_key(check.id), &check)?;
            if let Some(key) = &job_key {
                tx.put(TreeName::Meta, key.as_bytes(), &check.id)?;
            }
            tx.put_raw(TreeName::Reports, &id_key(check.id), &new_check.report_json)?;
            tx.put_raw(TreeName::ChecksByVersion, &pair_key(version.id, check.id), &[])?;
            // The student and the supervisor hear of a new report; a rescan's reports are told
            // to the staff member who started it, once, when the rescan ends.
            let from_rescan = match new_check.job {
                Some(job) => matches!(
                    tx.get::<super::Job>(TreeName::Jobs, &id_key(job))?,
                    Some(super::Job { kind: super::JobKind::Rescan { .. }, .. })
                ),
                None => false,
            };
            if !from_rescan {
                let readers: Vec<UserId> = std::iter::once(after.student).chain(after.supervisor).collect();
                let kind = NotificationKind::ReportReady { thesis: version.thesis, version: version.id };
                notify_all(tx, &readers, &kind, now)?;
            }
            let details = serde_json::json!({
                "check": check.id,
                "version": version.id,
                "similarity": check.similarity,
                "corpus_version": check.corpus_version,
                "state_before": before.state,
                "state_after": after.state,
            });
            tx.audit(
                now,
                Actor::System,
                AuditAction::CheckRecorded,
                AuditTarget::Thesis(version.thesis),
                details,
            )?;
            Ok(Check { report_json: new_check.report_json.clone(), ..check })
        })
    }

    /// The check a job recorded for a version, if it did.
    pub fn check_of_job(&self, version: VersionId, job: u64) -> Result<Option<Check>, StoreError> {
        let key = job_check_key(job, version);
        match self.tree(TreeName::Meta).get(key.as_bytes())? {
            Some(bytes) => {
                let id: CheckId = super::tx::decode(TreeName::Meta, key.as_bytes(), &bytes)?;
                Ok(Some(self.check(id)?))
            }
            None => Ok(None),
        }
    }

    /// A check with its report bytes.
    pub fn check(&self, id: CheckId) -> Result<Check, StoreError> {
        let check: Check = self.read_record(TreeName::Checks, "check", id)?;
        let report_json = self.tree(TreeName::Reports).get(id_key(id))?.map(|bytes| bytes.to_vec());
        Ok(Check { report_json: report_json.unwrap_or_default(), ..check })
    }

    /// The checks of a version, oldest first, with their report bytes.
    pub fn checks_of(&self, version: VersionId) -> Result<Vec<Check>, StoreError> {
        let ids = self.index_ids(TreeName::ChecksByVersion, version)?;
        ids.into_iter().map(|id| self.check(id)).collect()
    }

    /// The newest check of a version, if it has one.
    pub fn latest_check(&self, version: VersionId) -> Result<Option<Check>, StoreError> {
        let ids = self.index_ids(TreeName::ChecksByVersion, version)?;
        ids.last().map(|&id| self.check(id)).transpose()
    }

    /// Records a decision on the current version of a thesis (clear, return, or admit) with its
    /// audit entry, in one transaction. The workflow may refuse it.
    pub fn decide(
        &self,
        thesis_id: ThesisId,
        kind: &DecisionKind,
        by: UserId,
        now: i64,
    ) -> Result<Decision, StoreError> {
        let action = match kind {
            DecisionKind::Cleared { .. } => AuditAction::ThesisCleared,
            DecisionKind::Returned { .. } => AuditAction::ThesisReturned,
            DecisionKind::Admitted => AuditAction::ThesisAdmitted,
        };
        self.write(|tx| {
            let event = match kind {
                DecisionKind::Cleared { justification } => {
                    WorkflowEvent::Cleared { justification: justification.clone() }
                }
                DecisionKind::Returned { reason } => WorkflowEvent::Returned { reason: reason.clone() },
                // The admission rule needs the defense documents on file, read in this transaction.
                DecisionKind::Admitted => {
                    WorkflowEvent::Admitted { documents: tx.documents_on_file(thesis_id)? }
                }
            };
            let (before, after) = tx.transition(thesis_id, &event, now)?;
            let Some(version) = before.state.current_version() else {
                return abort(StoreError::Invalid { reason: "the thesis has no version" });
            };
            let decision = Decision {
                id: tx.next_id("decision")?,
                thesis: thesis_id,
                version,
                kind: kind.clone(),
                similarity: similarity_of(&before.state),
                by,
                at: now,
            };
            tx.put(TreeName::Decisions, &id_key(decision.id), &decision)?;
            tx.put_raw(TreeName::DecisionsByThesis, &pair_key(thesis_id, decision.id), &[])?;
            let told = match kind {
                DecisionKind::Cleared { .. } => Some(NotificationKind::ThesisCleared { thesis: thesis_id }),
                DecisionKind::Returned { .. } => Some(NotificationKind::ThesisReturned { thesis: thesis_id }),
                DecisionKind::Admitted => None,
            };
            if let Some(told) = told {
                notify_all(tx, &[after.student], &told, now)?;
            }
            let details = serde_json::json!({
                "decision": decision.id,
                "version": version,
                "kind": decision.kind,
                "state_before": before.state,
                "state_after": after.state,
            });
            tx.audit(now, Actor::User(by), action, AuditTarget::Thesis(thesis_id), details)?;
            Ok(decision)
        })
    }

    pub fn decision(&self, id: u64) -> Result<Decision, StoreError> {
        self.read_record(TreeName::Decisions, "decision", id)
    }

    /// The decisions on a thesis, oldest first.
    pub fn decisions_of(&self, thesis: ThesisId) -> Result<Vec<Decision>, StoreError> {
        let ids = self.index_ids(TreeName::DecisionsByThesis, thesis)?;
        ids.into_iter().map(|id| self.decision(id)).collect()
    }

    /// Records that a reviewer excluded a source or passage from a check's report.
    pub fn record_exclusion(
        &self,
        check_id: CheckId,
        item: &ExcludedItem,
        reason: &str,
        by: UserId,
        now: i64,
    ) -> Result<Exclusion, StoreError> {
        if let ExcludedItem::Passage { start, end } | ExcludedItem::PassageRestored { start, end } = item {
            if start >= end {
                return Err(StoreError::Invalid { reason: "an excluded passage must not be empty" });
            }
        }
        self.write(|tx| {
            let check: Check = tx.get_record(TreeName::Checks, "check", check_id)?;
            let thesis: super::Thesis = tx.get_record(TreeName::Theses, "thesis", check.thesis)?;
            if thesis.state.current_version() != Some(check.version) {
                return abort(StoreError::Invalid { reason: "only the current version's report can change" });
            }
            if matches!(thesis.state, ThesisState::Admitted { .. }) {
                return abort(crate::workflow::WorkflowError::AlreadyAdmitted);
            }
            let exclusion = Exclusion {
                id: tx.next_id("exclusion")?,
                check: check_id,
                thesis: check.thesis,
                item: item.clone(),
                reason: reason.trim().to_string(),
                by,
                at: now,
            };
            tx.put(TreeName::Exclusions, &id_key(exclusion.id), &exclusion)?;
            tx.put_raw(TreeName::ExclusionsByCheck, &pair_key(check_id, exclusion.id), &[])?;
            let details = serde_json::json!({
                "exclusion": exclusion.id,
                "thesis": exclusion.thesis,
                "check": check_id,
                "item": exclusion.item,
                "reason": exclusion.reason,
            });
            tx.audit(
                now,
                Actor::User(by),
                AuditAction::PassageExcluded,
                AuditTarget::Check(check_id),
                details,
            )?;
            Ok(exclusion)
        })
    }

    /// The exclusions recorded on a check, oldest first.
    pub fn exclusions_of(&self, check: CheckId) -> Result<Vec<Exclusion>, StoreError> {
        let ids = self.index_ids(TreeName::ExclusionsByCheck, check)?;
        ids.into_iter().map(|id| self.read_record(TreeName::Exclusions, "exclusion", id)).collect()
    }

    /// Records a comment from a reviewer to the student on a thesis. The comment lives in the
    /// audit log (one entry, `CommentAdded`, with the text, the version it was written on and
    /// the thesis), so it is part of the thesis's history and of every backup; the thesis
    /// must exist.
    pub fn add_comment(
        &self,
        thesis_id: ThesisId,
        text: &str,
        by: UserId,
        now: i64,
    ) -> Result<u64, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid { reason: "a comment must not be empty" });
        }
        self.write(|tx| {
            let thesis: super::Thesis = tx.get_record(TreeName::Theses, "thesis", thesis_id)?;
            let details = serde_json::json!({
                "thesis": thesis_id,
                "version": thesis.state.current_version(),
                "text": text,
            });
            tx.audit(now, Actor::User(by), AuditAction::CommentAdded, AuditTarget::Thesis(thesis_id), details)
        })
    }
}
