//! The grading of defenses (issue #18): the defense held, each member's mark once, the degree
//! vote, the technical secretary's confirmation (the final grade, through
//! `attestation::state::apply`), the publication of a commission's results with the appeal
//! deadline, and their closing once the window has passed without an appeal. Each step is one
//! transaction with its audit entry on the thesis (or, for the publication, on the commission);
//! the publication tells each student in the same transaction.

use super::notifications::notify_all;
use super::tx::{abort, id_key, TreeName, Tx, TxResult};
use super::{
    Actor, AuditAction, AuditTarget, Commission, CommissionId, Defense, Grading, NotificationKind,
    RecordedVote, Store, StoreError, ThesisId, UserId,
};
use crate::attestation::date::Date;
use crate::attestation::grading::GradeSheet;
use crate::attestation::state::{DefenseEvent, DefenseState};
use crate::attestation::AttestationError;

impl Tx<'_> {
    /// The defense of `thesis` before `commission`, which must be `defended` (held, not yet
    /// graded).
    fn defended(&self, thesis: ThesisId, commission: CommissionId) -> TxResult<Defense> {
        let defense: Option<Defense> = self.get(TreeName::Defenses, &id_key(thesis))?;
        match defense {
            Some(defense) if defense.commission == commission => match defense.state {
                DefenseState::Defended => Ok(defense),
                DefenseState::Admitted | DefenseState::Scheduled { .. } => {
                    abort(AttestationError::NotDefended)
                }
                _ => abort(AttestationError::StepAlreadyDone),
            },
            _ => abort(StoreError::NotFound { kind: "defense", id: thesis }),
        }
    }

    fn grading(&self, thesis: ThesisId, commission: CommissionId, student: UserId) -> TxResult<Grading> {
        let stored: Option<Grading> = self.get(TreeName::Gradings, &id_key(thesis))?;
        Ok(stored.unwrap_or(Grading {
            thesis,
            commission,
            sheet: GradeSheet::new(student),
            vote: None,
            confirmed: None,
        }))
    }
}

impl Store {
    /// The technical secretary records that a scheduled defense took place.
    pub fn mark_defended(
        &self,
        thesis: ThesisId,
        commission: CommissionId,
        actor: Actor,
        now: i64,
    ) -> Result<Defense, StoreError> {
        self.write(|tx| tx.defense_event(thesis, commission, &DefenseEvent::Defended, actor, now))
    }

    /// A member's mark for a held defense; `graders` are the commission's grading members.
    pub fn record_mark(
        &self,
        thesis: ThesisId,
        commission: CommissionId,
        member: UserId,
        percent: u8,
        graders: &[UserId],
        now: i64,
    ) -> Result<Grading, StoreError> {
        self.write(|tx| {
            let defense = tx.defended(thesis, commission)?;
            let mut grading = tx.grading(thesis, commission, defense.student)?;
            if let Err(refusal) = grading.sheet.record(member, percent, graders) {
                return abort(refusal);
            }
            tx.put(TreeName::Gradings, &id_key(thesis), &grading)?;
            let details =
                serde_json::json!({ "commission": commission, "member": member, "percent": percent });
            tx.audit(
                now,
                Actor::User(member),
                AuditAction::MarkRecorded,
                AuditTarget::Thesis(thesis),
                details,
            )?;
            Ok(grading)
        })
    }

    /// The degree vote of a held defense, once.
    pub fn record_vote(
        &self,
        thesis: ThesisId,
        commission: CommissionId,
        vote: &RecordedVote,
        now: i64,
    ) -> Result<Grading, StoreError> {
        self.write(|tx| {
            let defense = tx.defended(thesis, commission)?;
            let mut grading = tx.grading(thesis, commission, defense.student)?;
            if grading.vote.is_some() {
                return abort(AttestationError::StepAlreadyDone);
            }
            grading.vote = Some(vote.clone());
            tx.put(TreeName::Gradings, &id_key(thesis), &grading)?;
            let details = serde_json::json!({ "commission": commission, "vote": vote.vote, "present": vote.present, "totals": vote.totals });
            tx.audit(now, Actor::User(vote.recorded_by), AuditAction::VoteRecorded, AuditTarget::Thesis(thesis), details)?;
            Ok(grading)
        })
    }

