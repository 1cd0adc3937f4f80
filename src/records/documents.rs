//! The defense documents a thesis needs for admission besides its similarity report (issue
//! #18): the supervisor's feedback (отзыв / пікір) and the external review (рецензия). One of
//! each kind per thesis; a new upload replaces the old one (the audit log keeps both).

use super::{ThesisId, UserId};
use serde::{Deserialize, Serialize};

/// The kind of a defense document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DefenseDocumentKind {
    /// The supervisor's feedback (отзыв научного руководителя / ғылыми жетекшінің пікірі),
    /// uploaded by the supervisor.
    Feedback,
    /// The external review (рецензия / сыртқы рецензия). External reviewers seldom have an
    /// account: staff upload it on the reviewer's behalf with the reviewer's name.
    Review,
}

impl DefenseDocumentKind {
    pub const ALL: [DefenseDocumentKind; 2] = [DefenseDocumentKind::Feedback, DefenseDocumentKind::Review];

    /// The kind's number in store keys.
    pub fn code(self) -> u64 {
        match self {
            DefenseDocumentKind::Feedback => 1,
            DefenseDocumentKind::Review => 2,
        }
    }
}

/// A stored defense document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefenseDocument {
    pub thesis: ThesisId,
    pub kind: DefenseDocumentKind,
    /// The content address of the file in the `FileStore`.
    pub file_hash: String,
    pub file_name: String,
    pub byte_len: u64,
    /// Who wrote it: the reviewer's name for a review uploaded by staff; `None` for the
    /// supervisor's own feedback.
    pub author_name: Option<String>,
    pub uploaded_by: UserId,
    pub uploaded_at: i64,
}
