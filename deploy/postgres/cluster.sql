-- Adal sharded deployment: the PL/Proxy cluster definition (run in the coordinator database
-- `adal` on the proxy server, as a superuser, before proxy.sql). Idempotent: re-running it
-- points the partitions at new connection strings (that is how a partition moves to another
-- shard server, see docs/DEPLOY-CLUSTER.md).
--
-- A psql script with variables: one libpq connection string per logical partition, WITHOUT
-- `user=` (see below), the role the proxy logs in to the shards with, and optionally its
-- password:
--   psql -v ON_ERROR_STOP=1 \
--        -v p0='dbname=adal_part_0 host=shard1 port=5432' \
--        -v p1='dbname=adal_part_1 host=shard2 port=5432' \
--        -v p2='dbname=adal_part_2 host=shard1 port=5432' \
--        -v p3='dbname=adal_part_3 host=shard2 port=5432' \
--        -v shard_user=adal [-v shard_password=secret] -d adal -f cluster.sql
-- The number of partitions is a power of two (PL/Proxy takes the low bits of the hash); a
-- partition is never re-hashed, only moved. The user (and password) go into the user mapping,
-- which only superusers can read. PL/Proxy 2.10 uses the user mapping's options only when the
-- partition's connection string has no `user=`: with one there, the password is silently
-- dropped ("fe_sendauth: no password supplied"). Without `shard_password` the shards must
-- trust the proxy (the loopback test cluster of tools/pg-cluster.sh).

CREATE EXTENSION IF NOT EXISTS plproxy;

CREATE SERVER IF NOT EXISTS adal_shards FOREIGN DATA WRAPPER plproxy
    OPTIONS (connection_lifetime '1800', p0 :'p0', p1 :'p1', p2 :'p2', p3 :'p3');
-- Already there: make it point where we were told (the CREATE above then did nothing).
ALTER SERVER adal_shards
    OPTIONS (SET connection_lifetime '1800', SET p0 :'p0', SET p1 :'p1', SET p2 :'p2', SET p3 :'p3');

DROP USER MAPPING IF EXISTS FOR PUBLIC SERVER adal_shards;
\if :{?shard_password}
CREATE USER MAPPING FOR PUBLIC SERVER adal_shards
    OPTIONS (user :'shard_user', password :'shard_password');
\else
CREATE USER MAPPING FOR PUBLIC SERVER adal_shards OPTIONS (user :'shard_user');
\endif

-- The service and the workers call the proxy functions as role `adal`; PL/Proxy checks USAGE
-- on the cluster's server for the calling role.
GRANT USAGE ON FOREIGN SERVER adal_shards TO adal;
