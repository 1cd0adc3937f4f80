//! The drivers' HTTP client (`bench crash`, `bench load`): a thin layer over `ureq` that keeps
//! the drivers' calls short — a path, an optional bearer token and body — and answers every
//! status as a response (a refusal is data for the drivers, not an error). It refuses any address
//! that is not loopback, so a load or crash run can only ever hit the machine it runs on.
//!
//! Each request opens its own connection (no pool), as a fresh client would: a run's
//! latencies include the connection, and a connection never outlives a killed server.

use anyhow::{bail, Context};
use std::net::SocketAddr;
use std::time::Duration;

/// The most a driver reads of one response body (report pages are far smaller).
const MAX_BODY_BYTES: u64 = 256 * 1024 * 1024;

/// A server on this machine.
#[derive(Clone, Debug)]
pub struct HttpClient {
    pub address: SocketAddr,
    agent: ureq::Agent,
}

/// A response: status and body.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// The multipart boundary of [`multipart`] bodies.
pub const BOUNDARY: &str = "adal-driver-boundary-5c1f0e";

/// A multipart body with text fields and one `file` field; answers (content type, body).
pub fn multipart(file_name: &str, bytes: &[u8], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let mut body = Vec::with_capacity(bytes.len() + 512);
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

impl HttpClient {
    /// A client for a loopback address, each request limited to `timeout` in all; any other
    /// address is refused.
    pub fn new(address: SocketAddr, timeout: Duration) -> anyhow::Result<HttpClient> {
        if !address.ip().is_loopback() {
            bail!("{address} is not a loopback address: the drivers only run against this machine");
        }
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .build()
            .into();
        Ok(HttpClient { address, agent })
    }

    /// A request with a bearer token (when given) and a body with its content type.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
    ) -> anyhow::Result<HttpResponse> {
        let mut request =
            ureq::http::Request::builder().method(method).uri(format!("http://{}{path}", self.address));
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let bytes = match body {
            Some((content_type, bytes)) => {
                request = request.header("Content-Type", content_type);
                bytes.to_vec()
            }
            None => Vec::new(),
        };
        let request = request.body(bytes).context("a malformed request")?;
        let mut response =
            self.agent.run(request).with_context(|| format!("{method} {path} to {}", self.address))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_vec()
            .context("cannot read the response")?;
        Ok(HttpResponse { status, body })
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> anyhow::Result<HttpResponse> {
        self.request("GET", path, token, None)
    }

    pub fn post_json(
        &self,
        path: &str,
        token: Option<&str>,
        json: &serde_json::Value,
    ) -> anyhow::Result<HttpResponse> {
        let body = json.to_string();
        self.request("POST", path, token, Some(("application/json", body.as_bytes())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_are_accepted() {
        let timeout = Duration::from_secs(1);
        assert!(HttpClient::new("10.0.0.1:80".parse().expect("address"), timeout).is_err());
        assert!(HttpClient::new("127.0.0.1:80".parse().expect("address"), timeout).is_ok());
        assert!(HttpClient::new("[::1]:80".parse().expect("address"), timeout).is_ok());
    }

    #[test]
    fn answers_refusals_and_chunked_bodies_as_responses() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        let server = std::thread::spawn(move || {
            for answer in [
                &b"HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope"[..],
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
            ] {
                let (mut stream, _) = listener.accept().expect("accept");
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    stream.read_exact(&mut byte).expect("read");
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
                assert!(head.contains("authorization: bearer t"), "{head}");
                stream.write_all(answer).expect("write");
            }
        });
        let client = HttpClient::new(address, Duration::from_secs(10)).expect("client");
        let refused = client.get("/a", Some("t")).expect("a response");
        assert_eq!(
            (refused.status, refused.body.as_slice(), refused.is_success()),
            (403, &b"nope"[..], false)
        );
        let chunked = client.get("/b", Some("t")).expect("a response");
        assert_eq!((chunked.status, chunked.body.as_slice()), (200, &b"abcde"[..]));
        server.join().expect("the test server");
    }
}
