//! Appeals (§64–67): the filing window, the appeal commission's make-up, and the deadlines.
//!
//! The rules, counted in working days ([`Calendar`]):
//! - The filing window opens when the results are published and lasts at least 2 working days
//!   after the publication day ([`MIN_FILING_WORKING_DAYS`]; an institution may give more, never
//!   less): an appeal is on time up to the end of [`filing_deadline`].
//! - The appeal commission has an odd number of members, none of whom sits on the attestation
//!   commission or is an administrator, and nobody is listed twice ([`check_appeal_commission`]).
//! - It meets within 2 working days of the appeal ([`meeting_deadline`]); its decision reaches the
//!   student within 1 working day of the meeting ([`delivery_deadline`]).
//! - [`overdue`] names the first deadline that has passed with its step not done, for the staff
//!   dashboard. A deadline day itself is still on time.

use super::calendar::Calendar;
use super::date::Date;
use super::error::AttestationError;
use super::PersonId;
use serde::{Deserialize, Serialize};

/// The shortest filing window the recommendations allow (§64).
pub const MIN_FILING_WORKING_DAYS: u32 = 2;
/// The appeal commission meets within this many working days of the appeal (§66).
pub const MEETING_WORKING_DAYS: u32 = 2;
/// The decision reaches the student within this many working days of the meeting (§67).
pub const DELIVERY_WORKING_DAYS: u32 = 1;

/// The last day an appeal may be filed, for results published on `published_on` with a window of
/// `filing_working_days` (at least 2).
pub fn filing_deadline(
    calendar: &Calendar,
    published_on: Date,
    filing_working_days: u32,
) -> Result<Date, AttestationError> {
    if filing_working_days < MIN_FILING_WORKING_DAYS {
        return Err(AttestationError::FilingWindowTooShort { working_days: filing_working_days });
    }
    Ok(calendar.add_working_days(published_on, filing_working_days))
}

/// Whether an appeal filed on `filed_on` is within the window (publication day to deadline).
pub fn check_filing(filed_on: Date, published_on: Date, deadline: Date) -> Result<(), AttestationError> {
    if filed_on < published_on {
        return Err(AttestationError::AppealBeforePublication);
    }
    if filed_on > deadline {
        return Err(AttestationError::AppealWindowClosed { deadline });
    }
    Ok(())
}

/// A candidate for the appeal commission, with what the staff know about them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealCommissionMember {
    pub person: PersonId,
    /// A member of the institution's administration (rector, vice-rector, dean and the like).
    pub is_administrator: bool,
}

/// Checks the appeal commission against §65; the first problem found is returned, in the order:
/// someone listed twice, the size, then each member in turn.
pub fn check_appeal_commission(
    members: &[AppealCommissionMember],
    attestation_commission: &[PersonId],
) -> Result<(), AttestationError> {
    for (index, member) in members.iter().enumerate() {
        if members[..index].iter().any(|earlier| earlier.person == member.person) {
            return Err(AttestationError::AppealMemberListedTwice { person: member.person });
        }
    }
    if members.len() % 2 == 0 {
        return Err(AttestationError::AppealCommissionNotOdd { members: members.len() });
    }
    for member in members {
        if attestation_commission.contains(&member.person) {
            return Err(AttestationError::AppealMemberOnAttestationCommission { person: member.person });
        }
        if member.is_administrator {
            return Err(AttestationError::AppealMemberIsAdministrator { person: member.person });
        }
    }
    Ok(())
}

/// The last day the appeal commission may meet on an appeal filed on `filed_on`.
pub fn meeting_deadline(calendar: &Calendar, filed_on: Date) -> Date {
    calendar.add_working_days(filed_on, MEETING_WORKING_DAYS)
}

/// The last day the decision of a meeting on `met_on` may reach the student.
pub fn delivery_deadline(calendar: &Calendar, met_on: Date) -> Date {
    calendar.add_working_days(met_on, DELIVERY_WORKING_DAYS)
}

/// Where an appeal stands: the days its steps were done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealProgress {
    pub filed_on: Date,
    pub met_on: Option<Date>,
    pub delivered_on: Option<Date>,
}

/// A passed deadline whose step is not done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "overdue", rename_all = "snake_case")]
pub enum OverdueStep {
    /// The commission has not met and the meeting deadline has passed.
    Meeting { deadline: Date },
    /// The decision has not reached the student and the delivery deadline has passed.
    Delivery { deadline: Date },
}

/// What is overdue on `today`, if anything.
pub fn overdue(calendar: &Calendar, appeal: &AppealProgress, today: Date) -> Option<OverdueStep> {
    match (appeal.met_on, appeal.delivered_on) {
        (None, _) => {
            let deadline = meeting_deadline(calendar, appeal.filed_on);
            (today > deadline).then_some(OverdueStep::Meeting { deadline })
        }
        (Some(met_on), None) => {
            let deadline = delivery_deadline(calendar, met_on);
            (today > deadline).then_some(OverdueStep::Delivery { deadline })
        }
        (Some(_), Some(_)) => None,
    }
}
