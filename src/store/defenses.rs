//! Commission schedules and the students' defenses (issue #18). A defense's state changes only
//! here, through `attestation::state::apply`, in the transaction that records the change and
//! its audit entry (`DefenseStateChanged`, on the thesis), like a thesis's through the workflow.
//!
//! The schedule's arithmetic (slots, sittings, working days, other commissions' slots as busy
//! times) is `attestation::schedule`'s; the application layer computes a schedule and the store
//! records it, checking what the records decide: a schedule per commission, a commission with
//! its seats, admitted theses only, a thesis on one commission's schedule only, nobody in two
//! places at once (checked again against the other schedules as the transaction reads them). Publishing the
//! schedule, and moving a published defense, notify the people concerned in the same transaction.

use super::notifications::notify_all;
use super::tx::{abort, id_key, TreeName, Tx, TxResult};
use super::{
    Actor, AuditAction, AuditTarget, Commission, CommissionId, CommissionKind, CommissionSchedule, Defense,
    NotificationKind, Store, StoreError, TechnicalFailureAct, Thesis, ThesisId, UserId,
};
use crate::attestation::schedule::{busy_times_of, first_clash, RescheduleReason, Schedule};
use crate::attestation::state::{self, DefenseEvent, DefenseState};
use crate::attestation::AttestationError;
use crate::workflow::ThesisState;

impl Tx<'_> {
    /// Applies a defense event to a thesis's defense (a new one starts `admitted`), writes it and
    /// its audit entry.
    pub(crate) fn defense_event(
        &self,
        thesis: ThesisId,
        commission: CommissionId,
        event: &DefenseEvent,
        actor: Actor,
        now: i64,
    ) -> TxResult<Defense> {
        let stored: Option<Defense> = self.get(TreeName::Defenses, &id_key(thesis))?;
        let before = match stored {
            Some(defense) if defense.commission != commission => {
                return abort(AttestationError::AlreadyScheduled);
            }
            Some(defense) => defense,
            None => {
                let record: Thesis = self.get_record(TreeName::Theses, "thesis", thesis)?;
                if !matches!(record.state, ThesisState::Admitted { .. }) {
                    return abort(crate::workflow::WorkflowError::NotCleared);
                }
                Defense {
                    thesis,
                    student: record.student,
                    commission,
                    state: DefenseState::Admitted,
                    updated_at: now,
                }
            }
        };
        let after_state = match state::apply(before.state, event) {
            Ok(after) => after,
            Err(refusal) => return abort(refusal),
        };
        let after = Defense { state: after_state, updated_at: now, ..before.clone() };
        self.put(TreeName::Defenses, &id_key(thesis), &after)?;
        let details = serde_json::json!({
            "commission": commission,
            "event": event,
            "state_before": before.state,
            "state_after": after.state,
        });
        self.audit(now, actor, AuditAction::DefenseStateChanged, AuditTarget::Thesis(thesis), details)?;
        Ok(after)
    }

    /// Numbers a technical-failure act, adds it to the schedule and sends it to everyone on the
    /// commission (§23).
    fn add_failure_act(
        &self,
        schedule: &mut CommissionSchedule,
        act: &TechnicalFailureAct,
        sitting: &Commission,
        now: i64,
    ) -> TxResult<u32> {
        let number = schedule.acts.len() as u32 + 1;
        schedule.acts.push(TechnicalFailureAct { number, ..act.clone() });
        let kind = NotificationKind::FailureActDrawn { commission: sitting.id, number };
        notify_all(self, &sitting.people(), &kind, now)?;
        Ok(number)
    }

    fn schedule_record(&self, commission: CommissionId) -> TxResult<CommissionSchedule> {
        self.get_record(TreeName::Schedules, "schedule", commission)
    }

    /// Refuses a schedule of `commission` that puts someone in two places at once, against every
    /// other commission's schedule as this transaction reads it. The application computed the
    /// schedule from busy times read before; another commission's schedule may have been built
    /// or moved since, and only here is the check free of that race. (sled's transactions cannot
    /// scan a tree, so the schedules are read by commission id, 1 to the last one given out.)
    fn check_nobody_in_two_places(&self, commission: &Commission, schedule: &Schedule) -> TxResult<()> {
        let mut busy = Vec::new();
        for other in 1..=self.last_id("commission")? {
            if other == commission.id {
                continue;
            }
            let Some(stored) = self.get::<CommissionSchedule>(TreeName::Schedules, &id_key(other))? else {
                continue;
            };
            let sitting: Commission = self.get_record(TreeName::Commissions, "commission", other)?;
            busy.extend(busy_times_of(&stored.schedule, &sitting.people()));
        }
        match first_clash(schedule, &commission.people(), &busy) {
            Some((person, date)) => abort(AttestationError::PersonInTwoPlaces { person, date }),
            None => Ok(()),
        }
    }
}

