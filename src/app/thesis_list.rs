//! The theses lists (every role's list, the supervisor's review queue, the admission list) and
//! their JSON endpoints filtered and sorted on the server: text (title or student), state,
//! faculty, defense year, above the threshold; paging is `listing`'s. The figure filter and sort
//! use only the figures the viewer may see, so a list never reveals a hidden figure by its order.

use super::listing::{matches_text, page_number, paginate, Paged, MAX_PAGE_SIZE, PAGE_SIZE};
use super::{AppError, Services};
use crate::auth::{authorize, AccessTarget, Action, ThesisRef};
use crate::store::{CalendarDate, Thesis, User};
use crate::workflow::ThesisState;
use serde::{Deserialize, Serialize};

/// The choices of a theses list, as a GET form or an API query string sends them (every field
/// a string, so that an empty form field is "no choice", not an error).
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThesisListQuery {
    /// Words of the title or the student's name.
    #[serde(default)]
    pub q: String,
    /// A state code (`checked`, `cleared`, …).
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub faculty: String,
    /// The year of the planned defense.
    #[serde(default)]
    pub year: String,
    /// Non-empty: only theses whose (visible) figure is above the threshold.
    #[serde(default)]
    pub above: String,
    /// `updated`, `title`, `student`, `defense`, `similarity` or `queue`; empty: the list's own.
    #[serde(default)]
    pub sort: String,
    /// 1-based page; the API answers the whole list when it is not given.
    #[serde(default)]
    pub page: String,
    /// Rows per page for API callers (default 50, at most 500).
    #[serde(default)]
    pub per_page: String,
}

impl ThesisListQuery {
    /// The choices other than the page, as `listing::page_href` keeps them.
    pub fn params(&self) -> [(&'static str, &str); 6] {
        [
            ("q", &self.q),
            ("state", &self.state),
            ("faculty", &self.faculty),
            ("year", &self.year),
            ("above", &self.above),
            ("sort", &self.sort),
        ]
    }

    /// Was a page asked for (the API then answers one page with its paging)?
    pub fn wants_page(&self) -> bool {
        page_number(&self.page).is_some() || page_number(&self.per_page).is_some()
    }

    /// One page of `rows` as this query asks.
    pub fn page_of<T>(&self, rows: Vec<T>) -> Paged<T> {
        let size = page_number(&self.per_page).unwrap_or(PAGE_SIZE).min(MAX_PAGE_SIZE);
        paginate(rows, page_number(&self.page), size)
    }
}

/// Where an answered page is among the others (an API list asked for a page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Paging {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
}

/// The rows an API list answers, each made by `view`: every row, or, when the query asks for a
/// page, that page and its [`Paging`].
pub fn answer_rows<T>(
    query: &ThesisListQuery,
    rows: Vec<ListedThesis>,
    view: impl Fn(&ListedThesis) -> T,
) -> (Vec<T>, Option<Paging>) {
    if !query.wants_page() {
        return (rows.iter().map(view).collect(), None);
    }
    let paged = query.page_of(rows);
    let paging = Paging { page: paged.page, pages: paged.pages, total: paged.total };
    (paged.items.iter().map(view).collect(), Some(paging))
}

/// A thesis of a list with what the list knows about it for this viewer.
#[derive(Clone, Debug)]
pub struct ListedThesis {
    pub thesis: Thesis,
    pub student_name: String,
    /// The similarity, when the thesis has one and the viewer may see it.
    pub figure: Option<f64>,
    /// The visible figure is above the institution's threshold.
    pub above: bool,
}

/// The similarity figure a state carries, if any.
pub fn similarity_of(state: &ThesisState) -> Option<f64> {
    match *state {
        ThesisState::Checked { similarity_percent, .. }
        | ThesisState::Cleared { similarity_percent, .. }
        | ThesisState::Admitted { similarity_percent, .. } => Some(similarity_percent),
        _ => None,
    }
}

