#!/usr/bin/env bash
# Adal shard server: creates the logical partition databases listed in ADAL_PARTITIONS (e.g.
# "0 2" creates adal_part_0 and adal_part_2) and loads partition.sql into each. Does nothing
# when ADAL_PARTITIONS is empty (the proxy). Run by the postgres image's entrypoint on first
# start (/docker-entrypoint-initdb.d); idempotent, so it can be run again by hand.
#
# Environment: ADAL_PARTITIONS, POSTGRES_USER (the role that connects; `adal`), ADAL_SQL_DIR
# (default /usr/share/adal/sql); libpq's PGHOST/PGPORT when run outside the entrypoint.
set -euo pipefail

sql_dir="${ADAL_SQL_DIR:-/usr/share/adal/sql}"
user="${POSTGRES_USER:-postgres}"
if [ -z "${ADAL_PARTITIONS:-}" ]; then
    echo "adal: ADAL_PARTITIONS is empty, no partition databases here"
    exit 0
fi

run_psql() {
    psql -X -q -v ON_ERROR_STOP=1 --username "$user" "$@"
}

for p in $ADAL_PARTITIONS; do
    case "$p" in
        '' | *[!0-9]*)
            echo "adal: ADAL_PARTITIONS must list partition numbers, got '$p'" >&2
            exit 1
            ;;
    esac
    db="adal_part_$p"
    echo "adal: partition database $db"
    run_psql --dbname postgres -v db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
    run_psql --dbname "$db" -f "$sql_dir/partition.sql"
done
