#!/usr/bin/env bash
# Runs the fuzz targets one after another, each for a fixed time, seeded from the repository's
# fixtures and (when present) ../shared/fixtures. See RELIABILITY.md.
#
#   fuzz/run.sh [seconds per target] [target ...]
#
# Needs `cargo install cargo-fuzz`; runs on stable Rust through RUSTC_BOOTSTRAP=1. Logs go to
# fuzz/logs/<target>.log; crashing inputs to fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(extract_pdf extract_docx extract_txt report_json upload)
fi
shared=${ADAL_SHARED_FIXTURES:-../../shared/fixtures}
mkdir -p logs

seed() { # seed <target> <extension...>: copy fixtures under 300 kB into corpus/<target>
    local target=$1
    shift
    mkdir -p "corpus/$target"
    for extension in "$@"; do
        find ../tests/fixtures ../demo ../corpus "$shared" -type f -name "*.$extension" -size -300k 2>/dev/null |
            while read -r file; do cp -n "$file" "corpus/$target/$(echo "$file" | sed 's#\.\./##g' | tr '/' '_')"; done || true
    done
    if [ -d "seeds/$target" ]; then cp -n seeds/"$target"/* "corpus/$target/" || true; fi
}

seed extract_pdf pdf
seed extract_docx docx
seed extract_txt txt
seed report_json json
seed upload csv

for target in "${targets[@]}"; do
    echo "== $target for $seconds s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none "$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=300000 -print_final_stats=1 \
        >"logs/$target.log" 2>&1 || echo "$target stopped with a finding: see logs/$target.log"
    grep -E "^(Done|stat::number_of_executed_units)" "logs/$target.log" || true
done
