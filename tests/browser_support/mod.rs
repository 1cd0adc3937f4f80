//! The browser tests' helper: chromedriver driving headless Chromium through `fantoccini` (a
//! WebDriver client on tokio), against the real Adal server on an ephemeral 127.0.0.1 port.
//!
//! The tests are plain `#[test]` functions, so `Browser` keeps a small tokio runtime of its own
//! and answers every call synchronously; a failed WebDriver command panics with its name.
//! Screenshots and printed pages go to `$CARGO_TARGET_DIR/browser-artifacts` (or
//! `target/browser-artifacts`).
//!
//! When `/usr/bin/chromium` or `/usr/bin/chromedriver` is missing the tests are skipped with a
//! message, unless `ADAL_REQUIRE_BROWSER=1` (set by `tools/test.sh` after installing them).

#![allow(dead_code)]

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{ClientBuilder, Locator};
use serde_json::{json, Value};
use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The window every page is laid out in, unless a test asks for another size.
const WINDOW: (u32, u32) = (1280, 1000);

/// True when the browser can run; otherwise prints why the test is skipped (or panics when
/// `ADAL_REQUIRE_BROWSER=1`).
pub fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        if std::env::var("ADAL_REQUIRE_BROWSER").is_ok_and(|value| value == "1") {
            panic!("ADAL_REQUIRE_BROWSER=1 but {CHROMIUM} or {CHROMEDRIVER} is missing");
        }
        eprintln!("skipped: chromium not installed ({CHROMIUM} and {CHROMEDRIVER} are needed)");
    }
    present
}

/// Where screenshots go: `$CARGO_TARGET_DIR/browser-artifacts` or `target/browser-artifacts`.
pub fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("browser-artifacts");
    std::fs::create_dir_all(&dir).expect("the artifacts directory");
    dir
}

/// A free 127.0.0.1 port (bound and released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

