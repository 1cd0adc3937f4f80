//! [`ShardedPostings`]: the fingerprint postings of the corpus on PostgreSQL shards.
//!
//! Every posting is a row `fp(h, doc)` in the partition that `hashint8(h)` picks; the proxy
//! functions (`deploy/postgres/proxy.sql`) split arrays of keys between partitions, so a batch
//! of submissions costs one call that every partition answers in parallel.
//!
//! Keeping the shards in step with the corpus index: `adal_shard_state.next_docnum` says
//! which document numbers the shards hold. Postings are written before the corpus commit
//! that makes their documents live and the state moves with them; removals are noted in
//! `adal_pending_removal` before the commit that removes the documents and taken off the
//! partitions after it. Only a process holding the corpus's write lock repairs the shards:
//! a writer opening on a corpus whose last commit is behind the state drops the postings of
//! the numbers that were never committed, and finishes the noted removals whose documents are
//! gone. Readers never change the shards: postings of documents they do not see as live are
//! dropped from every answer anyway. [`ShardedPostings::attach`] reloads the shards from the
//! embedded runs, under the write lock, when they belong to another corpus or miss documents.
//! A count asked for a commit the shards are behind (a load in progress) or for another corpus
//! fails with [`ShardError::Behind`] / [`ShardError::OtherCorpus`] rather than answer without
//! some documents.
//!
//! Frequent keys: `adal_frequent` lists keys in many documents with their frequency; a query
//! drops the keys whose frequency is above the cutoff before it is sent. The partitions apply
//! the same cutoff to what reaches them, so the counts equal the embedded index's counts even
//! when the list misses keys that became frequent. Removals can only lower frequencies, so
//! they empty the list until the next refresh. Every process reads the list again when
//! `adal_shard_state.frequent_refreshed_at` changed.

use super::connection::ConnectionPool;
use super::error::ShardError;
use crate::index::{
    CandidateQuery, CorpusIndex, IndexError, PostingsBackend, PostingsSnapshot, SharedCounts,
};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Postings sent per `fp_insert` call.
const INSERT_CHUNK: usize = 200_000;

/// The postings backend on the PostgreSQL shards, reached through the PL/Proxy coordinator.
pub struct ShardedPostings {
    pool: ConnectionPool,
    /// Identifies the corpus the shards hold (see [`ShardedPostings::attach`]).
    corpus_id: String,
    frequent: Mutex<Option<FrequentKeys>>,
}

struct FrequentKeys {
    /// `adal_shard_state.frequent_refreshed_at` when the list was read.
    refreshed_at: Option<String>,
    frequency: Arc<HashMap<u32, u32>>,
}

/// What [`ShardedPostings::attach`] had to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum AttachOutcome {
    /// The shards held exactly the committed documents.
    InStep,
    /// The shards were (re)loaded from the embedded runs: this many postings.
    Reloaded { postings: u64 },
}

/// Postings and bytes per partition, from `fp_stats()`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShardStats {
    pub partition: String,
    pub postings: i64,
    pub bytes: i64,
}

impl ShardedPostings {
    /// Connects to the coordinator database (where the proxy functions and queue tables are).
    /// `corpus_id` names the corpus these shards serve, e.g. the index directory.
    pub fn connect(url: &str, corpus_id: &str) -> Result<ShardedPostings, ShardError> {
        let pool = ConnectionPool::connect(url)?;
        super::schema::ensure_coordinator_tables(&pool)?;
        Ok(ShardedPostings { pool, corpus_id: corpus_id.to_string(), frequent: Mutex::new(None) })
    }

    /// Checks that the shards hold every committed document of `corpus` (see the module docs)
    /// and reloads them when they do not. Call it before making this the corpus's backend.
    ///
    /// Shards ahead of the corpus are left alone: a writer may be between writing postings and
    /// committing them (or a reader's copy of the index may be older), and postings of
    /// documents that are not live are never returned. A reload needs the corpus's write lock:
    /// [`IndexError::Busy`] when another process is writing the corpus.
    pub fn attach(&self, corpus: &CorpusIndex) -> Result<AttachOutcome, ShardError> {
        let committed = corpus.next_docnum()?;
        match self.state()? {
            Some((corpus_id, next_docnum)) if corpus_id == self.corpus_id && next_docnum >= committed => {
                Ok(AttachOutcome::InStep)
            }
            _ => {
                let postings = self.reload_from(corpus)?;
                self.refresh_frequent_keys(corpus.num_documents())?;
                Ok(AttachOutcome::Reloaded { postings })
            }
        }
    }

