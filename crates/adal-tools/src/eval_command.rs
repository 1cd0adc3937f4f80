//! `adal-tools eval pan DIR --out OUT`: align every pair of a PAN-layout corpus, write the detections
//! and print precision, recall, granularity and plagdet per obfuscation folder and overall; and
//! `adal-tools eval make-paraphrase`: write a paraphrase development set in the same layout.

use adal::cli::GlobalOptions;
use adal::compare::AlignmentConfig;
use adal_tools::eval::pan::{evaluate_corpus, FolderScores, PairSelection, PanEvaluation};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    command: EvalCommand,
}

#[derive(clap::Subcommand, Debug)]
enum EvalCommand {
    /// Evaluate on a corpus in the PAN 2013 text-alignment layout.
    Pan {
        /// The corpus folder (with src/, susp/, pairs and one folder per obfuscation type).
        dir: PathBuf,
        /// Where to write one detection XML per pair.
        #[arg(long)]
        out: PathBuf,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Index the sources and align only the pairs whose source is a candidate of the
        /// suspicious document, as a thesis check does (measures retrieval and alignment).
        #[arg(long)]
        via_index: bool,
        /// Turn sentence-level (bag-of-stems) alignment off: n-gram passages only, as before
        /// paraphrase detection (for before/after comparisons).
        #[arg(long)]
        no_sentences: bool,
        /// Tuning: the thresholds a single-sentence paraphrase passage must pass, as
        /// "COSINE,DICE,SHARED_STEMS" (default in `ParaphraseConfig::DEFAULT`).
        #[arg(long)]
        single_sentence: Option<String>,
        /// Tuning: the thresholds for a sentence pair to join a run, as "COSINE,DICE,SHARED_STEMS".
        #[arg(long)]
        joining_sentence: Option<String>,
        /// Tuning: the share of a passage's words that must be shared content words.
        #[arg(long)]
        min_content_share: Option<f64>,
        /// Turn cross-language (translation) alignment off.
        #[arg(long)]
        no_translation: bool,
        /// Tuning: cross-language thresholds as `name=value` pairs separated by commas
        /// (`min_score`, `min_shared`, `min_run`, `single`, `gap`, `jump`, `featureless`,
        /// `min_words`, `run_score`, `merge_gap`; with the embedding model `anchor`,
        /// `anchor_shared`, `near`, `source_near`, `low_cosine`, `high_cosine`,
        /// `dictionary_weight`, `min_cosine`, `max_embedded`, `rescue_near_confirmed`; defaults in
        /// `TranslationConfig::DEFAULT` and `EmbeddingConfig::DEFAULT`). `--no-model` (a global
        /// option) compares without the model.
        #[arg(long)]
        translation: Option<String>,
    },
    /// Make a paraphrase development set (PAN layout) from the source texts of a PAN corpus:
    /// sentences rewritten by synonyms, deletion, addition, word order, merge/split and all of
    /// these at once, inserted into other texts of the same language (see
    /// `crates/adal-tools/src/synthetic/paraphrase`).
    MakeParaphrase {
        /// A PAN-layout corpus whose `src/*.txt` are the input texts.
        #[arg(long)]
        from: PathBuf,
        /// Where to write the set.
        #[arg(long)]
        out: PathBuf,
        /// Folder with the Apertium dictionaries (`apertium-kaz-rus/`, `apertium-eng-kaz/`) used
        /// for synonyms; without them there is no synonym replacement.
        #[arg(long)]
        lexicons: Option<PathBuf>,
        #[arg(long, default_value_t = 14)]
        seed: u64,
        /// Cases per kind and language.
        #[arg(long, default_value_t = 100)]
        cases_per_kind: usize,
    },
}

