//! Notifications in words: what a stored [`Notification`] says, in Kazakh, Russian or English,
//! with the page it links to; and the [`mailer`] that sends the queued ones by e-mail.
//!
//! The notifications themselves are written by the store in the transaction of the change they
//! tell of (`store/notifications.rs`); this module only reads them. It knows no HTTP.

pub mod mailer;

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

fn pick(lang: UiLang, kk: String, ru: String, en: String) -> String {
    match lang {
        UiLang::Kk => kk,
        UiLang::Ru => ru,
        UiLang::En => en,
    }
}

/// The words of a notification in `lang`. The thesis's title is read from the store; a thesis
/// that cannot be read is named by its number.
pub fn text_of(store: &Store, notification: &Notification, lang: UiLang) -> NotificationText {
    let title = |thesis: u64| {
        store.thesis(thesis).map(|thesis| thesis.title).unwrap_or_else(|_| format!("№{thesis}"))
    };
    match &notification.kind {
        NotificationKind::ReportReady { thesis, version } => {
            let title = title(*thesis);
            NotificationText {
                subject: pick(
                    lang,
                    format!("Тексеру есебі дайын: «{title}»"),
                    format!("Отчёт о проверке готов: «{title}»"),
                    format!("The similarity report is ready: “{title}”"),
                ),
                body: pick(
                    lang,
                    format!("«{title}» жұмысының жаңа нұсқасы тексерілді. Нәтижесін жұмыс бетінен көріңіз."),
                    format!("Новая версия работы «{title}» проверена. Результат — на странице работы."),
                    format!("The new version of “{title}” has been checked. See the result on the thesis page."),
                ),
                link: format!("/theses/{thesis}#version-{version}"),
            }
        }
        NotificationKind::ThesisReturned { thesis } => {
            let title = title(*thesis);
            NotificationText {
                subject: pick(
                    lang,
                    format!("Жұмыс қайтарылды: «{title}»"),
                    format!("Работа возвращена: «{title}»"),
                    format!("Your thesis was returned: “{title}”"),
                ),
                body: pick(
                    lang,
                    format!("Жетекші «{title}» жұмысын түзетуге қайтарды. Себебін жұмыс бетінен оқыңыз да, жаңа нұсқасын жүктеңіз."),
                    format!("Руководитель вернул работу «{title}» на доработку. Причина указана на странице работы; загрузите новую версию."),
                    format!("Your supervisor returned “{title}” for revision. The reason is on the thesis page; please upload a new version."),
                ),
                link: format!("/theses/{thesis}"),
            }
        }
        NotificationKind::ThesisCleared { thesis } => {
            let title = title(*thesis);
            NotificationText {
                subject: pick(
                    lang,
                    format!("Жұмыс қорғауға ұсынылды: «{title}»"),
                    format!("Работа рекомендована к защите: «{title}»"),
                    format!("Your thesis was cleared for defense: “{title}”"),
                ),
                body: pick(
                    lang,
                    format!("Жетекші «{title}» жұмысын қорғауға ұсынды."),
                    format!("Руководитель рекомендовал работу «{title}» к защите."),
                    format!("Your supervisor cleared “{title}” for defense."),
                ),
                link: format!("/theses/{thesis}"),
            }
        }
        NotificationKind::RescanFinished { job, done, failed } => NotificationText {
            subject: pick(
                lang,
                format!("Қайта тексеру №{job} аяқталды"),
                format!("Повторная проверка №{job} завершена"),
                format!("Rescan №{job} has finished"),
            ),
            body: pick(
                lang,
                format!("Қайта тексеру аяқталды: {done} жұмыс тексерілді, {failed} жұмыс тексерілмеді."),
                format!("Повторная проверка завершена: проверено работ — {done}, не удалось проверить — {failed}."),
                format!("The rescan has finished: {done} theses checked, {failed} could not be checked."),
            ),
            link: "/staff".to_string(),
        },
    }
}
