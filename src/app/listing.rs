//! Server-side list queries shared by every long list (corpus, theses, review queue, admission
//! list) and their JSON endpoints: the text filter, one page of a sorted list and the link to
//! another page that keeps every other choice. It knows no record type; `thesis_list` applies
//! it to theses.

/// Rows on one page of a list: pages stay small at any size (at 10,000 corpus documents the
/// whole list was ~12 MB of HTML).
pub const PAGE_SIZE: usize = 50;

/// The most rows an API caller may ask for in one page (`per_page`).
pub const MAX_PAGE_SIZE: usize = 500;

/// One page of a list, with where it is among the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// 1-based, clamped to the pages that exist.
    pub page: usize,
    /// At least 1, even for an empty list.
    pub pages: usize,
    /// Rows of the whole (filtered) list.
    pub total: usize,
}

/// The requested page of `items` (the first page when none is asked for; the last when one
/// past the end is).
pub fn paginate<T>(items: Vec<T>, requested: Option<usize>, page_size: usize) -> Paged<T> {
    let page_size = page_size.max(1);
    let total = items.len();
    let pages = total.div_ceil(page_size).max(1);
    let page = requested.unwrap_or(1).clamp(1, pages);
    let items = items.into_iter().skip((page - 1) * page_size).take(page_size).collect();
    Paged { items, page, pages, total }
}

/// A page number typed into a query string (`page=` empty or not a number: none).
pub fn page_number(text: &str) -> Option<usize> {
    text.trim().parse().ok().filter(|page| *page > 0)
}

/// Does any of `fields` contain `filter` (case-insensitive; an empty filter matches all)?
pub fn matches_text(filter: &str, fields: &[&str]) -> bool {
    let needle = filter.trim().to_lowercase();
    needle.is_empty() || fields.iter().any(|field| field.to_lowercase().contains(&needle))
}

/// The link to `page` of the list at `path`, keeping the other choices (empty ones left out).
pub fn page_href(path: &str, params: &[(&str, &str)], page: usize) -> String {
    let mut href = format!("{path}?page={page}");
    for (name, value) in params.iter().filter(|(_, value)| !value.is_empty()) {
        href.push('&');
        href.push_str(name);
        href.push('=');
        href.push_str(&super::export::percent_encode(value));
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_clamps_and_counts() {
        let paged = paginate((1..=120).collect::<Vec<_>>(), Some(9), 50);
        assert_eq!((paged.page, paged.pages, paged.total, paged.items.len()), (3, 3, 120, 20));
        let empty = paginate(Vec::<u8>::new(), None, 50);
        assert_eq!((empty.page, empty.pages, empty.total), (1, 1, 0));
    }

    #[test]
    fn links_keep_the_other_choices() {
        let href = page_href("/theses", &[("q", "су ресурс"), ("state", ""), ("above", "1")], 2);
        assert_eq!(
            href,
            format!("/theses?page=2&q={}&above=1", super::super::export::percent_encode("су ресурс"))
        );
    }
}
