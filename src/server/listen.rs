//! The accept loop of `adal serve`: HTTP/1.1 connections served by hyper with a header read
//! timeout and connection limits, instead of `axum::serve`, which sets neither.
//!
//! - A client that does not finish sending a request's headers within `header_read_timeout`
//!   (a slowloris connection: no final blank line) is disconnected.
//! - At most `max_connections` connections are open at once, and at most
//!   `max_connections_per_address` from one client address; a connection over a limit is closed
//!   as soon as it is accepted, so file descriptors never run out and `/healthz` keeps answering
//!   other clients.
//! - Every request carries the peer's `ConnectInfo<SocketAddr>`, as with
//!   `into_make_service_with_connect_info`.
//! - On shutdown the loop stops accepting, asks open connections to finish their current
//!   request, and waits for them (at most `SHUTDOWN_GRACE`).

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long open connections may take to finish after a shutdown was asked for.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// The limits of the accept loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
    pub max_connections_per_address: usize,
}

impl ConnectionLimits {
    /// The limits of a service configuration.
    pub fn from_config(config: &crate::config::Config) -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(config.header_read_timeout_secs.max(1)),
            max_connections: config.max_connections.max(1),
            max_connections_per_address: config.max_connections_per_address.max(1),
        }
    }
}

/// Open connections, in all and per client address.
#[derive(Debug, Default)]
struct OpenConnections {
    total: usize,
    per_address: HashMap<IpAddr, usize>,
}

/// A slot of [`OpenConnections`], given back when the connection ends.
struct ConnectionSlot {
    open: Arc<Mutex<OpenConnections>>,
    address: IpAddr,
}

impl ConnectionSlot {
    /// Takes a slot for a new connection from `address`, or `None` when a limit is reached.
    fn take(open: &Arc<Mutex<OpenConnections>>, address: IpAddr, limits: &ConnectionLimits) -> Option<Self> {
        let mut counts = open.lock().unwrap_or_else(PoisonError::into_inner);
        let from_address = counts.per_address.get(&address).copied().unwrap_or(0);
        if counts.total >= limits.max_connections || from_address >= limits.max_connections_per_address {
            return None;
        }
        counts.total += 1;
        counts.per_address.insert(address, from_address + 1);
        Some(ConnectionSlot { open: Arc::clone(open), address })
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut counts = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        counts.total = counts.total.saturating_sub(1);
        if let Some(count) = counts.per_address.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.per_address.remove(&self.address);
            }
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets open connections finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let open = Arc::new(Mutex::new(OpenConnections::default()));
    let (stop_sender, stop_receiver) = tokio::sync::watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors or a connection reset before accept: wait a moment.
                tracing::warn!("accept failed: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Some(slot) = ConnectionSlot::take(&open, peer.ip(), &limits) else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        tasks.spawn(serve_connection(stream, peer, router.clone(), limits, slot, stop_receiver.clone()));
        while tasks.try_join_next().is_some() {}
    }
    let _ = stop_sender.send(true);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, async { while tasks.join_next().await.is_some() {} }).await;
    Ok(())
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: ConnectionLimits,
    _slot: ConnectionSlot,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        router.clone().oneshot(request.map(axum::body::Body::new))
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    loop {
        tokio::select! {
            _ = connection.as_mut() => break,
            changed = stop.changed() => {
                connection.as_mut().graceful_shutdown();
                if changed.is_err() {
                    let _ = connection.as_mut().await;
                    break;
                }
            }
        }
    }
}

pub use crate::http::login::client_address;

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    fn limits(total: usize, per_address: usize) -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(1),
            max_connections: total,
            max_connections_per_address: per_address,
        }
    }

    #[test]
    fn slots_are_limited_overall_and_per_address_and_given_back() {
        let open = Arc::new(Mutex::new(OpenConnections::default()));
        let (one, two): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let limits = limits(3, 2);
        let first = ConnectionSlot::take(&open, one, &limits).expect("first");
        let _second = ConnectionSlot::take(&open, one, &limits).expect("second");
        assert!(ConnectionSlot::take(&open, one, &limits).is_none(), "per-address limit");
        let _third = ConnectionSlot::take(&open, two, &limits).expect("another address");
        assert!(ConnectionSlot::take(&open, two, &limits).is_none(), "overall limit");
        drop(first);
        assert!(ConnectionSlot::take(&open, one, &limits).is_some(), "a closed connection frees its slot");
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 10.1.2.3"));
        assert_eq!(client_address(proxy, &headers, &[]), proxy, "no trusted proxy: the peer");
        assert_eq!(client_address(proxy, &headers, &[proxy]), "10.1.2.3".parse::<IpAddr>().unwrap());
        let stranger: IpAddr = "192.0.2.9".parse().unwrap();
        assert_eq!(client_address(stranger, &headers, &[proxy]), stranger, "a client cannot choose");
        assert_eq!(client_address(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }
}
