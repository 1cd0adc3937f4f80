//! The web pages in a real browser: headless Chromium through chromedriver against the real
//! server on 127.0.0.1 with the demo accounts and theses (`serve --demo`).
//!
//! One test walks the whole flow as people would: the student is refused a broken file, uploads
//! a DOCX and a PDF and waits for the checks; the supervisor opens the report, switches a source
//! off and sees the figure change, and clears the thesis; staff see it on the admission list,
//! start a rescan and switch the language. Screenshots of the main pages are written to
//! `$CARGO_TARGET_DIR/browser-artifacts/` (or `target/browser-artifacts/`), with the report as the
//! browser prints it (PDF).
//!
//! Skipped with a message when Chromium is not installed, unless `ADAL_REQUIRE_BROWSER=1`.

mod browser_support;
mod server_support;

use browser_support::{browser_available, start_demo_server, Browser};
use server_support::repo_path;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(240);
const KAZAKH_THESIS: &str =
    "Қазақстанның аграрлық секторында табиғи ресурстарды тиімді пайдаланудың экономикалық аспектілері";

fn log_in(browser: &Browser, base: &str, email: &str, password: &str) {
    browser.goto(&format!("{base}/login"));
    browser.type_into("#email", email);
    browser.type_into("#password", password);
    browser.click_css("#login-submit");
    browser.wait_for("#logout", Duration::from_secs(30));
}

fn log_out(browser: &Browser) {
    browser.click_css("#logout");
    browser.wait_for("#login-submit", Duration::from_secs(30));
}

fn count(browser: &Browser, css: &str) -> u64 {
    browser.script(&format!("return document.querySelectorAll('{css}').length;")).as_u64().unwrap_or(0)
}

/// Uploads a file with the page's form (JavaScript: progress bar, then the check is followed
/// until the page reloads with one more version).
fn upload_and_wait(browser: &Browser, file: &std::path::Path) {
    let before = count(browser, "#versions-table tbody tr");
    browser.choose_file("#file", file);
    browser.click_css("#upload-submit");
    browser.wait_until("the new version's check", LONG, |browser| {
        browser.try_find("#versions-table").is_some()
            && count(browser, "#versions-table tbody tr") == before + 1
            && browser.text_of("#thesis-state") != "Submitted"
    });
}

/// Files the supervisor's feedback and the external review of the demo thesis titled `title`.
fn file_defense_documents(app: &adal::server::App, title: &str) {
    use adal::app::documents::upload_document;
    use adal::app::theses::UploadedFile;
    use adal::store::{DefenseDocumentKind, ThesisScope};
    let services = &app.state.services;
    let store = &services.store;
    let user = |email: &str| store.user_by_email(email).expect("store").expect("demo user");
    let theses = store.list_theses(&ThesisScope::All).expect("theses");
    let thesis = theses.iter().find(|thesis| thesis.title == title).expect("the demo thesis").id;
    let file = |name: &str| UploadedFile {
        file_name: name.into(),
        bytes: format!("{name} of the thesis").into_bytes(),
    };
    let supervisor = user("supervisor@demo.adal");
    upload_document(services, &supervisor, thesis, DefenseDocumentKind::Feedback, file("feedback.txt"), None)
        .expect("the feedback");
    let staff = user("staff@demo.adal");
    let reviewer = Some("Dr. Aigerim Sadykova");
    upload_document(services, &staff, thesis, DefenseDocumentKind::Review, file("review.txt"), reviewer)
        .expect("the review");
}