    /// Empties the shards and loads every live posting of `corpus` from its embedded runs,
    /// holding the corpus's write lock so that no commit changes the corpus meanwhile
    /// ([`IndexError::Busy`] when another process holds it).
    pub fn reload_from(&self, corpus: &CorpusIndex) -> Result<u64, ShardError> {
        let write_lock = corpus.writer()?;
        let committed = corpus.next_docnum()?;
        self.pool.with(|client| client.execute("SELECT count(*) FROM fp_clear()", &[]).map(drop))?;
        // Until the load is complete the state says the shards hold nothing.
        self.set_state(0)?;
        self.pool.with(|client| client.execute("DELETE FROM adal_pending_removal", &[]).map(drop))?;
        let mut loaded = 0u64;
        corpus.live_postings(INSERT_CHUNK, &mut |pairs| {
            self.insert(pairs).map_err(IndexError::from)?;
            loaded += pairs.len() as u64;
            Ok(())
        })?;
        self.set_state(committed)?;
        write_lock.finish()?;
        Ok(loaded)
    }

    /// Reads the keys held by many documents from the shards into `adal_frequent`. Keys above
    /// half of today's cutoff are kept, so the list stays useful while the corpus grows.
    pub fn refresh_frequent_keys(&self, live_documents: u64) -> Result<usize, ShardError> {
        let cutoff = CandidateQuery::new(Vec::new()).document_frequency_cutoff(live_documents);
        let keep_above = i32::try_from((cutoff / 2).max(1)).unwrap_or(i32::MAX);
        let kept = self.pool.with(|client| {
            let mut transaction = client.transaction()?;
            transaction.execute("DELETE FROM adal_frequent", &[])?;
            let kept = transaction.execute(
                "INSERT INTO adal_frequent (h, df) SELECT h, df FROM fp_frequent($1)",
                &[&keep_above],
            )?;
            transaction.execute("UPDATE adal_shard_state SET frequent_refreshed_at = now()", &[])?;
            transaction.commit()?;
            Ok(kept)
        })?;
        *self.frequent.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
        Ok(kept as usize)
    }

    /// Postings and bytes of every partition.
    pub fn stats(&self) -> Result<Vec<ShardStats>, ShardError> {
        self.pool.with(|client| {
            let rows = client.query("SELECT partition, postings, bytes FROM fp_stats() ORDER BY 1", &[])?;
            Ok(rows
                .iter()
                .map(|row| ShardStats { partition: row.get(0), postings: row.get(1), bytes: row.get(2) })
                .collect())
        })
    }

    /// The corpus id and next document number the shards hold, if they were ever loaded.
    fn state(&self) -> Result<Option<(String, u32)>, ShardError> {
        self.pool.with(|client| {
            let row =
                client.query_opt("SELECT corpus_id, next_docnum FROM adal_shard_state WHERE id = 1", &[])?;
            Ok(row.map(|row| (row.get::<_, String>(0), row.get::<_, i32>(1) as u32)))
        })
    }

    fn set_state(&self, next_docnum: u32) -> Result<(), ShardError> {
        let next_docnum = next_docnum as i32;
        self.pool.with(|client| {
            client.execute(
                "INSERT INTO adal_shard_state (id, corpus_id, next_docnum) VALUES (1, $1, $2) \
                 ON CONFLICT (id) DO UPDATE SET corpus_id = EXCLUDED.corpus_id, next_docnum = EXCLUDED.next_docnum",
                &[&self.corpus_id, &next_docnum],
            )?;
            Ok(())
        })
    }

    /// Takes the postings of `docs` off the partitions, then forgets their noted removal. The
    /// list of frequent keys is emptied: frequencies only fall, so it could drop keys that are
    /// no longer frequent until the next refresh (the partitions' cutoff stays exact).
    fn remove_documents(&self, docs: &[i32]) -> Result<(), ShardError> {
        if docs.is_empty() {
            return Ok(());
        }
        self.pool.with(|client| {
            client.execute("SELECT count(*) FROM fp_remove($1)", &[&docs])?;
            let mut transaction = client.transaction()?;
            transaction.execute("DELETE FROM adal_pending_removal WHERE doc = ANY($1)", &[&docs])?;
            transaction.execute("DELETE FROM adal_frequent", &[])?;
            transaction.execute("UPDATE adal_shard_state SET frequent_refreshed_at = NULL", &[])?;
            transaction.commit()
        })?;
        Ok(())
    }

