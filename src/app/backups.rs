//! An admin's consistent backup of the running service into `<data>/backups/backup-<ms>`.

use super::{AppError, Services};
use crate::auth::{authorize, AccessTarget, Action};
use crate::store::User;
use serde::Serialize;

/// What a backup wrote.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct BackupSummary {
    /// The backup's directory on the server.
    pub path: String,
    pub files: usize,
    pub bytes: u64,
    pub store_entries: u64,
    pub index_files: usize,
    pub created_at_ms: i64,
}

/// Writes a backup of the store and the corpus index while the service runs (admin).
pub fn backup(services: &Services, caller: &User) -> Result<BackupSummary, AppError> {
    authorize(caller, Action::Backup, &AccessTarget::Institution)?;
    let now = services.now();
    let out = services.config.data_dir.join("backups").join(format!("backup-{now}"));
    let manifest = crate::pipeline::backup::backup(
        &services.store,
        &services.index,
        &services.config.index_dir(),
        &out,
        now,
    )
    .map_err(AppError::internal)?;
    tracing::warn!("user {} made a backup in {}", caller.id, out.display());
    Ok(BackupSummary {
        path: out.display().to_string(),
        files: manifest.files.len(),
        bytes: manifest.files.iter().map(|file| file.bytes).sum(),
        store_entries: manifest.store_entries,
        index_files: manifest.index_files,
        created_at_ms: manifest.created_at_ms,
    })
}
