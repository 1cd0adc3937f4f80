//! Putting the set together: which texts are sources and hosts, which sentences become cases,
//! and where they go in each suspicious document.

use super::sentences::split_sentences;
use super::{
    case_candidates, rewrite_case, InputText, ParaphraseSet, ParaphraseSetConfig, PlantedCase, RewriteKind,
    SuspiciousDocument, Thesauri,
};
use crate::synthetic::SplitMix64;
use adal::model::DocLang;

/// Attempts to find a rewritable sentence before a document is given up.
const MAX_ATTEMPTS_PER_CASE: usize = 40;
/// Host sentences per paragraph.
const SENTENCES_PER_PARAGRAPH: usize = 4;

fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// Builds the set from the inputs (sources and hosts are the even and odd inputs of each
/// language, by name).
pub fn make_paraphrase_set(
    inputs: &[InputText],
    thesauri: &Thesauri,
    config: &ParaphraseSetConfig,
) -> ParaphraseSet {
    let mut set = ParaphraseSet::default();
    let mut number = 0usize;
    for (language_index, language) in [DocLang::Kk, DocLang::Ru, DocLang::En].into_iter().enumerate() {
        let mut texts: Vec<&InputText> = inputs.iter().filter(|input| input.language == language).collect();
        texts.sort_by(|a, b| a.name.cmp(&b.name));
        let sources: Vec<&InputText> = texts.iter().step_by(2).copied().collect();
        let hosts: Vec<&InputText> = texts.iter().skip(1).step_by(2).copied().collect();
        if sources.is_empty() || hosts.is_empty() {
            continue;
        }
        let candidates: Vec<_> = sources.iter().map(|source| case_candidates(&source.text)).collect();
        let host_sentences: Vec<Vec<&str>> = hosts
            .iter()
            .map(|host| {
                split_sentences(&host.text)
                    .into_iter()
                    .map(|span| &host.text[span.start..span.end])
                    .filter(|sentence| sentence.chars().count() <= 300 && !sentence.contains('\n'))
                    .collect()
            })
            .collect();
        let thesaurus = thesauri.of(language);
        for (kind_index, kind) in RewriteKind::ALL.into_iter().enumerate() {
            let mut rng = SplitMix64::derive(config.seed, (language_index * 16 + kind_index) as u64);
            let mut produced = 0;
            let mut documents = 0;
            while produced < config.cases_per_kind && documents < 4 * config.cases_per_kind {
                documents += 1;
                let source_index = documents % sources.len();
                let source = sources[source_index];
                let source_candidates = &candidates[source_index];
                if source_candidates.len() < config.cases_per_document + 1 {
                    continue;
                }
                let mut cases: Vec<(String, super::SentenceSpan)> = Vec::new();
                for _ in 0..MAX_ATTEMPTS_PER_CASE {
                    if cases.len() == config.cases_per_document {
                        break;
                    }
                    let index = rng.below(source_candidates.len());
                    let Some((rewritten, span)) = rewrite_case(
                        &source.text,
                        source_candidates,
                        index,
                        kind,
                        language,
                        thesaurus,
                        &mut rng,
                    ) else {
                        continue;
                    };
                    if cases.iter().any(|(_, other)| other.start < span.end && span.start < other.end) {
                        continue;
                    }
                    cases.push((rewritten, span));
                }
                if cases.is_empty() {
                    continue;
                }
                let host_index = rng.below(hosts.len());
                let sentences = &host_sentences[host_index];
                if sentences.len() < config.host_sentences {
                    continue;
                }
                let window_start = rng.below(sentences.len() - config.host_sentences + 1);
                let window = &sentences[window_start..window_start + config.host_sentences];
                let mut slots: Vec<usize> = cases.iter().map(|_| rng.below(window.len() + 1)).collect();
                slots.sort_unstable();

                // Units in order: host sentences with the cases at their slots.
                let mut units: Vec<(String, Option<super::SentenceSpan>)> = Vec::new();
                let mut next_case = 0;
                for position in 0..=window.len() {
                    while next_case < cases.len() && slots[next_case] == position {
                        units.push((cases[next_case].0.clone(), Some(cases[next_case].1)));
                        next_case += 1;
                    }
                    if let Some(sentence) = window.get(position) {
                        units.push((sentence.to_string(), None));
                    }
                }
                let mut text = String::new();
                let mut planted = Vec::new();
                for (index, (unit, case_span)) in units.iter().enumerate() {
                    if index > 0 {
                        text.push_str(if index % SENTENCES_PER_PARAGRAPH == 0 { "\n\n" } else { " " });
                    }
                    let this_offset = char_count(&text);
                    text.push_str(unit);
                    if let Some(span) = case_span {
                        planted.push(PlantedCase {
                            this_offset,
                            this_length: char_count(unit),
                            source_offset: char_count(&source.text[..span.start]),
                            source_length: char_count(&source.text[span.start..span.end]),
                        });
                    }
                }
                text.push('\n');
                number += 1;
                produced += planted.len();
                let negative_source =
                    (sources.len() >= 2).then(|| sources[(source_index + 1) % sources.len()].name.clone());
                set.suspicious.push(SuspiciousDocument {
                    name: format!("suspicious-document{number:05}.txt"),
                    language,
                    text,
                    source: source.name.clone(),
                    kind,
                    cases: planted,
                    negative_source,
                });
            }
        }
        set.sources.extend(sources.into_iter().cloned());
    }
    set
}
