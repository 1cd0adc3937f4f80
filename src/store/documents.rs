//! The defense documents of a thesis (issue #18): the supervisor's feedback and the external
//! review, one of each per thesis, the file in the content-addressed file store and the record
//! here, written with its audit entry in one transaction. The admission reads which ones are
//! on file in its own transaction ([`Tx::documents_on_file`]), so a thesis is never admitted
//! without them.

use super::tx::{abort, pair_key, TreeName, Tx, TxResult};
use super::{
    Actor, AuditAction, AuditTarget, DefenseDocument, DefenseDocumentKind, Store, StoreError, Thesis,
    ThesisId,
};
use crate::workflow::{DocumentsOnFile, ThesisState, WorkflowError};

/// The key of a thesis's document of one kind.
fn document_key(thesis: ThesisId, kind: DefenseDocumentKind) -> [u8; 16] {
    pair_key(thesis, kind.code())
}

impl Tx<'_> {
    /// Which defense documents the thesis has on file.
    pub(crate) fn documents_on_file(&self, thesis: ThesisId) -> TxResult<DocumentsOnFile> {
        Ok(DocumentsOnFile {
            feedback: self
                .contains(TreeName::DefenseDocuments, &document_key(thesis, DefenseDocumentKind::Feedback))?,
            review: self
                .contains(TreeName::DefenseDocuments, &document_key(thesis, DefenseDocumentKind::Review))?,
        })
    }
}

impl Store {
    /// Records a defense document (its file already in the file store), replacing an earlier
    /// one of the same kind. Refused once the thesis is admitted: the commission reads what the
    /// admission saw.
    pub fn put_defense_document(&self, document: &DefenseDocument, now: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            let thesis: Thesis = tx.get_record(TreeName::Theses, "thesis", document.thesis)?;
            if matches!(thesis.state, ThesisState::Admitted { .. }) {
                return abort(WorkflowError::AlreadyAdmitted);
            }
            let key = document_key(document.thesis, document.kind);
            let replaced: Option<DefenseDocument> = tx.get(TreeName::DefenseDocuments, &key)?;
            tx.put(TreeName::DefenseDocuments, &key, document)?;
            let details = serde_json::json!({
                "thesis": document.thesis,
                "kind": document.kind,
                "file_hash": document.file_hash,
                "file_name": document.file_name,
                "author_name": document.author_name,
                "replaced_file_hash": replaced.map(|earlier| earlier.file_hash),
            });
            let actor = Actor::User(document.uploaded_by);
            tx.audit(
                now,
                actor,
                AuditAction::DefenseDocumentAdded,
                AuditTarget::Thesis(document.thesis),
                details,
            )?;
            Ok(())
        })
    }

    /// The defense documents of a thesis: the feedback first, then the review, those on file.
    pub fn defense_documents(&self, thesis: ThesisId) -> Result<Vec<DefenseDocument>, StoreError> {
        let mut documents = Vec::new();
        for kind in DefenseDocumentKind::ALL {
            let key = document_key(thesis, kind);
            if let Some(bytes) = self.tree(TreeName::DefenseDocuments).get(key)? {
                documents.push(super::tx::decode(TreeName::DefenseDocuments, &key, &bytes)?);
            }
        }
        Ok(documents)
    }
}
