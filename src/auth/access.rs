//! The one place where access is decided: [`authorize`] for every role × action, and
//! [`thesis_scope`] for the theses a user's listings cover.
//!
//! - Student: own theses only (view, upload, and the report if the institution allows it).
//! - Supervisor: theses of assigned students only; reviews reports, excludes sources, clears or
//!   returns.
//! - Staff: theses of their own faculty, or of all faculties when the staff member has no faculty;
//!   admission, admission lists and CSV, corpus, rescans, user import, jobs.
//! - Admin: everything.
//! - Defense documents (issue #18): the supervisor uploads the feedback on an assigned student's
//!   thesis; staff of the faculty upload the external review on the reviewer's behalf.
//! - Commissions of the attestation (issue #18): staff of the commission's faculty (or of all
//!   faculties) create them, assign their seats and schedule their defenses; whoever holds a
//!   seat on a commission views it, whatever their role; its chair moves a defense for a valid
//!   absence and its technical secretary draws up the technical-failure act; its chair and
//!   members grade (staff do not), its secretary records the sitting and the vote; a student
//!   appeals against their own result, and an appeal commission's members hear it.
//!
//! A deactivated user may do nothing.

use crate::model::Translated;
use crate::store::{Commission, Composition, Role, Seat, Thesis, ThesisScope, User, UserId};

/// Everything the UI and the API do that needs permission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    ViewThesis,
    CreateThesis,
    UploadVersion,
    ViewReport,
    /// Exclude a source or passage from a report.
    ExcludeSource,
    /// Clear or return a thesis.
    DecideThesis,
    AdmitToDefense,
    ViewAdmissionList,
    ExportAdmissionCsv,
    ManageCorpus,
    StartRescan,
    ViewJobs,
    ImportUsers,
    ViewUser,
    ManageUsers,
    ChangeSettings,
    ViewAuditLog,
    /// Create and revoke API tokens of the target user.
    ManageApiTokens,
    /// Make a backup of the whole service (admin only: it holds every record and file).
    Backup,
    /// Upload the supervisor's feedback on a thesis (its supervisor).
    UploadFeedback,
    /// Upload the external review of a thesis (staff, on the reviewer's behalf).
    UploadReview,
    /// Create attestation and appeal commissions and assign their seats.
    ManageCommissions,
    /// See a commission with its seats.
    ViewCommission,
    /// Move a defense for a valid absence (the chair permits it, §22; or staff).
    RescheduleForAbsence,
    /// Draw up the technical-failure act and move the defense (the technical secretary, §23; or
    /// staff).
    RecordTechnicalFailure,
    /// Give one's own mark for a defense (the chair and the members, §56–57).
    GradeDefense,
    /// Record that a defense was held, record the degree vote and confirm the totals (the
    /// technical secretary, §59–60).
    RecordSitting,
    /// Appeal against the published result of one's own defense (§64).
    FileAppeal,
    /// Ask the chair to defend one's own thesis on another day for a valid reason, with a
    /// supporting document (§22).
    RequestAbsence,
    /// Record an appeal's meeting and decision (the appeal commission's members, §66–67).
    HearAppeal,
    /// Write the conclusions and recommendations of the chair's report on the attestation (the
    /// chair, §20 and §63).
    WriteChairReport,
}

impl Action {
    pub const ALL: [Action; 31] = [
        Action::ViewThesis,
        Action::CreateThesis,
        Action::UploadVersion,
        Action::ViewReport,
        Action::ExcludeSource,
        Action::DecideThesis,
        Action::AdmitToDefense,
        Action::ViewAdmissionList,
        Action::ExportAdmissionCsv,
        Action::ManageCorpus,
        Action::StartRescan,
        Action::ViewJobs,
        Action::ImportUsers,
        Action::ViewUser,
        Action::ManageUsers,
        Action::ChangeSettings,
        Action::ViewAuditLog,
        Action::ManageApiTokens,
        Action::Backup,
        Action::UploadFeedback,
        Action::UploadReview,
        Action::ManageCommissions,
        Action::ViewCommission,
        Action::RescheduleForAbsence,
        Action::RecordTechnicalFailure,
        Action::GradeDefense,
        Action::RecordSitting,
        Action::FileAppeal,
        Action::RequestAbsence,
        Action::HearAppeal,
        Action::WriteChairReport,
    ];
}

