//! What the theses lists' pages share: the filter form's choices and values and the paging
//! links (plain GET links that keep every filter, so lists work without JavaScript). The
//! filtering itself is `app::thesis_list`'s, the paging `app::listing`'s.

use crate::app::listing::{page_href, Paged};
use crate::app::thesis_list::ThesisListQuery;
use crate::model::UiLang;
use crate::store::Thesis;
use crate::web::i18n::{format_count, msg};
use crate::workflow::ThesisState;
use serde_json::{json, Value};

/// The states in the order of the workflow, with a sample value for their labels.
pub const STATES: [ThesisState; 6] = [
    ThesisState::Draft,
    ThesisState::Submitted { version: 0 },
    ThesisState::Checked { version: 0, similarity_percent: 0.0 },
    ThesisState::Returned { version: 0 },
    ThesisState::Cleared { version: 0, similarity_percent: 0.0 },
    ThesisState::Admitted { version: 0, similarity_percent: 0.0 },
];

/// The paging of a list page: page, pages, total and the links before and after.
pub fn paging_view<T>(lang: UiLang, paged: &Paged<T>, path: &str, params: &[(&str, &str)]) -> Value {
    json!({
        "page": paged.page, "pages": paged.pages, "total": format_count(lang, paged.total as u64),
        "previous": (paged.page > 1).then(|| page_href(path, params, paged.page - 1)),
        "next": (paged.page < paged.pages).then(|| page_href(path, params, paged.page + 1)),
    })
}

/// The filter form of a theses list: where it sends, the values chosen and the choices.
/// `sorts` are the sort codes this list offers, its default first.
/// The message naming a sort of a list.
fn sort_label_key(code: &str) -> &'static str {
    match code {
        "title" => "thesis_title",
        "student" => "student",
        "defense" => "sort_defense",
        "similarity" => "sort_similarity",
        "queue" => "sort_queue",
        "none" => "sort_default",
        _ => "sort_updated",
    }
}

pub fn filter_form(
    lang: UiLang,
    path: &str,
    query: &ThesisListQuery,
    visible: &[Thesis],
    sorts: &[&str],
    show_state: bool,
) -> Value {
    let (faculties, years) = crate::app::thesis_list::facets(visible);
    let states: Vec<Value> = STATES
        .iter()
        .map(|sample| json!({ "code": sample.name(), "label": sample.label().get(lang) }))
        .collect();
    let sorts: Vec<Value> =
        sorts.iter().map(|code| json!({ "code": code, "label": msg(lang, sort_label_key(code)) })).collect();
    json!({
        "action": path, "show_state": show_state, "states": states, "faculties": faculties,
        "years": years, "sorts": sorts,
        "q": query.q, "state": query.state, "faculty": query.faculty, "year": query.year,
        "above": !query.above.is_empty(), "sort": query.sort,
        "active": query.params().iter().any(|(_, value)| !value.is_empty()),
    })
}
