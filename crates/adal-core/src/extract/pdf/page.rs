//! The data one page walk produces: the glyphs with their geometry, text and visibility, the
//! per-font decoding counts, and the work budget shared by all pages. Also the turning of
//! points between page space and the space of a rotated baseline.
//!
//! Plain data and arithmetic: no lopdf, no fonts, no layout.

use std::collections::BTreeMap;

use super::geometry::{Matrix, Rect};
use crate::model::HiddenKind;

/// Why walking stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WalkError {
    Operations { limit: u64 },
    DecodedBytes { limit: u64 },
    TextBytes { limit: u64 },
}

/// The work left for the whole document.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    pub operations_left: u64,
    pub operations_limit: u64,
    pub decoded_bytes_left: u64,
    pub decoded_bytes_limit: u64,
    pub text_bytes_limit: u64,
}

impl Budget {
    /// Charges decoded bytes, failing when the budget is spent.
    pub fn charge_decoded(&mut self, bytes: usize) -> Result<(), WalkError> {
        match self.decoded_bytes_left.checked_sub(bytes as u64) {
            Some(left) => {
                self.decoded_bytes_left = left;
                Ok(())
            }
            None => Err(WalkError::DecodedBytes { limit: self.decoded_bytes_limit }),
        }
    }
}

/// One shown glyph in page space (y grows upwards).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PageGlyph {
    pub x0: f64,
    pub x1: f64,
    /// The baseline.
    pub y: f64,
    /// The effective font size in points.
    pub size: f64,
    /// Byte range of the glyph's text in [`PageContent::text`]; empty for spaces.
    pub text_start: usize,
    pub text_end: usize,
    pub is_space: bool,
    pub hidden: Option<HiddenKind>,
    /// The angle of the baseline in degrees (0 upright, 90 going up). The coordinates above are
    /// already turned back so the baseline runs left to right.
    pub direction: u16,
}

/// How many glyphs of one font had known text, and how many had none (no ToUnicode entry and
/// no usable encoding).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct GlyphCounts {
    pub known: usize,
    pub unknown: usize,
}

impl GlyphCounts {
    pub fn count(&mut self, known: bool) {
        if known {
            self.known += 1;
        } else {
            self.unknown += 1;
        }
    }

    /// A font that decodes mostly nothing has a broken or missing text mapping. A few unknown
    /// codes in a font that decodes well are invisible glyphs (a subset's spaces): dropped.
    pub fn is_undecodable(&self) -> bool {
        self.unknown > self.known
    }
}

/// Everything shown on one page.
#[derive(Debug, Default)]
pub(crate) struct PageContent {
    pub glyphs: Vec<PageGlyph>,
    pub text: String,
    /// Per font (`/BaseFont`): glyphs whose text was known and glyphs whose text was not.
    pub glyphs_by_font: BTreeMap<String, GlyphCounts>,
    /// Areas covered by images: invisible text over them is an OCR layer, not hidden text.
    pub images: Vec<Rect>,
}

/// The angle of a glyph's baseline in whole degrees, 0 to 359 (see [`PageGlyph::direction`]).
pub(crate) fn baseline_degrees(glyph_matrix: &Matrix) -> u16 {
    let degrees = glyph_matrix.b.atan2(glyph_matrix.a).to_degrees().round();
    if degrees.is_finite() {
        degrees.rem_euclid(360.0) as u16 % 360
    } else {
        0
    }
}

/// Turns a page point so that a baseline at `degrees` runs left to right.
pub(crate) fn turn_back((x, y): (f64, f64), degrees: u16) -> (f64, f64) {
    if degrees == 0 {
        return (x, y);
    }
    let (sin, cos) = f64::from(degrees).to_radians().sin_cos();
    (x * cos + y * sin, -x * sin + y * cos)
}

/// The inverse of [`turn_back`]: back to page space.
pub(crate) fn turn_forward((x, y): (f64, f64), degrees: u16) -> (f64, f64) {
    if degrees == 0 {
        return (x, y);
    }
    let (sin, cos) = f64::from(degrees).to_radians().sin_cos();
    (x * cos - y * sin, x * sin + y * cos)
}
