//! The attestation's commissions (issue #18): staff create an attestation commission for a
//! faculty's programmes and the appeal commissions formed for it, and assign their seats
//! (chair, members, technical secretary; appeal members). The composition rules, §65 included,
//! are the store's (checked in the transaction that records the seats); here are access and the
//! cleaning of the fields. A commission the caller may not view is "not found".

use super::{fields, AppError, Services};
use crate::auth::{authorize, AccessTarget, Action, CommissionRef};
use crate::model::Translated;
use crate::store::{
    Commission, CommissionId, CommissionKind, Composition, NewCommission, Seat, User, UserId,
};
use serde::Serialize;

const FACULTY_REQUIRED: Translated = crate::messages::text("commission_faculty_required");
const YEAR_OUT_OF_RANGE: Translated = crate::messages::text("commission_year_out_of_range");
const NAME_REQUIRED: Translated = crate::messages::text("commission_name_required");
const TOO_MANY_PROGRAMMES: Translated = crate::messages::text("commission_too_many_programmes");

/// The most programmes one commission examines.
pub const MAX_PROGRAMMES: usize = 50;

/// A commission to create.
#[derive(Clone, Debug)]
pub struct NewCommissionInput {
    pub name: String,
    /// `None` takes the caller's faculty; ignored for an appeal commission.
    pub faculty: Option<String>,
    pub programmes: Vec<String>,
    pub year: i32,
    /// An appeal commission for this attestation commission; `None` for an attestation
    /// commission.
    pub appeal_of: Option<CommissionId>,
}

/// One seat of a commission as the API and the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SeatView {
    pub user: UserId,
    pub name: String,
    pub seat: Seat,
    /// For an appeal seat: declared a member of the administration (never true once stored,
    /// since §65 refuses such a member; kept so the answer shows what was declared).
    pub is_administrator: bool,
}

/// A commission as the API and the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CommissionView {
    pub id: CommissionId,
    /// `attestation` or `appeal`.
    pub kind: &'static str,
    /// For an appeal commission: the attestation commission whose results it hears.
    pub attestation_commission: Option<CommissionId>,
    pub name: String,
    pub faculty: String,
    pub programmes: Vec<String>,
    pub year: i32,
    /// Empty until the seats are assigned; chair, members, secretary in that order.
    pub seats: Vec<SeatView>,
    /// For an attestation commission: the appeal commissions formed for it.
    pub appeal_commissions: Vec<CommissionId>,
    /// The chair's conclusions and recommendations for the report, once written.
    pub recommendations: Option<String>,
}

impl CommissionView {
    /// The view of a commission, with the names of the people on it.
    pub fn of(services: &Services, commission: &Commission) -> CommissionView {
        let declared_administrator = |person: UserId| match &commission.composition {
            Some(Composition::Appeal { members }) => {
                members.iter().any(|seat| seat.user == person && seat.is_administrator)
            }
            _ => false,
        };
        let seats = commission
            .composition
            .as_ref()
            .map(Composition::seats)
            .unwrap_or_default()
            .into_iter()
            .map(|(user, seat)| SeatView {
                user,
                name: services.store.user(user).map(|user| user.name).unwrap_or_default(),
                seat,
                is_administrator: declared_administrator(user),
            })
            .collect();
        let (kind, attestation_commission) = match commission.kind {
            CommissionKind::Attestation => ("attestation", None),
            CommissionKind::Appeal { attestation_commission } => ("appeal", Some(attestation_commission)),
        };
        CommissionView {
            id: commission.id,
            kind,
            attestation_commission,
            name: commission.name.clone(),
            faculty: commission.faculty.clone(),
            programmes: commission.programmes.clone(),
            year: commission.year,
            seats,
            appeal_commissions: commission.appeal_commissions.clone(),
            recommendations: commission.recommendations.as_ref().map(|written| written.text.clone()),
        }
    }
}

