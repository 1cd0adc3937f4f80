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

/// The words of a notification in `lang`. The thesis's title is read from the store; a thesis
/// that cannot be read is named by its number.
pub fn text_of(store: &Store, notification: &Notification, lang: UiLang) -> NotificationText {
    let title = |thesis: u64| {
        store.thesis(thesis).map(|thesis| thesis.title).unwrap_or_else(|_| format!("№{thesis}"))
    };
    match &notification.kind {
        NotificationKind::ReportReady { thesis, version } => {
            let title_text = title(*thesis);
            NotificationText {
                subject: msg_with(lang, "notify_report_ready_subject", &[("title", title_text.as_str())]),
                body: msg_with(lang, "notify_report_ready_body", &[("title", title_text.as_str())]),
                link: format!("/theses/{thesis}#version-{version}"),
            }
        }
        NotificationKind::ThesisReturned { thesis } => {
            let title_text = title(*thesis);
            NotificationText {
                subject: msg_with(lang, "notify_thesis_returned_subject", &[("title", title_text.as_str())]),
                body: msg_with(lang, "notify_thesis_returned_body", &[("title", title_text.as_str())]),
                link: format!("/theses/{thesis}"),
            }
        }
        NotificationKind::ThesisCleared { thesis } => {
            let title_text = title(*thesis);
            NotificationText {
                subject: msg_with(lang, "notify_thesis_cleared_subject", &[("title", title_text.as_str())]),
                body: msg_with(lang, "notify_thesis_cleared_body", &[("title", title_text.as_str())]),
                link: format!("/theses/{thesis}"),
            }
        }
        NotificationKind::RescanFinished { job, done, failed } => NotificationText {
            subject: msg_with(lang, "notify_rescan_finished_subject", &[("job", &job.to_string())]),
            body: msg_with(
                lang,
                "notify_rescan_finished_body",
                &[("done", &done.to_string()), ("failed", &failed.to_string())],
            ),
            link: "/staff".to_string(),
        },
    }
}
