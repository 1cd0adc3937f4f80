//! Appeals (issue #18): filed by the student within the window, the appeal commission's
//! meeting, its decision, which closes the defense (`attestation::state::apply`). Each step is
//! one transaction with its audit entry on the thesis.

use super::notifications::notify_all;
use super::tx::{abort, id_key, TreeName};
use super::{
    Actor, Appeal, AuditAction, AuditTarget, Commission, NotificationKind, Store, StoreError, ThesisId,
    UserId,
};
use crate::attestation::date::Date;
use crate::attestation::grading::Grade;
use crate::attestation::state::DefenseEvent;
use crate::attestation::AttestationError;

impl Store {
    /// Records a student's appeal; the defense's state machine checks the window.
    pub fn file_appeal(&self, appeal: &Appeal, now: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            let actor = Actor::User(appeal.student);
            let event = DefenseEvent::AppealFiled { on: appeal.filed_on };
            tx.defense_event(appeal.thesis, appeal.commission, &event, actor, now)?;
            tx.put(TreeName::Appeals, &id_key(appeal.thesis), appeal)?;
            let hearing: Commission =
                tx.get_record(TreeName::Commissions, "commission", appeal.appeal_commission)?;
            let kind = NotificationKind::AppealFiled { thesis: appeal.thesis };
            notify_all(tx, &hearing.people(), &kind, now)?;
            let details = serde_json::json!({
                "appeal_commission": appeal.appeal_commission,
                "filed_on": appeal.filed_on,
                "reason": appeal.reason,
            });
            tx.audit(now, actor, AuditAction::AppealFiled, AuditTarget::Thesis(appeal.thesis), details)?;
            Ok(())
        })
    }

    /// The appeal commission met on the appeal on `on`.
    pub fn record_appeal_meeting(
        &self,
        thesis: ThesisId,
        on: Date,
        by: UserId,
        now: i64,
    ) -> Result<Appeal, StoreError> {
        self.write(|tx| {
            let mut appeal: Appeal = tx.get_record(TreeName::Appeals, "appeal", thesis)?;
            if appeal.met_on.is_some() {
                return abort(AttestationError::StepAlreadyDone);
            }
            appeal.met_on = Some(on);
            tx.put(TreeName::Appeals, &id_key(thesis), &appeal)?;
            let details = serde_json::json!({ "met_on": on });
            tx.audit(now, Actor::User(by), AuditAction::AppealMeeting, AuditTarget::Thesis(thesis), details)?;
            Ok(appeal)
        })
    }

    /// The appeal commission's decision on `on` (its meeting day too, when no meeting was
    /// recorded before): the grade kept or changed; the defense closes.
    pub fn decide_appeal(
        &self,
        thesis: ThesisId,
        changed_grade: Option<Grade>,
        on: Date,
        by: UserId,
        now: i64,
    ) -> Result<Appeal, StoreError> {
        self.write(|tx| {
            let mut appeal: Appeal = tx.get_record(TreeName::Appeals, "appeal", thesis)?;
            let event = DefenseEvent::AppealDecided { changed_grade };
            let closed = tx.defense_event(thesis, appeal.commission, &event, Actor::User(by), now)?;
            appeal.met_on = appeal.met_on.or(Some(on));
            appeal.decided_on = Some(on);
            appeal.changed_grade = changed_grade;
            appeal.decided_by = Some(by);
            tx.put(TreeName::Appeals, &id_key(thesis), &appeal)?;
            tx.notify(appeal.student, NotificationKind::AppealDecided { thesis }, now)?;
            let details = serde_json::json!({ "changed_grade": changed_grade, "decided_on": on, "state_after": closed.state });
            tx.audit(now, Actor::User(by), AuditAction::AppealDecided, AuditTarget::Thesis(thesis), details)?;
            Ok(appeal)
        })
    }

    /// The appeal against a thesis's result, if one was filed.
    pub fn appeal_of(&self, thesis: ThesisId) -> Result<Option<Appeal>, StoreError> {
        self.read(TreeName::Appeals, thesis)
    }

    /// Every appeal.
    pub fn appeals(&self) -> Result<Vec<Appeal>, StoreError> {
        self.read_all(TreeName::Appeals)
    }
}
