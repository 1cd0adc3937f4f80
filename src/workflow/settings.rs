//! The institution's workflow settings: the similarity threshold above which clearing needs a
//! written justification, whether students may read their own reports, when a thesis joins
//! the corpus, and how many working days students have to appeal a published result.
//!
//! This is plain data. The store keeps one `Settings` record; the workflow and access rules read
//! it. It must not know about storage or HTTP.

use serde::{Deserialize, Serialize};

/// When the final version of a thesis joins the corpus that later theses are checked against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CorpusJoin {
    /// The version joins the corpus when the thesis is admitted to defense (the default).
    #[default]
    OnAdmission,
    /// The version joins the corpus as soon as the thesis is cleared; a later new version or a
    /// revoked clearance takes it out again.
    OnClearance,
}

/// Institution-wide settings, changed by an admin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Settings {
    /// Similarity in percent (0–100). Clearing a thesis whose similarity is above this figure
    /// requires a written justification.
    pub similarity_threshold_percent: f64,
    /// Whether students may read the report of their own thesis.
    pub students_see_reports: bool,
    /// When a thesis's final version joins the corpus.
    pub corpus_join: CorpusJoin,
    /// Working days after a result's publication in which the student may appeal: at least the
    /// 2 the recommendations require (§64), at most [`Settings::MAX_APPEAL_WINDOW_WORKING_DAYS`].
    /// Settings stored before this field existed read as 2.
    #[serde(default = "Settings::min_appeal_window")]
    pub appeal_window_working_days: u32,
}

impl Settings {
    /// The threshold most Kazakh universities start with.
    pub const DEFAULT_THRESHOLD_PERCENT: f64 = 25.0;

    /// The longest appeal window an institution may set, in working days.
    pub const MAX_APPEAL_WINDOW_WORKING_DAYS: u32 = 10;

    fn min_appeal_window() -> u32 {
        crate::attestation::appeals::MIN_FILING_WORKING_DAYS
    }

    /// True when the appeal window is one the recommendations allow and Adal offers.
    pub fn is_valid_appeal_window(&self) -> bool {
        let days = self.appeal_window_working_days;
        (Self::min_appeal_window()..=Self::MAX_APPEAL_WINDOW_WORKING_DAYS).contains(&days)
    }

    /// True when clearing a thesis with this similarity needs a written justification.
    ///
    /// A figure that is not a number (a broken report) is treated as above the threshold, so a
    /// broken figure can never let a thesis through silently.
    pub fn needs_justification(&self, similarity_percent: f64) -> bool {
        let within_threshold = similarity_percent <= self.similarity_threshold_percent;
        !within_threshold
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            similarity_threshold_percent: Self::DEFAULT_THRESHOLD_PERCENT,
            students_see_reports: false,
            corpus_join: CorpusJoin::OnAdmission,
            appeal_window_working_days: Self::min_appeal_window(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_stored_before_the_appeal_window_read_as_two_working_days() {
        let stored = r#"{"similarity_threshold_percent":30.0,"students_see_reports":true,"corpus_join":"on_clearance"}"#;
        let settings: Settings = serde_json::from_str(stored).expect("old settings");
        assert_eq!(settings.appeal_window_working_days, 2);
        assert!(settings.is_valid_appeal_window());
        let too_long = Settings { appeal_window_working_days: 11, ..settings };
        assert!(!too_long.is_valid_appeal_window());
    }
}
