//! The report page: the submission text with every passage highlighted in its source's colour,
//! the sources panel with shares and switches, the alerts panel with anchors into the text, a
//! side-by-side view of each passage and its source, and the supervisor's decision form.
//!
//! What the report shows is `report::ReportBody`, rendered by the report body's one template
//! (`report_body.html`, also the downloadable report's); this page adds the switches, the
//! passage forms and the decision form around it (`templates/report.html`).
//!
//! The report is read with `app::reviews::report_page` (access, students' visibility setting,
//! recorded exclusions applied); switching an exclusion calls the API's `exclude`, which
//! recomputes the figures from the stored report.

use super::theses::{decision_context, thesis_view};
use crate::app::reviews::{report_page, switch_exclusions, ExclusionSwitches};
use crate::http::state::AppState;
use crate::report::{Report, ReportBody};
use crate::web::i18n::format_time;
use crate::web::Page;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::{json, Value};

/// `GET /versions/{id}/report`.
pub async fn report(State(state): State<AppState>, page: Page, Path(version_id): Path<u64>) -> Response {
    let result = async {
        let current = page.user()?.clone();
        let lang = page.lang;
        let facts = state.run(move |services| report_page(services, &current.user, version_id)).await?;
        let (report, thesis, version) = (&facts.report, &facts.thesis, &facts.version);
        let (can_decide, threshold_note) = decision_context(&state, &page, thesis)?;
        page.render(
            &state,
            "report.html",
            json!({
                "thesis": thesis_view(&state, thesis, lang, true),
                "version": { "id": version.id, "number": version.number, "file_name": version.file_name },
                "checked_at": format_time(lang, facts.check.created_at),
                "body": ReportBody::new(report, lang), "above": facts.above_threshold,
                "exclusions": exclusions_view(report), "can_exclude": facts.can_exclude,
                "can_decide": can_decide && facts.is_current, "threshold_note": threshold_note,
                "decision": super::theses::decision_form(&state, thesis)?,
            }),
        )
    }
    .await;
    page.finish(result)
}

/// The exclusion switches as the report has them.
fn exclusions_view(report: &Report) -> Value {
    let exclusions = &report.exclusions;
    let has_translations =
        !exclusions.cross_language || report.passages.iter().any(|passage| passage.translation.is_some());
    json!({ "quotes": exclusions.quotes, "bibliography": exclusions.bibliography,
            "min_match_words": exclusions.min_match_words.max(1), "small": exclusions.min_match_words > 1,
            "cross_language": exclusions.cross_language, "has_translations": has_translations })
}

/// `POST /theses/{id}/exclusions` (the switches without JavaScript): the API's `exclude` with
/// the sources whose switch changed and the options as the form has them.
pub async fn exclusions(
    State(state): State<AppState>,
    page: Page,
    Path(thesis_id): Path<u64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
        let values = |name: &str| -> Vec<String> {
            fields.iter().filter(|(key, _)| key == name).map(|(_, value)| value.clone()).collect()
        };
        let current = page.verified_user(&state, field("csrf_token").unwrap_or_default())?;
        let min_words =
            field("min_match_words").and_then(|value| value.trim().parse::<u32>().ok()).unwrap_or(8);
        let switches = ExclusionSwitches {
            shown_sources: values("all_sources"),
            counted_sources: values("count_source"),
            quotes: field("quotes").is_some(),
            bibliography: field("bibliography").is_some(),
            min_match_words: if field("small").is_some() { min_words.max(1) } else { 1 },
            cross_language: field("cross_language_shown").map(|_| field("cross_language").is_some()),
            reason: field("reason").unwrap_or_default().to_string(),
        };
        let version = state
            .run(move |services| switch_exclusions(services, &current.user, thesis_id, switches))
            .await?;
        Ok(Redirect::to(&format!("/versions/{version}/report?flash=exclusions")).into_response())
    }
    .await;
    page.finish(result)
}
