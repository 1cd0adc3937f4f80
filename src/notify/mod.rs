//! Notifications in words: what a stored [`Notification`] says, in Kazakh, Russian or English,
//! with the page it links to; and the [`mailer`] that sends the queued ones by e-mail.
//!
//! The notifications themselves are written by the store in the transaction of the change they
//! tell of (`store/notifications.rs`); this module only reads them. It knows no HTTP.

pub mod mailer;

use crate::messages::msg_with;
use crate::model::UiLang;
use crate::store::{Notification, NotificationKind, Store};

/// A notification as a person reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationText {
    /// One line: the e-mail's subject and the in-app list's entry.
    pub subject: String,
    /// A few sentences for the e-mail's body.
    pub body: String,
    /// The page it is about, a path on the service (`/theses/7`).
    pub link: String,
}

/// The words of a notification in `lang`. The thesis's title and the schedule's times are read
/// from the store; a thesis that cannot be read is named by its number, a time that cannot be
/// read is a dash.
pub fn text_of(store: &Store, notification: &Notification, lang: UiLang) -> NotificationText {
    let title = |thesis: u64| {
        store.thesis(thesis).map(|thesis| thesis.title).unwrap_or_else(|_| format!("№{thesis}"))
    };
    let words = |key: &str, values: &[(&str, &str)], link: String| NotificationText {
        subject: msg_with(lang, &format!("{key}_subject"), values),
        body: msg_with(lang, &format!("{key}_body"), values),
        link,
    };
    match &notification.kind {
        NotificationKind::ReportReady { thesis, version } => words(
            "notify_report_ready",
            &[("title", &title(*thesis))],
            format!("/theses/{thesis}#version-{version}"),
        ),
        NotificationKind::ThesisReturned { thesis } => {
            words("notify_thesis_returned", &[("title", &title(*thesis))], format!("/theses/{thesis}"))
        }
        NotificationKind::ThesisCleared { thesis } => {
            words("notify_thesis_cleared", &[("title", &title(*thesis))], format!("/theses/{thesis}"))
        }
        NotificationKind::RescanFinished { job, done, failed } => words(
            "notify_rescan_finished",
            &[("job", &job.to_string()), ("done", &done.to_string()), ("failed", &failed.to_string())],
            "/staff".to_string(),
        ),
        NotificationKind::DefenseScheduled { commission, thesis, moved } => {
            let (date, time) = defense_time(store, *commission, notification.user);
            let key = if *moved { "notify_defense_moved" } else { "notify_defense_scheduled" };
            let values = [("title", title(*thesis)), ("date", date), ("time", time)];
            words(key, &pairs(&values), format!("/theses/{thesis}/defense"))
        }
        NotificationKind::SittingsScheduled { commission } => {
            let (name, first_day, defenses) = sittings_summary(store, *commission);
            let values = [("commission", name), ("date", first_day), ("count", defenses)];
            words("notify_sittings_scheduled", &pairs(&values), format!("/commissions/{commission}"))
        }
        NotificationKind::ResultPublished { thesis } => {
            let deadline = match store.defense(*thesis) {
                Ok(Some(defense)) => match defense.state {
                    crate::attestation::state::DefenseState::Published { appeal_deadline, .. } => {
                        appeal_deadline.to_string()
                    }
                    _ => "—".to_string(),
                },
                _ => "—".to_string(),
            };
            let values = [("title", title(*thesis)), ("deadline", deadline)];
            words("notify_result_published", &pairs(&values), format!("/theses/{thesis}/defense"))
        }
        NotificationKind::AppealFiled { thesis } => {
            words("notify_appeal_filed", &[("title", &title(*thesis))], "/appeals".to_string())
        }
        NotificationKind::AppealDecided { thesis } => {
            words("notify_appeal_decided", &[("title", &title(*thesis))], format!("/theses/{thesis}/defense"))
        }
        NotificationKind::AbsenceRequested { thesis, commission } => words(
            "notify_absence_requested",
            &[("title", &title(*thesis))],
            format!("/commissions/{commission}#slot-{thesis}"),
        ),
        NotificationKind::AbsenceRefused { thesis } => words(
            "notify_absence_refused",
            &[("title", &title(*thesis))],
            format!("/theses/{thesis}/defense"),
        ),
        NotificationKind::FailureActDrawn { commission, number } => {
            let name = store.commission(*commission).map(|commission| commission.name).unwrap_or_default();
            let values = [("commission", name), ("number", number.to_string())];
            words("notify_failure_act", &pairs(&values), format!("/commissions/{commission}/sitting#acts"))
        }
        NotificationKind::ProtocolReady { commission, thesis } => words(
            "notify_protocol_ready",
            &[("title", &title(*thesis))],
            format!("/commissions/{commission}/protocols"),
        ),
    }
}

/// Borrowed `(name, value)` pairs for `msg_with`.
fn pairs<'a>(values: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    values.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

/// The date and start time of a student's defense on a commission's schedule (Kazakhstan time).
fn defense_time(store: &Store, commission: u64, student: u64) -> (String, String) {
    let schedule = store.schedule_of(commission).ok().flatten();
    let slot = schedule.as_ref().and_then(|stored| stored.schedule.slot_of(student));
    match slot {
        Some(slot) => (slot.date.to_string(), slot.start.to_string()),
        None => ("—".to_string(), "—".to_string()),
    }
}

/// A commission's name, its first sitting day and how many defenses its schedule holds.
fn sittings_summary(store: &Store, commission: u64) -> (String, String, String) {
    let name = store.commission(commission).map(|commission| commission.name).unwrap_or_default();
    let schedule = store.schedule_of(commission).ok().flatten();
    let first_day = schedule.as_ref().and_then(|stored| stored.schedule.sitting_days().first().copied());
    let defenses = schedule.as_ref().map_or(0, |stored| stored.schedule.slots.len());
    (name, first_day.map_or_else(|| "—".to_string(), |day| day.to_string()), defenses.to_string())
}
