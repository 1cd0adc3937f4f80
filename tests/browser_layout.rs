//! Issue #16, point 9 (the layout bugs left): measured in a real browser (headless Chromium
//! through chromedriver, the demo server on 127.0.0.1) with the boxes the browser lays out:
//!
//! - on the report, the mark of an alert (look-alike letters) must not paint over the letters
//!   next to it (a dashed outline did);
//! - at 390 px, every row of the review queue keeps its figure and its button on screen;
//! - at 1366 px, the admin's top bar is one row in every language.
//!
//! Screenshots go to the browser artifacts directory. Skipped with a message when Chromium is
//! not installed, unless `ADAL_REQUIRE_BROWSER=1`.

mod browser_support;
mod server_support;

use adal::store::Role;
use browser_support::{browser_available, start_demo_server, Browser};
use server_support::create_user;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(240);

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

/// For every alert mark of the text: does the area it paints (its box, grown by its outline)
/// cover a letter next to it? Answers `[marks measured, marks that cover a neighbour, details]`.
const ALERT_OVERLAPS: &str = r#"
const text = document.getElementById('submission-text');
const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
const nodes = []; while (walker.nextNode()) nodes.push(walker.currentNode);
const letterBox = (node, offset) => {
  const range = document.createRange(); range.setStart(node, offset); range.setEnd(node, offset + 1);
  return range.getBoundingClientRect();
};
// The box of the nearest letter (not a space) before (step -1) or after (step 1) node i.
const nearestLetter = (i, step) => {
  for (; i >= 0 && i < nodes.length; i += step) {
    const value = nodes[i].nodeValue;
    for (let k = 0; k < value.length; k++) {
      const offset = step < 0 ? value.length - 1 - k : k;
      if (!/\s/.test(value[offset])) return letterBox(nodes[i], offset);
    }
  }
  return null;
};
let measured = 0, covering = 0; const details = [];
for (const mark of text.querySelectorAll('.alert-mark')) {
  const style = getComputedStyle(mark);
  const grow = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
  const painted = Array.from(mark.getClientRects()).map(r =>
    ({ left: r.left - grow, right: r.right + grow, top: r.top - grow, bottom: r.bottom + grow }));
  const own = nodes.filter(node => mark.contains(node));
  if (own.length === 0) continue;
  const neighbours = [nearestLetter(nodes.indexOf(own[0]) - 1, -1),
                      nearestLetter(nodes.indexOf(own[own.length - 1]) + 1, 1)].filter(box => box);
  if (neighbours.length === 0) continue;
  measured++;
  const overlap = (p, n) => Math.min(p.right, n.right) - Math.max(p.left, n.left) > 0.5
    && Math.min(p.bottom, n.bottom) - Math.max(p.top, n.top) > 0.5;
  if (neighbours.some(n => painted.some(p => overlap(p, n)))) {
    covering++;
    if (details.length < 3) details.push(mark.textContent.slice(0, 40));
  }
}
return [measured, covering, details];
"#;

/// How many rows the top bar's items lie on (items whose tops differ by less than their
/// height share a row), and whether the menu fits without scrolling.
const TOP_BAR_ROWS: &str = r#"
const bar = document.querySelector('.topbar');
const items = Array.from(bar.querySelectorAll('.brand, .mainnav li, .langs, .notif, .who, #logout'));
const rows = [];
for (const item of items) {
  const r = item.getBoundingClientRect();
  const middle = (r.top + r.bottom) / 2;
  if (!rows.some(row => Math.abs(row - middle) < r.height / 2)) rows.push(middle);
}
const nav = bar.querySelector('.mainnav');
return [rows.length, nav.scrollWidth <= nav.clientWidth + 1, Math.round(bar.getBoundingClientRect().height)];
"#;

/// The rows of the review queue whose figure or report button is not fully on screen.
const QUEUE_OFF_SCREEN: &str = r#"
const width = document.documentElement.clientWidth;
const rows = Array.from(document.querySelectorAll('#review-table tbody tr'));
const off = rows.filter(row => Array.from(row.querySelectorAll('.score, .button')).some(el => {
  const r = el.getBoundingClientRect(); return r.left < 0 || r.right > width + 0.5;
}));
return [rows.length, off.length, window.innerWidth, document.documentElement.scrollWidth <= width];
"#;

