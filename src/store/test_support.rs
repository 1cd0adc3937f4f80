//! Store fixtures for the crate's unit tests: a student who uploads a file.

use super::{Actor, JobId, NewThesis, NewUser, NewVersion, Role, Store, Version};
use crate::model::DocLang;

/// A new student (named by `name`) creates a Kazakh thesis and uploads `bytes` as
/// `thesis.txt` at `now`; answers the version and its queued check job.
pub(crate) fn upload_as_new_student(store: &Store, name: &str, bytes: &[u8], now: i64) -> (Version, JobId) {
    let student = NewUser {
        name: name.to_string(),
        email: format!("{}@uni.kz", name.to_lowercase()),
        role: Role::Student,
        faculty: Some("IT".to_string()),
        department: None,
        supervisor: None,
        password_hash: None,
    };
    let student = store.create_user(&student, Actor::System, now).expect("user");
    let thesis = NewThesis {
        title: format!("Thesis of {name}"),
        student: student.id,
        supervisor: None,
        faculty: None,
        programme: "6B06102".to_string(),
        language: DocLang::Kk,
        planned_defense: None,
    };
    let thesis = store.create_thesis(&thesis, Actor::User(student.id), now).expect("thesis");
    let file_hash = store.files().put(bytes).expect("file");
    let version = NewVersion { file_hash, file_name: "thesis.txt".to_string(), byte_len: bytes.len() as u64 };
    store.add_version(thesis.id, &version, Actor::User(student.id), now + 1).expect("version")
}
