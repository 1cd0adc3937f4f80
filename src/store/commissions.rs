//! The attestation's commissions: creating one and assigning its seats, each with its audit
//! entry in one transaction. The composition rules are checked here, inside that transaction,
//! so that two staff members assigning seats at once cannot together break them: the shape
//! ([`Composition::check_shape`]), who may sit at all (an active account that is not a
//! student), and §65 both ways — an appeal commission's members against its attestation
//! commission (`attestation::appeals::check_appeal_commission`), and an attestation
//! commission's people against the appeal commissions already formed for it.

use super::tx::{abort, id_key, TreeName, Tx, TxResult};
use super::{
    Actor, AuditAction, AuditTarget, ChairRecommendations, Commission, CommissionError, CommissionId,
    CommissionKind, Composition, NewCommission, Role, Store, StoreError, User, UserId,
};
use crate::attestation::appeals::{check_appeal_commission, AppealCommissionMember};
use crate::attestation::AttestationError;

impl Tx<'_> {
    /// The user behind a seat, who must be an active account that is not a student.
    fn eligible_person(&self, person: UserId) -> TxResult<User> {
        let user: User = self.get_record(TreeName::Users, "user", person)?;
        if !user.active || user.role == Role::Student {
            return abort(CommissionError::NotEligible { person });
        }
        Ok(user)
    }

    /// Checks a composition of `commission` against every rule of the module docs.
    fn check_composition(&self, commission: &Commission, composition: &Composition) -> TxResult<()> {
        if !composition.fits(commission.kind) {
            return abort(CommissionError::WrongKind);
        }
        if let Err(error) = composition.check_shape() {
            return abort(error);
        }
        let mut users = Vec::new();
        for person in composition.people() {
            users.push(self.eligible_person(person)?);
        }
        match (commission.kind, composition) {
            (CommissionKind::Appeal { attestation_commission }, Composition::Appeal { members }) => {
                let attestation: Commission =
                    self.get_record(TreeName::Commissions, "commission", attestation_commission)?;
                let candidates: Vec<AppealCommissionMember> = members
                    .iter()
                    .zip(&users)
                    .map(|(seat, user)| AppealCommissionMember {
                        person: seat.user,
                        is_administrator: seat.is_administrator || user.role == Role::Admin,
                    })
                    .collect();
                if let Err(error) = check_appeal_commission(&candidates, &attestation.people()) {
                    return abort(error);
                }
            }
            _ => {
                for &appeal_id in &commission.appeal_commissions {
                    let appeal: Commission =
                        self.get_record(TreeName::Commissions, "commission", appeal_id)?;
                    let appeal_people = appeal.people();
                    if let Some(&person) =
                        composition.people().iter().find(|person| appeal_people.contains(person))
                    {
                        return abort(AttestationError::AppealMemberOnAttestationCommission { person });
                    }
                }
            }
        }
        Ok(())
    }
}

impl Store {
    /// Creates a commission without seats. An appeal commission takes the faculty, programmes
    /// and year of its attestation commission and is listed on it.
    pub fn create_commission(
        &self,
        new_commission: &NewCommission,
        actor: Actor,
        now: i64,
    ) -> Result<Commission, StoreError> {
        if new_commission.kind == CommissionKind::Attestation && new_commission.programmes.is_empty() {
            return Err(CommissionError::NoProgrammes.into());
        }
        self.write(|tx| {
            let id = tx.next_id("commission")?;
            let mut commission = Commission {
                id,
                kind: new_commission.kind,
                name: new_commission.name.clone(),
                faculty: new_commission.faculty.clone(),
                programmes: new_commission.programmes.clone(),
                year: new_commission.year,
                composition: None,
                appeal_commissions: Vec::new(),
                recommendations: None,
                created_at: now,
                updated_at: now,
            };
            if let CommissionKind::Appeal { attestation_commission } = new_commission.kind {
                let mut attestation: Commission =
                    tx.get_record(TreeName::Commissions, "commission", attestation_commission)?;
                if attestation.kind != CommissionKind::Attestation {
                    return abort(CommissionError::AppealOfAppeal);
                }
                commission.faculty = attestation.faculty.clone();
                commission.programmes = attestation.programmes.clone();
                commission.year = attestation.year;
                attestation.appeal_commissions.push(id);
                attestation.updated_at = now;
                tx.put(TreeName::Commissions, &id_key(attestation.id), &attestation)?;
            }
            tx.put(TreeName::Commissions, &id_key(id), &commission)?;
            let details = serde_json::json!({
                "kind": commission.kind,
                "name": commission.name,
                "faculty": commission.faculty,
                "programmes": commission.programmes,
                "year": commission.year,
            });
            tx.audit(now, actor, AuditAction::CommissionCreated, AuditTarget::Commission(id), details)?;
            Ok(commission)
        })
    }

    /// Assigns every seat of a commission at once (replacing the previous composition), after
    /// the checks of the module docs.
    pub fn assign_seats(
        &self,
        id: CommissionId,
        composition: &Composition,
        actor: Actor,
        now: i64,
    ) -> Result<Commission, StoreError> {
        self.write(|tx| {
            let before: Commission = tx.get_record(TreeName::Commissions, "commission", id)?;
            tx.check_composition(&before, composition)?;
            let after =
                Commission { composition: Some(composition.clone()), updated_at: now, ..before.clone() };
            tx.put(TreeName::Commissions, &id_key(id), &after)?;
            let details = serde_json::json!({ "before": before.composition, "after": after.composition });
            tx.audit(now, actor, AuditAction::CommissionSeatsAssigned, AuditTarget::Commission(id), details)?;
            Ok(after)
        })
    }

    /// The commission with this id.
    pub fn commission(&self, id: CommissionId) -> Result<Commission, StoreError> {
        self.read_record(TreeName::Commissions, "commission", id)
    }

    /// The chair's conclusions and recommendations for the report on an attestation
    /// commission, replacing earlier ones (the audit keeps both).
    pub fn write_recommendations(
        &self,
        id: CommissionId,
        text: &str,
        by: UserId,
        now: i64,
    ) -> Result<Commission, StoreError> {
        self.write(|tx| {
            let mut commission: Commission = tx.get_record(TreeName::Commissions, "commission", id)?;
            if commission.kind != CommissionKind::Attestation {
                return abort(CommissionError::WrongKind);
            }
            let before = commission.recommendations.clone();
            let written = ChairRecommendations { text: text.to_string(), written_by: by, written_at: now };
            commission.recommendations = Some(written);
            commission.updated_at = now;
            tx.put(TreeName::Commissions, &id_key(id), &commission)?;
            let details = serde_json::json!({ "before": before, "after": commission.recommendations });
            tx.audit(
                now,
                Actor::User(by),
                AuditAction::ChairReportWritten,
                AuditTarget::Commission(id),
                details,
            )?;
            Ok(commission)
        })
    }

    /// Every commission, in creation order (an institution has a few dozen a year).
    pub fn commissions(&self) -> Result<Vec<Commission>, StoreError> {
        self.read_all(TreeName::Commissions)
    }
}
