//! A student's request to defend on another day for a valid reason (§22): filed with its
//! supporting document while the defense is scheduled (the chair is told in the same
//! transaction), refused by the chair (the student is told), or granted by the move itself
//! (`Store::reschedule_defense` for a valid absence needs a waiting request and answers it).

use super::tx::{abort, id_key, TreeName, Tx, TxResult};
use super::{
    AbsenceAnswer, AbsenceRequest, Actor, AuditAction, AuditTarget, Commission, Composition, Defense,
    NotificationKind, Store, StoreError, ThesisId, UserId,
};
use crate::attestation::state::DefenseState;
use crate::attestation::AttestationError;

impl Tx<'_> {
    /// The request waiting for the chair's answer on `thesis`, if there is one.
    fn waiting_absence_request(&self, thesis: ThesisId) -> TxResult<Option<AbsenceRequest>> {
        let stored: Option<AbsenceRequest> = self.get(TreeName::AbsenceRequests, &id_key(thesis))?;
        Ok(stored.filter(|request| request.answer.is_none()))
    }

    /// Answers the waiting request on `thesis` as granted (the move that grants it is the
    /// caller's); refuses when none waits.
    pub(crate) fn grant_absence_request(&self, thesis: ThesisId, by: UserId, now: i64) -> TxResult<()> {
        let Some(mut request) = self.waiting_absence_request(thesis)? else {
            return abort(AttestationError::NoAbsenceRequest);
        };
        request.answer = Some(AbsenceAnswer { granted: true, by, at: now });
        self.put(TreeName::AbsenceRequests, &id_key(thesis), &request)
    }
}

impl Store {
    /// Records a student's absence request on their scheduled defense and tells the chair.
    pub fn file_absence_request(&self, request: &AbsenceRequest, now: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            let defense: Defense = tx.get_record(TreeName::Defenses, "defense", request.thesis)?;
            let is_scheduled = matches!(defense.state, DefenseState::Scheduled { .. });
            if !is_scheduled || defense.commission != request.commission || defense.student != request.student
            {
                return abort(AttestationError::NotScheduled);
            }
            if tx.waiting_absence_request(request.thesis)?.is_some() {
                return abort(AttestationError::AbsenceRequestPending);
            }
            tx.put(TreeName::AbsenceRequests, &id_key(request.thesis), request)?;
            let commission: Commission =
                tx.get_record(TreeName::Commissions, "commission", request.commission)?;
            if let Some(Composition::Attestation { chair, .. }) = commission.composition {
                let kind =
                    NotificationKind::AbsenceRequested { thesis: request.thesis, commission: commission.id };
                tx.notify(chair, kind, now)?;
            }
            let details = serde_json::json!({
                "commission": request.commission,
                "reason": request.reason,
                "file_name": request.file_name,
                "file_hash": request.file_hash,
            });
            let actor = Actor::User(request.student);
            tx.audit(
                now,
                actor,
                AuditAction::AbsenceRequested,
                AuditTarget::Thesis(request.thesis),
                details,
            )?;
            Ok(())
        })
    }

    /// The chair refuses the waiting absence request on `thesis`; the student is told.
    pub fn refuse_absence_request(
        &self,
        thesis: ThesisId,
        by: UserId,
        now: i64,
    ) -> Result<AbsenceRequest, StoreError> {
        self.write(|tx| {
            let Some(mut request) = tx.waiting_absence_request(thesis)? else {
                return abort(AttestationError::NoAbsenceRequest);
            };
            request.answer = Some(AbsenceAnswer { granted: false, by, at: now });
            tx.put(TreeName::AbsenceRequests, &id_key(thesis), &request)?;
            tx.notify(request.student, NotificationKind::AbsenceRefused { thesis }, now)?;
            let details = serde_json::json!({ "commission": request.commission });
            tx.audit(
                now,
                Actor::User(by),
                AuditAction::AbsenceRefused,
                AuditTarget::Thesis(thesis),
                details,
            )?;
            Ok(request)
        })
    }

    /// The latest absence request on a thesis, answered or not.
    pub fn absence_request(&self, thesis: ThesisId) -> Result<Option<AbsenceRequest>, StoreError> {
        self.read(TreeName::AbsenceRequests, thesis)
    }
}
