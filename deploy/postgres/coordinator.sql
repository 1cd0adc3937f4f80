-- Adal sharded deployment: the coordinator tables (in the same database as the proxy
-- functions). Idempotent.

-- Keys in many documents, with their document frequency, refreshed after loads
-- (`adal shards refresh-frequent`). Checks and workers drop a key whose frequency is above
-- the current cutoff before the query reaches the shards.
CREATE TABLE IF NOT EXISTS adal_frequent (
    h bigint PRIMARY KEY,
    df int NOT NULL
);

-- Which corpus state the shards hold: the corpus index id and how far its documents were
-- written (document numbers below `next_docnum` are on the shards).
CREATE TABLE IF NOT EXISTS adal_shard_state (
    id int PRIMARY KEY CHECK (id = 1),
    corpus_id text NOT NULL,
    next_docnum int NOT NULL,
    frequent_refreshed_at timestamptz
);

-- Documents a writer is removing (or replacing): written before the corpus commit that removes
-- them, deleted once their postings are off the partitions. A writer that opens after a crash
-- in between removes the postings of the listed documents that are no longer live.
CREATE TABLE IF NOT EXISTS adal_pending_removal (
    doc int PRIMARY KEY
);

-- The distributed rescan queue: one row per thesis of a rescan job. Workers claim pending
-- rows (and rows whose lease ran out) with FOR UPDATE SKIP LOCKED; `attempt` fences a worker
-- whose lease was taken over, so an outcome is recorded once.
CREATE TABLE IF NOT EXISTS adal_rescan_item (
    job bigint NOT NULL,
    thesis bigint NOT NULL,
    version bigint NOT NULL,   -- the thesis version the report belongs to
    payload bytea NOT NULL,
    state text NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'taken', 'done', 'failed')),
    attempt int NOT NULL DEFAULT 0,
    worker text,
    lease_until timestamptz,
    report bytea,
    failure text,
    queued_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    imported boolean NOT NULL DEFAULT false,
    PRIMARY KEY (job, thesis)
);
CREATE INDEX IF NOT EXISTS adal_rescan_item_open ON adal_rescan_item (state, lease_until)
    WHERE state IN ('pending', 'taken');
CREATE INDEX IF NOT EXISTS adal_rescan_item_unimported ON adal_rescan_item (job)
    WHERE state IN ('done', 'failed') AND NOT imported;

-- Workers and their last sign of life, for the progress shown by the service.
CREATE TABLE IF NOT EXISTS adal_worker (
    name text PRIMARY KEY,
    seen_at timestamptz NOT NULL DEFAULT now(),
    items_done bigint NOT NULL DEFAULT 0
);