/// The commission with this id if the caller may view it; otherwise not found.
pub fn visible_commission(
    services: &Services,
    caller: &User,
    id: CommissionId,
) -> Result<Commission, AppError> {
    let commission = services.store.commission(id)?;
    let target = AccessTarget::Commission(CommissionRef::from(&commission));
    authorize(caller, Action::ViewCommission, &target).map_err(|_| AppError::NotFound)?;
    Ok(commission)
}

/// Staff create a commission (without seats).
pub fn create_commission(
    services: &Services,
    caller: &User,
    input: NewCommissionInput,
) -> Result<Commission, AppError> {
    let name = fields::line("name", &input.name, fields::MAX_TITLE_CHARS)?;
    if name.is_empty() {
        return Err(AppError::invalid("commission_name_required", NAME_REQUIRED));
    }
    let new_commission = match input.appeal_of {
        Some(attestation_id) => {
            let attestation = visible_commission(services, caller, attestation_id)?;
            let target = AccessTarget::Commission(CommissionRef::from(&attestation));
            authorize(caller, Action::ManageCommissions, &target)?;
            NewCommission {
                kind: CommissionKind::Appeal { attestation_commission: attestation_id },
                name,
                faculty: attestation.faculty.clone(),
                programmes: attestation.programmes.clone(),
                year: attestation.year,
            }
        }
        None => {
            let faculty = fields::optional_line("faculty", input.faculty.as_deref(), fields::MAX_NAME_CHARS)?
                .or_else(|| caller.faculty.clone())
                .ok_or(AppError::invalid("commission_faculty_required", FACULTY_REQUIRED))?;
            authorize(caller, Action::ManageCommissions, &AccessTarget::Faculty(faculty.clone()))?;
            if !(2000..=2100).contains(&input.year) {
                return Err(AppError::invalid("commission_year_out_of_range", YEAR_OUT_OF_RANGE));
            }
            NewCommission {
                kind: CommissionKind::Attestation,
                name,
                faculty,
                programmes: programmes(&input.programmes)?,
                year: input.year,
            }
        }
    };
    Ok(services.store.create_commission(
        &new_commission,
        crate::store::Actor::User(caller.id),
        services.now(),
    )?)
}

/// The programme names cleaned, empty ones dropped, each once, in the given order.
fn programmes(names: &[String]) -> Result<Vec<String>, AppError> {
    if names.len() > MAX_PROGRAMMES {
        return Err(AppError::invalid("field_too_long", TOO_MANY_PROGRAMMES));
    }
    let mut cleaned: Vec<String> = Vec::new();
    for name in names {
        let name = fields::line("programme", name, fields::MAX_NAME_CHARS)?;
        if !name.is_empty() && !cleaned.contains(&name) {
            cleaned.push(name);
        }
    }
    Ok(cleaned)
}

/// Staff assign every seat of a commission at once.
pub fn assign_seats(
    services: &Services,
    caller: &User,
    id: CommissionId,
    composition: Composition,
) -> Result<Commission, AppError> {
    let commission = visible_commission(services, caller, id)?;
    authorize(
        caller,
        Action::ManageCommissions,
        &AccessTarget::Commission(CommissionRef::from(&commission)),
    )?;
    let actor = crate::store::Actor::User(caller.id);
    Ok(services.store.assign_seats(id, &composition, actor, services.now())?)
}

/// The people staff may seat on a commission: the active teachers and staff the caller sees
/// (students never sit on a commission), by name.
pub fn seat_candidates(services: &Services, caller: &User) -> Result<Vec<User>, AppError> {
    let mut people: Vec<User> = super::users::visible_users(services, caller)?
        .into_iter()
        .filter(|user| user.active && user.role != crate::store::Role::Student)
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(people)
}

/// The commissions the caller may view, in creation order.
pub fn commissions_for(services: &Services, caller: &User) -> Result<Vec<Commission>, AppError> {
    let commissions = services.store.commissions()?;
    Ok(commissions
        .into_iter()
        .filter(|commission| {
            let target = AccessTarget::Commission(CommissionRef::from(commission));
            authorize(caller, Action::ViewCommission, &target).is_ok()
        })
        .collect())
}
