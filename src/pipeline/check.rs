//! Checking documents against the corpus: the whole detection path in one place.
//!
//! extracted document → analyze → fingerprint → candidate retrieval (one call to the postings
//! backend for a whole batch of documents) → for each candidate, re-tokenize its stored text
//! and align → report. The comparison work runs on the rayon pool; callers in async code must
//! call this from a blocking context.

use crate::compare::{stems_of, AlignmentConfig};
use crate::fingerprint::{FingerprintConfig, SCHEME_VERSION};
use crate::index::{Candidate, CorpusIndex, DocumentKind, IndexError};
use crate::model::{DocLang, ExtractedDocument};
use crate::report::{
    build_report, Exclusions, Provenance, Report, ReportInput, SourceInfo, SourceKind, Timings,
};
use crate::text::{analyze, detect_language, AnalyzedText};
use crate::xlang::{concept_document, detect_all, languages_differ, ConceptDocument};
use rayon::prelude::*;
use std::time::Instant;

/// What a check is about and what to leave out.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// The title shown in the report.
    pub title: String,
    /// Corpus documents never used as sources (e.g. the thesis's own earlier versions).
    pub exclude_document_ids: Vec<String>,
    /// Names of the submission's author(s); sources sharing one are self-citations.
    pub author_names: Vec<String>,
    /// The exclusions the report starts with.
    pub exclusions: Option<Exclusions>,
    /// Most candidate sources aligned.
    pub max_sources: Option<usize>,
    /// Time spent extracting the document, if the caller extracted it, for the report.
    pub extract_ms: f64,
}

/// Why a check failed.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Index(#[from] IndexError),
}

fn source_kind(kind: DocumentKind) -> SourceKind {
    match kind {
        DocumentKind::Thesis => SourceKind::Thesis,
        DocumentKind::Article => SourceKind::Article,
        DocumentKind::Web => SourceKind::Web,
        DocumentKind::Other => SourceKind::Other,
    }
}

/// True when `authors` (a source's author list) names one of `author_names` (compared by the
/// surname: the longest word of each name, case-insensitive).
pub fn shares_author(authors: &str, author_names: &[String]) -> bool {
    let authors = authors.to_lowercase();
    let words: Vec<&str> =
        authors.split(|c: char| !c.is_alphabetic()).filter(|word| !word.is_empty()).collect();
    author_names.iter().any(|name| {
        let name = name.to_lowercase();
        name.split(|c: char| !c.is_alphabetic())
            .filter(|word| word.chars().count() >= 3)
            .max_by_key(|word| word.chars().count())
            .is_some_and(|surname| words.contains(&surname))
    })
}

/// Checks an extracted document against the corpus and builds its report.
pub fn check_document(
    index: &CorpusIndex,
    document: &ExtractedDocument,
    options: &CheckOptions,
) -> Result<Report, CheckError> {
    let mut reports = check_documents(index, &[(document, options)])?;
    Ok(reports.pop().expect("one report per document"))
}

/// Checks several documents at once: each is analyzed and aligned on its own, but candidate
/// retrieval is one call for all of them (one round trip to the shards of a sharded index).
/// The reports are in the order of `items`; each one's candidate time is the batch's.
pub fn check_documents(
    index: &CorpusIndex,
    items: &[(&ExtractedDocument, &CheckOptions)],
) -> Result<Vec<Report>, CheckError> {
    let analyzed: Vec<_> = items
        .par_iter()
        .map(|(document, _)| {
            let started = Instant::now();
            let analyzed = analyze(&document.text);
            (analyzed, started.elapsed().as_secs_f64() * 1000.0)
        })
        .collect();
    // Each submission's concepts once, for cross-language retrieval and alignment alike.
    let concepts: Vec<Option<ConceptDocument>> = items
        .par_iter()
        .zip(&analyzed)
        .map(|((document, _), (analyzed, _))| {
            super::retrieval::submission_concepts(&document.text, &analyzed.tokens)
        })
        .collect();

    let candidates_started = Instant::now();
    let submissions: Vec<super::retrieval::RetrievalRequest<'_>> = items
        .iter()
        .zip(&analyzed)
        .zip(&concepts)
        .map(|(((document, options), (analyzed, _)), concepts)| super::retrieval::RetrievalRequest {
            text: document.text.as_str(),
            tokens: analyzed.tokens.as_slice(),
            excluded_document_ids: options.exclude_document_ids.as_slice(),
            max_sources: options.max_sources,
            concepts: concepts.as_ref(),
        })
        .collect();
    let candidates_of_items = super::retrieval::candidates_of(index, &submissions)?;
    let candidates_ms = candidates_started.elapsed().as_secs_f64() * 1000.0;

    let version = index.version()?;
    let mut reports = Vec::with_capacity(items.len());
    for ((((document, options), (analyzed, analyze_ms)), candidates), concepts) in
        items.iter().zip(&analyzed).zip(candidates_of_items).zip(&concepts)
    {
        let align_started = Instant::now();
        let sources = align_candidates(index, (document, analyzed, concepts.as_ref()), &candidates, options)?;
        let align_ms = align_started.elapsed().as_secs_f64() * 1000.0;
        let config = AlignmentConfig::DEFAULT;
        let provenance = Provenance {
            adal_version: env!("CARGO_PKG_VERSION").to_string(),
            corpus_documents: index.num_documents(),
            corpus_version: version.corpus_version,
            fingerprint_scheme: SCHEME_VERSION,
            candidates_considered: candidates.len() as u32,
            parameters: format!(
                "k={} window={} seed_words={} min_seeds={} max_gap={}",
                FingerprintConfig::THESIS.k,
                FingerprintConfig::THESIS.window,
                config.seed_words,
                config.min_seeds,
                config.max_gap_words
            ),
            timings: Timings {
                extract_ms: options.extract_ms,
                analyze_ms: *analyze_ms,
                candidates_ms,
                align_ms,
                total_ms: options.extract_ms + analyze_ms + candidates_ms + align_ms,
            },
        };
        reports.push(build_report(ReportInput {
            title: options.title.clone(),
            document,
            analyzed,
            sources,
            exclusions: options.exclusions.clone().unwrap_or_default(),
            provenance,
        }));
    }
    Ok(reports)
}

