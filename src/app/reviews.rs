//! Reading a report (access, the students' visibility setting, recorded exclusions applied) and
//! the reviewer's exclusions, answered with the figures recomputed from the stored report.

use super::access::{authorize_on_thesis, visible_thesis};
use super::{fields, AppError, Services};
use crate::auth::{authorize, AccessTarget, Action, ThesisRef};
use crate::model::{CharIndex, Translated};
use crate::pipeline::thesis::{report_with_exclusions, RefusalRecord};
use crate::report::Report;
use crate::store::{Check, ExcludedItem, ExtractionOutcome, Thesis, ThesisId, User, Version, VersionId};
use crate::workflow::ThesisState;

pub const REPORT_NOT_READY: Translated = crate::messages::text("report_not_ready_error");

/// The latest check of a version the caller may read the report of, with its report.
pub fn readable_report(
    services: &Services,
    caller: &User,
    version_id: VersionId,
) -> Result<(Check, Report), AppError> {
    let version = services.store.version(version_id)?;
    let thesis = visible_thesis(services, caller, version.thesis)?;
    let students_see_reports = services.store.settings()?.students_see_reports;
    let target = AccessTarget::Report { thesis: ThesisRef::from(&thesis), students_see_reports };
    authorize(caller, Action::ViewReport, &target)?;
    let Some(check) = services.store.latest_check(version_id)? else {
        if let ExtractionOutcome::Failed { reason } = &version.extraction {
            return Err(AppError::Refused(RefusalRecord::from_stored_reason(reason)));
        }
        return Err(AppError::Conflict { code: "report_not_ready", message: REPORT_NOT_READY });
    };
    let report = report_with_exclusions(&services.store, &check)?
        .ok_or_else(|| AppError::Internal(format!("the report of check {} is unreadable", check.id)))?;
    Ok((check, report))
}

/// What a reviewer switches on the current report of a thesis.
#[derive(Clone, Debug, Default)]
pub struct ExclusionInput {
    /// Corpus ids of sources to leave out.
    pub exclude_sources: Vec<String>,
    /// Corpus ids of sources to count again.
    pub restore_sources: Vec<String>,
    /// Passage numbers of the current report to leave out.
    pub exclude_passages: Vec<u32>,
    /// Passage numbers of the current report to count again.
    pub restore_passages: Vec<u32>,
    pub quotes: Option<bool>,
    pub bibliography: Option<bool>,
    pub min_match_words: Option<u32>,
    /// Switches the cross-language check (translated passages) on or off for the report.
    pub cross_language: Option<bool>,
    pub reason: String,
}

/// Records exclusions on the current report of a thesis; answers the report with the figures
/// recomputed.
pub fn exclude(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    input: ExclusionInput,
) -> Result<Report, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    authorize_on_thesis(caller, Action::ExcludeSource, &thesis)?;
    let reason = fields::paragraphs("reason", &input.reason, fields::MAX_REASON_CHARS)?;
    let not_ready = || AppError::Conflict { code: "report_not_ready", message: REPORT_NOT_READY };
    let version = thesis.state.current_version().ok_or_else(not_ready)?;
    let check = services.store.latest_check(version)?.ok_or_else(not_ready)?;
    let before = report_with_exclusions(&services.store, &check)?
        .ok_or_else(|| AppError::Internal(format!("check {} has no readable report", check.id)))?;
    for item in exclusion_items(&input, &before) {
        services.store.record_exclusion(check.id, &item, &reason, caller.id, services.now())?;
    }
    report_with_exclusions(&services.store, &check)?.ok_or_else(|| AppError::internal("report vanished"))
}

