//! First start and the demo: load the demo corpus into an empty index, create the admin
//! account, and (with `--demo`) demo accounts of every role with a few uploaded theses.
//!
//! Demo accounts (fixed passwords, for trying Adal only; never use `--demo` in production):
//!
//! | e-mail | password | role |
//! |---|---|---|
//! | `staff@demo.adal` | `staff-demo` | staff (all faculties) |
//! | `supervisor@demo.adal` | `supervisor-demo` | supervisor of the four students |
//! | `student@demo.adal` | `student-demo` | student (Kazakh thesis, DOCX) |
//! | `student.ru@demo.adal` | `student-demo` | student (Russian thesis, PDF) |
//! | `student.en@demo.adal` | `student-demo` | student (English thesis, TXT) |
//! | `student.kk2@demo.adal` | `student-demo` | student (Kazakh thesis with passages translated from Russian and English, DOCX) |

use crate::auth::{hash_password, new_session_id};
use crate::http::state::AppState;
use crate::model::DocLang;
use crate::pipeline::ingest::{ingest_paths, IngestOptions};
use crate::pipeline::thesis::now_ms;
use crate::store::{Actor, CalendarDate, NewThesis, NewUser, NewVersion, Role, StoreError};
use std::path::Path;

/// The admin account created on first start.
pub const ADMIN_EMAIL: &str = "admin@adal.local";

/// Why the first-start setup failed.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error("cannot read {path}: {source}")]
    Io { path: std::path::PathBuf, source: std::io::Error },
    #[error("{0}")]
    Auth(String),
}

fn auth_error(error: crate::auth::AuthError) -> SetupError {
    SetupError::Auth(error.to_string())
}

/// Loads `corpus_dir` (a folder with `manifest.tsv`) when the index is empty. Returns how many
/// documents were added.
pub fn load_corpus_if_empty(state: &AppState, corpus_dir: &Path) -> Result<usize, SetupError> {
    if state.index.num_documents() > 0 || !corpus_dir.join("manifest.tsv").is_file() {
        return Ok(0);
    }
    let summary =
        ingest_paths(&state.index, &[corpus_dir.to_path_buf()], &IngestOptions::default(), &|_| {})?;
    state.index.reload()?;
    for (path, refusal) in &summary.refused {
        tracing::warn!("corpus file {} refused: {refusal}", path.display());
    }
    Ok(summary.added.len())
}

/// Creates the admin account when there are no users. The password is `password` (e.g. from
/// `ADAL_ADMIN_PASSWORD`) or a random one; it is returned so that it can be printed once.
pub fn create_admin_if_no_users(
    state: &AppState,
    password: Option<String>,
) -> Result<Option<String>, SetupError> {
    if !state.store.users()?.is_empty() {
        return Ok(None);
    }
    let password = match password {
        Some(password) => password,
        None => new_session_id().map_err(auth_error)?[..20].to_string(),
    };
    let admin = NewUser {
        name: "Administrator".to_string(),
        email: ADMIN_EMAIL.to_string(),
        role: Role::Admin,
        faculty: None,
        department: None,
        supervisor: None,
        password_hash: Some(hash_password(&password).map_err(auth_error)?),
    };
    state.store.create_user(&admin, Actor::System, now_ms())?;
    Ok(Some(password))
}

fn demo_user(
    state: &AppState,
    name: &str,
    email: &str,
    role: Role,
    password: &str,
    supervisor: Option<u64>,
) -> Result<u64, SetupError> {
    if let Some(existing) = state.store.user_by_email(email)? {
        return Ok(existing.id);
    }
    let user = NewUser {
        name: name.to_string(),
        email: email.to_string(),
        role,
        faculty: (role != Role::Staff).then(|| DEMO_FACULTY.to_string()),
        department: None,
        supervisor,
        password_hash: Some(hash_password(password).map_err(auth_error)?),
    };
    Ok(state.store.create_user(&user, Actor::System, now_ms())?.id)
}