    /// Finishes the removals noted before a commit whose backend call was lost: documents that
    /// are no longer live lose their postings; the notes of documents still live (their commit
    /// never happened) are dropped. Numbers the commit never gave out are dropped with the
    /// uncommitted postings.
    fn settle_pending_removals(&self, committed: &PostingsSnapshot) -> Result<(), ShardError> {
        let next_docnum = committed.next_docnum();
        let noted: Vec<i32> = self.pool.with(|client| {
            let rows = client.query("SELECT doc FROM adal_pending_removal", &[])?;
            Ok(rows.iter().map(|row| row.get::<_, i32>(0)).collect())
        })?;
        if noted.is_empty() {
            return Ok(());
        }
        let (gone, kept): (Vec<i32>, Vec<i32>) =
            noted.into_iter().partition(|&doc| (doc as u32) < next_docnum && !committed.is_live(doc as u32));
        self.remove_documents(&gone)?;
        self.pool.with(|client| {
            client.execute("DELETE FROM adal_pending_removal WHERE doc = ANY($1)", &[&kept]).map(drop)
        })
    }

    fn drop_uncommitted(&self, committed: u32) -> Result<(), ShardError> {
        let first = committed as i32;
        self.pool.with(|client| {
            client.execute("SELECT count(*) FROM fp_truncate_from($1)", &[&first]).map(drop)
        })?;
        self.set_state(committed)
    }

    /// Sends postings (`key << 32 | docnum`) to their partitions.
    fn insert(&self, pairs: &[u64]) -> Result<(), ShardError> {
        for chunk in pairs.chunks(INSERT_CHUNK) {
            let keys: Vec<i64> = chunk.iter().map(|pair| (pair >> 32) as i64).collect();
            let docs: Vec<i32> = chunk.iter().map(|pair| (*pair as u32) as i32).collect();
            self.pool.with(|client| {
                client.execute("SELECT count(*) FROM fp_insert($1, $2)", &[&keys, &docs]).map(drop)
            })?;
        }
        Ok(())
    }

    /// The frequency of the keys known to be frequent, read again whenever the list changed
    /// (any process may refresh or drop it), after checking that the shards can answer for
    /// `committed`: they hold this corpus up to its last document number. A load in progress
    /// (or shards of another corpus) is an error, never an answer with sources missing.
    fn frequent_keys_for(&self, committed: &PostingsSnapshot) -> Result<Arc<HashMap<u32, u32>>, ShardError> {
        let state: Option<(String, i32, Option<String>)> = self.pool.with(|client| {
            let row = client.query_opt(
                "SELECT corpus_id, next_docnum, frequent_refreshed_at::text FROM adal_shard_state WHERE id = 1",
                &[],
            )?;
            Ok(row.map(|row| (row.get(0), row.get(1), row.get(2))))
        })?;
        let refreshed_at = match state {
            Some((corpus_id, next_docnum, refreshed_at))
                if corpus_id == self.corpus_id && next_docnum as u32 >= committed.next_docnum() =>
            {
                refreshed_at
            }
            Some((corpus_id, next_docnum, _)) if corpus_id == self.corpus_id => {
                return Err(ShardError::Behind { held: next_docnum as u32, needed: committed.next_docnum() })
            }
            _ => return Err(ShardError::OtherCorpus),
        };
        let mut cached = self.frequent.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(frequent) = cached.as_ref() {
            if frequent.refreshed_at == refreshed_at {
                return Ok(frequent.frequency.clone());
            }
        }
        let frequency: HashMap<u32, u32> = match refreshed_at {
            None => HashMap::new(),
            Some(_) => self.pool.with(|client| {
                let rows = client.query("SELECT h, df FROM adal_frequent", &[])?;
                Ok(rows
                    .iter()
                    .map(|row| (row.get::<_, i64>(0) as u32, row.get::<_, i32>(1) as u32))
                    .collect())
            })?,
        };
        let frequency = Arc::new(frequency);
        *cached = Some(FrequentKeys { refreshed_at, frequency: frequency.clone() });
        Ok(frequency)
    }

