//! Page layout: turns the glyphs of one page, in whatever order the content stream drew them,
//! into text in reading order.
//!
//! Glyphs are grouped into visual lines by baseline (superscripts join their line), each line
//! is sorted by x, and a space is inserted where the gap between glyphs is wider than
//! [`SPACE_GAP_EM`]. Pages with a clear vertical gutter are read column by column, with full-width
//! lines (titles, headers) breaking the columns into bands. Paragraphs are separated by a blank
//! line when the vertical gap is larger than usual or a line starts indented. Hidden glyphs
//! become hidden spans. This module knows nothing about PDF objects or fonts.

use super::page::{PageContent, PageGlyph};
use crate::model::{HiddenKind, Span};

/// A gap wider than this share of the font size between two glyphs is a word space.
const SPACE_GAP_EM: f64 = 0.15;
/// A gap wider than this share of the font size splits a line into segments (column candidates).
const SEGMENT_GAP_EM: f64 = 1.0;
/// Baselines closer than this share of the font size belong to one line.
const BASELINE_TOLERANCE_EM: f64 = 0.2;
/// Deepest recursion of column splitting (a page with more than 8 columns is a table).
const MAX_COLUMN_DEPTH: usize = 3;

/// The text of one page and the hidden spans in it (offsets relative to the page text).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct PageText {
    pub text: String,
    pub hidden: Vec<(Span, HiddenKind)>,
}

/// A run of glyphs on one baseline without a wide gap.
#[derive(Clone, Debug)]
struct Segment {
    glyphs: Vec<usize>,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    group: usize,
}

/// Lays out one page.
pub(crate) fn lay_out(page: &PageContent) -> PageText {
    let mut writer = TextWriter { page, out: PageText::default() };
    // Upright text first, then turned text by angle (table heads, margin notes, stamps).
    let mut directions: Vec<u16> = page.glyphs.iter().map(|glyph| glyph.direction).collect();
    directions.sort_unstable();
    directions.dedup();
    for direction in directions {
        let members: Vec<usize> =
            (0..page.glyphs.len()).filter(|&i| page.glyphs[i].direction == direction).collect();
        let groups = baseline_groups(&page.glyphs, members);
        let segments = split_into_segments(&page.glyphs, &groups);
        let mut blocks = Vec::new();
        order_segments(segments, 0, &mut blocks);
        for block in &blocks {
            writer.paragraph_break();
            writer.write_block(block);
        }
    }
    let mut out = writer.out;
    let trimmed_length = out.text.trim_end().len();
    out.text.truncate(trimmed_length);
    for (span, _) in &mut out.hidden {
        span.end = span.end.min(trimmed_length);
        span.start = span.start.min(span.end);
    }
    out.hidden.retain(|(span, _)| !span.is_empty());
    out
}

/// Groups glyph indices by baseline, top to bottom; each group sorted by x.
fn baseline_groups(glyphs: &[PageGlyph], mut order: Vec<usize>) -> Vec<Vec<usize>> {
    order.sort_by(|&a, &b| glyphs[b].y.total_cmp(&glyphs[a].y).then(glyphs[a].x0.total_cmp(&glyphs[b].x0)));
    let mut groups: Vec<(f64, f64, Vec<usize>)> = Vec::new();
    for index in order {
        let glyph = &glyphs[index];
        match groups.last_mut() {
            Some((anchor_y, anchor_size, members))
                if *anchor_y - glyph.y <= BASELINE_TOLERANCE_EM * anchor_size.max(glyph.size).max(2.5) =>
            {
                *anchor_size = anchor_size.max(glyph.size);
                members.push(index);
            }
            _ => groups.push((glyph.y, glyph.size, vec![index])),
        }
    }
    merge_raised_groups(glyphs, &mut groups);
    groups
        .into_iter()
        .map(|(_, _, mut members)| {
            members.sort_by(|&a, &b| glyphs[a].x0.total_cmp(&glyphs[b].x0));
            members
        })
        .collect()
}

