//! What the thesis page shows a caller, as typed facts before any formatting: the thesis with
//! its versions (each with the check the caller may see), decisions and comments, where the
//! report stands for this caller, what the caller may do, and the status timeline
//! (submitted → checked → cleared / returned → admitted) with the times known from the records.
//!
//! The history page's entries come typed too: who, what, and the one detail a reader needs
//! (the figure of a check for those who may see it, a file name, a reason, a comment).
//!
//! The pages (`web::pages::theses`) only word and format these facts.

use super::access::{authorize_on_thesis, may_see_figures, visible_thesis};
use super::comments::{comments_of, Comment};
use super::{AppError, Services};
use crate::auth::Action;
use crate::store::{Actor, AuditAction, Check, Decision, DecisionKind, Role, Thesis, User, Version};
use crate::workflow::ThesisState;

/// Everything the thesis page shows, unformatted.
#[derive(Clone, Debug)]
pub struct ThesisPage {
    pub thesis: Thesis,
    /// May the caller read the report's figures?
    pub show_figures: bool,
    /// The versions, newest first.
    pub versions: Vec<VersionFacts>,
    /// The versions in upload order (the timeline and comments refer to them).
    pub versions_in_order: Vec<Version>,
    /// The latest check of the current version (whether or not the caller may see it).
    pub current_check: Option<Check>,
    pub report: ReportAccess,
    pub decisions: Vec<Decision>,
    pub comments: Vec<Comment>,
    pub can_upload: bool,
    pub can_admit: bool,
    pub can_comment: bool,
}

/// One version and what the caller may know of its check.
#[derive(Clone, Debug)]
pub struct VersionFacts {
    pub version: Version,
    /// The version has been checked.
    pub checked: bool,
    /// Its latest check, when the caller may see figures.
    pub visible_check: Option<Check>,
    /// A later version is the current one.
    pub superseded: bool,
}

/// Where the report of the current version stands for the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportAccess {
    /// The report of this version may be read.
    Readable { version: u64 },
    /// A student who may not read reports (the supervisor reviews it).
    Hidden,
    /// No check of the current version yet.
    NotReady,
    /// Nothing to say (a draft).
    Nothing,
}

/// The facts of the thesis page for `caller`.
pub fn thesis_page(services: &Services, caller: &User, thesis_id: u64) -> Result<ThesisPage, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    let settings = services.store.settings()?;
    let show_figures = may_see_figures(caller, &thesis, settings.students_see_reports);
    let versions_in_order = services.store.versions_of(thesis.id)?;
    let mut versions = Vec::with_capacity(versions_in_order.len());
    for version in versions_in_order.iter().rev() {
        let latest = services.store.latest_check(version.id)?;
        versions.push(VersionFacts {
            version: version.clone(),
            checked: latest.is_some(),
            visible_check: latest.filter(|_| show_figures),
            superseded: thesis.state.current_version().is_some_and(|current| current != version.id),
        });
    }
    let current_check = match thesis.state.current_version() {
        Some(version) => services.store.latest_check(version)?,
        None => None,
    };
    let allowed = |action| authorize_on_thesis(caller, action, &thesis).is_ok();
    let admitted = matches!(thesis.state, ThesisState::Admitted { .. });
    Ok(ThesisPage {
        report: report_access(caller, &thesis, current_check.as_ref(), show_figures),
        decisions: services.store.decisions_of(thesis.id)?,
        comments: comments_of(services, caller, thesis.id)?,
        can_upload: !admitted && allowed(Action::UploadVersion),
        can_admit: matches!(thesis.state, ThesisState::Cleared { .. }) && allowed(Action::AdmitToDefense),
        can_comment: allowed(Action::DecideThesis),
        thesis,
        show_figures,
        versions,
        versions_in_order,
        current_check,
    })
}

fn report_access(
    caller: &User,
    thesis: &Thesis,
    current_check: Option<&Check>,
    show_figures: bool,
) -> ReportAccess {
    let draft = thesis.state == ThesisState::Draft;
    match (current_check, show_figures) {
        (Some(check), true) => ReportAccess::Readable { version: check.version },
        (_, false) if caller.role == Role::Student && !draft => ReportAccess::Hidden,
        (None, _) if !draft => ReportAccess::NotReady,
        _ => ReportAccess::Nothing,
    }
}

/// Where a step of the timeline stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    Done,
    Current,
    Pending,
    Returned,
}

impl StepStatus {
    /// The name the page's styles use.
    pub fn name(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::Current => "current",
            StepStatus::Pending => "pending",
            StepStatus::Returned => "returned",
        }
    }
}

