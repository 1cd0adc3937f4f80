//! Notifications and the mail outbox. A notification is written in the same transaction as the
//! change it tells of (a recorded check, a decision, the end of a rescan), so none is lost or
//! sent for a change that did not happen. While the service runs with `[smtp]` configured
//! (the meta flag set by [`Store::set_mail_enabled`]), the same transaction also queues it in
//! the mail outbox; the mailer (`crate::notify::mailer`) sends from there and removes the entry
//! only once the SMTP server accepted the message. Without the flag nothing is queued.

use super::tx::{abort, id_key, pair_key, TreeName, Tx, TxResult};
use super::{MailItem, Notification, NotificationId, NotificationKind, Store, StoreError, UserId};

/// The meta key of the flag "queue e-mail for new notifications".
const MAIL_ENABLED_KEY: &[u8] = b"mail-enabled";

impl Tx<'_> {
    /// Writes a notification for `user` and, when mail is enabled, queues its e-mail.
    pub(crate) fn notify(&self, user: UserId, kind: NotificationKind, now: i64) -> TxResult<NotificationId> {
        let notification =
            Notification { id: self.next_id("notification")?, user, at: now, kind, read: false };
        self.put(TreeName::Notifications, &id_key(notification.id), &notification)?;
        self.put_raw(TreeName::NotificationsByUser, &pair_key(user, notification.id), &[])?;
        if self.get::<bool>(TreeName::Meta, MAIL_ENABLED_KEY)?.unwrap_or(false) {
            let item = MailItem { notification: notification.id, attempts: 0, next_attempt_at: now };
            self.put(TreeName::MailOutbox, &id_key(notification.id), &item)?;
        }
        Ok(notification.id)
    }
}

impl Store {
    /// Whether new notifications are queued for e-mail: the service sets it at startup, true
    /// exactly when `[smtp]` is configured.
    pub fn set_mail_enabled(&self, enabled: bool) -> Result<(), StoreError> {
        self.write(|tx| tx.put(TreeName::Meta, MAIL_ENABLED_KEY, &enabled))
    }

    /// The language a user last chose for the pages, in which their e-mail is written.
    pub fn user_lang(&self, user: UserId) -> Result<Option<crate::model::UiLang>, StoreError> {
        let key = format!("user-lang/{user}");
        match self.tree(TreeName::Meta).get(key.as_bytes())? {
            Some(bytes) => super::tx::decode(TreeName::Meta, key.as_bytes(), &bytes),
            None => Ok(None),
        }
    }

    /// Remembers a user's language (written only when it changed).
    pub fn set_user_lang(&self, user: UserId, lang: crate::model::UiLang) -> Result<(), StoreError> {
        if self.user_lang(user)? == Some(lang) {
            return Ok(());
        }
        let key = format!("user-lang/{user}");
        self.write(|tx| tx.put(TreeName::Meta, key.as_bytes(), &Some(lang)))
    }

    /// A user's notifications, newest first, at most `limit`.
    pub fn notifications_of(&self, user: UserId, limit: usize) -> Result<Vec<Notification>, StoreError> {
        let ids = self.index_ids(TreeName::NotificationsByUser, user)?;
        ids.into_iter()
            .rev()
            .take(limit)
            .map(|id| self.read_record(TreeName::Notifications, "notification", id))
            .collect()
    }

    /// How many of a user's notifications are unread.
    pub fn unread_notifications(&self, user: UserId) -> Result<usize, StoreError> {
        let ids = self.index_ids(TreeName::NotificationsByUser, user)?;
        let mut unread = 0;
        for id in ids {
            let notification: Notification = self.read_record(TreeName::Notifications, "notification", id)?;
            unread += usize::from(!notification.read);
        }
        Ok(unread)
    }

    /// Marks notifications of `user` read: the one given, or all of them.
    pub fn mark_notifications_read(
        &self,
        user: UserId,
        only: Option<NotificationId>,
    ) -> Result<(), StoreError> {
        let ids = match only {
            Some(id) => vec![id],
            None => self.index_ids(TreeName::NotificationsByUser, user)?,
        };
        self.write(|tx| {
            for &id in &ids {
                let notification: Notification =
                    tx.get_record(TreeName::Notifications, "notification", id)?;
                if notification.user != user {
                    return abort(StoreError::NotFound { kind: "notification", id });
                }
                if !notification.read {
                    let read = Notification { read: true, ..notification };
                    tx.put(TreeName::Notifications, &id_key(id), &read)?;
                }
            }
            Ok(())
        })
    }

    /// The queued e-mails due at `now`, oldest first, at most `limit`, with their notifications.
    pub fn due_mail(&self, now: i64, limit: usize) -> Result<Vec<(MailItem, Notification)>, StoreError> {
        let mut due = Vec::new();
        for item in self.read_all::<MailItem>(TreeName::MailOutbox)? {
            if item.next_attempt_at <= now {
                let notification =
                    self.read_record(TreeName::Notifications, "notification", item.notification)?;
                due.push((item, notification));
                if due.len() == limit {
                    break;
                }
            }
        }
        Ok(due)
    }

    /// How many e-mails are queued.
    pub fn queued_mail(&self) -> Result<usize, StoreError> {
        Ok(self.tree(TreeName::MailOutbox).len())
    }

    /// The e-mail of a notification was accepted by the SMTP server (or can never be sent):
    /// it leaves the outbox.
    pub fn mail_done(&self, notification: NotificationId) -> Result<(), StoreError> {
        self.write(|tx| tx.remove(TreeName::MailOutbox, &id_key(notification)))
    }

    /// Sending failed: the e-mail stays queued, to be tried again at `next_attempt_at`.
    pub fn mail_failed(&self, notification: NotificationId, next_attempt_at: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            let Some(item) = tx.get::<MailItem>(TreeName::MailOutbox, &id_key(notification))? else {
                return Ok(());
            };
            let item = MailItem { attempts: item.attempts + 1, next_attempt_at, ..item };
            tx.put(TreeName::MailOutbox, &id_key(notification), &item)
        })
    }
}

/// The notification helpers the other store modules call inside their transactions.
pub(crate) fn notify_all(tx: &Tx, users: &[UserId], kind: &NotificationKind, now: i64) -> TxResult<()> {
    for &user in users {
        tx.notify(user, kind.clone(), now)?;
    }
    Ok(())
}
