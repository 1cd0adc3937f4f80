#!/usr/bin/env bash
# Adal proxy server: in the coordinator database (POSTGRES_DB, `adal`) defines the PL/Proxy
# cluster `adal_shards` (cluster.sql), then loads proxy.sql and coordinator.sql. Does nothing
# when ADAL_PARTITION_HOSTS is empty (a shard). Run by the postgres image's entrypoint on first
# start (/docker-entrypoint-initdb.d); idempotent, so it can be run again by hand, e.g. after
# moving a partition to another server.
#
# Environment:
#   ADAL_PARTITION_HOSTS  the shard server of each partition 0..3, in order, as host or
#                         host:port ("pg-shard1 pg-shard2 pg-shard1 pg-shard2")
#   ADAL_SHARD_PORT       port of the shard servers given without one (default 5432)
#   ADAL_SHARD_USER       role the proxy logs in to the shards with (default POSTGRES_USER)
#   ADAL_SHARD_PASSWORD   its password (default POSTGRES_PASSWORD), kept in the user mapping
#   ADAL_SHARD_CONNINFO   extra libpq options for every partition, e.g.
#                         "sslmode=verify-full sslrootcert=/etc/adal/shards-ca.crt"
#   POSTGRES_USER, POSTGRES_DB, ADAL_SQL_DIR (default /usr/share/adal/sql)
set -euo pipefail

sql_dir="${ADAL_SQL_DIR:-/usr/share/adal/sql}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ -z "${ADAL_PARTITION_HOSTS:-}" ]; then
    echo "adal: ADAL_PARTITION_HOSTS is empty, not the proxy"
    exit 0
fi

read -r -a hosts <<<"$ADAL_PARTITION_HOSTS"
if [ "${#hosts[@]}" -ne 4 ]; then
    echo "adal: ADAL_PARTITION_HOSTS must name 4 hosts (partitions 0..3), got ${#hosts[@]}" >&2
    exit 1
fi
port="${ADAL_SHARD_PORT:-5432}"
shard_user="${ADAL_SHARD_USER:-$user}"
password="${ADAL_SHARD_PASSWORD:-${POSTGRES_PASSWORD:-}}"

args=()
for p in 0 1 2 3; do
    host="${hosts[$p]}" host_port="$port"
    if [[ "$host" == *:* ]]; then
        host_port="${host##*:}" host="${host%:*}"
    fi
    args+=(-v "p$p=dbname=adal_part_$p host=$host port=$host_port ${ADAL_SHARD_CONNINFO:-}")
done
args+=(-v "shard_user=$shard_user")
if [ -n "$password" ]; then
    args+=(-v "shard_password=$password")
fi

run_psql() {
    psql -X -q -v ON_ERROR_STOP=1 --username "$user" --dbname "$db" "$@"
}
echo "adal: cluster adal_shards -> ${hosts[*]} (default port $port), proxy functions, coordinator tables"
run_psql "${args[@]}" -f "$sql_dir/cluster.sql"
run_psql -f "$sql_dir/proxy.sql"
run_psql -f "$sql_dir/coordinator.sql"