#[test]
fn the_whole_flow_in_a_browser_in_three_languages() {
    if !browser_available() {
        return;
    }
    let data_dir = tempfile::tempdir().expect("data dir");
    let (_runtime, app, base) = start_demo_server(data_dir.path());
    let browser = Browser::start();

    // The login page follows the browser's Accept-Language (English here).
    browser.goto(&format!("{base}/"));
    browser.wait_for("#login-submit", Duration::from_secs(30));
    assert_eq!(browser.text_of("#login-submit"), "Log in");
    assert_eq!(browser.script("return document.documentElement.lang;"), "en");
    browser.screenshot("01-login-en");

    // A wrong password is refused with a clear message.
    browser.type_into("#email", "student@demo.adal");
    browser.type_into("#password", "wrong-password");
    browser.click_css("#login-submit");
    assert!(browser.text_of("#login-error").contains("Wrong e-mail address or password"));

    // Student: the thesis, a refused file, then a DOCX and a PDF.
    log_in(&browser, &base, "student@demo.adal", "student-demo");
    assert!(browser.url().ends_with("/theses"), "{}", browser.url());
    browser.screenshot("02-student-theses");
    let thesis_link = browser.find("#theses-table tbody a");
    assert_eq!(browser.text(&thesis_link), KAZAKH_THESIS);
    browser.click(&thesis_link);
    browser.find("#timeline");
    let thesis_url = browser.url();
    browser.wait_until("the demo thesis's first check", LONG, |browser| {
        browser.goto(&thesis_url);
        browser.text_of("#thesis-state") == "Checked"
    });

    let broken = data_dir.path().join("broken-thesis.pdf");
    std::fs::write(
        &broken,
        (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect::<Vec<u8>>(),
    )
    .expect("write");
    browser.choose_file("#file", &broken);
    browser.click_css("#upload-submit");
    browser.wait_until("the refusal message", Duration::from_secs(30), |browser| {
        !browser.text_of("#upload-error").is_empty()
    });
    let refusal = browser.text_of("#upload-error");
    assert!(refusal.contains("not") || refusal.contains("format"), "{refusal}");
    browser.screenshot("03-student-refused-file");

    browser.goto(&thesis_url);
    upload_and_wait(&browser, &repo_path("demo/kk-thesis.docx"));
    upload_and_wait(&browser, &repo_path("demo/kk-thesis.pdf"));
    assert_eq!(browser.text_of("#thesis-state"), "Checked");
    assert!(count(&browser, "#versions-table tbody tr") >= 3);
    assert!(browser.text_of("#versions-table").contains("kk-thesis.pdf"));
    browser.screenshot("04-student-thesis-timeline");
    log_out(&browser);

    // Supervisor: the queue, the report, an exclusion switch, the decision.
    log_in(&browser, &base, "supervisor@demo.adal", "supervisor-demo");
    assert!(browser.url().ends_with("/review"), "{}", browser.url());
    browser.find("#review-table");
    browser.screenshot("05-supervisor-queue");
    let queue_text = browser.text_of("#review-table");
    assert!(queue_text.contains(KAZAKH_THESIS), "{queue_text}");
    browser.goto(&thesis_url);
    browser.click_css("#open-report");
    browser.find("#submission-text");
    let report_url = browser.url();
    assert!(browser.text_of("#report-title").contains(KAZAKH_THESIS), "{report_url}");
    assert!(count(&browser, "#submission-text a.hl") > 0, "passages are highlighted");
    browser.screenshot("06-report");
    let before = browser.text_of("#fig-similarity");
    browser.click_css("#src-switch-0");
    browser.wait_until("the recomputed figure", Duration::from_secs(30), |browser| {
        browser.text_of("#fig-similarity") != before
    });
    let after = browser.text_of("#fig-similarity");
    assert!(browser.text_of("#exclusions-status").contains("updated"));
    assert_eq!(count(&browser, "li.source.off"), 1);
    // The side-by-side view opens from a highlighted passage.
    browser.click_css("#submission-text a.hl");
    browser.wait_until("an open passage", Duration::from_secs(10), |browser| {
        count(browser, "details.passage[open]") > 0
    });
    browser.screenshot("07-report-source-excluded");
    // The exclusion is stored: a reload shows the same figure and the switch off.
    browser.goto(&browser.url());
    assert_eq!(browser.text_of("#fig-similarity"), after);
    assert_eq!(browser.script("return document.getElementById('src-switch-0').checked;"), false);
    // The switch turns back on from the keyboard: the source counts again.
    browser.send_keys("#src-switch-0", " ");
    browser.wait_until("the restored figure", Duration::from_secs(30), |browser| {
        browser.text_of("#fig-similarity") == before
    });
    assert_eq!(count(&browser, "li.source.off"), 0);

    browser.click_css("#decision-clear");
    browser.type_into(
        "#decision-text",
        "The matching passages are the standard definitions of the field, cited.",
    );
    browser.click_css("#decision-submit");
    browser.wait_until("the cleared state", Duration::from_secs(30), |browser| {
        browser.try_find("#thesis-state").is_some() && browser.text_of("#thesis-state") == "Cleared"
    });
    browser.screenshot("08-supervisor-cleared");
    log_out(&browser);

    // The defense documents admission needs (the supervisor's feedback, the external review)
    // are filed through the application layer: the walk of their pages is the attestation's.
    file_defense_documents(&app, KAZAKH_THESIS);

    // Staff: dashboard, admission list, corpus, a rescan with progress, the language switch.
    log_in(&browser, &base, "staff@demo.adal", "staff-demo");
    assert!(browser.url().ends_with("/staff"), "{}", browser.url());
    browser.find("#state-counts");
    browser.screenshot("09-staff-dashboard");
    browser.goto(&format!("{base}/staff/admission"));
    let admission = browser.text_of("#admission-table");
    assert!(admission.contains(KAZAKH_THESIS), "{admission}");
    assert!(browser.try_find("#admission-csv").is_some());
    browser.screenshot("10-admission-list");
    browser.click_css("#admission-table button");
    browser.wait_until("the admitted state", Duration::from_secs(30), |browser| {
        browser.try_find("#admission-table").is_some()
            && browser.text_of("#admission-table").contains("Admitted to defense")
    });
    browser.goto(&format!("{base}/staff/corpus?q=water"));
    browser.find("#corpus-table");
    browser.screenshot("11-corpus");
    browser.goto(&format!("{base}/staff"));
    browser.type_into("#rescan-year", "2026");
    browser.click_css("#rescan-submit");
    browser.wait_until("the rescan to finish", LONG, |browser| {
        browser.try_find(".job[data-state=\"done\"]").is_some()
    });
    browser.screenshot("12-rescan-done");

    browser.goto(&format!("{base}/staff/admission"));
    browser.click_css("a[hreflang=\"ru\"]");
    browser.wait_until("Russian", Duration::from_secs(30), |browser| browser.text_of("#logout") == "Выйти");
    assert_eq!(browser.text_of("h1"), "Список допуска к защите");
    assert_eq!(browser.script("return document.documentElement.lang;"), "ru");
    browser.screenshot("13-admission-ru");
    browser.click_css("a[hreflang=\"kk\"]");
    browser.wait_until("Kazakh", Duration::from_secs(30), |browser| browser.text_of("#logout") == "Шығу");
    assert_eq!(browser.text_of("h1"), "Қорғауға жіберілетіндер тізімі");
    // The choice is remembered: the next page is in Kazakh too, with Kazakh dates and numbers.
    browser.goto(&report_url);
    browser.find("#submission-text");
    assert_eq!(browser.text_of("#figures-heading + .figure .figure-label"), "Ұқсастық");
    assert!(browser.text_of("#fig-similarity").contains(','), "a decimal comma");
    browser.screenshot("14-report-kk");
    browser.phone_screenshot("16-report-kk-phone");
    browser.print_pdf("15-report-kk-printed");
    browser.goto(&format!("{base}/staff?lang=en"));
    browser.wait_until("English", Duration::from_secs(30), |browser| browser.text_of("#logout") == "Log out");

    drop(browser);
    app.shutdown();
}
