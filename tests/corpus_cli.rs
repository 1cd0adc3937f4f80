//! `adal corpus …` end to end: the built binary on a temporary data directory.

use std::path::Path;
use std::process::{Command, Output};

fn adal(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_adal"))
        .env_remove("ADAL_DATA")
        .env_remove("ADAL_LANG")
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run adal")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A corpus folder with a manifest, two documents, a README and an empty (refused) file.
fn write_corpus_folder(folder: &Path) {
    std::fs::create_dir_all(folder.join("kk")).expect("mkdir");
    std::fs::write(
        folder.join("manifest.tsv"),
        "file\tid\ttitle\tauthors\tyear\tlanguage\tkind\tinstitution\texternal_ref\n\
         kk/steppe.txt\tkk-steppe\tДалалық сауда қалалары\tАбаев А.\t2021\tkk\tthesis\tҚазҰУ\t\n",
    )
    .expect("manifest");
    std::fs::write(
        folder.join("kk/steppe.txt"),
        "Қазақстан даласындағы сауда қалалары Ұлы Жібек жолының бойында орналасқан. \
         Отырар, Түркістан және Тараз қалалары орта ғасырларда гүлденді.",
    )
    .expect("steppe");
    std::fs::write(
        folder.join("Digital_economy.txt"),
        "Цифровая экономика Казахстана быстро развивается благодаря мобильным платежам.",
    )
    .expect("ru");
    std::fs::write(folder.join("README.md"), "This folder is a test corpus.").expect("readme");
    std::fs::write(folder.join("empty.txt"), "").expect("empty");
}

#[test]
fn add_list_search_template_remove_round_trip() {
    let temporary = tempfile::tempdir().expect("tempdir");
    let data = temporary.path().join("data");
    let folder = temporary.path().join("corpus");
    write_corpus_folder(&folder);
    let folder_arg = folder.to_str().expect("utf-8 path");

    let added = adal(&data, &["corpus", "add", folder_arg, "--kind", "article"]);
    assert_eq!(added.status.code(), Some(1), "an empty file is refused: {}", stderr(&added));
    assert!(stdout(&added).contains("added: 2"), "{}", stdout(&added));
    assert!(stderr(&added).contains("empty.txt"), "{}", stderr(&added));
    assert!(stderr(&added).contains("The file is empty"), "{}", stderr(&added));
    assert!(!stderr(&added).contains("README"), "READMEs are skipped");

    let again = adal(&data, &["--lang", "kk", "corpus", "add", folder_arg]);
    assert!(stdout(&again).contains("бұрыннан бар: 2"), "{}", stdout(&again));
    assert!(stderr(&again).contains("Файл бос"), "refusals in Kazakh: {}", stderr(&again));

    let listed = adal(&data, &["corpus", "list", "--json"]);
    assert!(listed.status.success());
    let documents: serde_json::Value = serde_json::from_str(&stdout(&listed)).expect("json");
    let documents = documents.as_array().expect("array");
    assert_eq!(documents.len(), 2);
    let steppe = documents.iter().find(|document| document["id"] == "kk-steppe").expect("manifest id");
    assert_eq!(steppe["title"], "Далалық сауда қалалары");
    assert_eq!(steppe["kind"], "thesis");
    assert_eq!(steppe["year"], 2021);
    let economy = documents.iter().find(|document| document["id"] != "kk-steppe").expect("second");
    assert_eq!(economy["title"], "Digital economy");
    assert_eq!(economy["kind"], "article", "--kind fills what the manifest does not say");
    let economy_id = economy["id"].as_str().expect("id").to_string();
    assert!(economy_id.starts_with("digital-economy-"), "{economy_id}");

    let found = adal(&data, &["corpus", "search", "ТҮРКІСТАН"]);
    assert!(found.status.success());
    assert!(stdout(&found).contains("kk-steppe"), "{}", stdout(&found));
    assert!(stdout(&found).contains("[Түркістан]"), "{}", stdout(&found));

    let stats = adal(&data, &["corpus", "stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&stats)).expect("json");
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["corpus_version"], 1);

    let marked = adal(&data, &["corpus", "template", "kk-steppe"]);
    assert!(marked.status.success(), "{}", stderr(&marked));
    let text_list = stdout(&adal(&data, &["corpus", "list"]));
    assert!(text_list.contains("[template]"), "{text_list}");
    assert!(adal(&data, &["corpus", "template", "kk-steppe", "--off"]).status.success());
    assert!(!adal(&data, &["corpus", "template", "nope"]).status.success());

    assert!(adal(&data, &["corpus", "remove", &economy_id]).status.success());
    let missing = adal(&data, &["corpus", "remove", &economy_id]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no document"), "{}", stderr(&missing));

    let stats = adal(&data, &["corpus", "stats"]);
    assert!(stdout(&stats).contains("documents             1"), "{}", stdout(&stats));
}

#[test]
fn missing_paths_and_bad_kinds_fail() {
    let temporary = tempfile::tempdir().expect("tempdir");
    let data = temporary.path().join("data");
    let missing = temporary.path().join("nowhere");
    let output = adal(&data, &["corpus", "add", missing.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("nowhere"), "{}", stderr(&output));
    let bad_kind = adal(&data, &["corpus", "add", ".", "--kind", "novel"]);
    assert_eq!(bad_kind.status.code(), Some(2), "clap rejects unknown kinds");
}

#[test]
fn demo_corpus_ingests_when_present() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    if !corpus.join("manifest.tsv").is_file() {
        eprintln!("skipping: no demo corpus manifest at {}", corpus.display());
        return;
    }
    let temporary = tempfile::tempdir().expect("tempdir");
    let output = adal(temporary.path(), &["corpus", "add", corpus.to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}\n{}", stdout(&output), stderr(&output));
    let listed = stdout(&adal(temporary.path(), &["corpus", "list", "--json"]));
    let documents: serde_json::Value = serde_json::from_str(&listed).expect("json");
    assert!(!documents.as_array().expect("array").is_empty());
}

/// Issue #16, point 10: `adal --lang ru check` printed its summary in English with "23.0%";
/// it now speaks the chosen language and writes numbers as the pages do ("27,9 %").
#[test]
fn the_check_summary_speaks_the_chosen_language() {
    let data = tempfile::tempdir().expect("tempdir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/en");
    let added = adal(data.path(), &["corpus", "add", corpus.to_str().expect("path")]);
    assert!(added.status.success(), "{}", stderr(&added));
    let source = std::fs::read_to_string(corpus.join("en-01-trilingual-education-policy.txt")).expect("text");
    let borrowed: String = source.split_whitespace().take(150).collect::<Vec<_>>().join(" ");
    let thesis = data.path().join("thesis.txt");
    std::fs::write(
        &thesis,
        format!("An introduction of my own, about other things entirely.\n\n{borrowed}\n"),
    )
    .expect("write");
    let russian = adal(data.path(), &["--lang", "ru", "check", thesis.to_str().expect("path")]);
    assert!(russian.status.success(), "{}", stderr(&russian));
    let text = stdout(&russian);
    assert!(text.contains("Сходство") && text.contains("Заимствования"), "{text}");
    assert!(text.contains(",") && text.contains("\u{a0}%"), "numbers as in Russian: {text}");
    assert!(!text.contains("similarity"), "{text}");
    let english = stdout(&adal(data.path(), &["--lang", "en", "check", thesis.to_str().expect("path")]));
    assert!(
        english.contains("Similarity") && english.contains('%') && !english.contains("\u{a0}%"),
        "{english}"
    );
}