/// Joins superscripts and subscripts (small text just above or below a line and within its
/// horizontal extent) to the line they belong to.
fn merge_raised_groups(glyphs: &[PageGlyph], groups: &mut Vec<(f64, f64, Vec<usize>)>) {
    let extent = |members: &[usize]| {
        members.iter().fold((f64::MAX, f64::MIN), |(x0, x1), &i| (x0.min(glyphs[i].x0), x1.max(glyphs[i].x1)))
    };
    let mut index = 0;
    while index < groups.len() {
        let (y, size, _) = groups[index];
        let (x0, x1) = extent(&groups[index].2);
        let target = [index.wrapping_sub(1), index + 1].into_iter().find(|&other| {
            let Some((other_y, other_size, other_members)) = groups.get(other) else { return false };
            let (other_x0, other_x1) = extent(other_members);
            let offset = y - other_y;
            size < 0.85 * other_size
                && offset > -0.35 * other_size
                && offset < 0.6 * other_size
                && x0 >= other_x0 - other_size
                && x1 <= other_x1 + 2.0 * other_size
        });
        match target {
            Some(other) => {
                let members = std::mem::take(&mut groups[index].2);
                groups[other].2.extend(members);
                groups.remove(index);
            }
            None => index += 1,
        }
    }
}

fn split_into_segments(glyphs: &[PageGlyph], groups: &[Vec<usize>]) -> Vec<Segment> {
    let mut segments = Vec::new();
    for (group_index, members) in groups.iter().enumerate() {
        let mut current: Option<Segment> = None;
        for &index in members {
            let glyph = &glyphs[index];
            if let Some(segment) = current.as_mut() {
                let wide_gap =
                    !glyph.is_space && glyph.x0 - segment.x1 > SEGMENT_GAP_EM * segment.size.max(glyph.size);
                if !wide_gap {
                    segment.glyphs.push(index);
                    if !glyph.is_space {
                        segment.x1 = segment.x1.max(glyph.x1);
                        segment.size = segment.size.max(glyph.size);
                    }
                    continue;
                }
                segments.extend(current.take());
            }
            if glyph.is_space {
                continue;
            }
            current = Some(Segment {
                glyphs: vec![index],
                x0: glyph.x0,
                x1: glyph.x1,
                y: glyph.y,
                size: glyph.size,
                group: group_index,
            });
        }
        segments.extend(current);
    }
    for segment in &mut segments {
        segment.y = segment.glyphs.iter().map(|&i| glyphs[i].y).fold(f64::MIN, f64::max);
    }
    segments
}

/// Puts segments in reading order as blocks of lines (one block per column run), splitting at
/// a clear vertical gutter when there is one.
fn order_segments(segments: Vec<Segment>, depth: usize, blocks: &mut Vec<Vec<Segment>>) {
    if segments.is_empty() {
        return;
    }
    let gutter = if depth < MAX_COLUMN_DEPTH { find_gutter(&segments) } else { None };
    let Some((gutter_start, gutter_end)) = gutter else {
        blocks.push(merge_lines(segments));
        return;
    };
    let middle = (gutter_start + gutter_end) / 2.0;
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let flush = |left: &mut Vec<Segment>, right: &mut Vec<Segment>, blocks: &mut Vec<Vec<Segment>>| {
        order_segments(std::mem::take(left), depth + 1, blocks);
        order_segments(std::mem::take(right), depth + 1, blocks);
    };
    // Segments arrive top to bottom because groups were built top to bottom.
    for segment in segments {
        if segment.x0 < gutter_start && segment.x1 > gutter_end {
            flush(&mut left, &mut right, blocks);
            blocks.push(vec![segment]);
        } else if segment.x1 <= middle {
            left.push(segment);
        } else {
            right.push(segment);
        }
    }
    flush(&mut left, &mut right, blocks);
}

