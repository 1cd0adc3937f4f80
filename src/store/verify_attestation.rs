//! Self-checks of the attestation's records (issue #18), part of
//! [`Store::consistency_problems`]: every schedule belongs to a seated attestation commission
//! and lists admitted theses of the students it gives a time, each with its defense before that
//! commission; every defense is on its commission's schedule; nobody is in two places at once
//! across the schedules; gradings, appeals and defense documents belong to theses (and appeals
//! to defenses that were appealed, heard by one of the commission's appeal commissions; absence
//! requests to their student's defense); an
//! appeal commission's attestation commission lists it.

use super::tx::TreeName;
use super::{
    AbsenceRequest, Appeal, Commission, CommissionKind, CommissionSchedule, Defense, DefenseDocument, Grading,
};
use super::{Store, StoreError};
use crate::attestation::schedule::{busy_times_of, first_clash};
use crate::attestation::state::DefenseState;
use crate::workflow::ThesisState;
use std::collections::BTreeMap;

impl Store {
    /// Every broken rule of the attestation's records (empty when they are consistent).
    pub(super) fn attestation_problems(&self) -> Result<Vec<String>, StoreError> {
        let commissions: BTreeMap<u64, Commission> =
            self.read_all::<Commission>(TreeName::Commissions)?.into_iter().map(|c| (c.id, c)).collect();
        let schedules: Vec<CommissionSchedule> = self.read_all(TreeName::Schedules)?;
        let defenses: BTreeMap<u64, Defense> =
            self.read_all::<Defense>(TreeName::Defenses)?.into_iter().map(|d| (d.thesis, d)).collect();
        let mut problems = Vec::new();
        for commission in commissions.values() {
            if let CommissionKind::Appeal { attestation_commission } = commission.kind {
                let lists_it = commissions
                    .get(&attestation_commission)
                    .is_some_and(|parent| parent.appeal_commissions.contains(&commission.id));
                if !lists_it {
                    problems.push(format!(
                        "appeal commission {} is not listed by commission {attestation_commission}",
                        commission.id
                    ));
                }
            }
        }
        for schedule in &schedules {
            problems.extend(self.schedule_problems(schedule, &commissions, &defenses)?);
        }
        problems.extend(double_bookings(&schedules, &commissions));
        for defense in defenses.values() {
            let on_schedule = schedules.iter().any(|schedule| {
                schedule.commission == defense.commission
                    && schedule.theses.iter().any(|&(_, thesis)| thesis == defense.thesis)
            });
            if !on_schedule {
                problems.push(format!(
                    "thesis {}: its defense is on no schedule of commission {}",
                    defense.thesis, defense.commission
                ));
            }
        }
        problems.extend(self.belonging_problems(&commissions, &defenses)?);
        Ok(problems)
    }

    /// A schedule's commission is a seated attestation commission; its theses are admitted,
    /// the students' own, each with a slot and a defense before this commission.
    fn schedule_problems(
        &self,
        schedule: &CommissionSchedule,
        commissions: &BTreeMap<u64, Commission>,
        defenses: &BTreeMap<u64, Defense>,
    ) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let id = schedule.commission;
        let seated = commissions.get(&id).is_some_and(|commission| {
            commission.kind == CommissionKind::Attestation && commission.composition.is_some()
        });
        if !seated {
            problems.push(format!("schedule of commission {id}: no seated attestation commission"));
        }
        for &(student, thesis_id) in &schedule.theses {
            let thesis = self.read::<super::Thesis>(TreeName::Theses, thesis_id)?;
            let is_admitted_and_own = thesis.as_ref().is_some_and(|thesis| {
                thesis.student == student && matches!(thesis.state, ThesisState::Admitted { .. })
            });
            if !is_admitted_and_own {
                problems.push(format!("schedule of commission {id}: thesis {thesis_id} is not an admitted thesis of student {student}"));
            }
            if schedule.schedule.slot_of(student).is_none() {
                problems.push(format!("schedule of commission {id}: student {student} has no slot"));
            }
            let defended_here = defenses
                .get(&thesis_id)
                .is_some_and(|defense| defense.commission == id && defense.state != DefenseState::Admitted);
            if !defended_here {
                problems.push(format!(
                    "schedule of commission {id}: thesis {thesis_id} has no defense before it"
                ));
            }
        }
        Ok(problems)
    }

    /// Gradings, appeals, absence requests and defense documents belong to existing theses and
    /// defenses.
    fn belonging_problems(
        &self,
        commissions: &BTreeMap<u64, Commission>,
        defenses: &BTreeMap<u64, Defense>,
    ) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        for grading in self.read_all::<Grading>(TreeName::Gradings)? {
            if defenses.get(&grading.thesis).is_none_or(|defense| defense.commission != grading.commission) {
                problems.push(format!(
                    "grading of thesis {}: no defense before commission {}",
                    grading.thesis, grading.commission
                ));
            }
        }
        for appeal in self.read_all::<Appeal>(TreeName::Appeals)? {
            problems.extend(appeal_problems(&appeal, commissions, defenses));
        }
        for request in self.read_all::<AbsenceRequest>(TreeName::AbsenceRequests)? {
            let of_defense = defenses.get(&request.thesis).is_some_and(|defense| {
                defense.commission == request.commission && defense.student == request.student
            });
            if !of_defense {
                problems.push(format!("absence request of thesis {}: no such defense", request.thesis));
            }
        }
        for document in self.read_all::<DefenseDocument>(TreeName::DefenseDocuments)? {
            if self.read::<super::Thesis>(TreeName::Theses, document.thesis)?.is_none() {
                problems.push(format!("defense document of thesis {}: no such thesis", document.thesis));
            }
        }
        Ok(problems)
    }
}

