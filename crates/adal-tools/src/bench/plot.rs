//! `adal-tools bench plot`: the growth plot of BENCHMARKS.md, drawn as a self-contained SVG from the
//! JSON that `adal-tools bench check --json-out` keeps (one row per corpus size).
//!
//! Four small panels share a logarithmic x axis (corpus documents): check latency p50/p95 with
//! and without PDF extraction, ingest MB/s, index bytes per byte of text, and peak RSS. Each
//! panel has its own linear y axis starting at zero and, where the issue sets one, the target
//! as a dashed line.

use super::check::GrowthRow;
use std::fmt::Write as _;
use std::path::Path;

const PANEL_WIDTH: f64 = 360.0;
const PANEL_HEIGHT: f64 = 220.0;
const MARGIN_LEFT: f64 = 56.0;
const MARGIN_TOP: f64 = 34.0;
const MARGIN_BOTTOM: f64 = 36.0;
const COLOURS: [&str; 4] = ["#1f5fa8", "#c0392b", "#2e7d32", "#8e44ad"];

/// One line of a panel: its label and a value per row (missing values are skipped).
struct Series<'a> {
    label: &'a str,
    values: Vec<Option<f64>>,
}

struct Panel<'a> {
    title: &'a str,
    series: Vec<Series<'a>>,
    target: Option<(f64, &'a str)>,
}

/// Reads `input` and writes the plot to `output`.
pub fn plot(input: &Path, output: &Path) -> anyhow::Result<()> {
    let rows: Vec<GrowthRow> = serde_json::from_str(&std::fs::read_to_string(input)?)?;
    anyhow::ensure!(!rows.is_empty(), "{} has no rows", input.display());
    std::fs::write(output, svg(&rows))?;
    Ok(())
}

fn svg(rows: &[GrowthRow]) -> String {
    let column = |pick: fn(&GrowthRow) -> Option<f64>| rows.iter().map(pick).collect::<Vec<_>>();
    let panels = [
        Panel {
            title: "one 35k-word thesis, ms",
            series: vec![
                Series { label: "p50 check", values: column(|row| Some(row.check_p50_ms)) },
                Series { label: "p95 check", values: column(|row| Some(row.check_p95_ms)) },
                Series { label: "p50 with PDF extraction", values: column(|row| Some(row.with_pdf_p50_ms)) },
            ],
            target: Some((300.0, "target p50 with PDF at 10k")),
        },
        Panel {
            title: "ingest, MB of text per second (index merged)",
            series: vec![Series { label: "ingest", values: column(|row| row.ingest_mb_per_s) }],
            target: Some((20.0, "target")),
        },
        Panel {
            title: "index bytes per byte of text",
            series: vec![
                Series { label: "whole index", values: column(|row| Some(row.index_bytes_per_text_byte)) },
                Series {
                    label: "fingerprint runs",
                    values: column(|row| Some(row.fingerprint_runs_bytes_per_text_byte)),
                },
            ],
            target: Some((0.5, "target")),
        },
        Panel {
            title: "peak RSS of the run, MB",
            series: vec![Series { label: "peak RSS", values: column(|row| row.peak_rss_mb) }],
            target: Some((2048.0, "target 2 GB")),
        },
    ];
    let documents: Vec<f64> = rows.iter().map(|row| row.documents as f64).collect();
    let width = 2.0 * (PANEL_WIDTH + MARGIN_LEFT) + 20.0;
    let height = 2.0 * (PANEL_HEIGHT + MARGIN_TOP + MARGIN_BOTTOM) + 20.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for (number, panel) in panels.iter().enumerate() {
        let left = (number % 2) as f64 * (PANEL_WIDTH + MARGIN_LEFT) + MARGIN_LEFT;
        let top = (number / 2) as f64 * (PANEL_HEIGHT + MARGIN_TOP + MARGIN_BOTTOM) + MARGIN_TOP;
        draw_panel(&mut out, panel, &documents, left, top);
    }
    out.push_str("</svg>\n");
    out
}