/// The demo theses: student, e-mail, file, language, title and programme, as the title pages of
/// the demo texts (`demo/`) give them.
pub const DEMO_THESES: [(&str, &str, &str, DocLang, &str, &str); 4] = [
    (
        "Әлия Нұрланқызы Тұрғанбаева",
        "student@demo.adal",
        "kk-thesis.docx",
        DocLang::Kk,
        "Қазақстанның аграрлық секторында табиғи ресурстарды тиімді пайдаланудың экономикалық аспектілері",
        "6B04101 Экономика",
    ),
    (
        "Даниияр Серикович Ахметов",
        "student.ru@demo.adal",
        "ru-thesis.pdf",
        DocLang::Ru,
        "Развитие транзитно-логистического потенциала Республики Казахстан в условиях цифровизации",
        "Логистика",
    ),
    (
        "Arman B. Seitkali",
        "student.en@demo.adal",
        "en-thesis.txt",
        DocLang::En,
        "Water and Energy in the Lower Ili Basin: Irrigation Efficiency and Solar Power as Tools of Sustainable Development",
        "Water Resources and Water Use",
    ),
    (
        "Дана Ерланқызы Омарова",
        "student.kk2@demo.adal",
        "kk-translated-thesis.docx",
        DocLang::Kk,
        "Балқаш-Іле бассейнінің су ресурстарын басқару: су балансы, су пайдалану және трансшекаралық ынтымақтастық",
        "6B08601 Су ресурстары және суды пайдалану",
    ),
];

const DEMO_FACULTY: &str = "Жаратылыстану факультеті";

/// Creates the demo accounts and uploads the demo theses from `demo_dir` (once; a second
/// `--demo` start changes nothing). Returns true when it created them now.
pub fn create_demo(state: &AppState, demo_dir: &Path) -> Result<bool, SetupError> {
    if state.store.user_by_email("student@demo.adal")?.is_some() {
        return Ok(false);
    }
    demo_user(state, "Демо қызметкер", "staff@demo.adal", Role::Staff, "staff-demo", None)?;
    let supervisor = demo_user(
        state,
        "Қайрат Мұратұлы Сәрсенбаев",
        "supervisor@demo.adal",
        Role::Supervisor,
        "supervisor-demo",
        None,
    )?;
    for (name, email, file, language, title, programme) in DEMO_THESES {
        let student = demo_user(state, name, email, Role::Student, "student-demo", Some(supervisor))?;
        let actor = Actor::User(student);
        let new_thesis = NewThesis {
            title: title.to_string(),
            student,
            supervisor: None,
            faculty: None,
            programme: programme.to_string(),
            language,
            planned_defense: Some(CalendarDate { year: 2026, month: 6, day: 15 }),
        };
        let thesis = state.store.create_thesis(&new_thesis, actor, now_ms())?;
        let path = demo_dir.join(file);
        let bytes = std::fs::read(&path).map_err(|source| SetupError::Io { path: path.clone(), source })?;
        let file_hash = state.store.files().put(&bytes)?;
        let new_version = NewVersion { file_hash, file_name: file.to_string(), byte_len: bytes.len() as u64 };
        state.store.add_version(thesis.id, &new_version, actor, now_ms())?;
    }
    state.job_signal.notify();
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #16: the Kazakh demo thesis was registered as "Сырдария…" by another student than
    /// its title page names; every demo record now matches its text.
    #[test]
    fn the_demo_records_match_the_title_pages_of_their_texts() {
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
        for (name, _, file, _, title, _) in DEMO_THESES {
            let text_file =
                demo.join(file.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(file)).with_extension("txt");
            let text = std::fs::read_to_string(&text_file).expect("the demo text");
            let title_page: String = text.chars().take(1200).collect();
            assert!(title_page.contains(title), "{file}: the title {title:?}");
            assert!(title_page.contains(name), "{file}: the student {name:?}");
        }
    }
}
