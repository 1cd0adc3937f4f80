//! Comments from a reviewer to the student on a thesis: who may write one (whoever may decide
//! on the thesis), and reading them back for the thesis page. A comment is stored as one entry
//! of the audit log (`AuditAction::CommentAdded`), so it is part of the thesis's history.

use super::access::{authorize_on_thesis, visible_thesis};
use super::{fields, AppError, Services};
use crate::auth::Action;
use crate::model::Translated;
use crate::store::{Actor, AuditAction, ThesisId, User, UserId};

/// The longest comment, in characters (the same limit as a decision's reason).
pub const MAX_COMMENT_CHARS: usize = fields::MAX_REASON_CHARS;

const EMPTY_COMMENT: Translated = crate::messages::text("empty_comment");

/// A comment as the thesis page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub by: Option<UserId>,
    pub at: i64,
    pub text: String,
    /// The version that was current when it was written.
    pub version: Option<u64>,
}

/// Records a comment on a thesis from a reviewer who may decide on it.
pub fn add_comment(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    text: &str,
) -> Result<(), AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    authorize_on_thesis(caller, Action::DecideThesis, &thesis)?;
    let text = fields::paragraphs("comment", text, MAX_COMMENT_CHARS)?;
    if text.trim().is_empty() {
        return Err(AppError::invalid("comment_empty", EMPTY_COMMENT));
    }
    services.store.add_comment(thesis_id, &text, caller.id, services.now())?;
    Ok(())
}

/// The comments on a thesis the caller may view, oldest first.
pub fn comments_of(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
) -> Result<Vec<Comment>, AppError> {
    visible_thesis(services, caller, thesis_id)?;
    let entries = services.store.audit_of_thesis(thesis_id, &[])?;
    Ok(entries
        .into_iter()
        .filter(|entry| entry.action == AuditAction::CommentAdded)
        .map(|entry| Comment {
            by: match entry.actor {
                Actor::User(id) => Some(id),
                Actor::System => None,
            },
            at: entry.at,
            text: entry.details["text"].as_str().unwrap_or_default().to_string(),
            version: entry.details["version"].as_u64(),
        })
        .collect())
}