/// The demo server with an admin account, a browser, and the supervisor logged in once the
/// demo theses are checked (the queue shows their figures); `None` without Chromium.
fn demo_with_supervisor(
) -> Option<(tempfile::TempDir, tokio::runtime::Runtime, adal::server::App, String, Browser)> {
    if !browser_available() {
        return None;
    }
    let data_dir = tempfile::tempdir().expect("data dir");
    let (runtime, app, base) = start_demo_server(data_dir.path());
    let _admin = create_user(&app, "Aigerim Saparova", Role::Admin, None, None, Some("admin-password"));
    let browser = Browser::start();
    log_in(&browser, &base, "supervisor@demo.adal", "supervisor-demo");
    browser.wait_until("the demo theses' checks", LONG, |browser| {
        browser.goto(&format!("{base}/review?lang=kk"));
        browser.script("return document.querySelectorAll('#review-table .score').length;").as_u64() >= Some(2)
    });
    Some((data_dir, runtime, app, base, browser))
}

/// At 390 px the queue's rows were wider than the screen: the figure and the report button
/// were off to the right. Now each row is a card.
#[test]
fn the_review_queue_fits_a_390_px_phone() {
    let Some((_dir, _runtime, app, base, browser)) = demo_with_supervisor() else { return };
    browser.set_viewport(Some((390, 844)));
    browser.goto(&format!("{base}/review?lang=kk"));
    browser.find("#review-table");
    let measured = browser.script(QUEUE_OFF_SCREEN);
    browser.screenshot("layout-01-review-queue-390px");
    assert!(measured[0].as_u64() >= Some(2), "{measured}");
    assert_eq!(measured[2], 390, "the page is laid out at 390 px: {measured}");
    assert_eq!(measured[1], 0, "rows with the figure or button off screen (rows, off, width): {measured}");
    assert_eq!(measured[3], true, "the page does not scroll sideways: {measured}");
    drop(browser);
    app.shutdown();
}

/// On the report, the dashed outline of an alert painted over the letters next to it; the
/// mark is now a wavy underline inside the mark's own box.
#[test]
fn alert_marks_do_not_cover_the_neighbouring_letters() {
    let Some((_dir, _runtime, app, _base, browser)) = demo_with_supervisor() else { return };
    let report = browser.find("#review-table a.button");
    browser.click(&report);
    browser.find("#submission-text");
    let overlaps = browser.script(ALERT_OVERLAPS);
    browser.screenshot("layout-02-report-alerts");
    assert!(overlaps[0].as_u64() >= Some(1), "alert marks with neighbouring letters: {overlaps}");
    assert_eq!(overlaps[1], 0, "alert marks covering a neighbouring letter: {overlaps}");
    drop(browser);
    app.shutdown();
}

/// At 1366 px the admin's top bar wrapped onto a second row; it is one row in every language.
#[test]
fn the_admin_top_bar_is_one_row_at_1366_px() {
    let Some((_dir, _runtime, app, base, browser)) = demo_with_supervisor() else { return };
    log_out(&browser);
    browser.set_viewport(Some((1366, 768)));
    log_in(&browser, &base, "aigerim.saparova@test.adal", "admin-password");
    for lang in ["kk", "ru", "en"] {
        browser.goto(&format!("{base}/staff?lang={lang}"));
        browser.find("#state-counts");
        let bar = browser.script(TOP_BAR_ROWS);
        browser.screenshot(&format!("layout-03-admin-top-bar-1366px-{lang}"));
        assert_eq!(browser.script("return window.innerWidth;"), 1366);
        assert_eq!(bar[0], 1, "{lang}: rows of the top bar (rows, menu fits, height): {bar}");
        assert_eq!(bar[1], true, "{lang}: the whole menu shows without scrolling: {bar}");
    }
    drop(browser);
    app.shutdown();
}
