//! Corpora in the PAN 2013 text-alignment layout: reading the truth, aligning every pair and
//! writing detections.
//!
//! Layout: `src/*.txt`, `susp/*.txt`, `pairs` ("susp.txt src.txt" per line), and one folder per
//! obfuscation type holding a `pairs` file and one truth XML per pair. Detections are written one
//! file per pair, `SUSP-SRC.xml` (without the `.txt` endings), with offsets in code points.

use super::plagdet::{evaluate, Passage, Scores};
use super::retrieval::{retrieve_pairs, RetrievalScores};
use adal::compare::{stems_of, AlignmentConfig, Detection};
use adal::model::CharIndex;
use adal::text::stem::StemKey;
use adal::text::{analyze, detect_language, AnalyzedText};
use adal::xlang::{concept_document, detect_all, ConceptDocument};
use quick_xml::events::Event;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Errors of reading or writing a PAN corpus.
#[derive(Debug, thiserror::Error)]
pub enum PanError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: malformed XML: {reason}")]
    Xml { path: PathBuf, reason: String },
    #[error("{path}: malformed pairs line {line}")]
    Pairs { path: PathBuf, line: usize },
    #[error("corpus index: {0}")]
    Index(String),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> PanError + '_ {
    move |source| PanError::Io { path: path.to_path_buf(), source }
}

/// The scores of one obfuscation folder (or of all of them).
#[derive(Clone, Debug, Serialize)]
pub struct FolderScores {
    pub folder: String,
    pub pairs: usize,
    /// Pairs for which at least one detection was written.
    pub pairs_with_detections: usize,
    pub scores: Scores,
}

/// How well quoted passages were told apart from plagiarism.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct CitationScores {
    /// Citation features in the truth.
    pub citations: usize,
    /// Citations that alignment found and classified as citations, with no detection written.
    pub recognized: usize,
    /// Citations overlapped by a written detection (reported as plagiarism).
    pub reported_as_plagiarism: usize,
}

/// The outcome of `adal-tools eval pan`.
#[derive(Clone, Debug, Serialize)]
pub struct PanEvaluation {
    pub overall: FolderScores,
    pub folders: Vec<FolderScores>,
    pub citations: CitationScores,
    /// Present when only the pairs retrieved through a corpus index were aligned.
    pub retrieval: Option<RetrievalScores>,
    pub seconds: f64,
}

/// Which pairs are aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairSelection {
    /// Every pair of `pairs` (text alignment alone).
    All,
    /// Only pairs whose source is a candidate of the suspicious document in a corpus index of
    /// all sources (retrieval and alignment, as in a thesis check).
    ViaIndex,
}

/// The distinct suspicious and source file names of a list of pairs, sorted.
pub fn document_names(pairs: &[(String, String)]) -> (Vec<&String>, Vec<&String>) {
    let mut susp_names: Vec<&String> = pairs.iter().map(|(susp, _)| susp).collect();
    susp_names.sort();
    susp_names.dedup();
    let mut src_names: Vec<&String> = pairs.iter().map(|(_, src)| src).collect();
    src_names.sort();
    src_names.dedup();
    (susp_names, src_names)
}

/// Reads the `pairs` file of a folder.
pub fn read_pairs(path: &Path) -> Result<Vec<(String, String)>, PanError> {
    let text = fs::read_to_string(path).map_err(io_error(path))?;
    let mut pairs = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        match (parts.next(), parts.next()) {
            (Some(susp), Some(src)) => pairs.push((susp.to_string(), src.to_string())),
            _ => return Err(PanError::Pairs { path: path.to_path_buf(), line: number + 1 }),
        }
    }
    Ok(pairs)
}