/// The facts about a thesis that access depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThesisRef {
    pub student: UserId,
    pub supervisor: Option<UserId>,
    pub faculty: String,
}

impl From<&Thesis> for ThesisRef {
    fn from(thesis: &Thesis) -> Self {
        ThesisRef { student: thesis.student, supervisor: thesis.supervisor, faculty: thesis.faculty.clone() }
    }
}

/// The facts about a user that access to that user depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRef {
    pub id: UserId,
    pub role: Role,
    pub faculty: Option<String>,
    pub supervisor: Option<UserId>,
}

impl From<&User> for UserRef {
    fn from(user: &User) -> Self {
        UserRef { id: user.id, role: user.role, faculty: user.faculty.clone(), supervisor: user.supervisor }
    }
}

/// The facts about a commission that access depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommissionRef {
    pub faculty: String,
    /// Everyone who holds a seat on it.
    pub people: Vec<UserId>,
    pub chair: Option<UserId>,
    pub secretary: Option<UserId>,
    /// The members who grade and vote: the chair and the members.
    pub voting: Vec<UserId>,
}

impl From<&Commission> for CommissionRef {
    fn from(commission: &Commission) -> Self {
        let holder = |wanted: Seat| {
            let seats = commission.composition.as_ref().map(Composition::seats).unwrap_or_default();
            seats.into_iter().find(|&(_, seat)| seat == wanted).map(|(person, _)| person)
        };
        CommissionRef {
            faculty: commission.faculty.clone(),
            people: commission.people(),
            chair: holder(Seat::Chair),
            secretary: holder(Seat::Secretary),
            voting: commission.composition.as_ref().map(Composition::voting_members).unwrap_or_default(),
        }
    }
}

/// What an action is done to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessTarget {
    /// A thesis (or, for `CreateThesis`, the thesis about to be created).
    Thesis(ThesisRef),
    /// The report of a thesis, with the institution's setting on students reading reports.
    Report {
        thesis: ThesisRef,
        students_see_reports: bool,
    },
    User(UserRef),
    /// Everything of one faculty (admission list, rescan, import, a new commission).
    Faculty(String),
    /// A commission of the attestation.
    Commission(CommissionRef),
    /// Everything of the institution (settings, audit log, corpus, all faculties).
    Institution,
}

/// Why access was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DenialReason {
    Inactive,
    RoleNotAllowed,
    NotYourThesis,
    NotYourStudent,
    OutsideYourFaculty,
    /// The caller holds no seat on the commission.
    NotOnCommission,
    ReportsHidden,
    /// The action does not apply to this kind of target (a programming error of the caller).
    WrongTarget,
}

/// A refused action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("access denied to {action:?}: {reason:?}")]
pub struct AccessDenied {
    pub action: Action,
    pub reason: DenialReason,
}

impl AccessDenied {
    pub fn translated(&self) -> Translated {
        match self.reason {
            DenialReason::Inactive => const { crate::messages::text("denial_reason_inactive") },
            DenialReason::NotYourThesis => const { crate::messages::text("denial_reason_not_your_thesis") },
            DenialReason::NotYourStudent => const { crate::messages::text("denial_reason_not_your_student") },
            DenialReason::OutsideYourFaculty => {
                const { crate::messages::text("denial_reason_outside_your_faculty") }
            }
            DenialReason::ReportsHidden => const { crate::messages::text("denial_reason_reports_hidden") },
            DenialReason::NotOnCommission => {
                const { crate::messages::text("denial_reason_not_on_commission") }
            }
            DenialReason::RoleNotAllowed | DenialReason::WrongTarget => {
                const { crate::messages::text("denial_reason_role_not_allowed") }
            }
        }
    }
}