/// One step of the status timeline: its message key, where it stands, when it happened and a
/// note (a return's reason).
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineStep {
    pub label_key: &'static str,
    pub status: StepStatus,
    pub when: Option<i64>,
    pub note: Option<String>,
}

fn step(label_key: &'static str, status: StepStatus, when: Option<i64>) -> TimelineStep {
    TimelineStep { label_key, status, when, note: None }
}

/// submitted → checked → cleared / returned → admitted, with the times known from the records.
pub fn timeline(page: &ThesisPage) -> Vec<TimelineStep> {
    use StepStatus::{Current, Done, Pending};
    let thesis = &page.thesis;
    let current_version = thesis.state.current_version();
    let uploaded_at = page
        .versions_in_order
        .iter()
        .find(|version| Some(version.id) == current_version)
        .map(|version| version.uploaded_at);
    let checked_at =
        page.current_check.as_ref().map(|check| check.created_at).filter(|_| uploaded_at.is_some());
    let last_decision =
        page.decisions.iter().rev().find(|decision| Some(decision.version) == current_version);
    let decided_at = last_decision.map(|decision| decision.at);
    let submitted = |status| step("step_submitted", status, uploaded_at.filter(|_| status == Done));
    let checked = |status| step("step_checked", status, checked_at.filter(|_| status == Done));
    match thesis.state {
        ThesisState::Draft => {
            vec![submitted(Current), checked(Pending), step("step_decided", Pending, None), admitted(Pending)]
        }
        ThesisState::Submitted { .. } => {
            vec![submitted(Done), checked(Current), step("step_decided", Pending, None), admitted(Pending)]
        }
        ThesisState::Checked { .. } => {
            vec![submitted(Done), checked(Done), step("step_decided", Current, None), admitted(Pending)]
        }
        ThesisState::Cleared { .. } => {
            vec![submitted(Done), checked(Done), step("step_cleared", Done, decided_at), admitted(Current)]
        }
        ThesisState::Returned { .. } => {
            let reason = last_decision.and_then(|decision| match &decision.kind {
                DecisionKind::Returned { reason } => Some(reason.clone()),
                _ => None,
            });
            let returned =
                TimelineStep { note: reason, ..step("step_returned", StepStatus::Returned, decided_at) };
            vec![submitted(Done), checked(Done), returned, admitted(Pending)]
        }
        ThesisState::Admitted { .. } => {
            let cleared_at = page
                .decisions
                .iter()
                .rev()
                .find(|decision| matches!(decision.kind, DecisionKind::Cleared { .. }))
                .map(|decision| decision.at);
            let admitted = step("step_admitted", Done, decided_at);
            vec![submitted(Done), checked(Done), step("step_cleared", Done, cleared_at), admitted]
        }
    }
}

fn admitted(status: StepStatus) -> TimelineStep {
    step("step_admitted", status, None)
}

/// The history page of a thesis.
#[derive(Clone, Debug)]
pub struct HistoryPage {
    pub thesis: Thesis,
    pub show_figures: bool,
    /// Everything recorded about the thesis and its versions, oldest first.
    pub entries: Vec<HistoryEntry>,
}

/// One recorded event with its detail.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub at: i64,
    pub actor: Actor,
    pub action: AuditAction,
    /// A check's figure, for a caller who may see figures.
    pub similarity: Option<f64>,
    /// The text detail: a file name, an exclusion's reason, a comment, a decision's
    /// justification or reason.
    pub text: Option<String>,
}

/// The history of a thesis for `caller`.
pub fn history_page(services: &Services, caller: &User, thesis_id: u64) -> Result<HistoryPage, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    let show_figures = may_see_figures(caller, &thesis, services.store.settings()?.students_see_reports);
    let entries = super::theses::history(services, caller, thesis_id)?
        .into_iter()
        .map(|entry| {
            let details = &entry.details;
            let text_of = |value: &serde_json::Value| value.as_str().map(str::to_string);
            let (similarity, text) = match entry.action {
                AuditAction::CheckRecorded if show_figures => (details["similarity"].as_f64(), None),
                AuditAction::PassageExcluded => (None, text_of(&details["reason"])),
                AuditAction::CommentAdded => (None, text_of(&details["text"])),
                AuditAction::VersionUploaded => (None, text_of(&details["file_name"])),
                _ => {
                    (None, text_of(&details["kind"]["justification"]).or(text_of(&details["kind"]["reason"])))
                }
            };
            HistoryEntry { at: entry.at, actor: entry.actor, action: entry.action, similarity, text }
        })
        .collect();
    Ok(HistoryPage { thesis, show_figures, entries })
}