/// Candidates (in retrieval order) whose sentence pairs the embedding model scores; the others
/// are aligned with the dictionaries alone. With at most `EmbeddingConfig::max_sentences`
/// sentences embedded per candidate, this bounds the model's time in one check.
pub const MODEL_CANDIDATES: usize = 3;

/// Aligns the document with the stored text of each candidate; candidates without a passage
/// in common are dropped.
fn align_candidates(
    index: &CorpusIndex,
    (document, analyzed, concepts): (&ExtractedDocument, &AnalyzedText, Option<&ConceptDocument>),
    candidates: &[Candidate],
    options: &CheckOptions,
) -> Result<Vec<SourceInfo>, IndexError> {
    let config = AlignmentConfig::DEFAULT;
    // Stem keys of the submission once, not once per candidate.
    let submission_stems =
        if config.sentences.is_some() { stems_of(&document.text, analyzed) } else { Vec::new() };
    // Cross-language alignment needs the submission's concepts (made once by the caller when
    // the lexicon has a bilingual dictionary) and a candidate in another language.
    let submission_language = detect_language(&document.text);
    // The embedding model, when one is installed, scores sentence pairs across languages, for
    // the first MODEL_CANDIDATES candidates in another language only (in retrieval order, so
    // the choice does not depend on thread timing): it embeds some 30–60 sentences a second on
    // a core, and a thesis check should stay within seconds.
    let embedder = crate::embedding::active();
    let stored: Vec<Option<crate::index::StoredDocument>> = candidates
        .par_iter()
        .map(|candidate| index.get_document(&candidate.doc_id))
        .collect::<Result<_, _>>()?;
    let languages: Vec<Option<DocLang>> = stored
        .par_iter()
        .map(|document| document.as_ref().map(|document| detect_language(&document.text)))
        .collect();
    let mut across_seen = 0;
    let model_for: Vec<bool> = languages
        .iter()
        .map(|language| {
            let across = config.translation.is_some()
                && language.is_some_and(|language| languages_differ(submission_language, language));
            let chosen = across && across_seen < MODEL_CANDIDATES;
            across_seen += usize::from(across);
            chosen
        })
        .collect();
    Ok(candidates
        .par_iter()
        .zip(stored.into_par_iter())
        .zip(languages.into_par_iter())
        .zip(model_for.into_par_iter())
        .map(
            |(((candidate, stored), source_language), use_model)| -> Result<Option<SourceInfo>, IndexError> {
                let (Some(stored), Some(source_language)) = (stored, source_language) else {
                    return Ok(None);
                };
                let source_analyzed = analyze(&stored.text);
                let source_stems = if config.sentences.is_some() {
                    stems_of(&stored.text, &source_analyzed)
                } else {
                    Vec::new()
                };
                let across =
                    config.translation.is_some() && languages_differ(submission_language, source_language);
                let (submission_concepts, source_concepts) = match concepts.filter(|_| across) {
                    Some(submission_concepts) => {
                        let lexicon = crate::text::lexicon::active();
                        let source_concepts = concept_document(
                            &stored.text,
                            &source_analyzed.tokens,
                            source_language,
                            &lexicon,
                        );
                        (Some(submission_concepts), Some(source_concepts))
                    }
                    None => (None, None),
                };
                let detections = detect_all(
                    ((&document.text, analyzed, &submission_stems), submission_concepts),
                    ((&stored.text, &source_analyzed, &source_stems), source_concepts.as_ref()),
                    &config,
                    embedder
                        .as_deref()
                        .filter(|_| use_model)
                        .map(|embedder| embedder as &dyn crate::xlang::SentenceEmbedder),
                );
                if detections.is_empty() {
                    return Ok(None);
                }
                Ok(Some(SourceInfo {
                    document_id: stored.meta.id.clone(),
                    title: stored.meta.title.clone(),
                    same_author: shares_author(&stored.meta.authors, &options.author_names),
                    authors: stored.meta.authors.clone(),
                    year: stored.meta.year,
                    kind: source_kind(stored.meta.kind),
                    external_ref: stored.meta.external_ref.clone(),
                    shared_fingerprints: candidate.shared_fingerprints,
                    text: stored.text,
                    detections,
                }))
            },
        )
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::shares_author;

    #[test]
    fn authors_are_matched_by_surname() {
        let names = vec!["Айгерім Нұрланқызы Сәрсенбаева".to_string()];
        assert!(shares_author("Сәрсенбаева А.Н.; Иванов И.И.", &names));
        assert!(!shares_author("Иванов И.И.", &names));
        assert!(!shares_author("", &names));
    }
}