/// Decides whether `actor` may do `action` to `target`.
pub fn authorize(actor: &User, action: Action, target: &AccessTarget) -> Result<(), AccessDenied> {
    let deny = |reason| Err(AccessDenied { action, reason });
    if !actor.active {
        return deny(DenialReason::Inactive);
    }
    if let AccessTarget::Commission(commission) = target {
        // What a seat allows, whatever the holder's role.
        let seat_allows = match action {
            Action::ViewCommission => commission.people.contains(&actor.id),
            Action::RescheduleForAbsence | Action::WriteChairReport => commission.chair == Some(actor.id),
            Action::RecordTechnicalFailure | Action::RecordSitting => commission.secretary == Some(actor.id),
            Action::GradeDefense => commission.voting.contains(&actor.id),
            Action::HearAppeal => commission.people.contains(&actor.id),
            _ => false,
        };
        if seat_allows {
            return Ok(());
        }
    }
    let verdict = match actor.role {
        Role::Admin => Ok(()),
        Role::Student => student_may(actor, action, target),
        Role::Supervisor => supervisor_may(actor, action, target),
        Role::Staff => staff_may(actor, action, target),
    };
    verdict.or_else(deny)
}

/// The theses a user's listings cover; the same rule as [`Action::ViewThesis`].
pub fn thesis_scope(actor: &User) -> ThesisScope {
    if !actor.active {
        return ThesisScope::Nothing;
    }
    match actor.role {
        Role::Admin => ThesisScope::All,
        Role::Student => ThesisScope::Student(actor.id),
        Role::Supervisor => ThesisScope::Supervisor(actor.id),
        Role::Staff => match &actor.faculty {
            Some(faculty) => ThesisScope::Faculty(faculty.clone()),
            None => ThesisScope::All,
        },
    }
}

fn own_thesis(actor: &User, thesis: &ThesisRef) -> Result<(), DenialReason> {
    if thesis.student == actor.id {
        Ok(())
    } else {
        Err(DenialReason::NotYourThesis)
    }
}

fn student_may(actor: &User, action: Action, target: &AccessTarget) -> Result<(), DenialReason> {
    match (action, target) {
        (
            Action::ViewThesis
            | Action::CreateThesis
            | Action::UploadVersion
            | Action::FileAppeal
            | Action::RequestAbsence,
            AccessTarget::Thesis(thesis),
        ) => own_thesis(actor, thesis),
        (Action::ViewReport, AccessTarget::Report { thesis, students_see_reports }) => {
            own_thesis(actor, thesis)?;
            if *students_see_reports {
                Ok(())
            } else {
                Err(DenialReason::ReportsHidden)
            }
        }
        (Action::ViewUser | Action::ManageApiTokens, AccessTarget::User(user)) => self_only(actor, user),
        (
            Action::ViewCommission
            | Action::RescheduleForAbsence
            | Action::RecordTechnicalFailure
            | Action::GradeDefense
            | Action::RecordSitting
            | Action::HearAppeal
            | Action::WriteChairReport,
            AccessTarget::Commission(_),
        ) => Err(DenialReason::NotOnCommission),
        (
            Action::ViewThesis
            | Action::CreateThesis
            | Action::UploadVersion
            | Action::ViewReport
            | Action::FileAppeal
            | Action::RequestAbsence,
            _,
        )
        | (Action::ViewUser | Action::ManageApiTokens, _) => Err(DenialReason::WrongTarget),
        _ => Err(DenialReason::RoleNotAllowed),
    }
}

fn supervisor_may(actor: &User, action: Action, target: &AccessTarget) -> Result<(), DenialReason> {
    let assigned = |thesis: &ThesisRef| {
        if thesis.supervisor == Some(actor.id) {
            Ok(())
        } else {
            Err(DenialReason::NotYourStudent)
        }
    };
    match (action, target) {
        (
            Action::ViewThesis | Action::DecideThesis | Action::ExcludeSource | Action::UploadFeedback,
            AccessTarget::Thesis(thesis),
        ) => assigned(thesis),
        (Action::ViewReport | Action::ExcludeSource, AccessTarget::Report { thesis, .. }) => assigned(thesis),
        (Action::ViewUser, AccessTarget::User(user)) => {
            if user.id == actor.id || user.supervisor == Some(actor.id) {
                Ok(())
            } else {
                Err(DenialReason::NotYourStudent)
            }
        }
        (Action::ManageApiTokens, AccessTarget::User(user)) => self_only(actor, user),
        (
            Action::ViewCommission
            | Action::RescheduleForAbsence
            | Action::RecordTechnicalFailure
            | Action::GradeDefense
            | Action::RecordSitting
            | Action::HearAppeal
            | Action::WriteChairReport,
            AccessTarget::Commission(_),
        ) => Err(DenialReason::NotOnCommission),
        (
            Action::ViewThesis
            | Action::DecideThesis
            | Action::ExcludeSource
            | Action::UploadFeedback
            | Action::ViewReport
            | Action::ViewUser
            | Action::ManageApiTokens,
            _,
        ) => Err(DenialReason::WrongTarget),
        _ => Err(DenialReason::RoleNotAllowed),
    }
}

