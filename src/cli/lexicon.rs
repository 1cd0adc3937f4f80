//! `adal lexicon`: compile open dictionaries into the data directory's lexicon
//! (`<data>/lexicon.txt`), and show what it holds. See [`crate::lexicon`] for the formats.

use super::GlobalOptions;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct LexiconArgs {
    #[command(subcommand)]
    command: LexiconCommand,
}

#[derive(clap::Subcommand, Debug)]
enum LexiconCommand {
    /// Import dictionary files (.lexc, .dix, MyThes .dat) into the lexicon.
    Import {
        /// The files to import.
        files: Vec<PathBuf>,
        /// Also import the thesauri Debian's mythes-ru and mythes-en-us install.
        #[arg(long)]
        system: bool,
        /// Start from an empty lexicon instead of adding to the existing one.
        #[arg(long)]
        replace: bool,
    },
    /// Print what the lexicon holds.
    Show,
    /// Score the Kazakh stemmer, without and with the lexicon, on a hand-checked list of
    /// inflected words (`lemma<TAB>form form …`; the list shipped with Adal when not given).
    Score {
        /// The list to score on.
        file: Option<PathBuf>,
    },
    /// Concept coverage of the translations: per language, the share of word tokens and of
    /// content words of the given texts (.txt files, or folders searched for them) that the
    /// bilingual dictionaries map to a concept.
    Coverage {
        /// Text files or folders.
        paths: Vec<PathBuf>,
    },
}

pub fn run(args: LexiconArgs, global: &GlobalOptions) -> anyhow::Result<i32> {
    let file = global.lexicon_file();
    match args.command {
        LexiconCommand::Import { mut files, system, replace } => {
            if system {
                let found = crate::lexicon::system_sources();
                if found.is_empty() {
                    eprintln!(
                        "no system dictionaries found; install them with \
                         `apt-get install mythes-ru mythes-en-us`"
                    );
                }
                files.extend(found);
            }
            if files.is_empty() {
                anyhow::bail!("name the dictionary files to import, or give --system");
            }
            for source in &files {
                eprintln!("importing {}", source.display());
            }
            let summary = crate::lexicon::import_into(&file, &files, replace)?;
            println!("{}: {summary}", file.display());
        }
        LexiconCommand::Show => match crate::lexicon::read_compiled(&file)? {
            Some(data) => {
                println!("{}: {}", file.display(), crate::text::lexicon::Lexicon::new(data).summary())
            }
            None => println!("{}: no lexicon (import one with `adal lexicon import`)", file.display()),
        },
        LexiconCommand::Score { file: list } => score(list, &file)?,
        LexiconCommand::Coverage { paths } => {
            let Some(data) = crate::lexicon::read_compiled(&file)? else {
                anyhow::bail!("no lexicon at {}: import one with `adal lexicon import`", file.display());
            };
            coverage(&paths, &crate::text::lexicon::Lexicon::new(data))?
        }
    }
    Ok(0)
}

/// Prints the stemmer's figures on a list of words, with the rules alone and with the lexicon.
fn score(list: Option<PathBuf>, lexicon_file: &std::path::Path) -> anyhow::Result<()> {
    use crate::text::lexicon::Lexicon;
    use crate::text::stem::score::{parse_gold, score_stemmer, KAZAKH_WORDS};
    use crate::text::stem::{stem_kazakh, stem_kazakh_with};
    let text = match &list {
        Some(path) => std::fs::read_to_string(path)?,
        None => KAZAKH_WORDS.to_string(),
    };
    let groups = parse_gold(&text);
    let lexicon = crate::lexicon::read_compiled(lexicon_file)?.map(Lexicon::new);
    println!("stemmer                words lemmas  exact  pair precision  pair recall");
    let mut rows = vec![("rules", score_stemmer(&groups, stem_kazakh))];
    if let Some(lexicon) = &lexicon {
        rows.push(("rules + lexicon", score_stemmer(&groups, |word| stem_kazakh_with(word, lexicon))));
    }
    for (name, figures) in rows {
        println!(
            "{name:<22} {:>5} {:>6} {:>6}  {:>14.3}  {:>11.3}",
            figures.words, figures.lemmas, figures.exact, figures.pair_precision, figures.pair_recall
        );
    }
    if lexicon.is_none() {
        println!("(no lexicon at {}: only the rules were scored)", lexicon_file.display());
    }
    Ok(())
}

/// The `.txt` files of `paths` (folders searched recursively), sorted.
fn text_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending: Vec<PathBuf> = paths.to_vec();
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                pending.push(entry?.path());
            }
        } else if path.extension().is_some_and(|extension| extension == "txt") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Prints the concept coverage of `lexicon` on the texts of `paths`.
fn coverage(paths: &[PathBuf], lexicon: &crate::text::lexicon::Lexicon) -> anyhow::Result<()> {
    use crate::model::DocLang;
    use crate::text::{analyze, detect_language};
    if lexicon.concepts().is_empty() {
        println!("the lexicon has no translations: import a bilingual .dix first");
    }
    // Per language: documents, word tokens, content words, content words with a concept.
    let mut counts: std::collections::BTreeMap<&'static str, [usize; 4]> = Default::default();
    for file in text_files(paths)? {
        let text = std::fs::read_to_string(&file)?;
        let language = detect_language(&text);
        let tokens = analyze(&text).tokens;
        let document = crate::xlang::concept_document(&text, &tokens, language, lexicon);
        let (with_concept, content) = document.concept_coverage();
        let code = match language {
            DocLang::Kk | DocLang::Ru | DocLang::En => language.code(),
            DocLang::Other => "other",
        };
        let row = counts.entry(code).or_default();
        row[0] += 1;
        row[1] += tokens.len();
        row[2] += content;
        row[3] += with_concept;
    }
    println!("language  documents  word tokens  content words  with a concept  of tokens  of content words");
    for (language, [documents, tokens, content, with_concept]) in counts {
        let share = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
        println!(
            "{language:<8}  {documents:>9}  {tokens:>11}  {content:>13}  {with_concept:>14}  {:>8.1}%  {:>15.1}%",
            share(with_concept, tokens),
            share(with_concept, content)
        );
    }
    Ok(())
}
