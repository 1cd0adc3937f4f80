//! Candidate retrieval measured on a PAN-layout corpus.
//!
//! Every source document is indexed in an in-memory corpus index, exactly as `adal corpus add`
//! would index it; every suspicious document then asks the index for candidates, exactly as a
//! thesis check does. A pair is *retrieved* when its source is among the suspicious document's
//! candidates. Aligning only retrieved pairs measures the whole path — index, candidates,
//! alignment — with the PAN measures, so a cheaper index selection can be judged by what it
//! costs in plagdet.

use super::pan::{document_names, read_pairs, PanError};
use adal::index::{CorpusIndex, DocumentMeta, NewDocument};
use adal::pipeline::ingest::document_from_text;
use adal::text::analyze;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::fs;
use std::path::Path;

/// How many of the pairs were retrieved, split by whether the pair holds plagiarism.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct RetrievalScores {
    /// Pairs with at least one plagiarism case.
    pub positive_pairs: usize,
    /// Of those, pairs whose source was a candidate of the suspicious document.
    pub positive_retrieved: usize,
    /// Pairs without a plagiarism case (no plagiarism, or citations only).
    pub other_pairs: usize,
    /// Of those, pairs whose source was a candidate anyway.
    pub other_retrieved: usize,
    /// Mean number of candidates per suspicious document.
    pub mean_candidates: f64,
    /// Fingerprints kept in the index, over all source documents.
    pub indexed_fingerprints: u64,
}

/// What [`retrieve_pairs`] found.
pub struct RetrievedPairs {
    /// The (suspicious, source) pairs whose source is a candidate of the suspicious document.
    pub pairs: HashSet<(String, String)>,
    pub mean_candidates: f64,
    pub indexed_fingerprints: u64,
}

/// Indexes every source of `corpus/pairs` and retrieves the candidates of every suspicious
/// document.
pub fn retrieve_pairs(corpus: &Path) -> Result<RetrievedPairs, PanError> {
    let pairs = read_pairs(&corpus.join("pairs"))?;
    let (susp_names, src_names) = document_names(&pairs);

    let index_error = |error: adal::index::IndexError| PanError::Index(error.to_string());
    let index = CorpusIndex::create_in_ram().map_err(index_error)?;
    let documents: Vec<NewDocument> = src_names
        .par_iter()
        .map(|name| {
            let path = corpus.join("src").join(name);
            let text =
                fs::read_to_string(&path).map_err(|source| PanError::Io { path: path.clone(), source })?;
            Ok(document_from_text(DocumentMeta::new(name.as_str(), name.as_str()), text))
        })
        .collect::<Result<_, PanError>>()?;
    let indexed_fingerprints =
        documents.iter().map(|document| document.fingerprint_hashes.len() as u64).sum();
    index.add_documents(documents).map_err(index_error)?;

    let per_suspicious: Vec<Vec<(String, String)>> = susp_names
        .par_iter()
        .map(|name| {
            let path = corpus.join("susp").join(name);
            let text =
                fs::read_to_string(&path).map_err(|source| PanError::Io { path: path.clone(), source })?;
            let tokens = analyze(&text).tokens;
            let request = adal::pipeline::retrieval::RetrievalRequest {
                text: &text,
                tokens: &tokens,
                excluded_document_ids: &[],
                max_sources: None,
                concepts: None,
            };
            let candidates = adal::pipeline::retrieval::candidates_of(&index, &[request])
                .map_err(index_error)?
                .pop()
                .unwrap_or_default();
            Ok(candidates.into_iter().map(|candidate| ((*name).clone(), candidate.doc_id)).collect())
        })
        .collect::<Result<_, PanError>>()?;
    let total: usize = per_suspicious.iter().map(Vec::len).sum();
    let mean = total as f64 / susp_names.len().max(1) as f64;
    Ok(RetrievedPairs {
        pairs: per_suspicious.into_iter().flatten().collect(),
        mean_candidates: mean,
        indexed_fingerprints,
    })
}