fn staff_may(actor: &User, action: Action, target: &AccessTarget) -> Result<(), DenialReason> {
    // Staff without a faculty work for the whole institution.
    let covers = |faculty: Option<&str>| match (&actor.faculty, faculty) {
        (None, _) => Ok(()),
        (Some(own), Some(faculty)) if own == faculty => Ok(()),
        _ => Err(DenialReason::OutsideYourFaculty),
    };
    match (action, target) {
        (
            Action::ViewThesis
            | Action::CreateThesis
            | Action::AdmitToDefense
            | Action::StartRescan
            | Action::UploadReview,
            AccessTarget::Thesis(thesis),
        ) => covers(Some(&thesis.faculty)),
        (Action::ViewReport, AccessTarget::Report { thesis, .. }) => covers(Some(&thesis.faculty)),
        (
            Action::ViewAdmissionList
            | Action::ExportAdmissionCsv
            | Action::StartRescan
            | Action::ImportUsers,
            AccessTarget::Faculty(faculty),
        ) => covers(Some(faculty)),
        (
            Action::ViewAdmissionList
            | Action::ExportAdmissionCsv
            | Action::StartRescan
            | Action::ImportUsers,
            AccessTarget::Institution,
        ) => covers(None),
        (
            Action::ManageCommissions
            | Action::ViewCommission
            | Action::RescheduleForAbsence
            | Action::RecordTechnicalFailure,
            AccessTarget::Commission(commission),
        ) => covers(Some(&commission.faculty)),
        // Grading and recording the sitting are the seat holders' alone.
        (
            Action::GradeDefense | Action::RecordSitting | Action::HearAppeal | Action::WriteChairReport,
            AccessTarget::Commission(_),
        ) => Err(DenialReason::NotOnCommission),
        (Action::ManageCommissions, AccessTarget::Faculty(faculty)) => covers(Some(faculty)),
        (Action::ManageCommissions, AccessTarget::Institution) => covers(None),
        // The corpus and the job queue are shared by all faculties; all staff manage them.
        (Action::ManageCorpus | Action::ViewJobs, _) => Ok(()),
        (Action::ViewUser, AccessTarget::User(user)) => {
            if user.id == actor.id {
                Ok(())
            } else {
                covers(user.faculty.as_deref())
            }
        }
        (Action::ManageApiTokens, AccessTarget::User(user)) => self_only(actor, user),
        (
            Action::ViewThesis
            | Action::CreateThesis
            | Action::AdmitToDefense
            | Action::StartRescan
            | Action::ViewReport
            | Action::ViewAdmissionList
            | Action::ExportAdmissionCsv
            | Action::ImportUsers
            | Action::ViewUser
            | Action::ManageApiTokens
            | Action::UploadReview
            | Action::ManageCommissions
            | Action::ViewCommission
            | Action::RescheduleForAbsence
            | Action::RecordTechnicalFailure
            | Action::GradeDefense
            | Action::RecordSitting
            | Action::HearAppeal
            | Action::WriteChairReport,
            _,
        ) => Err(DenialReason::WrongTarget),
        _ => Err(DenialReason::RoleNotAllowed),
    }
}

fn self_only(actor: &User, user: &UserRef) -> Result<(), DenialReason> {
    if user.id == actor.id {
        Ok(())
    } else {
        Err(DenialReason::RoleNotAllowed)
    }
}
