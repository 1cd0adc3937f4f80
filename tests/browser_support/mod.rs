//! A small WebDriver client for the browser tests: chromedriver driving headless Chromium,
//! JSON over HTTP/1.1 on a std `TcpStream` (no extra crates), and the real Adal server on an
//! ephemeral 127.0.0.1 port.
//!
//! When `/usr/bin/chromium` or `/usr/bin/chromedriver` is missing the tests are skipped with a
//! message, unless `ADAL_REQUIRE_BROWSER=1` (set by `tools/test.sh` after installing them).

#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The key under which WebDriver answers an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

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

/// One HTTP/1.1 request with a JSON body; answers the status and the JSON body.
fn http_json(address: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let body = body.map(|value| value.to_string()).unwrap_or_default();
    let mut stream = TcpStream::connect(address).expect("connect to chromedriver");
    stream.set_read_timeout(Some(Duration::from_secs(180))).expect("timeout");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    // Read the head, then exactly Content-Length bytes: chromedriver may keep the connection open.
    let mut raw = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    let split = loop {
        if let Some(split) = raw.windows(4).position(|window| window == b"\r\n\r\n") {
            break split;
        }
        let n = stream.read(&mut buffer).expect("read");
        assert!(n > 0, "chromedriver closed the connection early");
        raw.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let content_length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
    });
    let mut content = raw[split + 4..].to_vec();
    match content_length {
        Some(length) => {
            while content.len() < length {
                let n = stream.read(&mut buffer).expect("read");
                assert!(n > 0, "chromedriver closed the connection early");
                content.extend_from_slice(&buffer[..n]);
            }
        }
        None => {
            stream.read_to_end(&mut content).expect("read");
            if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
                content = dechunk(&content);
            }
        }
    }
    (status, serde_json::from_slice(&content).unwrap_or(Value::Null))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|window| window == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

/// Standard base64 (screenshots).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// The chromedriver process, ended when dropped (also when starting the session panics).
struct DriverProcess(Child);

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// chromedriver and one headless Chromium session.
pub struct Browser {
    driver: DriverProcess,
    address: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

/// A found element.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Browser {
    pub fn start() -> Browser {
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
            "--window-size=1280,1000".to_string(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args,
                                    "prefs": { "intl.accept_languages": "en-US,en" } }
        } } });
        let (status, answer) = http_json(address, "POST", "/session", Some(&capabilities));
        assert_eq!(status, 200, "new session: {answer}");
        let session = answer["value"]["sessionId"].as_str().expect("session id").to_string();
        Browser { driver, address, session, _profile: profile }
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{path}", self.session);
        let (status, answer) = http_json(self.address, method, &full, body.as_ref());
        assert_eq!(status, 200, "{method} {path}: {answer}");
        answer["value"].clone()
    }

    fn try_command(&self, method: &str, path: &str, body: Option<Value>) -> Option<Value> {
        let full = format!("/session/{}{path}", self.session);
        let (status, answer) = http_json(self.address, method, &full, body.as_ref());
        (status == 200).then(|| answer["value"].clone())
    }

    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.command("GET", "/url", None).as_str().unwrap_or_default().to_string()
    }

    pub fn find(&self, css: &str) -> Element {
        self.wait_for(css, Duration::from_secs(30))
    }

    pub fn try_find(&self, css: &str) -> Option<Element> {
        let value =
            self.try_command("POST", "/element", Some(json!({ "using": "css selector", "value": css })))?;
        value[ELEMENT_KEY].as_str().map(|id| Element(id.to_string()))
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let value = self.command("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        value
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|item| item[ELEMENT_KEY].as_str().map(|id| Element(id.to_string())))
            .collect()
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
        self.command("POST", &format!("/element/{}/click", element.0), Some(json!({})));
    }

    pub fn click_css(&self, css: &str) {
        let element = self.find(css);
        self.click(&element);
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.command("POST", &format!("/element/{}/clear", element.0), Some(json!({})));
        self.command("POST", &format!("/element/{}/value", element.0), Some(json!({ "text": text })));
    }

    /// Types keys into an element without clearing it (e.g. a space toggles a focused checkbox).
    pub fn send_keys(&self, css: &str, keys: &str) {
        let element = self.find(css);
        self.command("POST", &format!("/element/{}/value", element.0), Some(json!({ "text": keys })));
    }

    /// Lays pages out at exactly this viewport size (a window cannot grow past the headless
    /// screen, so the DevTools device metrics are set); `None` goes back to the window's size.
    pub fn set_viewport(&self, size: Option<(u32, u32)>) {
        let (cmd, params) = match size {
            Some((width, height)) => (
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
            ),
            None => ("Emulation.clearDeviceMetricsOverride", json!({})),
        };
        self.command("POST", "/goog/cdp/execute", Some(json!({ "cmd": cmd, "params": params })));
    }

    /// A screenshot of the viewport at a phone's width.
    pub fn phone_screenshot(&self, name: &str) {
        self.command("POST", "/window/rect", Some(json!({ "width": 400, "height": 900 })));
        let encoded = self.command("GET", "/screenshot", None);
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, base64_decode(encoded.as_str().unwrap_or_default()))
            .expect("write the screenshot");
        self.command("POST", "/window/rect", Some(json!({ "width": 1280, "height": 1000 })));
    }

    /// Chooses a file in an `<input type="file">`.
    pub fn choose_file(&self, css: &str, path: &Path) {
        let element = self.find(css);
        let path = path.canonicalize().expect("the file exists");
        self.command(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(json!({ "text": path.display().to_string() })),
        );
    }

    pub fn text(&self, element: &Element) -> String {
        self.command("GET", &format!("/element/{}/text", element.0), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The text of the element matching `css`. The page may be replaced between finding the
    /// element and reading it (a form's redirect makes the element stale): it is found again.
    pub fn text_of(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            let element = self.find(css);
            if let Some(text) = self.try_command("GET", &format!("/element/{}/text", element.0), None) {
                return text.as_str().unwrap_or_default().to_string();
            }
            assert!(started.elapsed() < Duration::from_secs(30), "the text of {css} stayed unreadable");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs a script in the page and answers its result.
    pub fn script(&self, script: &str) -> Value {
        self.command("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// Writes a PNG of the whole page (the window grows to the page's height first).
    pub fn screenshot(&self, name: &str) {
        let height = self
            .script("return Math.min(6000, document.documentElement.scrollHeight);")
            .as_u64()
            .unwrap_or(1000);
        self.command("POST", "/window/rect", Some(json!({ "width": 1280, "height": height.max(800) + 140 })));
        let encoded = self.command("GET", "/screenshot", None);
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, base64_decode(encoded.as_str().unwrap_or_default()))
            .expect("write the screenshot");
        self.command("POST", "/window/rect", Some(json!({ "width": 1280, "height": 1000 })));
        eprintln!("screenshot: {}", path.display());
    }
}

impl Browser {
    /// Writes the page as the browser prints it ("Save as PDF", print stylesheet applied).
    pub fn print_pdf(&self, name: &str) {
        let encoded = self.command("POST", "/print", Some(json!({ "background": true })));
        let path = artifacts_dir().join(format!("{name}.pdf"));
        std::fs::write(&path, base64_decode(encoded.as_str().unwrap_or_default())).expect("write the PDF");
        eprintln!("printed: {}", path.display());
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session closes Chromium; dropping `driver` then ends chromedriver.
        let _ = http_json(self.address, "DELETE", &format!("/session/{}", self.session), None);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes() {
        assert_eq!(super::base64_decode("aGVsbG8="), b"hello");
    }
}
