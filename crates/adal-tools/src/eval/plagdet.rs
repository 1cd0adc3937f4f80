//! The PAN measures: macro-averaged character recall and precision, granularity and plagdet.
//!
//! A case and a detection are passages: a range of a suspicious document and, usually, a range
//! of a source document. A detection detects a case when they are about the same suspicious
//! document, their suspicious ranges overlap and — when both have a source side — they name the
//! same source and their source ranges overlap. Recall of a case is the share of its characters
//! (suspicious plus source side) covered by the detections that detect it; precision of a
//! detection likewise; both are averaged over passages. Granularity is the mean number of
//! detections per detected case; plagdet = F1 / log2(1 + granularity). Repeated passages count
//! once. With no cases and no detections recall and precision are 1; with only one of them
//! empty, both are 0.

use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// One annotated passage (a case or a detection). Offsets count Unicode code points.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Passage {
    pub suspicious: String,
    pub suspicious_offset: u64,
    pub suspicious_length: u64,
    /// The source document and range; `None` for a passage without a source side.
    pub source: Option<(String, u64, u64)>,
}

impl Passage {
    fn size(&self) -> u64 {
        self.suspicious_length + self.source.as_ref().map_or(0, |(_, _, length)| *length)
    }
}

/// The scores of a set of detections against a set of cases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    pub plagdet: f64,
    pub recall: f64,
    pub precision: f64,
    pub granularity: f64,
    pub cases: usize,
    pub detections: usize,
    pub detected_cases: usize,
    pub true_detections: usize,
}

fn ranges_meet(a_offset: u64, a_length: u64, b_offset: u64, b_length: u64) -> bool {
    b_offset + b_length > a_offset && b_offset < a_offset + a_length
}

fn detects(detection: &Passage, case: &Passage) -> bool {
    if detection.suspicious != case.suspicious
        || !ranges_meet(
            case.suspicious_offset,
            case.suspicious_length,
            detection.suspicious_offset,
            detection.suspicious_length,
        )
    {
        return false;
    }
    match (&detection.source, &case.source) {
        (Some((d_doc, d_offset, d_length)), Some((c_doc, c_offset, c_length))) => {
            d_doc == c_doc && ranges_meet(*c_offset, *c_length, *d_offset, *d_length)
        }
        _ => true,
    }
}

/// Number of positions covered by half-open ranges.
fn union_length(mut ranges: Vec<(u64, u64)>) -> u64 {
    ranges.retain(|(low, high)| high > low);
    ranges.sort_unstable();
    let mut total = 0;
    let mut reach: Option<u64> = None;
    for (mut low, high) in ranges {
        if let Some(reached) = reach {
            if low < reached {
                if high <= reached {
                    continue;
                }
                low = reached;
            }
        }
        total += high - low;
        reach = Some(high);
    }
    total
}

/// Characters of `passage` inside at least one of `others`, suspicious side plus source side.
fn covered(passage: &Passage, others: &[&Passage]) -> u64 {
    let suspicious_end = passage.suspicious_offset + passage.suspicious_length;
    let mut count = union_length(
        others
            .iter()
            .map(|other| {
                (
                    passage.suspicious_offset.max(other.suspicious_offset),
                    suspicious_end.min(other.suspicious_offset + other.suspicious_length),
                )
            })
            .collect(),
    );
    if let Some((_, offset, length)) = &passage.source {
        let end = offset + length;
        count += union_length(
            others
                .iter()
                .filter_map(|other| other.source.as_ref())
                .map(|(_, other_offset, other_length)| {
                    ((*offset).max(*other_offset), end.min(other_offset + other_length))
                })
                .collect(),
        );
    }
    count
}

fn share(passage: &Passage, others: &[&Passage]) -> f64 {
    if others.is_empty() || passage.size() == 0 {
        return 0.0;
    }
    covered(passage, others) as f64 / passage.size() as f64
}

/// Scores detections against cases with macro-averaged recall and precision.
pub fn evaluate(cases: &[Passage], detections: &[Passage]) -> Scores {
    let cases: Vec<&Passage> = cases.iter().collect::<BTreeSet<_>>().into_iter().collect();
    let detections: Vec<&Passage> = detections.iter().collect::<BTreeSet<_>>().into_iter().collect();
    let mut detections_by_document: HashMap<&str, Vec<&Passage>> = HashMap::new();
    for detection in &detections {
        detections_by_document.entry(detection.suspicious.as_str()).or_default().push(detection);
    }
    let mut of_case: Vec<Vec<&Passage>> = Vec::with_capacity(cases.len());
    let mut of_detection: HashMap<&Passage, Vec<&Passage>> = HashMap::new();
    for case in &cases {
        let hits: Vec<&Passage> = detections_by_document
            .get(case.suspicious.as_str())
            .map(|candidates| {
                candidates.iter().copied().filter(|detection| detects(detection, case)).collect()
            })
            .unwrap_or_default();
        for detection in &hits {
            of_detection.entry(detection).or_default().push(case);
        }
        of_case.push(hits);
    }

    let (recall, precision) = if cases.is_empty() && detections.is_empty() {
        (1.0, 1.0)
    } else if cases.is_empty() || detections.is_empty() {
        (0.0, 0.0)
    } else {
        let recall_sum: f64 = cases.iter().zip(&of_case).map(|(case, hits)| share(case, hits)).sum();
        let precision_sum: f64 = detections
            .iter()
            .map(|detection| of_detection.get(detection).map_or(0.0, |hits| share(detection, hits)))
            .sum();
        (recall_sum / cases.len() as f64, precision_sum / detections.len() as f64)
    };
    let detected_counts: Vec<usize> = of_case.iter().map(Vec::len).filter(|&count| count > 0).collect();
    let granularity = if detections.is_empty() || detected_counts.is_empty() {
        1.0
    } else {
        detected_counts.iter().sum::<usize>() as f64 / detected_counts.len() as f64
    };
    Scores {
        plagdet: plagdet(recall, precision, granularity),
        recall,
        precision,
        granularity,
        cases: cases.len(),
        detections: detections.len(),
        detected_cases: detected_counts.len(),
        true_detections: of_detection.len(),
    }
}

