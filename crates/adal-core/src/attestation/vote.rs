//! The vote on awarding the degree (§59–60), counted by the system and confirmed by the
//! technical secretary.
//!
//! The rules Adal applies (the recommendations name the two forms; the counting rule is Adal's
//! choice, stated here):
//! - **Open vote**: every member of the commission must be present; each present member casts
//!   one recorded ballot. **Secret ballot**: only the totals are recorded, never who voted how;
//!   there cannot be more ballots than members present.
//! - The degree is awarded when the votes *for* are more than the votes *against* among those
//!   who voted (members who did not vote are not counted either way).
//! - A tie is decided by the chair: in an open vote by the chair's own ballot; in a secret
//!   ballot, where the chair's ballot is not known, by a deciding vote the chair casts openly after
//!   the count (it is recorded in the protocol). A tie without the chair's decision is refused.
//! - At least one vote must be cast.

use super::error::AttestationError;
use super::PersonId;
use serde::{Deserialize, Serialize};

/// A member's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteChoice {
    For,
    Against,
}

/// How the commission voted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum DegreeVote {
    /// Open discussion: every ballot with its member.
    Open { ballots: Vec<(PersonId, VoteChoice)> },
    /// Secret ballot: the totals only, and the chair's deciding vote if the count is tied.
    Secret { votes_for: u32, votes_against: u32, chair_deciding_vote: Option<VoteChoice> },
}

/// Who sits on the commission for the vote.
#[derive(Clone, Copy, Debug)]
pub struct VotingCommission<'a> {
    pub chair: PersonId,
    /// All voting members, the chair included.
    pub members: &'a [PersonId],
    /// The voting members present at the sitting.
    pub present: &'a [PersonId],
}

/// The counted vote, as the protocol records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteTotals {
    pub votes_for: u32,
    pub votes_against: u32,
    /// Present members who did not vote.
    pub not_voting: u32,
    pub degree_awarded: bool,
    /// True when the count was tied and the chair decided.
    pub decided_by_chair: bool,
}

/// Counts the vote under the rules of the module docs.
pub fn count_degree_vote(
    vote: &DegreeVote,
    commission: &VotingCommission<'_>,
) -> Result<VoteTotals, AttestationError> {
    if let Some(&stranger) = commission.present.iter().find(|person| !commission.members.contains(person)) {
        return Err(AttestationError::NotAVotingMember { person: stranger });
    }
    let present = commission.present.len() as u32;
    let (votes_for, votes_against, chair_decision) = match vote {
        DegreeVote::Open { ballots } => {
            if commission.members.iter().any(|member| !commission.present.contains(member)) {
                return Err(AttestationError::OpenVoteNeedsAllMembers);
            }
            let mut voters = Vec::new();
            for &(person, _) in ballots {
                if !commission.members.contains(&person) {
                    return Err(AttestationError::NotAVotingMember { person });
                }
                if voters.contains(&person) {
                    return Err(AttestationError::VotedTwice { person });
                }
                voters.push(person);
            }
            let count = |wanted| ballots.iter().filter(|(_, choice)| *choice == wanted).count() as u32;
            let chair_ballot = ballots.iter().find(|(person, _)| *person == commission.chair).map(|b| b.1);
            (count(VoteChoice::For), count(VoteChoice::Against), chair_ballot)
        }
        DegreeVote::Secret { votes_for, votes_against, chair_deciding_vote } => {
            if votes_for + votes_against > present {
                return Err(AttestationError::MoreBallotsThanMembersPresent);
            }
            (*votes_for, *votes_against, *chair_deciding_vote)
        }
    };
    if votes_for + votes_against == 0 {
        return Err(AttestationError::NoVotesCast);
    }
    let tied = votes_for == votes_against;
    let degree_awarded = if tied {
        if !commission.present.contains(&commission.chair) {
            return Err(AttestationError::TieNeedsChair);
        }
        chair_decision.ok_or(AttestationError::TieNeedsChair)? == VoteChoice::For
    } else {
        votes_for > votes_against
    };
    Ok(VoteTotals {
        votes_for,
        votes_against,
        not_voting: present - votes_for - votes_against,
        degree_awarded,
        decided_by_chair: tied,
    })
}