fn exclusion_items(input: &ExclusionInput, report: &Report) -> Vec<ExcludedItem> {
    let mut items: Vec<ExcludedItem> =
        input.exclude_sources.iter().map(|id| ExcludedItem::Source { source_id: id.clone() }).collect();
    items.extend(
        input.restore_sources.iter().map(|id| ExcludedItem::SourceRestored { source_id: id.clone() }),
    );
    let char_index = CharIndex::new(&report.text);
    let passage_bytes = |number: u32| -> Option<(u64, u64)> {
        let passage = report.passages.iter().find(|passage| passage.number == number)?;
        let start = char_index.byte_offset(passage.submission_span.start as usize) as u64;
        let end = char_index.byte_offset(passage.submission_span.end as usize) as u64;
        (start < end).then_some((start, end))
    };
    for &number in &input.exclude_passages {
        if let Some((start, end)) = passage_bytes(number) {
            items.push(ExcludedItem::Passage { start, end });
        }
    }
    for &number in &input.restore_passages {
        if let Some((start, end)) = passage_bytes(number) {
            items.push(ExcludedItem::PassageRestored { start, end });
        }
    }
    if input.quotes.is_some() || input.bibliography.is_some() || input.min_match_words.is_some() {
        items.push(ExcludedItem::Options {
            quotes: input.quotes.unwrap_or(report.exclusions.quotes),
            bibliography: input.bibliography.unwrap_or(report.exclusions.bibliography),
            min_match_words: input.min_match_words.unwrap_or(report.exclusions.min_match_words),
        });
    }
    if let Some(on) = input.cross_language.filter(|&on| on != report.exclusions.cross_language) {
        items.push(ExcludedItem::CrossLanguage { on });
    }
    items
}

/// What the report page shows besides the report itself: the version, its thesis, and what the
/// caller may do with the report.
#[derive(Clone, Debug)]
pub struct ReportPage {
    pub check: Check,
    pub report: Report,
    pub version: Version,
    pub thesis: Thesis,
    /// The version is the thesis's current one (decisions and exclusions apply to it only).
    pub is_current: bool,
    /// The caller may switch exclusions (the current version of a thesis not yet admitted).
    pub can_exclude: bool,
    /// The figure needs a justification to clear.
    pub above_threshold: bool,
}

/// The report of a version with what its page needs, for a caller who may read it.
pub fn report_page(
    services: &Services,
    caller: &User,
    version_id: VersionId,
) -> Result<ReportPage, AppError> {
    let (check, report) = readable_report(services, caller, version_id)?;
    let version = services.store.version(version_id)?;
    let thesis = visible_thesis(services, caller, version.thesis)?;
    let is_current = thesis.state.current_version() == Some(version_id);
    let admitted = matches!(thesis.state, ThesisState::Admitted { .. });
    let can_exclude =
        is_current && !admitted && authorize_on_thesis(caller, Action::ExcludeSource, &thesis).is_ok();
    let above_threshold = services.store.settings()?.needs_justification(report.figures.similarity);
    Ok(ReportPage { check, report, version, thesis, is_current, can_exclude, above_threshold })
}

/// The report page's exclusion switches as a form sends them: every source shown and those left
/// counted, and the options.
#[derive(Clone, Debug, Default)]
pub struct ExclusionSwitches {
    /// Corpus ids of every source the page showed.
    pub shown_sources: Vec<String>,
    /// Corpus ids of the sources whose switch says "count".
    pub counted_sources: Vec<String>,
    pub quotes: bool,
    pub bibliography: bool,
    pub min_match_words: u32,
    /// `None` when the page did not offer the cross-language switch.
    pub cross_language: Option<bool>,
    pub reason: String,
}

/// Records the switches on the current report of a thesis: sources whose switch changed are
/// excluded or counted again, the options set as the switches have them. Answers the version
/// whose report changed.
pub fn switch_exclusions(
    services: &Services,
    caller: &User,
    thesis_id: ThesisId,
    switches: ExclusionSwitches,
) -> Result<VersionId, AppError> {
    let thesis = visible_thesis(services, caller, thesis_id)?;
    let version = thesis.state.current_version().ok_or(AppError::NotFound)?;
    let (_, report) = readable_report(services, caller, version)?;
    let excluded_now: Vec<&str> = (report.sources.iter())
        .filter(|source| report.exclusions.excluded_sources.contains(&source.number))
        .map(|source| source.document_id.as_str())
        .collect();
    let counted = switches.counted_sources;
    let exclude_sources: Vec<String> = (switches.shown_sources.into_iter())
        .filter(|id| !counted.contains(id) && !excluded_now.contains(&id.as_str()))
        .collect();
    let restore_sources = counted.into_iter().filter(|id| excluded_now.contains(&id.as_str())).collect();
    let input = ExclusionInput {
        exclude_sources,
        restore_sources,
        exclude_passages: Vec::new(),
        restore_passages: Vec::new(),
        quotes: Some(switches.quotes),
        bibliography: Some(switches.bibliography),
        min_match_words: Some(switches.min_match_words),
        cross_language: switches.cross_language,
        reason: switches.reason,
    };
    exclude(services, caller, thesis_id, input)?;
    Ok(version)
}
