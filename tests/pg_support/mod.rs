//! The PostgreSQL shards for tests: `ADAL_TEST_POSTGRES` names the coordinator database of a
//! loopback cluster made by `tools/pg-cluster.sh up` (`.ci/run` does it). Without it the
//! PostgreSQL parts of tests are skipped with a note, unless `ADAL_REQUIRE_POSTGRES=1`, which
//! turns a missing or unreachable cluster into a failure.
//!
//! Tests of one binary run in parallel threads but share one cluster: [`shards`] hands it out
//! one test at a time, emptied.

#![allow(dead_code)]

use std::sync::{Mutex, MutexGuard};

static SHARDS_LOCK: Mutex<()> = Mutex::new(());

/// The cluster, held by one test until dropped.
pub struct Shards {
    pub url: String,
    _guard: MutexGuard<'static, ()>,
}

fn required() -> bool {
    std::env::var("ADAL_REQUIRE_POSTGRES").is_ok_and(|value| value == "1")
}

/// The emptied cluster, or `None` (after a note) when there is none and none is required.
pub fn shards(test: &str) -> Option<Shards> {
    let url = std::env::var("ADAL_TEST_POSTGRES").ok().filter(|url| !url.trim().is_empty());
    let Some(url) = url else {
        assert!(!required(), "ADAL_REQUIRE_POSTGRES=1 but ADAL_TEST_POSTGRES is not set");
        eprintln!("skipping the PostgreSQL part of {test}: ADAL_TEST_POSTGRES is not set");
        return None;
    };
    let guard = SHARDS_LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut client = match postgres::Client::connect(&url, postgres::NoTls) {
        Ok(client) => client,
        Err(error) => {
            assert!(!required(), "ADAL_REQUIRE_POSTGRES=1 but {url} is unreachable: {error}");
            eprintln!("skipping the PostgreSQL part of {test}: {url} is unreachable: {error}");
            return None;
        }
    };
    client
        .batch_execute(
            "SELECT count(*) FROM fp_clear(); \
             TRUNCATE adal_frequent, adal_shard_state, adal_pending_removal, adal_rescan_item, adal_worker;",
        )
        .expect("emptying the test shards");
    Some(Shards { url, _guard: guard })
}

/// Runs `test` on a new in-memory corpus index with the embedded backend, then (when the
/// cluster is there) on one whose postings live on the shards.
pub fn for_each_backend(name: &str, test: impl Fn(&adal::index::CorpusIndex)) {
    let embedded = adal::index::CorpusIndex::create_in_ram().expect("index");
    test(&embedded);
    if let Some(shards) = shards(name) {
        let sharded = adal::index::CorpusIndex::create_in_ram().expect("index");
        adal::index::sharded::use_sharded_postings(&sharded, &shards.url, std::path::Path::new(name))
            .expect("attach the shards");
        assert_eq!(sharded.postings_backend().name(), "postgres");
        test(&sharded);
    }
}