    /// Shared keys per (query, document) for a batch of queries, in one proxy call.
    fn count_batch(
        &self,
        committed: &PostingsSnapshot,
        queries: &[Vec<u32>],
        cutoff: u64,
        min_shared: u32,
    ) -> Result<Vec<SharedCounts>, ShardError> {
        let frequent = self.frequent_keys_for(committed)?;
        let mut subs: Vec<i32> = Vec::new();
        let mut keys: Vec<i64> = Vec::new();
        for (sub, query) in queries.iter().enumerate() {
            for &key in query {
                // Boilerplate keys never leave the process.
                if frequent.get(&key).is_some_and(|&frequency| u64::from(frequency) > cutoff) {
                    continue;
                }
                subs.push(sub as i32);
                keys.push(i64::from(key));
            }
        }
        let mut counts = vec![SharedCounts::new(); queries.len()];
        if keys.is_empty() {
            return Ok(counts);
        }
        let cutoff = i32::try_from(cutoff).unwrap_or(i32::MAX);
        let min_shared = i64::from(min_shared.max(1));
        let rows = self.pool.with(|client| {
            client.query(
                "SELECT sub, doc, sum(hits)::bigint FROM fp_batch($1, $2, $3) \
                 GROUP BY sub, doc HAVING sum(hits) >= $4",
                &[&subs, &keys, &cutoff, &min_shared],
            )
        })?;
        for row in rows {
            let sub: i32 = row.get(0);
            let doc: i32 = row.get(1);
            let hits: i64 = row.get(2);
            if let Some(query_counts) = counts.get_mut(sub as usize) {
                query_counts.insert(doc as u32, hits as u32);
            }
        }
        Ok(counts)
    }
}

impl PostingsBackend for ShardedPostings {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn count_shared(
        &self,
        snapshot: &PostingsSnapshot,
        queries: &[Vec<u32>],
        cutoff: u64,
        min_shared: u32,
    ) -> Result<Vec<SharedCounts>, IndexError> {
        Ok(self.count_batch(snapshot, queries, cutoff, min_shared)?)
    }

    fn writer_opened(&self, committed: &PostingsSnapshot) -> Result<(), IndexError> {
        if let Some((_, held)) = self.state()? {
            if held > committed.next_docnum() {
                self.drop_uncommitted(committed.next_docnum())?;
            }
        }
        Ok(self.settle_pending_removals(committed)?)
    }

    fn postings_written(&self, pairs: &[u64], next_docnum: u32) -> Result<(), IndexError> {
        self.insert(pairs)?;
        Ok(self.set_state(next_docnum)?)
    }

    fn documents_removing(&self, docnums: &[u32]) -> Result<(), IndexError> {
        let docs: Vec<i32> = docnums.iter().map(|&docnum| docnum as i32).collect();
        self.pool.with(|client| {
            client.execute(
                "INSERT INTO adal_pending_removal (doc) SELECT unnest($1::int[]) ON CONFLICT DO NOTHING",
                &[&docs],
            )
        })?;
        Ok(())
    }

    fn documents_removed(&self, docnums: &[u32]) -> Result<(), IndexError> {
        let docs: Vec<i32> = docnums.iter().map(|&docnum| docnum as i32).collect();
        Ok(self.remove_documents(&docs)?)
    }

    fn bulk_change_finished(&self, live_documents: u64) -> Result<(), IndexError> {
        self.refresh_frequent_keys(live_documents)?;
        Ok(())
    }
}

/// Connects `index` to the shards at `url`: brings them in step with it (see
/// [`ShardedPostings::attach`]) and makes them its postings backend. The corpus is named by
/// its directory, so shards that served another corpus are reloaded.
pub fn use_sharded_postings(
    index: &CorpusIndex,
    url: &str,
    index_dir: &std::path::Path,
) -> Result<AttachOutcome, ShardError> {
    let sharded = ShardedPostings::connect(url, &corpus_id(index_dir))?;
    let outcome = sharded.attach(index)?;
    index.set_postings_backend(std::sync::Arc::new(sharded));
    Ok(outcome)
}

/// The name of the corpus in an index directory, as the shards record it: the directory's
/// canonical path (the path as given when it cannot be resolved).
pub fn corpus_id(index_dir: &std::path::Path) -> String {
    std::fs::canonicalize(index_dir).unwrap_or_else(|_| index_dir.to_path_buf()).display().to_string()
}