pub fn run(args: EvalArgs, _global: &GlobalOptions) -> anyhow::Result<i32> {
    match args.command {
        EvalCommand::Pan {
            dir,
            out,
            json,
            via_index,
            no_sentences,
            single_sentence,
            joining_sentence,
            min_content_share,
            no_translation,
            translation,
        } => {
            let selection = if via_index { PairSelection::ViaIndex } else { PairSelection::All };
            let mut config = AlignmentConfig::DEFAULT;
            if let Some(sentences) = config.sentences.as_mut() {
                if let Some(share) = min_content_share {
                    sentences.min_content_share = share;
                }
                if let Some(values) = single_sentence {
                    let (cosine, dice, shared) = thresholds(&values)?;
                    sentences.single_min_cosine = cosine;
                    sentences.single_min_dice = dice;
                    sentences.single_min_shared_stems = shared;
                }
                if let Some(values) = joining_sentence {
                    let (cosine, dice, shared) = thresholds(&values)?;
                    sentences.min_cosine = cosine;
                    sentences.min_dice = dice;
                    sentences.min_shared_stems = shared;
                }
            }
            if no_sentences {
                config.sentences = None;
            }
            if no_translation {
                config.translation = None;
            }
            // Several tunings separated by `;` run one after the other in this process (the
            // embedding model's vectors are computed once), writing into OUT/1, OUT/2, ….
            let tunings: Vec<Option<&str>> = match translation.as_deref() {
                Some(values) if values.contains(';') => values.split(';').map(Some).collect(),
                values => vec![values],
            };
            for (number, tuning) in tunings.iter().enumerate() {
                let mut config = config;
                if let (Some(values), Some(translation_config)) = (tuning, config.translation.as_mut()) {
                    tune_translation(translation_config, values)?;
                }
                let out = if tunings.len() > 1 { out.join((number + 1).to_string()) } else { out.clone() };
                let evaluation = evaluate_corpus(&dir, &out, &config, selection)?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&evaluation)?);
                } else {
                    if let Some(values) = tuning {
                        println!("== {values}");
                    }
                    print_table(&evaluation);
                }
                if let Some(model) = adal::embedding::active() {
                    eprintln!("sentences embedded so far: {}", model.embedded_sentences());
                }
            }
            Ok(0)
        }
        EvalCommand::MakeParaphrase { from, out, lexicons, seed, cases_per_kind } => {
            make_paraphrase(&from, &out, lexicons.as_deref(), seed, cases_per_kind)
        }
    }
}

/// Sets cross-language thresholds from `name=value,name=value`.
fn tune_translation(config: &mut adal::xlang::TranslationConfig, values: &str) -> anyhow::Result<()> {
    for pair in values.split(',').map(str::trim).filter(|pair| !pair.is_empty()) {
        let Some((name, value)) = pair.split_once('=') else {
            anyhow::bail!("expected name=value, got {pair:?}");
        };
        match name {
            "min_score" => config.min_score = value.parse()?,
            "min_shared" => config.min_shared_words = value.parse()?,
            "min_run" => config.min_run_sentences = value.parse()?,
            "single" => config.single_min_score = value.parse()?,
            "gap" => config.max_gap_sentences = value.parse()?,
            "jump" => config.max_source_jump_sentences = value.parse()?,
            "featureless" => config.featureless_weight = value.parse()?,
            "min_words" => config.min_passage_words = value.parse()?,
            "run_score" => config.min_run_score = value.parse()?,
            "merge_gap" => config.merge_gap_sentences = value.parse()?,
            "anchor" => config.embedding.anchor_min_score = value.parse()?,
            "anchor_shared" => config.embedding.anchor_min_shared_words = value.parse()?,
            "near" => config.embedding.neighbourhood = value.parse()?,
            "source_near" => config.embedding.source_neighbourhood = value.parse()?,
            "low_cosine" => config.embedding.low_cosine = value.parse()?,
            "high_cosine" => config.embedding.high_cosine = value.parse()?,
            "dictionary_weight" => config.embedding.dictionary_weight = value.parse()?,
            "min_cosine" => config.embedding.min_cosine = value.parse()?,
            "max_embedded" => config.embedding.max_sentences = value.parse()?,
            "rescue_near_confirmed" => config.embedding.rescue_near_confirmed = value.parse()?,
            _ => anyhow::bail!("unknown cross-language threshold {name:?}"),
        }
    }
    Ok(())
}

/// Parses "COSINE,DICE,SHARED_STEMS".
fn thresholds(values: &str) -> anyhow::Result<(f64, f64, usize)> {
    let parts: Vec<&str> = values.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [cosine, dice, shared] => Ok((cosine.parse()?, dice.parse()?, shared.parse()?)),
        _ => anyhow::bail!("expected COSINE,DICE,SHARED_STEMS, got {values:?}"),
    }
}

