#!/usr/bin/env bash
# A loopback PostgreSQL 15 + PL/Proxy cluster for Adal's sharded index (issue #8), on this machine.
#
# Usage: bash tools/pg-cluster.sh up|down|reset|status
#   up      create (when missing) and start three clusters of Debian's postgresql-common:
#             adalproxy  (port ${ADAL_PG_PROXY_PORT:-5440})   database `adal`: plproxy, proxy
#                                                             functions, coordinator tables
#             adalshard1 (port ${ADAL_PG_SHARD1_PORT:-5441})  adal_part_0, adal_part_2
#             adalshard2 (port ${ADAL_PG_SHARD2_PORT:-5442})  adal_part_1, adal_part_3
#           and (re)load deploy/postgres/*.sql. Installs postgresql-15 and postgresql-15-plproxy
#           with apt-get when missing (as root). Idempotent; prints the URL to use:
#             postgres://adal@127.0.0.1:5440/adal
#   down    stop and drop the three clusters (their data is gone).
#   reset   empty them (every partition's postings, the coordinator tables); for tests.
#   status  the clusters and the postings per partition.
#
# TEST CLUSTERS ONLY: they listen on 127.0.0.1 and trust role `adal` from 127.0.0.1 without a
# password (first line of pg_hba.conf). Role `adal` is not a superuser (LOGIN CREATEDB); the
# plproxy extension, the cluster definition and the proxy functions (an untrusted language) are
# created by the `postgres` superuser, the partition tables and coordinator tables by `adal`.
# Production uses scram-sha-256 with a password, given to the proxy in the user mapping (see
# deploy/postgres/cluster.sql and docs/DEPLOY-CLUSTER.md).
set -euo pipefail
cd "$(dirname "$0")/.."
SQL_DIR="$(pwd)/deploy/postgres"

PG_VERSION=15
PROXY_PORT="${ADAL_PG_PROXY_PORT:-5440}"
SHARD1_PORT="${ADAL_PG_SHARD1_PORT:-5441}"
SHARD2_PORT="${ADAL_PG_SHARD2_PORT:-5442}"
CLUSTERS=(adalproxy adalshard1 adalshard2)
PLPROXY_CONTROL="/usr/share/postgresql/$PG_VERSION/extension/plproxy.control"

port_of() {
    case "$1" in
        adalproxy) echo "$PROXY_PORT" ;;
        adalshard1) echo "$SHARD1_PORT" ;;
        adalshard2) echo "$SHARD2_PORT" ;;
    esac
}
# Partition p lives on shard1 when even, shard2 when odd.
partition_port() {
    if [ $(($1 % 2)) -eq 0 ]; then echo "$SHARD1_PORT"; else echo "$SHARD2_PORT"; fi
}

log() { echo "== $*"; }
die() { echo "pg-cluster: $*" >&2; exit 1; }

# Runs a command as the `postgres` OS user (the clusters' owner).
as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres -- "$@"
    fi
}
# psql as the superuser over the Unix socket: psql_super PORT DB [psql args...]. SQL files are
# fed on stdin, so the repository need not be readable by `postgres`.
psql_super() {
    local port="$1" db="$2"
    shift 2
    as_postgres env PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$port" -d "$db" "$@"
}
# psql as role adal over TCP (what the service and the tests do): psql_adal PORT DB [args...].
psql_adal() {
    local port="$1" db="$2"
    shift 2
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "host=127.0.0.1 port=$port user=adal dbname=$db" "$@"
}

cluster_exists() { [ -f "/etc/postgresql/$PG_VERSION/$1/postgresql.conf" ]; }
cluster_online() {
    pg_lsclusters --no-header 2>/dev/null | awk -v c="$1" -v v="$PG_VERSION" \
        '$1 == v && $2 == c && $4 ~ /^online/ { found = 1 } END { exit !found }'
}

install_packages() {
    if command -v pg_createcluster >/dev/null 2>&1 && [ -f "$PLPROXY_CONTROL" ] \
        && [ -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ]; then
        return
    fi
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        die "PostgreSQL $PG_VERSION with PL/Proxy is missing: install postgresql-$PG_VERSION and postgresql-$PG_VERSION-plproxy (as root: apt-get install ...)"
    fi
    log "installing postgresql-$PG_VERSION and postgresql-$PG_VERSION-plproxy"
    export DEBIAN_FRONTEND=noninteractive
    local pkgs=("postgresql-$PG_VERSION" "postgresql-$PG_VERSION-plproxy")
    apt-get install -y --no-install-recommends "${pkgs[@]}" \
        || { apt-get update && apt-get install -y --no-install-recommends "${pkgs[@]}"; } \
        || die "could not install ${pkgs[*]}"
}