    /// The technical secretary confirms the totals: the final grade (every grader's mark
    /// needed) and the vote's outcome become the defense's, `graded`.
    pub fn confirm_grading(
        &self,
        thesis: ThesisId,
        commission: CommissionId,
        graders: &[UserId],
        by: UserId,
        now: i64,
    ) -> Result<Defense, StoreError> {
        self.write(|tx| {
            let defense = tx.defended(thesis, commission)?;
            let mut grading = tx.grading(thesis, commission, defense.student)?;
            let grade = match grading.sheet.final_grade(graders) {
                Ok(grade) => grade,
                Err(refusal) => return abort(refusal),
            };
            let Some(vote) = &grading.vote else { return abort(AttestationError::NoVotesCast) };
            let event = DefenseEvent::Graded { grade, degree_awarded: vote.totals.degree_awarded };
            let after = tx.defense_event(thesis, commission, &event, Actor::User(by), now)?;
            grading.confirmed = Some((by, now));
            tx.put(TreeName::Gradings, &id_key(thesis), &grading)?;
            let sitting: Commission = tx.get_record(TreeName::Commissions, "commission", commission)?;
            notify_all(tx, &sitting.people(), &NotificationKind::ProtocolReady { commission, thesis }, now)?;
            Ok(after)
        })
    }

    /// Publishes the results of every graded defense of a commission on `on`, with the last day
    /// of the appeal window; answers the theses published.
    pub fn publish_results(
        &self,
        commission: CommissionId,
        theses: &[ThesisId],
        on: Date,
        appeal_deadline: Date,
        actor: Actor,
        now: i64,
    ) -> Result<Vec<ThesisId>, StoreError> {
        self.write(|tx| {
            let mut published = Vec::new();
            for &thesis in theses {
                let defense: Option<Defense> = tx.get(TreeName::Defenses, &id_key(thesis))?;
                let graded = defense.filter(|defense| matches!(defense.state, DefenseState::Graded { .. }));
                if let Some(student) = graded.map(|defense| defense.student) {
                    tx.notify(student, NotificationKind::ResultPublished { thesis }, now)?;
                    tx.defense_event(
                        thesis,
                        commission,
                        &DefenseEvent::Published { on, appeal_deadline },
                        actor,
                        now,
                    )?;
                    published.push(thesis);
                }
            }
            if published.is_empty() {
                return abort(AttestationError::NotGraded);
            }
            let details =
                serde_json::json!({ "theses": published, "on": on, "appeal_deadline": appeal_deadline });
            tx.audit(
                now,
                actor,
                AuditAction::ResultsPublished,
                AuditTarget::Commission(commission),
                details,
            )?;
            Ok(published)
        })
    }

    /// Closes every published defense of a commission whose appeal window ended before `on`
    /// (no appeal came); answers the theses closed. Refused while a window is still open and
    /// nothing could close.
    pub fn close_results(
        &self,
        commission: CommissionId,
        theses: &[ThesisId],
        on: Date,
        actor: Actor,
        now: i64,
    ) -> Result<Vec<ThesisId>, StoreError> {
        self.write(|tx| {
            let mut closed = Vec::new();
            let mut still_open = None;
            for &thesis in theses {
                let defense: Option<Defense> = tx.get(TreeName::Defenses, &id_key(thesis))?;
                let Some(DefenseState::Published { appeal_deadline, .. }) =
                    defense.map(|defense| defense.state)
                else {
                    continue;
                };
                if on > appeal_deadline {
                    tx.defense_event(thesis, commission, &DefenseEvent::Closed { on }, actor, now)?;
                    closed.push(thesis);
                } else {
                    still_open = Some(appeal_deadline);
                }
            }
            match (closed.is_empty(), still_open) {
                (true, Some(deadline)) => abort(AttestationError::AppealWindowStillOpen { deadline }),
                (true, None) => abort(AttestationError::NotPublished),
                (false, _) => Ok(closed),
            }
        })
    }

    /// The grading of a defense, once a mark or the vote is recorded.
    pub fn grading_of(&self, thesis: ThesisId) -> Result<Option<Grading>, StoreError> {
        self.read(TreeName::Gradings, thesis)
    }
}
