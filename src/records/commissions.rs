//! The commissions of the final attestation (issue #18): an attestation commission per
//! programme (or group of programmes) with its chair, members and technical secretary, and the
//! appeal commissions formed for it, as plain serde records.
//!
//! A person holds a seat per commission, not a role per account: the same supervisor may chair
//! one commission and sit on another. The store checks a composition in the transaction that
//! records it ([`CommissionError`] for the shape, the §65 rules of
//! `attestation::appeals::check_appeal_commission` for appeal commissions); nothing here reads a
//! store.

use super::UserId;
use serde::{Deserialize, Serialize};

pub type CommissionId = u64;

/// What a commission is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CommissionKind {
    /// Hears the defenses, grades, votes on the degree (§19–20).
    Attestation,
    /// Hears the appeals against the results of one attestation commission (§64–67).
    Appeal { attestation_commission: CommissionId },
}

/// A member of an appeal commission, with what the staff declared about them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealSeat {
    pub user: UserId,
    /// A member of the institution's administration (rector, vice-rector, dean and the like).
    /// An Adal administrator account counts as one whatever is declared.
    pub is_administrator: bool,
}

/// Who sits on a commission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Composition {
    /// The chair and the members vote and grade; the technical secretary records.
    Attestation {
        chair: UserId,
        members: Vec<UserId>,
        secretary: UserId,
    },
    Appeal {
        members: Vec<AppealSeat>,
    },
}

/// A seat on a commission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Seat {
    Chair,
    Member,
    Secretary,
    AppealMember,
}

impl Composition {
    /// Every person with their seat, in the order chair, members, secretary.
    pub fn seats(&self) -> Vec<(UserId, Seat)> {
        match self {
            Composition::Attestation { chair, members, secretary } => std::iter::once((*chair, Seat::Chair))
                .chain(members.iter().map(|&member| (member, Seat::Member)))
                .chain(std::iter::once((*secretary, Seat::Secretary)))
                .collect(),
            Composition::Appeal { members } => {
                members.iter().map(|seat| (seat.user, Seat::AppealMember)).collect()
            }
        }
    }

    /// Everyone who sits on it (the technical secretary included).
    pub fn people(&self) -> Vec<UserId> {
        self.seats().into_iter().map(|(person, _)| person).collect()
    }

    /// The members who grade and vote: the chair and the members (not the secretary).
    pub fn voting_members(&self) -> Vec<UserId> {
        match self {
            Composition::Attestation { chair, members, .. } => {
                std::iter::once(*chair).chain(members.iter().copied()).collect()
            }
            Composition::Appeal { members } => members.iter().map(|seat| seat.user).collect(),
        }
    }

    /// The shape rules that need no other record: an attestation commission has at least one
    /// member besides the chair, and nobody holds two of its seats. (An appeal commission's
    /// members are checked by `attestation::appeals::check_appeal_commission`, which refuses a
    /// member listed twice itself.)
    pub fn check_shape(&self) -> Result<(), CommissionError> {
        let Composition::Attestation { members, .. } = self else { return Ok(()) };
        if members.is_empty() {
            return Err(CommissionError::NoMembers);
        }
        let people = self.people();
        for (index, person) in people.iter().enumerate() {
            if people[..index].contains(person) {
                return Err(CommissionError::TwoSeats { person: *person });
            }
        }
        Ok(())
    }

    /// True when the composition is of the kind's shape.
    pub fn fits(&self, kind: CommissionKind) -> bool {
        matches!(
            (self, kind),
            (Composition::Attestation { .. }, CommissionKind::Attestation)
                | (Composition::Appeal { .. }, CommissionKind::Appeal { .. })
        )
    }
}

/// A commission of one faculty and attestation year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commission {
    pub id: CommissionId,
    pub kind: CommissionKind,
    pub name: String,
    pub faculty: String,
    /// The programmes whose graduates it examines (an appeal commission: those of its
    /// attestation commission).
    pub programmes: Vec<String>,
    /// The calendar year of the attestation period.
    pub year: i32,
    /// `None` until staff assign the seats.
    pub composition: Option<Composition>,
    /// For an attestation commission: the appeal commissions formed for it.
    #[serde(default)]
    pub appeal_commissions: Vec<CommissionId>,
    /// The chair's conclusions and recommendations for the report on the attestation (§20, §63).
    #[serde(default)]
    pub recommendations: Option<ChairRecommendations>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Commission {
    /// The person's seat on this commission, if any.
    pub fn seat_of(&self, person: UserId) -> Option<Seat> {
        let seats = self.composition.as_ref()?.seats();
        seats.into_iter().find(|&(holder, _)| holder == person).map(|(_, seat)| seat)
    }

    /// Everyone who sits on it; empty before the seats are assigned.
    pub fn people(&self) -> Vec<UserId> {
        self.composition.as_ref().map(Composition::people).unwrap_or_default()
    }
}

/// What the chair wrote in the report on the attestation: the conclusions on the graduates'
/// preparation and the recommendations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChairRecommendations {
    pub text: String,
    pub written_by: UserId,
    pub written_at: i64,
}

/// The fields of a commission that the caller chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCommission {
    pub kind: CommissionKind,
    pub name: String,
    /// Ignored for an appeal commission, which takes its attestation commission's.
    pub faculty: String,
    pub programmes: Vec<String>,
    pub year: i32,
}

/// Why a commission or its composition is refused (besides the §65 rules, which are the
/// attestation module's). The messages for people are the store's (`StoreError::translated`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommissionError {
    #[error("an attestation commission needs at least one member besides the chair")]
    NoMembers,
    #[error("person {person} holds two seats on the commission")]
    TwoSeats { person: UserId },
    #[error("person {person} cannot sit on a commission (a student, or deactivated)")]
    NotEligible { person: UserId },
    #[error("the composition is not of the commission's kind")]
    WrongKind,
    #[error("an appeal commission is formed for an attestation commission")]
    AppealOfAppeal,
    #[error("a commission needs at least one programme")]
    NoProgrammes,
}
