//! A whole sitting in headless Chromium on the demo (issue #18): the demo attestation carries
//! the checked demo theses to their admission and seats the commission; staff open it from
//! the attestation list, build its schedule on its page and publish it; then the technical
//! secretary's sitting view
//! (clocks running), three defenses held, graded by the chair and the member on their forms,
//! voted on and confirmed by the secretary, the chair's protocol DOCX, the results published by
//! staff, one student's appeal from their defense page, the appeal commission's decision, and
//! the student's notifications of the result and the decision.
//! Skipped without Chromium and chromedriver.

mod browser_support;
mod server_support;

use adal::server::demo_attestation::{
    demo_theses_checked, prepare_demo_attestation, COMMISSION_PASSWORD, DEMO_COMMISSION,
};
use browser_support::{browser_available, start_demo_server, Browser};
use std::time::{Duration, Instant};

const LONG: Duration = Duration::from_secs(30);

fn log_out(browser: &Browser) {
    browser.click_css("#logout");
    browser.wait_for("#login-submit", LONG);
}

#[test]
fn a_whole_sitting_from_the_schedule_to_the_appeal_decision() {
    if !browser_available() {
        return;
    }
    let data_dir = tempfile::tempdir().expect("data dir");
    let (_runtime, app, base) = start_demo_server(data_dir.path());
    let services = &app.state.services;
    let started = Instant::now();
    while !demo_theses_checked(services).expect("store") {
        assert!(started.elapsed() < Duration::from_secs(300), "the demo checks never finished");
        std::thread::sleep(Duration::from_millis(200));
    }
    let c = prepare_demo_attestation(services).expect("the demo attestation").expect("made now");
    assert!(prepare_demo_attestation(services).expect("a second run").is_none(), "made once");
    let store = &services.store;
    let commission = store.commission(c).expect("the demo commission");
    assert_eq!(commission.name, DEMO_COMMISSION);
    let browser = Browser::start();

    // Staff open the commission from the attestation list, build its schedule from the
    // admission list (from the next working day) and publish it.
    browser.log_in(&base, "staff@demo.adal", "staff-demo");
    browser.goto(&format!("{base}/attestation?lang=en"));
    browser.click_css(&format!("#commission-link-{c}"));
    browser.wait_for("#schedule-form", LONG);
    browser.find("#seats-form");
    let today = adal::app::grading::local_date(services.now());
    let first_day = adal::app::schedules::calendar().next_working_day(today);
    browser.script(&format!("document.querySelector('#first-day').value = '{first_day}';"));
    browser.script("document.querySelector('#sitting-minutes').value = '120';");
    browser.screenshot("attestation-00-commission");
    browser.click_css("#schedule-submit");
    browser.wait_for("#publish-schedule", LONG);
    assert_eq!(browser.text_of("#schedule-state"), "The schedule is not published yet.");
    browser.click_css("#publish-schedule");
    browser.wait_until("the schedule published", LONG, |browser| {
        browser.text_of("#schedule-state") == "The schedule is published."
    });
    let schedule = store.schedule_of(c).expect("store").expect("the schedule");
    assert!(schedule.published_at.is_some() && schedule.schedule.slots.len() >= 3, "{schedule:?}");
    let rows = browser.script("return document.querySelectorAll('#schedule-table tbody tr').length;");
    assert_eq!(rows.as_u64(), Some(schedule.schedule.slots.len() as u64), "{rows}");
    browser.screenshot("attestation-00-schedule");
    log_out(&browser);
    let defenses: Vec<(u64, u64)> = schedule
        .schedule
        .slots
        .iter()
        .take(3)
        .map(|slot| (slot.student, schedule.thesis_of(slot.student).expect("thesis")))
        .collect();

    // The secretary's sitting view: every defense has its clock, counting down to tomorrow's start.
    browser.log_in(&base, "secretary@demo.adal", COMMISSION_PASSWORD);
    browser.goto(&format!("{base}/commissions/{c}/sitting?lang=en"));
    let first = defenses[0].1;
    browser.wait_until("the clock to run", LONG, |browser| {
        browser.text_of(&format!("#clock-{first}")).starts_with("starts in")
    });
    browser.screenshot("attestation-01-sitting");
    for &(_, thesis) in &defenses {
        browser.click_css(&format!("#held-{thesis}"));
        browser.wait_until("the defense held", LONG, |browser| {
            browser.text_of(&format!("#state-{thesis}")) == "Defended"
        });
    }
    log_out(&browser);

    // The chair and the member give their marks on each student's form.
    for (email, marks) in [("chair@demo.adal", [92, 81, 70]), ("member@demo.adal", [88, 79, 72])] {
        browser.log_in(&base, email, COMMISSION_PASSWORD);
        for (&(_, thesis), mark) in defenses.iter().zip(marks) {
            browser.goto(&format!("{base}/commissions/{c}/defenses/{thesis}?lang=en"));
            browser.type_into("#percent", &mark.to_string());
            browser.click_css("#mark-submit");
            browser.wait_for("#your-mark", LONG);
        }
        browser
            .screenshot(&format!("attestation-02-graded-by-{}", email.split('@').next().unwrap_or("member")));
        log_out(&browser);
    }

    // The secretary records the open votes and confirms the totals.
    let (chair, member) = match &commission.composition {
        Some(adal::store::Composition::Attestation { chair, members, .. }) => (*chair, members[0]),
        other => panic!("{other:?}"),
    };
    browser.log_in(&base, "secretary@demo.adal", COMMISSION_PASSWORD);
    for &(_, thesis) in &defenses {
        browser.goto(&format!("{base}/commissions/{c}/sitting?lang=en"));
        browser.click_css(&format!("#ballot-{thesis}-{chair}-for"));
        browser.click_css(&format!("#ballot-{thesis}-{member}-for"));
        browser.click_css(&format!("#vote-submit-{thesis}"));
        browser.wait_for(&format!("#confirm-{thesis}"), LONG);
        browser.click_css(&format!("#confirm-{thesis}"));
        browser.wait_for(&format!("#confirmed-{thesis}"), LONG);
    }
    assert!(
        browser.text_of(&format!("#confirmed-{first}")).contains("90 % A-"),
        "{}",
        browser.text_of(&format!("#confirmed-{first}"))
    );
    browser.screenshot("attestation-03-confirmed");
    log_out(&browser);

    // The chair's protocol page: the protocol is a DOCX.
    browser.log_in(&base, "chair@demo.adal", COMMISSION_PASSWORD);
    browser.goto(&format!("{base}/commissions/{c}/protocols?lang=ru"));
    let href = browser
        .script(&format!("return document.querySelector('#protocol-ru-{first}').getAttribute('href');"));
    let href = href.as_str().expect("a link").to_string();
    let fetched = browser.script(&format!(
        "var request = new XMLHttpRequest(); request.open('GET', '{href}', false); request.send(); \
         return [request.status, request.getResponseHeader('content-type')];"
    ));
    assert_eq!(fetched[0], 200, "{fetched}");
    assert!(fetched[1].as_str().unwrap_or_default().contains("wordprocessingml"), "{fetched}");
    browser.screenshot("attestation-04-protocols");
    log_out(&browser);

    // Staff publish the results.
    browser.log_in(&base, "staff@demo.adal", "staff-demo");
    browser.goto(&format!("{base}/commissions/{c}/sitting?lang=en"));
    browser.script("window.beforePublishing = true;");
    browser.click_css("#publish-results");
    browser.wait_until("the page after publishing", LONG, |browser| {
        browser.script("return window.beforePublishing === undefined && document.readyState === 'complete';")
            == true
    });
    log_out(&browser);

    // The first student reads the result and appeals from the defense page.
    let (student, thesis) = defenses[0];
    let email = store.user(student).expect("student").email;
    browser.log_in(&base, &email, "student-demo");
    browser.goto(&format!("{base}/theses/{thesis}?lang=en"));
    browser.click_css("#defense-link");
    browser.wait_for("#defense-result", LONG);
    assert!(browser.text_of("#defense-result").contains("90 % A-"), "{}", browser.text_of("#defense-result"));
    browser.find("#appeal-deadline");
    browser.type_into("#appeal-reason", "The questions went beyond the topic of the thesis.");
    browser.click_css("#appeal-submit");
    browser.wait_for("#appeal", LONG);
    browser.screenshot("attestation-05-appeal");
    log_out(&browser);

    // The appeal commission meets and decides; the student reads the decision.
    browser.log_in(&base, "appeal1@demo.adal", COMMISSION_PASSWORD);
    browser.goto(&format!("{base}/appeals?lang=en"));
    browser.click_css(&format!("#meeting-{thesis}"));
    // The decision form is on the page before the meeting too: wait for the reloaded page.
    let meeting_gone = format!(
        "return document.querySelector('#meeting-{thesis}') === null && document.readyState === 'complete';"
    );
    browser.wait_until("the meeting recorded", LONG, |browser| browser.script(&meeting_gone) == true);
    browser.wait_for(&format!("#decision-{thesis}"), LONG);
    browser.type_into(&format!("#changed-{thesis}"), "95");
    browser.click_css(&format!("#decision-{thesis}"));
    browser.wait_until("the decision", LONG, |browser| {
        browser.text_of(&format!("#appeal-{thesis}")).contains("95 % A")
    });
    browser.screenshot("attestation-06-decision");
    log_out(&browser);
    browser.log_in(&base, &email, "student-demo");
    browser.goto(&format!("{base}/theses/{thesis}/defense?lang=en"));
    assert!(
        browser.text_of("#appeal-decision").contains("95 % A"),
        "{}",
        browser.text_of("#appeal-decision")
    );
    assert_eq!(browser.text_of("#defense-state"), "Closed");
    browser.goto(&format!("{base}/notifications?lang=en"));
    let page = browser.script("return document.body.innerText;");
    let page = page.as_str().unwrap_or_default();
    assert!(
        page.contains("The decision on your appeal") && page.contains("Your defense result is published"),
        "{page}"
    );
}
