-- Adal sharded fingerprint index: one logical partition (a database on a shard server).
--
-- Every partition holds the postings whose fingerprint key hashes to it (`hashint8(h)`, low
-- bits, see proxy.sql), so all postings of one key live in one partition and a partition knows
-- the full document frequency of its keys. Run once per partition database; idempotent.

CREATE TABLE IF NOT EXISTS fp (
    h bigint NOT NULL,   -- fingerprint key (the 32-bit key of the embedded index, widened)
    doc int NOT NULL     -- document number in the corpus index (tantivy `docnum`)
);
-- Look-ups read the index only (index-only scans): key → documents.
CREATE INDEX IF NOT EXISTS fp_h ON fp (h) INCLUDE (doc);
-- Documents are appended in increasing number, so a BRIN index on `doc` is a few pages and
-- still finds a document's postings for removals and crash clean-up.
CREATE INDEX IF NOT EXISTS fp_doc ON fp USING brin (doc);

-- Adds postings: hs[i] belongs to docs[i]. Returns the number added.
CREATE OR REPLACE FUNCTION fp_insert(hs bigint[], docs int[]) RETURNS bigint
LANGUAGE sql AS $$
    WITH added AS (
        INSERT INTO fp (h, doc) SELECT * FROM unnest(hs, docs) RETURNING 1
    )
    SELECT count(*) FROM added
$$;

-- Shared keys per (submission, document) for a batch of submissions: subs[i] is the
-- submission that queried hs[i]. Keys found in more than `cutoff` documents are boilerplate
-- and count for nothing, exactly as in the embedded index.
-- work_mem: a batch of 100 theses joins millions of rows; with the default 4 MB its hash
-- tables spill to disk (a batch of 100 took 22.8 s instead of 21.0 s, docs/SCALING.md).
CREATE OR REPLACE FUNCTION fp_batch(subs int[], hs bigint[], cutoff int)
RETURNS TABLE (sub int, doc int, hits int)
LANGUAGE sql STABLE SET work_mem = '64MB' AS $$
    WITH query AS (
        SELECT DISTINCT q.sub, q.h FROM unnest(subs, hs) AS q(sub, h)
    ),
    found AS (
        SELECT f.h, f.doc FROM fp f WHERE f.h = ANY (hs)
    ),
    rare AS (
        SELECT found.h FROM found GROUP BY found.h HAVING count(*) <= cutoff
    )
    SELECT query.sub, found.doc, count(*)::int
    FROM query
    JOIN rare ON rare.h = query.h
    JOIN found ON found.h = query.h
    GROUP BY query.sub, found.doc
$$;

-- Removes every posting of these documents.
CREATE OR REPLACE FUNCTION fp_remove(docs int[]) RETURNS bigint
LANGUAGE sql AS $$
    WITH removed AS (DELETE FROM fp WHERE doc = ANY (docs) RETURNING 1)
    SELECT count(*) FROM removed
$$;

-- Removes the postings of document numbers from `first` on: documents written to the shards
-- but never committed to the corpus index (a crash between the two).
CREATE OR REPLACE FUNCTION fp_truncate_from(first int) RETURNS bigint
LANGUAGE sql AS $$
    WITH removed AS (DELETE FROM fp WHERE doc >= first RETURNING 1)
    SELECT count(*) FROM removed
$$;

-- Removes every posting (before a full reload). TRUNCATE, not DELETE: a reload after a DELETE
-- left the dead rows' space behind (156 instead of 92 bytes per posting, docs/SCALING.md).
CREATE OR REPLACE FUNCTION fp_clear() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    removed bigint;
BEGIN
    SELECT count(*) INTO removed FROM fp;
    TRUNCATE fp;
    RETURN removed;
END
$$;

-- Keys found in more than `min_documents` documents, with their document frequency.
CREATE OR REPLACE FUNCTION fp_frequent(min_documents int)
RETURNS TABLE (h bigint, df int)
LANGUAGE sql STABLE AS $$
    SELECT fp.h, count(*)::int FROM fp GROUP BY fp.h HAVING count(*) > min_documents
$$;

-- Postings and bytes on disk (table and indexes) of this partition.
CREATE OR REPLACE FUNCTION fp_stats()
RETURNS TABLE (partition text, postings bigint, bytes bigint)
LANGUAGE sql STABLE AS $$
    SELECT current_database()::text, (SELECT count(*) FROM fp), pg_total_relation_size('fp')
$$;
