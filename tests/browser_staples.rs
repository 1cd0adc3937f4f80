//! Issue #16, point 8 in a real browser (headless Chromium through chromedriver, the demo
//! service): the supervisor leaves one passage of the Kazakh demo report out with a reason and
//! writes a comment; the student sees the notification count in the top bar, the notifications
//! page and the comment, and marks the notifications read. Screenshots go to
//! `$CARGO_TARGET_DIR/browser-artifacts/` (`staples-*.png`).
//!
//! Skipped with a message when Chromium is not installed, unless `ADAL_REQUIRE_BROWSER=1`.

mod browser_support;
mod server_support;

use browser_support::{browser_available, start_demo_server, Browser};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(240);
const SHORT: Duration = Duration::from_secs(30);

#[test]
fn a_passage_left_out_a_comment_and_the_notifications_in_a_browser() {
    if !browser_available() {
        return;
    }
    let data_dir = tempfile::tempdir().expect("data dir");
    let (_runtime, _app, base) = start_demo_server(data_dir.path());
    let browser = Browser::start();

    // The student's demo thesis is checked when the service starts.
    browser.log_in(&base, "student@demo.adal", "student-demo");
    browser.click_css("#theses-table tbody a");
    browser.find("#timeline");
    let thesis_url = browser.url();
    browser.wait_until("the demo thesis's check", LONG, |browser| {
        browser.goto(&thesis_url);
        browser.text_of("#thesis-state") == "Checked"
    });
    browser.click_css("#logout");
    browser.wait_for("#login-submit", SHORT);

    // The supervisor leaves passage №1 out, with a reason.
    browser.log_in(&base, "supervisor@demo.adal", "supervisor-demo");
    browser.goto(&thesis_url);
    browser.click_css("#open-report");
    browser.find("#submission-text");
    let before = browser.text_of("#fig-similarity");
    browser.click_css("#pp-1 > summary");
    browser.type_into("#passage-reason-1", "Quoted with a reference in the appendix");
    browser.click_css("#passage-exclude-1");
    browser.wait_for("#passage-restore-1", SHORT);
    let after = browser.text_of("#fig-similarity");
    assert_ne!(before, after, "the figure is recomputed without the passage");
    browser.screenshot("staples-01-passage-left-out");

    // And writes a comment to the student.
    browser.goto(&thesis_url);
    let comment = "Please rewrite section 2 in your own words.";
    browser.type_into("#comment-text", comment);
    browser.click_css("#comment-submit");
    browser.wait_for("#comment-list", SHORT);
    browser.screenshot("staples-02-comment");
    browser.click_css("#logout");
    browser.wait_for("#login-submit", SHORT);

    // The student: a count in the top bar, the notifications, the comment.
    browser.log_in(&base, "student@demo.adal", "student-demo");
    assert!(!browser.text_of("#unread-count").is_empty(), "unread notifications are counted");
    browser.screenshot("staples-03-student-top-bar");
    browser.click_css("#notifications-link");
    browser.find("#notification-list");
    assert!(browser.text_of("#notification-list").contains("The similarity report is ready"));
    browser.screenshot("staples-04-notifications");
    browser.click_css("#mark-all-read");
    browser.wait_until("no unread count", SHORT, |browser| browser.try_find("#unread-count").is_none());
    browser.goto(&thesis_url);
    assert!(browser.text_of("#comment-list").contains(comment), "the student reads the comment");
    browser.screenshot("staples-05-student-comment");
}