/// Finds an x-range in the middle of the text that almost no segment crosses while enough
/// segments lie on each side of it: the gutter between two columns.
fn find_gutter(segments: &[Segment]) -> Option<(f64, f64)> {
    if segments.len() < 10 {
        return None;
    }
    let x0 = segments.iter().map(|s| s.x0).fold(f64::MAX, f64::min);
    let x1 = segments.iter().map(|s| s.x1).fold(f64::MIN, f64::max);
    let width = x1 - x0;
    if !(width > 20.0 && width < 20_000.0) {
        return None;
    }
    let bins = (width.ceil() as usize).min(4_000);
    let bin_width = width / bins as f64;
    let mut coverage = vec![0i64; bins + 1];
    for segment in segments {
        let first = (((segment.x0 - x0) / bin_width) as usize).min(bins);
        let last = (((segment.x1 - x0) / bin_width) as usize).min(bins);
        coverage[first] += 1;
        coverage[last] -= 1;
    }
    let mut running = 0;
    for value in coverage.iter_mut() {
        running += *value;
        *value = running;
    }
    let allowance = (segments.len() / 12) as i64;
    let median_size = median(segments.iter().map(|s| s.size).collect()).unwrap_or(10.0);
    let (search_start, search_end) = ((bins as f64 * 0.2) as usize, (bins as f64 * 0.8) as usize);
    let mut best: Option<(f64, f64, i64)> = None;
    let mut run_start: Option<usize> = None;
    for bin in search_start..=search_end {
        let open = bin < search_end && coverage[bin] <= allowance;
        match (open, run_start) {
            (true, None) => run_start = Some(bin),
            (false, Some(start)) => {
                let (gap_start, gap_end) = (x0 + start as f64 * bin_width, x0 + bin as f64 * bin_width);
                let crossing = coverage[start..bin].iter().copied().max().unwrap_or(0);
                let better = best
                    .is_none_or(|(s, e, c)| crossing < c || (crossing == c && gap_end - gap_start > e - s));
                if gap_end - gap_start >= 0.6 * median_size && better {
                    best = Some((gap_start, gap_end, crossing));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    let (gap_start, gap_end, _) = best?;
    let left = segments.iter().filter(|s| s.x1 <= gap_start + bin_width).count();
    let right = segments.iter().filter(|s| s.x0 >= gap_end - bin_width).count();
    let enough = |count: usize| count >= 5 && count * 5 >= segments.len();
    (enough(left) && enough(right)).then_some((gap_start, gap_end))
}

/// Joins the segments of one baseline group back into one line, top to bottom.
fn merge_lines(mut segments: Vec<Segment>) -> Vec<Segment> {
    segments.sort_by(|a, b| a.group.cmp(&b.group).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Segment> = Vec::new();
    for segment in segments {
        match lines.last_mut() {
            Some(line) if line.group == segment.group => {
                line.glyphs.extend(segment.glyphs);
                line.x1 = line.x1.max(segment.x1);
                line.size = line.size.max(segment.size);
            }
            _ => lines.push(segment),
        }
    }
    lines
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.retain(|v| v.is_finite());
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

struct TextWriter<'page> {
    page: &'page PageContent,
    out: PageText,
}

impl TextWriter<'_> {
    fn paragraph_break(&mut self) {
        let trimmed = self.out.text.trim_end_matches([' ', '\n']).len();
        self.out.text.truncate(trimmed);
        if !self.out.text.is_empty() {
            self.out.text.push_str("\n\n");
        }
    }

    fn line_break(&mut self) {
        let trimmed = self.out.text.trim_end_matches(' ').len();
        self.out.text.truncate(trimmed);
        if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
            self.out.text.push('\n');
        }
    }

    /// Writes one block (a column run) of lines, finding paragraph breaks inside it.
    fn write_block(&mut self, lines: &[Segment]) {
        let gaps: Vec<f64> = lines
            .windows(2)
            .map(|pair| pair[0].y - pair[1].y)
            .filter(|gap| *gap > 0.0)
            .filter(|gap| lines.first().is_some_and(|line| *gap < 3.0 * line.size))
            .collect();
        let usual_gap = median(gaps);
        let left_edge = lines.iter().map(|line| line.x0).fold(f64::MAX, f64::min);
        for (index, line) in lines.iter().enumerate() {
            if index > 0 {
                let previous = &lines[index - 1];
                let gap = previous.y - line.y;
                let wide_gap = usual_gap.is_some_and(|usual| gap > usual * 1.4 + 0.5) || gap <= 0.0;
                let indented = line.x0 > left_edge + line.size && previous.x0 <= left_edge + 0.5 * line.size;
                if wide_gap || indented {
                    self.paragraph_break();
                } else {
                    self.line_break();
                }
            }
            self.write_line(line);
        }
    }

    fn write_line(&mut self, line: &Segment) {
        let glyphs = &self.page.glyphs;
        let mut previous: Option<&PageGlyph> = None;
        // The width of an explicit space glyph seen since the previous glyph.
        let mut pending_space: Option<f64> = None;
        for &index in &line.glyphs {
            let glyph = &glyphs[index];
            if glyph.is_space {
                if previous.is_some() {
                    pending_space = Some(glyph.x1 - glyph.x0);
                }
                continue;
            }
            let text = &self.page.text[glyph.text_start..glyph.text_end];
            if let Some(before) = previous {
                let before_text = &self.page.text[before.text_start..before.text_end];
                // Fake bold draws the same glyph twice, a hair apart; keep one.
                if before_text == text && (glyph.x0 - before.x0).abs() < 0.15 * glyph.size {
                    continue;
                }
                let gap = glyph.x0 - before.x1;
                // A footnote mark raised above its line is a word of its own.
                let raised = (glyph.y - before.y).abs() > 0.15 * glyph.size.max(before.size)
                    && gap > -0.1 * glyph.size;
                // An explicit space counts only where there is room for it: text drawn over
                // a string of spaces must not come out letter-spaced.
                let spaced = pending_space.is_some_and(|width| gap >= 0.4 * width);
                if spaced || raised || gap > SPACE_GAP_EM * glyph.size.max(before.size) {
                    self.out.text.push(' ');
                }
            }
            pending_space = None;
            let start = self.out.text.len();
            self.out.text.push_str(text);
            if let Some(kind) = glyph.hidden {
                self.add_hidden(Span::new(start, self.out.text.len()), kind);
            }
            previous = Some(glyph);
        }
    }

    /// Adds a hidden span, merging it with the previous one when only whitespace separates them.
    fn add_hidden(&mut self, span: Span, kind: HiddenKind) {
        if let Some((last, last_kind)) = self.out.hidden.last_mut() {
            let between = &self.out.text[last.end..span.start];
            if *last_kind == kind && between.chars().all(char::is_whitespace) {
                last.end = span.end;
                return;
            }
        }
        self.out.hidden.push((span, kind));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a page from `(x, y, text)` glyphs of size 10, each 5 points wide per character.
    fn page(glyphs: &[(f64, f64, &str)]) -> PageContent {
        let mut page = PageContent::default();
        for &(x, y, text) in glyphs {
            let start = page.text.len();
            let is_space = text == " ";
            if !is_space {
                page.text.push_str(text);
            }
            let width = 5.0 * text.chars().count() as f64;
            page.glyphs.push(PageGlyph {
                x0: x,
                x1: x + width,
                y,
                size: 10.0,
                text_start: start,
                text_end: page.text.len(),
                is_space,
                hidden: None,
                direction: 0,
            });
        }
        page
    }

    #[test]
    fn glyphs_drawn_after_the_line_are_put_back_by_x() {
        // "нәтиже" with "ә" drawn last, as fallback fonts do.
        let content = page(&[(100.0, 700.0, "н"), (110.0, 700.0, "тиже"), (105.0, 700.0, "ә")]);
        assert_eq!(lay_out(&content).text, "нәтиже");
    }

    #[test]
    fn wide_gaps_become_spaces_and_lines_break() {
        let content = page(&[(100.0, 700.0, "ab"), (112.0, 700.0, "cd"), (100.0, 688.0, "ef")]);
        assert_eq!(lay_out(&content).text, "ab cd\nef");
    }

    #[test]
    fn indented_lines_and_wide_gaps_start_paragraphs() {
        let content = page(&[
            (100.0, 700.0, "one"),
            (100.0, 688.0, "two"),
            (120.0, 676.0, "three"),
            (100.0, 664.0, "four"),
            (100.0, 630.0, "five"),
        ]);
        assert_eq!(lay_out(&content).text, "one\ntwo\n\nthree\nfour\n\nfive");
    }

    #[test]
    fn two_columns_are_read_left_then_right() {
        let mut glyphs = Vec::new();
        for row in 0..8 {
            let y = 700.0 - 12.0 * row as f64;
            glyphs.push((100.0, y, "leftcolumntext"));
            glyphs.push((300.0, y, "rightcolumntext"));
        }
        let text = lay_out(&page(&glyphs)).text;
        let first_right = text.find("right").unwrap_or(0);
        assert!(text[..first_right].matches("left").count() == 8, "{text}");
    }
}