/// Reads the features of one XML file whose `name` ends with `suffix`.
pub fn read_features(path: &Path, suffix: &str) -> Result<Vec<Passage>, PanError> {
    let text = fs::read_to_string(path).map_err(io_error(path))?;
    let xml_error = |reason: String| PanError::Xml { path: path.to_path_buf(), reason };
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut reference: Option<String> = None;
    let mut passages = Vec::new();
    loop {
        match reader.read_event().map_err(|error| xml_error(error.to_string()))? {
            Event::Eof => break,
            Event::Start(element) | Event::Empty(element) => {
                let mut attributes: HashMap<String, String> = HashMap::new();
                for attribute in element.attributes() {
                    let attribute = attribute.map_err(|error| xml_error(error.to_string()))?;
                    let key = attribute.key.as_ref().to_string();
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::default())
                        .map_err(|error| xml_error(error.to_string()))?;
                    attributes.insert(key, value.into_owned());
                }
                match element.name().as_ref() {
                    "document" => reference = attributes.remove("reference"),
                    "feature" => {
                        let Some(document) = reference.clone() else { continue };
                        if !attributes.get("name").is_some_and(|name| name.ends_with(suffix)) {
                            continue;
                        }
                        let number =
                            |key: &str| attributes.get(key).and_then(|value| value.parse::<u64>().ok());
                        let (Some(offset), Some(length)) = (number("this_offset"), number("this_length"))
                        else {
                            continue;
                        };
                        let source = match (
                            attributes.get("source_reference"),
                            number("source_offset"),
                            number("source_length"),
                        ) {
                            (Some(name), Some(offset), Some(length)) => Some((name.clone(), offset, length)),
                            _ => None,
                        };
                        passages.push(Passage {
                            suspicious: document,
                            suspicious_offset: offset,
                            suspicious_length: length,
                            source,
                        });
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(passages)
}

/// The XML of one pair's detections.
pub fn detections_xml(suspicious: &str, detections: &[Passage]) -> String {
    let mut xml =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document reference=\"{suspicious}\">\n");
    for detection in detections {
        let (source, source_offset, source_length) = detection.source.clone().unwrap_or_default();
        xml.push_str(&format!(
            "<feature name=\"detected-plagiarism\" this_offset=\"{}\" this_length=\"{}\" source_reference=\"{}\" source_offset=\"{}\" source_length=\"{}\"/>\n",
            detection.suspicious_offset, detection.suspicious_length, source, source_offset, source_length
        ));
    }
    xml.push_str("</document>\n");
    xml
}

/// One pair's names, written detections and passages taken for citations.
type PairOutcome = ((String, String), Vec<Passage>, Vec<Passage>);

struct LoadedDocument {
    text: String,
    analyzed: AnalyzedText,
    stems: Vec<StemKey>,
    /// The concept document, when cross-language alignment is on.
    concepts: Option<ConceptDocument>,
    chars: CharIndex,
}

fn load_documents(
    folder: &Path,
    names: &[&String],
    with_stems: bool,
    with_concepts: bool,
) -> Result<HashMap<String, LoadedDocument>, PanError> {
    names
        .par_iter()
        .map(|name| {
            let path = folder.join(name);
            let text = fs::read_to_string(&path).map_err(io_error(&path))?;
            let analyzed = analyze(&text);
            let stems = if with_stems { stems_of(&text, &analyzed) } else { Vec::new() };
            let concepts = with_concepts.then(|| {
                let lexicon = adal::text::lexicon::active();
                concept_document(&text, &analyzed.tokens, detect_language(&text), &lexicon)
            });
            let chars = CharIndex::new(&text);
            Ok(((*name).clone(), LoadedDocument { text, analyzed, stems, concepts, chars }))
        })
        .collect()
}

fn to_passage(
    susp_name: &str,
    src_name: &str,
    detection: &Detection,
    susp: &LoadedDocument,
    src: &LoadedDocument,
) -> Passage {
    let susp_start = susp.chars.char_offset(detection.submission_span.start) as u64;
    let susp_end = susp.chars.char_offset(detection.submission_span.end) as u64;
    let src_start = src.chars.char_offset(detection.source_span.start) as u64;
    let src_end = src.chars.char_offset(detection.source_span.end) as u64;
    Passage {
        suspicious: susp_name.to_string(),
        suspicious_offset: susp_start,
        suspicious_length: susp_end - susp_start,
        source: Some((src_name.to_string(), src_start, src_end - src_start)),
    }
}

/// Aligns the selected pairs of `corpus/pairs`, writes the detections into `out`, and scores
/// them per obfuscation folder and overall.
pub fn evaluate_corpus(
    corpus: &Path,
    out: &Path,
    config: &AlignmentConfig,
    selection: PairSelection,
) -> Result<PanEvaluation, PanError> {
    let started = std::time::Instant::now();
    let pairs = read_pairs(&corpus.join("pairs"))?;
    let retrieved = match selection {
        PairSelection::All => None,
        PairSelection::ViaIndex => Some(retrieve_pairs(corpus)?),
    };
    let is_selected = |susp: &String, src: &String| match &retrieved {
        None => true,
        Some(retrieved) => retrieved.pairs.contains(&(susp.clone(), src.clone())),
    };
    let (susp_names, src_names) = document_names(&pairs);
    let with_stems = config.sentences.is_some();
    let with_concepts = config.translation.is_some();
    let suspicious = load_documents(&corpus.join("susp"), &susp_names, with_stems, with_concepts)?;
    let sources = load_documents(&corpus.join("src"), &src_names, with_stems, with_concepts)?;

    // Align every pair; keep both the written detections and the passages taken for citations.
    // The embedding model, when one is installed, scores sentence pairs across languages.
    let embedder = adal::embedding::active();
    let results: Vec<PairOutcome> = pairs
        .par_iter()
        .map(|(susp_name, src_name)| {
            let susp = &suspicious[susp_name];
            let src = &sources[src_name];
            let found = if is_selected(susp_name, src_name) {
                detect_all(
                    ((&susp.text, &susp.analyzed, &susp.stems), susp.concepts.as_ref()),
                    ((&src.text, &src.analyzed, &src.stems), src.concepts.as_ref()),
                    config,
                    embedder.as_deref().map(|embedder| embedder as &dyn adal::xlang::SentenceEmbedder),
                )
            } else {
                Vec::new()
            };
            let susp_ref = susp_name.as_str();
            let src_ref = src_name.as_str();
            let (citations, plagiarism): (Vec<&Detection>, Vec<&Detection>) =
                found.iter().partition(|d| d.citation.is_some());
            let written = plagiarism.iter().map(|d| to_passage(susp_ref, src_ref, d, susp, src)).collect();
            let cited = citations.iter().map(|d| to_passage(susp_ref, src_ref, d, susp, src)).collect();
            ((susp_name.clone(), src_name.clone()), written, cited)
        })
        .collect();

    fs::create_dir_all(out).map_err(io_error(out))?;
    let mut detections_by_pair: HashMap<(String, String), Vec<Passage>> = HashMap::new();
    let mut citations_found: Vec<Passage> = Vec::new();
    for ((susp_name, src_name), written, cited) in results {
        let file_name =
            format!("{}-{}.xml", susp_name.trim_end_matches(".txt"), src_name.trim_end_matches(".txt"));
        let path = out.join(file_name);
        fs::write(&path, detections_xml(&susp_name, &written)).map_err(io_error(&path))?;
        citations_found.extend(cited);
        detections_by_pair.insert((susp_name, src_name), written);
    }

    let mut folders = Vec::new();
    let mut all_cases = Vec::new();
    let mut all_citations = Vec::new();
    let mut retrieval = retrieved.as_ref().map(|retrieved| RetrievalScores {
        mean_candidates: retrieved.mean_candidates,
        indexed_fingerprints: retrieved.indexed_fingerprints,
        ..RetrievalScores::default()
    });
    let mut entries: Vec<PathBuf> = fs::read_dir(corpus)
        .map_err(io_error(corpus))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir() && path.join("pairs").is_file())
        .collect();
    entries.sort();
    for folder in entries {
        let folder_pairs = read_pairs(&folder.join("pairs"))?;
        let mut cases = Vec::new();
        let mut detections = Vec::new();
        let mut pairs_with_detections = 0;
        for (susp_name, src_name) in &folder_pairs {
            let truth = folder.join(format!(
                "{}-{}.xml",
                susp_name.trim_end_matches(".txt"),
                src_name.trim_end_matches(".txt")
            ));
            let mut pair_cases = 0;
            if truth.is_file() {
                let plagiarism = read_features(&truth, "plagiarism")?;
                pair_cases = plagiarism.len();
                cases.extend(plagiarism);
                all_citations.extend(read_features(&truth, "citation")?);
            }
            if let Some(retrieval) = retrieval.as_mut() {
                let selected = usize::from(is_selected(susp_name, src_name));
                if pair_cases > 0 {
                    retrieval.positive_pairs += 1;
                    retrieval.positive_retrieved += selected;
                } else {
                    retrieval.other_pairs += 1;
                    retrieval.other_retrieved += selected;
                }
            }
            if let Some(found) = detections_by_pair.get(&(susp_name.clone(), src_name.clone())) {
                pairs_with_detections += usize::from(!found.is_empty());
                detections.extend(found.iter().cloned());
            }
        }
        let scores = evaluate(&cases, &detections);
        all_cases.extend(cases);
        folders.push(FolderScores {
            folder: folder.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default(),
            pairs: folder_pairs.len(),
            pairs_with_detections,
            scores,
        });
    }
    let all_detections: Vec<Passage> = detections_by_pair.values().flatten().cloned().collect();
    let overall = FolderScores {
        folder: "all".to_string(),
        pairs: pairs.len(),
        pairs_with_detections: detections_by_pair.values().filter(|found| !found.is_empty()).count(),
        scores: evaluate(&all_cases, &all_detections),
    };
    let citations = score_citations(&all_citations, &citations_found, &all_detections);
    Ok(PanEvaluation { overall, folders, citations, retrieval, seconds: started.elapsed().as_secs_f64() })
}

fn overlaps_case(case: &Passage, other: &Passage) -> bool {
    other.suspicious == case.suspicious
        && other.suspicious_offset < case.suspicious_offset + case.suspicious_length
        && case.suspicious_offset < other.suspicious_offset + other.suspicious_length
        && other.source.as_ref().map(|source| &source.0) == case.source.as_ref().map(|source| &source.0)
}

fn score_citations(citations: &[Passage], recognized: &[Passage], written: &[Passage]) -> CitationScores {
    let mut scores = CitationScores { citations: citations.len(), ..CitationScores::default() };
    for citation in citations {
        let reported = written.iter().any(|detection| overlaps_case(citation, detection));
        if reported {
            scores.reported_as_plagiarism += 1;
        } else if recognized.iter().any(|found| overlaps_case(citation, found)) {
            scores.recognized += 1;
        }
    }
    scores
}