# Creates (when missing), configures and starts one cluster.
start_cluster() {
    local name="$1" port
    port="$(port_of "$name")"
    if ! cluster_exists "$name"; then
        log "creating cluster $PG_VERSION/$name on 127.0.0.1:$port"
        pg_createcluster "$PG_VERSION" "$name" -p "$port" -o "max_connections=100" >/dev/null
    else
        local have
        have="$(pg_conftool -s "$PG_VERSION" "$name" show port 2>/dev/null || echo "?")"
        [ "$have" = "$port" ] || die "cluster $PG_VERSION/$name exists on port $have, not $port: run 'down' first"
    fi
    # Loopback only, and role adal trusted from 127.0.0.1 (first line: first match wins).
    local conf_dir="/etc/postgresql/$PG_VERSION/$name"
    sed -i "s/^[[:space:]]*listen_addresses[[:space:]]*=.*/listen_addresses = '127.0.0.1'/" \
        "$conf_dir/postgresql.conf"
    grep -q "^listen_addresses = '127.0.0.1'" "$conf_dir/postgresql.conf" \
        || echo "listen_addresses = '127.0.0.1'" >>"$conf_dir/postgresql.conf"
    local hba="$conf_dir/pg_hba.conf"
    local line="host all adal 127.0.0.1/32 trust"
    if [ "$(grep -v '^[[:space:]]*\(#\|$\)' "$hba" | head -n 1 | tr -s ' \t' ' ')" != "$line" ]; then
        sed -i "/^host[[:space:]]\+all[[:space:]]\+adal[[:space:]]\+127.0.0.1\/32[[:space:]]\+trust/d" "$hba"
        sed -i "1i # Adal loopback test cluster (tools/pg-cluster.sh): role adal needs no password here.\n$line" "$hba"
        # sed -i replaces the file; keep it readable by the server.
        chown postgres:postgres "$hba"
        chmod 640 "$hba"
    fi
    if cluster_online "$name"; then
        pg_ctlcluster "$PG_VERSION" "$name" reload
    else
        log "starting $PG_VERSION/$name"
        pg_ctlcluster "$PG_VERSION" "$name" start
    fi
    psql_super "$port" postgres <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'adal') THEN
        CREATE ROLE adal LOGIN CREATEDB;
    END IF;
END
$$;
SQL
}

create_database() {
    local port="$1" db="$2"
    psql_super "$port" postgres -v db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER adal', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

cmd_up() {
    install_packages
    local name p port
    for name in "${CLUSTERS[@]}"; do
        start_cluster "$name"
    done
    for p in 0 1 2 3; do
        port="$(partition_port "$p")"
        create_database "$port" "adal_part_$p"
        psql_adal "$port" "adal_part_$p" -f - <"$SQL_DIR/partition.sql"
    done
    log "loading the cluster definition, proxy functions and coordinator tables"
    create_database "$PROXY_PORT" adal
    local args=()
    for p in 0 1 2 3; do
        args+=(-v "p$p=dbname=adal_part_$p host=127.0.0.1 port=$(partition_port "$p")")
    done
    args+=(-v shard_user=adal)
    psql_super "$PROXY_PORT" adal "${args[@]}" -f - <"$SQL_DIR/cluster.sql"
    psql_super "$PROXY_PORT" adal -f - <"$SQL_DIR/proxy.sql"
    psql_adal "$PROXY_PORT" adal -f - <"$SQL_DIR/coordinator.sql"
    # A call through the proxy reaches every partition.
    local parts
    parts="$(psql_adal "$PROXY_PORT" adal -At -c 'SELECT count(*) FROM fp_stats()')"
    [ "$parts" = 4 ] || die "fp_stats() through the proxy answered for $parts partitions, not 4"
    log "up: 4 partitions on 2 shards behind the proxy"
    echo "postgres://adal@127.0.0.1:$PROXY_PORT/adal"
}

cmd_down() {
    local name
    for name in "${CLUSTERS[@]}"; do
        if cluster_exists "$name"; then
            log "dropping $PG_VERSION/$name"
            pg_dropcluster --stop "$PG_VERSION" "$name"
        fi
    done
}

cmd_reset() {
    local p
    for p in 0 1 2 3; do
        psql_adal "$(partition_port "$p")" "adal_part_$p" -c 'TRUNCATE fp'
    done
    psql_adal "$PROXY_PORT" adal \
        -c 'TRUNCATE adal_frequent, adal_shard_state, adal_pending_removal, adal_rescan_item, adal_worker'
    log "reset: partitions and coordinator tables are empty"
}

cmd_status() {
    local name line
    for name in "${CLUSTERS[@]}"; do
        line="$(pg_lsclusters --no-header 2>/dev/null | awk -v c="$name" -v v="$PG_VERSION" '$1 == v && $2 == c')"
        echo "${line:-$PG_VERSION $name (not created)}"
    done
    if cluster_online adalproxy && cluster_online adalshard1 && cluster_online adalshard2; then
        psql_adal "$PROXY_PORT" adal -c 'SELECT * FROM fp_stats() ORDER BY 1' \
            || echo "the proxy does not answer fp_stats(): run 'up'" >&2
        echo "postgres://adal@127.0.0.1:$PROXY_PORT/adal"
    fi
}

case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    reset) cmd_reset ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 up|down|reset|status" >&2
        exit 2
        ;;
esac
