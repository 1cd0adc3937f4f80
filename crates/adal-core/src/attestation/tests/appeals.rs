//! Tests of the appeal rules: the window, the commission's make-up, the deadlines, overdue.

use super::{day, kz};
use crate::attestation::appeals::{
    check_appeal_commission, check_filing, delivery_deadline, filing_deadline, meeting_deadline, overdue,
    AppealCommissionMember, AppealProgress, OverdueStep,
};
use crate::attestation::AttestationError;

#[test]
fn the_filing_window_is_at_least_two_working_days_after_publication() {
    let calendar = kz();
    // Thursday 11 June 2026: Friday the 12th and Monday the 15th.
    assert_eq!(filing_deadline(&calendar, day("2026-06-11"), 2), Ok(day("2026-06-15")));
    // Friday before Nauryz 2026 (Monday the 23rd is a holiday): Tuesday and Wednesday.
    assert_eq!(filing_deadline(&calendar, day("2026-03-20"), 2), Ok(day("2026-03-25")));
    assert_eq!(filing_deadline(&calendar, day("2026-06-11"), 3), Ok(day("2026-06-16")));
    assert_eq!(
        filing_deadline(&calendar, day("2026-06-11"), 1),
        Err(AttestationError::FilingWindowTooShort { working_days: 1 })
    );
}

#[test]
fn an_appeal_is_on_time_from_publication_to_the_deadline_day() {
    let (published, deadline) = (day("2026-06-11"), day("2026-06-15"));
    assert_eq!(check_filing(published, published, deadline), Ok(()));
    assert_eq!(check_filing(deadline, published, deadline), Ok(()));
    assert_eq!(
        check_filing(day("2026-06-16"), published, deadline),
        Err(AttestationError::AppealWindowClosed { deadline })
    );
    assert_eq!(
        check_filing(day("2026-06-10"), published, deadline),
        Err(AttestationError::AppealBeforePublication)
    );
}

fn member(person: u64) -> AppealCommissionMember {
    AppealCommissionMember { person, is_administrator: false }
}

const ATTESTATION_COMMISSION: [u64; 4] = [100, 101, 102, 103];

#[test]
fn an_odd_commission_of_outsiders_is_accepted() {
    assert_eq!(check_appeal_commission(&[member(1), member(2), member(3)], &ATTESTATION_COMMISSION), Ok(()));
    assert_eq!(check_appeal_commission(&[member(1)], &ATTESTATION_COMMISSION), Ok(()));
}

#[test]
fn an_even_or_empty_appeal_commission_is_refused() {
    let four = [member(1), member(2), member(3), member(4)];
    assert_eq!(
        check_appeal_commission(&four, &ATTESTATION_COMMISSION),
        Err(AttestationError::AppealCommissionNotOdd { members: 4 })
    );
    assert_eq!(
        check_appeal_commission(&[], &ATTESTATION_COMMISSION),
        Err(AttestationError::AppealCommissionNotOdd { members: 0 })
    );
}

#[test]
fn a_member_of_both_commissions_is_refused() {
    assert_eq!(
        check_appeal_commission(&[member(1), member(101), member(3)], &ATTESTATION_COMMISSION),
        Err(AttestationError::AppealMemberOnAttestationCommission { person: 101 })
    );
}

#[test]
fn an_administrator_is_refused() {
    let dean = AppealCommissionMember { person: 2, is_administrator: true };
    assert_eq!(
        check_appeal_commission(&[member(1), dean, member(3)], &ATTESTATION_COMMISSION),
        Err(AttestationError::AppealMemberIsAdministrator { person: 2 })
    );
}

#[test]
fn a_member_listed_twice_is_refused() {
    assert_eq!(
        check_appeal_commission(&[member(1), member(2), member(1)], &ATTESTATION_COMMISSION),
        Err(AttestationError::AppealMemberListedTwice { person: 1 })
    );
}

#[test]
fn the_meeting_and_delivery_deadlines_count_working_days() {
    let calendar = kz();
    // Wednesday 6 May 2026: Thursday the 7th is a holiday, Saturday the 9th too.
    assert_eq!(meeting_deadline(&calendar, day("2026-05-06")), day("2026-05-11"));
    // Friday 3 July 2026: Monday the 6th is Capital Day.
    assert_eq!(delivery_deadline(&calendar, day("2026-07-03")), day("2026-07-07"));
}

#[test]
fn overdue_names_the_first_passed_deadline_and_the_deadline_day_is_on_time() {
    let calendar = kz();
    let filed = AppealProgress { filed_on: day("2026-05-06"), met_on: None, delivered_on: None };
    assert_eq!(overdue(&calendar, &filed, day("2026-05-11")), None);
    assert_eq!(
        overdue(&calendar, &filed, day("2026-05-12")),
        Some(OverdueStep::Meeting { deadline: day("2026-05-11") })
    );
    let met = AppealProgress { met_on: Some(day("2026-05-11")), ..filed };
    assert_eq!(overdue(&calendar, &met, day("2026-05-12")), None);
    assert_eq!(
        overdue(&calendar, &met, day("2026-05-13")),
        Some(OverdueStep::Delivery { deadline: day("2026-05-12") })
    );
    let delivered = AppealProgress { delivered_on: Some(day("2026-05-20")), ..met };
    assert_eq!(overdue(&calendar, &delivered, day("2026-06-30")), None);
}