/// An appeal is against a defense that was appealed, heard by one of its commission's appeal
/// commissions.
fn appeal_problems(
    appeal: &Appeal,
    commissions: &BTreeMap<u64, Commission>,
    defenses: &BTreeMap<u64, Defense>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let appealed = defenses.get(&appeal.thesis).is_some_and(|defense| {
        matches!(defense.state, DefenseState::Appealed { .. } | DefenseState::Closed { appealed: true, .. })
    });
    if !appealed {
        problems.push(format!("appeal of thesis {}: its defense was not appealed", appeal.thesis));
    }
    let heard_by_its_appeal_commission = commissions
        .get(&appeal.commission)
        .is_some_and(|commission| commission.appeal_commissions.contains(&appeal.appeal_commission));
    if !heard_by_its_appeal_commission {
        problems.push(format!(
            "appeal of thesis {}: commission {} is not an appeal commission of commission {}",
            appeal.thesis, appeal.appeal_commission, appeal.commission
        ));
    }
    problems
}

/// Everyone put in two places at once by two commissions' schedules.
fn double_bookings(schedules: &[CommissionSchedule], commissions: &BTreeMap<u64, Commission>) -> Vec<String> {
    let people = |id: u64| commissions.get(&id).map(Commission::people).unwrap_or_default();
    let mut problems = Vec::new();
    for (index, first) in schedules.iter().enumerate() {
        for second in &schedules[index + 1..] {
            let busy = busy_times_of(&second.schedule, &people(second.commission));
            if let Some((person, date)) = first_clash(&first.schedule, &people(first.commission), &busy) {
                problems.push(format!(
                    "person {person} is at defenses of commissions {} and {} at once on {date}",
                    first.commission, second.commission
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::super::tx::{id_key, pair_key};
    use super::*;
    use crate::attestation::date::{Date, TimeOfDay};
    use crate::attestation::schedule::{DefenseSlot, Schedule, SchedulePlan};
    use crate::store::{Composition, DefenseDocumentKind};

    fn commission(id: u64, chair: u64) -> Commission {
        Commission {
            id,
            kind: CommissionKind::Attestation,
            name: format!("GAK {id}"),
            faculty: "Science".to_string(),
            programmes: vec!["6B01".to_string()],
            year: 2026,
            composition: Some(Composition::Attestation {
                chair,
                members: vec![chair + 1],
                secretary: chair + 2,
            }),
            appeal_commissions: Vec::new(),
            recommendations: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn schedule(commission: u64, student: u64, thesis: u64) -> CommissionSchedule {
        let date = Date::parse("2026-03-20").unwrap();
        let start = TimeOfDay::hm(9, 0).unwrap();
        CommissionSchedule {
            commission,
            plan: SchedulePlan {
                first_day: date,
                daily_start: start,
                slot_minutes: 15,
                sitting_minutes: 300,
            },
            schedule: Schedule { slots: vec![DefenseSlot { student, date, start, minutes: 15 }] },
            theses: vec![(student, thesis)],
            published_at: None,
            acts: Vec::new(),
            meeting_link: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn an_empty_store_has_no_attestation_problems_and_broken_records_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.attestation_problems().unwrap(), Vec::<String>::new());

        // Two commissions sharing chair 10 at the same time, over theses that do not exist, a
        // grading and an appeal without a defense, a document of no thesis.
        store
            .write(|tx| {
                tx.put(TreeName::Commissions, &id_key(1), &commission(1, 10))?;
                tx.put(TreeName::Commissions, &id_key(2), &commission(2, 10))?;
                tx.put(TreeName::Schedules, &id_key(1), &schedule(1, 50, 500))?;
                tx.put(TreeName::Schedules, &id_key(2), &schedule(2, 51, 501))?;
                let defense = Defense {
                    thesis: 502,
                    student: 52,
                    commission: 1,
                    state: DefenseState::Scheduled { reschedules: 0 },
                    updated_at: 0,
                };
                tx.put(TreeName::Defenses, &id_key(502), &defense)?;
                let sheet = crate::attestation::grading::GradeSheet::new(53);
                let grading = Grading { thesis: 503, commission: 1, sheet, vote: None, confirmed: None };
                tx.put(TreeName::Gradings, &id_key(503), &grading)?;
                let document = DefenseDocument {
                    thesis: 504,
                    kind: DefenseDocumentKind::Feedback,
                    file_hash: "0".repeat(32),
                    file_name: "feedback.pdf".to_string(),
                    byte_len: 1,
                    author_name: None,
                    uploaded_by: 10,
                    uploaded_at: 0,
                };
                tx.put(TreeName::DefenseDocuments, &pair_key(504, 0), &document)?;
                Ok(())
            })
            .unwrap();
        let problems = store.attestation_problems().unwrap().join("\n");
        for expected in [
            "person 10 is at defenses of commissions 1 and 2 at once on 2026-03-20",
            "schedule of commission 1: thesis 500 is not an admitted thesis of student 50",
            "schedule of commission 2: thesis 501 has no defense before it",
            "thesis 502: its defense is on no schedule of commission 1",
            "grading of thesis 503: no defense before commission 1",
            "defense document of thesis 504: no such thesis",
        ] {
            assert!(problems.contains(expected), "{expected} missing from:\n{problems}");
        }
    }
}