fn draw_panel(out: &mut String, panel: &Panel<'_>, documents: &[f64], left: f64, top: f64) {
    let (min_x, max_x) =
        documents.iter().fold((f64::MAX, f64::MIN), |(low, high), &x| (low.min(x), high.max(x)));
    let (log_min, log_max) = (min_x.log10() - 0.15, max_x.log10() + 0.15);
    let values = panel.series.iter().flat_map(|series| series.values.iter().flatten());
    let max_value = values.fold(panel.target.map_or(0.0, |(value, _)| value), |high, &value| high.max(value));
    let max_y = nice_ceiling(max_value * 1.1);
    let x_of = |x: f64| left + (x.log10() - log_min) / (log_max - log_min) * PANEL_WIDTH;
    let y_of = |y: f64| top + PANEL_HEIGHT - y / max_y * PANEL_HEIGHT;
    let _ = writeln!(
        out,
        r#"<text x="{left}" y="{}" font-weight="bold">{}</text>"#,
        top - 14.0,
        escape(panel.title)
    );
    let _ = writeln!(
        out,
        r##"<rect x="{left}" y="{top}" width="{PANEL_WIDTH}" height="{PANEL_HEIGHT}" fill="none" stroke="#888"/>"##
    );
    for step in 0..=4 {
        let value = max_y * f64::from(step) / 4.0;
        let y = y_of(value);
        let _ = writeln!(
            out,
            r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            left + PANEL_WIDTH,
            left - 4.0,
            y + 4.0,
            format_value(value)
        );
    }
    for &x in documents {
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{}" text-anchor="middle">{} docs</text>"#,
            x_of(x),
            top + PANEL_HEIGHT + 14.0,
            format_documents(x)
        );
    }
    if let Some((target, label)) = panel.target {
        let y = y_of(target);
        let _ = writeln!(
            out,
            r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#555" stroke-dasharray="5,4"/><text x="{}" y="{:.1}" text-anchor="end" fill="#555">{}</text>"##,
            left + PANEL_WIDTH,
            left + PANEL_WIDTH - 4.0,
            y - 4.0,
            escape(label)
        );
    }
    for (number, series) in panel.series.iter().enumerate() {
        let colour = COLOURS[number % COLOURS.len()];
        let points: Vec<(f64, f64)> = documents
            .iter()
            .zip(&series.values)
            .filter_map(|(&x, value)| value.map(|value| (x_of(x), y_of(value))))
            .collect();
        let path: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            path.join(" ")
        );
        for (x, y) in &points {
            let _ = writeln!(out, r#"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="{colour}"/>"#);
        }
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" fill="{colour}">{}</text>"#,
            left + 8.0,
            top + 16.0 + 14.0 * number as f64,
            escape(series.label)
        );
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10^k at or above `value`.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|step| step * magnitude)
        .find(|&ceiling| ceiling >= value)
        .unwrap_or(value)
}

fn format_value(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

fn format_documents(documents: f64) -> String {
    if documents >= 1000.0 {
        format!("{}k", documents / 1000.0)
    } else {
        format!("{documents}")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(documents: usize, p50: f64) -> GrowthRow {
        GrowthRow {
            documents,
            text_mb: 61.0,
            ingest_mb_per_s: Some(15.0),
            index_bytes_per_text_byte: 0.49,
            fingerprint_runs_bytes_per_text_byte: 0.07,
            check_p50_ms: p50,
            check_p95_ms: p50 * 1.3,
            with_pdf_p50_ms: p50 + 150.0,
            with_pdf_p95_ms: p50 + 200.0,
            sources_found: 10,
            sources_planted: 10,
            peak_rss_mb: None,
        }
    }

    #[test]
    fn the_plot_has_a_point_per_size_and_series() {
        let svg = svg(&[row(1000, 60.0), row(10_000, 80.0), row(50_000, 120.0)]);
        assert!(svg.starts_with("<svg"));
        assert!(svg.trim_end().ends_with("</svg>"));
        // Panels: 3 + 1 + 2 + 0 (no RSS) series with 3 points each.
        assert_eq!(svg.matches("<circle").count(), 3 * 6);
        assert!(svg.contains("50k docs"));
    }

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(0.43), 0.5);
        assert_eq!(nice_ceiling(330.0), 500.0);
        assert_eq!(nice_ceiling(2048.0), 2500.0);
    }
}