/// Filters and sorts `theses` (already limited to what `viewer` may see) as `query` asks;
/// `default_sort` when it asks for none.
pub fn filter_theses(
    services: &Services,
    viewer: &User,
    theses: Vec<Thesis>,
    query: &ThesisListQuery,
    default_sort: &str,
) -> Result<Vec<ListedThesis>, AppError> {
    let settings = services.store.settings()?;
    let year: Option<i32> = query.year.trim().parse().ok();
    let mut rows: Vec<ListedThesis> = theses
        .into_iter()
        .filter(|thesis| query.state.is_empty() || thesis.state.name() == query.state)
        .filter(|thesis| query.faculty.is_empty() || thesis.faculty == query.faculty)
        .filter(|thesis| year.is_none() || thesis.planned_defense.map(|date| date.year) == year)
        .map(|thesis| {
            let target = AccessTarget::Report {
                thesis: ThesisRef::from(&thesis),
                students_see_reports: settings.students_see_reports,
            };
            let figure = similarity_of(&thesis.state)
                .filter(|_| authorize(viewer, Action::ViewReport, &target).is_ok());
            let student_name = services.store.user(thesis.student).map(|user| user.name).unwrap_or_default();
            let above = figure.is_some_and(|value| settings.needs_justification(value));
            ListedThesis { thesis, student_name, figure, above }
        })
        .filter(|row| query.above.is_empty() || row.above)
        .filter(|row| matches_text(&query.q, &[&row.thesis.title, &row.student_name]))
        .collect();
    sort_theses(&mut rows, if query.sort.is_empty() { default_sort } else { &query.sort });
    Ok(rows)
}

/// Sorts by `sort`: `title`, `student`, `defense` (nearest first, undated last), `similarity`
/// (highest first, hidden last), `queue` (nearest defense, then highest similarity) or
/// `updated` (newest first, the default for unknown codes).
pub fn sort_theses(rows: &mut [ListedThesis], sort: &str) {
    let defense = |row: &ListedThesis| {
        row.thesis.planned_defense.map(|d| (0, d)).unwrap_or((1, CalendarDate { year: 0, month: 1, day: 1 }))
    };
    let figure = |row: &ListedThesis| row.figure.unwrap_or(f64::NEG_INFINITY);
    match sort {
        "title" => rows.sort_by_key(|row| row.thesis.title.to_lowercase()),
        "student" => rows.sort_by_key(|row| row.student_name.to_lowercase()),
        "defense" => rows.sort_by_key(defense),
        "similarity" => rows.sort_by(|a, b| figure(b).total_cmp(&figure(a))),
        "queue" => rows.sort_by(|a, b| defense(a).cmp(&defense(b)).then(figure(b).total_cmp(&figure(a)))),
        "none" => {}
        _ => rows.sort_by_key(|row| std::cmp::Reverse(row.thesis.updated_at)),
    }
}

/// The faculties and defense years among `theses`, for the filters' choices.
pub fn facets(theses: &[Thesis]) -> (Vec<String>, Vec<i32>) {
    let mut faculties: Vec<String> =
        theses.iter().map(|thesis| thesis.faculty.clone()).filter(|faculty| !faculty.is_empty()).collect();
    faculties.sort_unstable();
    faculties.dedup();
    let mut years: Vec<i32> =
        theses.iter().filter_map(|thesis| thesis.planned_defense.map(|d| d.year)).collect();
    years.sort_unstable();
    years.dedup();
    (faculties, years)
}

/// The supervisor's review queue: the checked theses awaiting a decision, and the others.
#[derive(Clone, Debug)]
pub struct ReviewQueue {
    /// Every thesis the caller may see (the filters offer their faculties and years).
    pub visible: Vec<Thesis>,
    /// The checked theses, filtered and sorted as the query asks (its state choice aside).
    pub queue: Vec<ListedThesis>,
    /// The other theses, with the same filters, the most recently changed first.
    pub others: Vec<ListedThesis>,
}

/// The review queue of `caller` as `query` filters it.
pub fn review_queue(
    services: &Services,
    caller: &User,
    query: &ThesisListQuery,
) -> Result<ReviewQueue, AppError> {
    let visible = services.store.list_theses(&crate::auth::thesis_scope(caller))?;
    let (queue, others): (Vec<Thesis>, Vec<Thesis>) =
        visible.iter().cloned().partition(|thesis| matches!(thesis.state, ThesisState::Checked { .. }));
    let mut queue_query = query.clone();
    queue_query.state.clear();
    let queue = filter_theses(services, caller, queue, &queue_query, "queue")?;
    let others = filter_theses(services, caller, others, &queue_query, "updated")?;
    Ok(ReviewQueue { visible, queue, others })
}
