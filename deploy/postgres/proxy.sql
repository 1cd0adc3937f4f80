-- Adal sharded fingerprint index: the proxy functions (run in the coordinator database, on the
-- proxy server, after the `adal_shards` cluster is defined; see cluster.sql).
--
-- `SPLIT` sends each partition only the array elements whose key hashes to it
-- (`hashint8(h)`; PL/Proxy takes the low bits, so the number of partitions is a power of two).
-- Partitions are never re-hashed: scaling out moves whole partition databases to new servers
-- and changes their connection strings in the cluster definition.

CREATE EXTENSION IF NOT EXISTS plproxy;

CREATE OR REPLACE FUNCTION fp_insert(hs bigint[], docs int[]) RETURNS SETOF bigint
LANGUAGE plproxy AS $$
    CLUSTER 'adal_shards';
    SPLIT hs, docs;
    RUN ON hashint8(hs);
$$;

CREATE OR REPLACE FUNCTION fp_batch(subs int[], hs bigint[], cutoff int)
RETURNS TABLE (sub int, doc int, hits int)
LANGUAGE plproxy AS $$
    CLUSTER 'adal_shards';
    SPLIT subs, hs;
    RUN ON hashint8(hs);
$$;

CREATE OR REPLACE FUNCTION fp_remove(docs int[]) RETURNS SETOF bigint
LANGUAGE plproxy AS $$
    CLUSTER 'adal_shards';
    RUN ON ALL;
$$;

CREATE OR REPLACE FUNCTION fp_truncate_from(first int) RETURNS SETOF bigint
LANGUAGE plproxy AS $$
    CLUSTER 'adal_shards';
    RUN ON ALL;
$$;

CREATE OR REPLACE FUNCTION fp_clear() RETURNS SETOF bigint
LANGUAGE plproxy AS $$
    CLUSTER 'adal_shards';
    RUN ON ALL;
$$;

CREATE OR REPLACE FUNCTION fp_frequent(min_documents int)
RETURNS TABLE (h bigint, df int)
LANGUAGE plproxy AS $$
    CLUSTER 'adal_shards';
    RUN ON ALL;
$$;

CREATE OR REPLACE FUNCTION fp_stats()
RETURNS TABLE (partition text, postings bigint, bytes bigint)
LANGUAGE plproxy AS $$
    CLUSTER 'adal_shards';
    RUN ON ALL;
$$;
