//! Tests of the degree vote: open and secret, majorities, ties and the chair.

use crate::attestation::vote::{count_degree_vote, DegreeVote, VoteChoice, VoteTotals, VotingCommission};
use crate::attestation::AttestationError;
use VoteChoice::{Against, For};

const MEMBERS: [u64; 4] = [1, 2, 3, 4];
const CHAIR: u64 = 1;

fn open(ballots: &[(u64, VoteChoice)], present: &[u64]) -> Result<VoteTotals, AttestationError> {
    let commission = VotingCommission { chair: CHAIR, members: &MEMBERS, present };
    count_degree_vote(&DegreeVote::Open { ballots: ballots.to_vec() }, &commission)
}

fn secret(
    votes_for: u32,
    votes_against: u32,
    chair: Option<VoteChoice>,
    present: &[u64],
) -> Result<VoteTotals, AttestationError> {
    let commission = VotingCommission { chair: CHAIR, members: &MEMBERS, present };
    count_degree_vote(
        &DegreeVote::Secret { votes_for, votes_against, chair_deciding_vote: chair },
        &commission,
    )
}

fn totals(votes_for: u32, votes_against: u32, not_voting: u32, awarded: bool, by_chair: bool) -> VoteTotals {
    VoteTotals { votes_for, votes_against, not_voting, degree_awarded: awarded, decided_by_chair: by_chair }
}

#[test]
fn an_open_majority_awards_the_degree() {
    let ballots = [(1, For), (2, For), (3, For), (4, Against)];
    assert_eq!(open(&ballots, &MEMBERS), Ok(totals(3, 1, 0, true, false)));
    let ballots = [(1, Against), (2, Against), (3, For)];
    assert_eq!(open(&ballots, &MEMBERS), Ok(totals(1, 2, 1, false, false)), "member 4 did not vote");
}

#[test]
fn an_open_vote_needs_every_member_present() {
    assert_eq!(
        open(&[(1, For), (2, For), (3, For)], &[1, 2, 3]),
        Err(AttestationError::OpenVoteNeedsAllMembers)
    );
}

#[test]
fn an_open_tie_is_decided_by_the_chairs_ballot() {
    let chair_for = [(1, For), (2, For), (3, Against), (4, Against)];
    assert_eq!(open(&chair_for, &MEMBERS), Ok(totals(2, 2, 0, true, true)));
    let chair_against = [(1, Against), (2, For), (3, For), (4, Against)];
    assert_eq!(open(&chair_against, &MEMBERS), Ok(totals(2, 2, 0, false, true)));
    let chair_silent = [(2, For), (3, Against)];
    assert_eq!(open(&chair_silent, &MEMBERS), Err(AttestationError::TieNeedsChair));
}

#[test]
fn open_ballots_come_once_from_members() {
    assert_eq!(open(&[(1, For), (1, Against)], &MEMBERS), Err(AttestationError::VotedTwice { person: 1 }));
    assert_eq!(open(&[(1, For), (9, For)], &MEMBERS), Err(AttestationError::NotAVotingMember { person: 9 }));
    assert_eq!(open(&[], &MEMBERS), Err(AttestationError::NoVotesCast));
}

#[test]
fn a_secret_ballot_counts_totals_of_those_present() {
    assert_eq!(secret(2, 1, None, &[1, 2, 3]), Ok(totals(2, 1, 0, true, false)));
    assert_eq!(secret(1, 2, None, &MEMBERS), Ok(totals(1, 2, 1, false, false)));
    assert_eq!(secret(3, 2, None, &MEMBERS), Err(AttestationError::MoreBallotsThanMembersPresent));
    assert_eq!(secret(0, 0, None, &MEMBERS), Err(AttestationError::NoVotesCast));
    assert_eq!(secret(1, 0, None, &[1, 9]), Err(AttestationError::NotAVotingMember { person: 9 }));
}

#[test]
fn a_secret_tie_needs_the_chairs_deciding_vote() {
    assert_eq!(secret(2, 2, None, &MEMBERS), Err(AttestationError::TieNeedsChair));
    assert_eq!(secret(2, 2, Some(For), &MEMBERS), Ok(totals(2, 2, 0, true, true)));
    assert_eq!(secret(1, 1, Some(Against), &MEMBERS), Ok(totals(1, 1, 2, false, true)));
    assert_eq!(secret(1, 1, Some(For), &[2, 3]), Err(AttestationError::TieNeedsChair), "the chair is absent");
    assert_eq!(secret(3, 1, Some(Against), &MEMBERS), Ok(totals(3, 1, 0, true, false)), "no tie, no casting");
}
