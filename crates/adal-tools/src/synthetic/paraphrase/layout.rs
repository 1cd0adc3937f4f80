//! Writing a generated paraphrase set in the PAN 2013 text-alignment layout (the layout that
//! `adal-tools eval pan` reads; see `../shared/eval/README.md`).

use super::{ParaphraseSet, RewriteKind, NEGATIVE_FOLDER};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn stem(name: &str) -> &str {
    name.trim_end_matches(".txt")
}

fn truth_xml(document: &super::SuspiciousDocument, planted: bool) -> String {
    let mut xml =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document reference=\"{}\">\n", document.name);
    if planted {
        for case in &document.cases {
            let _ = writeln!(
                xml,
                "<feature name=\"plagiarism\" type=\"artificial\" obfuscation=\"{}\" this_language=\"{}\" this_offset=\"{}\" this_length=\"{}\" source_reference=\"{}\" source_language=\"{}\" source_offset=\"{}\" source_length=\"{}\"/>",
                document.kind.obfuscation(),
                document.language.code(),
                case.this_offset,
                case.this_length,
                document.source,
                document.language.code(),
                case.source_offset,
                case.source_length
            );
        }
    }
    xml.push_str("</document>\n");
    xml
}

/// Writes `src/`, `susp/`, `pairs`, one folder per kind (and the negatives) with a `pairs` file
/// and one truth XML per pair, and `pairs-by-language/`.
pub fn write_pan_layout(set: &ParaphraseSet, out: &Path) -> std::io::Result<()> {
    fs::create_dir_all(out.join("src"))?;
    fs::create_dir_all(out.join("susp"))?;
    fs::create_dir_all(out.join("pairs-by-language"))?;
    for source in &set.sources {
        fs::write(out.join("src").join(&source.name), &source.text)?;
    }
    let mut all_pairs = String::new();
    let mut folder_pairs: std::collections::BTreeMap<&str, String> = std::collections::BTreeMap::new();
    let mut language_pairs: std::collections::BTreeMap<&str, String> = std::collections::BTreeMap::new();
    for document in &set.suspicious {
        fs::write(out.join("susp").join(&document.name), &document.text)?;
        let mut pairs = vec![(document.source.as_str(), document.kind.folder(), true)];
        if let Some(negative) = &document.negative_source {
            pairs.push((negative.as_str(), NEGATIVE_FOLDER, false));
        }
        for (source, folder, planted) in pairs {
            let line = format!("{} {}\n", document.name, source);
            all_pairs.push_str(&line);
            folder_pairs.entry(folder).or_default().push_str(&line);
            language_pairs.entry(document.language.code()).or_default().push_str(&line);
            let folder_path = out.join(folder);
            fs::create_dir_all(&folder_path)?;
            fs::write(
                folder_path.join(format!("{}-{}.xml", stem(&document.name), stem(source))),
                truth_xml(document, planted),
            )?;
        }
    }
    fs::write(out.join("pairs"), all_pairs)?;
    for kind in RewriteKind::ALL {
        folder_pairs.entry(kind.folder()).or_default();
    }
    for (folder, pairs) in folder_pairs {
        fs::create_dir_all(out.join(folder))?;
        fs::write(out.join(folder).join("pairs"), pairs)?;
    }
    for (language, pairs) in language_pairs {
        fs::write(out.join("pairs-by-language").join(language), pairs)?;
    }
    Ok(())
}
