//! The records of the thesis service — users and roles, theses, versions, checks, decisions,
//! exclusions, sessions, tokens, who made a change (`Actor`), the attestation's commissions
//! (`commissions.rs`), schedules and defenses (`defenses.rs`) and defense documents
//! (`documents.rs`) — as plain serde structs. The
//! store keeps them (as JSON in sled trees, `crate::store`), the application layer, access
//! rules and workflow work with them; none of them needs the store to be read.
//!
//! Ids are `u64` counters handed out by the store inside the transaction that creates the record,
//! so they grow with creation order and never repeat. Times are unix milliseconds passed in by
//! the caller. Nothing here knows about sled.

use crate::model::DocLang;
use crate::workflow::ThesisState;
use serde::{Deserialize, Serialize};

mod commissions;
mod defenses;
mod documents;

pub use commissions::{
    AppealSeat, ChairRecommendations, Commission, CommissionError, CommissionId, CommissionKind, Composition,
    NewCommission, Seat,
};
pub use defenses::{
    AbsenceAnswer, AbsenceRequest, Appeal, CommissionSchedule, Defense, Grading, RecordedVote,
    TechnicalFailureAct,
};
pub use documents::{DefenseDocument, DefenseDocumentKind};

pub type UserId = u64;
pub type ThesisId = u64;
pub type VersionId = u64;
pub type CheckId = u64;
pub type DecisionId = u64;
pub type JobId = u64;
pub type ExclusionId = u64;
pub type ApiTokenId = u64;
pub type NotificationId = u64;

/// What a user may do in Adal (see `auth::authorize`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Student,
    Supervisor,
    Staff,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Student, Role::Supervisor, Role::Staff, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Student => "student",
            Role::Supervisor => "supervisor",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code.trim().to_ascii_lowercase().as_str() {
            "student" => Some(Role::Student),
            "supervisor" => Some(Role::Supervisor),
            "staff" => Some(Role::Staff),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Who made a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Actor {
    User(UserId),
    /// Adal itself: check workers, rescans, maintenance.
    System,
}

/// A person who can log in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    /// Stored trimmed and lower-cased; unique.
    pub email: String,
    pub role: Role,
    /// For staff, `None` means the whole institution; for others it is informational.
    pub faculty: Option<String>,
    pub department: Option<String>,
    /// For a student: the assigned supervisor.
    pub supervisor: Option<UserId>,
    /// An argon2id PHC string, or `None` until a password is set.
    pub password_hash: Option<String>,
    /// A deactivated user can do nothing.
    pub active: bool,
    pub created_at: i64,
    /// Sessions and API tokens created before this time (ms) are no longer accepted: set when
    /// the password changes or the account is deactivated, so old credentials die with it.
    #[serde(default)]
    pub credentials_valid_from: i64,
}

/// The fields of a user that the caller chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub faculty: Option<String>,
    pub department: Option<String>,
    pub supervisor: Option<UserId>,
    pub password_hash: Option<String>,
}

/// A calendar day, e.g. the planned defense date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CalendarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl CalendarDate {
    /// True for a real day of the Gregorian calendar in the years a thesis may plan a defense
    /// (2000–2100): month 1–12, day within its month (29 February only in leap years).
    pub fn is_valid(&self) -> bool {
        let leap = (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0;
        let days_in_month = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (2000..=2100).contains(&self.year) && (1..=days_in_month).contains(&self.day)
    }
}

/// One thesis of one student; its versions, checks and decisions point to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thesis {
    pub id: ThesisId,
    pub title: String,
    pub student: UserId,
    pub supervisor: Option<UserId>,
    pub faculty: String,
    pub department: Option<String>,
    pub programme: String,
    pub language: DocLang,
    pub planned_defense: Option<CalendarDate>,
    /// Changed only by the store, through `workflow::apply`.
    pub state: ThesisState,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The fields of a thesis that the caller chooses.
#[derive(Clone, Debug, PartialEq)]
pub struct NewThesis {
    pub title: String,
    pub student: UserId,
    /// `None` takes the student's assigned supervisor.
    pub supervisor: Option<UserId>,
    /// `None` takes the student's faculty.
    pub faculty: Option<String>,
    pub programme: String,
    pub language: DocLang,
    pub planned_defense: Option<CalendarDate>,
}

/// How text extraction of an uploaded file went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ExtractionOutcome {
    #[default]
    Pending,
    Extracted {
        n_chars: u64,
        n_warnings: u32,
    },
    Failed {
        reason: String,
    },
}

/// One uploaded file of a thesis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub id: VersionId,
    pub thesis: ThesisId,
    /// 1 for the first upload of the thesis, then 2, 3, …
    pub number: u32,
    /// The content address of the file in the `FileStore`.
    pub file_hash: String,
    pub file_name: String,
    pub byte_len: u64,
    pub uploaded_by: Actor,
    pub uploaded_at: i64,
    pub extraction: ExtractionOutcome,
}

/// The fields of a version that the caller chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewVersion {
    pub file_hash: String,
    pub file_name: String,
    pub byte_len: u64,
}

/// How long the steps of a check took, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckTimings {
    pub extract_ms: u64,
    /// Named as in the report's timings (checks stored before had `fingerprint_ms`).
    #[serde(alias = "fingerprint_ms")]
    pub analyze_ms: u64,
    #[serde(alias = "lookup_ms")]
    pub candidates_ms: u64,
    #[serde(alias = "compare_ms")]
    pub align_ms: u64,
    pub total_ms: u64,
}

