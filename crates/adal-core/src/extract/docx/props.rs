//! Run properties that decide whether text is visible: hidden (`w:vanish`, `w:specVanish`),
//! font colour, font size and background (shading and highlight), with how they layer.
//!
//! This module owns the rule "is this run visible to a reader of the printed page?". It knows
//! nothing about where the properties come from (styles or direct formatting) or about XML.

use crate::model::HiddenKind;

/// Text smaller than this many half-points (2 pt) is flagged as tiny.
const TINY_TEXT_HALF_POINTS: u32 = 4;

/// Text whose colour differs from the background by at most this much in every channel is
/// invisible on paper: FFFFFF and E8E8E8 on white are, E6E6E6 light grey is still read.
const NEAR_BACKGROUND_CHANNEL_DISTANCE: u8 = 0x18;

/// The page is white unless shading says otherwise.
pub(super) const WHITE: Rgb = Rgb([0xFF, 0xFF, 0xFF]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Rgb(pub [u8; 3]);

impl Rgb {
    /// Parses `RRGGBB` (as in `w:color w:val="FFFFFF"`); `auto` and anything else give `None`.
    pub(super) fn parse_hex(value: &str) -> Option<Rgb> {
        let value = value.trim();
        if value.len() != 6 || !value.is_ascii() {
            return None;
        }
        let channel = |index: usize| u8::from_str_radix(&value[index..index + 2], 16).ok();
        Some(Rgb([channel(0)?, channel(2)?, channel(4)?]))
    }

    /// The colour of a `w:highlight` name; `none` and unknown names give `None`.
    pub(super) fn parse_highlight(name: &str) -> Option<Rgb> {
        let rgb = match name.trim() {
            "black" => [0x00, 0x00, 0x00],
            "blue" => [0x00, 0x00, 0xFF],
            "cyan" => [0x00, 0xFF, 0xFF],
            "green" => [0x00, 0xFF, 0x00],
            "magenta" => [0xFF, 0x00, 0xFF],
            "red" => [0xFF, 0x00, 0x00],
            "yellow" => [0xFF, 0xFF, 0x00],
            "white" => [0xFF, 0xFF, 0xFF],
            "darkBlue" => [0x00, 0x00, 0x80],
            "darkCyan" => [0x00, 0x80, 0x80],
            "darkGreen" => [0x00, 0x80, 0x00],
            "darkMagenta" => [0x80, 0x00, 0x80],
            "darkRed" => [0x80, 0x00, 0x00],
            "darkYellow" => [0x80, 0x80, 0x00],
            "darkGray" => [0x80, 0x80, 0x80],
            "lightGray" => [0xC0, 0xC0, 0xC0],
            _ => return None,
        };
        Some(Rgb(rgb))
    }

    /// The background a `w:shd` paints: its fill, or its pattern colour when the pattern is
    /// solid. `auto` fills are transparent.
    pub(super) fn parse_shading(
        pattern: Option<&str>,
        fill: Option<&str>,
        pattern_color: Option<&str>,
    ) -> Option<Rgb> {
        if pattern == Some("solid") {
            if let Some(color) = pattern_color.and_then(Rgb::parse_hex) {
                return Some(color);
            }
        }
        if pattern == Some("nil") {
            return None;
        }
        fill.and_then(Rgb::parse_hex)
    }

    fn is_near(self, other: Rgb) -> bool {
        self.0.iter().zip(other.0.iter()).all(|(a, b)| a.abs_diff(*b) <= NEAR_BACKGROUND_CHANNEL_DISTANCE)
    }
}

/// A font colour: `auto` (black on light backgrounds, white on dark ones) or a fixed colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FontColor {
    Auto,
    Fixed(Rgb),
}

/// The visibility-relevant run properties of one layer (defaults, a style, or direct
/// formatting). `None` means "not set here, inherit".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct RunProps {
    pub vanish: Option<bool>,
    pub spec_vanish: Option<bool>,
    pub color: Option<FontColor>,
    pub half_points: Option<u32>,
    /// Run shading or highlight.
    pub background: Option<Rgb>,
}

impl RunProps {
    /// This layer with `over` laid on top: what `over` sets wins.
    pub(super) fn overlay(&self, over: &RunProps) -> RunProps {
        RunProps {
            vanish: over.vanish.or(self.vanish),
            spec_vanish: over.spec_vanish.or(self.spec_vanish),
            color: over.color.or(self.color),
            half_points: over.half_points.or(self.half_points),
            background: over.background.or(self.background),
        }
    }

    /// Why text with these (fully resolved) properties would not be seen on a page whose
    /// background at this point is `surroundings`, if it would not.
    pub(super) fn hidden_kind(&self, surroundings: Rgb) -> Option<HiddenKind> {
        if self.vanish == Some(true) || self.spec_vanish == Some(true) {
            return Some(HiddenKind::Vanished);
        }
        let background = self.background.unwrap_or(surroundings);
        if let Some(FontColor::Fixed(color)) = self.color {
            if color.is_near(background) {
                return Some(HiddenKind::WhiteText);
            }
        }
        if self.half_points.is_some_and(|size| size < TINY_TEXT_HALF_POINTS) {
            return Some(HiddenKind::TinyText);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(color: &str, half_points: u32) -> RunProps {
        RunProps {
            color: Rgb::parse_hex(color).map(FontColor::Fixed),
            half_points: Some(half_points),
            ..RunProps::default()
        }
    }

    #[test]
    fn white_and_near_white_text_is_hidden_on_white_only() {
        assert_eq!(props("FFFFFF", 28).hidden_kind(WHITE), Some(HiddenKind::WhiteText));
        assert_eq!(props("F2F2F2", 28).hidden_kind(WHITE), Some(HiddenKind::WhiteText));
        assert_eq!(props("E6E6E6", 28).hidden_kind(WHITE), None);
        assert_eq!(props("FFFFFF", 28).hidden_kind(Rgb([0x1F, 0x3A, 0x60])), None);
        assert_eq!(props("000000", 28).hidden_kind(Rgb([0, 0, 0])), Some(HiddenKind::WhiteText));
    }

    #[test]
    fn text_under_two_points_is_tiny() {
        assert_eq!(props("000000", 2).hidden_kind(WHITE), Some(HiddenKind::TinyText));
        assert_eq!(props("000000", 4).hidden_kind(WHITE), None);
    }

    #[test]
    fn direct_formatting_overrides_styles() {
        let style = RunProps { vanish: Some(true), ..RunProps::default() };
        let direct = RunProps { vanish: Some(false), ..RunProps::default() };
        assert_eq!(style.overlay(&direct).hidden_kind(WHITE), None);
    }
}
