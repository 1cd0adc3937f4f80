//! Tests of shingling and winnowing, including pinned hashes of a known text.

use super::*;
use crate::text::analyze;

#[test]
fn first_fingerprints_of_a_known_text_are_pinned() {
    // If this test fails, normalization, hashing or stemming changed: bump SCHEME_VERSION and update the
    // expected values, since every stored fingerprint is now stale.
    let text = "Қазақстан Республикасының білім беру жүйесі соңғы жылдары айтарлықтай өзгерді. \
                Жоғары оқу орындары академиялық адалдық қағидаттарын енгізуде.";
    let fingerprints = fingerprint(&analyze(text).tokens, &FingerprintConfig::THESIS);
    let first: Vec<(u64, u32)> = fingerprints.iter().take(3).map(|f| (f.hash, f.token_index)).collect();
    assert_eq!(first, PINNED);
    // Sentence stem pairs change with the rule-based stemmers and stop words too.
    let pairs = sentence_pair_hashes(text, &analyze(text).tokens, THESIS_PAIR_SAMPLE);
    assert_eq!(pairs.iter().take(3).copied().collect::<Vec<u64>>(), PINNED_PAIRS, "{pairs:?}");
    assert_eq!(SCHEME_VERSION, 4);
}

/// The concept-pair keys of a known text with a dictionary written here: they change with the
/// concept features, the units, the Kazakh stemmer and the key hashing (bump SCHEME_VERSION).
#[test]
fn concept_pair_keys_of_a_known_text_are_pinned() {
    use crate::model::DocLang;
    use crate::text::lexicon::{Lexicon, LexiconData};
    let mut data = LexiconData::default();
    for (kazakh, russian) in [("білім", "образование"), ("жүйе", "система"), ("жыл", "год"), ("оқу", "учеба")]
    {
        data.add_translation(DocLang::Ru, kazakh, russian);
    }
    let lexicon = Lexicon::new(data);
    let text = "Қазақстан Республикасының білім беру жүйесі 2015 жылдан бері айтарлықтай өзгерді. \
                Жоғары оқу орындары академиялық адалдық қағидаттарын енгізуде.";
    let keys =
        crate::xlang::retrieval::corpus_concept_keys(text, &analyze(text).tokens, DocLang::Kk, &lexicon);
    assert_eq!(keys, PINNED_CONCEPT_KEYS, "{keys:?}");
}

const PINNED_CONCEPT_KEYS: [u64; 2] = [3006168041327801312, 15080393624097649600];

const PINNED_PAIRS: [u64; 3] = [558109353550820496, 880337683750668132, 3637740151577495804];

const PINNED: [(u64, u32); 3] =
    [(2587934330673467847, 2), (12389863733793233176, 3), (8080700539994892446, 7)];

#[test]
fn winnowing_selects_window_minima_once() {
    let hashes = [77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98];
    let mut out = Vec::new();
    winnow(&hashes, 4, &mut out);
    let selected: Vec<(u64, u32)> = out.iter().map(|f| (f.hash, f.token_index)).collect();
    assert_eq!(selected, [(17, 3), (17, 6), (8, 8), (39, 11), (17, 15)]);
}

#[test]
fn every_shared_run_of_guaranteed_length_shares_a_fingerprint() {
    let config = FingerprintConfig::THESIS;
    let shared = "академиялық адалдық қағидаттары жоғары оқу орындарында енгізіліп жатыр және студенттер";
    let guaranteed = config.guaranteed_run_words();
    let shared_words: Vec<&str> = shared.split(' ').take(guaranteed).collect();
    let run = shared_words.join(" ");
    for (prefix, suffix) in [("бір екі үш", "төрт бес"), ("alpha beta", "gamma delta epsilon zeta"), ("", "")]
    {
        let a = format!("{prefix} {run} {suffix}");
        let b = format!("мүлде басқа мәтін {run} тағы басқа сөздер {prefix}");
        let fa = fingerprint(&analyze(&a).tokens, &config);
        let fb = fingerprint(&analyze(&b).tokens, &config);
        assert!(fa.iter().any(|x| fb.iter().any(|y| x.hash == y.hash)), "{a} / {b}");
    }
}

#[test]
fn corpus_fingerprints_are_a_subset_of_thesis_fingerprints() {
    // Deterministic pseudo-random texts over a small vocabulary, so repeated shingles (ties)
    // occur too.
    let vocabulary = ["білім", "жүйе", "оқу", "ғылым", "зерттеу", "мәтін", "адалдық", "жұмыс", "нәтиже"];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for length in [3usize, 8, 12, 40, 400, 3000] {
        let words: Vec<&str> = (0..length)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                vocabulary[(state % vocabulary.len() as u64) as usize]
            })
            .collect();
        let tokens = analyze(&words.join(" ")).tokens;
        let thesis: std::collections::HashSet<u64> =
            fingerprint(&tokens, &FingerprintConfig::THESIS).iter().map(|f| f.hash).collect();
        let corpus = fingerprint(&tokens, &FingerprintConfig::CORPUS);
        assert!(corpus.iter().all(|f| thesis.contains(&f.hash)), "length {length}");
        if length >= 400 {
            assert!(corpus.len() * 10 < thesis.len() * 8, "{} vs {}", corpus.len(), thesis.len());
        }
    }
}

#[test]
fn every_shared_run_of_guaranteed_length_shares_a_corpus_fingerprint() {
    // A submission (THESIS selection) and a corpus document (CORPUS selection) sharing a run
    // of CORPUS.guaranteed_run_words() words share a fingerprint.
    let shared = "академиялық адалдық қағидаттары жоғары оқу орындарында енгізіліп жатыр және студенттер \
                  оны жақсы түсінеді деп айтуға болады";
    let run: Vec<&str> =
        shared.split_whitespace().take(FingerprintConfig::CORPUS.guaranteed_run_words()).collect();
    let run = run.join(" ");
    for (prefix, suffix) in [("бір екі үш", "төрт бес"), ("alpha beta", "gamma delta epsilon zeta"), ("", "")]
    {
        let submission = format!("{prefix} {run} {suffix}");
        let document = format!("мүлде басқа мәтін {run} тағы басқа сөздер {prefix}");
        let fs = fingerprint(&analyze(&submission).tokens, &FingerprintConfig::THESIS);
        let fd = fingerprint(&analyze(&document).tokens, &FingerprintConfig::CORPUS);
        assert!(fd.iter().any(|x| fs.iter().any(|y| x.hash == y.hash)), "{submission} / {document}");
    }
}

#[test]
fn short_texts_keep_one_fingerprint_and_empty_texts_none() {
    let config = FingerprintConfig::THESIS;
    assert!(fingerprint(&analyze("").tokens, &config).is_empty());
    assert!(fingerprint(&analyze("екі сөз").tokens, &config).is_empty());
    assert_eq!(fingerprint(&analyze("бір екі үш төрт бес").tokens, &config).len(), 1);
}

#[test]
fn parallel_batch_equals_sequential() {
    let texts = [
        "Бірінші құжат мәтіні осы жерде тұр және ол ұзын",
        "Second document text is here and it is long enough",
    ];
    let batch = fingerprint_texts(&texts, &FingerprintConfig::THESIS);
    for (text, result) in texts.iter().zip(&batch) {
        let tokens = analyze(text).tokens;
        assert_eq!(result.word_count, tokens.len());
        assert_eq!(result.fingerprints, fingerprint(&tokens, &FingerprintConfig::THESIS));
    }
}
