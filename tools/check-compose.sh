#!/usr/bin/env bash
# Checks docker-compose.yml and the PostgreSQL cluster files without a Docker engine.
#
# Usage: bash tools/check-compose.sh
#   - `docker compose config` (v2 plugin) or `docker-compose config` (Debian's 1.29) for the
#     default services and for `--profile cluster`; skipped with a message when neither exists
#     (install one: apt-get install docker-compose);
#   - `bash -n` on the init scripts of deploy/postgres/initdb and on tools/pg-cluster.sh;
#   - every SQL file the image copies exists (deploy/postgres/Dockerfile).
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
fail() { echo "FAIL: $*" >&2; status=1; }

compose=()
if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
fi
if [ "${#compose[@]}" -eq 0 ]; then
    echo "SKIP: neither 'docker compose' nor 'docker-compose' is installed; compose file not checked"
else
    for profile in "" cluster; do
        args=()
        [ -n "$profile" ] && args=(--profile "$profile")
        label="${profile:-default}"
        if services="$("${compose[@]}" "${args[@]}" config --services 2>&1)" \
            && "${compose[@]}" "${args[@]}" config -q; then
            echo "ok: ${compose[*]} ${args[*]} config ($label):" $services
        else
            fail "${compose[*]} ${args[*]} config ($label): $services"
        fi
    done
fi

for script in deploy/postgres/initdb/*.sh tools/pg-cluster.sh; do
    if bash -n "$script"; then echo "ok: bash -n $script"; else fail "bash -n $script"; fi
done

for sql in $(sed -n 's/^COPY \(.*\.sql\) .*/\1/p' deploy/postgres/Dockerfile); do
    [ -f "deploy/postgres/$sql" ] || fail "deploy/postgres/Dockerfile copies $sql, which is missing"
done
echo "ok: deploy/postgres/Dockerfile copies files that exist"

exit "$status"
