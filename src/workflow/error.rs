//! Why a workflow event was refused, with hand-written messages in Kazakh, Russian and English.

use crate::model::{Translated, UiLang};

/// A workflow event that the rules refuse in the thesis's current state.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum WorkflowError {
    /// A check or decision arrived for a thesis that has no version yet.
    #[error("the thesis has no uploaded version yet")]
    NoVersion,
    /// A decision was requested before the report of the current version was ready.
    #[error("the current version has not been checked yet")]
    NotChecked,
    /// Clearing above the similarity threshold needs a written justification.
    #[error("similarity {similarity_percent:.1}% is above the threshold of {threshold_percent:.1}%: a written justification is required")]
    JustificationRequired { similarity_percent: f64, threshold_percent: f64 },
    /// Returning a thesis needs a reason for the student.
    #[error("a thesis can only be returned with a reason")]
    ReasonRequired,
    /// The thesis is already cleared; it can be returned, admitted, or replaced by a new version.
    #[error("the thesis is already cleared")]
    AlreadyCleared,
    /// The thesis was returned; the student has to upload a new version first.
    #[error("the thesis was returned; a new version is needed")]
    AlreadyReturned,
    /// Only a cleared thesis can be admitted to defense.
    #[error("only a cleared thesis can be admitted to defense")]
    NotCleared,
    /// The thesis is admitted to defense; nothing about it can change any more.
    #[error("the thesis is already admitted to defense")]
    AlreadyAdmitted,
    /// A check reported a version that is newer than the thesis's current version.
    #[error("version {version} is not a version of this thesis")]
    UnknownVersion { version: u64 },
}

impl WorkflowError {
    /// The message to show a user, without figures.
    pub fn translated(&self) -> Translated {
        match self {
            WorkflowError::NoVersion => Translated {
                kk: "Жұмыстың әлі бірде-бір нұсқасы жүктелмеген.",
                ru: "У работы ещё нет ни одной загруженной версии.",
                en: "The thesis has no uploaded version yet.",
            },
            WorkflowError::NotChecked => Translated {
                kk: "Ағымдағы нұсқа әлі тексерілген жоқ. Есептің дайын болуын күтіңіз.",
                ru: "Текущая версия ещё не проверена. Дождитесь готовности отчёта.",
                en: "The current version has not been checked yet. Wait for the report.",
            },
            WorkflowError::JustificationRequired { .. } => Translated {
                kk: "Ұқсастық шекті мәннен жоғары: жұмысты мақұлдау үшін жазбаша негіздеме қажет.",
                ru: "Заимствования выше порога: для допуска работы нужно письменное обоснование.",
                en: "Similarity is above the threshold: clearing the thesis needs a written justification.",
            },
            WorkflowError::ReasonRequired => Translated {
                kk: "Жұмысты қайтару үшін студентке себебін жазыңыз.",
                ru: "Чтобы вернуть работу, укажите причину для студента.",
                en: "To return a thesis, write the reason for the student.",
            },
            WorkflowError::AlreadyCleared => Translated {
                kk: "Жұмыс мақұлданып қойған.",
                ru: "Работа уже допущена руководителем.",
                en: "The thesis is already cleared.",
            },
            WorkflowError::AlreadyReturned => Translated {
                kk: "Жұмыс қайтарылған: алдымен студент жаңа нұсқасын жүктеуі керек.",
                ru: "Работа возвращена: сначала студент должен загрузить новую версию.",
                en: "The thesis was returned: the student has to upload a new version first.",
            },
            WorkflowError::NotCleared => Translated {
                kk: "Қорғауға тек мақұлданған жұмыс жіберіледі.",
                ru: "К защите допускается только одобренная работа.",
                en: "Only a cleared thesis can be admitted to defense.",
            },
            WorkflowError::AlreadyAdmitted => Translated {
                kk: "Жұмыс қорғауға жіберілген, оны енді өзгертуге болмайды.",
                ru: "Работа допущена к защите и больше не может быть изменена.",
                en: "The thesis is admitted to defense and can no longer change.",
            },
            WorkflowError::UnknownVersion { .. } => Translated {
                kk: "Бұл нұсқа осы жұмысқа жатпайды.",
                ru: "Эта версия не относится к данной работе.",
                en: "This version does not belong to the thesis.",
            },
        }
    }

    /// The message in one language, with the figures where the message has any.
    pub fn localized(&self, lang: UiLang) -> String {
        let text = self.translated().get(lang);
        match self {
            WorkflowError::JustificationRequired { similarity_percent, threshold_percent } => {
                format!("{text} ({similarity_percent:.1}% > {threshold_percent:.1}%)")
            }
            _ => text.to_string(),
        }
    }
}
