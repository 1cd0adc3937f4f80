//! The mailer: a background thread that sends the e-mails queued in the store's mail outbox
//! through the configured SMTP relay, in each recipient's language, and retries a failed one
//! later (a growing pause, `jobs::backoff`), so a slow or absent mail server never holds up or
//! fails the change that queued the mail. It runs only when `[smtp]` is configured.

use super::text_of;
use crate::config::SmtpConfig;
use crate::jobs::backoff::Backoff;
use crate::model::UiLang;
use crate::store::{MailItem, Notification, Store, StoreError};
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Attempts after which a mail is given up (and logged): about a day with the pauses below.
const MAX_ATTEMPTS: u32 = 300;
/// How often the outbox is looked at when nothing failed.
const POLL: Duration = Duration::from_millis(500);
/// The pause after failures, of the relay (the whole loop waits) and of one mail (its next
/// attempt): two seconds per failure, at most five minutes.
const MAIL_BACKOFF: Backoff = Backoff::new(Duration::from_secs(2), Duration::from_secs(300));

/// Why one e-mail could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the address {0:?} is not a valid mailbox")]
    Address(String),
    #[error("the message could not be built: {0}")]
    Build(String),
    #[error("the SMTP server refused or could not be reached: {0}")]
    Smtp(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl MailError {
    /// True when trying again cannot help (a bad address): the mail leaves the queue.
    fn is_permanent(&self) -> bool {
        matches!(self, MailError::Address(_) | MailError::Build(_))
    }
}

/// Sends queued mail until `stopping` is set. Meant for its own thread.
pub struct Mailer {
    store: Store,
    config: SmtpConfig,
    transport: SmtpTransport,
    /// The service's base address for links in the mail (`http://host:port`).
    base_url: String,
    clock: Arc<dyn crate::clock::Clock>,
}

impl Mailer {
    pub fn new(
        store: Store,
        config: SmtpConfig,
        base_url: String,
        clock: Arc<dyn crate::clock::Clock>,
    ) -> Mailer {
        let mut builder = SmtpTransport::builder_dangerous(&config.host)
            .port(config.port)
            .timeout(Some(Duration::from_secs(30)));
        if let (Some(username), Some(password)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(username.clone(), password.clone()));
        }
        Mailer { store, transport: builder.build(), config, base_url, clock }
    }

    /// Sends what is due, then waits; a failure of the relay pauses the whole loop (growing
    /// pause, at most five minutes) and leaves the mail queued with its next attempt time.
    pub fn run(self, stopping: Arc<AtomicBool>) {
        let mut backoff = MAIL_BACKOFF;
        let stop = || stopping.load(Ordering::Relaxed);
        while !stop() {
            let pause = match self.send_due() {
                Ok(()) => {
                    backoff.reset();
                    POLL
                }
                Err(error) => {
                    tracing::warn!(%error, "e-mail notifications: sending failed, will retry");
                    backoff.next_pause()
                }
            };
            if !crate::jobs::backoff::sleep_unless(pause, stop) {
                break;
            }
        }
    }

    /// Sends every e-mail due now. A temporary failure stops the round (the relay is likely
    /// down) after rescheduling that mail.
    pub fn send_due(&self) -> Result<(), MailError> {
        let now = self.clock.now_ms();
        for (item, notification) in self.store.due_mail(now, 50)? {
            match self.send_one(&notification) {
                Ok(()) => self.store.mail_done(notification.id)?,
                Err(error) if error.is_permanent() || item.attempts + 1 >= MAX_ATTEMPTS => {
                    tracing::error!(%error, notification = notification.id, "e-mail notification given up");
                    self.store.mail_done(notification.id)?;
                }
                Err(error) => {
                    self.store.mail_failed(notification.id, now + retry_pause_ms(&item))?;
                    return Err(error);
                }
            }
        }
        Ok(())
    }

    fn send_one(&self, notification: &Notification) -> Result<(), MailError> {
        let user = self.store.user(notification.user)?;
        let lang = self.store.user_lang(user.id)?.unwrap_or(UiLang::Kk);
        let text = text_of(&self.store, notification, lang);
        let to: Mailbox = format!("{} <{}>", user.name.replace(['<', '>', '"'], ""), user.email)
            .parse()
            .map_err(|_| MailError::Address(user.email.clone()))?;
        let from: Mailbox =
            self.config.from.parse().map_err(|_| MailError::Address(self.config.from.clone()))?;
        let body = format!("{}\n\n{}{}\n\n— Adal\n", text.body, self.base_url, text.link);
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(text.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|error| MailError::Build(error.to_string()))?;
        self.transport.send(&message).map_err(|error| MailError::Smtp(error.to_string()))?;
        Ok(())
    }
}

/// The pause before the next attempt of one mail (after `attempts + 1` failures).
fn retry_pause_ms(item: &MailItem) -> i64 {
    i64::try_from(MAIL_BACKOFF.pause_after(item.attempts.saturating_add(1)).as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_waits_two_seconds_more_per_failure_at_most_five_minutes() {
        let pause = |attempts| retry_pause_ms(&MailItem { notification: 1, attempts, next_attempt_at: 0 });
        assert_eq!([pause(0), pause(1), pause(149), pause(299)], [2_000, 4_000, 300_000, 300_000]);
    }
}