impl Store {
    /// Records a commission's first schedule and moves every scheduled thesis's defense to
    /// `scheduled`.
    pub fn put_new_schedule(
        &self,
        schedule: &CommissionSchedule,
        actor: Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let commission: Commission =
                tx.get_record(TreeName::Commissions, "commission", schedule.commission)?;
            if commission.kind != CommissionKind::Attestation || commission.composition.is_none() {
                return abort(AttestationError::CommissionEmpty);
            }
            if tx.contains(TreeName::Schedules, &id_key(schedule.commission))? {
                return abort(AttestationError::AlreadyScheduled);
            }
            tx.check_nobody_in_two_places(&commission, &schedule.schedule)?;
            for slot in &schedule.schedule.slots {
                let Some(thesis) = schedule.thesis_of(slot.student) else {
                    return abort(StoreError::Invalid { reason: "a scheduled student has no thesis" });
                };
                tx.defense_event(thesis, schedule.commission, &DefenseEvent::Scheduled, actor, now)?;
            }
            tx.put(TreeName::Schedules, &id_key(schedule.commission), schedule)?;
            let details = serde_json::json!({ "plan": schedule.plan, "slots": schedule.schedule.slots });
            tx.audit(
                now,
                actor,
                AuditAction::ScheduleBuilt,
                AuditTarget::Commission(schedule.commission),
                details,
            )?;
            Ok(())
        })
    }

    /// Moves one student to the slot of `moved` (computed by `attestation::schedule::reschedule`)
    /// for `reason`, with the technical-failure act when there is one.
    #[allow(clippy::too_many_arguments)]
    pub fn reschedule_defense(
        &self,
        commission: CommissionId,
        student: UserId,
        reason: RescheduleReason,
        moved: &Schedule,
        act: Option<&TechnicalFailureAct>,
        actor: Actor,
        now: i64,
    ) -> Result<CommissionSchedule, StoreError> {
        self.write(|tx| {
            let before = tx.schedule_record(commission)?;
            let Some(thesis) = before.thesis_of(student) else {
                return abort(AttestationError::StudentNotScheduled { student });
            };
            let sitting: Commission = tx.get_record(TreeName::Commissions, "commission", commission)?;
            tx.check_nobody_in_two_places(&sitting, moved)?;
            if reason == RescheduleReason::ValidAbsence {
                let Actor::User(by) = actor else { return abort(AttestationError::NoAbsenceRequest) };
                tx.grant_absence_request(thesis, by, now)?;
            }
            tx.defense_event(thesis, commission, &DefenseEvent::Rescheduled { reason }, actor, now)?;
            let mut after = before.clone();
            after.schedule = moved.clone();
            if let Some(act) = act {
                tx.add_failure_act(&mut after, act, &sitting, now)?;
            }
            after.updated_at = now;
            tx.put(TreeName::Schedules, &id_key(commission), &after)?;
            if after.published_at.is_some() {
                let kind = NotificationKind::DefenseScheduled { commission, thesis, moved: true };
                tx.notify(student, kind, now)?;
            }
            let details = serde_json::json!({
                "student": student,
                "thesis": thesis,
                "reason": reason,
                "slot_before": before.schedule.slot_of(student),
                "slot_after": after.schedule.slot_of(student),
                "act": after.acts.last().filter(|_| act.is_some()),
            });
            tx.audit(
                now,
                actor,
                AuditAction::DefenseRescheduled,
                AuditTarget::Commission(commission),
                details,
            )?;
            Ok(after)
        })
    }

    /// Records a technical-failure act for a defense the commission decided to continue after
    /// the interruption (§31): the act is kept and sent, the defense keeps its time and state.
    pub fn record_continued_failure(
        &self,
        commission: CommissionId,
        act: &TechnicalFailureAct,
        actor: Actor,
        now: i64,
    ) -> Result<CommissionSchedule, StoreError> {
        self.write(|tx| {
            let mut schedule = tx.schedule_record(commission)?;
            let defense: Option<Defense> = tx.get(TreeName::Defenses, &id_key(act.thesis))?;
            let on_this_defense = schedule.thesis_of(act.student) == Some(act.thesis)
                && defense.is_some_and(|defense| matches!(defense.state, DefenseState::Scheduled { .. }));
            if !on_this_defense {
                return abort(AttestationError::StudentNotScheduled { student: act.student });
            }
            let sitting: Commission = tx.get_record(TreeName::Commissions, "commission", commission)?;
            let number = tx.add_failure_act(&mut schedule, act, &sitting, now)?;
            schedule.updated_at = now;
            tx.put(TreeName::Schedules, &id_key(commission), &schedule)?;
            let details =
                serde_json::json!({ "act": schedule.acts.last(), "number": number, "continued": true });
            tx.audit(
                now,
                actor,
                AuditAction::FailureActRecorded,
                AuditTarget::Commission(commission),
                details,
            )?;
            Ok(schedule)
        })
    }

    /// Publishes a commission's schedule to its students and members (again after a change).
    pub fn publish_schedule(
        &self,
        commission: CommissionId,
        actor: Actor,
        now: i64,
    ) -> Result<CommissionSchedule, StoreError> {
        self.write(|tx| {
            let before = tx.schedule_record(commission)?;
            let after = CommissionSchedule { published_at: Some(now), updated_at: now, ..before };
            tx.put(TreeName::Schedules, &id_key(commission), &after)?;
            for &(student, thesis) in &after.theses {
                let kind = NotificationKind::DefenseScheduled { commission, thesis, moved: false };
                tx.notify(student, kind, now)?;
            }
            let sitting: Commission = tx.get_record(TreeName::Commissions, "commission", commission)?;
            notify_all(tx, &sitting.people(), &NotificationKind::SittingsScheduled { commission }, now)?;
            let details = serde_json::json!({ "slots": after.schedule.slots.len() });
            tx.audit(
                now,
                actor,
                AuditAction::SchedulePublished,
                AuditTarget::Commission(commission),
                details,
            )?;
            Ok(after)
        })
    }

    /// The schedule of a commission, if it has one.
    pub fn schedule_of(&self, commission: CommissionId) -> Result<Option<CommissionSchedule>, StoreError> {
        self.read(TreeName::Schedules, commission)
    }

    /// Every commission's schedule.
    pub fn schedules(&self) -> Result<Vec<CommissionSchedule>, StoreError> {
        self.read_all(TreeName::Schedules)
    }

    /// The defense of a thesis, once it is on a commission's schedule.
    pub fn defense(&self, thesis: ThesisId) -> Result<Option<Defense>, StoreError> {
        self.read(TreeName::Defenses, thesis)
    }
}