/// The chromedriver process, ended when dropped (also when starting the session panics).
struct DriverProcess(Child);

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Chromium's DevTools command through chromedriver (`goog/cdp/execute`), which the
/// WebDriver standard and so fantoccini do not name.
#[derive(Debug)]
struct DevToolsCommand {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for DevToolsCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

/// chromedriver and one headless Chromium session.
pub struct Browser {
    // Fields drop in this order: the runtime (after `Drop` ended the session), the client,
    // chromedriver, then the profile directory.
    runtime: tokio::runtime::Runtime,
    client: fantoccini::Client,
    _driver: DriverProcess,
    _profile: tempfile::TempDir,
}

/// A found element.
#[derive(Clone, Debug)]
pub struct Element(fantoccini::elements::Element);

impl Browser {
    /// Starts chromedriver and a headless Chromium session; a session that cannot be made (the
    /// driver not answering yet on a loaded machine, or its port taken between `free_port` and
    /// the driver's bind) is tried again with a new driver on a new port, three times in all.
    pub fn start() -> Browser {
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Browser::try_start() {
                Ok(browser) => return browser,
                Err(error) => failures.push(error),
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        panic!("new session: {failures:?}")
    }

    fn try_start() -> Result<Browser, String> {
        let port = free_port();
        let driver = DriverProcess(
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let address: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
        let started = Instant::now();
        while TcpStream::connect(address).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--disable-dev-shm-usage".to_string(),
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args,
                                    "prefs": { "intl.accept_languages": "en-US,en" } }
        });
        let Value::Object(capabilities) = capabilities else { unreachable!("an object") };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the browser's runtime");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = runtime
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(capabilities)
                    .connect(&format!("http://{address}")),
            )
            .map_err(|error| error.to_string())?;
        Ok(Browser { runtime, client, _driver: driver, _profile: profile })
    }

    /// Runs one WebDriver command to its end; a failure panics with `what` and the error.
    fn run<T, E: std::fmt::Display>(&self, what: &str, command: impl Future<Output = Result<T, E>>) -> T {
        self.runtime.block_on(command).unwrap_or_else(|error| panic!("{what}: {error}"))
    }

    /// Runs one WebDriver command; `None` when it failed.
    fn try_run<T, E>(&self, command: impl Future<Output = Result<T, E>>) -> Option<T> {
        self.runtime.block_on(command).ok()
    }

    pub fn goto(&self, url: &str) {
        self.run(&format!("goto {url}"), self.client.goto(url));
    }

    pub fn url(&self) -> String {
        self.run("the current URL", self.client.current_url()).to_string()
    }

    pub fn find(&self, css: &str) -> Element {
        self.wait_for(css, Duration::from_secs(30))
    }

    pub fn try_find(&self, css: &str) -> Option<Element> {
        self.try_run(self.client.find(Locator::Css(css))).map(Element)
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let elements = self.run(&format!("find all {css}"), self.client.find_all(Locator::Css(css)));
        elements.into_iter().map(Element).collect()
    }

    /// Waits until an element matching `css` exists.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let started = Instant::now();
        loop {
            if let Some(element) = self.try_find(css) {
                return element;
            }
            assert!(started.elapsed() < timeout, "no element {css} at {}", self.url());
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits until `condition` holds, checking every 200 ms.
    pub fn wait_until(&self, what: &str, timeout: Duration, mut condition: impl FnMut(&Browser) -> bool) {
        let started = Instant::now();
        while !condition(self) {
            assert!(started.elapsed() < timeout, "timed out waiting for {what} at {}", self.url());
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn click(&self, element: &Element) {
        self.run("click", element.0.click());
    }

    pub fn click_css(&self, css: &str) {
        let element = self.find(css);
        self.run(&format!("click {css}"), element.0.click());
    }

    /// Logs in on `base`'s login page (English) and waits for the logged-in navigation.
    pub fn log_in(&self, base: &str, email: &str, password: &str) {
        self.goto(&format!("{base}/login?lang=en"));
        self.type_into("#email", email);
        self.type_into("#password", password);
        self.click_css("#login-submit");
        self.wait_for("#logout", std::time::Duration::from_secs(30));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.run(&format!("clear {css}"), element.0.clear());
        self.run(&format!("type into {css}"), element.0.send_keys(text));
    }

    /// Types keys into an element without clearing it (e.g. a space toggles a focused checkbox).
    pub fn send_keys(&self, css: &str, keys: &str) {
        let element = self.find(css);
        self.run(&format!("keys into {css}"), element.0.send_keys(keys));
    }

    /// Lays pages out at exactly this viewport size (a window cannot grow past the headless
    /// screen, so the DevTools device metrics are set); `None` goes back to the window's size.
    pub fn set_viewport(&self, size: Option<(u32, u32)>) {
        let command = match size {
            Some((width, height)) => DevToolsCommand {
                cmd: "Emulation.setDeviceMetricsOverride",
                params: json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
            },
            None => DevToolsCommand { cmd: "Emulation.clearDeviceMetricsOverride", params: json!({}) },
        };
        self.run(command.cmd, self.client.issue_cmd(command));
    }

    fn set_window_size(&self, width: u32, height: u32) {
        self.run("the window size", self.client.set_window_size(width, height));
    }

    /// Writes a PNG of the viewport as `name.png` in the artifacts directory; answers its path.
    fn write_screenshot(&self, name: &str) -> PathBuf {
        let png = self.run("screenshot", self.client.screenshot());
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    /// A screenshot of the viewport at a phone's width.
    pub fn phone_screenshot(&self, name: &str) {
        self.set_window_size(400, 900);
        self.write_screenshot(name);
        self.set_window_size(WINDOW.0, WINDOW.1);
    }

    /// Chooses a file in an `<input type="file">`.
    pub fn choose_file(&self, css: &str, path: &Path) {
        let element = self.find(css);
        let path = path.canonicalize().expect("the file exists");
        self.run(&format!("choose a file in {css}"), element.0.send_keys(&path.display().to_string()));
    }

    pub fn text(&self, element: &Element) -> String {
        self.run("the text of an element", element.0.text())
    }

    /// The text of the element matching `css`. The page may be replaced between finding the
    /// element and reading it (a form's redirect makes the element stale): it is found again.
    pub fn text_of(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            let element = self.find(css);
            if let Some(text) = self.try_run(element.0.text()) {
                return text;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "the text of {css} stayed unreadable");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs a script in the page and answers its result.
    pub fn script(&self, script: &str) -> Value {
        self.run("script", self.client.execute(script, Vec::new()))
    }

    /// Writes a PNG of the whole page (the window grows to the page's height first).
    pub fn screenshot(&self, name: &str) {
        let height = self
            .script("return Math.min(6000, document.documentElement.scrollHeight);")
            .as_u64()
            .unwrap_or(u64::from(WINDOW.1));
        let height = u32::try_from(height.max(800) + 140).unwrap_or(u32::MAX);
        self.set_window_size(WINDOW.0, height);
        let path = self.write_screenshot(name);
        self.set_window_size(WINDOW.0, WINDOW.1);
        eprintln!("screenshot: {}", path.display());
    }

    /// Writes the page as the browser prints it ("Save as PDF", print stylesheet applied), on
    /// the WebDriver standard's default paper (US Letter, 1 cm margins) with backgrounds.
    pub fn print_pdf(&self, name: &str) {
        let configuration = fantoccini::wd::PrintConfiguration::builder()
            .size(fantoccini::wd::PrintSize::US_LETTER)
            .background(true)
            .build()
            .expect("a valid print configuration");
        let pdf = self.run("print", self.client.print(configuration));
        let path = artifacts_dir().join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).expect("write the PDF");
        eprintln!("printed: {}", path.display());
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session closes Chromium; dropping the driver then ends chromedriver.
        let _ = self.runtime.block_on(self.client.clone().close());
    }
}

/// The demo service (the demo corpus, accounts and theses, as `serve --demo` makes them) on an
/// ephemeral 127.0.0.1 port; answers the runtime that serves it until the test ends, the app
/// and its base URL.
pub fn start_demo_server(data_dir: &Path) -> (tokio::runtime::Runtime, adal::server::App, String) {
    use super::server_support::{open_app, repo_path, test_config};
    use adal::server::setup::{create_demo, load_corpus_if_empty};
    let app = open_app(test_config(data_dir));
    load_corpus_if_empty(&app.state, &repo_path("corpus")).expect("the demo corpus loads");
    create_demo(&app.state, &repo_path("demo")).expect("the demo accounts and theses");
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let address = listener.local_addr().expect("address");
    let service = app.router().into_make_service_with_connect_info::<SocketAddr>();
    runtime.spawn(async move { axum::serve(listener, service).await });
    (runtime, app, format!("http://{address}"))
}