/// F1 of recall and precision, divided by log2(1 + granularity).
pub fn plagdet(recall: f64, precision: f64, granularity: f64) -> f64 {
    if (recall == 0.0 && precision == 0.0) || granularity < 1.0 {
        return 0.0;
    }
    let f1 = 2.0 * recall * precision / (recall + precision);
    f1 / (1.0 + granularity).log2()
}

#[cfg(test)]
// The cases read best as array literals of owned passages.
#[allow(clippy::cloned_ref_to_slice_refs)]
mod tests {
    use super::*;

    fn p(suspicious: &str, offset: u64, length: u64, source: Option<(&str, u64, u64)>) -> Passage {
        Passage {
            suspicious: suspicious.to_string(),
            suspicious_offset: offset,
            suspicious_length: length,
            source: source.map(|(doc, offset, length)| (doc.to_string(), offset, length)),
        }
    }

    fn check(name: &str, cases: &[Passage], detections: &[Passage], want: (f64, f64, f64, f64)) {
        let scores = evaluate(cases, detections);
        let got = (scores.recall, scores.precision, scores.granularity, scores.plagdet);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(
            close(got.0, want.0) && close(got.1, want.1) && close(got.2, want.2) && close(got.3, want.3),
            "{name}: got {got:?}, want {want:?}"
        );
    }

    #[test]
    fn hand_computed_cases() {
        let case = p("d1", 100, 50, Some(("s1", 200, 60)));
        let c0 = p("d1", 0, 100, Some(("s1", 0, 100)));
        let c1 = p("d1", 200, 100, Some(("s1", 200, 100)));
        let g2 = 1.0 / 3f64.log2();
        check("exact", &[case.clone()], &[case.clone()], (1.0, 1.0, 1.0, 1.0));
        check(
            "wider detection",
            &[case],
            &[p("d1", 90, 70, Some(("s1", 200, 60)))],
            (1.0, 11.0 / 13.0, 1.0, 11.0 / 12.0),
        );
        check(
            "two pieces",
            &[c0.clone()],
            &[p("d1", 0, 50, Some(("s1", 0, 50))), p("d1", 50, 50, Some(("s1", 50, 50)))],
            (1.0, 1.0, 2.0, g2),
        );
        check(
            "overlapping pieces",
            &[c0.clone()],
            &[p("d1", 0, 60, Some(("s1", 0, 60))), p("d1", 40, 60, Some(("s1", 40, 60)))],
            (1.0, 1.0, 2.0, g2),
        );
        check("half", &[c0.clone()], &[p("d1", 50, 100, Some(("s1", 50, 100)))], (0.5, 0.5, 1.0, 0.5));
        check(
            "source side apart",
            &[c0.clone()],
            &[p("d1", 0, 100, Some(("s1", 500, 100)))],
            (0.0, 0.0, 1.0, 0.0),
        );
        check("other source", &[c0.clone()], &[p("d1", 0, 100, Some(("s2", 0, 100)))], (0.0, 0.0, 1.0, 0.0));
        check("touching", &[c0.clone()], &[p("d1", 100, 50, Some(("s1", 100, 50)))], (0.0, 0.0, 1.0, 0.0));
        check(
            "one of two plus a false one",
            &[c0.clone(), c1.clone()],
            &[c0.clone(), p("d1", 200, 100, Some(("s1", 0, 100)))],
            (0.5, 0.5, 1.0, 0.5),
        );
        check(
            "one covering two",
            &[c0.clone(), c1.clone()],
            &[p("d1", 0, 300, Some(("s1", 0, 300)))],
            (1.0, 2.0 / 3.0, 1.0, 0.8),
        );
        check("repeated detection", &[c0.clone()], &[c0.clone(), c0.clone()], (1.0, 1.0, 1.0, 1.0));
        check("no source side", &[c0.clone()], &[p("d1", 0, 100, None)], (0.5, 1.0, 1.0, 2.0 / 3.0));
        check("no detections", &[c0.clone(), c1], &[], (0.0, 0.0, 1.0, 0.0));
        check("no cases", &[], &[c0], (0.0, 0.0, 1.0, 0.0));
        check("nothing", &[], &[], (1.0, 1.0, 1.0, 1.0));
    }
}
