//! The sharded postings backend on PostgreSQL with PL/Proxy: fingerprint postings live in
//! partition databases on shard servers, reached through a proxy database.
//!
//! - [`postings`]: [`ShardedPostings`], the [`PostingsBackend`](crate::index::PostingsBackend)
//!   that writes postings through the proxy's `fp_insert` and counts shared keys with one
//!   `fp_batch` call per batch of submissions; frequent keys are dropped before a query
//!   leaves the process.
//! - [`connection`]: a small pool of PostgreSQL connections (also used by the distributed
//!   rescan queue, `crate::jobs::distributed`).
//! - [`schema`]: the coordinator tables, created when missing at every connect.
//!
//! The SQL behind it is in `deploy/postgres/` (partition, proxy and coordinator scripts), run
//! by `tools/pg-cluster.sh` for the loopback test cluster and by the docker-compose `cluster`
//! profile. This module knows nothing about HTTP or the store.

pub mod connection;
pub mod error;
pub mod postings;
pub mod schema;

pub use connection::ConnectionPool;
pub use error::ShardError;
pub use postings::{corpus_id, use_sharded_postings, AttachOutcome, ShardStats, ShardedPostings};