fn make_paraphrase(
    from: &std::path::Path,
    out: &std::path::Path,
    lexicons: Option<&std::path::Path>,
    seed: u64,
    cases_per_kind: usize,
) -> anyhow::Result<i32> {
    use adal_tools::synthetic::paraphrase::{
        make_paraphrase_set, write_pan_layout, InputText, ParaphraseSetConfig, Thesauri, Thesaurus,
    };
    let mut inputs = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(from.join("src"))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path)?;
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        inputs.push(InputText { name, language: adal::text::detect_language(&text), text });
    }
    let mut thesauri = Thesauri::default();
    if let Some(folder) = lexicons {
        let kazakh_russian = folder.join("apertium-kaz-rus/apertium-kaz-rus.kaz-rus.dix");
        let english_kazakh = folder.join("apertium-eng-kaz/apertium-eng-kaz.eng-kaz.dix");
        match std::fs::read_to_string(&kazakh_russian) {
            Ok(dix) => {
                let (kazakh, russian) = Thesaurus::pair_from_dix(&dix);
                thesauri.kazakh = kazakh;
                thesauri.russian = russian;
            }
            Err(error) => eprintln!("no Kazakh-Russian dictionary ({}): {error}", kazakh_russian.display()),
        }
        match std::fs::read_to_string(&english_kazakh) {
            Ok(dix) => {
                let (english, kazakh) = Thesaurus::pair_from_dix(&dix);
                thesauri.english = english;
                thesauri.kazakh = std::mem::take(&mut thesauri.kazakh).merge(kazakh);
            }
            Err(error) => eprintln!("no English-Kazakh dictionary ({}): {error}", english_kazakh.display()),
        }
    } else {
        eprintln!("no --lexicons: synonym replacement is off");
    }
    let thesauri = Thesauri {
        kazakh: thesauri.kazakh.with_stems(adal::model::DocLang::Kk),
        russian: thesauri.russian.with_stems(adal::model::DocLang::Ru),
        english: thesauri.english.with_stems(adal::model::DocLang::En),
    };
    eprintln!(
        "synonyms for {} Kazakh, {} Russian, {} English words",
        thesauri.kazakh.len(),
        thesauri.russian.len(),
        thesauri.english.len()
    );
    let config = ParaphraseSetConfig { seed, cases_per_kind, ..ParaphraseSetConfig::DEFAULT };
    let set = make_paraphrase_set(&inputs, &thesauri, &config);
    write_pan_layout(&set, out)?;
    for language in [adal::model::DocLang::Kk, adal::model::DocLang::Ru, adal::model::DocLang::En] {
        let counts: Vec<String> = adal_tools::synthetic::paraphrase::RewriteKind::ALL
            .iter()
            .map(|kind| {
                let cases: usize = set
                    .suspicious
                    .iter()
                    .filter(|document| document.language == language && document.kind == *kind)
                    .map(|document| document.cases.len())
                    .sum();
                format!("{} {cases}", kind.obfuscation())
            })
            .collect();
        println!("{}: {}", language.code(), counts.join(", "));
    }
    println!(
        "{} suspicious documents, {} sources, written to {}",
        set.suspicious.len(),
        set.sources.len(),
        out.display()
    );
    Ok(0)
}

fn print_row(row: &FolderScores) {
    let scores = &row.scores;
    println!(
        "{:<22} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>6} {:>6} {:>6}/{:<4}",
        row.folder,
        scores.plagdet,
        scores.recall,
        scores.precision,
        scores.granularity,
        scores.cases,
        scores.detections,
        row.pairs_with_detections,
        row.pairs
    );
}

fn print_table(evaluation: &PanEvaluation) {
    println!(
        "{:<22} {:>7} {:>7} {:>7} {:>7} {:>6} {:>6} {:>11}",
        "folder", "plagdet", "recall", "precis", "gran", "cases", "dets", "pairs flagged"
    );
    for row in &evaluation.folders {
        print_row(row);
    }
    print_row(&evaluation.overall);
    let citations = &evaluation.citations;
    println!(
        "citations: {} in the truth, {} recognized as citations, {} reported as plagiarism",
        citations.citations, citations.recognized, citations.reported_as_plagiarism
    );
    if let Some(retrieval) = &evaluation.retrieval {
        println!(
            "retrieval: {} of {} pairs with plagiarism retrieved, {} of {} other pairs; {:.1} candidates per \
             suspicious document; {} fingerprints indexed",
            retrieval.positive_retrieved,
            retrieval.positive_pairs,
            retrieval.other_retrieved,
            retrieval.other_pairs,
            retrieval.mean_candidates,
            retrieval.indexed_fingerprints
        );
    }
    println!("wall time: {:.1} s", evaluation.seconds);
}
