//! A person's own notifications: the list (newest first, with the words in their language),
//! the unread count for the top bar, and marking them read. Everyone sees only their own.

use super::{AppError, Services};
use crate::model::UiLang;
use crate::notify::{text_of, NotificationText};
use crate::store::{Notification, NotificationId, User};

/// The most notifications the list shows.
pub const LIST_LIMIT: usize = 100;

/// A notification with its words.
#[derive(Clone, Debug)]
pub struct ShownNotification {
    pub notification: Notification,
    pub text: NotificationText,
}

/// The caller's notifications, newest first, in `lang`.
pub fn list(services: &Services, caller: &User, lang: UiLang) -> Result<Vec<ShownNotification>, AppError> {
    let notifications = services.store.notifications_of(caller.id, LIST_LIMIT)?;
    Ok(notifications
        .into_iter()
        .map(|notification| {
            let text = text_of(&services.store, &notification, lang);
            ShownNotification { notification, text }
        })
        .collect())
}

/// How many of the caller's notifications are unread.
pub fn unread_count(services: &Services, caller: &User) -> Result<usize, AppError> {
    Ok(services.store.unread_notifications(caller.id)?)
}

/// Marks one of the caller's notifications read, or all of them; another user's notification
/// is not found.
pub fn mark_read(services: &Services, caller: &User, only: Option<NotificationId>) -> Result<(), AppError> {
    services.store.mark_notifications_read(caller.id, only).map_err(|error| match error {
        crate::store::StoreError::NotFound { .. } => AppError::NotFound,
        other => AppError::Store(other),
    })
}
