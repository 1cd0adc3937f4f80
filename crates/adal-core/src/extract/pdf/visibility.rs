//! Whether a reader would see a glyph: the fill colour (white or not, in gray, RGB or CMYK), the
//! text render mode, the effective size, and the dark areas (filled shapes, images) drawn under
//! the text so far on the page.
//!
//! White text is taken as hidden only on a white page: the page itself is assumed white, and a
//! filled non-white shape or an image under the glyph makes white text visible again. This module
//! knows nothing about operators, fonts or layout.

use super::geometry::Rect;
use crate::model::HiddenKind;

/// Text under this effective size (in points) is hidden from the reader.
const TINY_TEXT_POINTS: f64 = 2.0;
/// A colour channel at or above this value (or ink at or below `1 − WHITE`) reads as white.
const WHITE: f64 = 0.95;
/// Most dark areas remembered per page.
pub(crate) const MAX_AREAS: usize = 20_000;

/// The colour spaces whose components tell white from not white.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColourSpace {
    Gray,
    Rgb,
    Cmyk,
    /// Patterns, separations, indexed and unknown spaces: never taken for white.
    Other,
}

/// The fill colour, as far as visibility goes. Part of the graphics state (`q`/`Q` save it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fill {
    pub space: ColourSpace,
    pub is_white: bool,
}

impl Fill {
    /// The initial fill: black in DeviceGray.
    pub const BLACK: Fill = Fill { space: ColourSpace::Gray, is_white: false };

    /// Sets the colour from its components in `space`.
    pub fn set(&mut self, space: ColourSpace, components: &[f64]) {
        self.space = space;
        self.is_white = match (space, components) {
            (ColourSpace::Gray, [gray]) => *gray >= WHITE,
            (ColourSpace::Rgb, [red, green, blue]) => [red, green, blue].iter().all(|c| **c >= WHITE),
            (ColourSpace::Cmyk, [cyan, magenta, yellow, black]) => {
                [cyan, magenta, yellow, black].iter().all(|c| **c <= 1.0 - WHITE)
            }
            _ => false,
        };
    }
}

/// The non-white areas painted so far on a page, and the bounds of the path being built.
#[derive(Debug, Default)]
pub(crate) struct DarkAreas {
    path_bounds: Option<Rect>,
    areas: Vec<Rect>,
}

impl DarkAreas {
    /// Adds a piece (already in page space) to the path being built.
    pub fn extend_path(&mut self, rect: Rect) {
        self.path_bounds = Some(match self.path_bounds {
            Some(bounds) => Rect {
                x0: bounds.x0.min(rect.x0),
                y0: bounds.y0.min(rect.y0),
                x1: bounds.x1.max(rect.x1),
                y1: bounds.y1.max(rect.y1),
            },
            None => rect,
        });
    }

    /// Fills the path being built: a non-white fill becomes a dark area.
    pub fn fill_path(&mut self, fill: Fill) {
        if let Some(bounds) = self.path_bounds.take() {
            if !fill.is_white {
                self.add(bounds);
            }
        }
    }

    /// Ends the path without filling it.
    pub fn discard_path(&mut self) {
        self.path_bounds = None;
    }

    /// Adds a painted area (an image, a filled shape).
    pub fn add(&mut self, rect: Rect) {
        // Hairlines (rules, underlines, table borders) cover no text.
        if rect.x1 - rect.x0 > 2.0 && rect.y1 - rect.y0 > 2.0 && self.areas.len() < MAX_AREAS {
            self.areas.push(rect);
        }
    }

    fn covers(&self, x: f64, y: f64) -> bool {
        self.areas.iter().any(|rect| rect.contains(x, y))
    }
}

/// What a glyph looks like to the visibility rules.
#[derive(Clone, Copy, Debug)]
pub(crate) struct GlyphLook {
    pub render_mode: i64,
    pub fill: Fill,
    /// The effective font size in points.
    pub size: f64,
    /// The middle of the glyph in page space.
    pub centre: (f64, f64),
}

/// Why a glyph would not be seen, if it would not. Invisible text over a scan is settled later,
/// once every image of the page is known (see `treat_ocr_layer_as_visible`).
pub(crate) fn hidden_kind(look: GlyphLook, dark_areas: &DarkAreas) -> Option<HiddenKind> {
    if matches!(look.render_mode, 3 | 7) {
        return Some(HiddenKind::InvisibleRenderMode);
    }
    if look.size < TINY_TEXT_POINTS {
        return Some(HiddenKind::TinyText);
    }
    let fills = matches!(look.render_mode, 0 | 2 | 4 | 6);
    if fills && look.fill.is_white && !dark_areas.covers(look.centre.0, look.centre.1) {
        return Some(HiddenKind::WhiteText);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(fill: Fill, size: f64, render_mode: i64) -> GlyphLook {
        GlyphLook { render_mode, fill, size, centre: (100.0, 100.0) }
    }

    #[test]
    fn white_tiny_and_invisible_text_is_hidden() {
        let mut white = Fill::BLACK;
        white.set(ColourSpace::Rgb, &[1.0, 1.0, 1.0]);
        let none = DarkAreas::default();
        assert_eq!(hidden_kind(look(white, 12.0, 0), &none), Some(HiddenKind::WhiteText));
        assert_eq!(hidden_kind(look(Fill::BLACK, 1.5, 0), &none), Some(HiddenKind::TinyText));
        assert_eq!(hidden_kind(look(Fill::BLACK, 12.0, 3), &none), Some(HiddenKind::InvisibleRenderMode));
        assert_eq!(hidden_kind(look(Fill::BLACK, 12.0, 0), &none), None);
    }

    #[test]
    fn white_text_on_a_dark_box_is_visible() {
        let mut white = Fill::BLACK;
        white.set(ColourSpace::Cmyk, &[0.0, 0.0, 0.0, 0.0]);
        let mut areas = DarkAreas::default();
        areas.extend_path(Rect { x0: 50.0, y0: 50.0, x1: 200.0, y1: 200.0 });
        areas.fill_path(Fill::BLACK);
        assert_eq!(hidden_kind(look(white, 12.0, 0), &areas), None);
    }
}
