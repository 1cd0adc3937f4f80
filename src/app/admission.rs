//! The defense admission list: cleared and admitted theses of the caller's faculty (or of the
//! institution), filtered and sorted like every list, for the API, its CSV and the page.

use super::access::faculty_target;
use super::thesis_list::{filter_theses, ListedThesis, ThesisListQuery};
use super::views::AdmissionRow;
use super::{AppError, Services};
use crate::auth::{authorize, thesis_scope, Action};
use crate::model::UiLang;
use crate::store::{Thesis, ThesisScope, User};

/// The admission list the caller may see (`action` is viewing it or exporting it): every
/// listed thesis, and the rows `query` keeps, filtered and sorted (store order when it asks for
/// no sort).
pub fn admission_rows(
    services: &Services,
    caller: &User,
    action: Action,
    query: &ThesisListQuery,
) -> Result<(Vec<Thesis>, Vec<ListedThesis>), AppError> {
    authorize(caller, action, &faculty_target(caller))?;
    let scope = match thesis_scope(caller) {
        ThesisScope::Faculty(faculty) => ThesisScope::Faculty(faculty),
        _ => ThesisScope::All,
    };
    let theses = services.store.admission_list(&scope)?;
    let rows = filter_theses(services, caller, theses.clone(), query, "none")?;
    Ok((theses, rows))
}

/// One row of the admission list, with the student's name and which defense documents are on
/// file.
pub fn admission_row(services: &Services, thesis: &Thesis, lang: UiLang) -> AdmissionRow {
    let student = services.store.user(thesis.student).map(|user| user.name).unwrap_or_default();
    let documents = super::documents::documents_on_file(services, thesis.id);
    AdmissionRow::of(thesis, student, documents, lang)
}

/// The admission list the caller may export, filtered like the page, as a CSV document (never
/// paged): thesis, student, title, faculty, programme, state, similarity.
pub fn admission_csv(
    services: &Services,
    caller: &User,
    query: &ThesisListQuery,
) -> Result<String, AppError> {
    let (_, rows) = admission_rows(services, caller, Action::ExportAdmissionCsv, query)?;
    let header = ["thesis", "student", "title", "faculty", "programme", "state", "similarity"];
    let lines = rows.iter().map(|row| {
        let thesis = &row.thesis;
        let student = services.store.user(thesis.student).map(|user| user.name).unwrap_or_default();
        let similarity = super::views::cleared_similarity(&thesis.state)
            .map(|value| format!("{value:.1}"))
            .unwrap_or_default();
        vec![
            thesis.id.to_string(),
            student,
            thesis.title.clone(),
            thesis.faculty.clone(),
            thesis.programme.clone(),
            thesis.state.name().to_string(),
            similarity,
        ]
    });
    Ok(super::export::csv_document(&header, lines))
}
