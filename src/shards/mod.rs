//! The sharded deployment on PostgreSQL with PL/Proxy: a postings backend whose fingerprint
//! postings live in partition databases on shard servers, and the queue that distributed
//! rescans share between `adal worker` processes.
//!
//! - [`postings`]: [`ShardedPostings`], the [`PostingsBackend`](crate::index::PostingsBackend)
//!   that writes postings through the proxy's `fp_insert` and counts shared keys with one
//!   `fp_batch` call per batch of submissions; frequent keys are dropped before a query
//!   leaves the process.
//! - [`queue`]: the rescan queue (`adal_rescan_item`): enqueue, claim with
//!   `FOR UPDATE SKIP LOCKED` and a lease, complete with a fencing attempt number, import.
//! - [`worker`]: the `adal worker` loop: claim a batch, check it against the corpus (texts
//!   from the tantivy index, candidates from the shards), record the reports.
//! - [`connection`]: a small pool of PostgreSQL connections.
//! - [`schema`]: the coordinator tables, created when missing at every connect.
//!
//! The SQL behind it is in `deploy/postgres/` (partition, proxy and coordinator scripts), run
//! by `tools/pg-cluster.sh` for the loopback test cluster and by the docker-compose `cluster`
//! profile. This module knows nothing about HTTP; the pipeline knows nothing about it.

pub mod connection;
pub mod error;
pub mod postings;
pub mod queue;
pub mod schema;
pub mod worker;

pub use connection::ConnectionPool;
pub use error::ShardError;
pub use postings::{corpus_id, use_sharded_postings, AttachOutcome, ShardStats, ShardedPostings};
pub use queue::{ClaimedItem, QueueProgress, RescanPayload, RescanQueue};
