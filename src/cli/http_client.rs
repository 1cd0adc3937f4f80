//! A minimal blocking HTTP/1.1 client for the benchmark and crash drivers (`adal bench crash`,
//! `adal bench load`, `adal backup --server`): one connection per request, `Connection: close`,
//! bodies by `Content-Length` or chunked. It refuses any address that is not loopback, so a
//! load or crash run can only ever hit the machine it runs on.

use anyhow::{bail, Context};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A server on this machine.
#[derive(Clone, Debug)]
pub struct HttpClient {
    pub address: SocketAddr,
    pub timeout: Duration,
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
    /// A client for a loopback address; any other address is refused.
    pub fn new(address: SocketAddr, timeout: Duration) -> anyhow::Result<HttpClient> {
        if !address.ip().is_loopback() {
            bail!("{address} is not a loopback address: the drivers only run against this machine");
        }
        Ok(HttpClient { address, timeout })
    }

    /// A request with a bearer token (when given) and a body with its content type.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
    ) -> anyhow::Result<HttpResponse> {
        let mut stream = TcpStream::connect_timeout(&self.address, self.timeout)
            .with_context(|| format!("cannot connect to {}", self.address))?;
        stream.set_read_timeout(Some(self.timeout))?;
        stream.set_write_timeout(Some(self.timeout))?;
        stream.set_nodelay(true)?;
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.address);
        if let Some(token) = token {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        let body_bytes = match body {
            Some((content_type, bytes)) => {
                head.push_str(&format!(
                    "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                    bytes.len()
                ));
                bytes
            }
            None if method != "GET" => {
                head.push_str("Content-Length: 0\r\n");
                &[][..]
            }
            None => &[][..],
        };
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(body_bytes);
        stream.write_all(&request).context("cannot send the request")?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).context("cannot read the response")?;
        parse_response(&raw)
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

/// Parses a whole HTTP/1.1 response read until the connection closed.
pub fn parse_response(raw: &[u8]) -> anyhow::Result<HttpResponse> {
    let head_end = raw.windows(4).position(|window| window == b"\r\n\r\n").context("no response head")?;
    let head = std::str::from_utf8(&raw[..head_end]).context("response head is not text")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 =
        status_line.split(' ').nth(1).and_then(|code| code.parse().ok()).context("no status code")?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let rest = &raw[head_end + 4..];
    let chunked = headers
        .iter()
        .any(|(name, value)| name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked"));
    let body = if chunked { dechunk(rest)? } else { rest.to_vec() };
    Ok(HttpResponse { status, body })
}

fn dechunk(mut rest: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|window| window == b"\r\n").context("bad chunk")?;
        let size_text = std::str::from_utf8(&rest[..line_end])?.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).context("bad chunk size")?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            bail!("truncated chunk");
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_with_length_and_chunks_parse() {
        let plain = parse_response(b"HTTP/1.1 201 Created\r\nContent-Type: x\r\n\r\nhello").expect("plain");
        assert_eq!((plain.status, plain.body.as_slice()), (201, &b"hello"[..]));
        let chunked = parse_response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        )
        .expect("chunked");
        assert_eq!(chunked.body, b"abcde");
        assert!(HttpClient::new("10.0.0.1:80".parse().expect("address"), Duration::from_secs(1)).is_err());
    }
}