/// A finished check of one version against one state of the corpus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub id: CheckId,
    pub version: VersionId,
    pub thesis: ThesisId,
    /// Similarity in percent (0–100).
    pub similarity: f64,
    pub corpus_version: u64,
    pub scheme_version: u32,
    pub timings: CheckTimings,
    pub created_at: i64,
    /// The job that made this check, when a job did (absent in checks stored before it was kept).
    #[serde(default)]
    pub job: Option<u64>,
    /// The report as opaque JSON bytes; kept in its own tree, not inside this record's JSON.
    #[serde(skip)]
    pub report_json: Vec<u8>,
}

/// The fields of a check that the pipeline supplies.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCheck {
    pub version: VersionId,
    /// The job making the check: a job records at most one check per version, so a job rerun
    /// after a crash between recording and finishing does not record a second one.
    pub job: Option<u64>,
    pub similarity: f64,
    pub corpus_version: u64,
    pub scheme_version: u32,
    pub timings: CheckTimings,
    pub report_json: Vec<u8>,
}

/// What a decision decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecisionKind {
    Cleared { justification: Option<String> },
    Returned { reason: String },
    Admitted,
}

/// A supervisor's or staff member's decision on the current version of a thesis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub id: DecisionId,
    pub thesis: ThesisId,
    pub version: VersionId,
    pub kind: DecisionKind,
    /// The similarity figure of the state the decision was made in, if it had one.
    pub similarity: Option<f64>,
    pub by: UserId,
    pub at: i64,
}

/// A source or passage a supervisor excluded from a report (e.g. a properly quoted standard).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExcludedItem {
    /// A whole source document, by its corpus id.
    Source { source_id: String },
    /// A source a reviewer excluded earlier and counts again (the switch turned back on).
    SourceRestored { source_id: String },
    /// A byte range of the thesis text.
    Passage { start: u64, end: u64 },
    /// A byte range excluded earlier that counts again: every passage it overlaps is restored.
    PassageRestored { start: u64, end: u64 },
    /// The report options a reviewer switched; the latest one recorded applies.
    Options { quotes: bool, bibliography: bool, min_match_words: u32 },
    /// The cross-language check switched on or off for this report: off leaves translated
    /// passages out of the figures; the latest one recorded applies.
    CrossLanguage { on: bool },
}

/// A recorded exclusion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub id: ExclusionId,
    pub check: CheckId,
    pub thesis: ThesisId,
    pub item: ExcludedItem,
    pub reason: String,
    pub by: UserId,
    pub at: i64,
}

/// A logged-in browser session. The key is a hash of the cookie value, never the value itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub user: UserId,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A token for scripts. Only the hash of the token is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub user: UserId,
    pub label: String,
    /// Hex of the token's hash (see `auth::hash_token`).
    pub token_hash: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked: bool,
    /// What the token is for; tokens stored before this field existed are API tokens.
    #[serde(default)]
    pub purpose: TokenPurpose,
}

/// What a stored token may be used for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenPurpose {
    /// `Authorization: Bearer` for scripts.
    #[default]
    Api,
    /// A one-time link an admin hands to a user to set a new password; never a bearer token.
    PasswordReset,
}

/// What a notification tells its recipient. The text is written when it is shown or mailed,
/// in the recipient's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotificationKind {
    /// The report of a version is ready (to the student and the supervisor).
    ReportReady { thesis: ThesisId, version: VersionId },
    /// The supervisor returned the thesis (to the student).
    ThesisReturned { thesis: ThesisId },
    /// The supervisor cleared the thesis for defense (to the student).
    ThesisCleared { thesis: ThesisId },
    /// A rescan ended (to the staff member who started it).
    RescanFinished { job: JobId, done: u64, failed: u64 },
    /// The commission's schedule was published with the student's defense on it (to the
    /// student); also sent when a published defense is moved.
    DefenseScheduled { commission: CommissionId, thesis: ThesisId, moved: bool },
    /// The commission's schedule was published (to everyone who sits on it).
    SittingsScheduled { commission: CommissionId },
    /// The result of the student's defense was published (to the student).
    ResultPublished { thesis: ThesisId },
    /// A student appealed a result (to the members of the appeal commission).
    AppealFiled { thesis: ThesisId },
    /// The appeal commission decided (to the student).
    AppealDecided { thesis: ThesisId },
    /// A student asked to defend on another day for a valid reason (to the chair).
    AbsenceRequested { thesis: ThesisId, commission: CommissionId },
    /// The chair refused a student's absence request (to the student).
    AbsenceRefused { thesis: ThesisId },
    /// The technical secretary drew up a technical-failure act (to everyone on the commission,
    /// §23).
    FailureActDrawn { commission: CommissionId, number: u32 },
    /// The vote protocol of a defense is ready, confirmed by the secretary (to everyone on the
    /// commission, §63).
    ProtocolReady { commission: CommissionId, thesis: ThesisId },
}

/// One notification of one user, shown in the app (and mailed when SMTP is configured).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: NotificationId,
    pub user: UserId,
    pub at: i64,
    pub kind: NotificationKind,
    pub read: bool,
}

/// A notification waiting in the mail outbox: how often sending failed and when to try again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailItem {
    pub notification: NotificationId,
    pub attempts: u32,
    pub next_attempt_at: i64,
}
