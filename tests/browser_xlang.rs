//! Issue #17 in a real browser (headless Chromium through chromedriver): the demo service with
//! Adal's seed glossary (what `serve --demo` imports), the supervisor opens the report of the
//! Kazakh thesis that translates passages of a Russian and an English corpus document, sees the
//! passages labelled "translated from Russian/English" with their sentence pairs side by side and
//! the dictionary-matched words marked on both sides, switches the cross-language check off for
//! the report (the figure drops, the reason is kept in the history) and on again; the
//! downloadable HTML report shows the same pairs. Screenshots `xlang-*.png` in
//! `$CARGO_TARGET_DIR/browser-artifacts/`.
//!
//! Its own test binary: the lexicon is process-wide. Skipped with a message when Chromium is not
//! installed, unless `ADAL_REQUIRE_BROWSER=1`.

mod browser_support;
mod server_support;

use adal::server::setup::{create_demo, load_corpus_if_empty};
use browser_support::{browser_available, Browser};
use server_support::{open_app, repo_path, test_config};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(240);
const SHORT: Duration = Duration::from_secs(30);

#[test]
fn a_translated_thesis_in_the_report_page() {
    if !browser_available() {
        return;
    }
    let glossary = repo_path("corpus").join(adal::lexicon::GLOSSARY_FILE);
    let data = adal::lexicon::import_file(&glossary).expect("the seed glossary imports");
    adal::text::lexicon::install(Arc::new(adal::text::lexicon::Lexicon::new(data)));
    let dir = tempfile::tempdir().expect("data dir");
    let app = open_app(test_config(dir.path()));
    load_corpus_if_empty(&app.state, &repo_path("corpus")).expect("the demo corpus loads");
    create_demo(&app.state, &repo_path("demo")).expect("the demo accounts and theses");
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let service = app.router().into_make_service_with_connect_info::<SocketAddr>();
    runtime.spawn(async move { axum::serve(listener, service).await });

    let browser = Browser::start();
    browser.log_in(&base, "student.kk2@demo.adal", "student-demo");
    browser.click_css("#theses-table tbody a");
    browser.find("#timeline");
    let thesis_url = browser.url().split(['?', '#']).next().unwrap_or_default().to_string();
    browser.wait_until("the translated thesis's check", LONG, |browser| {
        browser.goto(&format!("{thesis_url}?lang=en"));
        browser.text_of("#thesis-state") == "Checked"
    });
    browser.click_css("#logout");
    browser.wait_for("#login-submit", SHORT);
    browser.log_in(&base, "supervisor@demo.adal", "supervisor-demo");
    browser.goto(&format!("{thesis_url}?lang=en"));
    browser.click_css("#open-report");
    browser.find("#submission-text");
    let report_url = browser.url().split(['?', '#']).next().unwrap_or_default().to_string();

    // The passages say from which language, and show their sentence pairs row by row with the
    // matched words marked on both sides.
    let facts = browser.script(
        r#"const passages = Array.from(document.querySelectorAll('details.passage'));
           const translated = passages.filter(p => p.querySelector('.aligned-pairs'));
           return {
             labels: translated.map(p => p.querySelector('summary').textContent),
             rows: translated.map(p => p.querySelectorAll('.aligned-pairs tbody tr').length),
             marked_left: translated.map(p => p.querySelectorAll('.aligned-pairs td:first-child mark.shared').length),
             marked_right: translated.map(p => p.querySelectorAll('.aligned-pairs td:last-child mark.shared').length),
             highlights: document.querySelectorAll('#submission-text a.hl[data-translated]').length,
           };"#,
    );
    let labels: Vec<String> = facts["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| l.as_str().unwrap_or_default().into())
        .collect();
    assert!(labels.len() >= 4, "four translated passages: {facts}");
    assert!(labels.iter().any(|label| label.contains("translated from Russian")), "{facts}");
    assert!(labels.iter().any(|label| label.contains("translated from English")), "{facts}");
    for key in ["rows", "marked_left", "marked_right"] {
        let counts = facts[key].as_array().expect(key);
        assert!(counts.iter().all(|count| count.as_u64() >= Some(1)), "{key}: {facts}");
    }
    assert!(
        facts["highlights"].as_u64() >= Some(4),
        "translated passages are highlighted in the text: {facts}"
    );
    browser.script(
        "const pairs = document.querySelector('details.passage .aligned-pairs');\
         const passage = pairs.closest('details'); passage.open = true; passage.scrollIntoView(); return null;",
    );
    browser.screenshot("xlang-01-translated-passage-sentence-pairs");

    // The cross-language switch: off leaves the translated passages out of the figure.
    let before = browser.text_of("#fig-similarity");
    assert_eq!(browser.script("return document.getElementById('opt-cross-language').checked;"), true);
    browser.type_into("#exclusion-reason", "Checked the translations with the student");
    browser.click_css("#opt-cross-language");
    browser
        .wait_until("the figure recomputed", SHORT, |browser| browser.text_of("#fig-similarity") != before);
    let after = browser.text_of("#fig-similarity");
    assert!(
        browser
            .script("return document.querySelectorAll('#submission-text a.hl.off[data-translated]').length;")
            .as_u64()
            >= Some(4),
        "the translated highlights are shown as not counted"
    );
    browser.screenshot("xlang-02-cross-language-switched-off");
    browser.goto(&format!("{report_url}?lang=en"));
    browser.find("#submission-text");
    assert_eq!(
        browser.script("return document.getElementById('opt-cross-language').checked;"),
        false,
        "kept"
    );
    assert_eq!(browser.text_of("#fig-similarity"), after);
    let not_counted =
        browser.script("return document.querySelectorAll('details.passage.off .aligned-pairs').length;");
    assert!(not_counted.as_u64() >= Some(4), "the passages say they are not counted: {not_counted}");
    browser.goto(&format!("{thesis_url}/history?lang=en"));
    assert!(
        browser.text_of("main").contains("Checked the translations with the student"),
        "the reason is kept"
    );

    // On again: the figure is back.
    browser.goto(&format!("{report_url}?lang=en"));
    browser.find("#submission-text");
    browser.type_into("#exclusion-reason", "Counted again");
    browser.click_css("#opt-cross-language");
    browser.wait_until("the figure back", SHORT, |browser| browser.text_of("#fig-similarity") == before);

    // The downloadable HTML report, in Kazakh.
    let html_url = browser.script("return document.getElementById('export-html').href;");
    let html_url = html_url.as_str().expect("a link to the HTML report").replace("lang=en", "lang=kk");
    browser.goto(&html_url);
    let text = browser.text_of("body");
    assert!(
        text.contains("орыс тілінен аударылған") && text.contains("ағылшын тілінен аударылған"),
        "HTML report"
    );
    assert!(
        browser.try_find("table.aligned-pairs mark.shared").is_some(),
        "the HTML report marks the matched words"
    );
    browser.screenshot("xlang-03-html-report");
}
